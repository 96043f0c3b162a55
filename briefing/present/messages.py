"""The wording of the bot and the console: English msgids, translated through the catalogs.

Each constant is the English text and the gettext msgid of its translations
(`briefing.present.i18n`); code shows one with `gettext(messages.X, lang)`. Names ending in
`_HTML` are Telegram HTML; their placeholders are filled with escaped values. The others are
plain text (escaped as a whole when they go out as HTML). Placeholders are `str.format` names,
so a translation may reorder them, and a test checks every translation keeps them all.
Messages that differ by one closed set (a browse section, a fact kind, a usage problem) are a
mapping keyed by that set's enum, so the code looks a message up instead of choosing a constant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from briefing.present.i18n import N_
from briefing.schedule import UsageProblem
from briefing.views import Direction, OrderBy, Section
from core.facts import FactKind
from core.language import Language


class GapWords(NamedTuple):
    """How one compared figure stands to the other, in percentage points."""

    above: str
    below: str


# -- answers and citations ---------------------------------------------------------------------

DONT_KNOW = N_("I don't know that.")
GREETING = N_("Hello! Ask me about a figure, e.g. a city's digital economy or 5G base stations.")
THANKS = N_("You're welcome.")
SOURCE = N_("Source: {source}")
EARLIER = N_("Earlier:")
PROGRESS = N_("; so far {figure} ({share}%)")
DID_YOU_MEAN = N_("Did you mean:")
CLOSEST = N_("Closest in my documents:")
RANKING_HEADLINES: Mapping[tuple[OrderBy, Direction], str] = {
    (OrderBy.GROWTH, Direction.MAX): N_("Fastest growth of {count}: {headline}"),
    (OrderBy.GROWTH, Direction.MIN): N_("Slowest growth of {count}: {headline}"),
    (OrderBy.VALUE, Direction.MAX): N_("Largest of {count}: {headline}"),
    (OrderBy.VALUE, Direction.MIN): N_("Smallest of {count}: {headline}"),
}
VERSUS = N_(" vs ")
GROWTH_GAP = GapWords(above=N_("{points} points faster"), below=N_("{points} points slower"))
LEVEL_GAP = GapWords(above=N_("{points} points higher"), below=N_("{points} points lower"))
GAP_NONE = N_("the same")
RATIO = N_("{ratio}x")

# -- browse pages ------------------------------------------------------------------------------

PAGE_COUNTER = N_("page {number}/{count}")
NOTHING_YET = N_("(nothing yet)")
NOTHING_TO_LIST = N_("Nothing to list under {section} yet.")
RELATED_TO_HTML = N_("<b>Related to</b> <i>{subject}</i>")
NOTHING_RELATED_HTML = N_("Nothing related to <i>{subject}</i> in my sources.")
SECTION_TITLES: Mapping[Section, str] = {
    Section.METRICS: N_("Metrics"),
    Section.INITIATIVES: N_("Initiatives and targets"),
    Section.SOURCES: N_("Sources"),
    Section.TOPICS: N_("Topics"),
}
SECTION_NAMES: Mapping[Section, str] = {
    Section.METRICS: N_("metrics"),
    Section.INITIATIVES: N_("initiatives"),
    Section.SOURCES: N_("sources"),
    Section.TOPICS: N_("topics"),
}
PAGE_TITLE_GROUPS = N_("{title} — {groups}")
ELSEWHERE = N_("elsewhere")
FACT_ITEM = N_("{headline} ({cite})")
SOURCE_ITEM = N_("{source} — {count} facts")
TOPIC_ITEM = N_("{topic}: {count} facts")
TOPIC_ITEM_IN = N_("{topic}: {count} facts in {regions}")
KIND_NAMES: Mapping[FactKind, str] = {
    FactKind.METRIC: N_("metric"),
    FactKind.TARGET: N_("target"),
    FactKind.COUNT: N_("count"),
    FactKind.RANKING: N_("ranking"),
    FactKind.EVENT: N_("event"),
    FactKind.PERSON: N_("person"),
}

# -- /start and /help --------------------------------------------------------------------------

HELLO = N_("Hello!")
HELLO_NAMED = N_("Hello, {name}!")
INTRODUCTION = N_(
    "I answer briefing questions on digital-city development — metrics, initiatives, targets "
    "and rankings — with the figure and the document it comes from."
)
MY_SOURCES = N_("My sources")
TRY_ASKING = N_("Try asking")
START_FOOTER = N_("/help lists the commands; /sources and /topics show what I cover.")
START_INTRO = N_("I answer questions on digital-city development with cited figures.")
START_ASK = N_("Ask in your own words, or tap an example below.")
START_NEXT = N_("/subscribe — a daily digest · /help — everything else")
TOPIC_PREVIEW_FOOTER = N_("Get this every day: /subscribe {topic}")
UNKNOWN_DEEP_LINK = N_("That link is out of date; here is what I can do.")
HELP_ASK = N_("Ask")
HELP_BROWSE = N_("Browse")
HELP_DIGESTS = N_("Digests")
HELP_SETTINGS = N_("Settings")
HELP_MORE = N_("More")
DEFAULT_EXAMPLE_QUESTION = N_("How much did software revenue grow in 2021?")
HOW_TO_ASK_HTML = N_(
    "<b>How to ask</b>\n"
    "Write a question in plain words, e.g. <i>{example}</i> "
    "I answer with the figure, its period and the document it comes from."
)
COMMANDS_HEADING = N_("Commands")
HELP_COMMAND_LINE = N_("/{name} — {description}")
IN_CHATS_HTML = N_(
    "<b>In groups</b> mention me (@{username}) or reply to my message; "
    "commands work as /ask@{username}.\n"
    "<b>In any chat</b> type <code>@{username} your question</code> to share an answer card."
)

# -- the command table's descriptions ----------------------------------------------------------

START_DESCRIPTION = N_("What I know, with example questions")
HELP_DESCRIPTION = N_("How to ask and what the commands do")
ASK_DESCRIPTION = N_("Ask a question: /ask software revenue growth 2021")
METRIC_DESCRIPTION = N_("Metrics: /metric alone lists them, or ask about one")
INITIATIVE_DESCRIPTION = N_("Initiatives: /initiative alone lists them, or ask")
SOURCES_DESCRIPTION = N_("The documents my answers come from")
TOPICS_DESCRIPTION = N_("Topics I can brief you on")
SUBSCRIBE_DESCRIPTION = N_("Daily or weekly digest: /subscribe daily 08:00")
SUBSCRIPTIONS_DESCRIPTION = N_("This chat's digests: change time, day, topic; pause")
UNSUBSCRIBE_DESCRIPTION = N_("Stop a digest: /unsubscribe Qingdao, or choose")
TIMEZONE_DESCRIPTION = N_("Show or set the time zone: /timezone Shanghai")
LANGUAGE_DESCRIPTION = N_("Show or set the reply language: /language en|zh")
DIGEST_DESCRIPTION = N_("Preview your next digest now")
QUIT_DESCRIPTION = N_("Leave the chat")

# -- usage lines (they begin with the command's synopsis from the command table) ---------------

ASK_USAGE_HTML = N_(
    "Usage: /ask &lt;question&gt;, e.g. <code>/ask software revenue growth 2021</code>"
)
SUBSCRIBE_USAGE = N_(
    "Usage: /subscribe [daily|weekly] [HH:MM] [weekday] [topic or region]\n"
    "e.g. /subscribe · /subscribe 07:30 · /subscribe weekly friday 18:00 Qingdao"
)
TIMEZONE_USAGE = N_(
    "Usage: /timezone [city|country|Area/City|UTC offset], "
    "e.g. /timezone Shanghai, /timezone UTC+8 or /timezone Europe/London"
)

# -- what a command's arguments got wrong (`UsageProblem`); {value} is the input, quoted ------

USAGE_PROBLEMS: Mapping[UsageProblem, str] = {
    UsageProblem.NOT_A_TIME: N_("{value} is not a time of day (HH:MM, 24-hour)."),
    UsageProblem.TIME_OUT_OF_RANGE: N_(
        "{value} is not a valid time: hours run 00-23, minutes 00-59."
    ),
    UsageProblem.NO_ZONE: N_("Which time zone?"),
    UsageProblem.UNKNOWN_ZONE: N_("{value} is not a time zone I know."),
    UsageProblem.BOTH_CADENCES: N_("Choose daily or weekly, not both."),
    UsageProblem.TWO_TIMES: N_("Give one time of day."),
    UsageProblem.TWO_WEEKDAYS: N_("Give one weekday; a weekly digest runs once a week."),
    UsageProblem.DAILY_WITH_WEEKDAY: N_(
        "A daily digest runs every day; drop the weekday or say weekly."
    ),
    UsageProblem.UNKNOWN_TOPIC: N_("I have no topic or region called {value}.{hint}"),
}
KNOWN_TOPICS_HINT = N_(" Known topics and regions include: {examples}.")

LANGUAGE_USAGE = N_("Usage: /language en|zh, e.g. /language zh")

# -- refusals (`briefing.views.Refusal`) and what the store can answer instead -----------------

BLANK_QUESTION = N_("Please type a question.")
EMPTY_STORE = N_("I have no facts yet: nothing has been ingested.")
UNKNOWN_PLACE = N_("I don't know that: I have no facts about {place}.")
THAT_PLACE = N_("that place")
UNKNOWN_WORDS = N_("I don't know that: my documents say nothing about {words}.")
AMBIGUOUS = N_("I'm not sure which figure you mean.")
OTHER_PERIOD = N_("I don't know that for {period}; I only have it for another period.")
THAT_PERIOD = N_("that period")
OTHER_REGION = N_("I don't know that for {region}; I only have it for another region.")
THAT_REGION = N_("that region")
NO_MEASURE = N_("Which figure do you mean? Name a measure, e.g. revenue, growth or a count.")
PARTIAL_COMPARISON = N_("I can only answer part of that comparison.")
PARTIAL_COMPARISON_NAMED = N_(
    "I can only answer part of that comparison; nothing found for {sides}."
)
NO_FACTS_YET = N_("I have no facts yet.")
SCOPE = N_("I can answer about {places}{topics}; see /metrics, /initiatives, /sources or /topics.")
SCOPE_TOPICS = N_(" ({topics})")
INGESTED_DOCUMENTS = N_("the ingested documents")

# -- questions and everything that is not one -------------------------------------------------

TOO_LONG = N_(
    "That is too long for a question. Please ask in a sentence or two "
    "(at most {limit} characters)."
)
EMPTY_QUESTION_HTML = N_(
    "Ask me something after the mention, e.g. <i>@{username} software revenue 2021</i>."
)
STALE_BUTTON = N_("That button has expired. Please ask again.")
GONE_FACT = N_("That fact is no longer in my sources. Please ask again.")
ERROR = N_("Sorry, something went wrong on my side. Please try again in a moment.")
CANNOT_STORE = N_(
    "I cannot save anything right now (my database is not writable), so that change was not "
    "made. Questions still work; please try again later."
)
SLOW_DOWN = N_(
    "You are sending messages faster than I can answer, so I am skipping some. "
    "Please wait a few seconds, then ask again."
)
EDITED = N_("I answer new messages only. Send the corrected question as a new message.")
NON_TEXT_HTML = N_(
    "I can only read text. Ask me a question in words, e.g. "
    "<i>What is the target for 5G coverage?</i> — or see /help."
)
DOCUMENT = N_("I can't read files here. Ask me a question in words, or see /help.")
UNKNOWN_COMMAND = N_("I don't know {command}. See /help for what I can do.")

# -- buttons -----------------------------------------------------------------------------------

SOURCE_BUTTON = N_("📄 Source")
RELATED_BUTTON = N_("🔗 Related")
CITED_FACT_BUTTON = N_("📄 {label}")
PREVIOUS_PAGE_BUTTON = N_("‹ Prev")
NEXT_PAGE_BUTTON = N_("Next ›")
UNNAMED_FACT = N_("Fact {id}")
PAUSE_BUTTON = N_("⏸ Pause {number}")
RESUME_BUTTON = N_("▶ Resume {number}")
REMOVE_BUTTON = N_("✖ Remove {number}")
TIME_BUTTON = N_("⏰ Time {number}")
DAY_BUTTON = N_("📅 Day {number}")
TOPIC_BUTTON = N_("🏷 Topic {number}")
EVERY_DAY_BUTTON = N_("Every day")
ALL_TOPICS_BUTTON = N_("All topics")
BACK_BUTTON = N_("‹ Back")
CONFIRM_REMOVE_BUTTON = N_("✖ Yes, stop it")
STOP_ALL_BUTTON = N_("✖ All of them")
DIGEST_PAUSE_BUTTON = N_("⏸ Pause")
DIGEST_TIME_BUTTON = N_("⏰ Change time")
DIGEST_TOPIC_BUTTON = N_("🏷 Change topic")
DIGEST_STOP_BUTTON = N_("✖ Stop")
DIGEST_MORE_BUTTON = N_("… and {count} more")

# -- the reply language (/language) ------------------------------------------------------------

LANGUAGE_NAMES: Mapping[Language, str] = {Language.EN: N_("English"), Language.ZH: N_("Chinese")}
LANGUAGE_CHOSEN = N_("This chat's replies are in {language}, as chosen with /language.")
LANGUAGE_AUTOMATIC = N_(
    "Replies follow each user's Telegram language (yours: {language}); "
    "a question in Chinese gets a Chinese reply."
)
LANGUAGE_CHOOSE = N_("Choose the language for this chat:")
LANGUAGE_SET = N_("This chat's replies are now in {language}.")
LANGUAGE_UNKNOWN = N_("I reply in English (en) or Chinese (zh), not {value}.")
LANGUAGE_ADMINS_ONLY = N_("Only this group's administrators can change its language.")

# -- subscriptions -----------------------------------------------------------------------------

DAILY_SCHEDULE = N_("daily at {time} ({zone})")
WEEKLY_SCHEDULE = N_("weekly on {weekday} at {time} ({zone})")
NO_SUBSCRIPTIONS = N_("You have no subscriptions. Start one with /subscribe (daily at 08:00).")
NO_CHAT_SUBSCRIPTIONS = N_(
    "This chat has no subscriptions. An administrator can start one with /subscribe."
)
YOUR_DIGESTS = N_("Your digests")
CHAT_DIGESTS = N_("This chat's digests")
PAUSED_MARK_HTML = N_(" <i>(paused)</i>")
SUBSCRIBED = N_("Subscribed: {summary}.")
ALREADY_SUBSCRIBED = N_("You already have this digest; it is on: {summary}.")
SUBSCRIPTION_CHANGED = N_("Changed your digest: {summary} (was {before}).")
NEXT_DIGEST = N_("Next digest: {when}.")
FIRST_DIGEST = N_("First digest: {when}.")
SUBSCRIBED_FOOTER = N_(
    "Change the time zone with /timezone Area/City; manage with /subscriptions."
)
TIMEZONE_SET = N_("Time zone set to {zone}.")
SUBSCRIPTIONS_MOVED = N_(" {count} subscription(s) now follow it.")
YOUR_TIMEZONE = N_("Your time zone is {zone}.")
NOTHING_TO_UNSUBSCRIBE = N_("You had no subscriptions.")
UNSUBSCRIBED = N_("Unsubscribed: {count} subscription(s) removed. /subscribe starts a new one.")
PAUSED = N_("Paused.")
RESUMED = N_("Resumed.")
REMOVED = N_("Removed.")
CHANGED = N_("Changed.")
SUBSCRIPTION_GONE = N_("That subscription no longer exists.")
TOPIC_TAKEN = N_("That topic is unknown or has its own digest already.")
ADMINS_ONLY = N_("Only this group's administrators can change its digests, time zone or language.")
CHANNEL_BUTTONS_ADMINS_ONLY = N_(
    "Only this channel's administrators can use its buttons: what they post, every reader sees."
)
CHOOSE_UNSUBSCRIBE = N_("Which digest should I stop?")
NO_SUCH_DIGEST = N_("This chat has no digest on {value}.")
STOPPED = N_("Stopped: {summary}.")
CONFIRM_REMOVE = N_("Stop this digest for good? {summary}")
CHOOSE_TIME = N_("{summary}\nChoose a new time:")
CHOOSE_DAY = N_("{summary}\nChoose the day:")
CHOOSE_TOPIC = N_("{summary}\nChoose a topic or region:")
SUBSCRIPTION_NOW = N_("Now: {summary}.")
CHOOSE_TIMEZONE = N_("Tap a zone, or type /timezone with a city, country or UTC offset.")

# -- digests -----------------------------------------------------------------------------------

DAILY_DIGEST = N_("Daily digest")
WEEKLY_DIGEST = N_("Weekly digest")
DIGEST_TITLE = N_("{kind} · {day}")
DIGEST_TOPIC = N_(" · {topic}")
NEW_SINCE_LAST_DIGEST = N_("New since your last digest:")
DIGEST_FIGURES = N_("Key figures")
DIGEST_TARGETS = N_("Targets")
DIGEST_RANKINGS = N_("Rankings")
DIGEST_NEWS = N_("Events and people")
NOTHING_NEW = N_("Nothing new to send: this chat has been sent every fact that matches.")
DIGEST_CHART = N_("📈 Followed by a chart: {title}")

# -- admin uploads -----------------------------------------------------------------------------

UPLOAD_REFUSED = N_("Thanks! Only the bot's administrators can add documents to the briefing.")
UPLOAD_TOO_LARGE = N_("That file is too large ({megabytes} MB at most).")
UPLOAD_UNREADABLE = N_(
    "That file is not readable text (UTF-8, UTF-16, GB18030/GBK or Big5); nothing was ingested."
)
READ_AS = N_(" Read as {encoding}.")
INGESTED_HTML = N_("Ingested <b>{slug}</b>: {summary}")
INGEST_SUMMARY = N_(
    "documents: {new} new, {changed} changed, {unchanged} unchanged, {failed} failed; "
    "facts: {added} added, {removed} removed"
)
INGEST_FAILURE = N_("\n• {name}: {reason}")

# -- the console -------------------------------------------------------------------------------

CONSOLE_INTRODUCTION = N_("Ask a question in your own words, or use a command:")
CONSOLE_PAGES = N_(
    "Listings take a page number, a topic or a region, e.g. /topics 2 or /metrics Qingdao."
)
CONSOLE_EXAMPLES = N_("For example:")
NO_SUCH_PAGE = N_("There is no page {number} of /{command}; pages run 1 to {last}.")
MORE_PAGES = N_("More: /{command} {number}")
UNKNOWN_CONSOLE_COMMAND = N_("Unknown command /{command}. Type /help for the list.")

# -- charts, /latest, /search, /export and the console's own replies ---------------------------

CHART_DESCRIPTION = N_("A measure as a chart, over time or side by side")
LATEST_DESCRIPTION = N_("What the newest documents say")
SEARCH_DESCRIPTION = N_('Find words or a "phrase" in every document')
EXPORT_DESCRIPTION = N_("The facts as a CSV file, with their sources")
CHART_USAGE_HTML = N_(
    "Usage: /chart &lt;measure&gt;, e.g. <code>/chart industry growth in Qingdao</code>"
)
SEARCH_USAGE_HTML = N_(
    "Usage: /search &lt;words&gt;, e.g. <code>/search smart communities</code> "
    'or <code>/search "digital economy"</code>'
)
NO_CHART = N_("Nothing to chart: I have one figure for that, not a series or a comparison.")
CHART_GROWTH_TITLE = N_("Year-on-year growth")
CHART_COMPARISON_TITLE = N_("Comparison")
CHART_GROWTH_AXIS = N_("% year on year")
CHART_SOURCES = N_("Sources: {sources}")
CHART_MORE_SOURCES = N_("{sources} and {count} more")
CHART_BUTTON = N_("📈 Chart")
CHART_POINT = N_("{label}: {figure}")
LATEST_TITLE = N_("Latest documents")
LATEST_MORE = N_("{count} facts in all")
SEARCH_TITLE = N_("Search: {query}")
SEARCH_SOME_WORDS = N_("No sentence has every word; these have some of them.")
SEARCH_NOTHING = N_("No sentence in my documents matches {query}.")
EXPORT_CAPTION = N_("Facts about {focus}: {count}, with their sources.")
EXPORT_CAPTION_ALL = N_("All facts: {count}, with their sources.")
EXPORT_UNKNOWN = N_("I have no topic or region called {value}. See /topics for the topics.")
EXPORT_NOTHING = N_("No facts to export yet.")
PAGE_TITLE_FOCUS = N_("{title} about {focus}")
SOURCE_FACTS = N_("{count} facts from this document")
OPEN_BOT_BUTTON = N_("Nothing found: open the bot")
TELEGRAM_ONLY = N_("/{command} works in Telegram chats: {description}.")
PICK_A_NUMBER = N_("Type a number to pick one.")
CONSOLE_TELEGRAM_ONLY = N_("In Telegram chats only: {commands}.")
NO_SUCH_CHOICE = N_("There is no choice {number}; pick 1 to {last}.")
CHART_SAVED = N_("Chart saved to {path}")
EXPORT_SAVED = N_("{count} facts written to {path}")
