"""The demo store: deterministic, realistic, consistent, and usable right away."""

import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent_console.cli import run
from agent_console.demo.generate import DemoGenerator, DemoPlan
from agent_console.store import queries
from agent_console.store.bulk import write_demo
from agent_console.store.engine import open_store
from agent_console.vocab import Category, Channel, Status, Tier
from tests.conftest import DEMO_NOW, Cli

NOW = datetime.fromisoformat(DEMO_NOW)


def _dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("team", "agent", "customer", "device", "ticket", "ticket_event")
        }


@pytest.fixture(scope="module")
def rich_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rich") / "demo.db"
    write_demo(path, DemoGenerator(DemoPlan(tickets=3000, seed=11, now=NOW)))
    return path


def test_the_same_seed_gives_the_same_store(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    for path, seed in ((first, 5), (second, 5), (other, 6)):
        write_demo(path, DemoGenerator(DemoPlan(tickets=300, seed=seed, now=NOW)))
    assert _dump(first) == _dump(second)
    assert _dump(first)["ticket"] != _dump(other)["ticket"]


def test_demo_covers_every_channel_category_tier_and_open_status(rich_demo: Path) -> None:
    with sqlite3.connect(rich_demo) as connection:
        channels = {row[0] for row in connection.execute("SELECT DISTINCT channel FROM ticket")}
        categories = {row[0] for row in connection.execute("SELECT DISTINCT category FROM ticket")}
        statuses = {row[0] for row in connection.execute("SELECT DISTINCT status FROM ticket")}
        tiers = {row[0] for row in connection.execute("SELECT DISTINCT tier FROM customer")}
        lines = {row[0] for row in connection.execute("SELECT DISTINCT product_line FROM device")}
        teams = {row[0] for row in connection.execute("SELECT code FROM team")}
        roles = {row[0] for row in connection.execute("SELECT DISTINCT role FROM agent")}
    assert channels == {c.value for c in Channel}
    assert categories == {c.value for c in Category}
    assert tiers == {t.value for t in Tier}
    assert statuses == {s.value for s in Status}
    assert {"laptop", "desktop", "printer", "server"} <= lines
    assert teams == {"customer_service", "remote_support", "onsite_support", "expert", "quality"}
    assert roles == {"agent", "engineer", "supervisor", "admin"}


def test_demo_text_is_chinese_and_english(rich_demo: Path) -> None:
    with sqlite3.connect(rich_demo) as connection:
        subjects = [row[0] for row in connection.execute("SELECT subject FROM ticket")]
    chinese = sum(any("\u4e00" <= ch <= "\u9fff" for ch in s) for s in subjects)
    assert 0.6 * len(subjects) < chinese < 0.97 * len(subjects)


def test_timelines_agree_with_ticket_state(rich_demo: Path) -> None:
    store = open_store(rich_demo)
    today = NOW.date()
    with store.read() as session:
        rows = queries.list_tickets(session, limit=3000)
        for row in rows[::37]:
            detail = queries.ticket_detail(session, row.number, today)
            times = [event.at for event in detail.events]
            assert times == sorted(times)
            assert detail.events[0].kind.value == "created"
            assert all(time <= NOW for time in times)
            status_events = [e for e in detail.events if e.field == "status"]
            last_status = status_events[-1].new_value if status_events else "new"
            assert last_status == detail.row.status.value, detail.row.number
            if detail.row.status is Status.CLOSED:
                assert detail.closed_at is not None and detail.resolved_at is not None
            if detail.row.status is not Status.NEW:
                assert detail.row.assignee is not None
    store.close()


def test_some_warranties_have_expired(rich_demo: Path) -> None:
    store = open_store(rich_demo)
    with store.read() as session:
        customers = [queries.find_customer(session, phone) for phone in _phones(rich_demo, 200)]
        states = Counter(
            device.warranty.value
            for customer in customers
            for device in queries.customer_profile(session, customer, NOW.date()).devices
        )
    store.close()
    assert states["in_warranty"] and states["expired"] and states["core_parts_only"]


def _phones(path: Path, count: int) -> list[str]:
    with sqlite3.connect(path) as connection:
        sql = "SELECT phone FROM customer ORDER BY id LIMIT ?"
        return [row[0] for row in connection.execute(sql, (count,))]


def test_a_demo_store_works_with_the_cli_right_away(cli: Cli) -> None:
    customer = cli.json("customer", "show", _phones(cli.db, 1)[0])
    assert customer["devices"]
    ticket = cli.json("ticket", "new", "--subject", "Wi-Fi drops", "--customer", customer["phone"],
                      "--device", customer["devices"][0]["serial"])  # fmt: skip
    assert ticket["number"] == "T-000401", "numbers continue after the demo's"
    author = ticket["events"][0]["author"]
    with sqlite3.connect(cli.db) as connection:
        role = connection.execute("SELECT role FROM agent WHERE name = ?", (author,)).fetchone()
    assert role == ("agent",), "the demo store acts as one of its front-line agents"


def test_demo_refuses_to_overwrite_tickets_without_force(demo_db: Path, capsys) -> None:
    assert run(["--db", str(demo_db), "demo", "--tickets", "20", "-q"]) == 2
    assert "--force" in capsys.readouterr().err
    assert run(["--db", str(demo_db), "demo", "--tickets", "20", "-q", "--force"]) == 0
    with sqlite3.connect(demo_db) as connection:
        assert connection.execute("SELECT count(*) FROM ticket").fetchone()[0] == 20


def test_demo_now_must_be_a_time(tmp_path: Path, capsys) -> None:
    assert run(["--db", str(tmp_path / "x.db"), "demo", "--now", "yesterday"]) == 2
    assert "--now" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_demo_reference_time_defaults_to_now(tmp_path: Path) -> None:
    path = tmp_path / "now.db"
    assert run(["--db", str(path), "demo", "--tickets", "30", "-q"]) == 0
    with sqlite3.connect(path) as connection:
        newest = connection.execute("SELECT max(created_at) FROM ticket").fetchone()[0]
    age = datetime.now(UTC) - datetime.fromisoformat(newest).replace(tzinfo=UTC)
    assert age.days < 30
