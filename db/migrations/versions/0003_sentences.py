"""Every sentence of every document, with a full-text index for the passage tier

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

The `sentence` table keeps each sentence with its offsets and its analyzed `terms`. The
full-text index is over `terms`, not the raw text: stemming, synonyms and Chinese segmentation
are done once by the domain's analyzers, so the database only has to rank. SQLite: an FTS5
table with external content (`bm25()` ranks), kept in step by triggers, and an `fts5vocab`
view for term frequencies. PostgreSQL: a generated `tsvector` over `terms` with the `simple`
configuration (no second stemming) and a GIN index. Sentences of documents stored before this
revision are written the next time they are ingested (see `db.documents.store_document`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations.tables import drop_column_index, index_column

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE sentence_fts USING fts5("
    "terms, content='sentence', content_rowid='id', tokenize='unicode61')",
    "CREATE VIRTUAL TABLE sentence_vocab USING fts5vocab(sentence_fts, 'row')",
    "CREATE TRIGGER sentence_ai AFTER INSERT ON sentence BEGIN "
    "INSERT INTO sentence_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER sentence_ad AFTER DELETE ON sentence BEGIN "
    "INSERT INTO sentence_fts(sentence_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "END",
)


def upgrade() -> None:
    op.create_table(
        "sentence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("terms", sa.String(), nullable=False),
    )
    index_column("sentence", "document_id")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(
            "ALTER TABLE sentence ADD COLUMN terms_tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED"
        )
        op.execute("CREATE INDEX ix_sentence_terms_tsv ON sentence USING gin (terms_tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("sentence_ai", "sentence_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS sentence_vocab")
        op.execute("DROP TABLE IF EXISTS sentence_fts")
    drop_column_index("sentence", "document_id")
    op.drop_table("sentence")
