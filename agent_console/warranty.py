"""Warranty state of a device on a given day."""

from dataclasses import dataclass
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


DEVICE_YEARS = 1  # unless the device record says otherwise
CORE_PART_YEARS = 2
REPAIRED_PART_DAYS = 90  # a part fitted after the device's own cover ran out
SECOND_FAULT_EXTENSION_MONTHS = 6


@dataclass(frozen=True)
class Coverage:
    """The last covered day of the device as a whole, and of its core parts."""

    device_end: date | None
    core_end: date | None

    def covers_device(self, today: date) -> bool:
        return self.device_end is not None and today <= self.device_end

    def covers_part(self, core: bool, today: date) -> bool:
        end = self.part_end(core)
        return end is not None and today <= end

    def part_end(self, core: bool) -> date | None:
        """Core parts are covered at least as long as the device."""
        if not core:
            return self.device_end
        ends = [end for end in (self.device_end, self.core_end) if end is not None]
        return max(ends, default=None)


def coverage_of(
    purchase_date: date | None, warranty_end: date | None, core_warranty_end: date | None
) -> Coverage:
    """The device record's own ends where it has them, else 1 and 2 years from purchase."""

    def end(explicit: date | None, years: int) -> date | None:
        if explicit is not None:
            return explicit
        return coverage_end(purchase_date, years) if purchase_date else None

    return Coverage(end(warranty_end, DEVICE_YEARS), end(core_warranty_end, CORE_PART_YEARS))


def fitted_part_end(coverage: Coverage, core: bool, fitted: date) -> date:
    """A fitted part is covered as long as its kind is on the device, and at least
    REPAIRED_PART_DAYS from fitting."""
    floor = fitted + timedelta(days=REPAIRED_PART_DAYS)
    end = coverage.part_end(core)
    return max(end, floor) if end is not None else floor


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it is shorter (31 Aug -> 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")
