"""What the warranty covers on a ticket today: the device, its core parts, parts fitted on
earlier repairs, and everything on a second fault."""

from datetime import date

from sqlmodel import Session, select

from agent_console.store.schema import Device, Part, Ticket, TicketPart
from agent_console.vocab import PartStatus
from agent_console.warranty import Coverage, coverage_of


def device_coverage(session: Session, ticket: Ticket) -> Coverage:
    device = session.get(Device, ticket.device_id) if ticket.device_id else None
    if device is None:
        return Coverage(None, None)
    return coverage_of(device.purchase_date, device.warranty_end, device.core_warranty_end)


def fitted_part_covered(session: Session, ticket: Ticket, part: Part, today: date) -> bool:
    """The same part, fitted on this device by an earlier repair, is still under its warranty."""
    if ticket.device_id is None:
        return False
    found = session.exec(
        select(TicketPart.id)
        .join(Ticket, Ticket.id == TicketPart.ticket_id)
        .where(
            Ticket.device_id == ticket.device_id,
            TicketPart.part_id == part.id,
            TicketPart.status == PartStatus.INSTALLED,
            TicketPart.warranty_end >= today,
        )
    ).first()
    return found is not None


def part_covered(session: Session, ticket: Ticket, part: Part, today: date) -> bool:
    if ticket.second_fault_of is not None:
        return True
    if device_coverage(session, ticket).covers_part(part.core, today):
        return True
    return fitted_part_covered(session, ticket, part, today)


def service_covered(session: Session, ticket: Ticket, today: date) -> bool:
    """Labour and travel are free on a second fault and while the device itself is covered."""
    if ticket.second_fault_of is not None:
        return True
    return device_coverage(session, ticket).covers_device(today)
