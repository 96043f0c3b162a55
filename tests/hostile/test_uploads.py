"""A hostile document uploaded by an administrator: bounded, and the reply says what was cut."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from briefing.limits import MAX_FACTS_PER_DOCUMENT
from db.engine import new_session
from db.facts import facts
from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed, app, feed
from tests.handlers.test_admin import ADMIN, make_admin

__all__ = ["app", "feed"]  # the handler fixtures, used here


async def test_an_upload_over_the_limits_is_stored_bounded_and_the_reply_names_the_limits(
    botapi: BotApiServer, feed: Feed, engine: Engine, app: AnyApplication
) -> None:
    make_admin(app)
    items = ", ".join(f"{i + 1} enterprises in district {i}" for i in range(2_500))
    text = f"Shenzhen Counts\n\n2023-05-01 Daily\n\nIn 2023 Shenzhen had {items}.\n"
    await feed(botapi.send_document(text.encode(), file_name="counts.txt", chat_id=ADMIN))
    (reply,) = botapi.sent_to(ADMIN)
    assert "documents: 1 new" in reply.text
    assert "cut into clauses" in reply.text
    assert f"only the first {MAX_FACTS_PER_DOCUMENT:,} kept" in reply.text
    with new_session(engine) as session:
        assert len(facts(session=session, document_slug="counts")) == MAX_FACTS_PER_DOCUMENT
