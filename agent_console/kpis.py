"""The supervisor's numbers: one implementation behind the dashboard and `report`, so the two
always agree. Pure: the store hands over one Case per ticket (agent_console.store.reports).

What counts where:
- live counts (status, team, priority, breached now, breaching within the hour) look at the
  tickets open now, whatever the period;
- attainment and the average response and resolution times look at the clocks that stopped
  in the period, or ran out in it while still running; times are business minutes with
  pauses left out, as the clocks count them;
- the rates look at the tickets created in the period (shares, second faults, complaints) or
  resolved in it (first-contact resolution, reopens, who handled them);
- CSAT and NPS look at the survey answers given in the period.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from agent_console.commitments import Clock, ClockState
from agent_console.survey import Scores, summarize
from agent_console.vocab import OPEN_STATUSES, Category, Priority, ServiceMode, Status

BREACHING_SOON = timedelta(hours=1)
TREND_WEEKS = 12
WEEK = timedelta(weeks=1)


@dataclass(frozen=True)
class Period:
    start: datetime  # inclusive
    end: datetime  # exclusive

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end


@dataclass(frozen=True)
class Case:
    """One ticket as the numbers see it."""

    number: str
    subject: str
    team: str  # the team's code, "" when unrouted
    assignee: str | None
    priority: Priority
    status: Status
    category: Category
    service_mode: ServiceMode
    model: str | None
    fault: str | None  # the standard procedure it followed: the fault as the desk names it
    created_at: datetime
    resolved_at: datetime | None
    clocks: tuple[Clock, ...]
    reopened: bool
    second_fault: bool
    escalated: bool  # moved to another team after intake
    visited: bool  # an engineer arrived on site (an on-site ticket counts as visited anyway)
    contacts: int  # calls with the customer before it was resolved
    surveys: tuple[tuple[datetime, Scores], ...] = ()

    @property
    def first_contact_resolution(self) -> bool:
        """Resolved in the first contact: by the first team, remotely, at most one call, and
        it stayed resolved."""
        return (
            self.resolved_at is not None
            and not (self.reopened or self.escalated or self.visited)
            and self.service_mode is ServiceMode.REMOTE
            and self.contacts <= 1
        )


@dataclass(frozen=True)
class Attainment:
    kind: str  # the clock: response, onsite, resolution, parts, ...
    met: int
    breached: int

    @property
    def rate(self) -> float | None:
        total = self.met + self.breached
        return 100 * self.met / total if total else None


@dataclass(frozen=True)
class EngineerLine:
    name: str
    handled: int  # tickets they resolved in the period
    first_contact: float | None  # % of those resolved in the first contact
    csat: float | None
    articles: int  # knowledge-base articles of theirs approved in the period


@dataclass(frozen=True)
class FaultLine:
    model: str
    procedure: str | None  # the fault as the procedure followed names it
    category: Category | None  # when no procedure was followed, all there is to go by
    count: int
    share: float  # % of the model's tickets
    numbers: tuple[str, ...]  # for the drill-down


@dataclass(frozen=True)
class Trends:
    daily_tickets: tuple[int, ...]  # tickets created per day, oldest first
    weekly_response: tuple[float | None, ...]  # average response minutes per week
    weekly_nps: tuple[float | None, ...]


@dataclass(frozen=True)
class Report:
    period: Period
    by_status: dict[Status, int]
    by_team: dict[str, int]
    by_priority: dict[Priority, int]
    breached_now: int
    breaching_soon: int
    attainment: list[Attainment]
    created: int
    resolved: int
    first_contact_resolution: float | None
    average_response: float | None  # business minutes
    average_resolution: float | None
    remote_share: float | None
    onsite_share: float | None
    reopen_rate: float | None
    second_fault_rate: float | None
    complaint_rate: float | None
    csat: float | None
    nps: float | None
    surveys: int
    engineers: list[EngineerLine]
    faults: list[FaultLine] = field(default_factory=list)
    trends: Trends | None = None


def percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _counted_in(clock: Clock, period: Period) -> bool:
    """A clock is judged in the period it stopped in, or ran out in while still running."""
    if clock.stopped is not None:
        return period.holds(clock.stopped)
    return clock.state is ClockState.BREACHED and period.holds(clock.due)


def attainment(cases: Iterable[Case], period: Period) -> list[Attainment]:
    met: Counter[str] = Counter()
    breached: Counter[str] = Counter()
    for case in cases:
        for clock in case.clocks:
            if _counted_in(clock, period):
                kind = clock.rule.kind
                (met if clock.state is ClockState.MET else breached)[kind] += 1
    kinds = sorted(met.keys() | breached.keys())
    return [Attainment(kind, met[kind], breached[kind]) for kind in kinds]


def average_minutes(cases: Iterable[Case], period: Period, kind: str) -> float | None:
    """The average business minutes the clocks of `kind` that stopped in the period ran."""
    return _mean([
        clock.elapsed_minutes
        for case in cases for clock in case.clocks
        if clock.rule.kind == kind and clock.stopped is not None and period.holds(clock.stopped)
    ])  # fmt: skip


def _live(open_cases: list[Case], now: datetime) -> dict[str, int]:
    running = [[c for c in case.clocks if c.stopped is None] for case in open_cases]
    return {
        "breached_now": sum(any(c.state is ClockState.BREACHED for c in cs) for cs in running),
        "breaching_soon": sum(
            any(c.state is ClockState.RUNNING and c.due - now <= BREACHING_SOON for c in cs)
            for cs in running
        ),
    }


def _answers(cases: Iterable[Case], period: Period) -> list[Scores]:
    return [scores for case in cases for at, scores in case.surveys if period.holds(at)]


def engineers(
    cases: Sequence[Case], period: Period, articles: dict[str, int]
) -> list[EngineerLine]:
    """Everyone who resolved a ticket or had an article approved in the period, busiest first."""
    resolved: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        if case.assignee and period.holds(case.resolved_at):
            resolved[case.assignee].append(case)
    lines = []
    for name in resolved.keys() | {name for name, count in articles.items() if count}:
        theirs = resolved.get(name, [])
        fcr = sum(case.first_contact_resolution for case in theirs)
        summary = summarize(_answers(theirs, period))
        lines.append(EngineerLine(name, len(theirs), percent(fcr, len(theirs)), summary.csat,
                                  articles.get(name, 0)))  # fmt: skip
    return sorted(lines, key=lambda line: (-line.handled, -line.articles, line.name))


def top_faults(cases: Iterable[Case], period: Period) -> list[FaultLine]:
    """For each product model, its faults by how many of the model's tickets they are, the
    biggest first: the report that goes back to the product team."""
    by_model: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        if case.model and period.holds(case.created_at):
            by_model[case.model].append(case)
    lines = []
    for model, theirs in by_model.items():
        by_fault: dict[tuple[str | None, Category | None], list[str]] = defaultdict(list)
        for case in theirs:
            by_fault[case.fault, None if case.fault else case.category].append(case.number)
        for (procedure, category), numbers in by_fault.items():
            share = 100 * len(numbers) / len(theirs)
            lines.append(FaultLine(model, procedure, category, len(numbers), share,
                                   tuple(sorted(numbers))))  # fmt: skip
    return sorted(lines, key=lambda line: (-line.count, -line.share, line.model,
                                           line.procedure or "", line.category or ""))  # fmt: skip


def _weekly(
    period_end: datetime, weeks: int, measure: Callable[[Period], float | None]
) -> tuple[float | None, ...]:
    starts = [period_end - (weeks - index) * WEEK for index in range(weeks)]
    return tuple(measure(Period(start, start + WEEK)) for start in starts)


def trends(cases: Sequence[Case], end: datetime, weeks: int = TREND_WEEKS) -> Trends:
    """Daily tickets, weekly response time and weekly NPS over the weeks up to `end`."""
    first_day = (end - weeks * WEEK).astimezone().date()
    days = [first_day + timedelta(days=offset) for offset in range(weeks * 7)]
    created: Counter[date] = Counter(case.created_at.astimezone().date() for case in cases)
    return Trends(
        daily_tickets=tuple(created[day] for day in days),
        weekly_response=_weekly(end, weeks, lambda week: average_minutes(cases, week, "response")),
        weekly_nps=_weekly(end, weeks, lambda week: summarize(_answers(cases, week)).nps),
    )


def report(
    cases: Sequence[Case], period: Period, now: datetime, articles: dict[str, int] | None = None
) -> Report:
    """Every number of the dashboard and `report` over the cases given (one team's, say)."""
    open_cases = [case for case in cases if case.status in OPEN_STATUSES]
    created = [case for case in cases if period.holds(case.created_at)]
    resolved = [case for case in cases if period.holds(case.resolved_at)]
    summary = summarize(_answers(cases, period))
    modes = Counter(case.service_mode for case in created)
    return Report(
        period=period,
        by_status=dict(Counter(case.status for case in open_cases)),
        by_team=dict(Counter(case.team for case in open_cases)),
        by_priority=dict(Counter(case.priority for case in open_cases)),
        **_live(open_cases, now),
        attainment=attainment(cases, period),
        created=len(created),
        resolved=len(resolved),
        first_contact_resolution=percent(
            sum(case.first_contact_resolution for case in resolved), len(resolved)
        ),
        average_response=average_minutes(cases, period, "response"),
        average_resolution=average_minutes(cases, period, "resolution"),
        remote_share=percent(modes[ServiceMode.REMOTE], len(created)),
        onsite_share=percent(modes[ServiceMode.ONSITE], len(created)),
        reopen_rate=percent(sum(case.reopened for case in resolved), len(resolved)),
        second_fault_rate=percent(sum(case.second_fault for case in created), len(created)),
        complaint_rate=percent(
            sum(case.category is Category.COMPLAINT for case in created), len(created)
        ),
        csat=summary.csat,
        nps=summary.nps,
        surveys=summary.count,
        engineers=engineers(cases, period, articles or {}),
        faults=top_faults(cases, period),
        trends=trends(cases, period.end),
    )
