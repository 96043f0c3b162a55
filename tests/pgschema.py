"""PostgreSQL schemas made for one test run or benchmark and dropped after it.

A URL whose connections set `search_path` to a fresh schema gives a store of its own on a shared
server; dropping the schema with CASCADE removes everything the store made.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def schema_url(server_url: str, schema: str) -> str:
    """`server_url` with its connections working in `schema`."""
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def create_schema(server_url: str, *, prefix: str) -> str:
    """Make a new schema named `prefix` and a random suffix on the server; returns its name."""
    schema = f"{prefix}{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    finally:
        admin.dispose()
    return schema


def drop_schemas(server_url: str, schemas: list[str]) -> None:
    """Drop `schemas` and everything in them (those already gone are passed over)."""
    admin = create_engine(server_url)
    try:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    finally:
        admin.dispose()


@contextmanager
def fresh_schema(server_url: str, *, prefix: str) -> Iterator[str]:
    """The URL of a new, empty schema on the server, dropped on the way out."""
    schema = create_schema(server_url, prefix=prefix)
    try:
        yield schema_url(server_url, schema)
    finally:
        drop_schemas(server_url, [schema])
