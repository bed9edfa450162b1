"""The tables of a local store. Change them only together with a migration in migrations/."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from agent_console.ids import new_id
from agent_console.store.ticket_sql import closed_tickets_sql, open_tickets_sql
from agent_console.store.types import Vocab
from agent_console.vocab import (
    AppointmentStatus,
    Category,
    Channel,
    ChecklistAction,
    ConfirmedVia,
    DraftStatus,
    EstimateStatus,
    EventKind,
    FollowUpKind,
    Impact,
    PartKind,
    PartStatus,
    Priority,
    ProductLine,
    Role,
    ServiceMode,
    Status,
    Tier,
)

OPEN = text(open_tickets_sql())
CLOSED = text(closed_tickets_sql())
CLOSURE = text("coalesce(closed_at, resolved_at)")
PENDING_BREACH = text("next_breach_at IS NOT NULL")


def vocab_field(vocabulary: type, default: Any = ..., **kwargs: Any) -> Any:
    return Field(default=default, sa_type=Vocab(vocabulary), **kwargs)


class Team(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    code: str = Field(unique=True)
    name: str
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Agent(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    name: str = Field(unique=True)
    role: Role = vocab_field(Role)
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id", index=True)
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    active: bool = True


class Customer(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    name: str = Field(index=True)
    phone: str = Field(index=True)
    email: str | None = None
    tier: Tier = vocab_field(Tier, Tier.STANDARD)
    organization: str | None = None
    region: str | None = None
    created_at: datetime
    updated_at: datetime


class Device(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    serial: str = Field(unique=True)
    model: str
    product_line: ProductLine = vocab_field(ProductLine)
    purchase_date: date | None = None
    warranty_end: date | None = None
    core_warranty_end: date | None = None
    customer_id: uuid.UUID = Field(foreign_key="customer.id", index=True)
    created_at: datetime


def _open_indexes(owner: str) -> list[Index]:
    """The open-ticket indexes of one assignee or team, one per sort."""
    name = owner.removesuffix("_id")
    return [
        Index(f"ix_ticket_open_{name}_{sort}", owner, *columns, sqlite_where=OPEN)
        for sort, columns in (
            ("priority", ("priority", "created_at", "id")),
            ("created", ("created_at", "id")),
            ("due", ("due_at", "created_at", "id")),
        )
    ]


class Ticket(SQLModel, table=True):
    __table_args__ = (
        Index("ix_ticket_queue", "status", "priority", "due_at"),
        Index("ix_ticket_assignee", "assignee_id", "status"),
        Index("ix_ticket_team", "team_id", "status"),
        Index("ix_ticket_customer", "customer_id", "created_at"),
        Index("ix_ticket_device", "device_id"),
        # The queue views (agent_console.store.queue); see migration 0003.
        Index("ix_ticket_open_priority", "priority", "created_at", "id", sqlite_where=OPEN),
        Index("ix_ticket_open_created", "created_at", "id", sqlite_where=OPEN),
        Index("ix_ticket_open_due", "due_at", "created_at", "id", sqlite_where=OPEN),
        *_open_indexes("assignee_id"),
        *_open_indexes("team_id"),
        Index("ix_ticket_closed_at", CLOSURE, "id", sqlite_where=CLOSED),
        Index("ix_ticket_closed_priority", "priority", CLOSURE, "id", sqlite_where=CLOSED),
        # The breach sweep (agent_console.store.actions.record_breaches); see migration 0004.
        Index("ix_ticket_next_breach", "next_breach_at", sqlite_where=PENDING_BREACH),
        # The reports read what changed since a day; the dashboard asks if anything did.
        Index("ix_ticket_updated", "updated_at"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    number: str = Field(unique=True)
    subject: str
    description: str = ""
    channel: Channel = vocab_field(Channel)
    category: Category = vocab_field(Category)
    priority: Priority = vocab_field(Priority, Priority.P3)
    impact: Impact = vocab_field(Impact, Impact.INDIVIDUAL)
    status: Status = vocab_field(Status, Status.NEW)
    service_mode: ServiceMode = vocab_field(ServiceMode, ServiceMode.REMOTE)
    customer_id: uuid.UUID = Field(foreign_key="customer.id")
    device_id: uuid.UUID | None = Field(default=None, foreign_key="device.id")
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id")
    assignee_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    due_at: datetime | None = None  # the soonest running service clock, breached or not
    next_breach_at: datetime | None = None  # the soonest clock that has not breached yet
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    # A second fault (free of charge) of this earlier ticket; its own id once it was reopened.
    second_fault_of: uuid.UUID | None = None


class TicketEvent(SQLModel, table=True):
    """Append-only timeline: rows are inserted, never updated or deleted."""

    __tablename__ = "ticket_event"
    __table_args__ = (Index("ix_ticket_event_ticket", "ticket_id", "at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    kind: EventKind = vocab_field(EventKind)
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    text: str | None = None
    author_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    author: str
    at: datetime


class ChecklistEntry(SQLModel, table=True):
    """Append-only procedure progress on a ticket (agent_console.checklist reads it); each row
    also has its timeline event. Rows are inserted, never updated or deleted."""

    __tablename__ = "checklist_entry"
    __table_args__ = (Index("ix_checklist_entry_ticket", "ticket_id", "at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    procedure: str
    step: str | None = None  # None for CHOSEN and RESOLVED_EARLY
    action: ChecklistAction = vocab_field(ChecklistAction)
    required: bool = False  # whether the step was required when it was recorded
    note: str | None = None  # the reason, the note, or an inserted step's title
    before_step: str | None = None  # where an inserted step goes
    author_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    author: str
    at: datetime


class StoreMeta(SQLModel, table=True):
    """Per-store state: client id, clock, number sequence."""

    __tablename__ = "store_meta"

    key: str = Field(primary_key=True)
    value: str


class Outbox(SQLModel, table=True):
    """Local changes waiting to be pushed, numbered 1, 2, 3... per store (ARCHITECTURE, Sync)."""

    __table_args__ = {"sqlite_autoincrement": True}

    mutation_id: int | None = Field(default=None, primary_key=True)
    client_id: uuid.UUID
    hlc: str
    entity: str
    entity_id: uuid.UUID
    op: str
    fields: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    author: str
    created_at: datetime
    seen: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Conflict(SQLModel, table=True):
    """A value that a concurrent edit overwrote, as the central server merged it (#7).

    Filled by sync only; rows are inserted, never updated or deleted."""

    __table_args__ = (Index("ix_conflict_ticket", "ticket_id", "at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID | None = None  # None for a customer's or a device's field
    entity: str
    entity_id: uuid.UUID
    field: str
    kept_value: str | None = None
    kept_by: str
    kept_at: datetime
    lost_value: str | None = None
    lost_by: str
    lost_at: datetime
    at: datetime


class Part(SQLModel, table=True):
    """The parts catalogue."""

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    number: str = Field(unique=True)
    name: str
    kind: PartKind = vocab_field(PartKind)
    price_cents: int
    core: bool = False  # core parts carry the longer warranty
    active: bool = True


class TicketPart(SQLModel, table=True):
    """A part on a ticket, from request to installation (agent_console.parts)."""

    __tablename__ = "ticket_part"
    __table_args__ = (Index("ix_ticket_part_ticket", "ticket_id", "requested_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    part_id: uuid.UUID = Field(foreign_key="part.id")
    quantity: int = 1
    status: PartStatus = vocab_field(PartStatus, PartStatus.REQUESTED)
    covered: bool = False  # by warranty: charged nothing (judged again when it is fitted)
    requested_at: datetime
    due_at: datetime  # delivery, per policy: 3 business days common, 7 special
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    installed_at: datetime | None = None
    warranty_end: date | None = None  # of the part once installed
    returned_serial: str | None = None  # the old part taken back
    returned_at: datetime | None = None
    updated_at: datetime


class Appointment(SQLModel, table=True):
    """An on-site visit. Rescheduling books a new row and keeps the old one as history."""

    __table_args__ = (
        Index("ix_appointment_ticket", "ticket_id", "created_at"),
        Index("ix_appointment_engineer", "engineer_id", "window_start"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    engineer_id: uuid.UUID = Field(foreign_key="agent.id")
    window_start: datetime
    window_end: datetime
    address: str
    bring: str = ""  # parts, tools and the device's history, one item per line
    status: AppointmentStatus = vocab_field(AppointmentStatus, AppointmentStatus.BOOKED)
    confirmed_via: ConfirmedVia | None = vocab_field(ConfirmedVia, None, nullable=True)
    confirmed_at: datetime | None = None
    replaces_id: uuid.UUID | None = None  # the booking this one moved
    reason: str | None = None  # why it was moved
    arrived_at: datetime | None = None
    author: str
    created_at: datetime


class RemoteSession(SQLModel, table=True):
    """Append-only log of remote-assistance sessions."""

    __tablename__ = "remote_session"
    __table_args__ = (Index("ix_remote_session_ticket", "ticket_id", "at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    tool: str
    minutes: int
    outcome: str
    author: str
    at: datetime


class Estimate(SQLModel, table=True):
    """A cost estimate; a newer one on the same ticket replaces it (agent_console.costs)."""

    __table_args__ = (Index("ix_estimate_ticket", "ticket_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    lines: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    total_cents: int
    status: EstimateStatus = vocab_field(EstimateStatus, EstimateStatus.PROPOSED)
    decided_by: str | None = None  # the customer's person who accepted or declined
    decided_via: ConfirmedVia | None = vocab_field(ConfirmedVia, None, nullable=True)
    decided_at: datetime | None = None
    author: str
    created_at: datetime


class Resolution(SQLModel, table=True):
    """Append-only: how a ticket was resolved; the newest record is the one in force."""

    __table_args__ = (Index("ix_resolution_ticket", "ticket_id", "at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    cause: str
    solution: str
    tools: str = ""
    prevention: str = ""
    author: str
    at: datetime


class Acceptance(SQLModel, table=True):
    """Append-only: the customer's sign-off on a resolution, or their dispute of it."""

    __table_args__ = (Index("ix_acceptance_ticket", "ticket_id", "at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    accepted: bool
    confirmed_by: str | None = None  # who at the customer's side
    via: ConfirmedVia | None = vocab_field(ConfirmedVia, None, nullable=True)
    reason: str | None = None  # of a dispute
    author: str
    at: datetime


class Survey(SQLModel, table=True):
    """Append-only satisfaction survey answers (agent_console.survey)."""

    __table_args__ = (Index("ix_survey_at", "at"), Index("ix_survey_ticket", "ticket_id"))

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    speed: int  # 1-5
    resolution: int  # 1-5
    attitude: int  # 1-5
    recommend: int  # 0-10
    comment: str | None = None
    author: str
    at: datetime


class FollowUp(SQLModel, table=True):
    """A call back to the customer, scheduled when the ticket closes."""

    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_pending", "due_at", sqlite_where=text("done_at IS NULL")),
        Index("ix_follow_up_ticket", "ticket_id", "due_at"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    kind: FollowUpKind = vocab_field(FollowUpKind)
    due_at: datetime
    done_at: datetime | None = None
    done_by: str | None = None
    outcome: str | None = None
    created_at: datetime


class ArticleDraft(SQLModel, table=True):
    """A knowledge-base article drafted from a ticket's resolution: the whole article file
    (front matter and body) as `text`. Every store receives every draft, so `ticket_id` is
    not a foreign key: the ticket may be outside this store's scope."""

    __tablename__ = "article_draft"
    __table_args__ = (Index("ix_article_draft_status", "status", "created_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    ticket_id: uuid.UUID = Field(index=True)
    article_id: str = Field(unique=True)
    title: str
    text: str
    status: DraftStatus = vocab_field(DraftStatus, DraftStatus.DRAFT)
    author: str
    created_at: datetime
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_note: str | None = None
    updated_at: datetime
