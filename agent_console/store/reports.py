"""The cases behind the supervisor's numbers (agent_console.kpis), read in bulk: one query per
kind of record for a batch of tickets, never one per ticket."""

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from agent_console import kpis
from agent_console.commitments import Commitments
from agent_console.store.queries import EventView, facts_of, ticket_rows_select
from agent_console.store.schema import (
    Agent,
    ArticleDraft,
    ChecklistEntry,
    Part,
    Survey,
    Team,
    Ticket,
    TicketEvent,
    TicketPart,
)
from agent_console.store.ticket_sql import TICKET_ROW_WIDTH, TicketRow, ticket_row
from agent_console.survey import Scores
from agent_console.vocab import (
    OPEN_STATUSES,
    ChecklistAction,
    DraftStatus,
    EventKind,
    PartKind,
    Status,
)

_BATCH = 500  # tickets per IN (...) list
_DONE = frozenset({Status.RESOLVED.value, Status.CLOSED.value})


@dataclass(frozen=True)
class _Extra:
    team_id: uuid.UUID | None
    impact: str
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    second_fault_of: uuid.UUID | None


def cases(
    session: Session, commitments: Commitments, now: datetime, *, since: datetime,
    team: str | None = None,
) -> list[kpis.Case]:  # fmt: skip
    """Every ticket open now or changed since `since` (one team's, given its code), with its
    clocks as they stand at `now`."""
    query = ticket_rows_select().add_columns(
        Ticket.team_id, Ticket.impact, Ticket.first_response_at, Ticket.resolved_at,
        Ticket.closed_at, Ticket.second_fault_of,
    )  # fmt: skip
    query = query.where(
        or_(col(Ticket.status).in_(sorted(OPEN_STATUSES)), col(Ticket.updated_at) >= since)
    )
    if team is not None:
        query = query.where(Team.code == team)
    rows = [
        (ticket_row(got[:TICKET_ROW_WIDTH]), _Extra(*got[TICKET_ROW_WIDTH:]))
        for got in session.execute(query)
    ]
    codes = dict(session.exec(select(Team.id, Team.code)).all())
    found: list[kpis.Case] = []
    for batch in _batches(rows):
        found += _cases(session, commitments, now, batch, codes)
    return found


def _batches(rows: list[tuple[TicketRow, _Extra]]) -> Iterator[list[tuple[TicketRow, _Extra]]]:
    for start in range(0, len(rows), _BATCH):
        yield rows[start : start + _BATCH]


def _cases(
    session: Session,
    commitments: Commitments,
    now: datetime,
    batch: Sequence[tuple[TicketRow, _Extra]],
    codes: dict[uuid.UUID, str],
) -> list[kpis.Case]:
    ids = [row.id for row, _ in batch]
    events = _events(session, ids)
    kinds = _part_kinds(session, ids)
    surveys = _surveys(session, ids)
    faults = _procedures(session, ids)
    found = []
    for row, extra in batch:
        timeline = events.get(row.id, [])
        team = codes.get(extra.team_id) if extra.team_id else None
        facts = facts_of(
            row, timeline, kinds.get(row.id, ()), impact=extra.impact, team_code=team,
            first_response_at=extra.first_response_at, resolved_at=extra.resolved_at,
            closed_at=extra.closed_at,
        )  # fmt: skip
        found.append(kpis.Case(
            number=row.number, subject=row.subject, team=team or "", assignee=row.assignee,
            priority=row.priority, status=row.status, category=row.category,
            service_mode=row.service_mode, model=row.device_model, fault=faults.get(row.id),
            created_at=row.created_at, resolved_at=_first_resolved(timeline, extra.resolved_at),
            clocks=tuple(commitments.clocks(facts, now)),
            reopened=any(_reopens(event) for event in timeline),
            second_fault=extra.second_fault_of is not None,
            escalated=any(_moves_team(event) for event in timeline),
            visited=any(event.kind is EventKind.ARRIVED for event in timeline),
            contacts=_calls_before(timeline, extra.resolved_at),
            surveys=surveys.get(row.id, ()),
        ))  # fmt: skip
    return found


def _first_resolved(events: list[EventView], resolved_at: datetime | None) -> datetime | None:
    """When the ticket was first resolved: reopening clears the ticket's own resolved_at, and
    the reopen rate counts the tickets resolved in a period that came back."""
    resolved = Status.RESOLVED.value
    first = next((e.at for e in events if e.kind is EventKind.STATUS and e.new_value == resolved),
                 None)  # fmt: skip
    return first or resolved_at


def _reopens(event: EventView) -> bool:
    """Back to work after it was resolved or closed (closing a resolved ticket is not)."""
    return (
        event.kind is EventKind.STATUS and event.old_value in _DONE and event.new_value not in _DONE
    )


def _moves_team(event: EventView) -> bool:
    """A move from one team to another; routing an unrouted ticket is not an escalation."""
    return event.kind is EventKind.FIELD and event.field == "team" and event.old_value is not None


def _calls_before(events: list[EventView], resolved_at: datetime | None) -> int:
    return sum(
        1
        for event in events
        if event.kind is EventKind.CALL and (resolved_at is None or event.at <= resolved_at)
    )


def _events(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[EventView]]:
    found: dict[uuid.UUID, list[EventView]] = defaultdict(list)
    query = (
        select(TicketEvent)
        .where(col(TicketEvent.ticket_id).in_(ids))
        .order_by(TicketEvent.ticket_id, TicketEvent.at, TicketEvent.id)
    )
    for e in session.exec(query):
        found[e.ticket_id].append(
            EventView(e.kind, e.field, e.old_value, e.new_value, e.text, e.author, e.at)
        )
    return found


def _part_kinds(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[PartKind]]:
    found: dict[uuid.UUID, list[PartKind]] = defaultdict(list)
    query = (
        select(TicketPart.ticket_id, Part.kind)
        .join(Part, Part.id == TicketPart.part_id)
        .where(col(TicketPart.ticket_id).in_(ids))
    )
    for ticket_id, kind in session.exec(query):
        found[ticket_id].append(kind)
    return found


def _surveys(
    session: Session, ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[tuple[datetime, Scores], ...]]:
    found: dict[uuid.UUID, list[tuple[datetime, Scores]]] = defaultdict(list)
    query = select(Survey).where(col(Survey.ticket_id).in_(ids)).order_by(Survey.at)
    for answer in session.exec(query):
        scores = Scores(answer.speed, answer.resolution, answer.attitude, answer.recommend)
        found[answer.ticket_id].append((answer.at, scores))
    return {ticket_id: tuple(answers) for ticket_id, answers in found.items()}


def _procedures(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The procedure each ticket chose last."""
    query = (
        select(ChecklistEntry.ticket_id, ChecklistEntry.procedure)
        .where(
            col(ChecklistEntry.ticket_id).in_(ids),
            ChecklistEntry.action == ChecklistAction.CHOSEN,
        )
        .order_by(ChecklistEntry.at)
    )
    return dict(session.exec(query).all())


def approved_articles(
    session: Session, period: kpis.Period, team: str | None = None
) -> dict[str, int]:
    """How many knowledge-base articles of each author (of the team, given its code) were
    approved in the period."""
    query = select(ArticleDraft.author, func.count()).where(
        ArticleDraft.status == DraftStatus.APPROVED,
        col(ArticleDraft.reviewed_at) >= period.start,
        col(ArticleDraft.reviewed_at) < period.end,
    )
    if team is not None:
        query = (
            query.join(Agent, Agent.name == ArticleDraft.author)
            .join(Team, Team.id == Agent.team_id)
            .where(Team.code == team)
        )
    return dict(session.exec(query.group_by(ArticleDraft.author)).all())


def report(
    session: Session, commitments: Commitments, period: kpis.Period, now: datetime,
    team: str | None = None,
) -> kpis.Report:  # fmt: skip
    """The numbers for the period, and the trends of the weeks before its end."""
    since = min(period.start, period.end - kpis.TREND_WEEKS * kpis.WEEK)
    found = cases(session, commitments, now, since=since, team=team)
    return kpis.report(found, period, now, approved_articles(session, period, team))


def data_stamp(session: Session) -> tuple[object, ...]:
    """Changes whenever anything the numbers read changes: every change on or beside a ticket
    touches its update time, and approvals touch the draft's."""
    tickets = session.exec(select(func.count(), func.max(Ticket.updated_at))).one()
    drafts = session.exec(select(func.max(ArticleDraft.updated_at))).one()
    return (*tickets, drafts)
