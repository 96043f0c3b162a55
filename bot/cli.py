"""The `citybrief` command line: run the bot, ingest, list facts, ask, chat, preview digests.

Each command parses its options, opens what it needs and calls the domain; no logic lives here.
Ownership while the skeleton fills in: `ingest`/`facts` (fact store), `ask`/`chat` (answering),
`run` (Telegram), `digest` (subscriptions).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer
from pydantic import ValidationError

from bot.logs import configure_logging
from bot.settings import Settings
from db.errors import CitybriefError

if TYPE_CHECKING:
    from briefing.service import Briefing

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
    if settings.token_is_valid():
        lookup = getattr(typer.main.get_command(app), "get_command", None)
        run_command: Any = lookup(ctx, "run") if lookup is not None else None
        if run_command is None:
            fail("this build has no `run` command to start the bot with")
        ctx.invoke(run_command)  # fills in the command's option defaults
        return
    typer.echo(
        "citybrief: no TELEGRAM_BOT_TOKEN set, so running the console chat instead", err=True
    )
    _start_chat(settings, seed_if_empty=True)


@app.command()
def run(
    webhook: str | None = typer.Option(
        None, "--webhook", metavar="URL", help="Public HTTPS URL Telegram posts updates to."
    ),
    listen: str = typer.Option(
        "0.0.0.0:8443", "--listen", metavar="HOST:PORT", help="Where the webhook server listens."
    ),
    secret_token: str | None = typer.Option(
        None,
        "--secret-token",
        help="Webhook secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token "
        "(default: WEBHOOK_SECRET, else a random one per run).",
    ),
) -> None:
    """Run the Telegram bot: long polling by default, or a webhook server with --webhook."""
    from bot.app import parse_webhook, run_bot  # PTB loads only for this command

    settings = load_settings()
    configure_logging(settings.log_level)
    if not settings.token_is_valid():
        state = "not set" if settings.telegram_bot_token is None else "malformed"
        fail(f"TELEGRAM_BOT_TOKEN is {state}; expected <digits>:<secret> from @BotFather")
    options = None
    if webhook is not None:
        secret = secret_token or (
            settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        )
        options = parse_webhook(webhook, listen, secret)
    run_bot(settings, webhook=options)


@app.command()
def ask(
    question: str = typer.Argument(..., help='The question, or "-" to read one per line.'),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per question."),
) -> None:
    """Answer a question from the fact store, with its source."""
    from bot.console import ask_lines, read_stdin_questions

    settings = load_settings()
    configure_logging(settings.log_level)
    briefing = _open_briefing(settings)
    questions = read_stdin_questions() if question == "-" else [question]
    ask_lines(briefing, questions, as_json=as_json, out=sys.stdout)


@app.command()
def chat(
    seed: bool = typer.Option(
        True, "--seed/--no-seed", help="Ingest SEEDS_DIR first when the store is empty."
    ),
) -> None:
    """Talk to the fact store in the console: questions, /metrics, /sources, /help."""
    settings = load_settings()
    configure_logging(settings.log_level)
    _start_chat(settings, seed_if_empty=seed)


def _open_briefing(settings: Settings) -> Briefing:
    from briefing.service import Briefing
    from db.engine import create_db_engine

    return Briefing(create_db_engine(settings.database_url))


def _start_chat(settings: Settings, *, seed_if_empty: bool) -> None:
    """Open the store (ingesting the seeds into an empty one) and run the console chat."""
    from bot.console import document_count, run_chat
    from briefing.service import Briefing
    from db.engine import create_db_engine

    engine = create_db_engine(settings.database_url)
    if seed_if_empty and document_count(engine) == 0:
        from pathlib import Path

        from briefing.ingest import ingest_paths

        seeds = sorted(Path(settings.seeds_dir).glob("*.txt"))
        if not seeds:
            fail(f"the store is empty and SEEDS_DIR ({settings.seeds_dir}) holds no .txt files")
        typer.echo(f"citybrief: empty store; ingesting {len(seeds)} seed documents", err=True)
        ingest_paths(seeds, engine=engine)
    run_chat(Briefing(engine), stdin=sys.stdin, stdout=sys.stdout)


def main() -> None:
    """Entry point of the `citybrief` script and `python -m bot`."""
    try:
        app()
    except CitybriefError as exc:
        typer.echo(f"citybrief: {exc}", err=True)
        sys.exit(2)
