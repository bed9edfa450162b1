"""The scripting CLI against a demo store: JSON for scripts, one-line errors, no partial writes."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_console.cli.workstation import ROOT_OPTIONS, workstation_options
from tests.conftest import Cli


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


def test_customer_new_then_show_by_phone(empty_cli: Cli) -> None:
    created = empty_cli.json("customer", "new", "--name", "周杰", "--phone", "+86 139-1234-5678",
                             "--tier", "vip", "--email", "zhou@example.com")  # fmt: skip
    assert created["phone"] == "13912345678"
    code, _, err = empty_cli("device", "add", "--customer", "13912345678", "--serial", "ab12cd",
                             "--model", "ThinkPad T14", "--line", "laptop",
                             "--purchased", "2025-12-01")  # fmt: skip
    assert code == 0, err
    shown = empty_cli.json("customer", "show", "139 1234 5678")
    assert shown["name"] == "周杰" and shown["tier"] == "vip"
    assert shown["devices"][0]["serial"] == "AB12CD"
    assert shown["devices"][0]["warranty_end"] == "2026-11-30"
    assert shown["devices"][0]["core_warranty_end"] == "2027-11-30"
    assert shown["devices"][0]["warranty"] in {"in_warranty", "core_parts_only", "expired"}
    by_serial = empty_cli.json("customer", "show", "AB12CD")
    assert by_serial["id"] == shown["id"]


def test_ticket_lifecycle_by_json(cli: Cli) -> None:
    customer = cli.json("customer", "new", "--name", "Ada Park", "--phone", "13100001234")
    ticket = cli.json("ticket", "new", "--subject", "Printer jams on every page", "--customer",
                      "13100001234", "--channel", "email", "--category", "hardware",
                      "--team", "remote_support", "--description", "Tray 2 only")  # fmt: skip
    number = ticket["number"]
    assert number.startswith("T-") and len(number) >= 8 and ticket["id"]
    assert ticket["customer"]["id"] == customer["id"]
    assert ticket["team"] == "远程技术支持组"

    assert cli("ticket", "update", number, "--status", "in_progress", "--priority", "P2")[0] == 0
    assert cli("ticket", "note", number, "Asked for a photo of the jam")[0] == 0
    shown = cli.json("ticket", "show", number)
    for key in ("number", "subject", "status", "priority", "category", "channel", "team",
                "assignee", "customer", "device", "events"):  # fmt: skip
        assert key in shown
    assert (shown["status"], shown["priority"], shown["channel"]) == ("in_progress", "P2", "email")
    kinds = [event["kind"] for event in shown["events"]]
    assert kinds == ["created", "status", "field", "note"]
    note = shown["events"][-1]
    assert note["text"] == "Asked for a photo of the jam"
    assert note["author"] and note["at"]
    assert shown["events"][1]["text"] == "status: new -> in_progress"


def test_ticket_list_filters_by_status_assignee_and_team(cli: Cli) -> None:
    waiting = cli.json("ticket", "list", "--status", "in_progress,scheduled", "--limit", "500")
    assert waiting and {row["status"] for row in waiting} <= {"in_progress", "scheduled"}
    anyone = waiting[0]["assignee"]
    mine = cli.json("ticket", "list", "--status", "all", "--assignee", anyone, "--limit", "1000")
    assert mine and {row["assignee"] for row in mine} == {anyone}
    team = cli.json("ticket", "list", "--team", "quality", "--status", "all", "--limit", "1000")
    assert team and {row["team"] for row in team} == {"质量与投诉组"}
    assert {row["category"] for row in team} == {"complaint"}
    newest = cli.json("ticket", "list", "--status", "all", "--limit", "5")
    numbers = [row["number"] for row in newest]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) == 5
    open_rows = cli.json("ticket", "list", "--limit", "1000")
    assert {row["status"] for row in open_rows}.isdisjoint({"resolved", "closed"})


def test_ticket_numbers_are_accepted_as_people_type_them(cli: Cli) -> None:
    assert cli.json("ticket", "show", "12")["number"] == "T-000012"
    assert cli.json("ticket", "show", "t-000012")["number"] == "T-000012"


def test_human_output_speaks_the_chosen_language(cli: Cli) -> None:
    code, out, _ = cli("--lang", "zh", "ticket", "show", "T-000001")
    assert code == 0 and "处理记录" in out and "状态" in out
    code, out, _ = cli("--lang", "en", "ticket", "show", "T-000001")
    assert code == 0 and "Timeline" in out


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["ticket", "show", "T-999999"], ["T-999999"]),
        (["ticket", "note", "T-999999", "hello"], ["T-999999"]),
        (["ticket", "update", "T-000001", "--status", "bogus"], ["--status", "bogus"]),
        (["ticket", "update", "T-000001", "--priority", "P9"], ["--priority", "P9"]),
        (["ticket", "list", "--status", "nope"], ["nope"]),
        (["ticket", "new", "--subject", "x", "--customer", "nobody-at-all"], ["nobody-at-all"]),
        (["ticket", "new", "--subject", "x", "--customer", "13100001234", "--channel", "fax"],
         ["--channel", "fax"]),
        (["ticket", "new", "--subject", " ", "--customer", "13100001234"], ["subject"]),
        (["customer", "show", "no such person"], ["no such person"]),
        (["customer", "new", "--name", "X", "--phone", "12"], ["phone", "12"]),
        (["customer", "new", "--name", "X", "--phone", "13100009999", "--tier", "gold"],
         ["--tier", "gold"]),
        (["ticket", "update", "T-000001", "--assignee", "Nobody Here"], ["Nobody Here"]),
        (["ticket", "list", "--team", "no-team"], ["no-team"]),
        (["ticket", "list", "--limit", "0"], ["--limit"]),
        (["ticket", "new", "--subject", "x"], ["--customer"]),
        (["--lang", "fr", "ticket", "list"], ["lang"]),
        (["demo", "--tickets", "10"], ["--force"]),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    cli: Cli, args: list[str], fragments: list[str]
) -> None:
    cli("customer", "new", "--name", "Ada Park", "--phone", "13100001234")
    before = _digest(cli.db)
    code, out, err = cli(*args)
    _one_line_error(code, out, err, *fragments)
    assert _digest(cli.db) == before


def test_an_impossible_status_change_names_the_ticket(cli: Cli) -> None:
    closed = cli.json("ticket", "list", "--status", "closed", "--limit", "1")[0]["number"]
    code, out, err = cli("ticket", "update", closed, "--status", "waiting_parts")
    _one_line_error(code, out, err, closed, "closed", "reopened")


def test_store_in_a_missing_directory(make_cli, tmp_path: Path) -> None:
    cli = make_cli(tmp_path / "missing" / "store.db")
    _one_line_error(*cli("ticket", "list"), str(tmp_path / "missing"))
    assert not (tmp_path / "missing").exists()


def test_a_file_that_is_not_sqlite(make_cli, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(2000))
    _one_line_error(*make_cli(path)("ticket", "list"), "photo.jpg", "not a SQLite database")
    assert path.read_bytes() == b"\xff\xd8\xff\xe0" + bytes(2000)


def test_a_store_from_a_newer_schema(make_cli, demo_db: Path) -> None:
    import sqlite3

    with sqlite3.connect(demo_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d'")
    connection.close()
    before = _digest(demo_db)
    _one_line_error(*make_cli(demo_db)("ticket", "list"), "f00d", "newer")
    assert _digest(demo_db) == before


def test_errors_speak_chinese_too(cli: Cli) -> None:
    code, _, err = cli("--lang", "zh", "ticket", "show", "T-999999")
    assert code == 2 and err.strip() == "错误: 没有工单 T-999999"


def _imports_after(args: list[str], db: Path) -> set[str]:
    probe = (
        "import sys; from agent_console.cli import run; "
        f"code = run({args!r}); "
        "print('MODULES', code, *sorted({m.split('.')[0] for m in sys.modules}))"
    )
    env = {**os.environ, "AGENT_CONSOLE_DB": str(db)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=env, check=True).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("MODULES"))
    code, *modules = line.split()[1:]
    assert code == "0"
    return set(modules)


@pytest.mark.parametrize("args", [["--help"], ["ticket", "list", "--json"]])
def test_scripting_commands_do_not_load_the_tui(args: list[str], demo_db: Path) -> None:
    loaded = _imports_after(args, demo_db)
    assert "textual" not in loaded
    assert "fastapi" not in loaded


def test_python_dash_m_runs_the_cli(demo_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "agent_console", "--db", str(demo_db), "ticket", "show", "1",
         "--json"], check=False, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"number": "T-000001"' in result.stdout


def test_sla_explain_lists_every_clock_with_its_policy(cli: Cli) -> None:
    cli("customer", "new", "--name", "Ada Park", "--phone", "13100001234", "--tier", "vip")
    complaint = cli.json("ticket", "new", "--subject", "Engineer never came", "--customer",
                         "13100001234", "--category", "complaint")  # fmt: skip
    clocks = cli.json("sla", "explain", complaint["number"])
    assert {clock["kind"] for clock in clocks} == {"accept", "proposal", "close"}
    accept = next(clock for clock in clocks if clock["kind"] == "accept")
    assert accept["policy"] == "complaint-accept" and accept["calendar"] == "always-open"
    assert accept["state"] == "running" and accept["target_minutes"] == 1440
    code, out, _ = cli("--lang", "zh", "sla", "explain", complaint["number"])
    assert code == 0 and "投诉受理" in out and "策略 complaint-accept" in out


def test_sla_explain_of_an_unknown_ticket(cli: Cli) -> None:
    _one_line_error(*cli("sla", "explain", "T-999999"), "T-999999")


def test_kb_search_finds_articles_in_any_written_form(cli: Cli) -> None:
    for query in (["蓝瓶"], ["blue", "scren"], ["0x7b"]):
        hits = cli.json("kb", "search", *query)
        assert hits[0]["id"].startswith("bsod-"), query
    code, out, _ = cli("kb", "search", "qqqqzzzz")
    assert code == 0 and "qqqqzzzz" in out


def test_kb_link_puts_the_article_on_the_ticket_timeline(cli: Cli) -> None:
    code, out, err = cli("kb", "link", "1", "bsod-0x7b")
    assert code == 0, err
    assert "bsod-0x7b" in out and "T-000001" in out
    events = cli.json("ticket", "show", "1")["events"]
    assert events[-1]["kind"] == "kb_link" and events[-1]["new_value"] == "bsod-0x7b"


def test_kb_link_refuses_an_unknown_article_in_one_line(cli: Cli) -> None:
    code, _, err = cli("kb", "link", "1", "no-such-article")
    assert code == 2 and "no-such-article" in err and len(err.strip().splitlines()) == 1
    events = cli.json("ticket", "show", "1")["events"]
    assert all(event["kind"] != "kb_link" for event in events)


FIRST_PAGE_PROBE = """
import sys
from textual.app import App
from agent_console.app import AgentConsoleApp
from agent_console.cli import run
from agent_console.screens.queue import QueueScreen

show_page = QueueScreen._show_page

def first_page(self, *args):
    show_page(self, *args)
    print("ROWS", len(self.rows), *sorted({name.split(".")[0] for name in sys.modules}))
    self.app.exit()

QueueScreen._show_page = first_page
AgentConsoleApp.run = lambda self: App.run(self, headless=True)
sys.exit(run(["--db", sys.argv[1], "--lang", "en"]))
"""


def test_the_workstation_draws_its_first_page_before_loading_the_orm(demo_db: Path) -> None:
    """The first paint waits for none of SQLAlchemy, Typer (and its pydantic) or the sync
    client: each costs a tenth of a second or more to import (issue #3's first-paint goal)."""
    result = subprocess.run([sys.executable, "-c", FIRST_PAGE_PROBE, str(demo_db)],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("ROWS"))
    rows, *modules = line.split()[1:]
    assert int(rows) > 0
    assert {"sqlalchemy", "sqlmodel", "alembic", "typer", "pydantic", "httpx"}.isdisjoint(modules)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {}),
        (
            ["--db", "a.db", "--lang=zh", "--as", "王芳"],
            {"db": "a.db", "lang": "zh", "agent": "王芳"},
        ),
        (["--db"], None),  # Typer names the missing value
        (["--help"], None),
        (["--version"], None),
        (["--db", "a.db", "ticket", "list"], None),
    ],
)
def test_only_root_options_start_the_workstation_without_typer(
    argv: list[str], expected: dict[str, str] | None
) -> None:
    assert workstation_options(argv) == expected


def test_the_workstation_knows_every_root_option_typer_knows() -> None:
    import typer.main

    from agent_console.cli.app import build_app

    root = typer.main.get_command(build_app())
    typer_options = {opt: param.name for param in root.params for opt in param.opts}
    assert {flag: typer_options[flag] for flag in ROOT_OPTIONS} == ROOT_OPTIONS
    assert set(typer_options) - set(ROOT_OPTIONS) <= {"--version", "--help", "-h"}
