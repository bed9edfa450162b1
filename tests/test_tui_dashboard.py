"""The supervisor's dashboard in the workstation: the numbers of store.reports on screen, the
panes by number keys, the drill-down from a top fault to its tickets, and an idle dashboard
that costs nothing (no redraw, no recomputing) until the data changes.

The snapshots at the end are deterministic the way tests/test_snapshots.py's are: the demo
store's fixed seed and reference time, a frozen clock, and waiting on the workers.
Update them with `pytest tests/test_tui_dashboard.py --snapshot-update`.
"""

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, DataTable, Static

from agent_console import kpis
from agent_console.i18n import set_language, t
from agent_console.screens.dashboard import CHECK_EVERY_S, PERIOD, DashboardScreen
from agent_console.screens.queue import QueueScreen
from agent_console.screens.ticket import TicketScreen
from agent_console.store import actions, reports
from agent_console.store.engine import open_store
from agent_console.store.identity import resolve_actor
from agent_console.vocab import Category, ChecklistAction
from tests.conftest import FixedClock
from tests.test_tui_service import notices
from tests.tui_harness import (
    CLOCK_START,
    add_service_work,
    make_app,
    make_app_as,
    option_ids,
    pick,
    settle,
    supervisor,
)

SIZES = [(80, 24), (120, 40)]


def report_of(db: Path) -> kpis.Report:
    """The numbers as store.reports computes them for the dashboard's period at the clock."""
    store = open_store(db, clock=FixedClock(CLOCK_START, timedelta(0)))
    try:
        with store.read() as session:
            period = kpis.Period(CLOCK_START - PERIOD, CLOCK_START)
            return reports.report(session, store.commitments, period, CLOCK_START)
    finally:
        store.close()


def follow_blue_screen(db: Path) -> str:
    """A software ticket of the period on a known model follows the blue-screen procedure to
    its end at the first step; returns its number."""
    line = next(f for f in report_of(db).faults if f.category is Category.SOFTWARE)
    number = line.numbers[0]
    store = open_store(db, clock=FixedClock(CLOCK_START - timedelta(hours=1)))
    try:
        actor = resolve_actor(store, None)
        actions.choose_procedure(store, actor, number, "blue-screen")
        actions.record_step(store, actor, number, "reboot", ChecklistAction.DONE)
    finally:
        store.close()
    return number


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def table_rows(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def table_keys(app, selector: str) -> list[str]:
    table = app.screen.query_one(selector, DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def open_dashboard(pilot) -> DashboardScreen:
    await settle(pilot)
    screen = DashboardScreen(pilot.app.store, pilot.app.actor)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def running_timers(screen: DashboardScreen) -> list:
    return [
        timer
        for node in [screen, *screen.walk_children()]
        for timer in node._timers
        if timer._task is not None and not timer._task.done() and timer._active.is_set()
    ]


# --- the numbers ----------------------------------------------------------------------------


async def test_the_overview_shows_the_numbers_of_the_report(demo_db: Path) -> None:
    add_service_work(demo_db)  # a survey answer, so NPS is a number
    expected = report_of(demo_db)
    app = make_app(demo_db, frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        sla, rates = text_of(app, "#dashboard-sla"), text_of(app, "#dashboard-rates")
        live = text_of(app, "#dashboard-live")
        sub_title = app.screen.sub_title
    assert f"{t('dashboard.item.breached_now')} {expected.breached_now}" in sla
    assert f"{t('dashboard.item.breaching_soon')} {expected.breaching_soon}" in sla
    fcr = expected.first_contact_resolution
    assert f"{t('dashboard.item.fcr')} {'-' if fcr is None else f'{fcr:.0f}%'}" in rates
    nps = "-" if expected.nps is None else f"{expected.nps:.0f}"
    assert f"{t('dashboard.item.nps')} {nps}" in rates
    assert f"{t('dashboard.item.created')} {expected.created}" in rates
    assert f"{t('dashboard.item.total')} {sum(expected.by_status.values())}" in live
    for line in expected.attainment:
        assert f"{t(f'clock_kind.{line.kind}')} {line.rate:.0f}% {line.met}/" in sla
    assert "2026-10-21" in sub_title, "the period: the 30 days up to now"


async def test_no_data_shows_a_dash(demo_db: Path) -> None:
    expected = report_of(demo_db)
    assert expected.surveys == 0 and expected.nps is None, "the demo store has no survey"
    app = make_app(demo_db, frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        rates = text_of(app, "#dashboard-rates")
    assert f"{t('dashboard.item.nps')} -" in rates
    assert f"{t('dashboard.item.csat')} -" in rates


async def test_the_queue_opens_the_dashboard_with_b_and_esc_returns(demo_db: Path) -> None:
    app = make_app(demo_db, frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


# --- panes and the drill-down -------------------------------------------------------------


async def test_number_keys_switch_panes_and_a_fault_drills_down_to_its_tickets(
    demo_db: Path,
) -> None:
    expected = report_of(demo_db)
    app = make_app(demo_db, frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(pilot)
        switcher = screen.query_one(ContentSwitcher)
        assert switcher.current == "dashboard-overview"
        for key, pane in (("2", "engineers"), ("4", "procedures"), ("3", "faults")):
            await pilot.press(key)
            await settle(pilot)
            assert switcher.current == f"dashboard-{pane}"
            assert app.focused is screen.query_one(f"#dashboard-{pane}")
        names = [row[0] for row in table_rows(app, "#dashboard-engineers")]
        assert names == [line.name for line in expected.engineers]
        models = [key.split("\n")[0] for key in table_keys(app, "#dashboard-faults")]
        counts = [row[2] for row in table_rows(app, "#dashboard-faults")]
        assert models == [line.model for line in expected.faults]
        assert counts == [str(line.count) for line in expected.faults]

        await pilot.press("down", "enter")  # the second fault line
        await settle(pilot)
        line = expected.faults[1]
        assert switcher.current == "dashboard-drill"
        assert table_keys(app, "#dashboard-drill") == list(line.numbers)
        assert line.model in text_of(app, "#dashboard-tabs")

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.number == line.numbers[0]

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and switcher.current == "dashboard-drill"
        await pilot.press("escape")
        await settle(pilot)
        assert switcher.current == "dashboard-faults"
        await pilot.press("1")
        await settle(pilot)
        assert switcher.current == "dashboard-overview"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


def ticket_state(db: Path, number: str) -> tuple[str, str | None]:
    """(priority, assignee name) of the ticket, as stored."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT t.priority, a.name FROM ticket t LEFT JOIN agent a ON a.id = t.assignee_id"
            " WHERE t.number = ?", (number,),
        ).fetchone()  # fmt: skip


async def drill_into_first_fault(pilot) -> DashboardScreen:
    screen = await open_dashboard(pilot)
    await pilot.press("3", "enter")
    await settle(pilot)
    assert screen.pane == "drill"
    return screen


async def test_a_supervisor_reassigns_and_reprioritizes_from_the_drill_down(
    demo_db: Path,
) -> None:
    app = make_app_as(demo_db, supervisor(demo_db), frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await drill_into_first_fault(pilot)
        number = table_keys(app, "#dashboard-drill")[0]
        priority, assignee = ticket_state(demo_db, number)
        new_priority = "P1" if priority != "P1" else "P2"

        await pilot.press("p")
        await settle(pilot)
        await pick(pilot, new_priority)
        await settle(pilot)
        assert ticket_state(demo_db, number) == (new_priority, assignee)
        drilled = dict(zip(table_keys(app, "#dashboard-drill"),
                           table_rows(app, "#dashboard-drill"), strict=True))  # fmt: skip
        assert new_priority in drilled[number], "the drill-down shows the new priority"

        await pilot.press("a")
        await settle(pilot)
        other = next(name for name in option_ids(app) if name != assignee)
        await pick(pilot, other)
        await settle(pilot)
        assert ticket_state(demo_db, number) == (new_priority, other)
        assert any(number in notice for notice in notices(app))


async def test_only_a_supervisor_may_change_tickets_from_the_dashboard(demo_db: Path) -> None:
    app = make_app(demo_db, frozen=True)  # the demo's acting agent: customer service
    async with app.run_test(size=(80, 24)) as pilot:
        await drill_into_first_fault(pilot)
        number = table_keys(app, "#dashboard-drill")[0]
        before = ticket_state(demo_db, number)
        for key in ("a", "p"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen), "refused before anything is asked"
        assert ticket_state(demo_db, number) == before
        refusal = t("error.supervisor_required", name=app.actor.name, number=number)
        assert notices(app).count(refusal) == 2


async def test_reassigning_is_offered_on_the_drill_down_only(demo_db: Path) -> None:
    app = make_app_as(demo_db, supervisor(demo_db), frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("a", "p")
        await settle(pilot)
        assert app.screen is screen and screen.pane == "faults", "no prompt off the drill-down"
        assert not screen.check_action("reassign", ()), "and no key for it in the footer"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.check_action("reassign", ()) and screen.check_action("reprioritize", ())


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_a_fault_is_named_by_its_procedure_and_sop_endings_are_listed(
    demo_db: Path, language: str
) -> None:
    number = follow_blue_screen(demo_db)
    line = next(f for f in report_of(demo_db).faults if number in f.numbers)
    assert line.procedure == "blue-screen"
    set_language(language)
    title = {"zh": "电脑蓝屏", "en": "Blue screen (BSOD)"}[language]
    app = make_app(demo_db, frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("3")
        await settle(pilot)
        faults = table_rows(app, "#dashboard-faults")
        await pilot.press("4")
        await settle(pilot)
        endings = table_rows(app, "#dashboard-procedures")
    assert [line.model, title, str(line.count), f"{line.share:.0f}%"] in faults
    assert len(endings) == 1
    assert endings[0][0] == title
    assert endings[0][2:] == [t("sop.outcome.resolve"), "1", "100%"]


# --- an idle dashboard ----------------------------------------------------------------------


async def test_an_idle_dashboard_neither_redraws_nor_recomputes_until_data_changes(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = report_of(demo_db).faults[0].numbers[0]
    computed = []
    compute = reports.report

    def counting(*args, **kwargs):
        computed.append(args[2])
        return compute(*args, **kwargs)

    monkeypatch.setattr(reports, "report", counting)
    app = make_app(demo_db, frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(pilot)
        assert len(computed) == 1, "computed once on opening"
        timers = running_timers(screen)
        assert timers, "the dashboard checks for changes on a timer"
        assert all(timer._interval >= CHECK_EVERY_S >= 10 for timer in timers)

        refreshed: list[str] = []
        for widget in [screen, *screen.walk_children()]:
            original = widget.refresh

            def counted(*args, widget=widget, original=original, **kwargs):
                refreshed.append(repr(widget))
                return original(*args, **kwargs)

            widget.refresh = counted  # type: ignore[method-assign]

        for _ in range(3):  # what the 10 s timer does, three times over
            screen.check()
            await settle(pilot)
        assert computed == [computed[0]], "nothing changed: nothing computed"
        assert refreshed == [], "nothing changed: nothing redrawn"

        # A note from another session, a few seconds later: the stamp moves.
        other = open_store(demo_db, clock=FixedClock(CLOCK_START + timedelta(seconds=5)))
        try:
            actor = resolve_actor(other, None)
            actions.add_note(other, actor, number, "回访确认")
        finally:
            other.close()
        screen.check()
        await settle(pilot)
        assert len(computed) == 2, "the data changed: computed again"

        app.store.clock.current += timedelta(minutes=1)  # "due within the hour" moves on
        screen.check()
        await settle(pilot)
        assert len(computed) == 3, "a new minute: computed again"

        await pilot.press("2")
        await settle(pilot)
        assert refreshed, "the count sees a redraw when there is one"


async def test_r_recomputes_at_once(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    computed = []
    compute = reports.report
    monkeypatch.setattr(reports, "report", lambda *a, **k: computed.append(1) or compute(*a, **k))
    app = make_app(demo_db, frozen=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("r")
        await settle(pilot)
    assert len(computed) == 2


# --- snapshots ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["zh", "en"])
def test_overview_snapshot(snap_compare, demo_db: Path, language: str, size) -> None:
    """The overview on the demo store plus add_service_work's tickets (a survey among them)."""
    add_service_work(demo_db)
    set_language(language)
    app = make_app(demo_db, frozen=True)

    async def run_before(pilot) -> None:
        await open_dashboard(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
