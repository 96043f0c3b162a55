"""Each fact's texts as its analyzer folds them, stored at ingest for a fast index load

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

`fact.forms` holds the folded words of a fact's sentence, subject, figure, unit, region and
topic tags, with a fingerprint of the analyzers that folded them (`briefing.forms`). Loading
the index reads them instead of folding every sentence again. It is NULL for facts stored
before this revision (and for forms a document's words cannot be kept in); those are folded
when the index loads, and get their forms the next time their document is ingested.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("fact", sa.Column("forms", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fact") as batch:
        batch.drop_column("forms")
