from pathlib import Path

import pytest
from sqlalchemy import text

from core.errors import DatabaseConfigError
from db.engine import create_db_engine


def test_sqlite_engine_turns_on_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'nested' / 'store.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    assert (tmp_path / "nested" / "store.db").exists()
    engine.dispose()


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x/y", "sqlite:////proc/nope/x.db"])
def test_bad_database_url_raises_a_config_error(url: str) -> None:
    with pytest.raises(DatabaseConfigError):
        create_db_engine(url)
