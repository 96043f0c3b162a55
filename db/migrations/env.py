"""Alembic's environment: runs the revisions on the connection `db.migrate` hands over.

`db.migrate.upgrade` (what `citybrief db upgrade`, the bot and every command call) passes a
connection that already holds the migration lock, inside the transaction it commits. Run from
the `alembic` command line instead (see README.md), this opens DATABASE_URL itself, under the
same lock. There is no offline (`--sql`) mode: revision 0002 looks at the live schema.
"""

from __future__ import annotations

from alembic import context
from alembic.util import CommandError
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from db import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from db.sentences import is_full_text_object

config = context.config


def _declared(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate compares only what the models declare, not the full-text index."""
    return not is_full_text_object(name)


def run_on(connection: Connection) -> None:
    """Configure Alembic for `connection` and run the requested command's revisions."""
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,  # SQLite alters a table by rebuilding it
        compare_type=True,
        include_name=_declared,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_on_database_url() -> None:
    """Run on DATABASE_URL under the migration lock (the `alembic` command line)."""
    from core.settings import Settings
    from db.engine import create_db_engine
    from db.migrate import migration_lock

    engine = create_db_engine(Settings().database_url, upgrade=False)
    try:
        with migration_lock(engine) as connection:
            run_on(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise CommandError("citybrief's migrations need a database connection: no --sql mode")
handed_over = config.attributes.get("connection")
if handed_over is not None:
    run_on(handed_over)
else:
    run_on_database_url()
