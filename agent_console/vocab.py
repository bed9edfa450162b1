"""The closed vocabularies of the service process, and parsing of user input into them.

Values are stored and exchanged as these lowercase codes; display labels come from the
translation catalogs (key ``<vocabulary>.<code>``).
"""

from enum import StrEnum
from typing import TypeVar

from agent_console.errors import InvalidChoice


class Role(StrEnum):
    AGENT = "agent"
    ENGINEER = "engineer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Tier(StrEnum):
    STANDARD = "standard"
    VIP = "vip"
    ENTERPRISE = "enterprise"


class ProductLine(StrEnum):
    LAPTOP = "laptop"
    DESKTOP = "desktop"
    PRINTER = "printer"
    SERVER = "server"
    MONITOR = "monitor"


class Channel(StrEnum):
    PHONE = "phone"
    WEB = "web"
    APP = "app"
    WECHAT = "wechat"
    EMAIL = "email"
    WALK_IN = "walk_in"


class Category(StrEnum):
    HARDWARE = "hardware"
    SOFTWARE = "software"
    CONSULTATION = "consultation"
    COMPLAINT = "complaint"


class Priority(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class Impact(StrEnum):
    INDIVIDUAL = "individual"
    MULTIPLE = "multiple"
    PRODUCTION_STOPPED = "production_stopped"
    SAFETY_HAZARD = "safety_hazard"


class Status(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    IN_PROGRESS = "in_progress"
    WAITING_CUSTOMER = "waiting_customer"
    WAITING_PARTS = "waiting_parts"
    SCHEDULED = "scheduled"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"


OPEN_STATUSES: frozenset[Status] = frozenset(Status) - {Status.RESOLVED, Status.CLOSED}


class ServiceMode(StrEnum):
    REMOTE = "remote"
    ONSITE = "onsite"


class EventKind(StrEnum):
    CREATED = "created"
    NOTE = "note"
    STATUS = "status"
    FIELD = "field"
    CALL = "call"
    BREACH = "breach"  # a service clock ran out; `text` holds the policy rule id
    KB_LINK = "kb_link"  # a knowledge-base article applies; new_value is its id, text its title
    CHECKLIST = "checklist"  # a procedure step recorded; see ChecklistEntry


class ChecklistAction(StrEnum):
    """What one checklist record says (agent_console.checklist reads them in order)."""

    CHOSEN = "chosen"  # the procedure the ticket follows from now on
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # needs a reason
    NOTE = "note"
    INSERTED = "inserted"  # an extra step the engineer added
    RESOLVED_EARLY = "resolved_early"  # resolved with required steps open; needs a reason


E = TypeVar("E", bound=StrEnum)


def parse_choice(vocabulary: type[E], value: str, field: str) -> E:
    """Map user input (any case, '-' or '_') onto a vocabulary member, or raise InvalidChoice."""
    normalized = value.strip().replace("-", "_")
    for member in vocabulary:
        if member.value.lower() == normalized.lower():
            return member
    raise InvalidChoice(field=field, value=value, allowed=[m.value for m in vocabulary])
