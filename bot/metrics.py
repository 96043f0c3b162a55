"""Every Prometheus metric the bot exports, defined once here and served at `/metrics`.

Modules that measure something import the metric from here; nothing else registers metrics,
so the names and help texts read as one catalogue. Label values come from closed sets (update
kinds, Bot API method names the bot calls, outbox statuses), never from user input, so the
number of series stays bounded.

The outbox gauges are refreshed from the database when `/metrics` is scraped
(`bot.webhook`), so every instance reports the shared outbox as it is at that moment.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, Info

UPDATES_HANDLED = Counter(
    "citybrief_updates_handled_total",
    "Telegram updates run through the handlers, by kind (message, callback_query, ...).",
    ["kind"],
)
ANSWER_SECONDS = Histogram(
    "citybrief_answer_seconds",
    "Answer latency: from the start of an update's processing to the end of its handlers "
    "(the reply included).",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0),
)
WEBHOOK_POSTS = Counter(
    "citybrief_webhook_posts_total",
    "Posts to the webhook, by outcome: accepted, duplicate (another replica or an earlier post "
    "took the update_id), forbidden (wrong secret), too_large, malformed.",
    ["outcome"],
)
OUTBOX_DELIVERIES = Gauge(
    "citybrief_outbox_deliveries",
    "Digest outbox rows by status (pending, sending, sent, failed, unknown, skipped).",
    ["status"],
)
OUTBOX_OLDEST_PENDING_SECONDS = Gauge(
    "citybrief_outbox_oldest_pending_age_seconds",
    "How long the oldest due pending delivery has waited (0 when none is due).",
)
MESSAGES_SENT = Counter(
    "citybrief_messages_sent_total",
    "Messages Telegram accepted (send* methods answered 200), by method.",
    ["method"],
)
RATE_LIMITED = Counter(
    "citybrief_bot_api_429_total",
    "Bot API answers 429 Too Many Requests, by method.",
    ["method"],
)
FORBIDDEN = Counter(
    "citybrief_bot_api_403_total",
    "Bot API answers 403 Forbidden (the bot was blocked or removed), by method.",
    ["method"],
)
LEADER = Gauge(
    "citybrief_digest_sender_leader",
    "1 while this process is the active digest sender, 0 while it stands by or sends nothing.",
)
LEADER_HEARTBEATS = Counter(
    "citybrief_digest_leader_heartbeats_total",
    "Heartbeats of the digest sender election this process completed: each tried to take or "
    "keep the role. A logical clock of the election.",
)
LEADER_SINCE_HEARTBEAT = Gauge(
    "citybrief_digest_sender_since_heartbeat",
    "The heartbeat (its number in citybrief_digest_leader_heartbeats_total) at which this "
    "process last took the digest sender role; 0 if it never did.",
)
LEADER_SINCE = Gauge(
    "citybrief_digest_sender_since_timestamp_seconds",
    "Unix time this process last took the digest sender role; 0 if it never did.",
)
JOB_LAST_RUN = Gauge(
    "citybrief_job_last_run_timestamp_seconds",
    "Unix time a worker job (digest-planner, digest-sender) last ran in this process.",
    ["job"],
)
INSTANCE = Info("citybrief_instance", "This process: its instance id and role.")
DIGEST_OUTCOMES = Counter(
    "citybrief_digest_outcomes_total",
    "Outbox rows this process took up, by outcome (sent, skipped, retried, failed, unknown, "
    "blocked, raced).",
    ["outcome"],
)
OUTBOX_RECOVERED = Counter(
    "citybrief_outbox_recovered_total",
    "Sending rows whose lease ran out (their sender died mid-send), recorded unknown.",
)
OUTBOX_PRUNED = Counter(
    "citybrief_outbox_pruned_total",
    "Finished outbox rows deleted by the retention job.",
)
