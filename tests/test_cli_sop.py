"""`agent-console sop ...`: procedures listed, shown, validated, and followed on a ticket."""

import shutil
import sqlite3
from pathlib import Path

from tests.conftest import Cli

SOPS = Path(__file__).parent.parent / "kb" / "sops"


def test_sop_list_and_show_give_the_steps_in_order(cli: Cli) -> None:
    listed = cli.json("sop", "list")
    assert {"blue-screen", "no-power", "wifi", "paper-jam", "slow-charging", "onsite-visit"} <= {
        item["id"] for item in listed
    }
    shown = cli.json("sop", "show", "blue-screen")
    assert shown["id"] == "blue-screen" and shown["title"]
    assert [step["id"] for step in shown["steps"]] == ["reboot", "safe-mode", "drivers", "repair"]
    assert all(step["title"] for step in shown["steps"])
    assert shown["steps"][-1]["on_failure"] == "escalate"


def test_sop_show_of_an_unknown_procedure_is_one_line(cli: Cli) -> None:
    code, out, err = cli("sop", "show", "no-such-sop")
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "no-such-sop" in err


def test_sop_validate_passes_the_shipped_folder(cli: Cli) -> None:
    code, out, _ = cli("sop", "validate", str(SOPS))
    assert code == 0
    assert "0 refused" in out


def test_sop_validate_names_the_file_and_step_of_a_broken_definition(
    cli: Cli, tmp_path: Path
) -> None:
    shutil.copy(SOPS / "paper-jam.toml", tmp_path / "paper-jam.toml")
    broken = (SOPS / "blue-screen.toml").read_text(encoding="utf-8")
    broken = broken.replace('on_failure = "escalate"', 'on_failure = "call-vendor"')
    (tmp_path / "blue-screen.toml").write_text(broken, encoding="utf-8")

    code, out, err = cli("sop", "validate", str(tmp_path))
    assert code == 1
    assert "blue-screen.toml" in err and "step 'repair'" in err and "call-vendor" in err
    assert "1 procedures valid, 1 refused" in out


def test_following_a_procedure_from_the_command_line(cli: Cli) -> None:
    subject = "电脑蓝屏 0x0000007B"
    fields = ["--subject", subject, "--channel", "phone", "--category", "software"]
    number = cli.json("ticket", "new", "--customer", first_phone(cli), *fields)["number"]
    assert cli.json("sop", "suggest", number)[0]["id"] == "blue-screen"
    assert cli("sop", "start", number)[0] == 0

    code, _, err = cli("sop", "step", number, "reboot", "skipped")
    assert code != 0 and "reason" in err
    assert cli("sop", "step", number, "reboot", "failed")[0] == 0
    assert cli("sop", "step", number, "safe-mode", "done")[0] == 0

    progress = cli.json("sop", "progress", number)
    assert progress["ended"] == "resolve" and progress["current"] is None
    assert [s["state"] for s in progress["steps"]] == ["failed", "done", "pending", "pending"]
    report = cli.json("sop", "report")
    assert {"procedure": "blue-screen", "step": "safe-mode", "outcome": "resolve",
            "tickets": 1, "share": 1.0} in report["endings"]  # fmt: skip


def first_phone(cli: Cli) -> str:
    with sqlite3.connect(cli.db) as connection:
        return connection.execute("SELECT phone FROM customer ORDER BY id LIMIT 1").fetchone()[0]
