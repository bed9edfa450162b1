"""Service execution and closure in the workstation, by keys alone: the follow-up calls, the
complaints, an engineer's day, and a ticket's service record, resolution, survey and sign-off."""

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from agent_console.i18n import set_language
from agent_console.screens.complaints import ComplaintScreen
from agent_console.screens.day import DayScreen
from agent_console.screens.followups import FollowUpScreen
from agent_console.screens.help import HelpScreen
from agent_console.screens.queue import QueueScreen
from agent_console.screens.ticket import TicketScreen, parse_survey
from tests.tui_harness import ServiceWork, add_service_work, make_app, option_ids, settle


@pytest.fixture
def work(demo_db: Path) -> ServiceWork:
    return add_service_work(demo_db)


def rows(app) -> list[list[str]]:
    """The table on screen as text, row by row."""
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notices(app) -> list[str]:
    return [notice.message for notice in app._notifications]


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def follow_ups_of(db: Path, number: str) -> list[tuple]:
    return query(
        db,
        "SELECT f.kind, f.done_by, f.outcome FROM follow_up f JOIN ticket t ON t.id = f.ticket_id "
        "WHERE t.number = ? ORDER BY f.due_at",
        number,
    )


async def open_ticket(pilot, number: str, view: str = "5") -> None:
    """From the queue: a view, the filter, the number typed, then Enter twice."""
    await settle(pilot)
    await pilot.press(view, "slash", *number)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TicketScreen) and pilot.app.screen.number == number


# --- follow-up calls --------------------------------------------------------------------------


async def test_follow_up_calls_soonest_first_and_one_made_by_keys(
    demo_db: Path, work: ServiceWork
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        shown = rows(app)
        numbers = [row[2] for row in shown]
        assert numbers[:2] == [work.closed_last_week, work.closed_today], "soonest first"
        assert shown[0][1].startswith("-"), "the overdue call shows its time past due"
        assert not shown[1][1].startswith("-")
        assert "1 overdue" in text_of(app, "#follow-up-title")
        assert [row[5] for row in shown[:2]] == ["After closure", "After closure"]

        await pilot.press("space")  # the overdue call: asks what came of it
        await pilot.pause()
        await pilot.press(*"Battery holds a full day", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        assert rows(app)[0][2] == work.closed_today, "the call left the list"

        # A preventive call of the ticket closed today, picked before its call after closure:
        # the call picked is the one recorded.
        # Preventive calls reach years ahead: the list holds the week's calls until `a`.
        assert [row[5] for row in rows(app)] == ["After closure"]
        assert "due within 7 days" in text_of(app, "#follow-up-title")
        await pilot.press("a")
        await settle(pilot)
        assert "Preventive" in [row[5] for row in rows(app)]
        assert "all" in text_of(app, "#follow-up-title")
        before = [row[2] for row in rows(app)].count(work.closed_today)
        later = next(i for i, row in enumerate(rows(app)) if row[2] == work.closed_today and i)
        await pilot.press(*["j"] * later, "space")
        await pilot.pause()
        await pilot.press(*"Quarterly check fine", "enter")
        await settle(pilot)
        assert [row[2] for row in rows(app)].count(work.closed_today) == before - 1
        assert rows(app)[0][2] == work.closed_today, "its call after closure still waits"
        await pilot.press(*["k"] * len(rows(app)))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen) and app.screen.number == work.closed_today
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)

    closure_call, *preventive = follow_ups_of(demo_db, work.closed_last_week)
    assert closure_call == ("closure", app.actor.name, "Battery holds a full day")
    assert preventive and all(done_by is None for _, done_by, _ in preventive)
    today_calls = follow_ups_of(demo_db, work.closed_today)
    assert today_calls[0][1] is None, "the call after closure is still to be made"
    assert [outcome for *_, outcome in today_calls].count("Quarterly check fine") == 1
    calls = query(
        demo_db,
        "SELECT e.text FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
        "WHERE t.number = ? AND e.kind = 'follow_up'",
        work.closed_last_week,
    )
    assert calls == [("Battery holds a full day",)], "the call is on the ticket's timeline"


async def test_the_follow_up_filter_and_an_empty_outcome(demo_db: Path, work: ServiceWork) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("slash", *work.closed_today)
        await pilot.pause()
        assert {row[2] for row in rows(app)} == {work.closed_today}
        await pilot.press("enter", "space")  # back to the list; an empty answer records nothing
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")  # clears the filter first
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
        assert {row[2] for row in rows(app)} == {work.closed_today, work.closed_last_week}
    assert all(done is None for _, done, _ in follow_ups_of(demo_db, work.closed_today))


# --- complaints -------------------------------------------------------------------------------


async def test_complaints_show_every_clock_and_mark_the_breached(
    demo_db: Path, work: ServiceWork
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
        board = {row[0]: row for row in rows(app)}
        assert {work.complaint_old, work.complaint_new} <= set(board)
        accept, proposal, close = board[work.complaint_old][1:4]
        assert accept.startswith("!-"), "not accepted within 24 h: breached"
        assert not proposal.startswith("!") and not close.startswith("!")
        assert not any(cell.startswith("!") for cell in board[work.complaint_new][1:4])
        assert "with a breached clock" in text_of(app, "#complaint-title")

        order = [row[0] for row in rows(app)]
        await pilot.press(*["j"] * order.index(work.complaint_new))
        await pilot.pause()
        detail = text_of(app, "#complaint-detail")
        assert work.complaint_new in detail and "投诉备件迟迟未到" in detail
        assert detail.count("running") == 3 and "due 11-21 01:30" in detail  # accepted in 24 h
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen) and app.screen.number == work.complaint_new


# --- an engineer's day ------------------------------------------------------------------------


async def test_the_day_in_window_order_other_days_and_arrival(
    demo_db: Path, work: ServiceWork
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        day = rows(app)
        assert [row[1] for row in day] == list(work.visits_today)
        assert [row[0] for row in day] == ["03:00-03:30", "07:00-07:30"]
        assert [row[4] for row in day] == ["To confirm", "Confirmed"]
        assert "2026-11-20 (today)" in text_of(app, "#day-title")
        detail = text_of(app, "#day-detail")
        assert "徐汇区漕溪北路 88 号 3 楼" in detail and "Bring:" in detail
        await pilot.press("j")
        await pilot.pause()
        assert "梅花螺丝刀" in text_of(app, "#day-detail"), "what the agent asked to bring"

        await pilot.press("l")  # tomorrow
        await settle(pilot)
        assert [row[1] for row in rows(app)] == [work.visit_tomorrow]
        await pilot.press("right")
        await settle(pilot)
        assert rows(app) == [] and "No visits" in text_of(app, "#day-detail")
        await pilot.press("t")  # back to today
        await settle(pilot)
        assert [row[1] for row in rows(app)] == list(work.visits_today)

        await pilot.press("a")  # arrived at the first visit of the day, after a yes
        await pilot.pause()
        assert option_ids(app) == ["yes", "no"]
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app)[0][4] == "Arrived"
        assert "on site since" in text_of(app, "#day-detail")
        await pilot.press("a", "enter")  # again: the store says there is no visit booked
        await settle(pilot)
        assert any("has no visit booked" in notice for notice in notices(app))

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen) and app.screen.number == work.visits_today[0]

    arrived = query(
        demo_db,
        "SELECT a.status, a.arrived_at IS NOT NULL FROM appointment a JOIN ticket t "
        "ON t.id = a.ticket_id WHERE t.number = ?",
        work.visits_today[0],
    )
    assert arrived == [("arrived", 1)]


# --- reaching them ----------------------------------------------------------------------------


async def test_help_and_palette_reach_the_service_lists(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {description: key for key, description in app.screen.keys}
        assert (keys["Follow-up calls"], keys["Complaints"], keys["My day"]) == ("u", "c", "d")
        await pilot.press("escape")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Follow-up calls", "Complaints", "My day"} <= titles

        await pilot.press("5", "enter")  # on a ticket the lists are still a palette entry away
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Follow-up calls", "Complaints", "My day", "Resolve", "Survey"} <= set(titles)
        assert titles.count("Complaints") == 1
        await pilot.press("colon")
        await pilot.pause()
        await pilot.press(*"Complaints")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)


async def test_the_keys_follow_the_keymap(demo_db: Path) -> None:
    app = make_app(demo_db)
    app.settings = replace(app.settings, keymap={"queue.follow_ups": "ctrl+u"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)


@pytest.mark.parametrize("key", ["u", "c", "d"])
async def test_an_idle_service_list_wakes_at_most_once_a_minute(
    demo_db: Path, work: ServiceWork, key: str
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        nodes = [app, app.screen, *app.screen.walk_children()]
        running = [
            timer
            for node in nodes
            for timer in node._timers
            if timer._task is not None and not timer._task.done() and timer._active.is_set()
        ]
    assert all(timer._interval >= 60 for timer in running), [t._interval for t in running]


# --- the ticket: service record, resolve, survey, sign-off ------------------------------------


async def test_a_ticket_shows_its_service_record_and_others_look_as_before(
    demo_db: Path, work: ServiceWork
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, work.resolved, view="6")  # resolved: "recently closed"
        section = app.screen.query_one("#ticket-service", Static)
        assert section.display
        text = text_of(app, "#ticket-service")
        assert "Part: " in text and "Requested" in text and "due " in text
        assert "Estimate: ¥" in text
        assert "Resolution: Cause: 风扇积灰; Solution: 清洁风扇" in text
        assert "Survey" not in text and "Sign-off" not in text, "only lines with something"
        await pilot.press("escape", "escape")
        await settle(pilot)

        await open_ticket(pilot, work.closed_today, view="6")
        text = text_of(app, "#ticket-service")
        assert "Sign-off: 李女士 (Phone)" in text
        assert "speed 5, resolution 4, attitude 5, recommend 9: satisfied" in text
        assert "Follow-up: After closure 11-25" in text and "more" in text
        await pilot.press("r")  # closed: refused before any typing
        await pilot.pause()
        assert "cannot go from closed to resolved" in notices(app)[-1]
        assert isinstance(app.screen, TicketScreen)
        await pilot.press("escape", "escape")
        await settle(pilot)

        await open_ticket(pilot, "T-000399")  # a demo ticket without service work
        assert not app.screen.query_one("#ticket-service", Static).display


async def test_a_closed_ticket_shows_its_timeline_and_card(
    demo_db: Path, work: ServiceWork
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, work.closed_today, view="6")
        problems = [notice for notice in notices(app) if "internal error" in notice]
        assert problems == []
        entries = "\n".join(app.screen.query_one("#ticket-timeline").entries)
        assert "李女士 accepted the fix (Phone)" in entries
        assert "Phone" in text_of(app, "#customer-card")


async def test_resolve_survey_and_sign_off_by_keys_alone(demo_db: Path, work: ServiceWork) -> None:
    number = work.visits_today[0]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, number)

        await pilot.press("v")  # too early: said at once, in one line
        await pilot.pause()
        assert "a survey comes after resolution" in notices(app)[-1]
        await pilot.press("o")
        await pilot.pause()
        assert "not resolved" in notices(app)[-1]
        assert isinstance(app.screen, TicketScreen)

        await pilot.press("r", *"Loose cable", "enter")
        await pilot.pause()
        await pilot.press(*"Reseated the display cable", "enter")
        await settle(pilot)
        assert app.screen.view.detail.row.status.value == "resolved"
        assert "Cause: Loose cable; Solution: Reseated the display cable" in text_of(
            app, "#ticket-service"
        )

        await pilot.press("v", *"7 5 5 9", "enter")  # out of range: one line, nothing kept
        await settle(pilot)
        assert notices(app)[-1] == "invalid speed '7': must be between 1 and 5"
        await pilot.press("v", *"5 4 x 9", "enter")
        await settle(pilot)
        assert notices(app)[-1] == "invalid attitude 'x': must be between 1 and 5"
        await pilot.press("v", *"5 4 5", "enter")
        await settle(pilot)
        assert notices(app)[-1] == "invalid recommend '': must not be empty"
        assert app.is_running and isinstance(app.screen, TicketScreen)
        await pilot.press("v", *"5 4 5 9 Quick and tidy", "enter")
        await settle(pilot)
        assert "recommend 9: satisfied" in text_of(app, "#ticket-service")

        await pilot.press("o")  # who confirmed it, then how
        await pilot.pause()
        await pilot.press(*"Ada Park", "enter")
        await pilot.pause()
        assert option_ids(app) == ["signature", "phone", "app"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.view.detail.row.status.value == "closed"
        text = text_of(app, "#ticket-service")
        assert "Sign-off: Ada Park (Phone)" in text and "Follow-up: After closure" in text

    assert query(
        demo_db,
        "SELECT r.cause, r.solution FROM resolution r JOIN ticket t ON t.id = r.ticket_id "
        "WHERE t.number = ?",
        number,
    ) == [("Loose cable", "Reseated the display cable")]
    assert query(
        demo_db,
        "SELECT s.speed, s.resolution, s.attitude, s.recommend, s.comment FROM survey s "
        "JOIN ticket t ON t.id = s.ticket_id WHERE t.number = ?",
        number,
    ) == [(5, 4, 5, 9, "Quick and tidy")]
    assert query(
        demo_db,
        "SELECT a.accepted, a.confirmed_by, a.via FROM acceptance a JOIN ticket t "
        "ON t.id = a.ticket_id WHERE t.number = ?",
        number,
    ) == [(1, "Ada Park", "phone")]
    assert follow_ups_of(demo_db, number)[0] == ("closure", None, None), "the call is scheduled"


async def test_the_ticket_service_words_in_chinese(demo_db: Path, work: ServiceWork) -> None:
    set_language("zh")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, work.closed_today, view="6")
        text = text_of(app, "#ticket-service")
        assert "验收: 李女士（电话）" in text and "满意度: 速度 5" in text and "结案回访" in text
        await pilot.press("v", *"5 9 5 9", "enter")
        await settle(pilot)
        assert notices(app)[-1] == "resolution 的值「9」无效：应在 1 到 5 之间"


def test_survey_answers_are_read_from_one_line() -> None:
    scores, comment = parse_survey(" 5 4  5 10 fixed it fast ")
    assert (scores.speed, scores.resolution, scores.attitude, scores.recommend) == (5, 4, 5, 10)
    assert comment == "fixed it fast"
    assert parse_survey("1 1 1 0")[1] is None
