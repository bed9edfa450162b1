"""Closing a ticket: the resolution record, the customer's sign-off or dispute with its
secondary evaluation, and the satisfaction survey."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from agent_console import survey
from agent_console.contacts import require_text
from agent_console.errors import NoDisputePending, SurveyOnOpenTicket, TicketNotResolved
from agent_console.store import followups
from agent_console.store.actions import TicketChanges, apply_changes
from agent_console.store.changes import add_row, append_event, ticket_by_number, touch_ticket
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import Acceptance, Resolution, Survey, Ticket, TicketEvent
from agent_console.vocab import OPEN_STATUSES, ConfirmedVia, EventKind, Status


def _optional(text: str | None) -> str:
    return text.strip() if text else ""


def resolve(
    store: Store,
    actor: Actor,
    number: str,
    *,
    cause: str,
    solution: str,
    tools: str | None = None,
    prevention: str | None = None,
    reason: str | None = None,
) -> Resolution:
    """Record how the fault was fixed and resolve the ticket (a resolved one keeps its status
    and gets the corrected record). `reason` explains resolving with checklist steps open."""
    record_cause, record_solution = require_text(cause, "cause"), require_text(solution, "solution")
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        record = Resolution(
            ticket_id=ticket.id, cause=record_cause, solution=record_solution,
            tools=_optional(tools), prevention=_optional(prevention), author=actor.name, at=now,
        )  # fmt: skip
        add_row(session, record, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.RESOLUTION, field="resolution",
            old_value=record_cause, text=record_solution,
        )  # fmt: skip
        if ticket.status is Status.RESOLVED:
            touch_ticket(store, session, ticket, actor, now)
        else:
            why = reason.strip() if reason and reason.strip() else None
            apply_changes(store, session, actor, ticket, TicketChanges(status=Status.RESOLVED),
                          why=why, now=now)  # fmt: skip
        return record


def _require_resolved(ticket: Ticket) -> None:
    if ticket.status is not Status.RESOLVED:
        raise TicketNotResolved(number=ticket.number, status=ticket.status.value)


def accept(store: Store, actor: Actor, number: str, *, by: str, via: ConfirmedVia) -> Acceptance:
    """The customer confirms the fix (who, how, when): the ticket closes and its follow-up
    calls are scheduled."""
    person = require_text(by, "by")
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        _require_resolved(ticket)
        row = Acceptance(ticket_id=ticket.id, accepted=True, confirmed_by=person, via=via,
                         author=actor.name, at=now)  # fmt: skip
        add_row(session, row, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.ACCEPTANCE, field="acceptance",
            old_value=person, new_value=via.value,
        )  # fmt: skip
        apply_changes(store, session, actor, ticket, TicketChanges(status=Status.CLOSED),
                      why=None, now=now)  # fmt: skip
        return row


def dispute(
    store: Store,
    actor: Actor,
    number: str,
    *,
    reason: str,
    by: str | None = None,
    via: ConfirmedVia | None = None,
) -> Acceptance:
    """The customer does not accept the fix: a secondary evaluation is due (policy: 1 business
    day); the ticket stays resolved until the evaluation's finding."""
    why = require_text(reason, "reason")
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        _require_resolved(ticket)
        row = Acceptance(ticket_id=ticket.id, accepted=False, confirmed_by=_optional(by) or None,
                         via=via, reason=why, author=actor.name, at=now)  # fmt: skip
        add_row(session, row, actor, now)
        append_event(session, ticket, actor, now, EventKind.DISPUTE, field="dispute", text=why)
        touch_ticket(store, session, ticket, actor, now)
        return row


def _dispute_pending(session: Session, ticket: Ticket) -> bool:
    kinds = session.exec(
        select(TicketEvent.kind)
        .where(
            TicketEvent.ticket_id == ticket.id,
            TicketEvent.kind.in_([EventKind.DISPUTE, EventKind.EVALUATION]),  # type: ignore[attr-defined]
        )
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())  # type: ignore[attr-defined]
    ).first()
    return kinds is EventKind.DISPUTE


def evaluate(
    store: Store, actor: Actor, number: str, *, finding: str, reopen: bool = False
) -> None:
    """The secondary evaluation's finding on a dispute; `reopen` sends the ticket back to work
    (which makes it a second fault, free of charge)."""
    text = require_text(finding, "finding")
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        if not _dispute_pending(session, ticket):
            raise NoDisputePending(number=number)
        append_event(
            session, ticket, actor, now, EventKind.EVALUATION, field="evaluation",
            new_value="reopen" if reopen else "upheld", text=text,
        )  # fmt: skip
        if reopen:
            apply_changes(store, session, actor, ticket, TicketChanges(status=Status.REOPENED),
                          why=text, now=now)  # fmt: skip
        else:
            touch_ticket(store, session, ticket, actor, now)


def record_survey(
    store: Store, actor: Actor, number: str, scores: survey.Scores, comment: str | None = None
) -> Survey:
    """The customer's scores on a resolved or closed ticket; an unsatisfied answer brings the
    follow-up call forward to within 24 h."""
    scores.check()
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        if ticket.status in OPEN_STATUSES:
            raise SurveyOnOpenTicket(number=number, status=ticket.status.value)
        row = Survey(
            ticket_id=ticket.id, speed=scores.speed, resolution=scores.resolution,
            attitude=scores.attitude, recommend=scores.recommend,
            comment=_optional(comment) or None, author=actor.name, at=now,
        )  # fmt: skip
        add_row(session, row, actor, now)
        verdict = "unsatisfied" if scores.unsatisfied else "satisfied"
        append_event(
            session, ticket, actor, now, EventKind.SURVEY, field="survey",
            old_value=f"{scores.speed}/{scores.resolution}/{scores.attitude}/{scores.recommend}",
            new_value=verdict, text=row.comment,
        )  # fmt: skip
        touch_ticket(store, session, ticket, actor, now)
        followups.reschedule(store, session, ticket, actor, now)
        return row


@dataclass(frozen=True)
class SurveyPeriod:
    since: datetime | None
    until: datetime | None
    summary: survey.Summary


def survey_summary(
    session: Session, since: datetime | None = None, until: datetime | None = None
) -> SurveyPeriod:
    """CSAT and NPS over the surveys answered in [since, until)."""
    query = select(Survey.speed, Survey.resolution, Survey.attitude, Survey.recommend)
    if since is not None:
        query = query.where(Survey.at >= since)
    if until is not None:
        query = query.where(Survey.at < until)
    answers = [survey.Scores(*row) for row in session.exec(query).all()]
    return SurveyPeriod(since, until, survey.summarize(answers))
