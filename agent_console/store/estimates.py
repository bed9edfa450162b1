"""Cost estimates before work and the itemized bill after it (rules: agent_console.costs)."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from agent_console import costs, parts
from agent_console.contacts import require_text
from agent_console.errors import (
    EstimateNotAccepted,
    NoPendingEstimate,
    PartNotEstimated,
)
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
from agent_console.store.schema import Estimate, Part, Ticket, TicketPart
from agent_console.vocab import ConfirmedVia, CostKind, EstimateStatus, EventKind, PartStatus


@dataclass(frozen=True)
class EstimateView:
    number: str
    lines: list[costs.CostLine]
    total_cents: int
    status: EstimateStatus
    decided_by: str | None
    decided_via: ConfirmedVia | None
    decided_at: datetime | None
    author: str
    created_at: datetime


def latest(session: Session, ticket_id: object) -> Estimate | None:
    return session.exec(
        select(Estimate)
        .where(Estimate.ticket_id == ticket_id)
        .order_by(Estimate.created_at.desc(), Estimate.id.desc())  # type: ignore[union-attr]
    ).first()


def view(number: str, estimate: Estimate) -> EstimateView:
    return EstimateView(
        number=number,
        lines=[costs.CostLine.from_stored(line) for line in estimate.lines],
        total_cents=estimate.total_cents,
        status=estimate.status,
        decided_by=estimate.decided_by,
        decided_via=estimate.decided_via,
        decided_at=estimate.decided_at,
        author=estimate.author,
        created_at=estimate.created_at,
    )


def require_accepted(session: Session, ticket: Ticket, *, paid_part: str | None = None) -> None:
    """Paid work waits for the customer's yes to the latest estimate; free work does not.
    Fitting a `paid_part` (its number) needs an accepted estimate that charges for it."""
    if ticket.second_fault_of is not None:
        return
    estimate = latest(session, ticket.id)
    if estimate is None:
        if paid_part is not None:
            raise NoPendingEstimate(number=ticket.number)
        return
    if estimate.total_cents and estimate.status is not EstimateStatus.ACCEPTED:
        raise EstimateNotAccepted(
            number=ticket.number,
            total=costs.money(estimate.total_cents),
            status=estimate.status.value,
        )
    lines = [costs.CostLine.from_stored(line) for line in estimate.lines]
    charged = {line.item for line in lines if line.kind is CostKind.PARTS and not line.covered}
    if paid_part is not None and paid_part not in charged:
        raise PartNotEstimated(number=ticket.number, part=paid_part)


def make_estimate(
    store: Store,
    actor: Actor,
    number: str,
    *,
    part_numbers: list[tuple[str, int]],
    labour_cents: int = 0,
    travel_cents: int = 0,
) -> EstimateView:
    """Parts, labour and travel, each line free if the warranty covers it; an estimate with
    nothing to pay needs no acceptance."""
    now = store.now()
    today = now.astimezone().date()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        lines = []
        for part_number, quantity in part_numbers:
            parts.check_quantity(quantity)
            part = queries.find_part(session, part_number)
            covered = coverage.part_covered(session, ticket, part, today)
            lines.append(costs.CostLine(CostKind.PARTS, part.number, quantity, part.price_cents,
                                        covered))  # fmt: skip
        service_free = coverage.service_covered(session, ticket, today)
        lines += costs.service_lines(labour_cents, travel_cents, covered=service_free)
        total = costs.total_cents(lines)
        estimate = Estimate(
            ticket_id=ticket.id,
            lines=[line.stored() for line in lines],
            total_cents=total,
            status=EstimateStatus.PROPOSED if total else EstimateStatus.ACCEPTED,
            author=actor.name,
            created_at=now,
        )
        add_row(session, estimate, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.ESTIMATE, field="estimate",
            new_value=estimate.status.value, text=costs.money(total),
        )  # fmt: skip
        touch_ticket(store, session, ticket, actor, now)
        return view(ticket.number, estimate)


def decide_estimate(
    store: Store, actor: Actor, number: str, *, accepted: bool, by: str, via: ConfirmedVia
) -> EstimateView:
    """The customer's answer to the latest proposed estimate: who, how and when."""
    person = require_text(by, "by")
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        estimate = latest(session, ticket.id)
        if estimate is None or estimate.status is not EstimateStatus.PROPOSED:
            raise NoPendingEstimate(number=number)
        status = EstimateStatus.ACCEPTED if accepted else EstimateStatus.DECLINED
        changes = {"status": status, "decided_by": person, "decided_via": via, "decided_at": now}
        save_changes(session, estimate, changes, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.ESTIMATE, field="estimate",
            old_value=EstimateStatus.PROPOSED.value, new_value=status.value,
            text=f"{costs.money(estimate.total_cents)} · {person} · {via.value}",
        )  # fmt: skip
        touch_ticket(store, session, ticket, actor, now)
        return view(ticket.number, estimate)


def fitted_lines(session: Session, ticket: Ticket) -> list[costs.CostLine]:
    rows = session.exec(
        select(TicketPart, Part)
        .join(Part, Part.id == TicketPart.part_id)
        .where(TicketPart.ticket_id == ticket.id, TicketPart.status == PartStatus.INSTALLED)
        .order_by(TicketPart.requested_at)
    ).all()
    return [
        costs.CostLine(CostKind.PARTS, part.number, row.quantity, part.price_cents, row.covered)
        for row, part in rows
    ]


def final_bill(session: Session, ticket: Ticket, now: datetime) -> costs.Bill:
    """What the customer pays: parts fitted, plus the service fee they accepted."""
    estimate = latest(session, ticket.id)
    agreed = (
        [costs.CostLine.from_stored(line) for line in estimate.lines]
        if estimate is not None and estimate.status is EstimateStatus.ACCEPTED
        else []
    )
    deliveries = session.exec(
        select(TicketPart.due_at, TicketPart.delivered_at).where(TicketPart.ticket_id == ticket.id)
    ).all()
    return costs.final_bill(
        fitted_lines(session, ticket),
        agreed,
        fee_reduced=parts.fee_reduced(deliveries, now),
        # A reopened ticket (a second fault of itself) still owes the first repair; what was
        # fitted and estimated after it reopened is covered line by line.
        free=ticket.second_fault_of not in {None, ticket.id},
    )


def bill_for(store: Store, number: str) -> costs.Bill:
    with store.read() as session:
        return final_bill(session, ticket_by_number(session, number), store.now())
