"""On-site appointments: the arrival window promised to the customer, and what to bring."""

from collections.abc import Sequence
from datetime import datetime, timedelta

ARRIVAL_WINDOW = timedelta(minutes=30)


def arrival_window(start: datetime) -> tuple[datetime, datetime]:
    return start, start + ARRIVAL_WINDOW


def packing_list(parts: Sequence[str], history: Sequence[str], extra: str | None) -> str:
    """One item per line: the ticket's parts, the device's history, then what the agent adds."""
    lines = [*parts, *history]
    if extra and extra.strip():
        lines.extend(line.strip() for line in extra.splitlines() if line.strip())
    return "\n".join(lines)
