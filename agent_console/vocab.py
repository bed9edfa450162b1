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
    REMOTE_SESSION = "remote_session"  # text: tool, duration and outcome
    APPOINTMENT = "appointment"  # booked, rescheduled or confirmed; new_value: window start
    ARRIVED = "arrived"  # the engineer reached the site: stops the on-site clock
    PART = "part"  # a part on the ticket moved on; old_value: part number, new_value: status
    ESTIMATE = "estimate"  # made, accepted or declined; new_value: the total
    RESOLUTION = "resolution"  # cause, solution, tools and prevention recorded
    ACCEPTANCE = "acceptance"  # the customer confirmed the fix: who, how
    DISPUTE = "dispute"  # the customer disputed it: starts the secondary evaluation
    EVALUATION = "evaluation"  # the secondary evaluation's finding: stops its clock
    SURVEY = "survey"  # new_value: "satisfied" or "unsatisfied"
    FOLLOW_UP = "follow_up"  # a follow-up call made; text: its outcome
    SECOND_FAULT = "second_fault"  # new_value: the earlier ticket's number
    FEE_REDUCTION = "fee_reduction"  # a part came late: the service fee is cut
    ARTICLE_DRAFT = "article_draft"  # the resolution drafted as an article; new_value: its id


class ChecklistAction(StrEnum):
    """What one checklist record says (agent_console.checklist reads them in order)."""

    CHOSEN = "chosen"  # the procedure the ticket follows from now on
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # needs a reason
    NOTE = "note"
    INSERTED = "inserted"  # an extra step the engineer added
    RESOLVED_EARLY = "resolved_early"  # resolved with required steps open; needs a reason


class DraftStatus(StrEnum):
    """A knowledge-base article drafted from a resolution, until a supervisor reviews it."""

    DRAFT = "draft"
    APPROVED = "approved"  # searchable by everyone
    REJECTED = "rejected"


REVIEWER_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


class PartKind(StrEnum):
    COMMON = "common"  # in stock regionally: due in 3 business days
    SPECIAL = "special"  # sourced on demand: due in 7 business days


class PartStatus(StrEnum):
    REQUESTED = "requested"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    INSTALLED = "installed"


class CostKind(StrEnum):
    PARTS = "parts"
    LABOUR = "labour"
    TRAVEL = "travel"


class EstimateStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ConfirmedVia(StrEnum):
    SIGNATURE = "signature"  # on site
    PHONE = "phone"
    APP = "app"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    RESCHEDULED = "rescheduled"  # replaced by a later booking, kept for the history
    ARRIVED = "arrived"


class FollowUpKind(StrEnum):
    CLOSURE = "closure"  # after closure: 3 business days, 24 h for complex or unsatisfied
    PREVENTIVE = "preventive"  # quarterly while the device is under warranty


E = TypeVar("E", bound=StrEnum)


def parse_choice(vocabulary: type[E], value: str, field: str) -> E:
    """Map user input (any case, '-' or '_') onto a vocabulary member, or raise InvalidChoice."""
    normalized = value.strip().replace("-", "_")
    for member in vocabulary:
        if member.value.lower() == normalized.lower():
            return member
    raise InvalidChoice(field=field, value=value, allowed=[m.value for m in vocabulary])
