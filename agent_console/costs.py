"""Estimates and bills: what the customer pays, line by line, in fen (1/100 yuan).

A covered line (warranty, or a second fault) is shown with its price and charged nothing.
Labour and travel are the service fee: a part delivered late cuts it by
SERVICE_FEE_REDUCTION_PERCENT.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agent_console.errors import InvalidValue
from agent_console.vocab import CostKind

SERVICE_FEE_REDUCTION_PERCENT = 10
_MONEY = re.compile(r"^\d{1,9}(\.\d{1,2})?$")


@dataclass(frozen=True)
class CostLine:
    kind: CostKind
    item: str  # a part number, or the kind itself for labour and travel
    quantity: int
    unit_cents: int
    covered: bool

    @property
    def amount_cents(self) -> int:
        return 0 if self.covered else self.quantity * self.unit_cents

    def stored(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value, "item": self.item, "quantity": self.quantity,
            "unit_cents": self.unit_cents, "covered": self.covered,
        }  # fmt: skip

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> "CostLine":
        return cls(
            CostKind(data["kind"]), str(data["item"]), int(data["quantity"]),
            int(data["unit_cents"]), bool(data["covered"]),
        )  # fmt: skip


@dataclass(frozen=True)
class Bill:
    lines: Sequence[CostLine]
    reduction_cents: int  # the late-delivery cut of the service fee, 0 if none
    total_cents: int


def total_cents(lines: Iterable[CostLine]) -> int:
    return sum(line.amount_cents for line in lines)


def service_lines(labour_cents: int, travel_cents: int, *, covered: bool) -> list[CostLine]:
    """Labour and travel as estimate lines; a zero amount is left out."""
    amounts = ((CostKind.LABOUR, labour_cents), (CostKind.TRAVEL, travel_cents))
    return [CostLine(kind, kind.value, 1, cents, covered) for kind, cents in amounts if cents > 0]


def final_bill(
    fitted_parts: Sequence[CostLine],
    estimated: Sequence[CostLine],
    *,
    fee_reduced: bool,
    free: bool,
) -> Bill:
    """The parts actually fitted plus the labour and travel the customer accepted; a second
    fault is free of charge."""
    service = [line for line in estimated if line.kind is not CostKind.PARTS]
    lines = [*fitted_parts, *service]
    if free:
        lines = [CostLine(li.kind, li.item, li.quantity, li.unit_cents, True) for li in lines]
    fee = total_cents(line for line in lines if line.kind is not CostKind.PARTS)
    reduction = (fee * SERVICE_FEE_REDUCTION_PERCENT + 50) // 100 if fee_reduced else 0
    return Bill(lines, reduction, total_cents(lines) - reduction)


def parse_money(text: str, field: str) -> int:
    """ "120", "120.5" or "120.50" yuan as fen; anything else names the field."""
    value = text.strip().removeprefix("¥")
    if not _MONEY.match(value):
        raise InvalidValue(field=field, value=text, reason="not_money")
    whole, _, fraction = value.partition(".")
    return int(whole) * 100 + int(fraction.ljust(2, "0") or 0)


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}¥{abs(cents) // 100:,}.{abs(cents) % 100:02d}"
