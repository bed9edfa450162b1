"""One function per user action. Each is one transaction that changes the row, appends the
timeline event and records the change in the sync outbox; nothing else writes these tables.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from agent_console import checklist, workflow
from agent_console.commitments import ClockState, deadlines_of
from agent_console.contacts import check_email, normalize_phone, require_text
from agent_console.errors import (
    DeviceNotOwned,
    DuplicateSerial,
    NoProcedureChosen,
    NothingToChange,
    ProcedureEnded,
    ProcedureNotFound,
    RequiredStepsOpen,
    SkipNeedsReason,
    StepNotFound,
    TransitionNotAllowed,
)
from agent_console.ids import breach_event_id
from agent_console.store import estimates, followups, meta, queries, second_faults
from agent_console.store.changes import (
    add_row,
    append_event,
    deadlines_now,
    save_changes,
    set_deadlines,
    ticket_by_number,
    touch_ticket,
)
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import (
    Agent,
    ChecklistEntry,
    Customer,
    Device,
    Team,
    Ticket,
    TicketEvent,
)
from agent_console.vocab import (
    Category,
    Channel,
    ChecklistAction,
    EventKind,
    Impact,
    Priority,
    ProductLine,
    ServiceMode,
    Status,
    Tier,
)


@dataclass(frozen=True)
class TicketChanges:
    """The fields an update may set; None leaves a field as it is."""

    status: Status | None = None
    priority: Priority | None = None
    category: Category | None = None
    service_mode: ServiceMode | None = None
    team: Team | None = None
    assignee: Agent | None = None


def create_customer(
    store: Store,
    actor: Actor,
    *,
    name: str,
    phone: str,
    tier: Tier = Tier.STANDARD,
    email: str | None = None,
    organization: str | None = None,
    region: str | None = None,
) -> Customer:
    customer_name = require_text(name, "name")
    customer_phone = normalize_phone(phone)
    customer_email = check_email(email) if email else None
    now = store.now()
    with store.write() as session:
        customer = Customer(
            name=customer_name,
            phone=customer_phone,
            email=customer_email,
            tier=tier,
            organization=organization,
            region=region,
            created_at=now,
            updated_at=now,
        )
        add_row(session, customer, actor, now)
    return customer


def register_device(
    store: Store,
    actor: Actor,
    *,
    customer_id: uuid.UUID,
    serial: str,
    model: str,
    product_line: ProductLine,
    purchase_date: date | None = None,
    warranty_end: date | None = None,
    core_warranty_end: date | None = None,
) -> Device:
    device_serial = require_text(serial, "serial").upper()
    now = store.now()
    with store.write() as session:
        if session.exec(select(Device.id).where(Device.serial == device_serial)).first():
            raise DuplicateSerial(serial=device_serial)
        device = Device(
            serial=device_serial,
            model=require_text(model, "model"),
            product_line=product_line,
            purchase_date=purchase_date,
            warranty_end=warranty_end,
            core_warranty_end=core_warranty_end,
            customer_id=customer_id,
            created_at=now,
        )
        add_row(session, device, actor, now)
    return device


def create_ticket(
    store: Store,
    actor: Actor,
    *,
    subject: str,
    customer: Customer,
    channel: Channel,
    category: Category,
    description: str = "",
    device: Device | None = None,
    priority: Priority = Priority.P3,
    impact: Impact = Impact.INDIVIDUAL,
    service_mode: ServiceMode = ServiceMode.REMOTE,
    team: Team | None = None,
    assignee: Agent | None = None,
    note: str | None = None,
) -> Ticket:
    """Open a ticket; `note` (e.g. why the agent overrode the triage) goes on its first event."""
    ticket_subject = require_text(subject, "subject")
    if device is not None and device.customer_id != customer.id:
        raise DeviceNotOwned(serial=device.serial, customer=customer.name)
    now = store.now()
    with store.write() as session:
        ticket = Ticket(
            number=meta.take_ticket_number(session),
            subject=ticket_subject,
            description=description.strip(),
            channel=channel,
            category=category,
            priority=priority,
            impact=impact,
            service_mode=service_mode,
            customer_id=customer.id,
            device_id=device.id if device else None,
            team_id=team.id if team else None,
            assignee_id=assignee.id if assignee else None,
            status=Status.TRIAGED if assignee else Status.NEW,
            created_at=now,
            updated_at=now,
        )
        session.add(ticket)
        deadlines = deadlines_now(store, session, ticket, now)
        ticket.due_at, ticket.next_breach_at = deadlines.due, deadlines.next_breach
        add_row(session, ticket, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.CREATED, new_value=ticket.number, text=note
        )
        if assignee is not None:
            append_event(
                session, ticket, actor, now, EventKind.FIELD, field="assignee",
                new_value=assignee.name,
            )  # fmt: skip
            append_event(
                session, ticket, actor, now, EventKind.STATUS, field="status",
                old_value=Status.NEW.value, new_value=Status.TRIAGED.value,
            )  # fmt: skip
    return ticket


@dataclass(frozen=True)
class _Change:
    field: str  # as the timeline names it
    column: str
    old: str | None  # as shown to people
    new: str | None
    value: Any  # as stored


def _changes(session: Session, ticket: Ticket, changes: TicketChanges) -> list[_Change]:
    """Every requested change that really changes something."""
    found: list[_Change] = []
    for column in ("status", "priority", "category", "service_mode"):
        old, new = getattr(ticket, column), getattr(changes, column)
        if new is not None and new != old:
            found.append(_Change(column, column, old.value, new.value, new))
    references = (("team", Team, changes.team), ("assignee", Agent, changes.assignee))
    for field, model, new_row in references:
        column = f"{field}_id"
        old_id = getattr(ticket, column)
        if new_row is not None and new_row.id != old_id:
            old_row = session.get(model, old_id) if old_id else None
            old_name = old_row.name if old_row else None
            found.append(_Change(field, column, old_name, new_row.name, new_row.id))
    return found


def _check_transition(ticket: Ticket, new_status: Status) -> None:
    if not workflow.can_move(ticket.status, new_status):
        raise TransitionNotAllowed(
            number=ticket.number,
            old=ticket.status.value,
            new=new_status.value,
            allowed=[status.value for status in workflow.allowed_next(ticket.status)],
        )


def _status_timestamps(ticket: Ticket, new_status: Status, now: datetime) -> dict[str, Any]:
    stamps: dict[str, Any] = {}
    if new_status is Status.RESOLVED:
        stamps["resolved_at"] = now
    elif new_status is Status.CLOSED:
        stamps["closed_at"] = now
    elif new_status is Status.REOPENED:
        stamps.update(resolved_at=None, closed_at=None)
    if ticket.first_response_at is None and workflow.status_is_response(new_status):
        stamps["first_response_at"] = now
    return stamps


def update_ticket(
    store: Store, actor: Actor, number: str, changes: TicketChanges, reason: str | None = None
) -> Ticket:
    """Apply the changes; `reason` (why, e.g. of an escalation) is kept on each change event."""
    why = reason.strip() if reason and reason.strip() else None
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        apply_changes(store, session, actor, ticket, changes, why=why, now=now)
    return ticket


def supervise_ticket(store: Store, actor: Actor, number: str, changes: TicketChanges) -> Ticket:
    """A supervisor's reassignment or re-prioritization (from the dashboard): refused, changing
    nothing, unless the actor is a supervisor or an admin."""
    now = store.now()
    with store.write() as session:
        queries.require_supervisor(session, actor, number)
        ticket = ticket_by_number(session, number)
        apply_changes(store, session, actor, ticket, changes, why=None, now=now)
    return ticket


def apply_changes(
    store: Store,
    session: Session,
    actor: Actor,
    ticket: Ticket,
    changes: TicketChanges,
    *,
    why: str | None,
    now: datetime,
) -> None:
    """The changes as part of the caller's transaction, with what each status brings along:
    closure schedules the follow-up calls, reopening makes the ticket a second fault."""
    found = _changes(session, ticket, changes)
    if not found:
        raise NothingToChange(number=ticket.number)
    changed: dict[str, Any] = {}
    new_status: Status | None = None
    for change in found:
        if change.column == "status":
            new_status = change.value
            _check_transition(ticket, new_status)
            _check_status_prerequisites(
                store, session, ticket, actor, now, new_status=new_status, why=why
            )
            changed.update(_status_timestamps(ticket, new_status, now))
        kind = EventKind.STATUS if change.column == "status" else EventKind.FIELD
        append_event(
            session, ticket, actor, now, kind,
            field=change.field, old_value=change.old, new_value=change.new, text=why,
        )  # fmt: skip
        changed[change.column] = change.value
    if new_status is Status.REOPENED:
        changed.update(second_faults.reopened(session, ticket, actor, now))
    touch_ticket(store, session, ticket, actor, now, **changed)
    if new_status is Status.CLOSED:
        followups.schedule(store, session, ticket, actor, now)


def _check_status_prerequisites(
    store: Store,
    session: Session,
    ticket: Ticket,
    actor: Actor,
    now: datetime,
    *,
    new_status: Status,
    why: str | None,
) -> None:
    if new_status is Status.IN_PROGRESS:
        estimates.require_accepted(session, ticket)
    elif new_status is Status.RESOLVED:
        _check_procedure_before_resolving(store, session, ticket, actor, now, why=why)


_CONTACTS = frozenset({EventKind.NOTE, EventKind.CALL})


def _append_to_timeline(
    store: Store, actor: Actor, number: str, kind: EventKind, **fields: Any
) -> TicketEvent:
    """One event on a ticket's timeline; an agent's first note or call is the first response."""
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        event = append_event(session, ticket, actor, now, kind, **fields)
        changed: dict[str, Any] = {}
        responds = kind in _CONTACTS and actor.agent_id is not None
        if responds and ticket.first_response_at is None:
            changed["first_response_at"] = now
        touch_ticket(store, session, ticket, actor, now, **changed)
    return event


def add_note(store: Store, actor: Actor, number: str, text: str) -> TicketEvent:
    body = require_text(text, "text")
    return _append_to_timeline(store, actor, number, EventKind.NOTE, text=body)


def log_call(store: Store, actor: Actor, number: str, summary: str) -> TicketEvent:
    body = require_text(summary, "text")
    return _append_to_timeline(store, actor, number, EventKind.CALL, text=body)


def link_article(
    store: Store, actor: Actor, number: str, article_id: str, title: str
) -> TicketEvent:
    """Record on the ticket's timeline that a knowledge-base article applies to it."""
    article = require_text(article_id, "article")
    return _append_to_timeline(
        store, actor, number, EventKind.KB_LINK, new_value=article, text=title
    )


SWEEP_ACTOR = Actor(name="sla")


def record_breaches(store: Store, limit: int = 500) -> list[str]:
    """Put every newly breached service clock on its ticket's timeline, once per clock.

    Reads only tickets whose next clock has run out (an index range on next_breach_at), and
    moves each one's next_breach_at on to its next clock; returns the numbers of the tickets
    with a new breach.
    """
    now = store.now()
    with store.read() as session:
        numbers = list(
            session.exec(
                select(Ticket.number)
                .where(Ticket.next_breach_at <= now)
                .order_by(Ticket.next_breach_at)
                .limit(limit)
            )
        )
    return [number for number in numbers if _record_ticket_breaches(store, number, now)]


def _record_ticket_breaches(store: Store, number: str, now: datetime) -> bool:
    with store.write() as session:
        detail = queries.ticket_detail(session, number, now.astimezone().date())
        recorded = {event.text for event in detail.events if event.kind is EventKind.BREACH}
        clocks = store.commitments.clocks(queries.sla_facts(detail), now)
        breached = [
            clock for clock in clocks
            if clock.state is ClockState.BREACHED and clock.rule.id not in recorded
        ]  # fmt: skip
        ticket = ticket_by_number(session, number)
        for clock in breached:
            append_event(
                session, ticket, SWEEP_ACTOR, now, EventKind.BREACH, text=clock.rule.id,
                new_value=clock.due.isoformat(), id=breach_event_id(ticket.id, clock.rule.id),
            )  # fmt: skip
        changed: dict[str, Any] = {}
        set_deadlines(ticket, deadlines_of(clocks), changed)  # breach events change no clock
        if changed:
            save_changes(session, ticket, changed, SWEEP_ACTOR, now)
    return bool(breached)


# --- checklists ------------------------------------------------------------------------------


def choose_procedure(store: Store, actor: Actor, number: str, procedure_id: str) -> None:
    """The ticket follows this procedure from now on, from its first step."""
    procedure = store.procedures.get(procedure_id.strip())
    if procedure is None:
        raise ProcedureNotFound(procedure=procedure_id)
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        _append_checklist(
            session, ticket, actor, now, procedure=procedure.id, action=ChecklistAction.CHOSEN
        )
        if not second_faults.link_same_procedure(
            store, session, ticket, actor, now, procedure=procedure.id
        ):
            _touch(session, ticket, actor, now)


_STEP_ACTIONS = (
    ChecklistAction.DONE,
    ChecklistAction.FAILED,
    ChecklistAction.SKIPPED,
    ChecklistAction.NOTE,
)


def record_step(
    store: Store,
    actor: Actor,
    number: str,
    step_id: str,
    action: ChecklistAction,
    *,
    note: str | None = None,
) -> checklist.Progress:
    """A step's outcome (done, failed, skipped with a reason) or a note on it."""
    if action not in _STEP_ACTIONS:
        raise ValueError(f"not a step outcome: {action}")
    text = note.strip() if note and note.strip() else None
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        progress = _progress(store, session, ticket)
        step = progress.step(step_id.strip())
        if step is None:
            raise StepNotFound(number=number, procedure=progress.procedure.id, step=step_id)
        if action is ChecklistAction.SKIPPED and text is None:
            raise SkipNeedsReason(number=number, step=step.id)
        if action is ChecklistAction.NOTE:
            require_text(note or "", "text")
        _append_checklist(
            session, ticket, actor, now, procedure=progress.procedure.id, action=action,
            step=step.id, note=text, required=step.required,
        )  # fmt: skip
        _touch(session, ticket, actor, now)
        return _progress(store, session, ticket)


def insert_step(store: Store, actor: Actor, number: str, title: str) -> checklist.Progress:
    """An extra step of the engineer's own, done next (before the current step)."""
    text = require_text(title, "title")
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        progress = _progress(store, session, ticket)
        if progress.current is None:
            raise ProcedureEnded(number=number, procedure=progress.procedure.id)
        extras = sum(1 for step in progress.steps if step.inserted)
        _append_checklist(
            session, ticket, actor, now,
            procedure=progress.procedure.id, action=ChecklistAction.INSERTED,
            step=f"extra-{extras + 1}", note=text, before_step=_defined_step_at(progress),
        )  # fmt: skip
        _touch(session, ticket, actor, now)
        return _progress(store, session, ticket)


def _defined_step_at(progress: checklist.Progress) -> str:
    """The defined step at or after the current one (an inserted step precedes one)."""
    ids = [step.id for step in progress.steps]
    later = progress.steps[ids.index(progress.current) :]
    return next(step.id for step in later if not step.inserted)


def _progress(store: Store, session: Session, ticket: Ticket) -> checklist.Progress:
    records = queries.checklist_records(session, ticket.id)
    progress = checklist.progress_of(store.procedures, records)
    if progress is None:
        chosen = checklist.chosen_procedure(records)
        if chosen is None:
            raise NoProcedureChosen(number=ticket.number)
        raise ProcedureNotFound(procedure=chosen)
    return progress


def _check_procedure_before_resolving(
    store: Store, session: Session, ticket: Ticket, actor: Actor, now: datetime, *, why: str | None
) -> None:
    """Resolving with required steps not done needs a reason, which the checklist keeps."""
    records = queries.checklist_records(session, ticket.id)
    progress = checklist.progress_of(store.procedures, records)
    open_steps = progress.open_required() if progress is not None else []
    if progress is None or not open_steps:
        return
    if why is None:
        raise RequiredStepsOpen(number=ticket.number, steps=[step.id for step in open_steps])
    _append_checklist(
        session, ticket, actor, now, procedure=progress.procedure.id,
        action=ChecklistAction.RESOLVED_EARLY, step=progress.current, note=why,
    )  # fmt: skip


def _append_checklist(
    session: Session,
    ticket: Ticket,
    actor: Actor,
    now: datetime,
    *,
    procedure: str,
    action: ChecklistAction,
    **fields: Any,
) -> None:
    """One checklist record, with its timeline event ("checklist: blue-screen/reboot done")."""
    entry = ChecklistEntry(
        ticket_id=ticket.id, procedure=procedure, action=action,
        author=actor.name, author_id=actor.agent_id, at=now, **fields,
    )  # fmt: skip
    add_row(session, entry, actor, now)
    where = f"{procedure}/{entry.step}" if entry.step else procedure
    append_event(
        session, ticket, actor, now, EventKind.CHECKLIST,
        field="checklist", old_value=where, new_value=action.value, text=entry.note,
    )  # fmt: skip


def _touch(session: Session, ticket: Ticket, actor: Actor, now: datetime) -> None:
    """A checklist record on its own changes nothing on the ticket but its update time."""
    save_changes(session, ticket, {"updated_at": now}, actor, now)
