"""Reads for the CLI and the screens: plain dataclasses out, never ORM rows."""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, literal_column
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from agent_console.checklist import Progress, Record, progress_of
from agent_console.commitments import TicketFacts
from agent_console.contacts import looks_like_phone, normalize_phone
from agent_console.errors import (
    AgentNotFound,
    AmbiguousCustomer,
    CustomerNotFound,
    DeviceNotFound,
    PartNotFound,
    SupervisorRequired,
    TeamNotFound,
    TicketNotFound,
)
from agent_console.lookup import rank_names
from agent_console.sop import Procedure, Procedures, suggest
from agent_console.store.identity import Actor
from agent_console.store.schema import (
    Agent,
    ChecklistEntry,
    Conflict,
    Customer,
    Device,
    Part,
    Resolution,
    Team,
    Ticket,
    TicketEvent,
    TicketPart,
)
from agent_console.store.ticket_sql import TICKET_ROW_COLUMNS, TicketRow, ticket_row
from agent_console.vocab import (
    OPEN_STATUSES,
    REVIEWER_ROLES,
    EventKind,
    Impact,
    PartKind,
    ProductLine,
    Status,
    Tier,
)
from agent_console.warranty import WarrantyState, warranty_state


@dataclass(frozen=True)
class EventView:
    kind: EventKind
    field: str | None
    old_value: str | None
    new_value: str | None
    text: str | None
    author: str
    at: datetime


@dataclass(frozen=True)
class CustomerView:
    id: uuid.UUID
    name: str
    phone: str
    email: str | None
    tier: Tier
    organization: str | None
    region: str | None


@dataclass(frozen=True)
class DeviceView:
    id: uuid.UUID
    serial: str
    model: str
    product_line: ProductLine
    purchase_date: date | None
    warranty_end: date | None
    core_warranty_end: date | None
    warranty: WarrantyState


@dataclass(frozen=True)
class ConflictView:
    """A value a concurrent edit overwrote, as the server merged the two (issue #7)."""

    field: str
    kept_value: str | None
    kept_by: str
    kept_at: datetime
    lost_value: str | None
    lost_by: str
    lost_at: datetime
    at: datetime  # when the server merged the two


@dataclass(frozen=True)
class TicketDetail:
    row: TicketRow
    description: str
    impact: Impact
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    team_code: str | None
    customer: CustomerView
    device: DeviceView | None
    events: list[EventView]
    conflicts: list[ConflictView]
    part_kinds: list[PartKind]  # of the parts requested on the ticket
    second_fault_of: str | None  # the earlier ticket's number (its own once reopened)


@dataclass(frozen=True)
class CustomerProfile:
    customer: CustomerView
    devices: list[DeviceView]
    tickets: list[TicketRow]


_assignee = aliased(Agent, name="assignee")


def ticket_rows_select() -> Select:
    """The stored values of a TicketRow (read them with `ticket_row`), with the joins of
    TICKET_ROW_FROM, so more conditions and columns can be added in the ORM's terms."""
    return (
        select(*(literal_column(column) for column in TICKET_ROW_COLUMNS))
        .select_from(Ticket)
        .join(Customer, Customer.id == Ticket.customer_id)
        .outerjoin(Device, Device.id == Ticket.device_id)
        .outerjoin(Team, Team.id == Ticket.team_id)
        .outerjoin(_assignee, _assignee.id == Ticket.assignee_id)
    )


def list_tickets(
    session: Session,
    *,
    statuses: Collection[Status] | None = None,
    assignee_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
    limit: int = 50,
) -> list[TicketRow]:
    """Newest first; each filter narrows the list."""
    query = ticket_rows_select()
    if statuses is not None:
        query = query.where(Ticket.status.in_(list(statuses)))
    if assignee_id is not None:
        query = query.where(Ticket.assignee_id == assignee_id)
    if team_id is not None:
        query = query.where(Ticket.team_id == team_id)
    query = query.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit)
    return [ticket_row(row) for row in session.execute(query)]


def count_tickets(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Ticket)).scalar_one()


def _customer_view(customer: Customer) -> CustomerView:
    return CustomerView(
        id=customer.id,
        name=customer.name,
        phone=customer.phone,
        email=customer.email,
        tier=customer.tier,
        organization=customer.organization,
        region=customer.region,
    )


def _device_view(device: Device, today: date) -> DeviceView:
    return DeviceView(
        id=device.id,
        serial=device.serial,
        model=device.model,
        product_line=device.product_line,
        purchase_date=device.purchase_date,
        warranty_end=device.warranty_end,
        core_warranty_end=device.core_warranty_end,
        warranty=warranty_state(device.warranty_end, device.core_warranty_end, today),
    )


def ticket_detail(session: Session, number: str, today: date) -> TicketDetail:
    found = session.execute(ticket_rows_select().where(Ticket.number == number)).first()
    if found is None:
        raise TicketNotFound(number=number)
    row = ticket_row(found)
    ticket = session.get_one(Ticket, row.id)
    customer = session.get_one(Customer, ticket.customer_id)
    device = session.get(Device, ticket.device_id) if ticket.device_id else None
    events = session.execute(
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id)
        .order_by(TicketEvent.at, TicketEvent.id)
    ).scalars()
    return TicketDetail(
        row=row,
        description=ticket.description,
        impact=ticket.impact,
        first_response_at=ticket.first_response_at,
        resolved_at=ticket.resolved_at,
        closed_at=ticket.closed_at,
        team_code=session.get_one(Team, ticket.team_id).code if ticket.team_id else None,
        customer=_customer_view(customer),
        device=_device_view(device, today) if device else None,
        events=[
            EventView(e.kind, e.field, e.old_value, e.new_value, e.text, e.author, e.at)
            for e in events
        ],
        conflicts=[
            _conflict_view(session, conflict)
            for conflict in session.exec(
                select(Conflict).where(Conflict.ticket_id == ticket.id).order_by(Conflict.at)
            )
        ],
        part_kinds=list(
            session.exec(
                select(Part.kind)
                .join(TicketPart, TicketPart.part_id == Part.id)
                .where(TicketPart.ticket_id == ticket.id)
            )
        ),
        second_fault_of=(
            session.get_one(Ticket, ticket.second_fault_of).number
            if ticket.second_fault_of
            else None
        ),
    )


_NAMED_REFERENCES: dict[str, tuple[str, type[Team] | type[Agent]]] = {
    "team_id": ("team", Team),
    "assignee_id": ("assignee", Agent),
}


def _conflict_view(session: Session, conflict: Conflict) -> ConflictView:
    """Team and assignee conflicts name the team and the agent, not their ids."""
    field, kept, lost = conflict.field, conflict.kept_value, conflict.lost_value
    if field in _NAMED_REFERENCES:
        field, model = _NAMED_REFERENCES[field]

        def name(value: str | None) -> str | None:
            row = session.get(model, uuid.UUID(value)) if value else None
            return row.name if row is not None else value

        kept, lost = name(kept), name(lost)
    return ConflictView(
        field, kept, conflict.kept_by, conflict.kept_at, lost, conflict.lost_by, conflict.lost_at,
        conflict.at,
    )  # fmt: skip


def find_customer(session: Session, query: str) -> Customer:
    """The one customer a caller identifies by phone, device serial or exact name."""
    text = query.strip()
    candidates: list[Customer] = []
    if looks_like_phone(text):
        phone = normalize_phone(text)
        candidates = list(session.exec(select(Customer).where(Customer.phone == phone)))
    if not candidates:
        owner = select(Device.customer_id).where(Device.serial == text.upper())
        candidates = list(session.exec(select(Customer).where(Customer.id.in_(owner))))
    if not candidates:
        name = func.lower(Customer.name) == text.lower()
        candidates = list(session.exec(select(Customer).where(name).limit(20)))
    if not candidates:
        raise CustomerNotFound(query=query)
    if len(candidates) > 1:
        raise AmbiguousCustomer(query=query, candidates=[f"{c.name} {c.phone}" for c in candidates])
    return candidates[0]


def customer_profile(
    session: Session, customer: Customer, today: date, ticket_limit: int | None = None
) -> CustomerProfile:
    """The customer with devices (and their warranty state today) and tickets, newest first."""
    devices = session.exec(
        select(Device).where(Device.customer_id == customer.id).order_by(Device.purchase_date)
    )
    tickets = session.execute(
        ticket_rows_select()
        .where(Ticket.customer_id == customer.id)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(ticket_limit)
    )
    return CustomerProfile(
        customer=_customer_view(customer),
        devices=[_device_view(device, today) for device in devices],
        tickets=[ticket_row(row) for row in tickets],
    )


def get_customer(session: Session, customer_id: uuid.UUID) -> Customer:
    return session.get_one(Customer, customer_id)


def profile_of(
    session: Session, customer_id: uuid.UUID, today: date, ticket_limit: int = 50
) -> CustomerProfile:
    return customer_profile(session, get_customer(session, customer_id), today, ticket_limit)


def is_supervisor(session: Session, actor: Actor) -> bool:
    """Whether the actor is a supervisor or an admin of this store."""
    agent = session.get(Agent, actor.agent_id) if actor.agent_id else None
    return agent is not None and agent.role in REVIEWER_ROLES


def require_supervisor(session: Session, actor: Actor, number: str) -> None:
    """Refuse a supervisor's change to ticket `number` by anyone else."""
    if not is_supervisor(session, actor):
        raise SupervisorRequired(name=actor.name, number=number)


def list_agents(session: Session) -> list[tuple[str, str]]:
    """(name, team name) of the active agents and engineers who take tickets."""
    query = (
        select(Agent.name, Team.name)
        .outerjoin(Team, Team.id == Agent.team_id)
        .where(Agent.active, Agent.role.in_(["agent", "engineer"]))
        .order_by(Team.name, Agent.name)
    )
    return [(name, team or "") for name, team in session.execute(query)]


@dataclass(frozen=True)
class SimilarTicket:
    number: str
    subject: str
    resolved_at: datetime | None
    resolution: str | None  # what the engineer wrote when resolving it


def similar_resolved(
    session: Session, detail: TicketDetail, codes: Collection[str], limit: int = 5
) -> list[SimilarTicket]:
    """Resolved tickets of the same category on the same model, the same fault code first,
    then the most recent, each with its resolution."""
    if detail.device is None:
        return []
    same_code = [Ticket.subject.contains(code, autoescape=True) for code in codes]
    rows = session.execute(
        select(Ticket.id, Ticket.number, Ticket.subject, Ticket.resolved_at)
        .join(Device, Device.id == Ticket.device_id)
        .where(
            Device.model == detail.device.model,
            Ticket.category == detail.row.category,
            Ticket.status.in_([Status.RESOLVED, Status.CLOSED]),
            Ticket.id != detail.row.id,
        )
        .order_by(*(code.desc() for code in same_code), Ticket.resolved_at.desc())
        .limit(limit)
    ).all()
    return [
        SimilarTicket(number, subject, resolved_at, _resolution(session, ticket_id))
        for ticket_id, number, subject, resolved_at in rows
    ]


def _resolution(session: Session, ticket_id: uuid.UUID) -> str | None:
    """The resolution record's cause and solution; before those existed (issue #8), the note
    given when the ticket was resolved."""
    record = session.execute(
        select(Resolution.cause, Resolution.solution)
        .where(Resolution.ticket_id == ticket_id)
        .order_by(Resolution.at.desc())
        .limit(1)
    ).first()
    if record is not None:
        return f"{record.cause}: {record.solution}"
    return session.execute(
        select(TicketEvent.text)
        .where(
            TicketEvent.ticket_id == ticket_id,
            TicketEvent.kind == EventKind.STATUS,
            TicketEvent.new_value == Status.RESOLVED.value,
        )
        .order_by(TicketEvent.at.desc())
        .limit(1)
    ).scalar()


@dataclass(frozen=True)
class DeviceChoice:
    serial: str
    model: str
    product_line: ProductLine
    last_resolved_at: datetime | None  # the device's latest resolved ticket: a repeat failure?


@dataclass(frozen=True)
class CustomerMatch:
    customer: CustomerView
    devices: list[DeviceChoice]


class CustomerNames:
    """All customer names in memory, for fuzzy matching while the caller spells theirs."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(select(Customer.id, Customer.name)).all()
        self.ids = [row[0] for row in rows]
        self.names = [row[1] for row in rows]


def _prefix_range(column: Any, prefix: str) -> Any:
    """`column` starts with `prefix`, as a range an index can serve (LIKE cannot here)."""
    return (column >= prefix) & (column < prefix + "\uffff")


def search_customers(
    session: Session, text: str, names: CustomerNames | None, limit: int = 8
) -> list[CustomerMatch]:
    """Callers by phone prefix, device serial prefix, or name (exact prefix, then fuzzy)."""
    query = text.strip()
    if not query:
        return []
    ids: list[uuid.UUID] = []
    digits = query.replace(" ", "").replace("-", "")
    if digits.isdigit():
        ids += session.execute(
            select(Customer.id).where(_prefix_range(Customer.phone, digits)).limit(limit)
        ).scalars()
    ids += session.execute(
        select(Device.customer_id).where(_prefix_range(Device.serial, query.upper())).limit(limit)
    ).scalars()
    ids += session.execute(
        select(Customer.id).where(_prefix_range(Customer.name, query)).limit(limit)
    ).scalars()
    if names is not None and len(ids) < limit:
        ids += [names.ids[i] for i in rank_names(query, names.names, limit)]
    unique = list(dict.fromkeys(ids))[:limit]
    return [_match(session, customer_id) for customer_id in unique]


def _match(session: Session, customer_id: uuid.UUID) -> CustomerMatch:
    customer = session.get_one(Customer, customer_id)
    last_resolved = (
        select(func.max(Ticket.resolved_at))
        .where(Ticket.device_id == Device.id)
        .correlate(Device)
        .scalar_subquery()
    )
    devices = session.execute(
        select(Device.serial, Device.model, Device.product_line, last_resolved)
        .where(Device.customer_id == customer_id)
        .order_by(Device.serial)
    )
    return CustomerMatch(_customer_view(customer), [DeviceChoice(*row) for row in devices])


def find_device(session: Session, serial: str) -> Device:
    device = session.exec(select(Device).where(Device.serial == serial.strip().upper())).first()
    if device is None:
        raise DeviceNotFound(serial=serial)
    return device


def find_part(session: Session, number: str) -> Part:
    part = session.exec(select(Part).where(Part.number == number.strip().upper())).first()
    if part is None:
        raise PartNotFound(part=number)
    return part


def find_team(session: Session, team: str) -> Team:
    """A team by its code or its name."""
    text = team.strip()
    match = session.exec(select(Team).where((Team.code == text) | (Team.name == text))).first()
    if match is None:
        raise TeamNotFound(team=team)
    return match


def find_agent(session: Session, agent: str) -> Agent:
    match = session.exec(select(Agent).where(Agent.name == agent.strip())).first()
    if match is None:
        raise AgentNotFound(agent=agent)
    return match


def _first(events: list[EventView], kind: EventKind) -> EventView | None:
    return next((event for event in events if event.kind is kind), None)


def _first_of(
    events: list[EventView], kinds: frozenset[EventKind], after: datetime
) -> EventView | None:
    return next((event for event in events if event.kind in kinds and event.at >= after), None)


_SETTLES_DISPUTE = frozenset({EventKind.EVALUATION, EventKind.ACCEPTANCE})


def _last(events: list[EventView], kind: EventKind) -> EventView | None:
    return next((event for event in reversed(events) if event.kind is kind), None)


_CALLS = frozenset({EventKind.CALL, EventKind.FOLLOW_UP})


def sla_facts(detail: TicketDetail) -> TicketFacts:
    """What the service commitments need to know about a ticket."""
    return facts_of(
        detail.row, detail.events, detail.part_kinds, impact=detail.impact.value,
        team_code=detail.team_code, first_response_at=detail.first_response_at,
        resolved_at=detail.resolved_at, closed_at=detail.closed_at,
    )  # fmt: skip


def facts_of(
    row: TicketRow,
    events: list[EventView],
    part_kinds: Collection[PartKind],
    *,
    impact: str,
    team_code: str | None,
    first_response_at: datetime | None,
    resolved_at: datetime | None,
    closed_at: datetime | None,
) -> TicketFacts:
    """The commitments' facts from a ticket's row and its timeline, oldest event first."""
    changes = [
        (event.at, Status(event.new_value))
        for event in events
        if event.kind is EventKind.STATUS and event.new_value
    ]
    arrived = _first(events, EventKind.ARRIVED)
    survey = _last(events, EventKind.SURVEY)
    dispute = _last(events, EventKind.DISPUTE)
    # The customer accepting after all settles the dispute as an evaluation would.
    evaluation = _first_of(events, _SETTLES_DISPUTE, after=dispute.at) if dispute else None
    return TicketFacts(
        category=row.category.value,
        priority=row.priority.value,
        tier=row.customer_tier.value,
        impact=impact,
        service_mode=row.service_mode.value,
        created_at=row.created_at,
        first_response_at=first_response_at,
        resolved_at=resolved_at,
        closed_at=closed_at,
        arrived_at=arrived.at if arrived else None,
        status_changes=changes,
        status=row.status,
        team=team_code or "",
        calls=[event.at for event in events if event.kind in _CALLS],
        satisfaction=survey.new_value or "" if survey else "",
        parts=PartKind.SPECIAL.value if PartKind.SPECIAL in part_kinds else "common",
        disputed_at=dispute.at if dispute else None,
        evaluated_at=evaluation.at if evaluation else None,
    )


def least_loaded_agent(session: Session, team_id: uuid.UUID) -> Agent | None:
    """The team's active agent or engineer with the fewest open tickets (ties: by name)."""
    open_tickets = (
        select(func.count(Ticket.id))
        .where(Ticket.assignee_id == Agent.id, Ticket.status.in_(list(OPEN_STATUSES)))
        .scalar_subquery()
    )
    query = (
        select(Agent)
        .where(Agent.team_id == team_id, Agent.active, Agent.role.in_(["agent", "engineer"]))
        .order_by(open_tickets, Agent.name)
        .limit(1)
    )
    return session.exec(query).first()


def suggested_procedures(detail: TicketDetail, procedures: Procedures) -> list[Procedure]:
    """The procedures that fit the ticket (its subject, description and model), best first."""
    row = detail.row
    return suggest(
        procedures.procedures,
        category=row.category,
        text=f"{row.subject}\n{detail.description}",
        model=row.device_model,
    )


def checklist_records(session: Session, ticket_id: uuid.UUID) -> list[Record]:
    """The ticket's checklist records, oldest first."""
    entries = session.exec(
        select(ChecklistEntry)
        .where(ChecklistEntry.ticket_id == ticket_id)
        .order_by(ChecklistEntry.at, ChecklistEntry.id)
    )
    return [_record(entry) for entry in entries]


def ticket_progress(session: Session, procedures: Procedures, number: str) -> Progress | None:
    """Where the ticket stands in the procedure it follows, if it follows one."""
    ticket_id = session.exec(select(Ticket.id).where(Ticket.number == number)).first()
    if ticket_id is None:
        raise TicketNotFound(number=number)
    return progress_of(procedures, checklist_records(session, ticket_id))


def all_progress(session: Session, procedures: Procedures) -> list[tuple[str, Progress]]:
    """(ticket number, progress) of every ticket that follows a procedure."""
    rows = session.execute(
        select(Ticket.number, ChecklistEntry)
        .join(Ticket, Ticket.id == ChecklistEntry.ticket_id)
        .order_by(Ticket.number, ChecklistEntry.at, ChecklistEntry.id)
    )
    by_ticket: dict[str, list[Record]] = {}
    for number, entry in rows:
        by_ticket.setdefault(number, []).append(_record(entry))
    runs = ((number, progress_of(procedures, records)) for number, records in by_ticket.items())
    return [(number, progress) for number, progress in runs if progress is not None]


def _record(entry: ChecklistEntry) -> Record:
    return Record(
        entry.procedure, entry.step, entry.action, entry.note, entry.author, entry.at,
        entry.before_step, entry.required,
    )  # fmt: skip
