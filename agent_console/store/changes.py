"""What every action does inside its transaction: add a row with its outbox record, append a
timeline event, find the ticket, keep its service deadlines current."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, select

from agent_console.commitments import Deadlines
from agent_console.errors import TicketNotFound
from agent_console.store import outbox, queries
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import Ticket, TicketEvent
from agent_console.vocab import EventKind


def add_row(session: Session, row: SQLModel, actor: Actor, now: datetime) -> None:
    session.add(row)
    session.flush()
    outbox.record_insert(session, row, actor.name, now)


def save_changes(
    session: Session, row: SQLModel, changed: dict[str, Any], actor: Actor, now: datetime
) -> None:
    """Set the changed columns of an existing row and record them for sync."""
    for column, value in changed.items():
        setattr(row, column, value)
    session.add(row)
    outbox.record_update(session, row, changed, actor.name, now)


def append_event(
    session: Session, ticket: Ticket, actor: Actor, now: datetime, kind: EventKind, **fields: Any
) -> TicketEvent:
    event = TicketEvent(
        ticket_id=ticket.id,
        kind=kind,
        author=actor.name,
        author_id=actor.agent_id,
        at=now,
        **fields,
    )
    add_row(session, event, actor, now)
    return event


def ticket_by_number(session: Session, number: str) -> Ticket:
    ticket = session.exec(select(Ticket).where(Ticket.number == number)).first()
    if ticket is None:
        raise TicketNotFound(number=number)
    return ticket


def deadlines_now(store: Store, session: Session, ticket: Ticket, now: datetime) -> Deadlines:
    """The ticket's service deadlines as it stands in this transaction."""
    session.flush()
    detail = queries.ticket_detail(session, ticket.number, now.astimezone().date())
    return store.commitments.deadlines(queries.sla_facts(detail), now)


def set_deadlines(ticket: Ticket, deadlines: Deadlines, changed: dict[str, Any]) -> None:
    for column, value in (("due_at", deadlines.due), ("next_breach_at", deadlines.next_breach)):
        if value != getattr(ticket, column):
            setattr(ticket, column, value)
            changed[column] = value


def touch_ticket(
    store: Store, session: Session, ticket: Ticket, actor: Actor, now: datetime, **columns: Any
) -> None:
    """Save the ticket after a change on or beside it: its update time, `columns`, and its
    deadlines as they now stand."""
    changed: dict[str, Any] = {"updated_at": now, **columns}
    for column, value in changed.items():
        setattr(ticket, column, value)
    set_deadlines(ticket, deadlines_now(store, session, ticket, now), changed)
    save_changes(session, ticket, changed, actor, now)
