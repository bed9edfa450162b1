"""On-site appointments: the arrival window promised to the customer, and what to bring."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from agent_console.errors import InvalidValue

ARRIVAL_WINDOW = timedelta(minutes=30)
MAX_SESSION_MINUTES = 24 * 60  # a remote session logged longer than a day is a typo


def check_session_minutes(minutes: int) -> int:
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise InvalidValue(
            field="minutes", value=str(minutes), reason="range", low=1, high=MAX_SESSION_MINUTES
        )
    return minutes


def arrival_window(start: datetime) -> tuple[datetime, datetime]:
    return start, start + ARRIVAL_WINDOW


def packing_list(parts: Sequence[str], history: Sequence[str], extra: str | None) -> str:
    """One item per line: the ticket's parts, the device's history, then what the agent adds."""
    lines = [*parts, *history]
    if extra and extra.strip():
        lines.extend(line.strip() for line in extra.splitlines() if line.strip())
    return "\n".join(lines)
