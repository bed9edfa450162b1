"""Service execution and closure from the command line (issue #8): parts, estimates, visits,
remote sessions, resolution, sign-off, surveys, follow-up calls, second faults, complaints.

The store's clock is the fixed test clock: 2026-11-20 10:00 in Beijing (02:00 UTC), so
"tomorrow" and "yesterday" are known; times given to --at are local, like a user's.
"""

import io
import json
import shutil
from contextlib import redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent_console.cli import run
from agent_console.store import engine
from tests.conftest import Cli, FixedClock, isolate_environment
from tests.test_cli import _digest, _one_line_error

PHONE = "13100001234"
ENGINEER = "潘明"  # an engineer of the demo store
ME = "陈丽华"  # the demo store's acting agent
START = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # as conftest's clock fixture


def freeze(patch: pytest.MonkeyPatch, clock: FixedClock) -> None:
    """Every store the command line opens runs on `clock`."""
    opened = engine.open_store
    patch.setattr(engine, "open_store", lambda path, **kw: opened(path, clock=clock, **kw))


@pytest.fixture
def frozen(clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    freeze(monkeypatch, clock)
    return clock


@pytest.fixture
def svc(cli: Cli, frozen: FixedClock) -> Cli:
    """The demo store's command line at the fixed time."""
    cli("customer", "new", "--name", "Ada Park", "--phone", PHONE)
    return cli


def local(text: str) -> datetime:
    """A wall-clock time as the user means it: in their own zone."""
    return datetime.fromisoformat(text).astimezone()


def new_ticket(cli: Cli, *options: str, subject: str = "Laptop battery will not charge") -> str:
    return cli.json("ticket", "new", "--subject", subject, "--customer", PHONE, *options)["number"]


def add_part(cli: Cli, number: str = "TST-BAT", price: str = "320.50", *flags: str) -> dict:
    return cli.json("part", "add", number, "--name", "Battery 52Wh", "--kind", "common",
                    "--price", price, *flags)  # fmt: skip


def resolved(cli: Cli, number: str) -> None:
    cli.json("resolve", number, "--cause", "Worn cell", "--solution", "Replaced the battery")


def closed(cli: Cli, number: str) -> None:
    resolved(cli, number)
    cli.json("accept", number, "--by", "Ada Park", "--via", "phone")


def service(cli: Cli, number: str) -> dict:
    return cli.json("ticket", "show", number)["service"]


def test_a_ticket_from_parts_to_follow_up_call(svc: Cli) -> None:
    number = new_ticket(svc)
    add_part(svc, "TST-BAT", "320.50", "--core")
    requested = svc.json("part", "request", number.removeprefix("T-"), "tst-bat", "--qty", "2")
    assert (requested["number"], requested["quantity"], requested["status"]) == (
        "TST-BAT", 2, "requested",
    )  # fmt: skip
    assert requested["due_at"] > requested["requested_at"] and requested["late"] is False

    estimate = svc.json("estimate", "make", number, "--part", "TST-BAT:2", "--labour", "200",
                        "--travel", "50")  # fmt: skip
    assert estimate["status"] == "proposed" and estimate["total_cents"] == 2 * 32050 + 25000
    assert [(line["kind"], line["item"], line["amount_cents"]) for line in estimate["lines"]] == [
        ("parts", "TST-BAT", 64100), ("labour", "labour", 20000), ("travel", "travel", 5000),
    ]  # fmt: skip

    assert svc.json("part", "ship", number, "TST-BAT")["status"] == "shipped"
    assert svc.json("part", "deliver", number, "TST-BAT")["delivered_at"]
    code, out, err = svc("part", "install", number, "TST-BAT")
    _one_line_error(code, out, err, number, "¥891.00")  # paid work waits for the customer
    decided = svc.json("estimate", "accept", number, "--by", "Ada Park", "--via", "signature")
    assert (decided["status"], decided["decided_by"], decided["decided_via"]) == (
        "accepted", "Ada Park", "signature",
    )  # fmt: skip
    installed = svc.json("part", "install", number, "TST-BAT")
    assert installed["status"] == "installed" and installed["warranty_end"]

    done = svc.json("resolve", number, "--cause", "Worn cell", "--solution", "New battery",
                    "--tools", "Torx T5", "--prevention", "Avoid deep discharge")  # fmt: skip
    assert (done["status"], done["cause"], done["tools"]) == ("resolved", "Worn cell", "Torx T5")
    signed = svc.json("accept", number, "--by", "Ada Park", "--via", "phone")
    assert (signed["status"], signed["accepted"], signed["confirmed_by"], signed["via"]) == (
        "closed", True, "Ada Park", "phone",
    )  # fmt: skip
    assert svc.json("ticket", "show", number)["status"] == "closed"

    calls = [row for row in svc.json("followup", "list") if row["number"] == number]
    assert [(row["kind"], row["customer"], row["phone"], row["overdue"]) for row in calls] == [
        ("closure", "Ada Park", PHONE, False),
    ]  # fmt: skip
    assert local(calls[0]["due_at"]) > local("2026-11-20T10:00+08:00")

    answer = svc.json("survey", "record", number, "--speed", "5", "--resolution", "4", "--attitude",
                      "5", "--recommend", "9", "--comment", "Quick and tidy")  # fmt: skip
    assert (answer["speed"], answer["recommend"], answer["satisfied"]) == (5, 9, True)
    made = svc.json("followup", "done", number, "--outcome", "Battery holds a full day")
    assert (made["kind"], made["outcome"], made["done_by"]) == (
        "closure", "Battery holds a full day", ME,
    )  # fmt: skip
    assert all(row["number"] != number for row in svc.json("followup", "list"))

    record = service(svc, number)
    assert record["bill"]["total_cents"] == 2 * 32050 + 25000
    assert record["acceptance"]["confirmed_by"] == "Ada Park"
    assert [s["comment"] for s in record["surveys"]] == ["Quick and tidy"]
    assert record["follow_ups"][0]["outcome"] == "Battery holds a full day"


def test_the_parts_catalogue(svc: Cli) -> None:
    added = add_part(svc, "tst-fan", "120", "--core")
    assert added == {"number": "TST-FAN", "name": "Battery 52Wh", "kind": "common",
                     "price_cents": 12000, "core": True}  # fmt: skip
    listed = {part["number"]: part for part in svc.json("part", "list")}
    assert listed["TST-FAN"]["price_cents"] == 12000
    code, out, _ = svc("part", "list")
    assert code == 0 and "TST-FAN" in out and "¥120.00" in out
    code, out, _ = svc("--lang", "zh", "part", "list")
    assert code == 0 and "备件" in out and "常用" in out


def test_an_old_part_comes_back(svc: Cli) -> None:
    number = new_ticket(svc)
    add_part(svc)
    svc.json("estimate", "make", number, "--part", "TST-BAT")
    svc.json("estimate", "accept", number, "--by", "Ada Park", "--via", "signature")
    for step in ("request", "ship", "deliver", "install"):
        svc.json("part", step, number, "TST-BAT")
    returned = svc.json("part", "return", number, "TST-BAT", "--serial", "old-77")
    assert returned["returned_serial"] == "OLD-77"
    assert service(svc, number)["parts"][0]["returned_serial"] == "OLD-77"


def test_an_estimate_declined_and_shown(svc: Cli) -> None:
    number = new_ticket(svc)
    add_part(svc)
    svc.json("estimate", "make", number, "--part", "TST-BAT", "--labour", "80.5")
    declined = svc.json("estimate", "decline", number, "--by", "Ada Park", "--via", "app")
    assert declined["status"] == "declined" and declined["total_cents"] == 32050 + 8050
    shown = svc.json("estimate", "show", number)
    assert shown["estimate"]["status"] == "declined"
    assert shown["bill"] == {"lines": [], "reduction_cents": 0, "total_cents": 0}
    code, out, _ = svc("estimate", "show", number)
    assert code == 0 and "¥401.00" in out and "Declined" in out and "Bill: ¥0.00" in out


def test_visits_are_booked_moved_confirmed_and_made(svc: Cli) -> None:
    number = new_ticket(svc, "--mode", "onsite")
    add_part(svc)
    svc.json("part", "request", number, "TST-BAT")
    booked = svc.json("appointment", "book", number, "--engineer", ENGINEER, "--at",
                      "2026-11-21 10:00", "--address", "Room 301, 88 Keyuan Rd",
                      "--bring", "Torx screwdrivers")  # fmt: skip
    assert local(booked["window_start"]) == local("2026-11-21T10:00")
    assert local(booked["window_end"]) == local("2026-11-21T10:30")
    assert booked["bring"].splitlines() == ["TST-BAT Battery 52Wh x1", "Torx screwdrivers"]
    assert (booked["engineer"], booked["status"], booked["confirmed_via"]) == (
        ENGINEER, "booked", None,
    )  # fmt: skip

    moved = svc.json("appointment", "reschedule", number, "--at", "2026-11-21 14:00",
                     "--reason", "Customer in a meeting")  # fmt: skip
    assert local(moved["window_start"]) == local("2026-11-21T14:00")
    assert moved["reason"] == "Customer in a meeting" and moved["engineer"] == ENGINEER
    confirmed = svc.json("appointment", "confirm", number, "--via", "phone")
    assert confirmed["confirmed_via"] == "phone"

    day = svc.json("appointment", "day", "--engineer", ENGINEER, "--date", "2026-11-21")
    assert [(visit["number"], visit["status"]) for visit in day] == [(number, "booked")]
    assert (day[0]["customer"], day[0]["phone"]) == ("Ada Park", PHONE)
    code, out, _ = svc("appointment", "day", "--engineer", ENGINEER, "--date", "2026-11-21")
    assert code == 0
    expected = ("14:00-14:30", number, "Ada Park", PHONE, "Room 301, 88 Keyuan Rd",
                "TST-BAT Battery 52Wh x1", "Torx screwdrivers", "confirmed (Phone)")  # fmt: skip
    assert [text for text in expected if text not in out] == []

    arrived = svc.json("appointment", "arrive", number)
    assert arrived["status"] == "arrived" and arrived["arrived_at"]
    history = service(svc, number)["appointments"]
    assert [visit["status"] for visit in history] == ["rescheduled", "arrived"]


def test_the_day_view_is_the_acting_agents_by_default(svc: Cli) -> None:
    later, earlier = new_ticket(svc), new_ticket(svc, subject="Printer offline")
    for number, at in ((later, "2026-11-22 15:00"), (earlier, "2026-11-22 09:00")):
        svc.json("appointment", "book", number, "--engineer", ME, "--at", at, "--address",
                 "Keyuan Rd 88", "--confirmed-via", "app")  # fmt: skip
    day = svc.json("appointment", "day", "--date", "2026-11-22")
    assert [visit["number"] for visit in day] == [earlier, later]
    assert {visit["engineer"] for visit in day} == {ME}
    assert svc.json("appointment", "day", "--date", "2026-11-23") == []


def test_a_remote_session_is_logged(svc: Cli) -> None:
    number = new_ticket(svc)
    logged = svc.json("remote", number, "--tool", "向日葵", "--minutes", "25", "--outcome",
                      "Driver reinstalled")  # fmt: skip
    assert logged == {**logged, "number": number, "tool": "向日葵", "minutes": 25,
                      "outcome": "Driver reinstalled", "author": ME}  # fmt: skip
    assert service(svc, number)["remote_sessions"][0]["tool"] == "向日葵"


def test_a_dispute_is_evaluated_then_reopened(svc: Cli) -> None:
    number = new_ticket(svc)
    resolved(svc, number)
    disputed = svc.json("dispute", number, "--reason", "Still drains overnight", "--by",
                        "Ada Park", "--via", "phone")  # fmt: skip
    assert (disputed["status"], disputed["accepted"], disputed["reason"]) == (
        "resolved", False, "Still drains overnight",
    )  # fmt: skip
    upheld = svc.json("evaluate", number, "--finding", "Normal standby drain")
    assert (upheld["status"], upheld["reopen"]) == ("resolved", False)
    code, out, err = svc("evaluate", number, "--finding", "again")
    _one_line_error(code, out, err, number)  # no dispute is waiting any more

    svc.json("dispute", number, "--reason", "Drains in two hours")
    reopened = svc.json("evaluate", number, "--finding", "Faulty cell", "--reopen")
    assert reopened["status"] == "reopened"
    assert service(svc, number)["second_fault_of"] == number  # free of charge from now on


def test_a_second_fault_is_free(svc: Cli) -> None:
    svc("device", "add", "--customer", PHONE, "--serial", "SN-TST-1", "--model", "ThinkPad T14",
        "--line", "laptop", "--purchased", "2026-06-01")  # fmt: skip
    first = new_ticket(svc, "--device", "SN-TST-1")
    closed(svc, first)
    again = new_ticket(svc, "--device", "SN-TST-1", subject="Battery dead again")
    linked = svc.json("second-fault", again, "--of", first.removeprefix("T-"))
    assert (linked["number"], linked["second_fault_of"]) == (again, first)
    assert service(svc, again)["second_fault_of"] == first
    free = svc.json("estimate", "make", again, "--labour", "200")
    assert (free["total_cents"], free["status"]) == (0, "accepted")
    code, out, err = svc("second-fault", again, "--of", first)
    _one_line_error(code, out, err, again, first, "already linked")


def test_surveys_summarized(fresh: Cli) -> None:
    fresh("customer", "new", "--name", "Ada Park", "--phone", PHONE)
    for scores in (("5", "5", "5", "10"), ("2", "3", "4", "6")):
        number = new_ticket(fresh)
        closed(fresh, number)
        speed, resolution, attitude, recommend = scores
        fresh.json("survey", "record", number, "--speed", speed, "--resolution", resolution,
                   "--attitude", attitude, "--recommend", recommend)  # fmt: skip
    summary = fresh.json("survey", "summary", "--since", "2026-11-19", "--until", "2026-11-20")
    assert summary["count"] == 2 and summary["speed"] == 3.5 and summary["attitude"] == 4.5
    assert round(summary["csat"], 1) == 66.7  # 4 of the 6 scores are 4 or 5
    assert (summary["promoters"], summary["passives"], summary["detractors"]) == (1, 0, 1)
    assert summary["nps"] == 0
    assert fresh.json("survey", "summary", "--until", "2026-11-18")["count"] == 0
    code, out, _ = fresh("--lang", "zh", "survey", "summary")
    assert code == 0 and "NPS" in out and "66.7%" in out and "推荐者" in out


@pytest.fixture
def fresh(empty_cli: Cli, frozen: FixedClock) -> Cli:
    """An empty store's command line at the fixed time."""
    return empty_cli


def test_an_unsatisfied_customer_is_called_within_a_day(svc: Cli) -> None:
    number = new_ticket(svc)
    closed(svc, number)
    answer = svc.json("survey", "record", number, "--speed", "2", "--resolution", "3",
                      "--attitude", "3", "--recommend", "4")  # fmt: skip
    assert answer["satisfied"] is False
    due = next(row["due_at"] for row in svc.json("followup", "list") if row["number"] == number)
    closed_at = svc.json("ticket", "show", number)["closed_at"]
    assert 0 < (local(due) - local(closed_at)).total_seconds() <= 24 * 3600
    soon = svc.json("followup", "list", "--due-before", "2026-11-23")
    assert number in {row["number"] for row in soon}
    code, out, _ = svc("--lang", "zh", "followup", "list")
    assert code == 0 and number in out and "结案回访" in out


def test_complaints_with_their_clocks(svc: Cli) -> None:
    number = new_ticket(svc, "--category", "complaint", subject="Engineer never came")
    board = {row["number"]: row for row in svc.json("complaint", "list")}
    clocks = board[number]["clocks"]
    assert [(clock["kind"], clock["state"]) for clock in clocks] == [
        ("accept", "running"), ("proposal", "running"), ("close", "running"),
    ]  # fmt: skip
    assert board[number]["next_due"] == min(clock["due"] for clock in clocks)
    code, out, _ = svc("complaint", "list")
    assert code == 0 and number in out and "Engineer never came" in out and "running" in out

    closed(svc, number)
    assert number not in {row["number"] for row in svc.json("complaint", "list")}
    assert number in {row["number"] for row in svc.json("complaint", "list", "--all")}


def test_ticket_show_has_a_service_section(svc: Cli) -> None:
    number = new_ticket(svc)
    code, out, _ = svc("ticket", "show", number)
    assert code == 0 and "\nService\n" not in out
    svc.json("remote", number, "--tool", "AnyDesk", "--minutes", "10", "--outcome", "Checked")
    resolved(svc, number)
    svc.json("dispute", number, "--reason", "Still drains overnight")
    code, out, _ = svc("ticket", "show", number)
    assert code == 0
    section = out.split("\nService\n", 1)[1]
    for expected in ("Remote session", "AnyDesk", "Worn cell", "Replaced the battery",
                     "Still drains overnight"):  # fmt: skip
        assert expected in section
    code, out, _ = svc("--lang", "zh", "ticket", "show", number)
    assert code == 0 and "服务记录" in out and "远程协助" in out


def test_ticket_show_prints_parts_and_money(svc: Cli) -> None:
    number = new_ticket(svc)
    add_part(svc)
    svc.json("part", "request", number, "TST-BAT")
    svc.json("estimate", "make", number, "--part", "TST-BAT", "--labour", "200")
    code, out, err = svc("ticket", "show", number)
    assert code == 0, err
    assert "TST-BAT Battery 52Wh x1: Requested" in out and "¥520.50" in out


BAD_INPUT = [
    (["survey", "record", "{closed}", "--speed", "6", "--resolution", "4", "--attitude", "4",
      "--recommend", "8"], ["speed", "6"]),
    (["survey", "record", "{open}", "--speed", "5", "--resolution", "4", "--attitude", "4",
      "--recommend", "8"], ["{open}", "survey"]),
    (["part", "request", "{open}", "NO-SUCH-PART"], ["NO-SUCH-PART"]),
    (["estimate", "make", "{open}", "--part", "NO-SUCH-PART:2"], ["NO-SUCH-PART"]),
    (["estimate", "make", "{open}", "--part", "TST-BAT:two"], ["--part", "TST-BAT:two"]),
    (["estimate", "make", "{open}", "--labour", "12,50"], ["--labour", "12,50"]),
    (["estimate", "accept", "{open}", "--by", "Ada", "--via", "phone"], ["{open}", "estimate"]),
    (["estimate", "accept", "{open}", "--by", "Ada", "--via", "fax"], ["--via", "fax"]),
    (["appointment", "book", "{open}", "--engineer", ENGINEER, "--at", "2026-11-19 09:00",
      "--address", "Keyuan Rd 88"], ["2026-11-19 09:00", "past"]),
    (["appointment", "book", "{open}", "--engineer", ENGINEER, "--at", "tomorrow 9am",
      "--address", "Keyuan Rd 88"], ["--at", "tomorrow 9am"]),
    (["appointment", "book", "{open}", "--engineer", "Nobody Here", "--at", "2026-11-21 09:00",
      "--address", "Keyuan Rd 88"], ["Nobody Here"]),
    (["appointment", "arrive", "{open}"], ["{open}"]),
    (["appointment", "day", "--date", "21/11/2026"], ["--date", "21/11/2026"]),
    (["followup", "done", "{open}", "--outcome", "Called"], ["{open}", "follow-up"]),
    (["accept", "{open}", "--by", "Ada", "--via", "phone"], ["{open}", "not resolved"]),
    (["part", "add", "TST-BAT", "--name", "Again", "--kind", "common", "--price", "1"],
     ["TST-BAT"]),
    (["part", "add", "TST-NEW", "--name", "X", "--kind", "rare", "--price", "1"],
     ["--kind", "rare"]),
    (["part", "add", "TST-NEW", "--name", "X", "--kind", "common", "--price", "-5"],
     ["--price", "-5"]),
    (["part", "install", "{open}", "TST-BAT"], ["{open}", "TST-BAT"]),
    (["remote", "{open}", "--tool", "AnyDesk", "--minutes", "0", "--outcome", "x"],
     ["minutes", "0"]),
    (["survey", "summary", "--since", "yesterday"], ["--since", "yesterday"]),
    (["resolve", "T-999999", "--cause", "x", "--solution", "y"], ["T-999999"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def prepared(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The demo store with part TST-BAT, an open ticket and a closed one; made once."""
    path = tmp_path_factory.mktemp("prepared") / "store.db"
    shutil.copy(demo_template, path)

    def cli_json(*args: str) -> dict:
        with redirect_stdout(io.StringIO()) as out:
            assert run(["--db", str(path), *args, "--json"]) == 0
        return json.loads(out.getvalue())

    with pytest.MonkeyPatch.context() as patch:
        isolate_environment(patch, tmp_path_factory.mktemp("home"))
        freeze(patch, FixedClock(START))
        cli_json("customer", "new", "--name", "Ada Park", "--phone", PHONE)
        cli_json("part", "add", "TST-BAT", "--name", "Battery", "--kind", "common", "--price", "9")
        tickets = {
            name: cli_json("ticket", "new", "--subject", name, "--customer", PHONE)["number"]
            for name in ("open", "closed")
        }
        cli_json("resolve", tickets["closed"], "--cause", "Worn cell", "--solution", "New cell")
        cli_json("accept", tickets["closed"], "--by", "Ada Park", "--via", "phone")
    return path, tickets


@pytest.mark.parametrize(("args", "fragments"), BAD_INPUT, ids=lambda v: " ".join(v)[:40])
@pytest.mark.usefixtures("frozen")
def test_bad_input_is_one_line_and_changes_nothing(
    make_cli, prepared: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str],
    fragments: list[str],
) -> None:  # fmt: skip
    template, tickets = prepared
    cli = make_cli(Path(shutil.copy(template, tmp_path / "store.db")))
    before = _digest(cli.db)
    code, out, err = cli(*(arg.format(**tickets) for arg in args))
    _one_line_error(code, out, err, *(fragment.format(**tickets) for fragment in fragments))
    assert _digest(cli.db) == before
