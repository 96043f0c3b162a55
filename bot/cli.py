"""The `citybrief` command line: run the bot, ingest, list facts, ask, chat, preview digests.

Each command parses its options, opens what it needs and calls the domain; no logic lives here.
Ownership while the skeleton fills in: `ingest`/`facts` (fact store), `ask`/`chat` (answering),
`run` (Telegram), `digest` (subscriptions).
"""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError

from bot.logs import configure_logging
from bot.settings import Settings
from db.errors import CitybriefError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    help="citybrief: cited answers and digests on digital-city development.",
)


def load_settings() -> Settings:
    """Read settings, turning a validation error into a one-line message."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        fail(f"invalid settings: {problems}")
        raise  # unreachable: fail() exits


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error to stderr and exit."""
    typer.echo(f"citybrief: {message}", err=True)
    raise typer.Exit(code)


@app.callback(invoke_without_command=True)
def root(ctx: typer.Context) -> None:
    """Without a command: run the bot if a token is set, else the console chat."""
    if ctx.invoked_subcommand is not None:
        return
    settings = load_settings()
    configure_logging(settings.log_level)
    typer.echo("citybrief: main job not wired yet", err=True)


def main() -> None:
    """Entry point of the `citybrief` script and `python -m bot`."""
    try:
        app()
    except CitybriefError as exc:
        typer.echo(f"citybrief: {exc}", err=True)
        sys.exit(2)
