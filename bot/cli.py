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


def main() -> None:
    """Entry point of the `citybrief` script and `python -m bot`."""
    try:
        app()
    except CitybriefError as exc:
        typer.echo(f"citybrief: {exc}", err=True)
        sys.exit(2)
