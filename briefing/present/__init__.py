"""Presentation: every user-facing word and format, rendered from the domain's data.

Plain text for the console and CLI, Telegram HTML for the bot, the one command table, and the
wording in `messages`: English msgids translated through the message catalogs (`i18n`,
`locale/`), with Chinese figures, periods and dates in `formats`. Every function that words a
reply takes the reader's `lang`. The domain never imports this package; handlers, the console
and the sender call it with the data the domain returns.
"""
