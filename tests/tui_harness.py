"""Building the workstation on a store with a frozen clock, and waiting for it to settle."""

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from agent_console.app import AgentConsoleApp
from agent_console.config import load_settings
from agent_console.store.engine import open_store
from agent_console.store.identity import resolve_actor
from tests.conftest import FixedClock

CLOCK_START = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the demo's --now


def make_app(db: Path, *, frozen: bool = False) -> AgentConsoleApp:
    step = timedelta(0) if frozen else timedelta(seconds=1)
    store = open_store(db, clock=FixedClock(CLOCK_START, step))
    actor = resolve_actor(store, None)
    return AgentConsoleApp(store, load_settings(db=db), actor)


def supervisor(db: Path) -> str:
    """A supervisor of the demo store (its acting agent is a customer-service agent)."""
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            "SELECT name FROM agent WHERE role = 'supervisor' ORDER BY name"
        ).fetchone()
    return found[0]


def make_app_as(db: Path, name: str, *, frozen: bool = False) -> AgentConsoleApp:
    """The workstation as another agent of the store, as AGENT_CONSOLE_AGENT would choose."""
    app = make_app(db, frozen=frozen)
    app.actor = resolve_actor(app.store, name)
    return app


async def settle(pilot) -> None:
    """Wait for database workers and the messages they post, never for wall time."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_first_ticket(pilot, view_key: str = "5") -> None:
    """From the queue: switch to a view and open its first ticket."""
    await settle(pilot)
    await pilot.press(view_key)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def option_ids(app) -> list[str]:
    """The ids of the choices offered by the prompt on top."""
    from textual.widgets import OptionList

    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


@dataclass(frozen=True)
class ServiceWork:
    """Tickets add_service_work made, by what they show."""

    closed_last_week: str  # signed off a week ago: its call after closure is overdue
    closed_today: str  # resolved, signed off and surveyed an hour ago: its call is pending
    resolved: str  # resolved with a part fitted and an estimate; waiting for the sign-off
    complaint_old: str  # two days old: not accepted in 24 h
    complaint_new: str  # half an hour old: every clock running
    visits_today: tuple[str, ...]  # the acting agent's visits today, in window order
    visit_tomorrow: str


def _customers_with_devices(db: Path, count: int) -> list[tuple[str, str]]:
    """(phone, serial) of the first customers with a device under warranty on the clock's day."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT c.phone, min(d.serial) FROM customer c JOIN device d ON d.customer_id = c.id "
            "WHERE d.warranty_end >= '2027-06-01' GROUP BY c.id ORDER BY c.id LIMIT ?",
            (count,),
        ).fetchall()


def add_service_work(db: Path) -> ServiceWork:
    """Follow-up calls, complaints, visits and a closed ticket's record on the demo store,
    all made through the store's own functions at times before CLOCK_START."""
    from agent_console.store import actions, closure, estimates, parts, queries, visits
    from agent_console.survey import Scores
    from agent_console.vocab import Category, Channel, ConfirmedVia, ServiceMode

    clock = FixedClock(CLOCK_START)
    store = open_store(db, clock=clock)
    callers = _customers_with_devices(db, 7)
    try:
        actor = resolve_actor(store, None)
        with store.read() as session:
            people = [
                (queries.find_customer(session, phone), queries.find_device(session, serial))
                for phone, serial in callers
            ]
            part = parts.catalogue(session)[0].number

        def ticket(index: int, subject: str, category: Category = Category.HARDWARE) -> str:
            customer, device = people[index]
            return actions.create_ticket(
                store, actor, subject=subject, customer=customer, device=device,
                channel=Channel.PHONE, category=category, service_mode=ServiceMode.ONSITE,
            ).number  # fmt: skip

        def close(number: str, by: str) -> None:
            closure.resolve(store, actor, number, cause="电池老化", solution="更换电池")
            closure.accept(store, actor, number, by=by, via=ConfirmedVia.PHONE)

        clock.current = CLOCK_START - timedelta(days=7)
        closed_last_week = ticket(0, "电池续航不足")
        close(closed_last_week, "张先生")

        clock.current = CLOCK_START - timedelta(days=2)
        complaint_old = ticket(1, "投诉上门工程师迟到", Category.COMPLAINT)

        clock.current = CLOCK_START - timedelta(hours=3)
        resolved = ticket(2, "风扇噪音大")
        estimates.make_estimate(store, actor, resolved, part_numbers=[(part, 1)],
                                labour_cents=15000)  # fmt: skip
        parts.request_part(store, actor, resolved, part)

        clock.current = CLOCK_START - timedelta(hours=1)
        closed_today = ticket(3, "键盘按键失灵")
        close(closed_today, "李女士")
        closure.record_survey(store, actor, closed_today, Scores(5, 4, 5, 9), "修得很快")
        closure.resolve(store, actor, resolved, cause="风扇积灰", solution="清洁风扇")

        clock.current = CLOCK_START - timedelta(minutes=30)
        complaint_new = ticket(4, "投诉备件迟迟未到", Category.COMPLAINT)
        late = ticket(5, "打印机卡纸")
        early = ticket(6, "显示器花屏")
        visit = partial(visits.book, store, actor, engineer=actor.name)
        visit(late, start=CLOCK_START + timedelta(hours=5), address="浦东新区世纪大道 100 号 12 楼",
              bring="梅花螺丝刀", confirmed_via=ConfirmedVia.PHONE)  # fmt: skip
        visit(early, start=CLOCK_START + timedelta(hours=1), address="徐汇区漕溪北路 88 号 3 楼")
        tomorrow = ticket(1, "主板更换")
        visit(tomorrow, start=CLOCK_START + timedelta(days=1), address="静安区南京西路 1266 号")
    finally:
        store.close()
    return ServiceWork(
        closed_last_week, closed_today, resolved, complaint_old, complaint_new,
        (early, late), tomorrow,
    )  # fmt: skip


async def pick(pilot, value: str) -> None:
    """In the choice prompt on top: move to the option `value` and take it."""
    ids = option_ids(pilot.app)
    assert value in ids, ids
    await pilot.press(*["down"] * ids.index(value), "enter")
    await pilot.pause()


async def service_work(pilot, action: str, *answers: str) -> None:
    """w on the ticket, the action picked, then each answer typed and entered; an answer
    starting with "=" picks that option of a choice prompt instead."""
    await pilot.press("w")
    await pilot.pause()
    await pick(pilot, action)
    for answer in answers:
        if answer.startswith("="):
            await pick(pilot, answer[1:])
        else:
            await pilot.press(*answer, "enter")
            await pilot.pause()
    await settle(pilot)
