"""`report` and `report faults` (issue #9): the supervisor's numbers on the command line.

The store's clock is the fixed test clock (2026-11-20 10:00 in Beijing, 02:00 UTC); once the
test's own tickets are in, it stops, so the command line and the direct computation below read
the same "now". The command line must add nothing of its own to the numbers.
"""

import csv
import io
import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from agent_console.cli.output import jsonable
from agent_console.content import bundled_kb_dir
from agent_console.kpis import Period
from agent_console.sop import load_procedures
from agent_console.store import reports
from agent_console.store.engine import open_store
from tests.conftest import Cli, FixedClock
from tests.test_cli import _digest, _one_line_error
from tests.test_cli_service import PHONE, closed, freeze, new_ticket

FIRST, LAST = "2025-11-21", "2026-11-30"  # wide enough for 2026-11-20 in any time zone
PERIOD = ("--from", FIRST, "--to", LAST)
MODEL = "ThinkPad T14"
PROCEDURE = "blue-screen"


@pytest.fixture
def desk(cli: Cli, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The demo store plus a surveyed ticket and one following a procedure, on one model."""
    freeze(monkeypatch, clock)
    cli("customer", "new", "--name", "Ada Park", "--phone", PHONE)
    cli("device", "add", "--customer", PHONE, "--serial", "SN-RPT-1", "--model", MODEL,
        "--line", "laptop", "--purchased", "2026-06-01")  # fmt: skip
    surveyed = new_ticket(cli, "--device", "SN-RPT-1")
    closed(cli, surveyed)
    cli.json("survey", "record", surveyed, "--speed", "5", "--resolution", "4", "--attitude", "5",
             "--recommend", "9")  # fmt: skip
    crashing = new_ticket(cli, "--device", "SN-RPT-1", subject="Blue screen 0x7B at start")
    assert cli("sop", "start", crashing, PROCEDURE)[0] == 0
    clock.step = timedelta(0)  # from here on every reading is the same moment
    return cli


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0)).astimezone()


def direct(db: Path, now: datetime, first: str, last: str, team: str | None = None) -> dict:
    """The report as store.reports computes it, without the command line."""
    period = Period(_midnight(date.fromisoformat(first)),
                    _midnight(date.fromisoformat(last) + timedelta(days=1)))  # fmt: skip
    store = open_store(db, clock=lambda: now)
    try:
        with store.read() as session:
            found = reports.report(session, store.commitments, period, now, team=team)
    finally:
        store.close()
    return json.loads(json.dumps(jsonable(found), ensure_ascii=False))


def test_json_is_the_store_report_itself(desk: Cli, clock: FixedClock) -> None:
    shown = desk.json("report", *PERIOD)
    assert shown == direct(desk.db, clock.current, FIRST, LAST)
    assert shown["created"] > 0 and shown["surveys"] >= 1 and shown["nps"] is not None
    assert desk.json("report", *PERIOD, "--team", "remote_support") == direct(
        desk.db, clock.current, FIRST, LAST, team="remote_support"
    )
    code, out, _ = desk("report", *PERIOD, "--format", "json")
    assert code == 0 and json.loads(out) == shown


def test_the_default_period_is_the_30_days_up_to_today(desk: Cli, clock: FixedClock) -> None:
    today = clock.current.astimezone().date()
    period = desk.json("report")["period"]
    assert datetime.fromisoformat(period["start"]) == _midnight(today - timedelta(days=29))
    assert datetime.fromisoformat(period["end"]) == _midnight(today + timedelta(days=1))
    first = desk.json("report", "--from", (today - timedelta(days=6)).isoformat())["period"]
    assert datetime.fromisoformat(first["end"]) == _midnight(today + timedelta(days=1))


def test_csv_has_one_row_per_metric_with_the_same_values(desk: Cli) -> None:
    report = desk.json("report", *PERIOD)
    code, out, err = desk("report", *PERIOD, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert all(list(row) == ["section", "key", "value"] for row in rows)
    values = {(row["section"], row["key"]): row["value"] for row in rows}
    assert len(values) == len(rows)  # every metric once
    fcr = report["first_contact_resolution"]
    assert values["rates", "first_contact_resolution"] == f"{fcr:.1f}"
    assert values["satisfaction", "nps"] == f"{report['nps']:.1f}"
    assert values["satisfaction", "surveys"] == str(report["surveys"])
    assert values["rates", "created"] == str(report["created"])
    assert (values["period", "from"], values["period", "to"]) == (FIRST, LAST)
    for line in report["attainment"]:
        assert values["sla", f"{line['kind']}.met"] == str(line["met"])
    for engineer in report["engineers"]:
        assert values["engineer", f"{engineer['name']}.handled"] == str(engineer["handled"])


def test_a_team_narrows_the_report(desk: Cli) -> None:
    everyone = desk.json("report", *PERIOD)
    team = desk.json("report", *PERIOD, "--team", "remote_support")
    assert 0 < team["created"] <= everyone["created"]
    assert team["resolved"] <= everyone["resolved"]
    assert set(team["by_team"]) <= {"remote_support"}
    assert sum(team["by_status"].values()) <= sum(everyone["by_status"].values())
    code, out, _ = desk("report", *PERIOD, "--team", "remote_support")
    assert code == 0 and "team remote_support" in out.splitlines()[0]


def test_the_table_has_every_section(desk: Cli) -> None:
    code, out, err = desk("report", *PERIOD)
    assert code == 0, err
    for heading in ("Open now", "Service levels", "Rates", "Average times", "Satisfaction",
                    "Engineers"):  # fmt: skip
        assert heading in out
    assert "First-contact resolution" in out and "NPS" in out and "%" in out
    assert " h " in out and " min" in out  # the average times, e.g. "2 h 05 min"


def test_faults_by_model_are_ranked_and_shared_out(desk: Cli) -> None:
    ranking = desk.json("report", "faults", "--by", "model", *PERIOD)
    lines = ranking["faults"]
    assert ranking["by"] == "model" and lines
    counts = [line["count"] for line in lines]
    assert counts == sorted(counts, reverse=True)
    shares: dict[str, float] = defaultdict(float)
    for line in lines:
        shares[line["model"]] += line["share"]
        assert line["count"] == len(line["numbers"])
    assert all(total == pytest.approx(100) for total in shares.values())

    title = load_procedures(bundled_kb_dir() / "sops").get(PROCEDURE).title
    ours = [line for line in lines if line["model"] == MODEL]
    assert sorted(line["procedure"] or line["category"] for line in ours) == [
        PROCEDURE, "hardware",
    ]  # fmt: skip
    assert {line["fault"] for line in ours} == {title.en, "Hardware"}

    assert desk.json("report", "faults", *PERIOD, "--limit", "2")["faults"] == lines[:2]
    code, out, _ = desk("report", "faults", "--by", "model", *PERIOD)
    assert code == 0 and title.en in out and lines[0]["numbers"][0] in out
    code, out, _ = desk("report", "faults", *PERIOD, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [int(row["count"]) for row in rows] == counts


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["report", "--from", "2026-13-01"], ["--from", "2026-13-01"]),
        (["report", "--to", "yesterday"], ["--to", "yesterday"]),
        (["report", "--from", "2026-11-20", "--to", "2026-11-01"], ["--from", "2026-11-20"]),
        (["report", "--from", "2099-01-01"], ["--from", "2099-01-01"]),
        (["report", "--team", "no-team"], ["no-team"]),
        (["report", "--format", "xml"], ["--format", "xml"]),
        (["report", "faults", "--by", "customer"], ["--by", "customer", "model"]),
        (["report", "faults", "--format", "pdf"], ["--format", "pdf"]),
        (["report", "faults", "--team", "no-team"], ["no-team"]),
        (["report", "faults", "--limit", "0"], ["--limit"]),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2(cli: Cli, args: list[str], fragments: list[str]) -> None:
    before = _digest(cli.db)
    _one_line_error(*cli(*args), *fragments)
    assert _digest(cli.db) == before


def test_reports_speak_chinese(desk: Cli) -> None:
    code, out, _ = desk("--lang", "zh", "report", *PERIOD)
    assert code == 0
    for heading in ("当前未结工单", "服务时效达标", "比率", "平均用时", "客户满意度", "工程师"):
        assert heading in out
    assert "一次解决率" in out and "Open now" not in out
    code, out, _ = desk("--lang", "zh", "report", "faults", *PERIOD)
    title = load_procedures(bundled_kb_dir() / "sops").get(PROCEDURE).title
    assert code == 0 and "各型号故障排行" in out and title.zh in out
    code, _, err = desk("--lang", "zh", "report", "faults", "--by", "x")
    assert code == 2 and "「x」" in err
