"""The blue-screen checklist run on a ticket by keys alone, as an engineer on a call runs it."""

import sqlite3
from pathlib import Path

from textual.widgets import Static

from agent_console.screens.checklist import ChecklistScreen
from agent_console.screens.ticket import TicketScreen
from tests.test_tui import one_customer_phone
from tests.tui_harness import make_app, option_ids, settle


async def new_ticket(pilot, phone: str, subject: str) -> str:
    """Intake by keys: find the caller by phone, type the subject, save; returns the number."""
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*phone)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press(*subject)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TicketScreen)
    return pilot.app.screen.number


def checklist_rows(db: Path, number: str) -> list[tuple[str | None, str, str | None]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT c.step, c.action, c.note FROM checklist_entry c JOIN ticket t "
            "ON t.id = c.ticket_id WHERE t.number = ? ORDER BY c.at, c.id",
            (number,),
        ).fetchall()


def ticket_status(db: Path, number: str) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT status FROM ticket WHERE number = ?", (number,)
        ).fetchone()[0]


async def test_the_blue_screen_checklist_by_keys_alone(demo_db: Path) -> None:
    phone, _ = one_customer_phone(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        number = await new_ticket(pilot, phone, "Blue screen 0x0000007B after update")

        await pilot.press("l")  # the checklist: the fitting procedure is offered first
        await settle(pilot)
        assert option_ids(app)[0] == "blue-screen"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        current = str(app.screen.query_one("#checklist-current", Static).render())
        assert "Restart the computer" in current and "Expected" in current

        await pilot.press("f")  # reboot failed: on to safe mode
        await settle(pilot)
        assert app.screen.progress.current == "safe-mode"
        await pilot.press("x", *"No keyboard at the boot menu", "enter")  # skipped, with why
        await settle(pilot)
        await pilot.press("i", *"Reseat the memory", "enter")  # an extra step, done next
        await settle(pilot)
        assert app.screen.progress.current == "extra-1"
        await pilot.press("space")
        await settle(pilot)
        assert app.screen.progress.current == "drivers"
        await pilot.press("n", *"Storage driver rolled back", "enter")
        await settle(pilot)
        await pilot.press("space")  # drivers fixed it: the procedure offers to resolve
        await settle(pilot)
        assert option_ids(app) == ["yes", "no"]
        await pilot.press("enter")
        await settle(pilot)
        assert ticket_status(demo_db, number) == "resolved"

        await pilot.press("escape")  # back on the ticket, which shows where the procedure ended
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        header = str(app.screen.query_one("#ticket-header", Static).render())
        assert "Blue screen (BSOD)" in header

    assert checklist_rows(demo_db, number) == [
        (None, "chosen", None),
        ("reboot", "failed", None),
        ("safe-mode", "skipped", "No keyboard at the boot menu"),
        ("extra-1", "inserted", "Reseat the memory"),
        ("extra-1", "done", None),
        ("drivers", "note", "Storage driver rolled back"),
        ("drivers", "done", None),
    ]


async def test_resolving_with_required_steps_open_asks_why(demo_db: Path) -> None:
    phone, _ = one_customer_phone(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        number = await new_ticket(pilot, phone, "Wi-Fi cannot connect at home")
        await pilot.press("l")
        await settle(pilot)
        assert option_ids(app)[0] == "wifi"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*["down"] * option_ids(app).index("resolved"), "enter")
        await settle(pilot)
        assert ticket_status(demo_db, number) == "new", "not resolved without a reason"
        await pilot.press(*"Customer fixed it himself", "enter")
        await settle(pilot)

    assert ticket_status(demo_db, number) == "resolved"
    assert checklist_rows(demo_db, number)[-1] == (
        "router-restarted",
        "resolved_early",
        "Customer fixed it himself",
    )


async def test_a_second_engineer_continues_where_the_first_stopped(demo_db: Path) -> None:
    phone, _ = one_customer_phone(demo_db)
    first = make_app(demo_db)
    async with first.run_test(size=(80, 24)) as pilot:
        number = await new_ticket(pilot, phone, "Printer paper jam in tray 2")
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        done_first = first.screen.progress.current

    second = make_app(demo_db)
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        second.push_screen(ChecklistScreen(second.store, second.actor, number))
        await settle(pilot)
        assert second.screen.progress.current == done_first
        assert second.screen.progress.steps[0].state == "done"
