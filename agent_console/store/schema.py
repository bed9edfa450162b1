"""The tables of a local store. Change them only together with a migration in migrations/."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from agent_console.ids import new_id
from agent_console.store.types import Vocab
from agent_console.vocab import (
    OPEN_STATUSES,
    Category,
    Channel,
    ChecklistAction,
    EventKind,
    Impact,
    Priority,
    ProductLine,
    Role,
    ServiceMode,
    Status,
    Tier,
)

NOT_OPEN_STATUSES = tuple(status for status in Status if status not in OPEN_STATUSES)


def _codes(statuses: tuple[Status, ...]) -> str:
    return ", ".join(f"'{status.value}'" for status in statuses)


def open_tickets_sql(column: str = "status") -> str:
    """Which tickets the open partial indexes hold (migration 0003).

    A query uses a partial index only if its WHERE contains this condition literally: values
    inline (bound parameters do not match), same order. NOT IN, because no other index can
    use it: an IN list would draw SQLite to ix_ticket_queue in a store without statistics.
    """
    return f"{column} NOT IN ({_codes(NOT_OPEN_STATUSES)})"


def closed_tickets_sql(column: str = "status") -> str:
    """Which tickets the closed partial indexes hold (migration 0003); see open_tickets_sql."""
    return f"{column} IN ({_codes(NOT_OPEN_STATUSES)})"


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
