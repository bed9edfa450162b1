"""Second faults: the same fault on the same device within warranty. The repair is free of
charge, and the parts fitted for the first fault get SECOND_FAULT_EXTENSION_MONTHS more."""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from agent_console.errors import SecondFaultRefused
from agent_console.store import coverage
from agent_console.store.changes import append_event, save_changes, ticket_by_number, touch_ticket
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import ChecklistEntry, Ticket, TicketPart
from agent_console.vocab import ChecklistAction, EventKind, PartStatus, Status
from agent_console.warranty import SECOND_FAULT_EXTENSION_MONTHS, add_months

_DONE = (Status.RESOLVED, Status.CLOSED)


def _extend_fitted_parts(session: Session, ticket: Ticket, actor: Actor, now: datetime) -> int:
    fitted = session.exec(
        select(TicketPart).where(
            TicketPart.ticket_id == ticket.id,
            TicketPart.status == PartStatus.INSTALLED,
            TicketPart.warranty_end.is_not(None),  # type: ignore[union-attr]
        )
    ).all()
    for part in fitted:
        end = add_months(part.warranty_end, SECOND_FAULT_EXTENSION_MONTHS)
        save_changes(session, part, {"warranty_end": end}, actor, now)
    return len(fitted)


def _link(session: Session, ticket: Ticket, earlier: Ticket, actor: Actor, now: datetime) -> None:
    extended = _extend_fitted_parts(session, earlier, actor, now)
    append_event(
        session, ticket, actor, now, EventKind.SECOND_FAULT, field="second_fault",
        new_value=earlier.number, text=str(extended),
    )  # fmt: skip


def reopened(session: Session, ticket: Ticket, actor: Actor, now: datetime) -> dict[str, Any]:
    """A reopened ticket is a second fault of itself; the columns to change on it."""
    if ticket.second_fault_of is not None:
        return {}
    _link(session, ticket, ticket, actor, now)
    return {"second_fault_of": ticket.id}


def _within_warranty(session: Session, earlier: Ticket, today: date) -> bool:
    """The device is covered, or a part the earlier repair fitted still is."""
    if coverage.device_coverage(session, earlier).covers_device(today):
        return True
    fitted = session.exec(
        select(TicketPart.id).where(
            TicketPart.ticket_id == earlier.id,
            TicketPart.status == PartStatus.INSTALLED,
            TicketPart.warranty_end >= today,
        )
    ).first()
    return fitted is not None


def _refusal(session: Session, ticket: Ticket, earlier: Ticket, today: date) -> str | None:
    """Why the ticket cannot be a second fault of `earlier` (a reason key), or None."""
    checks = (
        ("second_fault_same_ticket", lambda: ticket.id == earlier.id),
        ("second_fault_linked", lambda: ticket.second_fault_of is not None),
        ("second_fault_other_device",
         lambda: ticket.device_id is None or ticket.device_id != earlier.device_id),
        ("second_fault_not_earlier", lambda: earlier.created_at >= ticket.created_at),
        ("second_fault_earlier_open", lambda: earlier.status not in _DONE),
        ("second_fault_out_of_warranty", lambda: not _within_warranty(session, earlier, today)),
    )  # fmt: skip
    return next((reason for reason, fails in checks if fails()), None)


def link(store: Store, actor: Actor, number: str, earlier_number: str) -> None:
    """Link the ticket as a second fault of an earlier one, or refuse saying why."""
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        earlier = ticket_by_number(session, earlier_number)
        reason = _refusal(session, ticket, earlier, now.astimezone().date())
        if reason is not None:
            raise SecondFaultRefused(number=number, earlier=earlier_number, reason=reason)
        _link(session, ticket, earlier, actor, now)
        touch_ticket(store, session, ticket, actor, now, second_fault_of=earlier.id)


def link_same_procedure(
    store: Store, session: Session, ticket: Ticket, actor: Actor, now: datetime, *, procedure: str
) -> bool:
    """The fault a procedure addresses is the fault: an earlier finished ticket on the same
    device that followed the same procedure, still in warranty, makes this a second fault."""
    if ticket.device_id is None or ticket.second_fault_of is not None:
        return False
    earlier = session.exec(
        select(Ticket)
        .join(ChecklistEntry, ChecklistEntry.ticket_id == Ticket.id)
        .where(
            Ticket.device_id == ticket.device_id,
            Ticket.id != ticket.id,
            Ticket.status.in_(_DONE),  # type: ignore[attr-defined]
            ChecklistEntry.procedure == procedure,
            ChecklistEntry.action == ChecklistAction.CHOSEN,
        )
        .order_by(Ticket.resolved_at.desc())  # type: ignore[union-attr]
    ).first()
    if earlier is None or _refusal(session, ticket, earlier, now.astimezone().date()):
        return False
    _link(session, ticket, earlier, actor, now)
    touch_ticket(store, session, ticket, actor, now, second_fault_of=earlier.id)
    return True
