"""Replaying checklist records: where a ticket stands in its procedure, branch by branch."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent_console.checklist import (
    Ending,
    Progress,
    Record,
    StepState,
    chosen_procedure,
    progress,
    where_procedures_end,
)
from agent_console.sop import ESCALATE, RESOLVE, Procedure, parse_procedure
from agent_console.vocab import ChecklistAction

SOPS = Path(__file__).parent.parent / "kb" / "sops"
START = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)

# A procedure whose outcomes jump over steps by name:
#   power --done--> network (optional) --done--> resolve
#     '---failed--> cable --done--> test-page --done--> resolve
#                     '---failed--> driver ---done--> test-page
PRINTER = """
id = "printer"
title = { zh = "打印机脱机", en = "Printer offline" }

[[steps]]
id = "power"
title = { zh = "电源", en = "Power" }
instructions = { zh = "开机", en = "Switch on" }
expected = { zh = "亮灯", en = "Lights on" }
on_success = "next"
on_failure = "cable"

[[steps]]
id = "network"
title = { zh = "网络", en = "Network" }
instructions = { zh = "联网", en = "Join the network" }
expected = { zh = "在线", en = "Online" }
required = false
on_success = "resolve"
on_failure = "next"

[[steps]]
id = "cable"
title = { zh = "线缆", en = "Cable" }
instructions = { zh = "换线", en = "Swap the cable" }
expected = { zh = "识别", en = "Detected" }
on_success = "test-page"
on_failure = "next"

[[steps]]
id = "driver"
title = { zh = "驱动", en = "Driver" }
instructions = { zh = "重装", en = "Reinstall" }
expected = { zh = "安装成功", en = "Installed" }
on_success = "next"
on_failure = "escalate"

[[steps]]
id = "test-page"
title = { zh = "测试页", en = "Test page" }
instructions = { zh = "打印", en = "Print one" }
expected = { zh = "打印正常", en = "It prints" }
on_success = "resolve"
on_failure = "escalate"
"""


@pytest.fixture(scope="module")
def blue_screen() -> Procedure:
    return parse_procedure(SOPS / "blue-screen.toml")


@pytest.fixture(scope="module")
def printer(tmp_path_factory: pytest.TempPathFactory) -> Procedure:
    path = tmp_path_factory.mktemp("sops") / "printer.toml"
    path.write_text(PRINTER, encoding="utf-8")
    return parse_procedure(path)


class History:
    """Checklist records as the store keeps them, one minute apart, in the order written."""

    def __init__(self, procedure: str, author: str = "王芳") -> None:
        self.procedure = procedure
        self.author = author
        self.records: list[Record] = []
        self.choose(procedure)

    def add(
        self,
        action: ChecklistAction,
        step: str | None = None,
        note: str | None = None,
        before_step: str | None = None,
    ) -> "History":
        at = START + timedelta(minutes=len(self.records))
        self.records.append(
            Record(self.procedure, step, action, note, self.author, at, before_step=before_step)
        )
        return self

    def choose(self, procedure: str) -> "History":
        self.procedure = procedure
        return self.add(ChecklistAction.CHOSEN)

    def done(self, step: str, note: str | None = None) -> "History":
        return self.add(ChecklistAction.DONE, step, note)

    def failed(self, step: str, note: str | None = None) -> "History":
        return self.add(ChecklistAction.FAILED, step, note)

    def skipped(self, step: str, reason: str = "客户不便操作") -> "History":
        return self.add(ChecklistAction.SKIPPED, step, reason)

    def note(self, step: str, text: str) -> "History":
        return self.add(ChecklistAction.NOTE, step, text)

    def insert(self, step: str, title: str, before_step: str) -> "History":
        return self.add(ChecklistAction.INSERTED, step, title, before_step=before_step)

    def progress_of(self, procedure: Procedure) -> Progress:
        return progress(procedure, self.records)


def states(run: Progress) -> dict[str, StepState]:
    return {step.id: step.state for step in run.steps}


def ids(steps: list) -> list[str]:
    return [step.id for step in steps]


# --- the blue-screen procedure -------------------------------------------------------------


def test_with_nothing_recorded_the_first_step_is_current(blue_screen: Procedure) -> None:
    run = History("blue-screen").progress_of(blue_screen)

    assert run.current == "reboot"
    assert run.ended is None
    assert run.path == []
    assert set(states(run).values()) == {StepState.PENDING}


def test_done_at_a_step_that_resolves_ends_the_procedure(blue_screen: Procedure) -> None:
    run = History("blue-screen").done("reboot").progress_of(blue_screen)

    assert run.ended == RESOLVE
    assert run.current is None
    assert run.last_step == "reboot"
    assert run.path == ["reboot"]
    assert states(run)["reboot"] is StepState.DONE


def test_a_failed_step_leads_to_its_failure_branch(blue_screen: Procedure) -> None:
    run = History("blue-screen").failed("reboot").progress_of(blue_screen)

    assert run.current == "safe-mode"
    assert run.ended is None
    assert states(run)["reboot"] is StepState.FAILED


def test_a_later_step_that_resolves_ends_the_procedure_there(blue_screen: Procedure) -> None:
    history = History("blue-screen").failed("reboot").failed("safe-mode").done("drivers")

    run = history.progress_of(blue_screen)

    assert (run.ended, run.last_step) == (RESOLVE, "drivers")
    assert run.path == ["reboot", "safe-mode", "drivers"]
    assert states(run)["repair"] is StepState.PENDING


def test_a_failed_repair_escalates(blue_screen: Procedure) -> None:
    history = History("blue-screen")
    for step in ("reboot", "safe-mode", "drivers", "repair"):
        history.failed(step)

    run = history.progress_of(blue_screen)

    assert run.ended == ESCALATE
    assert run.current is None
    assert run.last_step == "repair"
    assert run.path == ["reboot", "safe-mode", "drivers", "repair"]


def test_a_skipped_step_moves_on_to_the_next_step_and_keeps_the_reason(
    blue_screen: Procedure,
) -> None:
    run = History("blue-screen").skipped("reboot", "客户已重启过三次").progress_of(blue_screen)

    assert run.current == "safe-mode"
    reboot = run.step("reboot")
    assert reboot is not None
    assert reboot.state is StepState.SKIPPED
    assert reboot.reason == "客户已重启过三次"
    assert reboot.notes == (), "the reason is not a note"


def test_skipping_the_last_step_follows_its_failure_branch(blue_screen: Procedure) -> None:
    history = History("blue-screen").failed("reboot").failed("safe-mode").failed("drivers")

    run = history.skipped("repair", "客户拒绝恢复系统").progress_of(blue_screen)

    assert (run.ended, run.last_step) == (ESCALATE, "repair")


def test_an_inserted_step_comes_before_the_step_it_precedes(blue_screen: Procedure) -> None:
    history = History("blue-screen").failed("reboot")
    history.insert("extra-1", "重新插拔内存", before_step="safe-mode")

    run = history.progress_of(blue_screen)

    assert run.current == "extra-1"
    assert ids(run.steps) == ["reboot", "extra-1", "safe-mode", "drivers", "repair"]
    extra = run.step("extra-1")
    assert extra is not None and extra.inserted and not extra.required
    assert extra.title_in("en") == "重新插拔内存", "an inserted step keeps the engineer's words"


def test_once_the_inserted_step_is_done_the_walk_goes_on(blue_screen: Procedure) -> None:
    history = History("blue-screen").failed("reboot")
    history.insert("extra-1", "重新插拔内存", before_step="safe-mode").done("extra-1")

    run = history.progress_of(blue_screen)

    assert run.current == "safe-mode"
    assert states(run)["extra-1"] is StepState.DONE
    assert run.path == ["reboot"], "the path lists the defined steps only"


def test_an_open_run_waiting_on_an_inserted_step_stands_there(blue_screen: Procedure) -> None:
    history = History("blue-screen").failed("reboot")
    history.insert("extra-1", "重新插拔内存", before_step="safe-mode")

    run = history.progress_of(blue_screen)

    assert run.current == "extra-1"
    assert run.last_step in {"extra-1", "safe-mode"}


def test_a_note_attaches_to_its_step_and_changes_nothing(blue_screen: Procedure) -> None:
    history = History("blue-screen").note("reboot", "蓝屏代码 0x7B").note("reboot", "客户已拍照")

    run = history.progress_of(blue_screen)

    reboot = run.step("reboot")
    assert reboot is not None
    assert reboot.notes == ("蓝屏代码 0x7B", "客户已拍照")
    assert reboot.state is StepState.PENDING
    assert run.current == "reboot"


def test_a_note_given_with_an_outcome_is_kept_with_the_step(blue_screen: Procedure) -> None:
    run = History("blue-screen").failed("reboot", "仍然蓝屏").progress_of(blue_screen)

    reboot = run.step("reboot")
    assert reboot is not None
    assert (reboot.state, reboot.notes, reboot.reason) == (StepState.FAILED, ("仍然蓝屏",), None)


def test_a_later_outcome_for_a_step_replaces_the_earlier_one(blue_screen: Procedure) -> None:
    history = History("blue-screen").failed("reboot")
    history.author = "张伟"
    history.done("reboot")

    run = history.progress_of(blue_screen)

    assert (run.ended, run.last_step) == (RESOLVE, "reboot")
    reboot = run.step("reboot")
    assert reboot is not None
    assert (reboot.state, reboot.by, reboot.at) == (StepState.DONE, "张伟", history.records[-1].at)


def test_choosing_the_procedure_again_starts_over(blue_screen: Procedure) -> None:
    history = History("blue-screen").failed("reboot").skipped("safe-mode")

    run = history.choose("blue-screen").progress_of(blue_screen)

    assert run.current == "reboot"
    assert set(states(run).values()) == {StepState.PENDING}


def test_another_procedure_chosen_later_hides_this_ones_progress(blue_screen: Procedure) -> None:
    history = History("blue-screen").failed("reboot").choose("wifi").failed("router-restarted")

    assert chosen_procedure(history.records) == "wifi"
    run = history.progress_of(blue_screen)
    assert run.current == "reboot"
    assert set(states(run).values()) == {StepState.PENDING}


def test_the_progress_records_who_did_each_step_and_when(blue_screen: Procedure) -> None:
    history = History("blue-screen", author="王芳").failed("reboot")

    reboot = history.progress_of(blue_screen).step("reboot")

    assert reboot is not None
    assert (reboot.by, reboot.at) == ("王芳", history.records[-1].at)


def test_nothing_chosen_means_no_procedure() -> None:
    assert chosen_procedure([]) is None


# --- open and skipped required steps ------------------------------------------------------------


def test_open_required_lists_the_current_and_later_required_steps(blue_screen: Procedure) -> None:
    history = History("blue-screen")
    assert ids(history.progress_of(blue_screen).open_required()) == [
        "reboot", "safe-mode", "drivers", "repair",
    ]  # fmt: skip

    history.failed("reboot").skipped("safe-mode")

    assert ids(history.progress_of(blue_screen).open_required()) == ["drivers", "repair"]


def test_open_required_is_empty_once_the_procedure_has_ended(blue_screen: Procedure) -> None:
    resolved = History("blue-screen").done("reboot").progress_of(blue_screen)
    escalated = History("blue-screen").skipped("reboot").skipped("safe-mode").skipped("drivers")
    escalated.skipped("repair")

    assert resolved.open_required() == []
    assert escalated.progress_of(blue_screen).open_required() == []


def test_skipped_required_lists_the_required_steps_skipped(blue_screen: Procedure) -> None:
    history = History("blue-screen").skipped("reboot").failed("safe-mode").skipped("drivers")

    run = history.progress_of(blue_screen)

    assert ids(run.skipped_required()) == ["reboot", "drivers"]


def test_an_optional_step_is_neither_open_nor_skipped_required(printer: Procedure) -> None:
    history = History("printer")
    assert ids(history.progress_of(printer).open_required()) == [
        "power", "cable", "driver", "test-page",
    ], "network is optional"  # fmt: skip

    run = history.done("power").skipped("network").progress_of(printer)

    assert run.current == "cable"
    assert run.skipped_required() == []


# --- named-step jumps ----------------------------------------------------------------------------


def test_a_failure_jumps_to_the_named_step_over_the_ones_between(printer: Procedure) -> None:
    run = History("printer").failed("power").progress_of(printer)

    assert run.current == "cable"
    assert states(run)["network"] is StepState.PENDING
    assert ids(run.open_required()) == ["cable", "driver", "test-page"]


def test_a_success_jumps_to_the_named_step(printer: Procedure) -> None:
    run = History("printer").failed("power").done("cable").progress_of(printer)

    assert run.current == "test-page"
    assert run.path == ["power", "cable"]
    assert ids(run.open_required()) == ["test-page"], "driver lies behind the walk"


def test_next_after_a_jump_continues_in_order(printer: Procedure) -> None:
    history = History("printer").failed("power").failed("cable").done("driver").done("test-page")

    run = history.progress_of(printer)

    assert (run.ended, run.last_step) == (RESOLVE, "test-page")
    assert run.path == ["power", "cable", "driver", "test-page"]


def test_a_skipped_step_goes_to_the_next_in_order_not_to_its_branch(printer: Procedure) -> None:
    run = History("printer").skipped("power").progress_of(printer)

    assert run.current == "network", "the failure branch (cable) is not taken"


def test_a_done_optional_step_can_resolve(printer: Procedure) -> None:
    run = History("printer").done("power").done("network").progress_of(printer)

    assert (run.ended, run.last_step) == (RESOLVE, "network")


# --- where procedures end ------------------------------------------------------------------------


def test_where_procedures_end_counts_each_step_and_outcome(blue_screen: Procedure) -> None:
    histories = [
        History("blue-screen").done("reboot"),
        History("blue-screen").failed("reboot").failed("safe-mode").done("drivers"),
        History("blue-screen").done("reboot"),
        History("blue-screen").failed("reboot"),  # still open, waiting at safe-mode
    ]

    endings = where_procedures_end(history.progress_of(blue_screen) for history in histories)

    assert endings == [  # most tickets first, then by step
        Ending("blue-screen", "reboot", RESOLVE, tickets=2, share=0.5),
        Ending("blue-screen", "drivers", RESOLVE, tickets=1, share=0.25),
        Ending("blue-screen", "safe-mode", "open", tickets=1, share=0.25),
    ]


def test_shares_are_per_procedure(blue_screen: Procedure, printer: Procedure) -> None:
    runs = [
        History("blue-screen").done("reboot").progress_of(blue_screen),
        History("blue-screen").failed("reboot").progress_of(blue_screen),
        History("printer").failed("power").failed("cable").failed("driver").progress_of(printer),
    ]

    endings = where_procedures_end(runs)

    assert [(e.procedure, e.step, e.outcome, e.tickets) for e in endings] == [
        ("blue-screen", "reboot", RESOLVE, 1),
        ("blue-screen", "safe-mode", "open", 1),
        ("printer", "driver", ESCALATE, 1),
    ]
    assert [e.share for e in endings] == [0.5, 0.5, 1.0]
