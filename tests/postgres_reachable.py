"""Exit non-zero, with one line saying why, unless TEST_DATABASE_URL's server answers.

`make test-postgres` and `.ci/run` call it before the PostgreSQL leg: an unreachable server
fails the run instead of skipping the leg.
"""

from __future__ import annotations

import os
import sys

import psycopg
from sqlalchemy.engine import make_url

CONNECT_TIMEOUT_SECONDS = 10


def main() -> int:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        print("PostgreSQL leg: TEST_DATABASE_URL is not set", file=sys.stderr)  # noqa: T201
        return 2
    parsed = make_url(url).set(drivername="postgresql")
    try:
        psycopg.connect(
            parsed.render_as_string(hide_password=False), connect_timeout=CONNECT_TIMEOUT_SECONDS
        ).close()
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL leg: the server is unreachable: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
