"""The supervisor's numbers (agent_console.kpis) on small hand-computed fixtures: NPS and CSAT,
first-contact resolution, attainment with paused clocks, business-time averages, live counts,
rates, the engineer table, the top faults per model and the trends.

Every expected number is written as the arithmetic that gives it, with why. Clocks are the
real ones of the shipped policies (kb/policies/default.toml) and calendars: the mainland
calendar works Monday to Friday 09:00-12:00 and 13:30-18:00 Beijing time (450 minutes a day;
no holiday in November 2026). A general hardware fault has a response clock of 450 business
minutes and a resolution clock of 1350, both paused while waiting for the customer (the
resolution clock also while waiting for parts).

The report week is Monday 2026-11-16 00:00 to Monday 2026-11-23 00:00, Beijing time.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent_console import kpis
from agent_console.commitments import Clock, ClockState, Commitments, TicketFacts
from agent_console.kpis import Attainment, Case, EngineerLine, FaultLine, Period
from agent_console.survey import Scores
from agent_console.vocab import Category, Priority, ServiceMode, Status

pytestmark = pytest.mark.usefixtures("beijing_time")

KB = Path(__file__).parent.parent / "kb"
SH = ZoneInfo("Asia/Shanghai")
COMMITMENTS = Commitments.load(KB)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


MON_16 = sh(2026, 11, 16)
MON_23 = sh(2026, 11, 23)
WEEK = Period(MON_16, MON_23)
AFTER_WEEK = MON_23  # the report is read at the end of its week

BASE = Case(
    number="T-0000",
    subject="电池不充电",
    team="l1",
    assignee=None,
    priority=Priority.P3,
    status=Status.NEW,
    category=Category.HARDWARE,
    service_mode=ServiceMode.REMOTE,
    model=None,
    fault=None,
    created_at=sh(2026, 11, 16, 9, 0),
    resolved_at=None,
    clocks=(),
    reopened=False,
    second_fault=False,
    escalated=False,
    visited=False,
    contacts=0,
)


def case(number: str, **fields) -> Case:
    return replace(BASE, number=number, **fields)


def resolved(number: str, at: datetime, **fields) -> Case:
    """A ticket resolved at `at` that qualifies for first-contact resolution unless told not."""
    return case(number, **{"status": Status.RESOLVED, "resolved_at": at, "contacts": 1, **fields})


def facts(
    created: datetime,
    *,
    status: Status = Status.IN_PROGRESS,
    changes: tuple[tuple[datetime, Status], ...] = (),
    first_response: datetime | None = None,
    resolved_at: datetime | None = None,
    closed_at: datetime | None = None,
    category: Category = Category.HARDWARE,
    priority: Priority = Priority.P3,
) -> TicketFacts:
    return TicketFacts(
        category=category.value, priority=priority.value, tier="standard", impact="individual",
        service_mode="remote", created_at=created, first_response_at=first_response,
        resolved_at=resolved_at, closed_at=closed_at, arrived_at=None,
        status_changes=list(changes), status=status, team="",
    )  # fmt: skip


def clocked(number: str, ticket: TicketFacts, now: datetime, **fields) -> Case:
    """A case whose clocks are the shipped commitments' clocks of `ticket` at `now`."""
    return case(
        number, status=ticket.status, category=Category(ticket.category),
        priority=Priority(ticket.priority), created_at=ticket.created_at,
        resolved_at=ticket.resolved_at, clocks=tuple(COMMITMENTS.clocks(ticket, now)), **fields,
    )  # fmt: skip


def clock_of(found: Case, kind: str) -> Clock:
    [clock] = [clock for clock in found.clocks if clock.rule.kind == kind]
    return clock


def answered(at: datetime, speed: int, resolution: int, attitude: int, recommend: int):
    return (at, Scores(speed, resolution, attitude, recommend))


# --- NPS and CSAT ----------------------------------------------------------------------------


def test_nps_and_csat_count_the_answers_given_in_the_period() -> None:
    cases = [
        case(
            "T-0001",
            surveys=(
                answered(sh(2026, 11, 16, 0, 0), 5, 5, 4, 10),  # the period's first instant: in
                answered(sh(2026, 11, 15, 23, 59), 1, 1, 1, 0),  # the week before: out
            ),
        ),
        case("T-0002", surveys=(answered(sh(2026, 11, 18, 15, 0), 4, 3, 5, 9),)),
        # Created weeks before the period: the answer counts by when it was given.
        case(
            "T-0003",
            created_at=sh(2026, 10, 5, 10, 0),
            surveys=(answered(sh(2026, 11, 20, 11, 0), 2, 4, 5, 6),),
        ),
        case(
            "T-0004",
            surveys=(
                answered(sh(2026, 11, 22, 23, 59), 5, 5, 5, 8),
                answered(MON_23, 1, 1, 1, 0),  # the period's end is not in it
            ),
        ),
        case("T-0005"),  # no survey at all
    ]
    report = kpis.report(cases, WEEK, AFTER_WEEK)
    assert report.surveys == 4
    # Recommend 10 and 9 are promoters, 6 a detractor, 8 a passive: (2 - 1) of 4 answers.
    assert report.nps == 100 * (2 - 1) / 4
    # CSAT counts the three scores of 4 or 5 among the 4 x 3 given in the period:
    # (5,5,4) 3, (4,3,5) 2, (2,4,5) 2, (5,5,5) 3.
    assert report.csat == 100 * (3 + 2 + 2 + 3) / 12


def test_no_answers_in_the_period_means_no_nps_or_csat() -> None:
    cases = [case("T-0001", surveys=(answered(sh(2026, 11, 2, 10, 0), 5, 5, 5, 10),))]
    report = kpis.report(cases, WEEK, AFTER_WEEK)
    assert (report.surveys, report.nps, report.csat) == (0, None, None)


# --- first-contact resolution ----------------------------------------------------------------


def test_first_contact_resolution_needs_every_condition() -> None:
    at = sh(2026, 11, 17, 10, 0)
    assert resolved("T-1", at).first_contact_resolution, "one call, first team, remote"
    assert resolved("T-2", at, contacts=0).first_contact_resolution, "at most one call"
    assert not resolved("T-3", at, contacts=2).first_contact_resolution
    assert not resolved("T-4", at, reopened=True).first_contact_resolution
    assert not resolved("T-5", at, escalated=True).first_contact_resolution
    assert not resolved("T-6", at, visited=True).first_contact_resolution
    assert not case("T-7", contacts=1).first_contact_resolution, "not resolved"


def test_first_contact_resolution_is_a_rate_over_the_tickets_resolved_in_the_period() -> None:
    in_week = sh(2026, 11, 18, 16, 0)
    cases = [
        resolved("T-0001", in_week),  # counts
        resolved("T-0002", in_week, contacts=0),  # counts
        resolved("T-0003", in_week, contacts=2),
        resolved("T-0004", in_week, reopened=True),
        resolved("T-0005", in_week, escalated=True),
        resolved("T-0006", in_week, visited=True),
        resolved("T-0007", sh(2026, 11, 13, 16, 0)),  # resolved the week before: not counted
        resolved("T-0008", MON_23),  # resolved at the period's end: not in it
        case("T-0009", contacts=1),  # still open
    ]
    report = kpis.report(cases, WEEK, AFTER_WEEK)
    assert report.resolved == 6
    assert report.first_contact_resolution == 100 * 2 / 6
    # The same tickets are the reopen rate's denominator: one of the six was reopened.
    assert report.reopen_rate == 100 * 1 / 6


def test_no_ticket_resolved_in_the_period_means_no_rate() -> None:
    report = kpis.report([case("T-0001")], WEEK, AFTER_WEEK)
    assert (report.resolved, report.first_contact_resolution, report.reopen_rate) == (
        0,
        None,
        None,
    )


# --- attainment with paused clocks ------------------------------------------------------------

MON_9 = sh(2026, 11, 16, 9, 0)
MON_930 = sh(2026, 11, 16, 9, 30)


def paused_and_met() -> Case:
    """Created Monday 09:00, answered at 09:30, waiting for the customer from Monday 14:00 to
    Tuesday 14:00, resolved Thursday 11:00."""
    return clocked("T-0001", facts(
        MON_9, status=Status.RESOLVED, first_response=MON_930,
        resolved_at=sh(2026, 11, 19, 11, 0),
        changes=(
            (MON_930, Status.IN_PROGRESS),
            (sh(2026, 11, 16, 14, 0), Status.WAITING_CUSTOMER),
            (sh(2026, 11, 17, 14, 0), Status.IN_PROGRESS),
            (sh(2026, 11, 19, 11, 0), Status.RESOLVED),
        ),
    ), AFTER_WEEK)  # fmt: skip


def scheduled_and_breached() -> Case:
    """The same times, but the day in between was spent "scheduled", which pauses nothing."""
    return clocked("T-0002", facts(
        MON_9, status=Status.RESOLVED, first_response=MON_930,
        resolved_at=sh(2026, 11, 19, 11, 0),
        changes=(
            (MON_930, Status.IN_PROGRESS),
            (sh(2026, 11, 16, 14, 0), Status.SCHEDULED),
            (sh(2026, 11, 17, 14, 0), Status.IN_PROGRESS),
            (sh(2026, 11, 19, 11, 0), Status.RESOLVED),
        ),
    ), AFTER_WEEK)  # fmt: skip


def test_time_waiting_for_the_customer_is_left_out_of_the_resolution_clock() -> None:
    met = clock_of(paused_and_met(), "resolution")
    # Monday 09:00 to Thursday 11:00: three full days of 450 minutes and 09:00-11:00 Thursday.
    business = 3 * 450 + 120
    assert business > 1350, "by business time alone it would breach"
    # Waiting: Monday 14:00-18:00 (240) and Tuesday 09:00-12:00 plus 13:30-14:00 (180 + 30).
    paused = 240 + 180 + 30
    assert (met.paused_minutes, met.elapsed_minutes) == (paused, business - paused)
    assert met.state is ClockState.MET

    breached = clock_of(scheduled_and_breached(), "resolution")
    assert (breached.paused_minutes, breached.elapsed_minutes) == (0, business)
    assert breached.state is ClockState.BREACHED


def test_attainment_judges_each_clock_in_the_period_it_stopped_or_ran_out_in() -> None:
    ran_out = clocked("T-0003", facts(
        MON_9, first_response=MON_930, changes=((MON_930, Status.IN_PROGRESS),),
    ), AFTER_WEEK)  # fmt: skip
    still_running = clocked("T-0004", facts(
        sh(2026, 11, 20, 9, 0), first_response=sh(2026, 11, 20, 9, 30),
        changes=((sh(2026, 11, 20, 9, 30), Status.IN_PROGRESS),),
    ), AFTER_WEEK)  # fmt: skip
    waiting = clocked("T-0005", facts(
        MON_9, status=Status.WAITING_CUSTOMER, first_response=MON_930,
        changes=((MON_930, Status.IN_PROGRESS), (sh(2026, 11, 16, 10, 0),
                                                  Status.WAITING_CUSTOMER)),
    ), AFTER_WEEK)  # fmt: skip
    week_before = clocked("T-0006", facts(
        sh(2026, 11, 9, 9, 0), status=Status.RESOLVED, first_response=sh(2026, 11, 9, 9, 10),
        resolved_at=sh(2026, 11, 9, 10, 0),
        changes=((sh(2026, 11, 9, 9, 10), Status.IN_PROGRESS),
                 (sh(2026, 11, 9, 10, 0), Status.RESOLVED)),
    ), AFTER_WEEK)  # fmt: skip

    # Still running but out of time since Monday 09:00 + 1350 minutes = Wednesday 18:00.
    assert clock_of(ran_out, "resolution").state is ClockState.BREACHED
    assert clock_of(ran_out, "resolution").due == sh(2026, 11, 18, 18, 0)
    # Created Friday 09:00: 450 of its 1350 minutes used by the end of the week.
    assert clock_of(still_running, "resolution").state is ClockState.RUNNING
    assert clock_of(still_running, "resolution").elapsed_minutes == 450
    # Waiting since Monday 10:00 after 60 minutes of work: paused, not breached.
    assert clock_of(waiting, "resolution").state is ClockState.PAUSED
    assert clock_of(waiting, "resolution").elapsed_minutes == 60

    cases = [paused_and_met(), scheduled_and_breached(), ran_out, still_running, waiting,
             week_before]  # fmt: skip
    # Response: answered in the week on T-0001..T-0005 (all well within 450 minutes); T-0006
    # was answered the week before. Resolution: met on T-0001, breached on T-0002 (stopped)
    # and T-0003 (ran out running); T-0004 runs and T-0005 is paused, so neither is judged
    # yet; T-0006 stopped the week before.
    assert kpis.attainment(cases, WEEK) == [
        Attainment("resolution", met=1, breached=2),
        Attainment("response", met=5, breached=0),
    ]
    assert kpis.report(cases, WEEK, AFTER_WEEK).attainment[0].rate == 100 * 1 / (1 + 2)
    # The week before judged only T-0006's two clocks, both met.
    assert kpis.attainment(cases, Period(sh(2026, 11, 9), MON_16)) == [
        Attainment("resolution", met=1, breached=0),
        Attainment("response", met=1, breached=0),
    ]


def test_a_running_clock_that_ran_out_after_the_period_is_not_judged_in_it() -> None:
    # Created Friday 2026-11-13 09:00 and never answered: the 450 response minutes ran out
    # that Friday 18:00, the week before; the 1350 resolution minutes (Friday, Monday,
    # Tuesday) on Tuesday 2026-11-17 18:00, in the week.
    silent = clocked("T-0001", facts(sh(2026, 11, 13, 9, 0), status=Status.NEW), AFTER_WEEK)
    assert clock_of(silent, "response").due == sh(2026, 11, 13, 18, 0)
    assert clock_of(silent, "resolution").due == sh(2026, 11, 17, 18, 0)
    assert kpis.attainment([silent], WEEK) == [Attainment("resolution", met=0, breached=1)]
    assert kpis.attainment([silent], Period(sh(2026, 11, 9), MON_16)) == [
        Attainment("response", met=0, breached=1)
    ]
    assert Attainment("response", 0, 0).rate is None


# --- business-time averages ------------------------------------------------------------------


def test_average_response_and_resolution_count_business_minutes_of_clocks_stopped_in_it():
    friday_evening = clocked("T-0001", facts(
        sh(2026, 11, 13, 17, 0), status=Status.RESOLVED, first_response=MON_930,
        resolved_at=sh(2026, 11, 16, 10, 0),
        changes=((MON_930, Status.IN_PROGRESS), (sh(2026, 11, 16, 10, 0), Status.RESOLVED)),
    ), AFTER_WEEK)  # fmt: skip
    monday = clocked("T-0002", facts(
        MON_9, first_response=MON_930, changes=((MON_930, Status.IN_PROGRESS),),
    ), AFTER_WEEK)  # fmt: skip
    over_lunch = clocked("T-0003", facts(
        sh(2026, 11, 17, 11, 30), status=Status.RESOLVED, first_response=sh(2026, 11, 17, 14, 0),
        resolved_at=sh(2026, 11, 18, 10, 0),
        changes=((sh(2026, 11, 17, 14, 0), Status.IN_PROGRESS),
                 (sh(2026, 11, 18, 10, 0), Status.RESOLVED)),
    ), AFTER_WEEK)  # fmt: skip
    # A consultation on Saturday is answered on the 7x24 calendar: 45 wall-clock minutes.
    saturday = clocked("T-0004", facts(
        sh(2026, 11, 21, 10, 0), category=Category.CONSULTATION,
        first_response=sh(2026, 11, 21, 10, 45),
        changes=((sh(2026, 11, 21, 10, 45), Status.IN_PROGRESS),),
    ), AFTER_WEEK)  # fmt: skip
    answered_before = clocked("T-0005", facts(
        sh(2026, 11, 13, 10, 0), first_response=sh(2026, 11, 13, 11, 0),
        changes=((sh(2026, 11, 13, 11, 0), Status.IN_PROGRESS),),
    ), AFTER_WEEK)  # fmt: skip
    unanswered = clocked("T-0006", facts(sh(2026, 11, 20, 9, 0), status=Status.NEW), AFTER_WEEK)
    cases = [friday_evening, monday, over_lunch, saturday, answered_before, unanswered]

    # Friday 17:00 to Monday 09:30: 60 minutes on Friday and 30 on Monday, the weekend is not
    # business time. Monday 09:00-09:30: 30. Tuesday 11:30-14:00: 30 before and 30 after the
    # lunch break. Saturday 10:00-10:45: 45. T-0005 stopped the week before, T-0006 runs.
    assert clock_of(friday_evening, "response").elapsed_minutes == 60 + 30
    expected_response = ((60 + 30) + 30 + (30 + 30) + 45) / 4
    assert kpis.average_minutes(cases, WEEK, "response") == expected_response
    # Resolved: Friday 17:00 to Monday 10:00 (60 + 60); Tuesday 11:30 to Wednesday 10:00
    # (30 + 270 on Tuesday, 60 on Wednesday).
    expected_resolution = ((60 + 60) + (30 + 270 + 60)) / 2
    assert kpis.average_minutes(cases, WEEK, "resolution") == expected_resolution

    report = kpis.report(cases, WEEK, AFTER_WEEK)
    assert (report.average_response, report.average_resolution) == (
        expected_response,
        expected_resolution,
    )
    assert kpis.average_minutes(cases, Period(MON_23, MON_23 + kpis.WEEK), "response") is None


# --- live counts -----------------------------------------------------------------------------


def test_live_counts_look_at_the_open_tickets_now() -> None:
    now = sh(2026, 11, 20, 10, 0)  # Friday
    # Never answered since Monday 09:00: both clocks ran out.
    overdue = clocked("T-0001", facts(MON_9, status=Status.NEW), now, team="l1")
    # P1 hardware: 120 minutes around the clock from 08:30, due 10:30, half an hour from now.
    urgent = clocked("T-0002", facts(
        sh(2026, 11, 20, 8, 30), status=Status.NEW, priority=Priority.P1,
    ), now, team="l1")  # fmt: skip
    # Created 09:00 today: response due 18:00, far off.
    fresh = clocked("T-0003", facts(sh(2026, 11, 20, 9, 0), status=Status.TRIAGED), now,
                    team="expert")  # fmt: skip
    # 1320 of 1350 resolution minutes used when it began waiting (Wednesday 17:30): the
    # pause moves the due time to 10:30 today, but a paused clock is not about to breach.
    waiting = clocked("T-0004", facts(
        MON_9, status=Status.WAITING_CUSTOMER, first_response=sh(2026, 11, 16, 9, 10),
        changes=((sh(2026, 11, 16, 9, 10), Status.IN_PROGRESS),
                 (sh(2026, 11, 18, 17, 30), Status.WAITING_CUSTOMER)),
    ), now, team="")  # fmt: skip
    # Closed Monday 10:00 and never called back: its follow-up clock (1350 business minutes)
    # ran out Thursday, but the ticket is not open, so it is not a live breach.
    closed = clocked("T-0005", facts(
        MON_9, status=Status.CLOSED, first_response=sh(2026, 11, 16, 9, 10),
        resolved_at=sh(2026, 11, 16, 9, 50), closed_at=sh(2026, 11, 16, 10, 0),
        changes=((sh(2026, 11, 16, 9, 10), Status.IN_PROGRESS),
                 (sh(2026, 11, 16, 9, 50), Status.RESOLVED),
                 (sh(2026, 11, 16, 10, 0), Status.CLOSED)),
    ), now, team="l1")  # fmt: skip

    assert {c.rule.kind: c.state for c in overdue.clocks} == {
        "response": ClockState.BREACHED, "resolution": ClockState.BREACHED,
    }  # fmt: skip
    assert clock_of(urgent, "response").due - now == timedelta(minutes=30)
    waited = clock_of(waiting, "resolution")
    assert waited.elapsed_minutes == 2 * 450 + 180 + 240  # Monday, Tuesday, Wednesday to 17:30
    assert (waited.state, waited.due) == (ClockState.PAUSED, sh(2026, 11, 20, 10, 30))
    assert clock_of(closed, "follow_up").state is ClockState.BREACHED

    report = kpis.report([overdue, urgent, fresh, waiting, closed], WEEK, now)
    assert (report.breached_now, report.breaching_soon) == (1, 1)
    assert report.by_status == {Status.NEW: 2, Status.TRIAGED: 1, Status.WAITING_CUSTOMER: 1}
    assert report.by_team == {"l1": 2, "expert": 1, "": 1}
    assert report.by_priority == {Priority.P3: 3, Priority.P1: 1}


def test_breaching_soon_is_within_the_hour() -> None:
    # P1 tickets answered by no one, 120 minutes around the clock: created 08:00, 07:59 and
    # 08:01, due 10:00, 09:59 and 10:01.
    def urgent(number: str, created: datetime) -> Case:
        ticket = facts(created, status=Status.NEW, priority=Priority.P1)
        return clocked(number, ticket, sh(2026, 11, 20, 9, 0))

    now = sh(2026, 11, 20, 9, 0)
    on_the_hour = urgent("T-0001", sh(2026, 11, 20, 8, 0))
    just_inside = urgent("T-0002", sh(2026, 11, 20, 7, 59))
    outside = urgent("T-0003", sh(2026, 11, 20, 8, 1))
    report = kpis.report([on_the_hour, just_inside, outside], WEEK, now)
    assert report.breaching_soon == 2, "due in 60 and 59 minutes; 61 is not soon"
    assert report.breached_now == 0


# --- rates -----------------------------------------------------------------------------------


def test_rates_over_the_tickets_created_or_resolved_in_the_period() -> None:
    monday = sh(2026, 11, 16, 10, 0)
    remote, onsite = ServiceMode.REMOTE, ServiceMode.ONSITE
    cases = [
        case("T-0001", created_at=monday, service_mode=remote),
        case("T-0002", created_at=monday, service_mode=remote, second_fault=True),
        case("T-0003", created_at=monday, service_mode=remote, category=Category.COMPLAINT),
        case("T-0004", created_at=monday, service_mode=onsite),
        resolved("T-0005", sh(2026, 11, 18, 10, 0), created_at=monday, service_mode=onsite),
        # Created the week before: only in the rates over tickets resolved in the period.
        resolved(
            "T-0006",
            sh(2026, 11, 17, 10, 0),
            created_at=sh(2026, 11, 12, 10, 0),
            service_mode=onsite,
            second_fault=True,
            reopened=True,
            category=Category.COMPLAINT,
        ),
    ]
    report = kpis.report(cases, WEEK, AFTER_WEEK)
    assert (report.created, report.resolved) == (5, 2)
    assert report.remote_share == 100 * 3 / 5
    assert report.onsite_share == 100 * 2 / 5
    assert report.second_fault_rate == 100 * 1 / 5
    assert report.complaint_rate == 100 * 1 / 5
    assert report.reopen_rate == 100 * 1 / 2


def test_rates_with_nothing_created_are_none() -> None:
    report = kpis.report([case("T-0001", created_at=sh(2026, 11, 2, 10, 0))], WEEK, AFTER_WEEK)
    assert report.created == 0
    assert (report.remote_share, report.onsite_share, report.second_fault_rate,
            report.complaint_rate) == (None, None, None, None)  # fmt: skip


# --- engineers -------------------------------------------------------------------------------


def test_engineers_are_who_resolved_tickets_or_had_articles_approved_busiest_first() -> None:
    in_week = sh(2026, 11, 18, 10, 0)
    cases = [
        resolved(
            "T-0001",
            in_week,
            assignee="张伟",
            surveys=(
                answered(sh(2026, 11, 18, 15, 0), 5, 4, 3, 9),
                answered(sh(2026, 11, 10, 9, 0), 1, 1, 1, 0),
            ),
        ),
        resolved("T-0002", in_week, assignee="张伟"),
        resolved("T-0003", in_week, assignee="张伟", escalated=True),
        resolved("T-0004", in_week, assignee="刘洋"),
        resolved("T-0005", in_week, assignee="李强", contacts=3),
        resolved("T-0006", sh(2026, 11, 12, 10, 0), assignee="陈静"),  # the week before
        case("T-0007", assignee="陈静"),  # open: handled by no one yet
        resolved("T-0008", in_week),  # no assignee
    ]
    articles = {"刘洋": 2, "王芳": 1, "孙丽": 1, "赵磊": 0}
    lines = kpis.engineers(cases, WEEK, articles)
    assert lines == [
        # Three resolved, two of them in the first contact (T-0003 was escalated); CSAT over
        # the one answer given in the week: 5 and 4 of (5, 4, 3).
        EngineerLine("张伟", 3, 100 * 2 / 3, 100 * 2 / 3, 0),
        # One each: more articles first.
        EngineerLine("刘洋", 1, 100 * 1 / 1, None, 2),
        EngineerLine("李强", 1, 100 * 0 / 1, None, 0),
        # Authors of approved articles without tickets; ties by name (孙 U+5B59 < 王 U+738B).
        EngineerLine("孙丽", 0, None, None, 1),
        EngineerLine("王芳", 0, None, None, 1),
    ]
    assert kpis.report(cases, WEEK, AFTER_WEEK, articles).engineers == lines


# --- top faults ------------------------------------------------------------------------------

X1 = "ThinkPad X1 Carbon"
M404 = "LaserJet M404"


def test_top_faults_rank_each_models_faults_by_share_of_its_tickets() -> None:
    monday = sh(2026, 11, 16, 10, 0)
    cases = [
        case("T-0001", model=X1, fault="battery-not-charging", created_at=monday),
        case("T-0002", model=X1, fault="no-power", created_at=monday),
        case("T-0003", model=X1, fault="battery-not-charging", created_at=monday),
        case("T-0004", model=X1, category=Category.HARDWARE, created_at=monday),
        case("T-0005", model=M404, fault="paper-jam", created_at=monday),
        case("T-0006", model=M404, category=Category.SOFTWARE, created_at=monday),
        # Outside the period, or with no model: not in the report.
        case("T-0007", model=X1, fault="no-power", created_at=sh(2026, 11, 13, 10, 0)),
        case("T-0008", model=X1, fault="no-power", created_at=MON_23),
        case("T-0009", model=None, fault="wifi", created_at=monday),
    ]
    assert kpis.top_faults(cases, WEEK) == [
        FaultLine(X1, "battery-not-charging", None, 2, 100 * 2 / 4, ("T-0001", "T-0003")),
        # One ticket each: the bigger share first (half of the printer's two tickets), then
        # by model, the category fallbacks (no procedure) before the procedures.
        FaultLine(M404, None, Category.SOFTWARE, 1, 100 * 1 / 2, ("T-0006",)),
        FaultLine(M404, "paper-jam", None, 1, 100 * 1 / 2, ("T-0005",)),
        FaultLine(X1, None, Category.HARDWARE, 1, 100 * 1 / 4, ("T-0004",)),
        FaultLine(X1, "no-power", None, 1, 100 * 1 / 4, ("T-0002",)),
    ]


def test_a_procedure_names_the_fault_whatever_the_category() -> None:
    monday = sh(2026, 11, 16, 10, 0)
    cases = [
        case("T-0001", model=X1, fault="wifi", category=Category.SOFTWARE, created_at=monday),
        case("T-0002", model=X1, fault="wifi", category=Category.HARDWARE, created_at=monday),
        case("T-0003", model=X1, category=Category.SOFTWARE, created_at=monday),
        case("T-0004", model=X1, category=Category.HARDWARE, created_at=monday),
    ]
    assert kpis.top_faults(cases, WEEK) == [
        FaultLine(X1, "wifi", None, 2, 100 * 2 / 4, ("T-0001", "T-0002")),
        FaultLine(X1, None, Category.HARDWARE, 1, 100 * 1 / 4, ("T-0004",)),
        FaultLine(X1, None, Category.SOFTWARE, 1, 100 * 1 / 4, ("T-0003",)),
    ]


# --- trends ----------------------------------------------------------------------------------


def test_trends_count_tickets_per_local_day_over_twelve_weeks() -> None:
    # Twelve weeks before Monday 2026-11-23 is Monday 2026-08-31: days 0..83 to 2026-11-22.
    first_day = sh(2026, 8, 31)
    cases = [
        case("T-0001", created_at=first_day),  # day 0
        case("T-0002", created_at=first_day - timedelta(minutes=1)),  # before the first day
        case("T-0003", created_at=sh(2026, 11, 20, 10, 0)),  # day 81
        case("T-0004", created_at=sh(2026, 11, 20, 23, 59)),  # day 81
        # 17:00 UTC on the 19th is 01:00 on the 20th in Beijing: day 81 too.
        case("T-0005", created_at=datetime(2026, 11, 19, 17, 0, tzinfo=UTC)),
        case("T-0006", created_at=sh(2026, 11, 22, 23, 30)),  # day 83, the last
        case("T-0007", created_at=MON_23),  # the end: not in the trend
    ]
    found = kpis.trends(cases, MON_23)
    assert len(found.daily_tickets) == 12 * 7
    expected = [0] * 84
    expected[0], expected[81], expected[83] = 1, 3, 1
    assert list(found.daily_tickets) == expected
    assert found.weekly_nps == (None,) * 12
    assert found.weekly_response == (None,) * 12


def test_trends_give_weekly_nps_and_response_only_for_weeks_with_some() -> None:
    answered_monday = clocked("T-0001", facts(
        MON_9, first_response=MON_930, changes=((MON_930, Status.IN_PROGRESS),),
    ), AFTER_WEEK, surveys=(
        answered(sh(2026, 11, 18, 10, 0), 5, 5, 5, 10),
        answered(sh(2026, 11, 19, 10, 0), 5, 5, 5, 3),
        answered(sh(2026, 11, 20, 10, 0), 5, 5, 5, 9),
    ))  # fmt: skip
    # An answer in the first of the twelve weeks (2026-08-31 to 2026-09-07).
    early = case("T-0002", created_at=sh(2026, 9, 1, 10, 0),
                 surveys=(answered(sh(2026, 9, 2, 10, 0), 5, 5, 5, 7),))  # fmt: skip
    found = kpis.trends([answered_monday, early], MON_23)
    assert len(found.weekly_nps) == len(found.weekly_response) == 12
    # The last week: 10 and 9 promote, 3 detracts, of three answers. The first: one passive.
    assert found.weekly_nps == (100 * (0 - 0) / 1,) + (None,) * 10 + (100 * (2 - 1) / 3,)
    # Monday 09:00 to 09:30 is the only response clock, in the last week.
    assert found.weekly_response == (None,) * 11 + (30,)
    assert kpis.report([answered_monday, early], WEEK, AFTER_WEEK).trends == found
