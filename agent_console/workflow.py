"""Which status may follow which: the ticket lifecycle from intake to closure."""

from agent_console.vocab import Status

_WORK = {Status.IN_PROGRESS, Status.WAITING_CUSTOMER, Status.WAITING_PARTS, Status.SCHEDULED}

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.TRIAGED, *_WORK, Status.RESOLVED}),
    Status.TRIAGED: frozenset({*_WORK, Status.RESOLVED}),
    Status.IN_PROGRESS: frozenset(_WORK - {Status.IN_PROGRESS} | {Status.RESOLVED}),
    Status.WAITING_CUSTOMER: frozenset(_WORK - {Status.WAITING_CUSTOMER} | {Status.RESOLVED}),
    Status.WAITING_PARTS: frozenset(_WORK - {Status.WAITING_PARTS} | {Status.RESOLVED}),
    Status.SCHEDULED: frozenset(_WORK - {Status.SCHEDULED} | {Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.CLOSED: frozenset({Status.REOPENED}),
    Status.REOPENED: frozenset({Status.TRIAGED, *_WORK, Status.RESOLVED}),
}


def allowed_next(status: Status) -> list[Status]:
    return sorted(TRANSITIONS[status], key=list(Status).index)


def can_move(old: Status, new: Status) -> bool:
    return new in TRANSITIONS[old]


_RESPONSE_STATUSES = frozenset(
    {Status.IN_PROGRESS, Status.WAITING_CUSTOMER, Status.SCHEDULED, Status.RESOLVED}
)


def status_is_response(status: Status) -> bool:
    """Moving into these statuses means an agent has answered the customer."""
    return status in _RESPONSE_STATUSES
