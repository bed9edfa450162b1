"""On-site appointments, an engineer's day, and remote-assistance sessions."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from agent_console.appointments import arrival_window, check_session_minutes, packing_list
from agent_console.contacts import require_text
from agent_console.errors import AppointmentExists, AppointmentInPast, NoAppointment
from agent_console.store import queries
from agent_console.store.changes import (
    add_row,
    append_event,
    save_changes,
    ticket_by_number,
    touch_ticket,
)
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import (
    Agent,
    Appointment,
    Customer,
    Device,
    Part,
    RemoteSession,
    Ticket,
    TicketPart,
)
from agent_console.vocab import AppointmentStatus, ConfirmedVia, EventKind
from agent_console.wire import wire_value

HISTORY_LINES = 5


@dataclass(frozen=True)
class AppointmentView:
    id: uuid.UUID
    number: str
    subject: str
    engineer: str
    window_start: datetime
    window_end: datetime
    address: str
    bring: str
    status: AppointmentStatus
    confirmed_via: ConfirmedVia | None
    confirmed_at: datetime | None
    reason: str | None
    arrived_at: datetime | None
    customer: str
    phone: str
    device: str | None


def _view(session: Session, appointment: Appointment, ticket: Ticket) -> AppointmentView:
    customer = session.get_one(Customer, ticket.customer_id)
    device = session.get(Device, ticket.device_id) if ticket.device_id else None
    return AppointmentView(
        appointment.id, ticket.number, ticket.subject,
        session.get_one(Agent, appointment.engineer_id).name,
        appointment.window_start, appointment.window_end, appointment.address, appointment.bring,
        appointment.status, appointment.confirmed_via, appointment.confirmed_at,
        appointment.reason, appointment.arrived_at, customer.name, customer.phone,
        f"{device.model} {device.serial}" if device else None,
    )  # fmt: skip


def _active(session: Session, ticket: Ticket) -> Appointment | None:
    return session.exec(
        select(Appointment).where(
            Appointment.ticket_id == ticket.id, Appointment.status == AppointmentStatus.BOOKED
        )
    ).first()


def _booked(session: Session, ticket: Ticket) -> Appointment:
    """The ticket's booked visit, which rescheduling, confirming and arriving act on."""
    booked = _active(session, ticket)
    if booked is None:
        raise NoAppointment(number=ticket.number)
    return booked


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _check_future(start: datetime, now: datetime) -> None:
    if start <= now:
        raise AppointmentInPast(at=_local(start))


def _what_to_bring(session: Session, ticket: Ticket, extra: str | None) -> str:
    """The ticket's parts, then the device's earlier repairs (so nobody asks the customer)."""
    parts = session.exec(
        select(Part.number, Part.name, TicketPart.quantity)
        .join(TicketPart, TicketPart.part_id == Part.id)
        .where(TicketPart.ticket_id == ticket.id)
        .order_by(TicketPart.requested_at)
    ).all()
    history: list[str] = []
    if ticket.device_id is not None:
        device = session.get_one(Device, ticket.device_id)
        history.append(f"{device.model} {device.serial}")
        earlier = session.exec(
            select(Ticket.number, Ticket.subject, Ticket.created_at)
            .where(Ticket.device_id == ticket.device_id, Ticket.id != ticket.id)
            .order_by(Ticket.created_at.desc())
            .limit(HISTORY_LINES)
        ).all()
        history += [f"{n} {at.astimezone():%Y-%m-%d} {subject}" for n, subject, at in earlier]
    return packing_list([f"{n} {name} x{q}" for n, name, q in parts], history, extra)


def book(
    store: Store,
    actor: Actor,
    number: str,
    *,
    engineer: str,
    start: datetime,
    address: str,
    bring: str | None = None,
    confirmed_via: ConfirmedVia | None = None,
) -> AppointmentView:
    """A visit with a 30-minute arrival window; a ticket has one booked visit at a time."""
    place = require_text(address, "address")
    now = store.now()
    _check_future(start, now)
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        booked = _active(session, ticket)
        if booked is not None:
            raise AppointmentExists(number=number, at=_local(booked.window_start))
        who = queries.find_agent(session, engineer)
        window_start, window_end = arrival_window(start)
        appointment = Appointment(
            ticket_id=ticket.id, engineer_id=who.id, window_start=window_start,
            window_end=window_end, address=place, bring=_what_to_bring(session, ticket, bring),
            confirmed_via=confirmed_via, confirmed_at=now if confirmed_via else None,
            author=actor.name, created_at=now,
        )  # fmt: skip
        add_row(session, appointment, actor, now)
        _event(session, ticket, actor, now, appointment=appointment, text=who.name)
        touch_ticket(store, session, ticket, actor, now)
        return _view(session, appointment, ticket)


def reschedule(
    store: Store,
    actor: Actor,
    number: str,
    *,
    start: datetime,
    reason: str,
    engineer: str | None = None,
) -> AppointmentView:
    """Move the booked visit: a new booking replaces it, and the old one stays as history."""
    why = require_text(reason, "reason")
    now = store.now()
    _check_future(start, now)
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        old = _booked(session, ticket)
        who = queries.find_agent(session, engineer) if engineer else None
        save_changes(session, old, {"status": AppointmentStatus.RESCHEDULED}, actor, now)
        window_start, window_end = arrival_window(start)
        new = Appointment(
            ticket_id=ticket.id, engineer_id=who.id if who else old.engineer_id,
            window_start=window_start, window_end=window_end, address=old.address,
            bring=old.bring, replaces_id=old.id, reason=why, author=actor.name, created_at=now,
        )  # fmt: skip
        add_row(session, new, actor, now)
        _event(session, ticket, actor, now, appointment=new, text=why, old=old)
        touch_ticket(store, session, ticket, actor, now)
        return _view(session, new, ticket)


def confirm(store: Store, actor: Actor, number: str, via: ConfirmedVia) -> AppointmentView:
    """The customer confirmed the booked visit."""
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        booked = _booked(session, ticket)
        save_changes(session, booked, {"confirmed_via": via, "confirmed_at": now}, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.APPOINTMENT, field="confirmed",
            new_value=via.value,
        )  # fmt: skip
        touch_ticket(store, session, ticket, actor, now)
        return _view(session, booked, ticket)


def arrive(store: Store, actor: Actor, number: str) -> AppointmentView:
    """The engineer is on site: the on-site clock stops."""
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        booked = _booked(session, ticket)
        changes = {"status": AppointmentStatus.ARRIVED, "arrived_at": now}
        save_changes(session, booked, changes, actor, now)
        append_event(session, ticket, actor, now, EventKind.ARRIVED, text=booked.address)
        touch_ticket(store, session, ticket, actor, now)
        return _view(session, booked, ticket)


def _event(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    now: datetime,
    *,
    appointment: Appointment,
    text: str,
    old: Appointment | None = None,
) -> None:
    append_event(
        session, ticket, actor, now, EventKind.APPOINTMENT, field="appointment",
        old_value=wire_value(old.window_start.astimezone(UTC)) if old else None,
        new_value=wire_value(appointment.window_start.astimezone(UTC)), text=text,
    )  # fmt: skip


def of_ticket(session: Session, ticket: Ticket) -> list[AppointmentView]:
    """Every booking of the ticket, oldest first: the rescheduling history."""
    rows = session.exec(
        select(Appointment)
        .where(Appointment.ticket_id == ticket.id)
        .order_by(Appointment.created_at, Appointment.id)
    ).all()
    return [_view(session, row, ticket) for row in rows]


def day(session: Session, engineer: str, on: date) -> list[AppointmentView]:
    """An engineer's visits on a local calendar day, in order of arrival window."""
    who = queries.find_agent(session, engineer)
    start = datetime.combine(on, time(0)).astimezone()
    rows = session.exec(
        select(Appointment, Ticket)
        .join(Ticket, Ticket.id == Appointment.ticket_id)
        .where(
            Appointment.engineer_id == who.id,
            Appointment.status != AppointmentStatus.RESCHEDULED,
            Appointment.window_start >= start,
            Appointment.window_start < start + timedelta(days=1),
        )
        .order_by(Appointment.window_start)
    ).all()
    return [_view(session, appointment, ticket) for appointment, ticket in rows]


@dataclass(frozen=True)
class RemoteSessionView:
    tool: str
    minutes: int
    outcome: str
    author: str
    at: datetime


def log_remote_session(
    store: Store, actor: Actor, number: str, *, tool: str, minutes: int, outcome: str
) -> RemoteSessionView:
    """A remote-assistance session: the tool, how long it took and what came of it."""
    name, result = require_text(tool, "tool"), require_text(outcome, "outcome")
    check_session_minutes(minutes)
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        row = RemoteSession(ticket_id=ticket.id, tool=name, minutes=minutes, outcome=result,
                            author=actor.name, at=now)  # fmt: skip
        add_row(session, row, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.REMOTE_SESSION, field="remote_session",
            old_value=name, new_value=str(minutes), text=result,
        )  # fmt: skip
        changes = {"first_response_at": now} if ticket.first_response_at is None else {}
        touch_ticket(store, session, ticket, actor, now, **changes)
        return RemoteSessionView(name, minutes, result, actor.name, now)


def remote_sessions(session: Session, ticket: Ticket) -> list[RemoteSessionView]:
    rows = session.exec(
        select(RemoteSession).where(RemoteSession.ticket_id == ticket.id).order_by(RemoteSession.at)
    ).all()
    return [RemoteSessionView(r.tool, r.minutes, r.outcome, r.author, r.at) for r in rows]
