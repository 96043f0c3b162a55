"""Presentation: every user-facing word and format, from the domain's data."""
