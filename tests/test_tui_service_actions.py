"""The ticket's service work by keys alone (w): remote sessions, visits, parts, estimates, a
dispute and its evaluation; bad input is one line and changes nothing."""

from pathlib import Path

import pytest

from agent_console.i18n import set_language
from agent_console.screens.ticket import TicketScreen
from tests.test_tui_service import notices, open_ticket, query, text_of
from tests.tui_harness import (
    ServiceWork,
    add_service_work,
    make_app,
    option_ids,
    pick,
    service_work,
    settle,
)

OPEN_IN_WARRANTY = "T-000399"  # in progress, no service work; the customer's region is known
OPEN_OUT_OF_WARRANTY = "T-000395"  # triaged; its device's warranty ended in March: parts paid
PART = "BAT-L14"


@pytest.fixture
def work(demo_db: Path) -> ServiceWork:
    return add_service_work(demo_db)


def of_ticket(db: Path, columns: str, table: str, number: str, where: str = "1") -> list[tuple]:
    """`columns` of the rows of `table` (as x) about ticket `number`."""
    return query(
        db, f"SELECT {columns} FROM {table} x JOIN ticket t ON t.id = x.ticket_id "
        f"WHERE t.number = ? AND {where}", number,
    )  # fmt: skip


def remote_sessions(db: Path, number: str) -> list[tuple]:
    return of_ticket(db, "x.tool, x.minutes, x.outcome", "remote_session", number)


def appointments(db: Path, number: str) -> list[tuple]:
    columns = "x.status, x.window_start, x.reason, x.address, x.confirmed_via"
    return of_ticket(db, columns, "appointment", number, "1 ORDER BY x.created_at")


def ticket_parts(db: Path, number: str) -> list[tuple]:
    return of_ticket(
        db, "(SELECT p.number FROM part p WHERE p.id = x.part_id), x.status, x.quantity",
        "ticket_part", number,
    )  # fmt: skip


async def test_a_remote_session_by_keys(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, OPEN_IN_WARRANTY)
        await pilot.press("w")
        await pilot.pause()
        offered = option_ids(app)
        assert offered[:2] == ["remote", "book"] and "reschedule" not in offered
        assert "dispute" not in offered and "decide" not in offered, "only what fits now"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TicketScreen)

        await service_work(pilot, "remote", "ToDesk", "25", "Reinstalled the touchpad driver")
        assert isinstance(app.screen, TicketScreen)
        assert "Remote: ToDesk, 25 min: Reinstalled the touchpad driver" in text_of(
            app, "#ticket-service"
        )
        entries = "\n".join(app.screen.query_one("#ticket-timeline").entries)
        assert "remote session with ToDesk, 25 min" in entries
    assert remote_sessions(demo_db, OPEN_IN_WARRANTY) == [
        ("ToDesk", 25, "Reinstalled the touchpad driver")
    ]


async def test_a_visit_booked_rescheduled_confirmed_and_arrived(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, OPEN_IN_WARRANTY)
        # The engineer is the acting agent and the address the customer's region: Enter keeps
        # what is offered, typing replaces it.
        await service_work(pilot, "book", "", "2026-11-21 10:00", "")
        assert "Visit: 11-21 10:00-10:30" in text_of(app, "#ticket-service")
        await pilot.press("w")
        await pilot.pause()
        assert "book" not in option_ids(app), "one booked visit at a time"
        await pilot.press("escape")

        await service_work(pilot, "reschedule", "2026-11-22 14:00", "Customer away")
        text = text_of(app, "#ticket-service")
        assert "Visit: 11-22 14:00-14:30" in text and "To confirm" in text
        await service_work(pilot, "confirm", "=phone")
        assert "Confirmed (Phone)" in text_of(app, "#ticket-service")
        await service_work(pilot, "arrive")
        assert "on site since" in text_of(app, "#ticket-service")

    booked = appointments(demo_db, OPEN_IN_WARRANTY)
    assert [row[0] for row in booked] == ["rescheduled", "arrived"]
    assert booked[0][2] is None and booked[1][2] == "Customer away"
    assert booked[0][3] == booked[1][3] == "成都市武侯区"
    assert booked[1][4] == "phone"
    assert booked[0][1].startswith("2026-11-21 10:00") and booked[1][1].startswith("2026-11-22")


async def test_a_part_requested_then_advanced_and_an_estimate_accepted(demo_db: Path) -> None:
    number = OPEN_OUT_OF_WARRANTY
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, number)
        await pilot.press("w")
        await pilot.pause()
        assert "advance_part" not in option_ids(app), "no part to move on yet"
        await pilot.press("escape")

        await service_work(pilot, "request_part", PART.lower())
        assert f"Part: {PART}" in text_of(app, "#ticket-service")
        assert "Requested" in text_of(app, "#ticket-service")
        await pilot.press("w")
        await pilot.pause()
        await pick(pilot, "advance_part")
        assert option_ids(app) == [f"shipped:{PART}"]
        await pilot.press("enter")
        await settle(pilot)
        assert "Shipped" in text_of(app, "#ticket-service")

        await pilot.press("w")
        await pilot.pause()
        await pick(pilot, "estimate")
        await pilot.press(*f"{PART}:1", "enter")
        await pilot.pause()
        await pilot.press(*"150", "enter")  # labour: typed over the 0 offered
        await pilot.pause()
        await pilot.press("enter")  # no travel
        await settle(pilot)
        assert "Awaiting the customer" in text_of(app, "#ticket-service")

        await service_work(pilot, "decide", "=accept", "", "=phone")  # the customer answered
        assert "Estimate: ¥570.00 Accepted" in text_of(app, "#ticket-service")

    assert ticket_parts(demo_db, number) == [(PART, "shipped", 1)]
    estimate = of_ticket(demo_db, "x.total_cents, x.status, x.decided_via", "estimate", number)
    assert estimate == [(57000, "accepted", "phone")]


async def test_a_dispute_then_an_evaluation_that_reopens(demo_db: Path, work: ServiceWork) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, work.resolved, view="6")
        await pilot.press("w")
        await pilot.pause()
        assert "evaluate" not in option_ids(app), "no dispute yet"
        await pilot.press("escape")
        await service_work(pilot, "dispute", "Fan still loud")
        assert "Dispute: Fan still loud" in text_of(app, "#ticket-service")
        await service_work(pilot, "evaluate", "Fan bearing worn", "=reopen")
        assert app.screen.view.detail.row.status.value == "reopened"
        await pilot.press("w")
        await pilot.pause()
        assert "evaluate" not in option_ids(app) and "remote" in option_ids(app)

    assert query(demo_db, "SELECT status FROM ticket WHERE number = ?", work.resolved) == [
        ("reopened",)
    ]
    evaluations = of_ticket(
        demo_db, "x.new_value, x.text", "ticket_event", work.resolved, "x.kind = 'evaluation'"
    )
    assert evaluations == [("reopen", "Fan bearing worn")]


async def test_bad_input_is_one_line_and_adds_nothing(demo_db: Path) -> None:
    number = OPEN_IN_WARRANTY
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, number)
        await service_work(pilot, "remote", "ToDesk", "half an hour")
        assert notices(app)[-1] == "invalid minutes 'half an hour': must be between 1 and 1440"
        await service_work(pilot, "remote", "ToDesk", "0")
        assert notices(app)[-1] == "invalid minutes '0': must be between 1 and 1440"
        await service_work(pilot, "book", "", "tomorrow 10am")
        assert notices(app)[-1].startswith("invalid time 'tomorrow 10am': expected a time")
        await service_work(pilot, "book", "", "2026-11-20")
        assert notices(app)[-1].startswith("invalid time '2026-11-20'")
        await service_work(pilot, "book", "", "2026-11-19 10:00")
        assert notices(app)[-1] == "an appointment at 2026-11-19 10:00 would be in the past"
        await service_work(pilot, "request_part", "NOPE-1")
        assert notices(app)[-1] == "no part 'NOPE-1' in the parts catalogue"
        await service_work(pilot, "request_part", f"{PART}:x")
        assert notices(app)[-1].startswith(f"invalid part '{PART}:x'")
        await service_work(pilot, "estimate", "-", "12,50")
        assert notices(app)[-1].startswith("invalid labour '12,50'")
        await service_work(pilot, "second_fault", "yesterday")
        assert notices(app)[-1] == "no ticket yesterday"
        assert app.is_running and isinstance(app.screen, TicketScreen)
        assert not any("internal error" in notice for notice in notices(app))
        assert not app.screen.query_one("#ticket-service").display, "nothing was added"

    assert remote_sessions(demo_db, number) == []
    assert appointments(demo_db, number) == []
    assert ticket_parts(demo_db, number) == []
    assert of_ticket(demo_db, "x.id", "estimate", number) == []


async def test_the_service_work_in_chinese(demo_db: Path) -> None:
    set_language("zh")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, OPEN_IN_WARRANTY)
        await service_work(pilot, "remote", "向日葵", "20", "重装驱动后正常")
        assert "远程: 向日葵，20 分钟：重装驱动后正常" in text_of(app, "#ticket-service")
        await service_work(pilot, "book", "", "明天上午")
        assert notices(app)[-1].startswith("time 的值「明天上午」无效")
