"""A part on a ticket goes requested -> shipped -> delivered -> installed, one step at a time;
its delivery is due per policy (kb/policies, kind "parts")."""

from collections.abc import Iterable
from datetime import datetime

from agent_console.errors import InvalidValue
from agent_console.vocab import PartStatus

MAX_QUANTITY = 999

LIFECYCLE = (PartStatus.REQUESTED, PartStatus.SHIPPED, PartStatus.DELIVERED, PartStatus.INSTALLED)
STAMPS = {
    PartStatus.SHIPPED: "shipped_at",
    PartStatus.DELIVERED: "delivered_at",
    PartStatus.INSTALLED: "installed_at",
}


def next_status(status: PartStatus) -> PartStatus | None:
    position = LIFECYCLE.index(status)
    return LIFECYCLE[position + 1] if position + 1 < len(LIFECYCLE) else None


def check_quantity(quantity: int) -> int:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidValue(
            field="quantity", value=str(quantity), reason="range", low=1, high=MAX_QUANTITY
        )
    return quantity


def parse_part_spec(spec: str, field: str) -> tuple[str, int]:
    """ "BAT-01" or "BAT-01:2" as (part number, quantity); anything else names the field."""
    number, _, quantity = (piece.strip() for piece in spec.partition(":"))
    if not number or (quantity and not quantity.isdecimal()):
        raise InvalidValue(field=field, value=spec, reason="part_spec")
    return number.upper(), int(quantity) if quantity else 1


def late(due_at: datetime, delivered_at: datetime | None, now: datetime) -> bool:
    """Delivered after its due time, or not delivered and already past it."""
    return (delivered_at or now) > due_at


def fee_reduced(deliveries: Iterable[tuple[datetime, datetime | None]], now: datetime) -> bool:
    """Any part late, given (due, delivered) of each: the service fee is cut (see costs)."""
    return any(late(due, delivered, now) for due, delivered in deliveries)
