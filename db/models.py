"""SQLModel tables: documents, facts, chats, subscriptions, deliveries, leases, fact cursors,
the bot token's shared send window.

The schema is the newest Alembic revision (db/migrations); change a table here and add a
revision there. Telegram ids are `BigInteger` (supergroup and newer user ids pass 2^31), and
every `datetime` column is SQLModel's UTCDateTime, `DateTime(timezone=True)`: aware UTC in and
out, on SQLite too.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Double, UniqueConstraint
from sqlmodel import Field, SQLModel


class Document(SQLModel, table=True):
    """One ingested source document (a news briefing)."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, description="file stem; stable identity")
    path: str
    title: str
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    content_hash: str = Field(index=True)
    text: str = Field(description="the cleaned text the fact offsets point into")
    ingested_at: datetime


class FactRow(SQLModel, table=True):
    """One cited statement of fact extracted from a document sentence (`core.facts.Fact`)."""

    __tablename__ = "fact"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    kind: str = Field(index=True, description="a core.facts.FactKind value")
    subject: str = Field(description="what is measured, readable")
    region: str | None = Field(default=None, index=True)
    period: str | None = Field(default=None, description="e.g. 2021-H1, 2020, by 2025")
    value: float | None = Field(default=None, description="the number as stated")
    value_text: str | None = Field(default=None, description="the figure as written")
    unit: str | None = None
    scale: str | None = Field(default=None, description="thousand, million, billion, ...")
    base_value: float | None = Field(default=None, description="value in base units")
    qualifier: str | None = Field(default=None, description="over, nearly, about, ...")
    change: float | None = Field(default=None, description="year-on-year change, percent")
    event_date: date | None = None
    quote: str = Field(description="the source sentence")
    start: int = Field(description="offset of the sentence in Document.text")
    end: int
    topics: str = Field(default="", description="comma-separated topic tags")
    forms: str | None = Field(
        default=None, description="the texts as the analyzer folds them (briefing.forms)"
    )


class Chat(SQLModel, table=True):
    """A Telegram chat the bot has talked to."""

    id: int = Field(primary_key=True, sa_type=BigInteger, description="Telegram chat id")
    type: str = "private"
    language: str | None = Field(default=None, description="not read yet; kept for languages")
    timezone: str = "UTC"
    timezone_chosen: bool = Field(
        default=False, description="set with /timezone; until then it follows the language"
    )
    blocked: bool = False
    created_at: datetime
    last_digest_at: datetime | None = Field(
        default=None, description="when the chat's last digest was sent, UTC"
    )


class Subscription(SQLModel, table=True):
    """A chat's standing order for a daily or weekly digest at a local time.

    A chat has at most one subscription per topic or region (`topic_key`, "" for all topics):
    subscribing again changes it instead of adding a second.
    """

    __table_args__ = (UniqueConstraint("chat_id", "topic_key", name="uq_subscription_chat_topic"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(foreign_key="chat.id", index=True, ondelete="CASCADE", sa_type=BigInteger)
    cadence: str = Field(description="daily or weekly")
    weekday: int | None = Field(default=None, description="0=Monday, weekly only")
    local_time: str = Field(description="HH:MM in the subscription's time zone")
    timezone: str
    topic: str | None = Field(default=None, description="optional topic or region filter")
    topic_key: str = Field(default="", description='the topic casefolded; "" for all topics')
    active: bool = True
    next_run: datetime = Field(index=True, description="next slot, UTC")
    created_at: datetime


class Delivery(SQLModel, table=True):
    """Outbox row: one digest for one subscription slot, sent at most once."""

    __table_args__ = (UniqueConstraint("subscription_id", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", index=True, ondelete="CASCADE")
    chat_id: int = Field(index=True, sa_type=BigInteger)
    slot: datetime = Field(description="the scheduled instant, UTC")
    status: str = Field(
        default="pending",
        index=True,
        description="pending, sending, sent, failed, unknown, skipped",
    )
    due_at: datetime = Field(
        index=True, description="when the sender may (re)try it: the slot, or a retry's backoff"
    )
    attempts: int = 0
    last_error: str | None = None
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    claimed_by: str | None = Field(
        default=None, description="the instance id of the sender that claimed the row"
    )
    lease_expires_at: datetime | None = Field(
        default=None, description="until when the claim holds; recovery waits for it to pass"
    )
    created_at: datetime
    updated_at: datetime = Field(index=True, description="the retention job prunes by it")


class Lease(SQLModel, table=True):
    """A named lease: one holder at a time, until `expires_at` unless renewed (`db.leases`)."""

    name: str = Field(primary_key=True)
    holder: str = Field(description="the instance id holding it")
    acquired_at: datetime
    expires_at: datetime


class SentFact(SQLModel, table=True):
    """Fact cursor: which facts a chat has already been sent in a digest."""

    chat_id: int = Field(
        foreign_key="chat.id", primary_key=True, ondelete="CASCADE", sa_type=BigInteger
    )
    fact_id: int = Field(foreign_key="fact.id", primary_key=True, ondelete="CASCADE")
    sent_at: datetime


class SentenceRow(SQLModel, table=True):
    """Every sentence of every document (`core.facts.Passage`), indexed for full-text search.

    `terms` is the sentence as its language's analyzer folds it (stems, synonyms, Chinese
    segmented and glossed): the full-text index is built over these terms, so a question meets
    a sentence on the same words the fact index uses, in any language. SQLite indexes them in
    the FTS5 table `sentence_fts`, PostgreSQL in the generated `tsvector` column `terms_tsv`
    (both made by migration 0003, not declared here).
    """

    __tablename__ = "sentence"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    position: int
    start: int
    end: int
    text: str
    terms: str


class ProcessedUpdate(SQLModel, table=True):
    """A Telegram update a webhook replica has taken: it is handled once, whichever replica
    Telegram (re)sends it to. Rows older than the retention window are pruned."""

    __tablename__ = "processed_update"

    update_id: int = Field(
        primary_key=True,
        sa_type=BigInteger,
        sa_column_kwargs={"autoincrement": False},
        description="Telegram's update_id",
    )
    received_at: datetime = Field(index=True, description="when a replica took it, UTC")


class SendSlot(SQLModel, table=True):
    """One message request of the bot token, from any process: when it went out and finished.

    Times are seconds since the epoch on the database's clock (`db.sendwindow`), the one clock
    every process sharing the token agrees on. Rows older than a minute are pruned.
    """

    __tablename__ = "send_slot"

    id: int | None = Field(default=None, primary_key=True)
    chat_key: str = Field(index=True, description="the chat id or @name; '' for none")
    is_group: bool
    bulk: bool = Field(description="a digest (it yields to replies), not a reply")
    holder: str = Field(description="the instance id of the process that sent it")
    went_at: float = Field(sa_type=Double, index=True)
    finished_at: float | None = Field(default=None, sa_type=Double, index=True)


class SendBudget(SQLModel, table=True):
    """The lock row every admission to the send window takes first (`db.sendwindow`)."""

    __tablename__ = "send_budget"

    name: str = Field(primary_key=True)
    turns: int = Field(default=0, sa_type=BigInteger, description="admissions asked for")
