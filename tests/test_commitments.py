"""Service commitments on hand-computed tickets: every shipped rule, pauses, states."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent_console.commitments import (
    Clock,
    ClockState,
    Commitments,
    TicketFacts,
    load_calendars,
    load_rules,
    ticket_clocks,
)
from agent_console.errors import PolicyInvalid
from agent_console.vocab import Status

KB = Path(__file__).parent.parent / "kb"
SH = ZoneInfo("Asia/Shanghai")
FRIDAY_10 = datetime(2026, 11, 20, 10, 0, tzinfo=SH)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture(scope="module")
def rules():
    return load_rules(KB / "policies" / "default.toml")


@pytest.fixture(scope="module")
def calendars():
    return load_calendars(KB / "calendars")


def facts(**changes) -> TicketFacts:
    base = {
        "category": "hardware", "priority": "P3", "tier": "standard", "impact": "individual",
        "service_mode": "remote", "created_at": FRIDAY_10, "first_response_at": None,
        "resolved_at": None, "closed_at": None, "arrived_at": None, "status_changes": [],
        "status": Status.NEW, "team": "remote_support",
    }  # fmt: skip
    return TicketFacts(**{**base, **changes})


def clocks(rules, calendars, now: datetime, **changes) -> dict[str, Clock]:
    found = ticket_clocks(facts(**changes), rules, calendars, now)
    return {clock.rule.kind: clock for clock in found}


def test_a_general_fault_has_response_and_resolution_in_business_days(rules, calendars) -> None:
    found = clocks(rules, calendars, FRIDAY_10 + timedelta(hours=1))
    assert set(found) == {"response", "resolution"}
    assert found["response"].rule.id == "general-response"
    # Friday 10:00 plus 450 business minutes: 390 on Friday, 60 on Monday.
    assert found["response"].due == sh(2026, 11, 23, 10, 0)
    # Plus 1350: Friday 390, Monday 450, Tuesday 450, Wednesday 60.
    assert found["resolution"].due == sh(2026, 11, 25, 10, 0)
    assert found["response"].state is ClockState.RUNNING
    assert found["response"].elapsed_minutes == 60


def test_a_response_in_time_is_met_and_a_late_one_breached(rules, calendars) -> None:
    met = clocks(
        rules, calendars, sh(2026, 11, 24, 9, 0), first_response_at=sh(2026, 11, 20, 11, 0)
    )
    assert met["response"].state is ClockState.MET and met["response"].elapsed_minutes == 60
    late = clocks(
        rules, calendars, sh(2026, 11, 24, 9, 0), first_response_at=sh(2026, 11, 23, 11, 0)
    )
    assert late["response"].state is ClockState.BREACHED
    silent = clocks(rules, calendars, sh(2026, 11, 23, 10, 1))
    assert silent["response"].state is ClockState.BREACHED, "running past due is a breach"


def test_a_warning_at_three_quarters(rules, calendars) -> None:
    # 450 * 0.75 = 337.5 business minutes. From Friday 10:00: 120 before lunch, then 17:00 is
    # 330 and 17:10 is 340.
    assert not clocks(rules, calendars, sh(2026, 11, 20, 17, 0))["response"].warning
    assert clocks(rules, calendars, sh(2026, 11, 20, 17, 10))["response"].warning


def test_waiting_for_the_customer_pauses_and_moves_the_due_time(rules, calendars) -> None:
    waiting = [(sh(2026, 11, 23, 9, 0), Status.WAITING_CUSTOMER)]
    paused = clocks(
        rules,
        calendars,
        sh(2026, 11, 23, 15, 0),
        status_changes=waiting,
        status=Status.WAITING_CUSTOMER,
        first_response_at=sh(2026, 11, 20, 11, 0),
    )
    resolution = paused["resolution"]
    assert resolution.state is ClockState.PAUSED
    assert resolution.elapsed_minutes == 390, "Friday only; Monday is paused"
    back = [*waiting, (sh(2026, 11, 24, 9, 0), Status.IN_PROGRESS)]
    resumed = clocks(
        rules, calendars, sh(2026, 11, 24, 10, 0), status_changes=back, status=Status.IN_PROGRESS
    )["resolution"]
    assert resumed.state is ClockState.RUNNING
    assert resumed.paused_minutes == 450
    assert resumed.due == sh(2026, 11, 26, 10, 0), "a paused business day later"


def test_waiting_for_parts_pauses_resolution_but_not_response(rules, calendars) -> None:
    parts = [(sh(2026, 11, 20, 11, 0), Status.WAITING_PARTS)]
    found = clocks(
        rules, calendars, sh(2026, 11, 20, 17, 0), status_changes=parts, status=Status.WAITING_PARTS
    )
    assert found["resolution"].state is ClockState.PAUSED
    assert found["response"].state is ClockState.RUNNING


def test_urgent_faults_run_around_the_clock(rules, calendars) -> None:
    saturday_night = sh(2026, 11, 21, 23, 0)
    found = clocks(
        rules,
        calendars,
        saturday_night,
        priority="P1",
        service_mode="onsite",
        created_at=saturday_night,
    )
    assert found["response"].rule.id == "urgent-response"
    assert found["response"].due == sh(2026, 11, 22, 1, 0)
    assert found["onsite"].due == sh(2026, 11, 22, 23, 0)


def test_vip_production_stopped_is_answered_in_thirty_minutes(rules, calendars) -> None:
    found = clocks(
        rules, calendars, FRIDAY_10, priority="P1", tier="enterprise", impact="production_stopped"
    )
    assert found["response"].rule.id == "vip-production-stopped-response"
    assert found["response"].due == FRIDAY_10 + timedelta(minutes=30)


@pytest.mark.parametrize(
    ("created", "rule", "due"),
    [
        (sh(2026, 11, 20, 10, 0), "consultation-response-business-hours", sh(2026, 11, 20, 11, 0)),
        (sh(2026, 11, 20, 11, 30), "consultation-response-business-hours", sh(2026, 11, 20, 14, 0)),
        (sh(2026, 11, 21, 10, 0), "consultation-response-after-hours", sh(2026, 11, 21, 12, 0)),
        (sh(2026, 11, 20, 20, 0), "consultation-response-after-hours", sh(2026, 11, 20, 22, 0)),
    ],
)
def test_consultations_in_and_out_of_business_hours(rules, calendars, created, rule, due) -> None:
    found = clocks(
        rules, calendars, created, category="consultation", priority="P4", created_at=created
    )
    assert set(found) == {"response"}
    assert (found["response"].rule.id, found["response"].due) == (rule, due)


def test_complaints_have_three_clocks(rules, calendars) -> None:
    found = clocks(rules, calendars, FRIDAY_10, category="complaint")
    assert set(found) == {"accept", "proposal", "close"}
    assert found["accept"].due == FRIDAY_10 + timedelta(hours=24)
    assert found["proposal"].due == sh(2026, 11, 25, 10, 0)
    # 3150 = Friday 390 + six days of 450 (2700) + 60 on the next Tuesday.
    assert found["close"].due == sh(2026, 12, 1, 10, 0)


MONDAY_10 = sh(2026, 11, 23, 10, 0)


def test_closure_starts_the_follow_up_call_clock(rules, calendars) -> None:
    before = clocks(rules, calendars, MONDAY_10, first_response_at=FRIDAY_10)
    assert "follow_up" not in before, "no follow-up before closure"
    closed = {"first_response_at": FRIDAY_10, "resolved_at": MONDAY_10, "closed_at": MONDAY_10,
              "status": Status.CLOSED}  # fmt: skip
    waiting = clocks(rules, calendars, MONDAY_10 + timedelta(hours=1), **closed)["follow_up"]
    assert (waiting.rule.id, waiting.state) == ("follow-up", ClockState.RUNNING)
    assert waiting.due == sh(2026, 11, 26, 10, 0), "three business days after closure"
    early_call = FRIDAY_10 + timedelta(hours=2)  # a call before closure is not the follow-up
    called = clocks(rules, calendars, sh(2026, 11, 24, 9, 0), **closed,
                    calls=[early_call, sh(2026, 11, 24, 9, 0)])["follow_up"]  # fmt: skip
    assert called.state is ClockState.MET and called.stopped == sh(2026, 11, 24, 9, 0)


@pytest.mark.parametrize(
    ("case", "rule"),
    [({"team": "expert"}, "follow-up-complex"),
     ({"satisfaction": "unsatisfied"}, "follow-up-unsatisfied")],
)  # fmt: skip
def test_complex_cases_and_unhappy_customers_are_called_back_within_a_day(
    rules, calendars, case, rule
) -> None:
    found = clocks(
        rules, calendars, MONDAY_10 + timedelta(hours=25), **case,
        first_response_at=FRIDAY_10, resolved_at=MONDAY_10, closed_at=MONDAY_10,
        status=Status.CLOSED,
    )["follow_up"]  # fmt: skip
    assert found.rule.id == rule and found.state is ClockState.BREACHED
    assert found.due == MONDAY_10 + timedelta(hours=24)


def test_parts_run_from_ordering_until_they_arrive(rules, calendars) -> None:
    ordered = [(FRIDAY_10, Status.IN_PROGRESS), (sh(2026, 11, 20, 14, 0), Status.WAITING_PARTS)]
    waiting = clocks(rules, calendars, MONDAY_10, status_changes=ordered,
                     status=Status.WAITING_PARTS, first_response_at=FRIDAY_10)  # fmt: skip
    parts = waiting["parts"]
    assert parts.rule.id == "parts-common" and parts.state is ClockState.RUNNING
    assert parts.started == sh(2026, 11, 20, 14, 0)
    assert parts.due == sh(2026, 11, 25, 14, 0), "three business days"
    assert waiting["resolution"].state is ClockState.PAUSED
    arrived = [*ordered, (sh(2026, 11, 24, 9, 0), Status.SCHEDULED)]
    done = clocks(rules, calendars, sh(2026, 11, 27, 9, 0), status_changes=arrived,
                  status=Status.SCHEDULED, first_response_at=FRIDAY_10)["parts"]  # fmt: skip
    assert done.state is ClockState.MET and done.stopped == sh(2026, 11, 24, 9, 0)


def test_special_parts_have_seven_business_days(rules, calendars) -> None:
    ordered = [(sh(2026, 11, 20, 14, 0), Status.WAITING_PARTS)]
    parts = clocks(rules, calendars, MONDAY_10, status_changes=ordered, parts="special",
                   status=Status.WAITING_PARTS)["parts"]  # fmt: skip
    assert parts.rule.id == "parts-special"
    # Friday 240 + six days of 450 (2700) = 2940; 210 more on Tuesday 12-01 ends at 14:00.
    assert parts.due == sh(2026, 12, 1, 14, 0)


def test_a_pause_before_a_clock_starts_does_not_count(rules, calendars) -> None:
    """Waiting for the customer before parts were ordered takes nothing off the parts clock."""
    changes = [
        (FRIDAY_10, Status.WAITING_CUSTOMER),
        (sh(2026, 11, 20, 15, 0), Status.IN_PROGRESS),
        (sh(2026, 11, 20, 16, 0), Status.WAITING_PARTS),
    ]
    parts = clocks(rules, calendars, MONDAY_10, status_changes=changes,
                   status=Status.WAITING_PARTS)["parts"]  # fmt: skip
    assert parts.paused_minutes == 0 and parts.elapsed_minutes == 120 + 60


def test_a_dispute_is_evaluated_within_one_business_day(rules, calendars) -> None:
    resolved = {"first_response_at": FRIDAY_10, "resolved_at": FRIDAY_10,
                "status": Status.RESOLVED}  # fmt: skip
    assert "evaluation" not in clocks(rules, calendars, MONDAY_10, **resolved)
    disputed = sh(2026, 11, 20, 16, 0)
    running = clocks(rules, calendars, sh(2026, 11, 23, 12, 0), **resolved,
                     disputed_at=disputed)["evaluation"]  # fmt: skip
    assert (running.rule.id, running.state) == ("dispute-evaluation", ClockState.RUNNING)
    assert running.started == disputed and running.stopped is None
    # 450 business minutes: Friday 16:00-18:00 is 120, Monday 09:00-12:00 180 more, and the
    # last 150 from 13:30 end at 16:00.
    assert running.due == sh(2026, 11, 23, 16, 0)
    assert running.elapsed_minutes == 120 + 180
    waiting = {**resolved, "status": Status.WAITING_CUSTOMER,
               "status_changes": [(FRIDAY_10, Status.WAITING_CUSTOMER)]}  # fmt: skip
    unpaused = clocks(rules, calendars, sh(2026, 11, 23, 12, 0), **waiting,
                      disputed_at=disputed)["evaluation"]  # fmt: skip
    assert unpaused.state is ClockState.RUNNING and unpaused.paused_minutes == 0, "no pauses"
    met = clocks(rules, calendars, sh(2026, 11, 24, 9, 0), **resolved, disputed_at=disputed,
                 evaluated_at=sh(2026, 11, 23, 15, 0))["evaluation"]  # fmt: skip
    assert (met.state, met.stopped) == (ClockState.MET, sh(2026, 11, 23, 15, 0))
    assert met.elapsed_minutes == 120 + 180 + 90
    late = clocks(rules, calendars, sh(2026, 11, 24, 9, 0), **resolved, disputed_at=disputed,
                  evaluated_at=sh(2026, 11, 23, 16, 30))["evaluation"]  # fmt: skip
    assert late.state is ClockState.BREACHED and late.elapsed_minutes == 480
    silent = clocks(rules, calendars, sh(2026, 11, 23, 16, 1), **resolved,
                    disputed_at=disputed)["evaluation"]  # fmt: skip
    assert silent.state is ClockState.BREACHED, "no finding past the due time"


def test_every_shipped_rule_is_exercised(rules) -> None:
    exercised = {
        "vip-production-stopped-response", "urgent-response", "urgent-onsite",
        "general-response", "general-resolution", "consultation-response-business-hours",
        "consultation-response-after-hours", "complaint-accept", "complaint-proposal",
        "complaint-close", "dispute-evaluation", "follow-up-complex", "follow-up-unsatisfied",
        "follow-up", "parts-special", "parts-common",
    }  # fmt: skip
    assert {rule.id for rule in rules} == exercised


def test_a_rule_on_an_unknown_calendar_is_refused(tmp_path: Path) -> None:
    (tmp_path / "calendars").mkdir()
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.toml").write_text(
        '[[rule]]\nid = "r"\nkind = "response"\nname = { en = "R" }\nminutes = 60\n'
        'calendar = "mars"\nstarts = "created"\nstops = "first_response"\n',
        encoding="utf-8",
    )
    with pytest.raises(PolicyInvalid) as refused:
        Commitments.load(tmp_path)
    assert "p.toml" in refused.value.message() and "mars" in refused.value.message()


def test_a_bad_policy_file_names_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[rule]]\nid = "x"\nkind = "response"\n', encoding="utf-8")
    with pytest.raises(PolicyInvalid) as refused:
        load_rules(path)
    assert "bad.toml" in refused.value.message() and "rule[0]" in refused.value.message()
