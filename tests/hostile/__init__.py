"""Hostile inputs and faults: each case asserts the clear error and that nothing else was lost."""
