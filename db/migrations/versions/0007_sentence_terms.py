"""On PostgreSQL, how many sentences hold each word, kept by triggers

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-01

The passage tier weighs a question's words by how many sentences hold them. SQLite reads that
from the `fts5vocab` table over its FTS5 index. PostgreSQL has no such view: counting a word's
matches through the GIN index visits every matching row (a common word in a large store takes
a tenth of a second), and `ts_stat` reads the whole table. So `sentence_term` keeps the count
per lexeme of `terms_tsv`, maintained by statement-level triggers from the rows each statement
adds or removes (one grouped upsert per statement, in lexeme order so that concurrent ingests
lock rows in the same order). SQLite needs nothing here.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ADDED = """
CREATE FUNCTION sentence_term_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sentence_term AS t (term, sentences)
    SELECT lexeme, count(*) FROM new_rows, unnest(new_rows.terms_tsv)
    GROUP BY lexeme ORDER BY lexeme
    ON CONFLICT (term) DO UPDATE SET sentences = t.sentences + excluded.sentences;
    RETURN NULL;
END $$
"""
REMOVED = """
CREATE FUNCTION sentence_term_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sentence_term AS t SET sentences = t.sentences - gone.sentences
    FROM (
        SELECT lexeme, count(*) AS sentences FROM old_rows, unnest(old_rows.terms_tsv)
        GROUP BY lexeme
    ) AS gone
    WHERE t.term = gone.lexeme;
    DELETE FROM sentence_term WHERE sentences <= 0;
    RETURN NULL;
END $$
"""
TRIGGERS = (
    "CREATE TRIGGER sentence_term_ai AFTER INSERT ON sentence REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION sentence_term_added()",
    "CREATE TRIGGER sentence_term_ad AFTER DELETE ON sentence REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION sentence_term_removed()",
    "CREATE TRIGGER sentence_term_au_old AFTER UPDATE ON sentence "
    "REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION sentence_term_removed()",
    "CREATE TRIGGER sentence_term_au_new AFTER UPDATE ON sentence "
    "REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION sentence_term_added()",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE sentence_term (term text PRIMARY KEY, sentences integer NOT NULL)")
    op.execute(
        "INSERT INTO sentence_term (term, sentences) "
        "SELECT word, ndoc FROM ts_stat('SELECT terms_tsv FROM sentence')"
    )
    op.execute(ADDED)
    op.execute(REMOVED)
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in (
        "sentence_term_ai",
        "sentence_term_ad",
        "sentence_term_au_old",
        "sentence_term_au_new",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON sentence")
    op.execute("DROP FUNCTION IF EXISTS sentence_term_added()")
    op.execute("DROP FUNCTION IF EXISTS sentence_term_removed()")
    op.execute("DROP TABLE IF EXISTS sentence_term")
