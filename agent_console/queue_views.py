"""The agent's queue: which tickets each view shows and how each sort orders them.

Views (all but CLOSED show open tickets only, see vocab.OPEN_STATUSES):

- MINE: assigned to the agent at the keyboard.
- TEAM: of the agent's team.
- UNASSIGNED: no assignee yet.
- BREACHING: due within BREACHING_WINDOW from now, overdue ones included.
- OPEN: every open ticket.
- CLOSED: resolved or closed within RECENTLY_CLOSED; the closure time is closed_at, or
  resolved_at for a ticket that is resolved but not yet closed.

Sorts, each ending in the ticket id so the order is total:

- PRIORITY: P1 first, then oldest first.
- OLDEST / NEWEST: by creation time.
- DUE: soonest due first, tickets without a due time last, then oldest first.

In CLOSED the time that matters is the closure time, so there the time keys are the closure
time instead of the creation time: NEWEST lists the most recently closed first, OLDEST and
PRIORITY (within a priority) the earliest closed first. A closed ticket is no longer due, so
DUE in CLOSED orders like OLDEST (see `effective_sort`).
"""

from datetime import timedelta
from enum import StrEnum


class QueueView(StrEnum):
    MINE = "mine"
    TEAM = "team"
    UNASSIGNED = "unassigned"
    BREACHING = "breaching"
    OPEN = "open"
    CLOSED = "closed"


class QueueSort(StrEnum):
    PRIORITY = "priority"
    OLDEST = "oldest"
    NEWEST = "newest"
    DUE = "due"


SORT_CYCLE: tuple[QueueSort, ...] = (
    QueueSort.PRIORITY,
    QueueSort.DUE,
    QueueSort.OLDEST,
    QueueSort.NEWEST,
)

BREACHING_WINDOW = timedelta(hours=2)
RECENTLY_CLOSED = timedelta(days=7)


def effective_sort(view: QueueView, sort: QueueSort) -> QueueSort:
    """The order the view really uses for `sort` (DUE means nothing to a closed ticket)."""
    if view is QueueView.CLOSED and sort is QueueSort.DUE:
        return QueueSort.OLDEST
    return sort


def next_sort(sort: QueueSort) -> QueueSort:
    """The sort after `sort` in SORT_CYCLE, wrapping around."""
    return SORT_CYCLE[(SORT_CYCLE.index(sort) + 1) % len(SORT_CYCLE)]
