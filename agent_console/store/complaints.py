"""The complaints view: every open complaint with its accept, proposal and close clocks."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from agent_console.commitments import ClockState, Commitments
from agent_console.store import queries
from agent_console.store.schema import Ticket
from agent_console.vocab import OPEN_STATUSES, Category, Status

COMPLAINT_CLOCKS = ("accept", "proposal", "close")


@dataclass(frozen=True)
class ComplaintClock:
    kind: str
    state: ClockState
    due: datetime
    left_minutes: float  # business minutes; negative once breached


@dataclass(frozen=True)
class ComplaintRow:
    number: str
    subject: str
    customer: str
    status: Status
    assignee: str | None
    created_at: datetime
    clocks: list[ComplaintClock]  # in COMPLAINT_CLOCKS order

    @property
    def next_due(self) -> datetime | None:
        ticking = [c.due for c in self.clocks if c.state in {ClockState.RUNNING,
                                                              ClockState.BREACHED}]  # fmt: skip
        return min(ticking, default=None)


def complaint_board(
    session: Session, commitments: Commitments, now: datetime, *, include_closed: bool = False
) -> list[ComplaintRow]:
    """Complaints, the one whose next clock runs out soonest first (those with none last)."""
    query = select(Ticket.number).where(Ticket.category == Category.COMPLAINT)
    if not include_closed:
        query = query.where(Ticket.status.in_(sorted(OPEN_STATUSES)))  # type: ignore[attr-defined]
    rows = []
    for number in session.exec(query).all():
        detail = queries.ticket_detail(session, number, now.astimezone().date())
        clocks = {
            clock.rule.kind: clock
            for clock in commitments.clocks(queries.sla_facts(detail), now)
            if clock.rule.kind in COMPLAINT_CLOCKS
        }
        rows.append(
            ComplaintRow(
                number, detail.row.subject, detail.row.customer, detail.row.status,
                detail.row.assignee, detail.row.created_at,
                [
                    ComplaintClock(kind, clock.state, clock.due, clock.left_minutes)
                    for kind in COMPLAINT_CLOCKS
                    if (clock := clocks.get(kind)) is not None
                ],
            )
        )  # fmt: skip
    return sorted(rows, key=lambda row: (row.next_due is None, row.next_due or now, row.number))
