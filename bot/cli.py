"""The `citybrief` command line: run the bot, ingest, list facts, ask, chat, preview digests.

Each command parses its options, opens what it needs and calls the domain; no logic lives here.
Every command that opens the store brings its schema to the newest revision first (`db upgrade`
does only that).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError

from bot.logs import configure_logging
from briefing.text import strip_controls
from core.errors import CitybriefError
from core.facts import FactKind
from core.settings import Role, Settings

if TYPE_CHECKING:
    from briefing.ingest import IngestReport
    from db.engine import Engine

T = TypeVar("T")
DEFAULT_LISTEN = "0.0.0.0:8443"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    help="citybrief: cited answers and digests on digital-city development.",
    pretty_exceptions_show_locals=False,  # locals can hold secrets (the bot token)
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


def configured_settings() -> Settings:
    """Read settings (see `load_settings`) and configure logging by them: every command's
    first step."""
    settings = load_settings()
    configure_logging(settings.log_level, instance_id=settings.instance_id)
    return settings


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    typer.echo(f"citybrief: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def open_store(settings: Settings, *, upgrade: bool = True) -> Iterator[Engine]:
    """The store at DATABASE_URL, its schema upgraded to the newest revision unless `upgrade`
    is False; closed on exit."""
    from db.engine import create_db_engine

    engine = create_db_engine(settings.database_url, upgrade=upgrade)
    try:
        yield engine
    finally:
        engine.dispose()


@app.callback(invoke_without_command=True)
def root(ctx: typer.Context) -> None:
    """Without a command: run the bot if a token is set, else the console chat."""
    if ctx.invoked_subcommand is not None:
        return
    settings = configured_settings()
    if settings.token_is_valid():
        run_command = typer.main.get_group(app).get_command(ctx, "run")
        if run_command is None:
            fail("this build has no `run` command to start the bot with")
        ctx.invoke(run_command)  # fills in the command's option defaults
        return
    _start_chat(settings, seed_if_empty=True, no_token_note=True)


@app.command()
def run(
    role: Role | None = typer.Option(  # noqa: B008  (typer's declaration style)
        None,
        "--role",
        case_sensitive=False,
        help="all: updates and digests in one process (default: ROLE, else all); "
        "web: a webhook replica; worker: digests only.",
    ),
    webhook: str | None = typer.Option(
        None,
        "--webhook",
        metavar="URL",
        help="Public URL Telegram posts updates to. Role all: serve it and set it with Telegram "
        "(one instance). Role web: serve its path (default: WEBHOOK_URL).",
    ),
    listen: str | None = typer.Option(
        None,
        "--listen",
        metavar="HOST:PORT",
        help="Where the HTTP server (webhook, /healthz, /readyz, /metrics) listens "
        f"(default {DEFAULT_LISTEN} with a webhook; without one, no server unless given).",
    ),
    secret_token: str | None = typer.Option(
        None,
        "--secret-token",
        help="Webhook secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token "
        "(default: WEBHOOK_SECRET; role all makes a random one per run without either).",
    ),
    drop_webhook: bool = typer.Option(
        False,
        "--drop-webhook",
        help="Polling: delete a webhook that is set instead of refusing to start.",
    ),
) -> None:
    """Run the Telegram bot in one role: long polling by default, or a webhook server."""
    from bot.app import WebhookConfigError, parse_listen, parse_webhook, run_bot

    settings = _bot_settings()
    role = role or settings.role
    secret = secret_token or _secret(settings)
    url = webhook if role is not Role.WEB else webhook or settings.webhook_url
    try:
        if role is Role.WEB:
            if url is None:
                fail(
                    "--role web serves the webhook: set WEBHOOK_URL (or --webhook URL) to the "
                    "public URL Telegram posts to"
                )
            if secret is None:
                fail(
                    "--role web needs WEBHOOK_SECRET: every replica must check the one secret "
                    "`citybrief webhook set` gave Telegram"
                )
        if role is Role.WORKER and webhook is not None:
            fail("--role worker takes no updates: --webhook belongs to --role web or all")
        options = parse_webhook(url, listen or DEFAULT_LISTEN, secret) if url else None
        address = parse_listen(listen) if listen and options is None else None
    except WebhookConfigError as exc:
        fail(str(exc))
    run_bot(settings, role=role, webhook=options, listen=address, drop_webhook=drop_webhook)


def _bot_settings() -> Settings:
    """Settings for a command that calls the Bot API: configured, with a valid token."""
    settings = configured_settings()
    if not settings.token_is_valid():
        token = settings.telegram_bot_token
        state = "malformed" if token is not None and token.get_secret_value() else "not set"
        fail(f"TELEGRAM_BOT_TOKEN is {state}; expected <digits>:<secret> from @BotFather")
    return settings


def _secret(settings: Settings) -> str | None:
    return settings.webhook_secret.get_secret_value() if settings.webhook_secret else None


webhook_app = typer.Typer(
    no_args_is_help=True,
    help="Telegram's webhook: set once for every web replica, inspect it, delete it.",
)
app.add_typer(webhook_app, name="webhook")


DropPendingUpdates = Annotated[
    bool,
    typer.Option("--drop-pending-updates", help="Discard the updates waiting at Telegram."),
]


@webhook_app.command("set")
def webhook_set(
    url: str | None = typer.Option(
        None, "--url", help="Public HTTPS URL the replicas serve (default: WEBHOOK_URL)."
    ),
    max_connections: int | None = typer.Option(
        None, "--max-connections", min=1, max=100, help="Parallel posts Telegram may make."
    ),
    drop_pending_updates: DropPendingUpdates = False,
) -> None:
    """Point Telegram at the webhook, with WEBHOOK_SECRET, once for all web replicas."""
    from bot.app import WebhookConfigError, parse_webhook
    from bot.webhook_admin import set_webhook, state_lines

    settings = _bot_settings()
    target = url or settings.webhook_url
    secret = _secret(settings)
    if target is None:
        fail("set WEBHOOK_URL (or --url) to the public URL Telegram should post to")
    if secret is None:
        fail("set WEBHOOK_SECRET: the replicas refuse posts without it, so Telegram must send it")
    try:
        parse_webhook(target, DEFAULT_LISTEN, secret)
    except WebhookConfigError as exc:
        fail(str(exc))
    state = _bot_api(
        settings,
        set_webhook(
            settings,
            url=target,
            secret=secret,
            max_connections=max_connections,
            drop_pending_updates=drop_pending_updates,
        ),
    )
    _echo("webhook set (with the secret in WEBHOOK_SECRET)", *state_lines(state))


@webhook_app.command("delete")
def webhook_delete(
    drop_pending_updates: DropPendingUpdates = False,
) -> None:
    """Stop webhook delivery, e.g. to go back to one polling instance."""
    from bot.webhook_admin import delete_webhook, state_lines

    settings = _bot_settings()
    state = _bot_api(settings, delete_webhook(settings, drop_pending_updates=drop_pending_updates))
    _echo("webhook deleted", *state_lines(state))


@webhook_app.command("info")
def webhook_info() -> None:
    """Print the webhook as Telegram reports it: URL, pending updates, last error."""
    from bot.webhook_admin import state_lines
    from bot.webhook_admin import webhook_info as fetch_info

    settings = _bot_settings()
    _echo(*state_lines(_bot_api(settings, fetch_info(settings))))


def _echo(*lines: str) -> None:
    for line in lines:
        typer.echo(line)


def _bot_api(settings: Settings, call: Coroutine[Any, Any, T]) -> T:
    """Run one Bot API coroutine, turning Telegram's refusals into one line of error."""
    import asyncio

    from telegram.error import InvalidToken, TelegramError

    try:
        return asyncio.run(call)
    except InvalidToken:
        fail("Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); check it with @BotFather")
    except TelegramError as exc:
        fail(f"the Bot API at {settings.telegram_api_base_url} refused: {exc.message}")


@app.command()
def ingest(
    paths: list[Path] | None = typer.Argument(  # noqa: B008  (typer's declaration style)
        None, help="Document files or folders (default: SEEDS_DIR)."
    ),
    title: str | None = typer.Option(None, help="Title (one document only)."),
    outlet: str | None = typer.Option(None, help="Outlet (one document only)."),
    published: str | None = typer.Option(
        None, "--date", metavar="YYYY-MM-DD", help="Publication date (one document only)."
    ),
    url: str | None = typer.Option(None, help="Source URL (one document only)."),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        help="Worker processes that read and extract (default: this machine's cores).",
    ),
) -> None:
    """Ingest documents into cited facts; re-running changes nothing; bad files are skipped."""
    from briefing.ingest import collect_paths
    from briefing.metadata import DocumentMetadata
    from briefing.parallel import default_jobs

    settings = configured_settings()
    targets = list(paths) if paths else [Path(settings.seeds_dir)]
    overrides = None
    if any(v is not None for v in (title, outlet, published, url)):
        try:
            when = date.fromisoformat(published) if published else None
        except ValueError:
            fail(f"--date must be YYYY-MM-DD, not {published!r}")
            return
        overrides = DocumentMetadata(title=title, outlet=outlet, published=when, url=url)
    files = collect_paths(targets)
    if overrides is not None and len(files) != 1:
        fail(f"--title/--outlet/--date/--url describe one document, but {len(files)} were given")
    with open_store(settings) as engine:
        # The folders, not `files`: ingest walks them itself and names what it refuses there.
        report = _ingest_with_progress(
            targets, len(files), engine=engine, overrides=overrides, jobs=jobs or default_jobs()
        )
    for failure in report.failures:
        skipped = f"citybrief: skipped {failure.name}: {failure.reason}"
        typer.echo(strip_controls(skipped), err=True)
    typer.echo(strip_controls(report.summary()))
    if not report.ok:
        raise typer.Exit(1)


def _ingest_with_progress(targets: list[Path], count: int, **options: Any) -> IngestReport:
    """Ingest `targets` (`count` files) with a progress bar on stderr when there are several."""
    from rich.console import Console
    from rich.progress import Progress

    from briefing.ingest import ingest_paths

    if count < 2:
        return ingest_paths(targets, **options)
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ingesting", total=count)
        return ingest_paths(targets, progress=lambda _name: bar.advance(task), **options)


@app.command()
def facts(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON array."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV with a header row."),
    kind: str | None = typer.Option(None, help=f"One of: {', '.join(FactKind)}."),
    region: str | None = typer.Option(None, help="Only facts about this region."),
    about: str | None = typer.Option(
        None, metavar="TOPIC_OR_REGION", help="Only facts about this topic or region (/export's)."
    ),
    document: str | None = typer.Option(None, metavar="SLUG", help="Only this document."),
    search: str | None = typer.Option(None, help="Text in the subject or the sentence."),
) -> None:
    """List stored facts with all their fields and their source."""
    from briefing.export import write_csv
    from briefing.extract import KINDS
    from briefing.focus import find_focus, in_focus
    from briefing.store import fact_record
    from db import facts as stored_facts
    from db.engine import new_session

    if as_json and as_csv:
        fail("choose one of --json and --csv")
    if kind is not None and kind.lower() not in KINDS:
        fail(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if search is not None and len(search) > stored_facts.MAX_SEARCH_CHARS:
        fail(f"--search takes at most {stored_facts.MAX_SEARCH_CHARS} characters")
    settings = configured_settings()
    with open_store(settings) as engine, new_session(engine) as session:
        found = stored_facts.facts(
            session=session, kind=kind, region=region, document_slug=document, search=search
        )
        if about is not None:
            focus = find_focus(about, stored_facts.facts(session=session))
            if focus is None:
                fail(f"--about: no topic or region called {about!r}")
            found = in_focus(found, focus)
    if as_csv:
        write_csv(found, sys.stdout)
        return
    records = [fact_record(fact) for fact in found]
    if as_json:
        # A non-finite number (a store from before numbers were bounded) prints as null:
        # "Infinity" is not JSON.
        typer.echo(json.dumps(_finite(records), ensure_ascii=False, indent=1, allow_nan=False))
    else:
        for record in records:
            typer.echo(_fact_line(record))
        typer.echo(f"{len(records)} facts")


def _finite(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with every non-finite float replaced by None."""
    return [
        {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in r.items()}
        for r in records
    ]


def _fact_line(record: dict[str, Any]) -> str:
    figure = record["value_text"] or ""
    if record["change"] is not None:
        figure += f" ({record['change']:+g}% y/y)"
    where = ", ".join(p for p in (record["region"], record["period"]) if p)
    return strip_controls(  # a store from before control characters were removed on ingest
        f"#{record['id']} [{record['kind']}] {record['subject']}: {figure} [{where}]"
        f" | {record['title']} ({record['outlet'] or 'unknown outlet'},"
        f" {record['published'] or 'undated'})"
    )


@app.command()
def ask(
    question: str = typer.Argument(..., help='The question, or "-" to read one per line.'),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per question."),
) -> None:
    """Answer a question from the fact store, with its source."""
    from bot.console import ask_lines, read_stdin_questions
    from briefing.service import Briefing

    settings = configured_settings()
    with open_store(settings) as engine:
        briefing = Briefing(engine)
        questions = read_stdin_questions() if question == "-" else [question]
        ask_lines(briefing, questions, as_json=as_json, out=sys.stdout)


@app.command()
def chat(
    seed: bool = typer.Option(
        True, "--seed/--no-seed", help="Ingest SEEDS_DIR first when the store is empty."
    ),
) -> None:
    """Talk to the fact store in the console: questions and the bot's commands (/help)."""
    settings = configured_settings()
    _start_chat(settings, seed_if_empty=seed)


def _start_chat(settings: Settings, *, seed_if_empty: bool, no_token_note: bool = False) -> None:
    """Open the store (ingesting the seeds into an empty one) and run the console chat."""
    from bot.console import run_chat
    from briefing.ingest import ingest_paths
    from briefing.service import Briefing
    from briefing.store import document_count

    seeds = Path(settings.seeds_dir)
    with open_store(settings) as engine:
        seeding = seed_if_empty and document_count(engine=engine) == 0
        if seeding and not seeds.is_dir():
            fail(f"the store is empty and SEEDS_DIR ({seeds}) is not a folder")
        note = ["no TELEGRAM_BOT_TOKEN set, so running the console chat"] if no_token_note else []
        if seeding:
            note.append(f"ingesting {seeds} into the empty store first")
        if note:
            typer.echo(f"citybrief: {'; '.join(note)}", err=True)
        if seeding and ingest_paths([seeds], engine=engine).new == 0:
            fail(f"no documents could be ingested from {seeds}")
        run_chat(Briefing(engine), engine=engine, stdin=sys.stdin, stdout=sys.stdout)


@app.command()
def digest(
    preview: int = typer.Option(
        ...,
        "--preview",
        metavar="CHAT_ID",
        help="Print what this chat would receive at its next digest (plain text).",
    ),
) -> None:
    """Preview a chat's next digest; nothing is sent and nothing is marked as sent.

    When a chart would follow the digest, it is written to data/charts/ and the preview says so.
    """
    from bot.console import OUTPUT_DIR, saved_digest_chart
    from briefing.digest import compose_for_chat
    from briefing.loading import load_index
    from briefing.present.digests import digest_text, fits_one_message
    from briefing.subscriptions import list_subscriptions, utc_now
    from core.language import DEFAULT_LANGUAGE

    settings = configured_settings()
    with open_store(settings) as engine:
        active = [s for s in list_subscriptions(engine=engine, chat_id=preview) if s.active]
        if not active:
            typer.echo(
                f"citybrief: chat {preview} has no active subscription; showing the "
                "unfiltered daily digest",
                err=True,
            )
        for view in sorted(active, key=lambda s: s.next_run)[:1]:
            typer.echo(
                f"citybrief: next digest {view.summary}, due {view.next_run:%Y-%m-%d %H:%M} UTC",
                err=True,
            )
        digest = compose_for_chat(
            engine=engine, chat_id=preview, now=utc_now(), fits=fits_one_message
        )
        typer.echo(digest_text(digest))
        if not digest.empty:
            folder = OUTPUT_DIR / "charts"
            note = saved_digest_chart(load_index(engine), digest, folder, DEFAULT_LANGUAGE)
            if note:
                typer.echo(f"\n{note}")


db_app = typer.Typer(
    no_args_is_help=True,
    help="The database schema: every command upgrades it at start; these inspect or upgrade it.",
)
app.add_typer(db_app, name="db")


def _on_schema_as_found(action: Callable[[Engine], T]) -> T:
    """Run `action` on the store at DATABASE_URL without first upgrading its schema."""
    settings = configured_settings()
    with open_store(settings, upgrade=False) as engine:
        return action(engine)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database at DATABASE_URL to the newest schema revision."""
    from db.migrate import head_revision, upgrade

    applied = _on_schema_as_found(upgrade)
    if applied:
        typer.echo(f"upgraded to revision {head_revision()} (applied {', '.join(applied)})")
    else:
        typer.echo(f"already at revision {head_revision()}, the newest")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision of the database at DATABASE_URL, without changing it."""
    from db.migrate import current_revision, head_revision

    current = _on_schema_as_found(current_revision)
    head = head_revision()
    if current == head:
        typer.echo(f"{current} (the newest)")
    else:
        where = current or "none (empty, or made before migrations)"
        typer.echo(f"{where}; the newest is {head}: run `citybrief db upgrade`")


@db_app.command("history")
def db_history() -> None:
    """List the schema revisions, oldest first."""
    from db.migrate import history

    for revision in history():
        typer.echo(f"{revision.id}  {revision.message}")


def main() -> None:
    """Entry point of the `citybrief` script and `python -m bot`."""
    try:
        app()
    except CitybriefError as exc:
        typer.echo(f"citybrief: {exc}", err=True)
        sys.exit(2)
