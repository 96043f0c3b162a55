"""One subscription per chat and topic; a chat's time zone remembers whether it was chosen

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

`/subscribe daily 09:00` on top of a daily digest used to add a second subscription instead of
moving the first. A chat now has at most one subscription per topic or region: the new column
`topic_key` is the topic casefolded ("" for all topics, since NULLs never collide in a unique
key), with a unique key on (chat_id, topic_key) that `INSERT … ON CONFLICT` updates. Existing
duplicates are folded into the newest one of each (chat, topic), the latest wish of that chat;
the outbox rows of the dropped ones go with them.

`chat.timezone_chosen` tells a zone set with /timezone from the default a chat got from its
language, so a chat that changes language follows it until it picks a zone itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DUPLICATES = (
    "SELECT id FROM subscription s WHERE EXISTS (SELECT 1 FROM subscription n "
    "WHERE n.chat_id = s.chat_id AND n.topic_key = s.topic_key AND n.id > s.id)"
)
"""Every subscription with a newer one for the same chat and topic."""


def upgrade() -> None:
    with op.batch_alter_table("subscription") as batch:
        batch.add_column(sa.Column("topic_key", sa.String(), nullable=False, server_default=""))
    op.execute("UPDATE subscription SET topic_key = lower(coalesce(topic, ''))")
    op.execute(f"DELETE FROM delivery WHERE subscription_id IN ({DUPLICATES})")
    op.execute(f"DELETE FROM subscription WHERE id IN ({DUPLICATES})")
    with op.batch_alter_table("subscription") as batch:
        batch.alter_column("topic_key", server_default=None, existing_type=sa.String())
        batch.create_unique_constraint("uq_subscription_chat_topic", ["chat_id", "topic_key"])
    with op.batch_alter_table("chat") as batch:
        batch.add_column(
            sa.Column("timezone_chosen", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE chat SET timezone_chosen = (timezone <> 'UTC')")
    with op.batch_alter_table("chat") as batch:
        batch.alter_column("timezone_chosen", server_default=None, existing_type=sa.Boolean())


def downgrade() -> None:
    with op.batch_alter_table("chat") as batch:
        batch.drop_column("timezone_chosen")
    with op.batch_alter_table("subscription") as batch:
        batch.drop_constraint("uq_subscription_chat_topic", type_="unique")
        batch.drop_column("topic_key")
