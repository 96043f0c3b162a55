"""The layers import one way: core → db → briefing → briefing.present → handlers → bot.

Each package may import its own modules and those of the layers before it, never one after it;
only `db` imports SQLAlchemy or SQLModel. Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

LAYERS = ("core", "db", "briefing", "briefing.present", "handlers", "bot")
"""Lowest first: a module may import from its own layer and the ones before it."""
SQL_PACKAGES = ("sqlalchemy", "sqlmodel", "alembic")


def layer_of(module: str) -> int | None:
    """The index in LAYERS of the layer a dotted module name belongs to (its longest match)."""
    found = None
    for index, layer in enumerate(LAYERS):
        if module == layer or module.startswith(layer + "."):
            found = index
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every absolute import in the file."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module in ("briefing", "db", "core", "handlers", "bot"):
                found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
            else:
                found.append((node.lineno, node.module))
    return found


SOURCES = sorted(
    path
    for layer in ("core", "db", "briefing", "handlers", "bot")
    for path in (REPO_ROOT / layer).rglob("*.py")
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_a_module_imports_only_its_layer_and_the_ones_below(path: Path) -> None:
    own = layer_of(module_name(path))
    assert own is not None
    upward = [
        f"line {line}: {name}"
        for line, name in imported(path)
        if (other := layer_of(name)) is not None and other > own
    ]
    assert upward == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_only_db_speaks_sql(path: Path) -> None:
    if layer_of(module_name(path)) == LAYERS.index("db"):
        return
    sql = [name for _, name in imported(path) if name.split(".")[0] in SQL_PACKAGES]
    assert sql == []
