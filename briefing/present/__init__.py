"""Presentation: every user-facing word and format, rendered from the domain's data.

Plain text for the console and CLI, Telegram HTML for the bot, the one command table, and the
English wording in `messages` (ready for a second language). The domain never imports this
package; handlers, the console and the sender call it with the data the domain returns.
"""
