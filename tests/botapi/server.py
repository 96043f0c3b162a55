"""A local Bot API server on aiohttp that answers like Telegram, with controls for tests.

The bot under test talks to it over HTTP exactly as it would to api.telegram.org (set the base
URL to `server.base_url`). Tests drive it from the other side: inject what users do (messages,
commands, button presses, inline queries, uploads), then read what the bot sent, every request
with its status, and the errors the server answered. Faults, blocked chats, delays, held answers
and Telegram's send limits can be switched on per test.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import re
import time
import zlib
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.botapi.telegram_html import HtmlParseError, ParsedText, parse_html, utf16_len

log = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456789:AAE-fake_token_for_tests_only_123456"
MAX_TEXT_CHARS = 4096
MAX_CAPTION_CHARS = 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDES = 10_000  # width + height
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_NEXT_OFFSET_BYTES = 64
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_START_PARAMETER_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_CALLBACK_DATA_BYTES = 64
MAX_LONG_POLL_SECONDS = 50
WEBHOOK_ATTEMPTS = 30
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_BOT_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"@[A-Za-z0-9_]{3,32}")

# Parameters Telegram receives as JSON-serialised strings in form bodies.
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "results",
        "commands",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "scope",
        "button",
        "entities",
    }
)
_INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "max_connections",
        "user_id",
    }
)
_BOOL_PARAMS = frozenset(
    {"show_alert", "is_personal", "drop_pending_updates", "disable_notification"}
)


# What getChatMember reports of an administrator's rights (all granted but promoting others).
_ADMIN_RIGHTS: dict[str, bool] = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
}


class ApiError(Exception):
    """An error reply: HTTP status, Telegram's description and optional parameters."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class RequestRecord:
    """One HTTP request the server answered."""

    method: str
    status: int
    params: dict[str, Any]
    description: str | None = None
    injected: bool = False  # answered by fail_next / a test control, not by the bot's mistake
    at: float = field(default_factory=time.monotonic)


@dataclass
class SentMessage:
    """A message the bot sent (or edited), as the server stored it."""

    chat_id: int
    message_id: int
    text: str  # the visible text after entity parsing
    raw: str  # the text parameter as sent
    parse_mode: str | None
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    at: float = field(default_factory=time.monotonic)
    edits: int = 0
    photo: bytes | None = None  # sendPhoto: the image as uploaded (text is the caption)
    document: bytes | None = None  # sendDocument: the file as uploaded (text is the caption)
    file_name: str | None = None  # sendDocument: the file's name

    def buttons(self) -> list[tuple[str, str | None]]:
        """Inline keyboard buttons as (text, callback_data), row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data")) for row in rows for b in row]


@dataclass
class _Fault:
    method: str
    status: int
    description: str
    retry_after: int | None
    chat_id: int | None
    migrate_to_chat_id: int | None = None
    drop: bool = False  # close the connection without an answer (the call is not carried out)


@dataclass
class _Hold:
    """Answers to one method held back after the first `let_through` calls, until released."""

    let_through: int
    released: asyncio.Event = field(default_factory=asyncio.Event)
    chats: frozenset[int] | None = None  # hold only calls to these chats (None: every call)


@dataclass
class RateLimits:
    """Telegram's send limits as strict sliding windows (`None` switches one off)."""

    overall: tuple[int, float] | None = (30, 1.0)
    per_chat: tuple[int, float] | None = (1, 1.0)
    per_group: tuple[int, float] | None = (20, 60.0)


@dataclass
class RateCounters:
    """What rate enforcement let through and refused."""

    accepted: int = 0
    refused: int = 0
    max_per_second: int = 0


class BotApiServer:
    """The test server; `async with BotApiServer() as server:` starts it on 127.0.0.1."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "citybrief_test_bot",
        bot_id: int | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        strict_entities: bool = True,
    ) -> None:
        self.token = token
        self.bot_id = bot_id if bot_id is not None else int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.host = host
        self.port = port
        self.strict_entities = strict_entities
        self.requests: list[RequestRecord] = []  # answered requests, in order of answer
        self.arrived: list[str] = []  # methods in order of arrival (a long poll arrives early)
        self.sent: dict[int, list[SentMessage]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.inline_answers: dict[str, dict[str, Any]] = {}
        self.commands: list[dict[str, Any]] = []  # the default menu (no language_code)
        self.commands_by_language: dict[str, list[dict[str, Any]]] = {}  # language_code → menu
        self.chat_actions: list[tuple[int, str]] = []
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_deliveries: list[int] = []  # HTTP statuses of webhook posts
        self.rate_limits: RateLimits | None = None
        self.rate_counters = RateCounters()
        self.closed_calls: list[str] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._user_languages: dict[int, str | None] = {}
        self._admins: dict[int, set[int]] = {}  # group chat id → user ids of its administrators
        self._owners: dict[int, int | None] = {}
        self._blocked: set[int] = set()
        self._migrated: dict[int, int] = {}  # old group id -> its supergroup's id
        self._faults: list[_Fault] = []
        self._delays: dict[str, float] = {}
        self._holds: dict[str, _Hold] = {}
        self._held: dict[str, list[dict[str, Any]]] = {}  # method -> params of unanswered calls
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self._file_ids = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._windows: dict[Any, deque[float]] = {}
        self._second_window: deque[float] = deque()
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._closing = False
        self._handlers: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "sendphoto": self._send_photo,
            "senddocument": self._send_document,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "answerinlinequery": self._answer_inline_query,
            "sendchataction": self._send_chat_action,
            "getfile": self._get_file,
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "close": self._close,
            "logout": self._close,
        }

    # ----------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """What the bot uses as its API base URL (token and method are appended)."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """What the bot uses as its file base URL."""
        return f"http://{self.host}:{self.port}/file/bot"

    async def start(self) -> None:
        """Bind to a free port (or the one given) and start answering."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/_test/sent", self._control_sent)
        app.router.add_get("/_test/requests", self._control_requests)
        app.router.add_get("/_test/sent_counts", self._control_sent_counts)
        app.router.add_post("/_test/message", self._control_message)
        app.router.add_get("/file/{rest:.*}", self._file_download)
        app.router.add_route("*", "/{rest:.*}", self._api)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1]
        self._closing = False

    async def stop(self) -> None:
        """Wake pending long polls and shut the server down."""
        self._closing = True
        for method in list(self._holds):
            self.release(method)
        self._bump()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ----------------------------------------------------------------- test controls: users

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's User object, as getMe returns it."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Citybrief Test",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def user(self, user_id: int) -> dict[str, Any]:
        """A human User object for `user_id` (its Telegram app in English unless set)."""
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "username": f"user{user_id}",
        }
        language = self._user_languages.get(user_id, "en")
        if language is not None:
            user["language_code"] = language
        return user

    def set_user_language(self, user_id: int, language_code: str | None) -> None:
        """The IETF tag `user_id`'s Telegram app reports ("zh-hans"; None: none at all)."""
        self._user_languages[user_id] = language_code

    def set_admins(self, chat_id: int, *user_ids: int) -> None:
        """Make `user_ids` the administrators of group `chat_id` (the first one its owner)."""
        self._admins[chat_id] = set(user_ids)
        self._owners[chat_id] = user_ids[0] if user_ids else None

    def chat(self, chat_id: int, chat_type: str | None = None) -> dict[str, Any]:
        """The Chat object for `chat_id` (private if positive, supergroup if negative, unless
        `chat_type` says "group" or "channel" the first time the chat is named)."""
        if chat_id not in self._chats:
            kind = chat_type or ("private" if chat_id > 0 else "supergroup")
            if kind == "private":
                self._chats[chat_id] = {
                    "id": chat_id,
                    "type": "private",
                    "first_name": f"User{chat_id}",
                    "username": f"user{chat_id}",
                }
            else:
                title = f"{'Channel' if kind == 'channel' else 'Group'} {chat_id}"
                self._chats[chat_id] = {"id": chat_id, "type": kind, "title": title}
        return self._chats[chat_id]

    def _sender(self, chat: dict[str, Any], user_id: int | None) -> dict[str, Any]:
        """Who a message in `chat` is from: the user, or in a channel the channel itself.

        A channel's posts have no sender user (its administrators post as the channel; the
        bot's own posts there too), only `sender_chat`.
        """
        if chat["type"] == "channel":
            return {"sender_chat": chat}
        sender = user_id if user_id is not None else (chat["id"] if chat["id"] > 0 else 1000)
        return {"from": self.user(sender)}

    def migrate_group(
        self, old_chat_id: int, new_chat_id: int, *, user_id: int = 1000, announce: bool = True
    ) -> None:
        """The group `old_chat_id` becomes the supergroup `new_chat_id`.

        Every later send to the old id is refused with 400 and `migrate_to_chat_id`, as
        Telegram does. With `announce`, the two service messages arrive as updates: one in the
        old group (`migrate_to_chat_id`), one in the new supergroup (`migrate_from_chat_id`).
        """
        self._migrated[old_chat_id] = new_chat_id
        self.chat(old_chat_id, "group")
        self.chat(new_chat_id, "supergroup")
        if announce:
            old = self._message(old_chat_id, user_id, None, None, migrate_to_chat_id=new_chat_id)
            self._push("message", old)
            new = self._message(new_chat_id, user_id, None, None, migrate_from_chat_id=old_chat_id)
            self._push("message", new)

    def block_chat(self, chat_id: int) -> None:
        """Answer every later send to `chat_id` with 403 "bot was blocked by the user"."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        """Undo `block_chat`."""
        self._blocked.discard(chat_id)

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        chat_id: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` (for `chat_id`, if given) with this error.

        `migrate_to_chat_id` adds Telegram's parameter of a group that became a supergroup
        (400 "Bad Request: group chat was upgraded to a supergroup chat").
        """
        for _ in range(times):
            self._faults.append(
                _Fault(
                    method.lower(), status, description, retry_after, chat_id, migrate_to_chat_id
                )
            )

    def drop_next(self, method: str, *, chat_id: int | None = None, times: int = 1) -> None:
        """Close the connection of the next `times` calls of `method` without answering them
        (a proxy or network failure: the call is not carried out)."""
        for _ in range(times):
            self._faults.append(_Fault(method.lower(), 0, "", None, chat_id, drop=True))

    def revoke_token(self) -> None:
        """Answer every later call with 401 Unauthorized, as after /revoke in @BotFather."""
        self.token = f"{self.bot_id}:revoked-{next(self._ids)}"

    def set_delay(self, method: str, seconds: float) -> None:
        """Hold every answer to `method` for `seconds` (0 removes the delay)."""
        if seconds:
            self._delays[method.lower()] = seconds
        else:
            self._delays.pop(method.lower(), None)

    def hold(self, method: str, *, after: int = 0, chats: Iterable[int] | None = None) -> None:
        """Answer the first `after` calls of `method`, then hold every later answer.

        With `chats`, only calls to those chats are counted and held; others are answered.

        A held call is carried out (a sent message is stored, as Telegram would deliver it) but
        its answer waits until `release(method)`: the bot has made the request and does not know
        the outcome for as long as the test needs, however fast or slow anything runs (only the
        client's own read timeout can end the wait from its side). `held(method)` lists them.
        """
        only = frozenset(chats) if chats is not None else None
        self._holds[method.lower()] = _Hold(let_through=after, chats=only)

    def release(self, method: str) -> None:
        """Answer the held calls of `method` (to a bot that may be gone) and stop holding."""
        hold = self._holds.pop(method.lower(), None)
        if hold is not None:
            hold.released.set()

    def held(self, method: str) -> list[dict[str, Any]]:
        """Parameters of the calls of `method` carried out but not answered yet, oldest first."""
        return list(self._held.get(method.lower(), []))

    def enforce_rate_limits(self, limits: RateLimits | None = None) -> RateLimits:
        """Refuse sendMessage calls beyond Telegram's limits with 429 and `retry_after`."""
        self.rate_limits = limits or RateLimits()
        return self.rate_limits

    def rate_windows_clear(self) -> bool:
        """Whether no accepted send counts against a limit any more: a new sender starts fresh."""
        limits = self.rate_limits
        if limits is None:
            return True
        periods = {"overall": limits.overall, "chat": limits.per_chat, "group": limits.per_group}
        now = time.monotonic()
        for key, window in self._windows.items():
            limit = periods[key if isinstance(key, str) else key[0]]
            if limit is not None and window and now - window[-1] < limit[1]:
                return False
        return True

    # ----------------------------------------------------------------- test controls: inject

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _message(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str | None,
        reply_to_message_id: int | None,
        **content: Any,
    ) -> dict[str, Any]:
        chat = self.chat(chat_id, chat_type)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": chat,
            **self._sender(chat, user_id),
            **content,
        }
        if reply_to_message_id is not None:
            replied = self._messages.get((chat_id, reply_to_message_id))
            if replied is None:
                raise KeyError(f"no message {reply_to_message_id} in chat {chat_id}")
            message["reply_to_message"] = replied
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        if self.webhook_url is not None:
            self._spawn(self._deliver_webhook(update))
        else:
            self._updates.append(update)
            self._bump()
        return update

    def _bump(self) -> None:
        """Wake everything waiting on a state change."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def send_text(
        self,
        text: str,
        *,
        chat_id: int = 1001,
        user_id: int | None = None,
        chat_type: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A user sends `text` (commands and @mentions get their entities); returns the update."""
        content = _text_content(text)
        message = self._message(chat_id, user_id, chat_type, reply_to_message_id, **content)
        return self._push("message", message)

    def post_in_channel(
        self, text: str, *, chat_id: int, signature: str | None = None
    ) -> dict[str, Any]:
        """An administrator posts `text` in channel `chat_id` (signed with `signature` when the
        channel signs its posts): a `channel_post` with no sender user; returns the update."""
        content = _text_content(text)
        if signature is not None:
            content["author_signature"] = signature
        message = self._message(chat_id, None, "channel", None, **content)
        return self._push("channel_post", message)

    def forward_to_discussion(self, post: dict[str, Any], *, group_id: int) -> dict[str, Any]:
        """Telegram copies a channel's post (an update `post_in_channel` returned) into the
        channel's discussion group: a message from the channel, marked `is_automatic_forward`."""
        original = post["channel_post"]
        channel = original["chat"]
        copied = {k: original[k] for k in ("text", "entities") if k in original}
        message = self._message(
            group_id,
            777000,  # Telegram's service account is the sender user of automatic forwards
            "supergroup",
            None,
            sender_chat=channel,
            is_automatic_forward=True,
            forward_origin={
                "type": "channel",
                "chat": channel,
                "message_id": original["message_id"],
                "date": original["date"],
            },
            **copied,
        )
        return self._push("message", message)

    def send_sticker(self, *, chat_id: int = 1001, user_id: int | None = None) -> dict[str, Any]:
        """A user sends a sticker."""
        sticker = {
            "file_id": f"sticker{next(self._file_ids)}",
            "file_unique_id": f"us{next(self._ids)}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "\N{THUMBS UP SIGN}",
        }
        return self._push("message", self._message(chat_id, user_id, None, None, sticker=sticker))

    def send_photo(
        self, *, chat_id: int = 1001, user_id: int | None = None, caption: str | None = None
    ) -> dict[str, Any]:
        """A user sends a photo (two sizes, as Telegram does)."""
        photo = [
            {
                "file_id": f"photo{next(self._file_ids)}",
                "file_unique_id": f"up{next(self._ids)}",
                "width": w,
                "height": w,
                "file_size": w * 40,
            }
            for w in (90, 800)
        ]
        extra = {"caption": caption} if caption else {}
        message = self._message(chat_id, user_id, None, None, photo=photo, **extra)
        return self._push("message", message)

    def send_voice(self, *, chat_id: int = 1001, user_id: int | None = None) -> dict[str, Any]:
        """A user sends a voice note."""
        voice = {
            "file_id": f"voice{next(self._file_ids)}",
            "file_unique_id": f"uv{next(self._ids)}",
            "duration": 3,
            "mime_type": "audio/ogg",
            "file_size": 4096,
        }
        return self._push("message", self._message(chat_id, user_id, None, None, voice=voice))

    def send_document(
        self,
        content: bytes,
        *,
        file_name: str = "document.txt",
        mime_type: str = "text/plain",
        chat_id: int = 1001,
        user_id: int | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """A user uploads a document; the bot can fetch it with getFile and a download."""
        file_id = f"doc{next(self._file_ids)}"
        self._files[file_id] = (f"documents/file_{len(self._files)}_{file_name}", content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"ud{next(self._ids)}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        extra = {"caption": caption} if caption else {}
        message = self._message(chat_id, user_id, None, None, document=document, **extra)
        return self._push("message", message)

    def edit_text(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """The user edits a message they sent earlier (`message` as `send_text` returned it)."""
        original = message.get("message", message)
        edited = {**original, "text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        self._messages[(edited["chat"]["id"], edited["message_id"])] = edited
        return self._push("edited_message", edited)

    def press(
        self, sent: SentMessage, button: str, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """The user presses the inline button whose text or callback data is `button`."""
        for text, data in sent.buttons():
            if button in (text, data) and data is not None:
                return self.press_data(sent.chat_id, sent.message_id, data, user_id=user_id)
        raise KeyError(f"no button {button!r} on message {sent.message_id}: {sent.buttons()}")

    def press_data(
        self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """A callback query with arbitrary `data` on a stored message (e.g. a stale button)."""
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        sender = user_id if user_id is not None else (chat_id if chat_id > 0 else 1000)
        query = {  # in a channel too, a button press comes from the reader who pressed it
            "id": str(next(self._ids) * 1_000_003),
            "from": self.user(sender),
            "message": message,
            "chat_instance": f"ci{chat_id}",
            "data": data,
        }
        return self._push("callback_query", query)

    def inline_query(
        self, query: str, *, user_id: int = 1001, offset: str = "", chat_type: str = "sender"
    ) -> dict[str, Any]:
        """The user types `@bot query` in some chat."""
        payload = {
            "id": str(next(self._ids) * 1_000_033),
            "from": self.user(user_id),
            "query": query,
            "offset": offset,
            "chat_type": chat_type,
        }
        return self._push("inline_query", payload)

    # ----------------------------------------------------------------- test controls: read

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """Messages the bot sent to `chat_id`, oldest first."""
        return list(self.sent.get(chat_id, []))

    def stored_message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message as the server holds it (the Message object Telegram would return)."""
        return self._messages[(chat_id, message_id)]

    def client_errors(self) -> list[RequestRecord]:
        """Requests answered with a 4xx that no test fault asked for."""
        return [r for r in self.requests if 400 <= r.status < 500 and not r.injected]

    def calls(self, method: str) -> list[RequestRecord]:
        """Requests of one API method."""
        return [r for r in self.requests if r.method == method.lower()]

    async def wait_for(self, predicate: Callable[[], bool], *, within: float = 5.0) -> None:
        """Wait until `predicate()` holds (re-checked whenever the server's state changes)."""
        async with asyncio.timeout(within):
            while not predicate():
                await self._changed.wait()

    async def wait_for_polling(self, *, within: float = 30.0) -> None:
        """Wait until the bot has started a getUpdates call (it is up and listening)."""
        await self.wait_for(lambda: "getupdates" in self.arrived, within=within)

    async def wait_for_messages(
        self, chat_id: int, count: int = 1, *, within: float = 5.0
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least `count` messages to `chat_id`."""
        try:
            await self.wait_for(lambda: len(self.sent.get(chat_id, [])) >= count, within=within)
        except TimeoutError:
            got = [m.text[:80] for m in self.sent.get(chat_id, [])]
            raise TimeoutError(f"chat {chat_id}: wanted {count} messages, got {got}") from None
        return self.sent_to(chat_id)

    async def wait_for_callback_answer(
        self, update: dict[str, Any], *, within: float = 5.0
    ) -> dict[str, Any]:
        """Wait for the answerCallbackQuery of the press that made `update`."""
        return await self._answer_to(update["callback_query"], self.callback_answers, within)

    async def wait_for_inline_answer(
        self, update: dict[str, Any], *, within: float = 5.0
    ) -> dict[str, Any]:
        """Wait for the answerInlineQuery of the query that made `update`."""
        return await self._answer_to(update["inline_query"], self.inline_answers, within)

    async def _answer_to(
        self, query: dict[str, Any], answers: dict[str, dict[str, Any]], within: float
    ) -> dict[str, Any]:
        await self.wait_for(lambda: query["id"] in answers, within=within)
        return answers[query["id"]]

    async def wait_idle(self, *, quiet: float = 0.3, within: float = 5.0) -> None:
        """Wait until the bot has made no request for `quiet` seconds (for "sent nothing")."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            last = max((r.at for r in self.requests if r.method != "getupdates"), default=0.0)
            if time.monotonic() - last >= quiet and not self._updates:
                return
            await asyncio.sleep(quiet / 3)
        raise TimeoutError("the bot did not go quiet")

    # ----------------------------------------------------------------- HTTP plumbing

    async def _api(self, request: web.Request) -> web.Response:
        path = request.path
        match = re.fullmatch(r"/bot([^/]*)/([A-Za-z]+)", path)
        if match is None:
            return self._error_response(404, "Not Found")
        if match.group(1) != self.token:
            status = 401 if re.fullmatch(r"\d+:[\w-]+", match.group(1)) else 404
            desc = "Unauthorized" if status == 401 else "Not Found"
            self.requests.append(RequestRecord(match.group(2).lower(), status, {}, desc))
            return self._error_response(status, desc)
        method = match.group(2).lower()
        self.arrived.append(method)
        self._bump()
        params = await self._params(request)
        handler = self._handlers.get(method)
        if method in self._delays:
            await asyncio.sleep(self._delays[method])
        fault = self._take_fault(method, params)
        if fault is not None and fault.drop:
            self.requests.append(RequestRecord(method, 0, params, "connection dropped", True))
            self._bump()
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=500)
        try:
            if fault is not None:
                extra: dict[str, Any] = {}
                if fault.retry_after:
                    extra["retry_after"] = fault.retry_after
                if fault.migrate_to_chat_id is not None:
                    extra["migrate_to_chat_id"] = fault.migrate_to_chat_id
                raise ApiError(fault.status, fault.description, extra or None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            if method.startswith("send") and params.get("chat_id") in self._migrated:
                raise ApiError(
                    400,
                    "Bad Request: group chat was upgraded to a supergroup chat",
                    {"migrate_to_chat_id": self._migrated[params["chat_id"]]},
                )
            result = await handler(params)
        except ApiError as exc:
            await self._hold_answer(method, params)
            self.requests.append(
                RequestRecord(method, exc.status, params, exc.description, fault is not None)
            )
            self._bump()
            return self._error_response(exc.status, exc.description, exc.parameters)
        await self._hold_answer(method, params)
        self.requests.append(RequestRecord(method, 200, params))
        self._bump()
        return web.json_response({"ok": True, "result": result})

    async def _hold_answer(self, method: str, params: dict[str, Any]) -> None:
        """Wait for `release` if this call's answer is held (see `hold`)."""
        hold = self._holds.get(method)
        if hold is None:
            return
        if hold.chats is not None and params.get("chat_id") not in hold.chats:
            return
        if hold.let_through > 0:
            hold.let_through -= 1
            return
        waiting = self._held.setdefault(method, [])
        waiting.append(params)
        self._bump()
        try:
            await hold.released.wait()
        finally:
            waiting.remove(params)
            self._bump()

    @staticmethod
    def _error_response(
        status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        if request.method == "GET":
            raw.update(request.query)
        elif request.content_type == "application/json":
            raw.update(await request.json())
        elif request.body_exists:
            form = await request.post()
            for key, field_value in form.items():
                if isinstance(field_value, web.FileField):
                    raw[key] = field_value.file.read()
                    raw[f"{key}.filename"] = field_value.filename
                else:
                    raw[key] = field_value
        params: dict[str, Any] = {}
        for key, raw_value in raw.items():
            value: Any = raw_value
            if isinstance(value, str) and key in _JSON_PARAMS:
                try:
                    value = json.loads(value)
                except ValueError:
                    params["__invalid__"] = f"Bad Request: can't parse {key} JSON object"
            elif isinstance(value, str) and key in _INT_PARAMS:
                with contextlib.suppress(ValueError):
                    value = int(value)
            elif isinstance(value, str) and key in _BOOL_PARAMS:
                value = value.lower() == "true"
            params[key] = value
        return params

    def _take_fault(self, method: str, params: dict[str, Any]) -> _Fault | None:
        for fault in self._faults:
            if fault.method == method and fault.chat_id in (None, params.get("chat_id")):
                self._faults.remove(fault)
                return fault
        return None

    async def _file_download(self, request: web.Request) -> web.Response:
        match = re.fullmatch(r"/file/bot([^/]*)/(.+)", request.path)
        if match is None or match.group(1) != self.token:
            self.requests.append(RequestRecord("file", 404, {}, "Not Found"))
            return web.Response(status=404, text="Not Found")
        for file_path, content in self._files.values():
            if file_path == match.group(2):
                self.requests.append(RequestRecord("file", 200, {"path": file_path}))
                return web.Response(body=content, content_type="application/octet-stream")
        self.requests.append(RequestRecord("file", 404, {"path": match.group(2)}, "Not Found"))
        return web.Response(status=404, text="Not Found")

    async def _deliver_webhook(self, update: dict[str, Any]) -> None:
        """POST an update to the webhook; like Telegram, retry while the bot is unreachable."""
        if self._client is None:
            self._client = aiohttp.ClientSession()
        headers = {}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        for attempt in range(WEBHOOK_ATTEMPTS):
            if self.webhook_url is None or self._closing:
                return
            try:
                async with self._client.post(
                    self.webhook_url, json=update, headers=headers
                ) as resp:
                    self.webhook_deliveries.append(resp.status)
                    break
            except aiohttp.ClientError as exc:
                log.info("webhook delivery attempt %d failed: %s", attempt + 1, exc)
                await asyncio.sleep(min(1.0, 0.05 * 2**attempt))
        else:
            self.webhook_deliveries.append(0)
        self._bump()

    # ----------------------------------------------------------------- validation helpers

    @staticmethod
    def _require(params: dict[str, Any], name: str) -> Any:
        if "__invalid__" in params:
            raise ApiError(400, params["__invalid__"])
        value = params.get(name)
        if value is None or value == "":
            raise ApiError(400, f'Bad Request: parameter "{name}" is required')
        return value

    def _chat_for_send(self, params: dict[str, Any]) -> int:
        chat_id = self._require(params, "chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        self.chat(chat_id)
        return chat_id

    def _parse_text(self, text: Any, parse_mode: Any, *, what: str = "message") -> ParsedText:
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, f"Bad Request: {what} text is empty")
        mode = (parse_mode or "").lower() if isinstance(parse_mode, str) else ""
        if mode == "html":
            try:
                parsed = parse_html(text, strict_entities=self.strict_entities)
            except HtmlParseError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        elif mode in ("markdown", "markdownv2"):
            raise ApiError(400, "Bad Request: this test server only speaks HTML parse mode")
        else:
            parsed = ParsedText(text=text)
        if not parsed.text.strip():
            raise ApiError(400, f"Bad Request: {what} text is empty")
        if len(parsed.text) > MAX_TEXT_CHARS:
            raise ApiError(400, "Bad Request: message is too long")
        return parsed

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays')
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                    raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
                data = button.get("callback_data")
                actions = [
                    k
                    for k in (
                        "callback_data",
                        "url",
                        "switch_inline_query",
                        "switch_inline_query_current_chat",
                    )
                    if k in button
                ]
                if not actions:
                    raise ApiError(400, 'Bad Request: can\'t find field "callback_data"')
                if (
                    data is not None
                    and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES
                ):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"^(https?|tg)://", str(url)):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        return markup

    def _check_rate(self, chat_id: int) -> None:
        limits = self.rate_limits
        if limits is None:
            return
        now = time.monotonic()
        chat_type = self.chat(chat_id)["type"]
        windows: list[tuple[Any, tuple[int, float]]] = []
        if limits.overall:
            windows.append(("overall", limits.overall))
        if chat_type == "private" and limits.per_chat:
            windows.append((("chat", chat_id), limits.per_chat))
        if chat_type != "private" and limits.per_group:
            windows.append((("group", chat_id), limits.per_group))
        wait = 0.0
        for key, (count, period) in windows:
            window = self._windows.setdefault(key, deque())
            while window and now - window[0] >= period:
                window.popleft()
            if len(window) >= count:
                wait = max(wait, period - (now - window[0]))
        if wait > 0:
            self.rate_counters.refused += 1
            retry = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        for key, _ in windows:
            self._windows[key].append(now)
        self.rate_counters.accepted += 1
        second = self._second_window
        second.append(now)
        while second and now - second[0] >= 1.0:
            second.popleft()
        self.rate_counters.max_per_second = max(self.rate_counters.max_per_second, len(second))

    def _new_message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        """A message the bot sends to `chat_id` now, numbered next in that chat."""
        return {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            **self._bot_sender(chat_id),
            **content,
        }

    def _keep(
        self,
        message: dict[str, Any],
        params: dict[str, Any],
        parsed: ParsedText,
        markup: Any,
        *,
        raw: str,
        **stored: Any,
    ) -> dict[str, Any]:
        """Keep a message the bot sent, for replies to it and for the test to read."""
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        self._messages[(chat_id, message_id)] = message
        sent = SentMessage(
            chat_id=chat_id,
            message_id=message_id,
            text=parsed.text,
            raw=raw,
            parse_mode=params.get("parse_mode"),
            entities=parsed.entities,
            reply_markup=markup,
            **stored,
        )
        self.sent.setdefault(chat_id, []).append(sent)
        return message

    def _store_sent(
        self, chat_id: int, params: dict[str, Any], parsed: ParsedText, markup: Any
    ) -> dict[str, Any]:
        message = self._new_message(chat_id, text=parsed.text)
        if parsed.entities:
            message["entities"] = parsed.entities
        if markup:
            message["reply_markup"] = markup
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        reply_to = reply_to or params.get("reply_to_message_id")
        if reply_to is not None:
            replied = self._messages.get((chat_id, int(reply_to)))
            if replied is None and not (
                isinstance(reply, dict) and reply.get("allow_sending_without_reply")
            ):
                raise ApiError(400, "Bad Request: message to be replied not found")
            if replied is not None:
                message["reply_to_message"] = {
                    k: v for k, v in replied.items() if k != "reply_to_message"
                }
        return self._keep(message, params, parsed, markup, raw=params["text"])

    def _bot_sender(self, chat_id: int) -> dict[str, Any]:
        """Who the bot's message is from: the bot, or in a channel the channel it posts as."""
        chat = self.chat(chat_id)
        return {"sender_chat": chat} if chat["type"] == "channel" else {"from": self.bot_user}

    def _find_sent(self, chat_id: int, message_id: int) -> SentMessage:
        for sent in self.sent.get(chat_id, []):
            if sent.message_id == message_id:
                return sent
        raise ApiError(400, "Bad Request: message to edit not found")

    # ----------------------------------------------------------------- API methods

    async def _get_me(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _get_updates(self, params: dict[str, Any]) -> Any:
        if self.webhook_url is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif isinstance(offset, int) and offset < 0:
            self._updates = self._updates[offset:]
        limit = params.get("limit") or 100
        timeout = min(float(params.get("timeout") or 0), MAX_LONG_POLL_SECONDS)
        if not self._updates and timeout > 0 and not self._closing:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    while not self._updates and not self._closing:
                        await self._changed.wait()
        return self._updates[: int(limit)]

    async def _set_webhook(self, params: dict[str, Any]) -> Any:
        url = params.get("url") or ""
        if url and not re.match(r"^https?://", url):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = url or None
        self.webhook_secret = secret if url else None
        if self.webhook_url:
            pending, self._updates = self._updates, []
            for update in pending:
                self._spawn(self._deliver_webhook(update))
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = None
        self.webhook_secret = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _set_my_commands(self, params: dict[str, Any]) -> Any:
        commands = self._require(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not _COMMAND_RE.match(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        language = self._language_code(params)
        if language:
            self.commands_by_language[language] = commands
        else:
            self.commands = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> Any:
        language = self._language_code(params)
        return self.commands_by_language.get(language, []) if language else self.commands

    async def _delete_my_commands(self, params: dict[str, Any]) -> Any:
        language = self._language_code(params)
        if language:
            self.commands_by_language.pop(language, None)
        else:
            self.commands = []
        return True

    @staticmethod
    def _language_code(params: dict[str, Any]) -> str:
        """A command menu's language: "" (every user without one of their own) or 2 letters."""
        language = str(params.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise ApiError(400, "Bad Request: invalid language code specified")
        return language

    async def _send_message(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_for_send(params)
        parsed = self._parse_text(params.get("text"), params.get("parse_mode"))
        markup = self._check_markup(params.get("reply_markup"))
        self._check_rate(chat_id)
        return self._store_sent(chat_id, params, parsed, markup)

    async def _send_photo(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_for_send(params)
        photo = self._require(params, "photo")
        file_id = photo if isinstance(photo, str) else f"photo{next(self._file_ids)}"
        if isinstance(photo, str):  # a file id of a photo sent before
            if photo not in self._files or not photo.startswith("photo"):
                raise ApiError(400, "Bad Request: wrong remote file identifier specified")
            photo = self._files[photo][1]
        self._check_png(photo)
        parsed = self._parse_caption(params)
        markup = self._check_markup(params.get("reply_markup"))
        self._check_rate(chat_id)
        self._files[file_id] = (f"photos/{file_id}.png", photo)
        media = {
            "photo": [
                {
                    "file_id": file_id,
                    "file_unique_id": f"up{next(self._ids)}",
                    "width": int.from_bytes(photo[16:20]),
                    "height": int.from_bytes(photo[20:24]),
                    "file_size": len(photo),
                }
            ]
        }
        return self._store_media(chat_id, params, parsed, markup, media, photo=photo)

    async def _send_document(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_for_send(params)
        content = self._require(params, "document")
        if not isinstance(content, bytes):
            raise ApiError(400, "Bad Request: wrong remote file identifier specified")
        if not content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        if len(content) > MAX_DOCUMENT_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        parsed = self._parse_caption(params)
        markup = self._check_markup(params.get("reply_markup"))
        self._check_rate(chat_id)
        file_id = f"doc{next(self._file_ids)}"
        name = str(params.get("document.filename") or "file")
        self._files[file_id] = (f"documents/{file_id}_{name}", content)
        media = {
            "document": {
                "file_id": file_id,
                "file_unique_id": f"ud{next(self._ids)}",
                "file_name": name,
                "file_size": len(content),
            }
        }
        return self._store_media(
            chat_id, params, parsed, markup, media, document=content, file_name=name
        )

    def _parse_caption(self, params: dict[str, Any]) -> ParsedText:
        """A media message's caption (optional, at most 1,024 characters after parsing)."""
        caption = params.get("caption")
        if caption is None or caption == "":
            return ParsedText(text="")
        parsed = self._parse_text(caption, params.get("parse_mode"), what="caption")
        if len(parsed.text) > MAX_CAPTION_CHARS:
            raise ApiError(400, "Bad Request: message caption is too long")
        return parsed

    @staticmethod
    def _check_png(photo: bytes) -> None:
        """A photo must be an image Telegram can process: here, a PNG that decodes (`read_png`)."""
        if len(photo) > MAX_PHOTO_BYTES:
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        try:
            width, height = read_png(photo)
        except ValueError:
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED") from None
        if width + height > MAX_PHOTO_SIDES:
            raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")

    def _store_media(
        self,
        chat_id: int,
        params: dict[str, Any],
        parsed: ParsedText,
        markup: Any,
        media: dict[str, Any],
        **stored: Any,
    ) -> dict[str, Any]:
        message = self._new_message(chat_id, **media)
        if parsed.text:
            message["caption"] = parsed.text
        if parsed.entities:
            message["caption_entities"] = parsed.entities
        if markup:
            message["reply_markup"] = markup
        raw = str(params.get("caption") or "")
        return self._keep(message, params, parsed, markup, raw=raw, **stored)

    def _check_inline_button(self, button: Any) -> None:
        """answerInlineQuery's `button`: a text and a start parameter (or a web app)."""
        if button is None or button == "":
            return
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
        start = button.get("start_parameter")
        if start is None and button.get("web_app") is None:
            raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
        if start is not None and not _START_PARAMETER_RE.match(str(start)):
            raise ApiError(400, "Bad Request: START_PARAM_INVALID")

    async def _edit_message_text(self, params: dict[str, Any]) -> Any:
        if params.get("inline_message_id"):
            self._parse_text(params.get("text"), params.get("parse_mode"))
            self._check_markup(params.get("reply_markup"))
            return True
        chat_id = self._chat_for_send(params)
        sent = self._find_sent(chat_id, self._require(params, "message_id"))
        parsed = self._parse_text(params.get("text"), params.get("parse_mode"))
        markup = self._check_markup(params.get("reply_markup"))
        if (
            parsed.text == sent.text
            and parsed.entities == sent.entities
            and (markup == sent.reply_markup)
        ):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        sent.text, sent.raw, sent.entities = parsed.text, params["text"], parsed.entities
        sent.parse_mode, sent.reply_markup = params.get("parse_mode"), markup
        sent.edits += 1
        return self._updated_message(sent)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> Any:
        if params.get("inline_message_id"):
            self._check_markup(params.get("reply_markup"))
            return True
        chat_id = self._chat_for_send(params)
        sent = self._find_sent(chat_id, self._require(params, "message_id"))
        markup = self._check_markup(params.get("reply_markup"))
        if markup == sent.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        sent.reply_markup = markup
        sent.edits += 1
        return self._updated_message(sent)

    def _updated_message(self, sent: SentMessage) -> dict[str, Any]:
        message = dict(self._messages[(sent.chat_id, sent.message_id)])
        message.update(text=sent.text, edit_date=int(time.time()))
        message.pop("entities", None)
        message.pop("reply_markup", None)
        if sent.entities:
            message["entities"] = sent.entities
        if sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        self._messages[(sent.chat_id, sent.message_id)] = message
        return message

    async def _answer_callback_query(self, params: dict[str, Any]) -> Any:
        query_id = str(self._require(params, "callback_query_id"))
        if query_id in self.callback_answers:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is "
                "invalid",
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = params
        return True

    async def _answer_inline_query(self, params: dict[str, Any]) -> Any:
        query_id = str(self._require(params, "inline_query_id"))
        results = params.get("results")
        if not isinstance(results, list):
            raise ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        next_offset = params.get("next_offset")
        if next_offset is not None and len(str(next_offset).encode()) > MAX_NEXT_OFFSET_BYTES:
            raise ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        self._check_inline_button(params.get("button"))
        ids = [str(r.get("id", "")) for r in results]
        if len(set(ids)) != len(ids):
            raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        for result in results:
            if not 1 <= len(str(result.get("id", "")).encode()) <= 64:
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            if result.get("type") == "article":
                if not str(result.get("title", "")).strip():
                    raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
                content = result.get("input_message_content") or {}
                self._parse_text(content.get("message_text"), content.get("parse_mode"))
            self._check_markup(result.get("reply_markup"))
        if query_id in self.inline_answers:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        self.inline_answers[query_id] = params
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_for_send(params)
        self.chat_actions.append((chat_id, str(self._require(params, "action"))))
        return True

    async def _get_file(self, params: dict[str, Any]) -> Any:
        file_id = str(self._require(params, "file_id"))
        if file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        file_path, content = self._files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(content),
            "file_path": file_path,
        }

    async def _get_chat(self, params: dict[str, Any]) -> Any:
        chat_id = self._require(params, "chat_id")
        return {**self.chat(int(chat_id)), "accent_color_id": 0, "max_reaction_count": 11}

    async def _get_chat_member(self, params: dict[str, Any]) -> Any:
        chat_id = self._require(params, "chat_id")
        user_id = self._require(params, "user_id")
        if not isinstance(chat_id, int) or not isinstance(user_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        chat = self.chat(chat_id)
        if chat["type"] == "private":
            if user_id not in (chat_id, self.bot_id):
                raise ApiError(400, "Bad Request: user not found")
            return {"status": "member", "user": self.user(user_id)}
        if user_id == self._owners.get(chat_id):
            return {"status": "creator", "user": self.user(user_id), "is_anonymous": False}
        if user_id in self._admins.get(chat_id, set()):
            return {"status": "administrator", "user": self.user(user_id), **_ADMIN_RIGHTS}
        return {"status": "member", "user": self.user(user_id)}

    async def _close(self, params: dict[str, Any]) -> Any:
        self.closed_calls.append("close")
        return True

    # ----------------------------------------------------------------- control endpoints

    async def _control_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        update = self.send_text(
            body["text"],
            chat_id=int(body.get("chat_id", 1001)),
            chat_type=body.get("chat_type"),
            user_id=body.get("user_id"),
        )
        return web.json_response(update)

    async def _control_sent(self, request: web.Request) -> web.Response:
        chat_id = int(request.query["chat_id"])
        return web.json_response(
            [
                {"message_id": m.message_id, "text": m.text, "raw": m.raw, "at": m.at}
                for m in self.sent_to(chat_id)
            ]
        )

    async def _control_requests(self, request: web.Request) -> web.Response:
        return web.json_response(
            [
                {"method": r.method, "status": r.status, "description": r.description}
                for r in self.requests
            ]
        )

    async def _control_sent_counts(self, request: web.Request) -> web.Response:
        # For benchmarks in another process: messages per chat, when the first and last were
        # accepted, and what rate enforcement refused (added for bench/fanout.py).
        times = [m.at for messages in self.sent.values() for m in messages]
        return web.json_response(
            {
                "counts": {str(chat): len(messages) for chat, messages in self.sent.items()},
                "first_at": min(times, default=None),
                "last_at": max(times, default=None),
                "refused": self.rate_counters.refused,
                "max_per_second": self.rate_counters.max_per_second,
                "statuses": {
                    str(status): sum(
                        1
                        for r in self.requests
                        if r.method == "sendmessage" and r.status == status
                    )
                    for status in {r.status for r in self.requests}
                },
            }
        )


def _text_content(text: str) -> dict[str, Any]:
    """A typed text with the entities Telegram gives it: a command at its start, @mentions."""
    entities = [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": len(m[0])}
        for m in _BOT_COMMAND_RE.finditer(text)
        if m.start() == 0
    ]
    entities += [
        {"type": "mention", "offset": utf16_len(text[: m.start()]), "length": len(m[0])}
        for m in _MENTION_RE.finditer(text)
        if m.start() == 0 or text[m.start() - 1].isspace()
    ]
    content: dict[str, Any] = {"text": text}
    if entities:
        content["entities"] = sorted(entities, key=lambda e: e["offset"])
    return content


_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type → samples per pixel


def read_png(data: bytes) -> tuple[int, int]:
    """Decode a PNG as far as telling it is whole and consistent: the signature, every chunk's
    CRC, IHDR first and IEND last, and image data that inflates to exactly the rows its header
    describes (non-interlaced). Returns (width, height); raises ValueError otherwise."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG signature")
    position, chunks = len(PNG_SIGNATURE), []
    while position < len(data):
        if position + 12 > len(data):
            raise ValueError("truncated chunk")
        length = int.from_bytes(data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        crc = data[position + 8 + length : position + 12 + length]
        if len(body) != length or len(crc) != 4:
            raise ValueError(f"truncated {kind!r} chunk")
        if zlib.crc32(kind + body) != int.from_bytes(crc):
            raise ValueError(f"bad CRC in {kind!r}")
        chunks.append((kind, body))
        position += 12 + length
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise ValueError("IHDR must come first and IEND last")
    header = chunks[0][1]
    if len(header) != 13:
        raise ValueError("IHDR is not 13 bytes")
    width, height = int.from_bytes(header[0:4]), int.from_bytes(header[4:8])
    depth, colour, interlace = header[8], header[9], header[12]
    if not width or not height or colour not in _PNG_CHANNELS or interlace != 0:
        raise ValueError("unsupported or empty image")
    try:
        pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    except zlib.error as exc:
        raise ValueError(f"image data does not inflate: {exc}") from None
    row = math.ceil(width * _PNG_CHANNELS[colour] * depth / 8)
    if len(pixels) != height * (1 + row):
        raise ValueError("image data does not match the header's size")
    return width, height
