"""A small round-robin HTTP proxy for tests: the load balancer in front of web replicas.

Each request goes to the next upstream in turn, as any simple load balancer does; the proxy
records which upstream answered what, so a test can tell where an update went.
"""

from __future__ import annotations

import io
import itertools
import json
from dataclasses import dataclass

import aiohttp
from aiohttp import web

MAX_PROXIED_BYTES = 8 * 1024 * 1024
"""The proxy's own body limit (like nginx's client_max_body_size): above the bot's 1 MB cap,
so the bot's 413 is what a client sees."""
HOP_BY_HOP = frozenset(
    {"host", "connection", "keep-alive", "transfer-encoding", "content-length", "upgrade"}
)


@dataclass(frozen=True)
class Forwarded:
    """One proxied request: where it went and what came back."""

    upstream: int
    path: str
    status: int
    update_id: int | None


class RoundRobinProxy:
    """`async with RoundRobinProxy([url, ...]) as proxy:` listens on `proxy.url`."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams
        self.log: list[Forwarded] = []
        self._turns = itertools.cycle(range(len(upstreams)))
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> RoundRobinProxy:
        app = web.Application(client_max_size=MAX_PROXIED_BYTES)
        app.router.add_route("*", "/{rest:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._client = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._client is not None
        index = next(self._turns)
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        async with self._client.request(
            request.method,
            self.upstreams[index] + request.path_qs,
            data=io.BytesIO(body),  # aiohttp warns on large raw bytes
            headers=headers,
        ) as answer:
            payload = await answer.read()
            status = answer.status
            content_type = answer.headers.get("Content-Type")
        self.log.append(Forwarded(index, request.path, status, _update_id(body)))
        response = web.Response(status=status, body=payload)
        if content_type:
            response.headers["Content-Type"] = content_type
        return response


def _update_id(body: bytes) -> int | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    found = data.get("update_id") if isinstance(data, dict) else None
    return found if isinstance(found, int) else None
