"""The citybrief application: settings, CLI, Telegram wiring and scheduling."""
