"""Everything done on a ticket after intake, in one read: parts, visits, remote sessions,
the estimate and bill, the resolution, the customer's sign-off, surveys and follow-ups."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from agent_console import costs
from agent_console.store import estimates, followups, parts, visits
from agent_console.store.changes import ticket_by_number
from agent_console.store.schema import Acceptance, Resolution, Survey, Ticket
from agent_console.vocab import ConfirmedVia


@dataclass(frozen=True)
class ResolutionView:
    cause: str
    solution: str
    tools: str
    prevention: str
    author: str
    at: datetime


@dataclass(frozen=True)
class AcceptanceView:
    accepted: bool
    confirmed_by: str | None
    via: ConfirmedVia | None
    reason: str | None
    author: str
    at: datetime


@dataclass(frozen=True)
class SurveyView:
    speed: int
    resolution: int
    attitude: int
    recommend: int
    comment: str | None
    at: datetime


@dataclass(frozen=True)
class ServiceRecord:
    number: str
    second_fault_of: str | None
    parts: list[parts.TicketPartView]
    fee_reduced: bool  # a part came late: the service fee is cut
    appointments: list[visits.AppointmentView]  # oldest first: the rescheduling history
    remote_sessions: list[visits.RemoteSessionView]
    estimate: estimates.EstimateView | None  # the latest
    bill: costs.Bill
    resolution: ResolutionView | None  # the latest
    acceptance: AcceptanceView | None  # the latest sign-off or dispute
    surveys: list[SurveyView]
    follow_ups: list[followups.FollowUpRow]


def _latest(session: Session, model: type, ticket_id: uuid.UUID):
    return session.exec(
        select(model).where(model.ticket_id == ticket_id).order_by(model.at.desc(), model.id.desc())
    ).first()


def service_record(session: Session, number: str, now: datetime) -> ServiceRecord:
    ticket = ticket_by_number(session, number)
    resolution = _latest(session, Resolution, ticket.id)
    acceptance = _latest(session, Acceptance, ticket.id)
    estimate = estimates.latest(session, ticket.id)
    ticket_parts = parts.of_ticket(session, ticket, now)
    surveys = session.exec(
        select(Survey).where(Survey.ticket_id == ticket.id).order_by(Survey.at)
    ).all()
    return ServiceRecord(
        number=ticket.number,
        second_fault_of=_number_of(session, ticket.second_fault_of),
        parts=ticket_parts,
        fee_reduced=any(part.late for part in ticket_parts),
        appointments=visits.of_ticket(session, ticket),
        remote_sessions=visits.remote_sessions(session, ticket),
        estimate=estimates.view(ticket.number, estimate) if estimate else None,
        bill=estimates.final_bill(session, ticket, now),
        resolution=ResolutionView(
            resolution.cause, resolution.solution, resolution.tools, resolution.prevention,
            resolution.author, resolution.at,
        ) if resolution else None,
        acceptance=AcceptanceView(
            acceptance.accepted, acceptance.confirmed_by, acceptance.via, acceptance.reason,
            acceptance.author, acceptance.at,
        ) if acceptance else None,
        surveys=[
            SurveyView(s.speed, s.resolution, s.attitude, s.recommend, s.comment, s.at)
            for s in surveys
        ],
        follow_ups=followups.of_ticket(session, ticket),
    )  # fmt: skip


def _number_of(session: Session, ticket_id: uuid.UUID | None) -> str | None:
    return session.get_one(Ticket, ticket_id).number if ticket_id else None
