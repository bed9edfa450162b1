"""The parts catalogue, and parts on tickets from request to installation."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from agent_console import parts
from agent_console.contacts import require_text
from agent_console.errors import DuplicatePart, PartNotOnTicket
from agent_console.store import coverage, estimates, queries
from agent_console.store.changes import (
    add_row,
    append_event,
    save_changes,
    ticket_by_number,
    touch_ticket,
)
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import Part, Ticket, TicketEvent, TicketPart
from agent_console.vocab import EventKind, PartKind, PartStatus
from agent_console.warranty import fitted_part_end


@dataclass(frozen=True)
class PartView:
    number: str
    name: str
    kind: PartKind
    price_cents: int
    core: bool


@dataclass(frozen=True)
class TicketPartView:
    id: uuid.UUID
    number: str
    name: str
    kind: PartKind
    core: bool
    quantity: int
    status: PartStatus
    covered: bool
    requested_at: datetime
    due_at: datetime
    late: bool  # delivered after its due time, or still not delivered past it
    shipped_at: datetime | None
    delivered_at: datetime | None
    installed_at: datetime | None
    warranty_end: date | None
    returned_serial: str | None


def _part_view(part: Part) -> PartView:
    return PartView(part.number, part.name, part.kind, part.price_cents, part.core)


def add_part(
    store: Store,
    actor: Actor,
    *,
    number: str,
    name: str,
    kind: PartKind,
    price_cents: int,
    core: bool = False,
) -> PartView:
    part_number = require_text(number, "part").upper()
    now = store.now()
    with store.write() as session:
        if session.exec(select(Part.id).where(Part.number == part_number)).first():
            raise DuplicatePart(part=part_number)
        part = Part(number=part_number, name=require_text(name, "name"), kind=kind,
                    price_cents=price_cents, core=core)  # fmt: skip
        add_row(session, part, actor, now)
        return _part_view(part)


def catalogue(session: Session) -> list[PartView]:
    rows = session.exec(select(Part).where(Part.active).order_by(Part.number)).all()
    return [_part_view(part) for part in rows]


def request_part(
    store: Store, actor: Actor, number: str, part_number: str, quantity: int = 1
) -> TicketPartView:
    """Order a part for the ticket; its delivery is due per policy from now."""
    parts.check_quantity(quantity)
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        part = queries.find_part(session, part_number)
        row = TicketPart(
            ticket_id=ticket.id, part_id=part.id, quantity=quantity,
            covered=coverage.part_covered(session, ticket, part, now.astimezone().date()),
            requested_at=now, due_at=store.commitments.part_due(part.kind.value, now),
            updated_at=now,
        )  # fmt: skip
        add_row(session, row, actor, now)
        _part_event(
            session, ticket, actor, now, part, status=PartStatus.REQUESTED, text=str(quantity)
        )
        touch_ticket(store, session, ticket, actor, now)
        return _view(row, part, now)


def advance_part(
    store: Store, actor: Actor, number: str, part_number: str, status: PartStatus
) -> TicketPartView:
    """The ticket's part moves one step on: shipped, delivered or installed. A late delivery
    cuts the service fee; fitting a paid part needs the estimate accepted."""
    now = store.now()
    today = now.astimezone().date()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        part = queries.find_part(session, part_number)
        row = _next_in_line(session, ticket, part, status)
        changes: dict[str, object] = {"status": status, parts.STAMPS[status]: now,
                                      "updated_at": now}  # fmt: skip
        if status is PartStatus.INSTALLED:
            covered = coverage.part_covered(session, ticket, part, today)
            if not covered:
                estimates.require_accepted(session, ticket, paid_part=part.number)
            cover = coverage.device_coverage(session, ticket)
            changes.update(covered=covered, warranty_end=fitted_part_end(cover, part.core, today))
        save_changes(session, row, changes, actor, now)
        _part_event(session, ticket, actor, now, part, status=status)
        if status is PartStatus.DELIVERED and parts.late(row.due_at, now, now):
            _flag_fee_reduction(session, ticket, actor, now, part)
        touch_ticket(store, session, ticket, actor, now)
        return _view(row, part, now)


def return_old_part(
    store: Store, actor: Actor, number: str, part_number: str, serial: str
) -> TicketPartView:
    """The old part the fitted one replaced came back: its serial is recorded."""
    old_serial = require_text(serial, "serial").upper()
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        part = queries.find_part(session, part_number)
        row = session.exec(
            select(TicketPart)
            .where(TicketPart.ticket_id == ticket.id, TicketPart.part_id == part.id,
                   TicketPart.status == PartStatus.INSTALLED,
                   TicketPart.returned_serial.is_(None))  # type: ignore[union-attr]
            .order_by(TicketPart.requested_at)
        ).first()  # fmt: skip
        if row is None:
            raise PartNotOnTicket(number=number, part=part.number, status="returned")
        changes = {"returned_serial": old_serial, "returned_at": now, "updated_at": now}
        save_changes(session, row, changes, actor, now)
        _part_event(session, ticket, actor, now, part, status=None, text=old_serial)
        touch_ticket(store, session, ticket, actor, now)
        return _view(row, part, now)


def _next_in_line(session: Session, ticket: Ticket, part: Part, status: PartStatus) -> TicketPart:
    """The ticket's earliest request for the part that can take this step."""
    rows = session.exec(
        select(TicketPart)
        .where(TicketPart.ticket_id == ticket.id, TicketPart.part_id == part.id)
        .order_by(TicketPart.requested_at)
    ).all()
    for row in rows:
        if parts.next_status(row.status) is status:
            return row
    raise PartNotOnTicket(number=ticket.number, part=part.number, status=status.value)


def _part_event(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    now: datetime,
    part: Part,
    *,
    status: PartStatus | None,
    text: str | None = None,
) -> None:
    """ "part BAT-01: requested" on the timeline; a returned old part has no status."""
    append_event(
        session, ticket, actor, now, EventKind.PART, field="part", old_value=part.number,
        new_value=status.value if status else "returned", text=text,
    )  # fmt: skip


def _flag_fee_reduction(
    session: Session, ticket: Ticket, actor: Actor, now: datetime, part: Part
) -> None:
    flagged = session.exec(
        select(TicketEvent.id).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.kind == EventKind.FEE_REDUCTION
        )
    ).first()
    if flagged is None:
        append_event(
            session, ticket, actor, now, EventKind.FEE_REDUCTION, field="fee_reduction",
            new_value=part.number,
        )  # fmt: skip


def _view(row: TicketPart, part: Part, now: datetime) -> TicketPartView:
    return TicketPartView(
        row.id, part.number, part.name, part.kind, part.core, row.quantity, row.status,
        row.covered, row.requested_at, row.due_at, parts.late(row.due_at, row.delivered_at, now),
        row.shipped_at, row.delivered_at, row.installed_at, row.warranty_end, row.returned_serial,
    )  # fmt: skip


def of_ticket(session: Session, ticket: Ticket, now: datetime) -> list[TicketPartView]:
    rows = session.exec(
        select(TicketPart, Part)
        .join(Part, Part.id == TicketPart.part_id)
        .where(TicketPart.ticket_id == ticket.id)
        .order_by(TicketPart.requested_at)
    ).all()
    return [_view(row, part, now) for row, part in rows]
