"""Deterministic demo data: the same seed and reference time give the same store.

Rows come out as tuples in the column order of ``COLUMNS``, already in the store's canonical
text forms (UUIDs as 32 hex digits, UTC times as "YYYY-MM-DD HH:MM:SS.ffffff"), because this
runs for up to a million tickets and every per-value conversion shows in the total.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial

from agent_console.commitments import Commitments, TicketFacts
from agent_console.demo.content import (
    CALLS_EN,
    CALLS_ZH,
    EMAIL_DOMAINS,
    EN_FIRST_NAMES,
    EN_LAST_NAMES,
    FAULTS,
    FOLLOW_UP_EN,
    FOLLOW_UP_ZH,
    NOTES_EN,
    NOTES_ZH,
    ORGANIZATIONS,
    PARTS,
    PRODUCTS,
    REGIONS,
    TEAMS,
    ZH_GIVEN_NAMES,
    ZH_SURNAMES,
    Fault,
    Product,
)
from agent_console.numbering import format_number
from agent_console.vocab import Role, Status
from agent_console.warranty import coverage_end

HISTORY_DAYS = 730
CUSTOMERS_PER_TICKET = 0.25
SYSTEM_AUTHOR = "system"

COLUMNS = {
    "team": ("id", "code", "name", "skills"),
    "agent": ("id", "name", "role", "team_id", "skills", "active"),
    "customer": (
        "id", "name", "phone", "email", "tier", "organization", "region",
        "created_at", "updated_at",
    ),
    "device": (
        "id", "serial", "model", "product_line", "purchase_date", "warranty_end",
        "core_warranty_end", "customer_id", "created_at",
    ),
    "ticket": (
        "id", "number", "subject", "description", "channel", "category", "priority", "impact",
        "status", "service_mode", "customer_id", "device_id", "team_id", "assignee_id", "due_at",
        "next_breach_at", "created_at", "updated_at", "first_response_at", "resolved_at",
        "closed_at",
    ),
    "ticket_event": (
        "id", "ticket_id", "kind", "field", "old_value", "new_value", "text", "author_id",
        "author", "at",
    ),
    "part": ("id", "number", "name", "kind", "price_cents", "core", "active"),
}  # fmt: skip

_CHANNELS = (("phone", 45), ("wechat", 18), ("web", 12), ("app", 10), ("email", 10), ("walk_in", 5))
_OPEN_STATUSES = (
    ("new", 10), ("triaged", 12), ("in_progress", 30), ("waiting_customer", 14),
    ("waiting_parts", 10), ("scheduled", 12), ("reopened", 4), ("resolved", 8),
)  # fmt: skip
_SELF_SERVICE = frozenset({"web", "app", "email"})
_TEAM_FOR_LINE = {"server": "onsite_support", "printer": "onsite_support"}
_RESPONSE_MINUTES = {"P1": 20, "P2": 90, "P3": 240, "P4": 600}
_RESOLUTION_HOURS = {"P1": 8, "P2": 30, "P3": 60, "P4": 100}


def _weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [value for value, _ in pairs], [weight for _, weight in pairs]


@dataclass(frozen=True)
class DemoPlan:
    tickets: int
    seed: int
    now: datetime

    @property
    def customers(self) -> int:
        return max(10, int(self.tickets * CUSTOMERS_PER_TICKET))


@dataclass
class _Customer:
    id: str
    tier: str
    english: bool
    devices: list[tuple[str, Product]]


@dataclass(frozen=True)
class _Agent:
    id: str
    name: str
    team: str
    role: str


class _Clock:
    """Canonical text for UTC instants, with a cache for the seconds part."""

    def __init__(self) -> None:
        self._cache: dict[int, str] = {}

    def text(self, epoch: float) -> str:
        second = int(epoch)
        prefix = self._cache.get(second)
        if prefix is None:
            prefix = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(second))
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[second] = prefix
        return f"{prefix}.{int((epoch - second) * 1_000_000):06d}"


class DemoGenerator:
    def __init__(self, plan: DemoPlan, commitments: Commitments | None = None) -> None:
        """With `commitments`, open tickets get the due time of their soonest clock."""
        self.plan = plan
        self.commitments = commitments
        self.rng = random.Random(plan.seed)
        # Events added since the first demo draw their ids from here, so the tickets of a seed
        # stay the same as before they came.
        self.late_rng = random.Random(plan.seed + 1)
        self.clock = _Clock()
        self.now = plan.now.timestamp()
        self.start = self.now - HISTORY_DAYS * 86400
        self.teams: dict[str, str] = {}
        self.agents: list[_Agent] = []
        self.customers: list[_Customer] = []
        self.faults_by_line: dict[str, list[Fault]] = {}
        for fault in FAULTS:
            for line in fault.product_lines:
                self.faults_by_line.setdefault(line, []).append(fault)

    def new_id(
        self, epoch: float, sequence: int | None = None, rng: random.Random | None = None
    ) -> str:
        """A version-7 UUID (hex) for an instant, with randomness from the seeded generator.

        A `sequence` takes the 12 bits after the timestamp, so the events of one timeline that
        share a millisecond still sort in the order they happened (as ids.new_id guarantees).
        """
        bits = (rng or self.rng).getrandbits(74)
        counter = (bits >> 62) if sequence is None else sequence & 0xFFF
        value = (
            int(epoch * 1000) << 80
            | 0x7 << 76
            | counter << 64
            | 0x2 << 62
            | (bits & ((1 << 62) - 1))
        )
        return f"{value:032x}"

    # --- people -----------------------------------------------------------------------------

    def team_rows(self) -> Iterator[tuple]:
        for team in TEAMS:
            team_id = self.new_id(self.start)
            self.teams[team.code] = team_id
            yield (team_id, team.code, team.name, json.dumps(list(team.skills)))

    def part_rows(self) -> Iterator[tuple]:
        """The parts catalogue; its ids come from a generator of their own, so the rest of a
        seed's store stays as it was before the catalogue came."""
        rng = random.Random(self.plan.seed + 2)
        for part in PARTS:
            yield (self.new_id(self.start, rng=rng), part.number, part.name, part.kind,
                   part.price_cents, int(part.core), 1)  # fmt: skip

    def agent_rows(self) -> Iterator[tuple]:
        """Supervisors for every team, and a roster that grows with the ticket volume."""
        staff = {
            "customer_service": ("agent", 8),
            "remote_support": ("engineer", 6),
            "onsite_support": ("engineer", 6),
            "expert": ("engineer", 3),
            "quality": ("agent", 2),
        }
        scale = 1 + self.plan.tickets // 50_000
        used: set[str] = set()
        for team in TEAMS:
            role, count = staff[team.code]
            roles = [Role.SUPERVISOR.value] + [role] * (count * scale)
            if team.code == "quality":
                roles.append(Role.ADMIN.value)
            for agent_role in roles:
                name = self._unique_name(used)
                agent = _Agent(self.new_id(self.start), name, team.code, agent_role)
                self.agents.append(agent)
                yield (
                    agent.id, name, agent_role, self.teams[team.code],
                    json.dumps(list(team.skills)), 1,
                )  # fmt: skip

    def _unique_name(self, used: set[str]) -> str:
        while True:
            name = self.rng.choice(ZH_SURNAMES) + self.rng.choice(ZH_GIVEN_NAMES)
            if name not in used:
                used.add(name)
                return name

    @property
    def default_agent(self) -> str:
        """The agent the demo store acts as: the first customer-service agent."""
        return next(
            a.name for a in self.agents if a.team == "customer_service" and a.role == "agent"
        )

    # --- customers and devices --------------------------------------------------------------

    def customer_rows(self) -> Iterator[tuple]:
        rng = self.rng
        for index in range(self.plan.customers):
            english = rng.random() < 0.12
            roll = rng.random()
            tier = "enterprise" if roll < 0.08 else "vip" if roll < 0.2 else "standard"
            if english:
                first, last = rng.choice(EN_FIRST_NAMES), rng.choice(EN_LAST_NAMES)
                name = f"{first} {last}"
                email = f"{first}.{last}{index}@{rng.choice(EMAIL_DOMAINS)}".lower()
            else:
                name = rng.choice(ZH_SURNAMES) + rng.choice(ZH_GIVEN_NAMES)
                email = f"user{index}@{rng.choice(EMAIL_DOMAINS)}" if rng.random() < 0.4 else None
            organization = rng.choice(ORGANIZATIONS) if tier == "enterprise" else None
            created = self.start - rng.random() * 365 * 86400
            customer_id = self.new_id(created)
            self.customers.append(_Customer(customer_id, tier, english, []))
            stamp = self.clock.text(created)
            yield (
                customer_id, name, _phone(index), email, tier, organization,
                rng.choice(REGIONS), stamp, stamp,
            )  # fmt: skip

    def device_rows(self) -> Iterator[tuple]:
        rng = self.rng
        serial_index = 0
        for customer in self.customers:
            count = 1 + int(rng.random() ** 2 * (5 if customer.tier == "enterprise" else 3))
            for _ in range(count):
                product = rng.choice(PRODUCTS)
                bought_epoch = self.now - rng.random() * 4 * 365 * 86400
                bought = datetime.fromtimestamp(bought_epoch, UTC).date()
                device_id = self.new_id(bought_epoch)
                customer.devices.append((device_id, product))
                serial_index += 1
                yield (
                    device_id,
                    _serial(product.serial_prefix, serial_index),
                    product.model,
                    product.product_line,
                    bought.isoformat(),
                    _warranty_end(bought, product.warranty_years),
                    _warranty_end(bought, product.core_warranty_years),
                    customer.id,
                    self.clock.text(bought_epoch),
                )

    # --- tickets and timelines --------------------------------------------------------------

    def ticket_and_event_rows(self) -> Iterator[tuple[tuple, list[tuple]]]:
        """Each ticket with its timeline, in creation order (numbers follow creation time)."""
        rng = self.rng
        total = self.plan.tickets
        channels, channel_weights = _weighted(_CHANNELS)
        statuses, status_weights = _weighted(_OPEN_STATUSES)
        by_team: dict[str, list[_Agent]] = {}
        for agent in self.agents:
            if agent.role in ("agent", "engineer"):
                by_team.setdefault(agent.team, []).append(agent)
        intake_agents = by_team["customer_service"]
        span = self.now - self.start
        for index in range(total):
            # Volume grows over the history, so recent weeks are busier than old ones.
            created = self.start + span * ((index + rng.random()) / total) ** 0.8
            customer = self._ticket_customer()
            device_id, product = rng.choice(customer.devices)
            fault = rng.choice(self.faults_by_line[product.product_line])
            age_days = (self.now - created) / 86400
            if age_days > 21 or rng.random() < age_days / 30:
                status = "closed" if age_days > 3 or rng.random() < 0.5 else "resolved"
            else:
                status = rng.choices(statuses, status_weights)[0]
            team = self._team_for(fault, product)
            channel = rng.choices(channels, channel_weights)[0]
            draft = _Draft(
                number=format_number(index + 1),
                created=created,
                customer=customer,
                device_id=device_id,
                fault=fault,
                status=status,
                priority=self._priority(customer.tier, fault),
                channel=channel,
                team=team,
                assignee=rng.choice(by_team[team]) if status != "new" else None,
                intake=None if channel in _SELF_SERVICE else rng.choice(intake_agents),
            )
            yield self._ticket(draft)

    def _ticket_customer(self) -> _Customer:
        """Enterprise customers call more often than the rest."""
        customer = self.rng.choice(self.customers)
        if customer.tier != "enterprise" and self.rng.random() < 0.15:
            return self.rng.choice(self.customers)
        return customer

    @staticmethod
    def _team_for(fault: Fault, product: Product) -> str:
        if fault.category == "complaint":
            return "quality"
        if fault.category == "consultation":
            return "customer_service"
        if fault.impact in ("production_stopped", "safety_hazard"):
            return "expert" if product.product_line == "server" else "onsite_support"
        return _TEAM_FOR_LINE.get(product.product_line, "remote_support")

    @staticmethod
    def _priority(tier: str, fault: Fault) -> str:
        if fault.impact in ("production_stopped", "safety_hazard"):
            return "P1"
        if fault.category == "consultation":
            return "P4"
        if fault.impact == "multiple" or tier == "enterprise":
            return "P2"
        return "P3"

    def _ticket(self, draft: _Draft) -> tuple[tuple, list[tuple]]:
        rng = self.rng
        text = self.clock.text
        ticket_id = self.new_id(draft.created)
        timeline = _Timeline(self, ticket_id)
        timeline.add(draft.created, "created", draft.intake, new=draft.number)
        at = draft.created
        first_response = resolved = closed = None
        english, status, who = draft.customer.english, draft.status, draft.assignee
        if who is not None:
            at += rng.uniform(0.2, 1.0) * _RESPONSE_MINUTES[draft.priority] * 60
            timeline.add(at, "status", who, field="status", old="new", new="triaged")
            timeline.add(at, "field", who, field="assignee", new=who.name)
        if who is not None and status not in ("new", "triaged"):
            at += rng.uniform(60, 1800)
            first_response = at
            timeline.add(at, "status", who, field="status", old="triaged", new="in_progress")
            for _ in range(rng.randrange(0, 3)):
                at += rng.uniform(600, 4 * 3600)
                timeline.add(at, "note", who, body=rng.choice(NOTES_EN if english else NOTES_ZH))
            if rng.random() < 0.3:
                at += rng.uniform(600, 3 * 3600)
                timeline.add(at, "call", who, body=rng.choice(CALLS_EN if english else CALLS_ZH))
            if status in ("resolved", "closed", "reopened"):
                at += rng.uniform(0.3, 1.2) * _RESOLUTION_HOURS[draft.priority] * 3600
                resolved = at
                fix = draft.fault.fix_en if english else draft.fault.fix_zh
                timeline.add(at, "status", who, field="status", old="in_progress", new="resolved",
                             body=fix)  # fmt: skip
                if status != "resolved":
                    at += rng.uniform(3600, 3 * 86400)
                    closed = at if status == "closed" else None
                    resolved = resolved if status == "closed" else None
                    timeline.add(at, "status", who, field="status", old="resolved", new=status)
                    if closed is not None:
                        at = self._follow_up(draft, timeline, closed)
            elif status != "in_progress":
                at += rng.uniform(600, 7200)
                timeline.add(at, "status", who, field="status", old="in_progress", new=status)
        fault, now = draft.fault, self.now
        stamps = [min(t, now) if t else None for t in (first_response, resolved, closed)]
        due, next_breach = self._deadlines(draft, timeline, status, stamps)
        ticket = (
            ticket_id,
            draft.number,
            fault.subject_en if english else fault.subject_zh,
            fault.description_en if english else fault.description_zh,
            draft.channel,
            fault.category,
            draft.priority,
            fault.impact,
            status,
            "onsite" if draft.team == "onsite_support" else "remote",
            draft.customer.id,
            draft.device_id,
            self.teams[draft.team],
            who.id if who else None,
            due,
            next_breach,
            text(draft.created),
            text(min(at, now)),
            *(text(stamp) if stamp else None for stamp in stamps),
        )
        return ticket, timeline.rows

    def _follow_up(self, draft: _Draft, timeline: _Timeline, closed: float) -> float:
        """The follow-up call after closure, well within its commitment (none yet if it would
        fall after the demo's "now"); drawn from the closing time and late_rng, so the rest
        of the demo stays the same."""
        hours = 2 + int(closed) % (20 if draft.team == "expert" else 48)
        at = closed + hours * 3600
        if at >= self.now:
            return closed
        english = draft.customer.english
        body = FOLLOW_UP_EN if english else FOLLOW_UP_ZH
        timeline.add(at, "call", draft.assignee, body=body, rng=self.late_rng)
        return at

    def _deadlines(
        self, draft: _Draft, timeline: _Timeline, status: str, stamps: list[float | None]
    ) -> tuple[str | None, str | None]:
        """The ticket's due time and next breach, by the shipped commitments."""
        if self.commitments is None:
            return None, None
        moment = partial(datetime.fromtimestamp, tz=UTC)
        first_response, resolved, closed = (moment(s) if s else None for s in stamps)
        facts = TicketFacts(
            category=draft.fault.category, priority=draft.priority, tier=draft.customer.tier,
            impact=draft.fault.impact,
            service_mode="onsite" if draft.team == "onsite_support" else "remote",
            created_at=moment(draft.created), first_response_at=first_response,
            resolved_at=resolved, closed_at=closed, arrived_at=None,
            status_changes=[(moment(at), Status(new)) for at, new in timeline.status_changes],
            status=Status(status), team=draft.team,
            calls=[moment(at) for at in timeline.calls],
        )  # fmt: skip
        deadlines = self.commitments.deadlines(facts, self.plan.now)
        due, next_breach = deadlines.due, deadlines.next_breach
        return (
            self.clock.text(due.timestamp()) if due else None,
            self.clock.text(next_breach.timestamp()) if next_breach else None,
        )


@dataclass(frozen=True)
class _Draft:
    number: str
    created: float
    customer: _Customer
    device_id: str
    fault: Fault
    status: str
    priority: str
    channel: str
    team: str
    assignee: _Agent | None
    intake: _Agent | None


class _Timeline:
    """The events of one ticket, never later than the demo's reference time."""

    def __init__(self, generator: DemoGenerator, ticket_id: str) -> None:
        self.generator = generator
        self.ticket_id = ticket_id
        self.rows: list[tuple] = []
        self.status_changes: list[tuple[float, str]] = []
        self.calls: list[float] = []

    def add(
        self,
        at: float,
        kind: str,
        who: _Agent | None,
        *,
        field: str | None = None,
        old: str | None = None,
        new: str | None = None,
        body: str | None = None,
        rng: random.Random | None = None,
    ) -> None:
        at = min(at, self.generator.now)
        if kind == "status" and new is not None:
            self.status_changes.append((at, new))
        elif kind == "call":
            self.calls.append(at)
        author_id, author = (who.id, who.name) if who else (None, SYSTEM_AUTHOR)
        event_id = self.generator.new_id(at, len(self.rows), rng)
        self.rows.append((
            event_id, self.ticket_id, kind, field, old, new, body, author_id, author,
            self.generator.clock.text(at),
        ))  # fmt: skip


def _phone(index: int) -> str:
    """Distinct mobile numbers: a bijection of the index onto nine digits."""
    return f"1{3 + index % 7}{(index * 387_420_489 + 12_345_678) % 1_000_000_000:09d}"


def _serial(prefix: str, index: int) -> str:
    return f"{prefix}{(index * 7_919 + 104_729) % 100_000_000:08d}"


def _warranty_end(bought: date, years: int) -> str:
    return coverage_end(bought, years).isoformat()
