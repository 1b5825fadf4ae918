"""The client's slots are shared fairly between the problems of a batch or a contest day (solver/model/slots.py)."""
import asyncio

from solver.model.slots import Slots


async def _grants(slots: Slots, queued: list[tuple[str, int]], releases: int, holder: str) -> list[str]:
    """Queue requests (owner, k) on full slots held by HOLDER, free one unit at a time RELEASES times, and return
    the owners in the order they were granted."""
    order: list[str] = []

    async def ask(owner: str, k: int):
        await slots.acquire(k, owner)
        order.append(owner)

    tasks = []
    for owner, k in queued:
        tasks.append(asyncio.create_task(ask(owner, k)))
        await asyncio.sleep(0)  # queued in this order
    for _ in range(releases):
        await slots.release(1, holder)
        for _ in range(5):
            await asyncio.sleep(0)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return order


def test_a_freed_slot_goes_to_the_waiting_owner_holding_fewest():
    async def main():
        slots = Slots(4)
        for _ in range(4):
            await slots.acquire(1, "first")
        # "first" queued 6 more before "late" asked for 3: first come first served would give "late" nothing
        # until all 6 were in; fair sharing gives each freed slot to whichever holds fewer, until they hold the same
        order = await _grants(slots, [("first", 1)] * 6 + [("late", 1)] * 3, releases=4, holder="first")
        return order, dict(slots.held)

    order, held = asyncio.run(main())
    # holdings (first, late) after each grant: (3, 1), (2, 2), (2, 2), (2, 2)
    assert order == ["late", "late", "first", "first"]
    assert held == {"first": 2, "late": 2}


def test_one_owner_alone_is_served_first_come_first_served_and_never_waits_on_free_slots():
    async def main():
        slots = Slots(2)
        got = [await slots.acquire(1, "only"), await slots.acquire(1, "only")]
        assert slots.free == 0
        order = await _grants(slots, [("only", 1)] * 3, releases=2, holder="only")
        return got, order

    got, order = asyncio.run(main())
    assert got == [1, 1] and order == ["only", "only"]


def test_a_request_too_big_for_what_is_free_does_not_hold_back_one_that_fits():
    async def main():
        slots = Slots(3)
        for _ in range(3):
            await slots.acquire(1, "a")
        # "big" holds nothing and asks for 2; "a" asks for 1. One freed unit fits only "a"'s request
        return await _grants(slots, [("big", 2), ("a", 1)], releases=1, holder="a")

    assert asyncio.run(main()) == ["a"]


def test_a_problem_plans_only_its_even_share_while_others_are_at_work_and_all_of_it_alone():
    async def main():
        slots = Slots(9)
        for owner in ("a", "b", "c"):
            slots.join(owner)
        first = slots.room("a")  # nothing held yet: b and c will ask for their 3 each
        for _ in range(3):
            await slots.acquire(1, "a")
        full = slots.room("a")
        for _ in range(3):
            await slots.acquire(1, "b")
        slots.leave("c")  # c is done: its share is a's and b's
        after = slots.room("a"), slots.room("b")
        slots.leave("b")
        return first, full, after, slots.room("a")

    first, full, after, alone = asyncio.run(main())
    assert first == 3 and full == 0
    assert after == (2, 2)  # 3 free; shares are 9 // 2 = 4, so each keeps 1 for the other, who holds 3
    assert alone == 3
