"""Column values as they travel and print: JSON types only."""

import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any


def wire_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
