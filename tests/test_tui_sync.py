"""The workstation syncs in the background: it shows offline / synced with what is waiting,
brings in others' tickets, and shows a ticket's conflict log."""

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, Static

from agent_console.app import AgentConsoleApp
from agent_console.config import load_settings
from agent_console.server.db import open_server_db
from agent_console.store import actions, queries
from agent_console.store import sync as local
from agent_console.store.engine import open_store
from agent_console.sync import client
from agent_console.vocab import Category, Channel, Priority, Role
from tests.sync_world import actor_of, add, serving
from tests.tui_harness import settle


def _title(app: AgentConsoleApp) -> str:
    return str(app.screen.query_one("#queue-title", Static).render())


def _app(store, db: Path) -> AgentConsoleApp:
    return AgentConsoleApp(store, load_settings(db=db), actor_of(store, None))


async def test_the_queue_shows_the_link_state_and_brings_in_others_tickets(tmp_path: Path):
    server_db = open_server_db(str(tmp_path / "server.db"))
    now = datetime.now(UTC)
    ana_token = add(server_db, "ana", Role.ENGINEER, "L2", now)
    bo_token = add(server_db, "bo", Role.ENGINEER, "L2", now)
    with serving(server_db) as url:
        ana = open_store(tmp_path / "ana.db")
        local.save_link(ana, url, ana_token, "ana")
        client.sync(ana)
        bo = open_store(tmp_path / "bo.db")
        local.save_link(bo, url, bo_token, "bo")
        client.sync(bo)

        app = _app(bo, tmp_path / "bo.db")
        async with app.run_test(size=(100, 24)) as pilot:
            await settle(pilot)
            assert "synced" in _title(app)
            assert app.screen.query_one(DataTable).row_count == 0

            actor = actor_of(ana, "ana")
            with ana.read() as session:
                team = queries.find_team(session, "L2")
            customer = actions.create_customer(ana, actor, name="Wu", phone="13900000000")
            actions.create_ticket(
                ana, actor, subject="Blue screen 0x7B", customer=customer,
                channel=Channel.PHONE, category=Category.HARDWARE, team=team,
            )  # fmt: skip
            client.sync(ana)
            app.sync_in_background()
            await settle(pilot)
            await settle(pilot)
            await pilot.press("2")  # my team
            await settle(pilot)
            table = app.screen.query_one(DataTable)
            assert table.row_count == 1
            assert "Blue screen" in str(table.get_row_at(0))
        app.store.close()
        ana.close()

    bo = open_store(tmp_path / "bo.db")
    actions.update_ticket(bo, actor_of(bo, "bo"), "T-000001", actions.TicketChanges(
        priority=Priority.P1))  # fmt: skip
    app = _app(bo, tmp_path / "bo.db")
    async with app.run_test(size=(100, 24)) as pilot:  # the server is gone
        await settle(pilot)
        assert "offline, 2 waiting" in _title(app)
    bo.close()
    server_db.close()


async def test_a_ticket_shows_its_conflict_log(tmp_path: Path):
    server_db = open_server_db(str(tmp_path / "server.db"))
    now = datetime.now(UTC)
    tokens = {name: add(server_db, name, Role.ENGINEER, "L2", now) for name in ("ana", "bo")}
    with serving(server_db) as url:
        stores = {}
        for name, token in tokens.items():
            stores[name] = open_store(tmp_path / f"{name}.db")
            local.save_link(stores[name], url, token, name)
            client.sync(stores[name])
        ana, bo = stores["ana"], stores["bo"]
        actor = actor_of(ana, "ana")
        with ana.read() as session:
            team = queries.find_team(session, "L2")
        customer = actions.create_customer(ana, actor, name="Wu", phone="13900000000")
        actions.create_ticket(
            ana, actor, subject="No power", customer=customer, channel=Channel.PHONE,
            category=Category.HARDWARE, team=team,
        )  # fmt: skip
        client.sync(ana)
        client.sync(bo)
        actions.update_ticket(ana, actor, "T-000001", actions.TicketChanges(priority=Priority.P2))
        actions.update_ticket(
            bo, actor_of(bo, "bo"), "T-000001", actions.TicketChanges(priority=Priority.P1)
        )
        client.sync(ana)
        assert client.sync(bo).conflicts == 1
        client.sync(ana)

        app = _app(ana, tmp_path / "ana.db")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2", "enter")
            await settle(pilot)
            timeline = app.screen.query_one("#ticket-timeline")
            lines = [str(line) for line in timeline.entries]
            assert any(
                "Priority: P1 Urgent (bo) kept, P2 High (ana) lost" in line for line in lines
            ), lines
        ana.close()
        bo.close()
    server_db.close()
