"""Service commitments: which clocks run on a ticket, and where each one stands.

Rules come from kb/policies/*.toml (see the comments there). A clock measures business time
on its calendar from its start event to its stop event, leaving out the time the ticket
spent in a pausing status (waiting for the customer, or for parts).
"""

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from agent_console.errors import PolicyInvalid
from agent_console.sla import BusinessCalendar, load_calendar
from agent_console.vocab import Status

WARNING_SHARE = 0.75
STARTS = ("created", "closed", "parts_ordered", "disputed")
STOPS = (
    "first_response", "resolved", "closed", "arrived", "parts_arrived", "follow_up_call",
    "evaluated",
)  # fmt: skip


class ClockState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    name: Mapping[str, str]  # language -> name
    when: Mapping[str, tuple[str, ...]]
    minutes: int
    calendar: str
    starts: str
    stops: str
    pauses: frozenset[Status]

    def applies_to(self, facts: Mapping[str, str]) -> bool:
        return all(facts.get(field) in allowed for field, allowed in self.when.items())


@dataclass(frozen=True)
class TicketFacts:
    """What the rules look at, in plain values."""

    category: str
    priority: str
    tier: str
    impact: str
    service_mode: str
    created_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    arrived_at: datetime | None
    status_changes: Sequence[tuple[datetime, Status]]  # (when, new status), oldest first
    status: Status
    team: str  # the team's code, "" when unrouted
    calls: Sequence[datetime] = ()  # when calls with the customer were logged, oldest first
    satisfaction: str = ""  # "unsatisfied" once a survey says so
    parts: str = "common"  # "special" for parts that take longer to source
    disputed_at: datetime | None = None  # the customer's latest dispute of the resolution
    evaluated_at: datetime | None = None  # the secondary evaluation of that dispute


@dataclass(frozen=True)
class Clock:
    rule: Rule
    state: ClockState
    started: datetime
    stopped: datetime | None
    due: datetime
    elapsed_minutes: float  # business minutes, pauses left out
    paused_minutes: float
    warning: bool  # running with at least WARNING_SHARE of the time used

    @property
    def left_minutes(self) -> float:
        return self.rule.minutes - self.elapsed_minutes


def _rule(entry: Mapping[str, object], index: int) -> Rule:
    key = f"rule[{index}]"
    try:
        when = {
            field: tuple(str(value) for value in values)
            for field, values in dict(entry.get("when", {})).items()
        }
        rule = Rule(
            id=str(entry["id"]),
            kind=str(entry["kind"]),
            name=dict(entry["name"]),
            when=when,
            minutes=int(entry["minutes"]),
            calendar=str(entry["calendar"]),
            starts=str(entry["starts"]),
            stops=str(entry["stops"]),
            pauses=frozenset(Status(s) for s in entry.get("pauses", [])),
        )
    except KeyError as missing:
        raise ValueError(f"{key}: missing {missing.args[0]}") from None
    except (TypeError, ValueError) as error:
        raise ValueError(f"{key}: {error}") from None
    if rule.starts not in STARTS or rule.stops not in STOPS:
        raise ValueError(f"{key} ({rule.id}): starts must be one of {STARTS}, stops of {STOPS}")
    if rule.minutes <= 0:
        raise ValueError(f"{key} ({rule.id}): minutes must be positive")
    return rule


def load_rules(path: Path) -> list[Rule]:
    """Rules of one policy file, in order; a bad file is refused naming the file and rule."""
    try:
        with path.open("rb") as file:
            entries = tomllib.load(file).get("rule", [])
        return [_rule(entry, index) for index, entry in enumerate(entries)]
    except tomllib.TOMLDecodeError as error:
        raise PolicyInvalid(file=str(path), key="-", detail=str(error)) from None
    except ValueError as error:
        key, _, detail = str(error).partition(": ")
        raise PolicyInvalid(file=str(path), key=key, detail=detail) from None


def load_calendars(directory: Path) -> dict[str, BusinessCalendar]:
    return {path.stem: load_calendar(path) for path in sorted(directory.glob("*.toml"))}


def _moments(facts: TicketFacts) -> dict[str, datetime | None]:
    """When each event a clock can start or stop at happened, if it has."""
    parts_ordered = parts_arrived = None
    for at, status in facts.status_changes:
        if parts_ordered is None and status is Status.WAITING_PARTS:
            parts_ordered = at
        elif parts_ordered is not None and status is not Status.WAITING_PARTS:
            parts_arrived = at  # leaving "waiting for parts" means they came
            break
    closed = facts.closed_at
    follow_up = next((at for at in facts.calls if closed and at >= closed), None)
    return {
        "created": facts.created_at,
        "first_response": facts.first_response_at,
        "resolved": facts.resolved_at,
        "closed": closed,
        "arrived": facts.arrived_at,
        "parts_ordered": parts_ordered,
        "parts_arrived": parts_arrived,
        "follow_up_call": follow_up,
        "disputed": facts.disputed_at,
        "evaluated": facts.evaluated_at,
    }


def _in_business_hours(at: datetime, calendar: BusinessCalendar) -> bool:
    return calendar.add_business_minutes(at, 0) == at


def _paused_intervals(
    facts: TicketFacts, pauses: frozenset[Status], since: datetime, until: datetime
) -> list[tuple[datetime, datetime]]:
    """The stretches between `since` and `until` the ticket spent in a pausing status."""
    intervals = []
    paused_since: datetime | None = None
    for at, status in facts.status_changes:
        if at > until:
            break
        if status in pauses and paused_since is None:
            paused_since = max(at, since)
        elif status not in pauses and paused_since is not None:
            if at > since:
                intervals.append((paused_since, at))
            paused_since = None
    if paused_since is not None:
        intervals.append((paused_since, until))
    return intervals


def ticket_clocks(
    facts: TicketFacts,
    rules: Sequence[Rule],
    calendars: Mapping[str, BusinessCalendar],
    now: datetime,
) -> list[Clock]:
    """Every clock started on the ticket: for each kind, the first rule that applies.

    "During business hours" is judged by the rule's own calendar.
    """
    values = {
        "category": facts.category,
        "priority": facts.priority,
        "tier": facts.tier,
        "impact": facts.impact,
        "service_mode": facts.service_mode,
        "team": facts.team,
        "satisfaction": facts.satisfaction,
        "parts": facts.parts,
    }
    moments = _moments(facts)
    chosen: dict[str, Rule] = {}
    for rule in rules:
        if rule.kind in chosen:
            continue
        facts_for_rule = values
        if "created_in_business_hours" in rule.when:
            in_hours = _in_business_hours(facts.created_at, calendars[rule.calendar])
            facts_for_rule = {**values, "created_in_business_hours": "yes" if in_hours else "no"}
        if rule.applies_to(facts_for_rule):
            chosen[rule.kind] = rule
    return [
        _clock(
            facts,
            rule,
            calendars[rule.calendar],
            started=started,
            stopped=moments[rule.stops],
            now=now,
        )
        for rule in chosen.values()
        if (started := moments[rule.starts]) is not None
    ]


def _clock(
    facts: TicketFacts,
    rule: Rule,
    calendar: BusinessCalendar,
    *,
    started: datetime,
    stopped: datetime | None,
    now: datetime,
) -> Clock:
    until = stopped or now
    pauses = _paused_intervals(facts, rule.pauses, started, until)
    paused = sum(calendar.business_minutes_between(a, b) for a, b in pauses)
    elapsed = calendar.business_minutes_between(started, until) - paused
    due = calendar.add_business_minutes(started, rule.minutes + paused)
    if stopped is not None:
        state = ClockState.MET if elapsed <= rule.minutes else ClockState.BREACHED
    elif elapsed > rule.minutes:
        state = ClockState.BREACHED
    elif pauses and pauses[-1][1] == until and facts.status in rule.pauses:
        state = ClockState.PAUSED
    else:
        state = ClockState.RUNNING
    warning = state is ClockState.RUNNING and elapsed >= WARNING_SHARE * rule.minutes
    return Clock(rule, state, started, stopped, due, elapsed, paused, warning)


@dataclass(frozen=True)
class Commitments:
    """The rules and calendars in force, loaded once from the content directory."""

    rules: Sequence[Rule]
    calendars: Mapping[str, BusinessCalendar]

    @classmethod
    def load(cls, kb_dir: Path) -> "Commitments":
        calendars = load_calendars(kb_dir / "calendars")
        rules = []
        for path in sorted((kb_dir / "policies").glob("*.toml")):
            for rule in load_rules(path):
                if rule.calendar not in calendars:
                    detail = f"unknown calendar {rule.calendar!r}"
                    raise PolicyInvalid(file=str(path), key=rule.id, detail=detail)
                rules.append(rule)
        return cls(rules, calendars)

    def clocks(self, facts: TicketFacts, now: datetime) -> list[Clock]:
        return ticket_clocks(facts, self.rules, self.calendars, now)

    def deadlines(self, facts: TicketFacts, now: datetime) -> "Deadlines":
        return deadlines_of(self.clocks(facts, now))

    def part_due(self, kind: str, requested_at: datetime) -> datetime:
        """When a part of this kind ("common", "special") requested then must be delivered:
        the first "parts" rule for it; refused if the policy has none."""
        for rule in self.rules:
            if rule.kind == "parts" and rule.applies_to({"parts": kind}):
                return self.calendars[rule.calendar].add_business_minutes(
                    requested_at, rule.minutes
                )
        raise PolicyInvalid(file="kb/policies", key="parts", detail=f"no rule for {kind} parts")


@dataclass(frozen=True)
class Deadlines:
    due: datetime | None  # the soonest ticking clock, even if already breached: queues sort by it
    next_breach: datetime | None  # the soonest one not breached yet: the breach sweep's cue


def deadlines_of(clocks: Sequence[Clock]) -> Deadlines:
    ticking = [c for c in clocks if c.stopped is None and c.state is not ClockState.PAUSED]
    return Deadlines(
        due=min((clock.due for clock in ticking), default=None),
        next_breach=min(
            (clock.due for clock in ticking if clock.state is ClockState.RUNNING), default=None
        ),
    )
