"""Standard procedures: the loader refuses a definition that could strand an engineer and names
the file and the step; the shipped procedures load; suggest() offers the one that fits a ticket."""

from pathlib import Path

import pytest

from agent_console.sop import (
    ESCALATE,
    RESOLVE,
    Procedure,
    Procedures,
    load_procedures,
    parse_procedure,
    suggest,
)
from agent_console.vocab import Category

SOPS = Path(__file__).parent.parent / "kb" / "sops"


def step(
    step_id: str, on_success: str | None = "next", on_failure: str = "next", **fields: str | None
) -> str:
    """One [[steps]] table; a keyword sets a field to a TOML value, None leaves the field out."""
    values = {
        "id": f'"{step_id}"',
        "title": '{ zh = "标题", en = "Title" }',
        "instructions": '{ zh = "做法", en = "Do this" }',
        "expected": '{ zh = "结果", en = "It works" }',
        "on_success": f'"{on_success}"' if on_success else None,
        "on_failure": f'"{on_failure}"',
        **fields,
    }
    lines = [f"{key} = {value}" for key, value in values.items() if value is not None]
    return "\n".join(["[[steps]]", *lines])


TITLE = '{ zh = "测试流程", en = "Test procedure" }'


def procedure(procedure_id: str, *steps: str, header: str = "", title: str = TITLE) -> str:
    """A procedure file: id and title, then `header` (more keys, an [applies_to] table)."""
    top = f'id = "{procedure_id}"\ntitle = {title}\n{header}'
    return "\n\n".join([top, *steps]) + "\n"


# check -> fix -> hand-over; each can resolve, the last one escalates.
CHECK, FIX, HAND_OVER = (
    step("check"),
    step("fix", on_success="resolve"),
    step("hand-over", on_success="resolve", on_failure="escalate"),
)
VALID_STEPS = (CHECK, FIX, HAND_OVER)
APPLIES_TO = '[applies_to]\ncategories = ["hardware"]\nkeywords = ["卡纸", "paper jam"]\n'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped() -> Procedures:
    return load_procedures(SOPS)


# --- loading a folder ------------------------------------------------------------------------


def test_a_valid_definition_loads_with_its_branches_resolved(tmp_path: Path) -> None:
    path = write(tmp_path, "paper.toml", procedure("paper", *VALID_STEPS, header=APPLIES_TO))

    loaded = load_procedures(tmp_path)

    assert loaded.problems == []
    assert [p.id for p in loaded.procedures] == ["paper"]
    paper = loaded.get("paper")
    assert paper is not None and paper.path == path
    assert paper.title.en == "Test procedure" and paper.title.in_language("zh") == "测试流程"
    assert paper.applies_to.categories == (Category.HARDWARE,)
    assert paper.applies_to.keywords == ("卡纸", "paper jam")
    branches = [(s.id, s.on_success, s.on_failure) for s in paper.steps]
    assert branches == [
        ("check", "fix", "fix"),  # "next" is the following step's id
        ("fix", RESOLVE, "hand-over"),
        ("hand-over", RESOLVE, ESCALATE),
    ]
    assert all(s.required for s in paper.steps), "steps are required unless they say otherwise"
    assert paper.steps[0].script.zh == "", "the script is optional"


def test_a_step_may_be_optional(tmp_path: Path) -> None:
    optional = step("fix", on_success="resolve", required="false")
    path = write(tmp_path, "paper.toml", procedure("paper", CHECK, optional, HAND_OVER))

    paper = parse_procedure(path)

    assert [s.required for s in paper.steps] == [True, False, True]


def broken(*steps: str, header: str = "", title: str = TITLE) -> str:
    return procedure("broken", *steps, header=header, title=title)


# What is wrong -> (the file, what its problem must say besides the file name).
INVALID = {
    "a step pointing to a missing step": (
        broken(step("check", on_failure="call-vendor"), FIX, HAND_OVER),
        ["step 'check'", "missing step", "call-vendor"],
    ),
    "a step pointing back to an earlier step": (
        broken(CHECK, step("fix", on_success="resolve", on_failure="check"), HAND_OVER),
        ["step 'fix'", "cycle", "check"],
    ),
    "a step pointing to itself": (
        broken(CHECK, step("fix", on_success="fix"), HAND_OVER),
        ["step 'fix'", "cycle"],
    ),
    '"next" on the last step': (
        broken(CHECK, FIX, step("hand-over", on_success="resolve", on_failure="next")),
        ["step 'hand-over'", "'on_failure'", "last step"],
    ),
    "a step without expected": (
        broken(CHECK, step("fix", on_success="resolve", expected=None), HAND_OVER),
        ["step 'fix'", "missing 'expected'"],
    ),
    "a step without on_success": (
        broken(CHECK, step("fix", on_success=None), HAND_OVER),
        ["step 'fix'", "missing 'on_success'"],
    ),
    "a step title without en": (
        broken(CHECK, step("fix", on_success="resolve", title='{ zh = "标题" }'), HAND_OVER),
        ["step 'fix'", "missing 'title.en'"],
    ),
    "a step without an id": (
        broken(CHECK, step("fix", on_success="resolve", id=None), HAND_OVER),
        ["step 2", "missing 'id'"],
    ),
    "a file without steps": (broken(), ["missing 'steps'"]),
    "a procedure title without en": (
        broken(*VALID_STEPS, title='{ zh = "测试流程" }'),
        ["missing 'title.en'"],
    ),
    "an unknown step field": (
        broken(CHECK, step("fix", on_success="resolve", colour='"red"'), HAND_OVER),
        ["step 'fix'", "unknown field 'colour'"],
    ),
    "an unknown top-level field": (
        broken(*VALID_STEPS, header='owner = "王芳"\n'),
        ["unknown field 'owner'"],
    ),
    "an unknown category": (
        broken(*VALID_STEPS, header='[applies_to]\ncategories = ["plumbing"]\n'),
        ["applies_to", "unknown category 'plumbing'"],
    ),
    "a duplicate step id": (
        broken(CHECK, step("check", on_success="resolve"), HAND_OVER),
        ["step 'check'", "used twice"],
    ),
    "an unreachable step": (
        broken(step("check", on_success="resolve", on_failure="hand-over"), FIX, HAND_OVER),
        ["step 'fix'", "never be reached"],
    ),
    "required that is not a boolean": (
        broken(CHECK, step("fix", on_success="resolve", required='"yes"'), HAND_OVER),
        ["step 'fix'", "'required' must be true or false"],
    ),
    "bad TOML syntax": ('id = "broken"\ntitle = { zh = "坏"\n', ["not valid TOML"]),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_an_invalid_definition_is_refused_naming_file_and_step(tmp_path: Path, case: str) -> None:
    text, expected = INVALID[case]
    good = write(tmp_path, "a-good.toml", procedure("good", *VALID_STEPS))
    refused = write(tmp_path, "b-broken.toml", text)
    also_good = write(tmp_path, "c-good.toml", procedure("also-good", *VALID_STEPS))

    loaded = load_procedures(tmp_path)

    assert [p.path for p in loaded.procedures] == [good, also_good], "the others still load"
    assert [problem.path for problem in loaded.problems] == [refused]
    message = str(loaded.problems[0])
    assert "b-broken.toml" in message
    for fragment in expected:
        assert fragment in message


def test_a_procedure_id_used_by_two_files_is_refused_in_the_second(tmp_path: Path) -> None:
    first = write(tmp_path, "a-first.toml", procedure("shared", *VALID_STEPS))
    second = write(tmp_path, "b-second.toml", procedure("shared", *VALID_STEPS))
    other = write(tmp_path, "c-other.toml", procedure("other", *VALID_STEPS))

    loaded = load_procedures(tmp_path)

    assert [p.path for p in loaded.procedures] == [first, other]
    assert [problem.path for problem in loaded.problems] == [second]
    message = str(loaded.problems[0])
    assert "b-second.toml" in message and "duplicate id 'shared'" in message
    assert "a-first.toml" in message, "the problem says where the id is used first"


@pytest.mark.parametrize("reserved", ["resolve", "escalate"])
def test_a_step_named_like_an_ending_is_refused(tmp_path: Path, reserved: str) -> None:
    steps = (step("check"), step(reserved, on_success="resolve", on_failure="escalate"))
    write(tmp_path, "reserved.toml", procedure("reserved", *steps))

    loaded = load_procedures(tmp_path)

    assert loaded.procedures == []
    assert f"step '{reserved}'" in str(loaded.problems[0])


# --- the shipped procedures --------------------------------------------------------------------


def test_the_shipped_procedures_all_load(shipped: Procedures) -> None:
    assert shipped.problems == []
    ids = {p.id for p in shipped.procedures}
    assert {"blue-screen", "no-power", "wifi", "paper-jam", "slow-charging", "onsite-visit"} <= ids


def shipped_procedure(shipped: Procedures, procedure_id: str) -> Procedure:
    found = shipped.get(procedure_id)
    assert found is not None, f"{procedure_id} is shipped"
    return found


def test_blue_screen_goes_from_reboot_to_repair_and_then_escalates(shipped: Procedures) -> None:
    blue_screen = shipped_procedure(shipped, "blue-screen")
    branches = [(s.id, s.on_success, s.on_failure) for s in blue_screen.steps]
    assert branches == [
        ("reboot", RESOLVE, "safe-mode"),
        ("safe-mode", RESOLVE, "drivers"),
        ("drivers", RESOLVE, "repair"),
        ("repair", RESOLVE, ESCALATE),
    ]


def test_wifi_asks_about_the_router_and_the_password_first(shipped: Procedures) -> None:
    wifi = shipped_procedure(shipped, "wifi")
    assert [s.id for s in wifi.steps[:2]] == ["router-restarted", "password"]


def test_an_onsite_visit_runs_from_appointment_to_report(shipped: Procedures) -> None:
    visit = shipped_procedure(shipped, "onsite-visit")
    assert [s.id for s in visit.steps] == [
        "confirm-appointment", "prepare", "perform", "sign-off", "report",
    ]  # fmt: skip


def test_every_shipped_step_speaks_both_languages(shipped: Procedures) -> None:
    for found in shipped.procedures:
        for each in found.steps:
            for text in (each.title, each.instructions, each.expected):
                assert text.zh.strip() and text.en.strip(), f"{found.id}/{each.id}"


# --- suggestions -------------------------------------------------------------------------------


def suggested(shipped: Procedures, text: str, category: Category = Category.HARDWARE) -> list[str]:
    found = suggest(shipped.procedures, category=category, text=text, model=None)
    return [p.id for p in found]


@pytest.mark.parametrize(
    "text",
    ["电脑开机蓝屏，无法进入桌面", "Laptop restarts during start-up with 0x0000007B"],
    ids=["keyword 蓝屏", "fault code 0x0000007B"],
)
def test_a_blue_screen_ticket_suggests_blue_screen_first(shipped: Procedures, text: str) -> None:
    assert suggested(shipped, text)[0] == "blue-screen"


def test_a_fault_code_fits_however_it_is_written(shipped: Procedures) -> None:
    assert suggested(shipped, "Restarts with 0x7b", Category.SOFTWARE)[0] == "blue-screen"


def test_a_wifi_ticket_suggests_wifi_first(shipped: Procedures) -> None:
    assert suggested(shipped, "Wi-Fi keeps disconnecting in the meeting room")[0] == "wifi"


def test_a_matching_category_alone_suggests_nothing(shipped: Procedures) -> None:
    hardware = {p.id for p in shipped.procedures if Category.HARDWARE in p.applies_to.categories}
    assert hardware, "several shipped procedures apply to hardware"
    assert suggested(shipped, "Keyboard keys are sticking", Category.HARDWARE) == []


def test_the_blink_code_of_no_power_suggests_no_power(shipped: Procedures) -> None:
    assert suggested(shipped, "Desktop shows blink code 2-3, screen stays dark")[:1] == ["no-power"]
