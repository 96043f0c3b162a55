"""What every layer may import: settings, the error hierarchy and the domain's fact type."""
