"""The queue, one page at a time: keyset pagination over the partial indexes of migration 0003.

A page costs the same at 1,000 or 1,000,000 tickets: each query seeks into an index just past
the cursor (the sort key of the last row shown) and stops after `limit` rows. There is no
OFFSET and no sort of a whole view; the one sort SQLite does is of BREACHING by anything but
due time, over just the tickets due within the window, read from the due-time index.

An order is one or more segments, read one after the other, each one index range in one
direction: DUE reads the tickets with a due time, then those without (nulls last, which one
index range cannot give); PRIORITY in CLOSED reads P1, P2, ... in turn, each by closure time,
because "closed in the last 7 days" is a range only of the closure-time index.

The plans do not rely on statistics (a new store has none): conditions are written so that
SQLite's default guesses pick these indexes, and tests/test_queue.py checks the plans.
"""

import re
import uuid
from contextlib import suppress
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, text, tuple_
from sqlmodel import Session

from agent_console.errors import TicketNotFound
from agent_console.numbering import parse_number
from agent_console.queue_views import (
    BREACHING_WINDOW,
    RECENTLY_CLOSED,
    QueueSort,
    QueueView,
    effective_sort,
)
from agent_console.store.queries import TicketRow, ticket_rows_select
from agent_console.store.schema import (
    Customer,
    Device,
    Ticket,
    closed_tickets_sql,
    open_tickets_sql,
)
from agent_console.vocab import Priority

_ROW_WIDTH = len(fields(TicketRow))
_PHONE_NOISE = re.compile(r"[\s\-().]")
_COUNTRY_PREFIX = re.compile(r"^(\+86|0086)")


@dataclass(frozen=True)
class QueueQuery:
    """What the agent asked to see. MINE without an agent, or TEAM without a team, is empty."""

    view: QueueView
    sort: QueueSort
    now: datetime  # aware
    text: str = ""  # the "/" filter
    agent_id: uuid.UUID | None = None  # whose tickets MINE shows
    team_id: uuid.UUID | None = None  # whose tickets TEAM shows

    def __post_init__(self) -> None:
        if self.now.utcoffset() is None:
            raise ValueError("QueueQuery.now must be timezone-aware")


@dataclass(frozen=True)
class Cursor:
    """The sort key of one row of a view and sort; opaque to callers.

    `after=` reads the rows below that row, `before=` the rows above it. It holds values,
    not positions, so it stays good while tickets come and go (even the row itself).
    """

    view: QueueView
    sort: QueueSort
    segment: int
    key: tuple[Any, ...]


@dataclass(frozen=True)
class QueuePage:
    """Rows in display order, and where to read on from, in either direction.

    `next_cursor` (for `queue_page(after=...)`) is None when nothing follows the last row;
    `prev_cursor` (for `queue_page_before(before=...)`) is None when nothing precedes the
    first row, as on the first page of a view. An empty page has neither.
    """

    rows: list[TicketRow]
    next_cursor: Cursor | None
    prev_cursor: Cursor | None = None


@dataclass(frozen=True)
class _Segment:
    key: tuple[Any, ...]  # sort columns, ending in the unique id
    where: tuple[Any, ...] = ()
    descending: bool = False


@dataclass(frozen=True)
class _Found:
    row: TicketRow
    cursor: Cursor


# --- which tickets a view holds ----------------------------------------------------------------


def closure_time() -> ColumnElement[datetime]:
    """When a ticket was closed, or resolved if not closed yet (as in ix_ticket_closed_*)."""
    return func.coalesce(Ticket.closed_at, Ticket.resolved_at)


def _is_empty(query: QueueQuery) -> bool:
    return (query.view is QueueView.MINE and query.agent_id is None) or (
        query.view is QueueView.TEAM and query.team_id is None
    )


def _view_conditions(
    query: QueueQuery, *, closed_after: Any = None, ascending: bool = True
) -> list[Any]:
    """What the view holds; from a cursor in CLOSED, also the cursor's side of its closure time
    (see _closed_window)."""
    view = query.view
    if view is QueueView.CLOSED:
        # likely(): nearly every ticket is closed, so the status must not lure the planner
        # to ix_ticket_queue; the closure-time range is what narrows this view.
        closed = text(f"likely({closed_tickets_sql('ticket.status')})")
        return [closed, *_closed_window(query, closed_after, ascending)]
    # Literal SQL: SQLite matches a partial index only to the same text, values inline.
    conditions: list[Any] = [text(open_tickets_sql("ticket.status"))]
    if view is QueueView.MINE:
        conditions.append(Ticket.assignee_id == query.agent_id)
    elif view is QueueView.TEAM:
        conditions.append(Ticket.team_id == query.team_id)
    elif view is QueueView.UNASSIGNED:
        conditions.append(Ticket.assignee_id.is_(None))
    elif view is QueueView.BREACHING:
        # unlikely(): few open tickets breach, so SQLite reads them by the due-time index
        # and sorts them, rather than walk every open ticket in the sort's order.
        conditions.append(func.unlikely(Ticket.due_at <= query.now + BREACHING_WINDOW))
    return conditions


def _closed_window(query: QueueQuery, after: Any, ascending: bool) -> list[Any]:
    """Closed within RECENTLY_CLOSED and, from a cursor, not before (or after) its closure time.

    As scalar bounds, at most one each way: SQLite seeks an expression index by a scalar bound
    only (not by the row value of _seek), and by just one of several lower bounds.
    """
    since = query.now - RECENTLY_CLOSED
    if after is None:
        return [closure_time() >= since]
    if ascending:
        return [closure_time() >= max(since, after)]
    return [closure_time() >= since, closure_time() <= after]


def _phone_prefix(needle: str) -> str | None:
    digits = _COUNTRY_PREFIX.sub("", _PHONE_NOISE.sub("", needle))
    return digits if digits.isascii() and digits.isdigit() else None


def _text_condition(text_filter: str) -> ColumnElement[bool] | None:
    """Ticket number, subject or customer name fragment, phone or device serial prefix."""
    needle = text_filter.strip()
    if not needle:
        return None
    matches = [
        Ticket.subject.icontains(needle, autoescape=True),
        Customer.name.icontains(needle, autoescape=True),
        Device.serial.startswith(needle.upper(), autoescape=True),
    ]
    with suppress(TicketNotFound):  # not a ticket number: match the other fields only
        matches.append(Ticket.number == parse_number(needle))
    if (digits := _phone_prefix(needle)) is not None:
        matches.append(Customer.phone.startswith(digits, autoescape=True))
    return or_(*matches)


def _matching(
    statement: Select, query: QueueQuery, *, closed_after: Any = None, ascending: bool = True
) -> Select:
    conditions = _view_conditions(query, closed_after=closed_after, ascending=ascending)
    statement = statement.where(*conditions)
    condition = _text_condition(query.text)
    return statement if condition is None else statement.where(condition)


# --- how a view is ordered ---------------------------------------------------------------------


def _segments(query: QueueQuery) -> tuple[_Segment, ...]:
    sort = effective_sort(query.view, query.sort)
    if query.view is QueueView.CLOSED:
        return _closed_segments(sort)
    segments = _open_segments(sort)
    if query.view is QueueView.BREACHING:
        return segments[:1]  # DUE's second segment, without a due time, never breaches
    return segments


def _open_segments(sort: QueueSort) -> tuple[_Segment, ...]:
    created = (Ticket.created_at, Ticket.id)
    if sort is QueueSort.PRIORITY:
        return (_Segment((Ticket.priority, *created)),)
    if sort is QueueSort.DUE:
        return (
            _Segment((Ticket.due_at, *created), (Ticket.due_at.is_not(None),)),
            _Segment(created, (Ticket.due_at.is_(None),)),
        )
    return (_Segment(created, descending=sort is QueueSort.NEWEST),)


def _closed_segments(sort: QueueSort) -> tuple[_Segment, ...]:
    closed = (closure_time(), Ticket.id)
    if sort is QueueSort.PRIORITY:
        return tuple(_Segment(closed, (Ticket.priority == priority,)) for priority in Priority)
    return (_Segment(closed, descending=sort is QueueSort.NEWEST),)


def _seek(query: QueueQuery, keys: tuple[Any, ...], after: tuple[Any, ...], ascending: bool) -> Any:
    """Rows past `after` in reading order, as a row-value range an index can seek to."""
    columns = tuple_(*keys)
    condition = columns > after if ascending else columns < after
    # In BREACHING the due-time range must stay the way in, even when this range is usable
    # by the index of the sort (see _view_conditions).
    return func.likely(condition) if query.view is QueueView.BREACHING else condition


# --- reading pages -----------------------------------------------------------------------------


def _read(
    session: Session,
    query: QueueQuery,
    segment: _Segment,
    position: int,
    *,
    after: tuple[Any, ...] | None,
    limit: int,
    forward: bool,
) -> list[_Found]:
    """Up to `limit` rows of one segment past the key `after`, in reading order."""
    ascending = forward != segment.descending
    statement = _matching(
        ticket_rows_select().add_columns(*segment.key), query,
        closed_after=after[0] if after else None, ascending=ascending,
    )  # fmt: skip
    statement = statement.where(*segment.where)
    if after is not None:
        statement = statement.where(_seek(query, segment.key, after, ascending))
    order = segment.key if ascending else [column.desc() for column in segment.key]
    found = session.execute(statement.order_by(*order).limit(limit))
    return [
        _Found(
            TicketRow(*row[:_ROW_WIDTH]),
            Cursor(query.view, query.sort, position, tuple(row[_ROW_WIDTH:])),
        )
        for row in found
    ]


def _walk(
    session: Session, query: QueueQuery, start: Cursor | None, wanted: int, *, forward: bool
) -> list[_Found]:
    """Up to `wanted` rows past `start`, across segments, in reading order."""
    if start is not None and (start.view, start.sort) != (query.view, query.sort):
        raise ValueError(f"a {start.view}/{start.sort} cursor used in {query.view}/{query.sort}")
    if _is_empty(query) or wanted <= 0:
        return []
    segments = _segments(query)
    last = len(segments) - 1
    first = start.segment if start is not None else (0 if forward else last)
    found: list[_Found] = []
    for position in range(first, last + 1) if forward else range(first, -1, -1):
        after = start.key if start is not None and position == start.segment else None
        found += _read(
            session, query, segments[position], position,
            after=after, limit=wanted - len(found), forward=forward,
        )  # fmt: skip
        if len(found) >= wanted:
            break
    return found


def queue_page(
    session: Session, query: QueueQuery, *, after: Cursor | None = None, limit: int = 50
) -> QueuePage:
    """The first page of the view, or the page that follows `after`."""
    found = _walk(session, query, after, limit + 1, forward=True)
    shown = found[:limit]
    return QueuePage(
        rows=[item.row for item in shown],
        next_cursor=shown[-1].cursor if len(found) > limit else None,
        prev_cursor=shown[0].cursor if shown and after is not None else None,
    )


def queue_page_before(
    session: Session, query: QueueQuery, *, before: Cursor, limit: int = 50
) -> QueuePage:
    """The `limit` rows just above `before` (page-up), in display order.

    Its `next_cursor` leads back down, to the rows from `before` on; its `prev_cursor` is
    None when the page starts at the top of the view.
    """
    found = _walk(session, query, before, limit + 1, forward=False)
    shown = found[:limit][::-1]
    return QueuePage(
        rows=[item.row for item in shown],
        next_cursor=shown[-1].cursor if shown else None,
        prev_cursor=shown[0].cursor if len(found) > limit else None,
    )


def queue_count(session: Session, query: QueueQuery, *, cap: int = 10_000) -> int:
    """How many tickets the view (and filter) holds, counting no further than `cap`."""
    if _is_empty(query):
        return 0
    statement = select(Ticket.id)
    if query.text.strip():
        statement = statement.join(Customer, Customer.id == Ticket.customer_id).outerjoin(
            Device, Device.id == Ticket.device_id
        )
    capped = _matching(statement, query).limit(cap).subquery()
    return session.execute(select(func.count()).select_from(capped)).scalar_one()
