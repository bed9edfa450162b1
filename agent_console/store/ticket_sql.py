"""Tickets in plain SQL: the row every list shows, and the conditions of the partial indexes.

Nothing here imports SQLAlchemy, so the queue's first page can be read and drawn before the
ORM has loaded (it takes a third of a second to import). Values are in the text forms
SQLAlchemy writes to SQLite (agent_console.store.plain reads them back).
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from agent_console.store.plain import time_of, uuid_of
from agent_console.vocab import (
    OPEN_STATUSES,
    Category,
    Channel,
    Priority,
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


@dataclass(frozen=True)
class TicketRow:
    id: uuid.UUID
    number: str
    subject: str
    status: Status
    priority: Priority
    category: Category
    channel: Channel
    service_mode: ServiceMode
    customer: str
    customer_tier: Tier
    device_model: str | None
    device_serial: str | None
    team: str | None
    assignee: str | None
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None


# The columns of a TicketRow in order; the assignee is the agent table under another name.
TICKET_ROW_COLUMNS = (
    "ticket.id", "ticket.number", "ticket.subject", "ticket.status", "ticket.priority",
    "ticket.category", "ticket.channel", "ticket.service_mode", "customer.name",
    "customer.tier", "device.model", "device.serial", "team.name", "assignee.name",
    "ticket.created_at", "ticket.updated_at", "ticket.due_at",
)  # fmt: skip
TICKET_ROW_FROM = (
    "ticket JOIN customer ON customer.id = ticket.customer_id"
    " LEFT OUTER JOIN device ON device.id = ticket.device_id"
    " LEFT OUTER JOIN team ON team.id = ticket.team_id"
    " LEFT OUTER JOIN agent AS assignee ON assignee.id = ticket.assignee_id"
)
TICKET_ROW_WIDTH = len(fields(TicketRow))


def ticket_row(values: Sequence[Any]) -> TicketRow:
    """A TicketRow from the stored values of TICKET_ROW_COLUMNS."""
    (id_, number, subject, status, priority, category, channel, mode, customer, tier,
     model, serial, team, assignee, created, updated, due) = values  # fmt: skip
    return TicketRow(
        uuid_of(id_), number, subject, Status(status), Priority(priority), Category(category),
        Channel(channel), ServiceMode(mode), customer, Tier(tier), model, serial, team,
        assignee, time_of(created), time_of(updated), time_of(due) if due else None,
    )  # fmt: skip
