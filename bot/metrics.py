"""Prometheus metrics of the digest worker: leadership, job runs and the sender's outcomes.

Label values come from closed sets (job names, outcomes), never from user input.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge

LEADER = Gauge(
    "citybrief_digest_sender_leader",
    "1 while this process is the active digest sender, 0 while it stands by or sends nothing.",
)
JOB_LAST_RUN = Gauge(
    "citybrief_job_last_run_timestamp_seconds",
    "Unix time a worker job (digest-planner, digest-sender) last ran in this process.",
    ["job"],
)
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
