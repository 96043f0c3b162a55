"""Creating a table as the revisions do it: the table, then one index per indexed column.

SQLModel gives an indexed column an index named `ix_<table>_<column>`, and the revisions create
and drop those indexes through `index_column` so the name is spelled in one place. A released
revision is frozen (it must build the same schema forever), so nothing here may ever change
what it emits; a revision that needs something else writes it out itself.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import sqlalchemy as sa
from alembic import op


def index_column(table: str, column: str, *, unique: bool = False) -> None:
    """Index one column of `table`, under the name SQLModel gives it."""
    op.create_index(f"ix_{table}_{column}", table, [column], unique=unique)


def drop_column_index(table: str, column: str) -> None:
    """Drop the index `index_column` made."""
    op.drop_index(f"ix_{table}_{column}", table_name=table)


def create_table(
    name: str,
    *items: sa.schema.SchemaItem,
    indexed: Sequence[str] = (),
    unique: Collection[str] = (),
) -> None:
    """Create table `name` from its columns and constraints, then index each `indexed` column
    in that order (the ones in `unique` with a unique index)."""
    op.create_table(name, *items)
    for column in indexed:
        index_column(name, column, unique=column in unique)
