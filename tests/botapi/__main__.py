"""Run the Bot API test server standalone: `python -m tests.botapi --port 8081`.

Point a bot at it with TELEGRAM_API_BASE_URL=http://127.0.0.1:8081/bot. Users are simulated
through the control endpoints: POST /_test/message {"chat_id": 1, "text": "hi"}, then
GET /_test/sent?chat_id=1 and GET /_test/requests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from tests.botapi.server import DEFAULT_TOKEN, BotApiServer, RateLimits


async def serve(args: argparse.Namespace) -> None:
    """Start the server and keep it up until interrupted."""
    server = BotApiServer(token=args.token, host=args.host, port=args.port)
    if args.rate_limits:
        server.enforce_rate_limits(RateLimits())
    async with server:
        print(f"Bot API test server on {server.base_url}<token>/", flush=True)  # noqa: T201
        await asyncio.Event().wait()


def main() -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(prog="python -m tests.botapi", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--rate-limits", action="store_true", help="enforce Telegram's limits")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
