"""The update budget and the fair processor, on a clock the test moves."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, MessageEntity, Update, User

from bot.fairness import Allowance, FairUpdateProcessor, UpdateBudget, counts_against_budget


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def message_update(
    update_id: int, *, user_id: int, chat_id: int | None = None, text: str = "hi"
) -> Update:
    chat_id = user_id if chat_id is None else chat_id
    chat = Chat(chat_id, Chat.PRIVATE if chat_id == user_id else Chat.SUPERGROUP)
    user = User(user_id, f"user{user_id}", is_bot=False)
    entities = (
        [MessageEntity(MessageEntity.BOT_COMMAND, 0, len(text.split()[0]))]
        if text.startswith("/")
        else []
    )
    message = Message(
        update_id,
        datetime(2025, 1, 1, tzinfo=UTC),
        chat,
        from_user=user,
        text=text,
        entities=entities,
    )
    return Update(update_id, message=message)


def test_a_user_gets_a_burst_then_a_steady_rate() -> None:
    clock = Ticks()
    budget = UpdateBudget(user=Allowance(burst=3, per_second=0.5), clock=clock)
    admitted = [budget.admit(user_id=7, chat_id=7).admitted for _ in range(5)]
    assert admitted == [True, True, True, False, False]
    clock.t += 1.0  # half a token: still nothing
    assert not budget.admit(user_id=7, chat_id=7).admitted
    clock.t += 1.0
    assert budget.admit(user_id=7, chat_id=7).admitted
    assert budget.admit(user_id=8, chat_id=8).admitted  # another user was never touched


def test_a_flooder_is_warned_once_per_spell() -> None:
    clock = Ticks()
    budget = UpdateBudget(user=Allowance(burst=2, per_second=1.0), clock=clock)
    results = [budget.admit(user_id=7, chat_id=7) for _ in range(6)]
    assert [r.warn for r in results] == [False, False, True, False, False, False]
    clock.t += 10.0  # the bucket refills: a later flood is a new spell
    results = [budget.admit(user_id=7, chat_id=7) for _ in range(4)]
    assert [r.warn for r in results] == [False, False, True, False]
    assert budget.dropped == 6


def test_a_group_has_its_own_budget_beside_each_members() -> None:
    clock = Ticks()
    budget = UpdateBudget(
        user=Allowance(burst=5, per_second=1.0),
        chat=Allowance(burst=6, per_second=0.0),
        clock=clock,
    )
    members = [budget.admit(user_id=u, chat_id=-100).admitted for u in (1, 2, 3) for _ in "ab"]
    assert members == [True] * 6
    assert not budget.admit(user_id=4, chat_id=-100).admitted  # the group is spent
    assert budget.admit(user_id=4, chat_id=4).admitted  # the member, in private, is not


async def test_a_chat_holds_at_most_one_slot_so_other_chats_go_first() -> None:
    processor = FairUpdateProcessor(
        slots=2, budget=UpdateBudget(user=Allowance(burst=100, per_second=1.0))
    )
    release = asyncio.Event()
    done: list[int] = []

    async def slow(update_id: int) -> None:
        await release.wait()  # the flooder's reply waits for its chat's pace
        done.append(update_id)

    async def quick(update_id: int) -> None:
        done.append(update_id)

    flood = [
        asyncio.create_task(processor.do_process_update(message_update(i, user_id=7), slow(i)))
        for i in range(1, 11)
    ]
    await asyncio.sleep(0)
    other = message_update(99, user_id=8)
    await asyncio.wait_for(processor.do_process_update(other, quick(99)), timeout=5)
    assert done == [99]  # answered while the flooder's first update still runs
    release.set()
    await asyncio.gather(*flood)
    assert done[1:] == list(range(1, 11))  # the flooder's own updates keep their order


class Recorded:
    """A processor allowing each user a burst of 2 updates; which updates ran and which were
    answered "slow down"."""

    def __init__(self) -> None:
        self.ran: list[int] = []
        self.told: list[int] = []
        self.processor = FairUpdateProcessor(
            budget=UpdateBudget(user=Allowance(burst=2, per_second=1.0), clock=Ticks())
        )
        self.processor.notify = self._notify

    async def process(self, update: Update) -> None:
        await self.processor.do_process_update(update, self._handle(update.update_id))

    async def _notify(self, update: Update) -> None:
        self.told.append(update.update_id)

    async def _handle(self, update_id: int) -> None:
        self.ran.append(update_id)


async def test_updates_over_budget_never_run_and_the_sender_is_told_once() -> None:
    recorded = Recorded()
    for i in range(1, 6):
        await recorded.process(message_update(i, user_id=7))
    assert recorded.ran == [1, 2]
    assert recorded.told == [3]


def test_group_chatter_not_addressed_to_the_bot_is_not_counted() -> None:
    assert counts_against_budget(message_update(1, user_id=7))  # private: always
    assert counts_against_budget(message_update(2, user_id=7, chat_id=-100, text="/help"))
    assert not counts_against_budget(message_update(3, user_id=7, chat_id=-100, text="lunch?"))


def test_channel_posts_count_only_when_they_are_commands() -> None:
    channel = Chat(-1002223334, Chat.CHANNEL)

    def post(update_id: int, text: str) -> Update:
        entities = (
            [MessageEntity(MessageEntity.BOT_COMMAND, 0, len(text))] if text[0] == "/" else []
        )
        message = Message(
            update_id,
            datetime.now(UTC),
            channel,
            sender_chat=channel,
            text=text,
            entities=entities,
        )
        return Update(update_id, channel_post=message)

    assert counts_against_budget(post(1, "/subscribe"))
    assert not counts_against_budget(post(2, "Today's news"))  # a busy channel is never told


async def test_a_lively_group_is_never_told_to_slow_down() -> None:
    recorded = Recorded()
    for i in range(1, 31):
        await recorded.process(message_update(i, user_id=7, chat_id=-100, text=f"chatter {i}"))
    assert recorded.ran == list(range(1, 31)) and recorded.told == []
