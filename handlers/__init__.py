"""Thin Telegram handlers: read the update, call the domain, reply."""
