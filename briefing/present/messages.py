"""The English wording of the bot and the console, in one place so it can be translated.

Names ending in `_HTML` are Telegram HTML; their placeholders are filled with escaped values.
The others are plain text (escaped as a whole when they go out as HTML). Placeholders are
`str.format` names, so a translation may reorder them.
"""

from __future__ import annotations

# -- answers and citations ---------------------------------------------------------------------

DONT_KNOW = "I don't know that."
SOURCE = "Source: {source}"
EARLIER = "Earlier:"
DID_YOU_MEAN = "Did you mean:"

# -- browse pages ------------------------------------------------------------------------------

PAGE_COUNTER = "page {number}/{count}"
NOTHING_YET = "(nothing yet)"
NOTHING_TO_LIST = "Nothing to list under {section} yet."
RELATED_TO_HTML = "<b>Related to</b> <i>{subject}</i>"
NOTHING_RELATED_HTML = "Nothing related to <i>{subject}</i> in my sources."

# -- /start and /help --------------------------------------------------------------------------

HELLO = "Hello!"
HELLO_NAMED = "Hello, {name}!"
INTRODUCTION = (
    "I answer briefing questions on digital-city development — metrics, initiatives, targets "
    "and rankings — with the figure and the document it comes from."
)
MY_SOURCES = "My sources"
TRY_ASKING = "Try asking"
START_FOOTER = "/help lists the commands; /sources and /topics show what I cover."
DEFAULT_EXAMPLE_QUESTION = "How much did software revenue grow in 2021?"
HOW_TO_ASK_HTML = (
    "<b>How to ask</b>\n"
    "Write a question in plain words, e.g. <i>{example}</i> "
    "I answer with the figure, its period and the document it comes from."
)
COMMANDS_HEADING = "Commands"
HELP_COMMAND_LINE = "/{name} — {description}"
IN_CHATS_HTML = (
    "<b>In groups</b> mention me (@{username}) or reply to my message; "
    "commands work as /ask@{username}.\n"
    "<b>In any chat</b> type <code>@{username} your question</code> to share an answer card."
)

# -- the command table's descriptions ----------------------------------------------------------

START_DESCRIPTION = "What I know, with example questions"
HELP_DESCRIPTION = "How to ask and what the commands do"
ASK_DESCRIPTION = "Ask a question: /ask broadband coverage 2021"
METRIC_DESCRIPTION = "Metrics: /metric alone lists them, or ask about one"
INITIATIVE_DESCRIPTION = "Initiatives: /initiative alone lists them, or ask"
SOURCES_DESCRIPTION = "The documents my answers come from"
TOPICS_DESCRIPTION = "Topics I can brief you on"
SUBSCRIBE_DESCRIPTION = "Daily or weekly digest: /subscribe daily 08:00"
SUBSCRIPTIONS_DESCRIPTION = "Your digests, with pause and remove buttons"
UNSUBSCRIBE_DESCRIPTION = "Stop all digests in this chat"
TIMEZONE_DESCRIPTION = "Show or set this chat's time zone"
DIGEST_DESCRIPTION = "Preview your next digest now"
QUIT_DESCRIPTION = "Leave the chat"

# -- usage lines (they begin with the command's synopsis from the command table) ---------------

ASK_USAGE_HTML = "Usage: /ask &lt;question&gt;, e.g. <code>/ask broadband coverage 2021</code>"
SUBSCRIBE_USAGE = (
    "Usage: /subscribe [daily|weekly] [HH:MM] [weekday] [topic or region]\n"
    "e.g. /subscribe · /subscribe 07:30 · /subscribe weekly friday 18:00 broadband"
)
TIMEZONE_USAGE = "Usage: /timezone Area/City, e.g. /timezone Europe/London or /timezone UTC"

# -- what a command's arguments got wrong (`UsageProblem`); {value} is the input, quoted ------

NOT_A_TIME = "{value} is not a time of day (HH:MM, 24-hour)."
TIME_OUT_OF_RANGE = "{value} is not a valid time: hours run 00-23, minutes 00-59."
NO_ZONE = "Which time zone?"
UNKNOWN_ZONE = "{value} is not a time zone I know."
BOTH_CADENCES = "Choose daily or weekly, not both."
TWO_TIMES = "Give one time of day."
TWO_WEEKDAYS = "Give one weekday; a weekly digest runs once a week."
DAILY_WITH_WEEKDAY = "A daily digest runs every day; drop the weekday or say weekly."
UNKNOWN_TOPIC = "I have no topic or region called {value}.{hint}"
KNOWN_TOPICS_HINT = " Known topics and regions include: {examples}."
SUBSCRIBE_PROBLEM = "{problem}\n" + SUBSCRIBE_USAGE
TIMEZONE_PROBLEM = "{problem} " + TIMEZONE_USAGE

# -- questions and everything that is not one -------------------------------------------------

TOO_LONG = (
    "That is too long for a question. Please ask in a sentence or two "
    "(at most {limit} characters)."
)
EMPTY_QUESTION_HTML = "Ask me something after the mention, e.g. <i>@{username} broadband 2021</i>."
STALE_BUTTON = "That button has expired. Please ask again."
GONE_FACT = "That fact is no longer in my sources. Please ask again."
ERROR = "Sorry, something went wrong on my side. Please try again in a moment."
EDITED = "I answer new messages only. Send the corrected question as a new message."
NON_TEXT_HTML = (
    "I can only read text. Ask me a question in words, e.g. "
    "<i>What is the target for 5G coverage?</i> — or see /help."
)
DOCUMENT = "I can't read files here. Ask me a question in words, or see /help."
UNKNOWN_COMMAND = "I don't know {command}. See /help for what I can do."

# -- buttons -----------------------------------------------------------------------------------

SOURCE_BUTTON = "📄 Source"
RELATED_BUTTON = "🔗 Related"
CITED_FACT_BUTTON = "📄 {label}"
PREVIOUS_PAGE_BUTTON = "‹ Prev"
NEXT_PAGE_BUTTON = "Next ›"
UNNAMED_FACT = "Fact {id}"
PAUSE_BUTTON = "⏸ Pause {number}"
RESUME_BUTTON = "▶ Resume {number}"
REMOVE_BUTTON = "✖ Remove {number}"

# -- subscriptions -----------------------------------------------------------------------------

NO_SUBSCRIPTIONS = "You have no subscriptions. Start one with /subscribe (daily at 08:00)."
YOUR_DIGESTS = "Your digests"
PAUSED_MARK_HTML = " <i>(paused)</i>"
SUBSCRIBED = "Subscribed: {summary}."
ALREADY_SUBSCRIBED = "You already have this digest; it is on: {summary}."
FIRST_DIGEST = "First digest: {when:%a} {when.day} {when:%b} at {when:%H:%M}."
SUBSCRIBED_FOOTER = "Change the time zone with /timezone Area/City; manage with /subscriptions."
TIMEZONE_SET = "Time zone set to {zone}."
SUBSCRIPTIONS_MOVED = " {count} subscription(s) now follow it."
YOUR_TIMEZONE = "Your time zone is {zone}."
NOTHING_TO_UNSUBSCRIBE = "You had no subscriptions."
UNSUBSCRIBED = "Unsubscribed: {count} subscription(s) removed. /subscribe starts a new one."
PAUSED = "Paused."
RESUMED = "Resumed."
REMOVED = "Removed."
SUBSCRIPTION_GONE = "That subscription no longer exists."

# -- digests -----------------------------------------------------------------------------------

DAILY_DIGEST = "Daily digest"
WEEKLY_DIGEST = "Weekly digest"
DIGEST_TITLE = "{kind} · {day:%A} {day.day} {day:%B %Y}"
DIGEST_TOPIC = " · {topic}"
NEW_SINCE_LAST_DIGEST = "New since your last digest:"
OTHER_FACTS = "Other"
NOTHING_NEW = "Nothing new to send: this chat has been sent every fact that matches."

# -- admin uploads -----------------------------------------------------------------------------

UPLOAD_REFUSED = "Thanks! Only the bot's administrators can add documents to the briefing."
UPLOAD_TOO_LARGE = "That file is too large ({megabytes} MB at most)."
UPLOAD_NOT_UTF8 = "That file is not UTF-8 text; nothing was ingested."
INGESTED_HTML = "Ingested <b>{slug}</b>: {summary}"
INGEST_FAILURE = "\n• {name}: {reason}"

# -- the console -------------------------------------------------------------------------------

CONSOLE_INTRODUCTION = "Ask a question in your own words, or use a command:"
CONSOLE_PAGES = "Listings take a page number too, e.g. /sources 2."
CONSOLE_EXAMPLES = "For example:"
NO_SUCH_PAGE = "There is no page {number} of /{command}; pages run 1 to {last}."
MORE_PAGES = "More: /{command} {number}"
UNKNOWN_CONSOLE_COMMAND = "Unknown command /{command}. Type /help for the list."
