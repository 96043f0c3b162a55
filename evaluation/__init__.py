"""Held-out evaluation of the bot: documents, questions, a BM25 baseline and the runner.

Run `python -m evaluation [--split dev|heldout] [--lang en|zh] [--failures]`; see README.md.
"""
