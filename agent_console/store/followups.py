"""Follow-up calls: scheduled when a ticket closes, made from the agents' follow-up queue."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from agent_console.commitments import Clock
from agent_console.contacts import require_text
from agent_console.errors import NoFollowUpPending
from agent_console.followups import preventive_calls
from agent_console.store import coverage, queries
from agent_console.store.changes import (
    add_row,
    append_event,
    save_changes,
    ticket_by_number,
    touch_ticket,
)
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import Customer, FollowUp, Ticket
from agent_console.vocab import EventKind, FollowUpKind, Status


@dataclass(frozen=True)
class FollowUpRow:
    id: uuid.UUID
    number: str
    subject: str
    customer: str
    phone: str
    kind: FollowUpKind
    due_at: datetime
    done_at: datetime | None
    done_by: str | None
    outcome: str | None


def _closure_clock(store: Store, session: Session, ticket: Ticket, now: datetime) -> Clock | None:
    session.flush()
    detail = queries.ticket_detail(session, ticket.number, now.astimezone().date())
    clocks = store.commitments.clocks(queries.sla_facts(detail), now)
    return next((clock for clock in clocks if clock.rule.kind == "follow_up"), None)


def _pending(session: Session, ticket_id: uuid.UUID, kind: FollowUpKind | None = None):
    query = select(FollowUp).where(FollowUp.ticket_id == ticket_id, FollowUp.done_at.is_(None))  # type: ignore[union-attr]
    if kind is not None:
        query = query.where(FollowUp.kind == kind)
    return session.exec(query.order_by(FollowUp.due_at)).all()


def schedule(store: Store, session: Session, ticket: Ticket, actor: Actor, now: datetime) -> None:
    """On closure: the call the policy's follow-up clock asks for (one still pending from an
    earlier closure moves to it), and the preventive calls while the device is under warranty
    (once per ticket, every quarter of the local calendar)."""
    clock = _closure_clock(store, session, ticket, now)
    pending = _pending(session, ticket.id, FollowUpKind.CLOSURE)
    if clock is not None and not pending:
        add_row(session, FollowUp(ticket_id=ticket.id, kind=FollowUpKind.CLOSURE,
                                  due_at=clock.due, created_at=now), actor, now)  # fmt: skip
    _move(session, pending, clock, actor, now)
    has_preventive = session.exec(
        select(FollowUp.id).where(
            FollowUp.ticket_id == ticket.id, FollowUp.kind == FollowUpKind.PREVENTIVE
        )
    ).first()
    if has_preventive is None:
        end = coverage.device_coverage(session, ticket).device_end
        for due in preventive_calls(now.astimezone(), end):
            add_row(session, FollowUp(ticket_id=ticket.id, kind=FollowUpKind.PREVENTIVE,
                                      due_at=due, created_at=now), actor, now)  # fmt: skip


def reschedule(store: Store, session: Session, ticket: Ticket, actor: Actor, now: datetime) -> None:
    """The pending call after closure moves when the clock's rule changes (an unsatisfied
    survey asks for a call within 24 h)."""
    clock = _closure_clock(store, session, ticket, now)
    _move(session, _pending(session, ticket.id, FollowUpKind.CLOSURE), clock, actor, now)


def _move(
    session: Session, pending: Sequence[FollowUp], clock: Clock | None, actor: Actor, now: datetime
) -> None:
    for follow_up in pending:
        if clock is not None and clock.due != follow_up.due_at:
            save_changes(session, follow_up, {"due_at": clock.due}, actor, now)


def complete(
    store: Store, actor: Actor, number: str, outcome: str, *, follow_up_id: uuid.UUID | None = None
) -> FollowUpRow:
    """A pending follow-up of the ticket is done (the one picked, else the earliest): the call
    is on its timeline."""
    text = require_text(outcome, "outcome")
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        pending = [row for row in _pending(session, ticket.id) if follow_up_id in {None, row.id}]
        if not pending:
            raise NoFollowUpPending(number=number)
        follow_up = pending[0]
        changes = {"done_at": now, "done_by": actor.name, "outcome": text}
        save_changes(session, follow_up, changes, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.FOLLOW_UP, field="follow_up",
            new_value=follow_up.kind.value, text=text,
        )  # fmt: skip
        touch_ticket(store, session, ticket, actor, now)
        return _row(session, follow_up, ticket)


def _row(session: Session, follow_up: FollowUp, ticket: Ticket) -> FollowUpRow:
    customer = session.get_one(Customer, ticket.customer_id)
    return FollowUpRow(
        follow_up.id, ticket.number, ticket.subject, customer.name, customer.phone,
        follow_up.kind, follow_up.due_at, follow_up.done_at, follow_up.done_by, follow_up.outcome,
    )  # fmt: skip


def queue(session: Session, *, due_before: datetime | None = None, limit: int = 200):
    """Pending follow-up calls, the most urgent first; a ticket reopened since its closure
    is back in work, and its calls wait until it closes again."""
    query = (
        select(FollowUp, Ticket)
        .join(Ticket, Ticket.id == FollowUp.ticket_id)
        .where(
            FollowUp.done_at.is_(None),  # type: ignore[union-attr]
            Ticket.status.in_([Status.RESOLVED, Status.CLOSED]),  # type: ignore[attr-defined]
        )
    )
    if due_before is not None:
        query = query.where(FollowUp.due_at < due_before)
    rows = session.exec(query.order_by(FollowUp.due_at, FollowUp.id).limit(limit)).all()
    return [_row(session, follow_up, ticket) for follow_up, ticket in rows]


def of_ticket(session: Session, ticket: Ticket) -> list[FollowUpRow]:
    rows = session.exec(
        select(FollowUp).where(FollowUp.ticket_id == ticket.id).order_by(FollowUp.due_at)
    ).all()
    return [_row(session, follow_up, ticket) for follow_up in rows]
