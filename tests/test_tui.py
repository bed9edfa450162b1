"""The workstation driven by keys alone, as an agent at a keyboard-only station uses it."""

import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from agent_console.app import AgentConsoleApp
from agent_console.i18n import label, set_language
from agent_console.screens import queue as queue_screen
from agent_console.screens.help import HelpScreen
from agent_console.screens.intake import IntakeScreen
from agent_console.screens.queue import QueueScreen
from agent_console.screens.ticket import TicketScreen
from tests.tui_harness import make_app, open_first_ticket, option_ids, settle


def table_numbers(app: AgentConsoleApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


def one_customer_phone(db: Path) -> tuple[str, str]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT c.phone, d.serial FROM customer c JOIN device d ON d.customer_id = c.id "
            "ORDER BY c.id LIMIT 1"
        ).fetchone()


async def test_opens_on_the_queue_and_switches_views_by_key(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("5")
        await settle(pilot)
        open_rows = table_numbers(app)
        assert open_rows, "the demo has open tickets"
        assert "5 All open" in str(app.screen.query_one("#queue-title", Static).render())
        await pilot.press("6")
        await settle(pilot)
        closed_rows = table_numbers(app)
        assert closed_rows and set(closed_rows).isdisjoint(open_rows)


async def test_slash_filters_as_you_type_and_enter_opens(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        wanted = table_numbers(app)[3]
        await pilot.press("slash")
        await pilot.press(*wanted)
        await settle(pilot)
        assert table_numbers(app) == [wanted]
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.number == wanted
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_paging_down_walks_past_the_first_page_and_back(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue_screen, "PAGE_SIZE", 3)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        first_page = table_numbers(app)
        assert len(first_page) == 3
        for _ in range(3):
            await pilot.press("j")
        await settle(pilot)
        second_page = table_numbers(app)
        assert second_page and set(second_page).isdisjoint(first_page)
        await pilot.press("k")
        await settle(pilot)
        assert table_numbers(app) == first_page


async def test_question_mark_lists_every_key_of_the_screen(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = {description for _, description in app.screen.keys}
        assert {"Filter", "Sort", "New ticket", "Quit", "Help", "5 All open"} <= described
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_colon_opens_the_command_palette_with_the_screen_actions(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Filter", "Sort", "New ticket", "6 Recently closed"} <= set(titles)
        await pilot.press("colon")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_intake_assign_note_resolve_by_keys_alone(demo_db: Path) -> None:
    phone, serial = one_customer_phone(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press(*phone)
        await settle(pilot)
        await pilot.press("enter")  # the first match: the caller
        await settle(pilot)
        assert app.screen.chosen is not None and app.screen.chosen.customer.phone == phone
        await pilot.press(*"Wi-Fi drops every hour")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        number = app.screen.number

        await pilot.press("t")  # take it
        await settle(pilot)
        await pilot.press("n", *"Driver reinstalled remotely", "enter")
        await settle(pilot)
        await pilot.press("s")  # status: pick "in progress" (first choice after new)
        await pilot.pause()
        await pilot.press(*["down"] * option_ids(app).index("in_progress"), "enter")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*["down"] * option_ids(app).index("resolved"), "enter")
        await settle(pilot)

    with sqlite3.connect(demo_db) as connection:
        status, assignee, device = connection.execute(
            "SELECT t.status, a.name, d.serial FROM ticket t LEFT JOIN agent a ON a.id = "
            "t.assignee_id LEFT JOIN device d ON d.id = t.device_id WHERE t.number = ?",
            (number,),
        ).fetchone()
        notes = connection.execute(
            "SELECT e.text FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
            "WHERE t.number = ? AND e.kind = 'note'",
            (number,),
        ).fetchall()
    assert (status, assignee) == ("resolved", app.actor.name)
    assert device == serial, "the caller's device was filled in without asking"
    assert notes == [("Driver reinstalled remotely",)]


async def test_an_unknown_caller_is_registered_inline(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new_customer_intake(pilot, "13511112222")
        await pilot.pause()
        assert app.screen.query_one("#new-phone", Input).value == "13511112222"
        await pilot.press(*"Nora Lin", *["tab"] * 8)  # phone, tier, five ticket fields, subject
        await pilot.press(*"Printer offline")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
    with sqlite3.connect(demo_db) as connection:
        row = connection.execute(
            "SELECT c.name, t.subject FROM ticket t JOIN customer c ON c.id = t.customer_id "
            "WHERE c.phone = '13511112222'"
        ).fetchone()
    assert row == ("Nora Lin", "Printer offline")


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_the_ticket_screen_shows_the_customer_history(demo_db: Path, language: str) -> None:
    set_language(language)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_ticket(pilot, "6")
        assert isinstance(app.screen, TicketScreen)
        card = str(app.screen.query_one("#customer-card", Static).render())
        detail = app.screen.view.detail
        assert detail.customer.name in card and detail.customer.phone in card
        marker = "保修" if language == "zh" else "arrant"
        assert marker in card or "过保" in card or "Expired" in card


async def test_every_ticket_action_by_key(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_ticket(pilot)
        screen = app.screen
        assert isinstance(screen, TicketScreen)
        number = screen.number
        before = screen.view.detail.row

        await pilot.press("p")  # priority: the first choice is P1
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c", *"Customer confirmed the fan noise", "enter")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")  # the first agent offered: one of the ticket's own team
        await settle(pilot)
        await pilot.press("e", *"Second fault on the same board", "enter")
        await settle(pilot)
        after = screen.view.detail.row
        events = screen.view.detail.events
        timeline = "\n".join(screen.query_one("#ticket-timeline").entries)

    assert after.priority.value == "P1"
    assert after.service_mode != before.service_mode
    assert after.team == "专家组"
    assert after.assignee is not None
    escalation = [e for e in events if e.field == "team"][-1]
    assert escalation.text == "Second fault on the same board", "the reason is on the timeline"
    assert [e.text for e in events if e.kind.value == "call"][-1] == (
        "Customer confirmed the fan noise"
    )
    assert "Customer confirmed the fan noise" in timeline
    assert number == after.number


async def test_a_refused_change_is_one_line_and_changes_nothing(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_ticket(pilot)
        screen = app.screen
        current = screen.view.detail.row.priority.value
        events_before = len(screen.view.detail.events)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*["down"] * option_ids(app).index(current), "enter")  # the same one
        await settle(pilot)
        notices = [n.message for n in app._notifications]
    with sqlite3.connect(demo_db) as connection:
        events_after = connection.execute(
            "SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
            "WHERE t.number = ?",
            (screen.number,),
        ).fetchone()[0]
    assert any("nothing to change" in message for message in notices)
    assert events_after == events_before


async def test_keys_are_remapped_by_binding_id_from_the_config(demo_db: Path) -> None:
    app = make_app(demo_db)
    app.settings = replace(app.settings, keymap={"queue.filter": "ctrl+f"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen.query_one("#queue-filter", Input).has_focus
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        keys = {description: key for key, description in app.screen.keys}
    assert keys["Filter"] == "^f", "help shows the remapped key"


async def test_an_idle_queue_wakes_at_most_once_a_minute(demo_db: Path) -> None:
    """Over SSH an idle screen must cost nothing: no running timer fires more often."""
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        nodes = [app, app.screen, *app.screen.walk_children()]
        running = [
            timer
            for node in nodes
            for timer in node._timers
            if timer._task is not None and not timer._task.done() and timer._active.is_set()
        ]
    assert running, "the minute tick of ages and clocks is there"
    assert all(timer._interval >= 60 for timer in running), [t._interval for t in running]


async def test_text_with_brackets_is_shown_as_typed(demo_db: Path) -> None:
    """Customer tiers show as [VIP]; a subject like "[urgent]" must not vanish as markup."""
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_ticket(pilot)
        card = str(app.screen.query_one("#customer-card", Static).render())
        tier = app.screen.view.detail.customer.tier
    assert f"[{label(tier)}]" in card


def test_wrapping_counts_chinese_characters_as_two_cells() -> None:
    from rich.cells import cell_len

    from agent_console.wrap import wrap_cells

    text = "11-01 10:16 沈秀兰 [note] 客户同意报价，已提交备件申请。客户确认问题已解决。"
    lines = wrap_cells(text, 20, indent=2)
    assert all(cell_len(line) <= 20 for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    assert all(line.startswith("  ") for line in lines[1:])
    english = wrap_cells("The customer agreed to the quote for the part", 16)
    assert english == ["The customer", "agreed to the", "quote for the", "part"]


async def test_a_failure_in_the_background_is_one_line_and_the_app_keeps_going(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent_console import crashlog
    from agent_console.store import queue

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(queue, "queue_page", broken)
        await pilot.press("5")
        await settle(pilot)
        notices = [notice.message for notice in app._notifications]
        assert app.is_running and isinstance(app.screen, QueueScreen)
    assert any("internal error (RuntimeError)" in notice for notice in notices)
    assert "disk on fire" in crashlog.crash_log_path().read_text(encoding="utf-8")


async def test_intake_without_a_subject_is_refused_in_one_line(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_new_customer_intake(pilot, "13511112222")
        await pilot.press(*"Nora Lin", "ctrl+s")
        await settle(pilot)
        notices = [notice.message for notice in app._notifications]
        assert isinstance(app.screen, IntakeScreen), "the form stays for the agent to fix"
    assert any("subject" in notice for notice in notices)
    with sqlite3.connect(demo_db) as connection:
        made = connection.execute("SELECT count(*) FROM customer WHERE phone = '13511112222'")
        assert made.fetchone()[0] == 0, "nothing is written when the ticket is refused"


def laptop_owner_phone(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT c.phone FROM customer c JOIN device d ON d.customer_id = c.id "
            "WHERE d.product_line = 'laptop' AND c.tier = 'standard' "
            "AND (SELECT count(*) FROM device x WHERE x.customer_id = c.id) = 1 "
            "AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.device_id = d.id "
            "AND t.resolved_at >= '2026-08-01') "  # a recent repair would route to the experts
            "ORDER BY c.id LIMIT 1"
        ).fetchone()[0]


async def type_caller(pilot, phone: str) -> None:
    """From the queue: open intake and type the caller's phone number."""
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await pilot.press(*phone)
    await settle(pilot)


async def start_intake(pilot, phone: str) -> None:
    """Open intake and pick the caller the phone number finds first."""
    await type_caller(pilot, phone)
    await pilot.press("enter")
    await settle(pilot)


async def start_new_customer_intake(pilot, phone: str) -> None:
    """Open intake and choose the last offer, "+ New customer", for an unknown number."""
    await type_caller(pilot, phone)
    options = pilot.app.screen.query_one("#matches", OptionList)
    await pilot.press(*["down"] * (options.option_count - 1), "enter")


def created_event(db: Path, number: str) -> tuple:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT t.category, t.priority, team.code, e.text FROM ticket t "
            "JOIN team ON team.id = t.team_id JOIN ticket_event e ON e.ticket_id = t.id "
            "WHERE t.number = ? AND e.kind = 'created'",
            (number,),
        ).fetchone()


async def test_intake_fills_in_the_triage_suggestion(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_intake(pilot, laptop_owner_phone(demo_db))
        await pilot.press(*"开机蓝屏，错误代码 0x7B")
        await pilot.pause()
        triage = str(app.screen.query_one("#triage", Static).render())
        assert "蓝屏" in triage and "Software" in triage
        await pilot.press("ctrl+s")
        await settle(pilot)
        number = app.screen.number
    assert created_event(demo_db, number) == ("software", "P3", "remote_support", None)


async def test_overriding_the_suggestion_asks_why_and_keeps_the_answer(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_intake(pilot, laptop_owner_phone(demo_db))
        await pilot.press(*"屏幕闪烁")
        await pilot.press("shift+tab", "shift+tab")  # back to the priority field
        await pilot.press("enter", "up", "enter")  # one step more urgent: P2
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*"客户明天要出差", "enter")
        await settle(pilot)
        number = app.screen.number
    category, priority, _, text = created_event(demo_db, number)
    assert (category, priority) == ("hardware", "P2")
    assert "客户明天要出差" in text and "P3" in text and "P2" in text


async def test_auto_assign_gives_the_ticket_to_the_least_loaded_engineer(demo_db: Path) -> None:
    app = make_app(demo_db)
    app.settings = replace(app.settings, auto_assign=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_intake(pilot, laptop_owner_phone(demo_db))
        await pilot.press(*"开机蓝屏", "ctrl+s")
        await settle(pilot)
        row = app.screen.view.detail.row
    assert row.status.value == "triaged" and row.assignee is not None
    with sqlite3.connect(demo_db) as connection:
        loads = dict(connection.execute(
            "SELECT a.name, (SELECT count(*) FROM ticket t WHERE t.assignee_id = a.id AND "
            "t.status NOT IN ('resolved', 'closed')) FROM agent a JOIN team ON team.id = "
            "a.team_id WHERE team.code = 'remote_support' AND a.role = 'engineer'"
        ).fetchall())  # fmt: skip
    assert loads[row.assignee] - 1 <= min(loads.values()), "nobody had fewer open tickets"


def recently_repaired_phone(db: Path) -> str:
    """A one-device customer whose device came back from a repair in the last 90 days."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT c.phone FROM customer c JOIN device d ON d.customer_id = c.id "
            "JOIN ticket t ON t.device_id = d.id "
            "WHERE (SELECT count(*) FROM device x WHERE x.customer_id = c.id) = 1 "
            "AND t.resolved_at >= '2026-09-01' ORDER BY c.id LIMIT 1"
        ).fetchone()[0]


async def test_a_repeat_failure_on_the_same_device_goes_to_the_experts(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_intake(pilot, recently_repaired_phone(demo_db))
        await pilot.press(*"屏幕闪烁")
        await pilot.pause()
        assert app.screen.suggestion.expert
        assert "2026-" in str(app.screen.query_one("#triage", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        number = app.screen.number
    assert created_event(demo_db, number)[2] == "expert"


async def test_the_knowledge_base_searches_as_you_type(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"lanping")
        await settle(pilot)
        results = app.screen.query_one("#kb-results", OptionList)
        assert results.get_option_at_index(0).id in {"bsod-0x7b", "bsod-0xd1"}
        await pilot.press("backspace", *" 0x7b")  # "lanpin 0x7b": pinyin prefix and a code
        await settle(pilot)
        assert results.get_option_at_index(0).id == "bsod-0x7b"
        await pilot.pause()
        preview = app.screen.query_one("#kb-preview")
        assert "INACCESSIBLE_BOOT_DEVICE" in str(preview.source)


def linked_articles(db: Path, number: str) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute(
            "SELECT e.new_value FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
            "WHERE t.number = ? AND e.kind = 'kb_link'", (number,)
        )]  # fmt: skip


def resolved_on_model(db: Path, number: str) -> set[str]:
    """Resolved or closed tickets of the ticket's category on the same model, but itself."""
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute(
            "SELECT o.number FROM ticket t JOIN device d ON d.id = t.device_id "
            "JOIN device od ON od.model = d.model JOIN ticket o ON o.device_id = od.id "
            "WHERE t.number = ? AND o.number != t.number AND o.status IN ('resolved', 'closed') "
            "AND o.category = t.category",
            (number,),
        )}  # fmt: skip


async def test_from_a_ticket_enter_links_the_article_on_the_timeline(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_ticket(pilot)
        ticket = app.screen
        detail = ticket.view.detail
        await pilot.press("f")
        await settle(pilot)
        query = app.screen.query_one("#kb-query", Input).value
        assert detail.row.subject in query, "the search starts from the ticket"
        shown = set(re.findall(r"T-\d{6}", str(app.screen.query_one("#kb-similar").render())))
        assert shown and shown <= resolved_on_model(demo_db, detail.row.number)
        chosen = app.screen.hits[0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is ticket
        assert linked_articles(demo_db, detail.row.number) == [chosen.id]
        assert any(event.new_value == chosen.id for event in ticket.view.detail.events)
