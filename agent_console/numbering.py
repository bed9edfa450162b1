"""Human ticket numbers: ``T-`` and at least six digits."""

import re

from agent_console.errors import TicketNotFound

PREFIX = "T-"
DIGITS = 6
_NUMBER = re.compile(r"^(?:T-?)?0*(\d{1,12})$", re.IGNORECASE)


def format_number(sequence: int) -> str:
    return f"{PREFIX}{sequence:0{DIGITS}d}"


def parse_number(text: str) -> str:
    """Accept what people type ("T-000123", "t-123", "123") and give the canonical number."""
    match = _NUMBER.match(text.strip())
    if match is None:
        raise TicketNotFound(number=text)
    return format_number(int(match.group(1)))
