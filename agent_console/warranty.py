"""Warranty state of a device on a given day."""

from datetime import date, timedelta
from enum import StrEnum


class WarrantyState(StrEnum):
    IN_WARRANTY = "in_warranty"
    CORE_PARTS_ONLY = "core_parts_only"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def warranty_state(warranty_end: date | None, core_end: date | None, today: date) -> WarrantyState:
    """Warranty covers its end day itself; core parts may be covered after the device is not."""
    if warranty_end is None and core_end is None:
        return WarrantyState.UNKNOWN
    if warranty_end is not None and today <= warranty_end:
        return WarrantyState.IN_WARRANTY
    if core_end is not None and today <= core_end:
        return WarrantyState.CORE_PARTS_ONLY
    return WarrantyState.EXPIRED


def coverage_end(purchased: date, years: int) -> date:
    """The last covered day of a warranty of `years` from purchase (2025-03-01 -> 2026-02-28)."""
    return add_years(purchased, years) - timedelta(days=1)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
