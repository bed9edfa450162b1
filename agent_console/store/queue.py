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

The SQL is written out and run on a plain sqlite3 connection (`Store.reader()`), not through
SQLAlchemy: the queue is the first thing on screen, and the ORM takes a third of a second to
import. Cursor keys hold the stored values, so they go back into the next query unchanged.
"""

import re
import sqlite3
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agent_console.errors import TicketNotFound
from agent_console.numbering import parse_number
from agent_console.queue_views import (
    BREACHING_WINDOW,
    RECENTLY_CLOSED,
    QueueSort,
    QueueView,
    effective_sort,
)
from agent_console.store.plain import sql_value
from agent_console.store.ticket_sql import (
    TICKET_ROW_COLUMNS,
    TICKET_ROW_FROM,
    TICKET_ROW_WIDTH,
    TicketRow,
    closed_tickets_sql,
    open_tickets_sql,
    ticket_row,
)
from agent_console.vocab import Priority

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
class _Sql:
    """A piece of SQL and the values of its placeholders, in order."""

    text: str
    params: tuple[Any, ...] = ()


def _joined(parts: list[_Sql], operator: str) -> _Sql:
    return _Sql(
        f" {operator} ".join(f"({part.text})" for part in parts),
        tuple(value for part in parts for value in part.params),
    )


@dataclass(frozen=True)
class _Segment:
    key: tuple[str, ...]  # sort columns, ending in the unique id
    where: tuple[_Sql, ...] = ()
    descending: bool = False


@dataclass(frozen=True)
class _Found:
    row: TicketRow
    cursor: Cursor


# --- which tickets a view holds ----------------------------------------------------------------

# When a ticket was closed, or resolved if not closed yet (as in ix_ticket_closed_*).
CLOSURE_TIME = "coalesce(ticket.closed_at, ticket.resolved_at)"


def _is_empty(query: QueueQuery) -> bool:
    return (query.view is QueueView.MINE and query.agent_id is None) or (
        query.view is QueueView.TEAM and query.team_id is None
    )


def _view_conditions(
    query: QueueQuery, *, closed_after: Any = None, ascending: bool = True
) -> list[_Sql]:
    """What the view holds; from a cursor in CLOSED, also the cursor's side of its closure time
    (see _closed_window)."""
    view = query.view
    if view is QueueView.CLOSED:
        # likely(): nearly every ticket is closed, so the status must not lure the planner
        # to ix_ticket_queue; the closure-time range is what narrows this view.
        closed = _Sql(f"likely({closed_tickets_sql('ticket.status')})")
        return [closed, *_closed_window(query, closed_after, ascending)]
    # Values inline: SQLite matches a partial index only to the same text.
    conditions = [_Sql(open_tickets_sql("ticket.status"))]
    if view is QueueView.MINE:
        conditions.append(_Sql("ticket.assignee_id = ?", (query.agent_id,)))
    elif view is QueueView.TEAM:
        conditions.append(_Sql("ticket.team_id = ?", (query.team_id,)))
    elif view is QueueView.UNASSIGNED:
        conditions.append(_Sql("ticket.assignee_id IS NULL"))
    elif view is QueueView.BREACHING:
        # unlikely(): few open tickets breach, so SQLite reads them by the due-time index
        # and sorts them, rather than walk every open ticket in the sort's order.
        conditions.append(_Sql("unlikely(ticket.due_at <= ?)", (query.now + BREACHING_WINDOW,)))
    return conditions


def _closed_window(query: QueueQuery, after: Any, ascending: bool) -> list[_Sql]:
    """Closed within RECENTLY_CLOSED and, from a cursor, not before (or after) its closure time.

    As scalar bounds, at most one each way: SQLite seeks an expression index by a scalar bound
    only (not by the row value of _seek), and by just one of several lower bounds.
    """
    since = sql_value(query.now - RECENTLY_CLOSED)  # stored text, comparable with a cursor's
    if after is None:
        return [_Sql(f"{CLOSURE_TIME} >= ?", (since,))]
    if ascending:
        return [_Sql(f"{CLOSURE_TIME} >= ?", (max(since, after),))]
    return [_Sql(f"{CLOSURE_TIME} >= ?", (since,)), _Sql(f"{CLOSURE_TIME} <= ?", (after,))]


def _phone_prefix(needle: str) -> str | None:
    digits = _COUNTRY_PREFIX.sub("", _PHONE_NOISE.sub("", needle))
    return digits if digits.isascii() and digits.isdigit() else None


def _like_literal(text: str) -> str:
    """`text` with LIKE's wildcards (and the escape character) taken literally."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _text_condition(text_filter: str) -> _Sql | None:
    """Ticket number, subject or customer name fragment, phone or device serial prefix."""
    needle = text_filter.strip()
    if not needle:
        return None
    inside = f"%{_like_literal(needle)}%"
    matches = [
        _Sql("lower(ticket.subject) LIKE lower(?) ESCAPE '/'", (inside,)),
        _Sql("lower(customer.name) LIKE lower(?) ESCAPE '/'", (inside,)),
        _Sql("device.serial LIKE ? ESCAPE '/'", (f"{_like_literal(needle.upper())}%",)),
    ]
    with suppress(TicketNotFound):  # not a ticket number: match the other fields only
        matches.append(_Sql("ticket.number = ?", (parse_number(needle),)))
    if (digits := _phone_prefix(needle)) is not None:
        matches.append(_Sql("customer.phone LIKE ? ESCAPE '/'", (f"{digits}%",)))
    return _joined(matches, "OR")


def _matching(query: QueueQuery, *, closed_after: Any = None, ascending: bool = True) -> list[_Sql]:
    conditions = _view_conditions(query, closed_after=closed_after, ascending=ascending)
    condition = _text_condition(query.text)
    return conditions if condition is None else [*conditions, condition]


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
    created = ("ticket.created_at", "ticket.id")
    if sort is QueueSort.PRIORITY:
        return (_Segment(("ticket.priority", *created)),)
    if sort is QueueSort.DUE:
        return (
            _Segment(("ticket.due_at", *created), (_Sql("ticket.due_at IS NOT NULL"),)),
            _Segment(created, (_Sql("ticket.due_at IS NULL"),)),
        )
    return (_Segment(created, descending=sort is QueueSort.NEWEST),)


def _closed_segments(sort: QueueSort) -> tuple[_Segment, ...]:
    closed = (CLOSURE_TIME, "ticket.id")
    if sort is QueueSort.PRIORITY:
        return tuple(
            _Segment(closed, (_Sql("ticket.priority = ?", (priority,)),)) for priority in Priority
        )
    return (_Segment(closed, descending=sort is QueueSort.NEWEST),)


def _seek(
    query: QueueQuery, keys: tuple[str, ...], after: tuple[Any, ...], ascending: bool
) -> _Sql:
    """Rows past `after` in reading order, as a row-value range an index can seek to."""
    placeholders = ", ".join("?" for _ in keys)
    condition = f"({', '.join(keys)}) {'>' if ascending else '<'} ({placeholders})"
    # In BREACHING the due-time range must stay the way in, even when this range is usable
    # by the index of the sort (see _view_conditions).
    if query.view is QueueView.BREACHING:
        condition = f"likely({condition})"
    return _Sql(condition, after)


# --- reading pages -----------------------------------------------------------------------------


def _rows(db: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return db.execute(sql, [sql_value(value) for value in params]).fetchall()


def _read(
    db: sqlite3.Connection,
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
    conditions = _matching(query, closed_after=after[0] if after else None, ascending=ascending)
    conditions += segment.where
    if after is not None:
        conditions.append(_seek(query, segment.key, after, ascending))
    where = _joined(conditions, "AND")
    order = ", ".join(key if ascending else f"{key} DESC" for key in segment.key)
    sql = (
        f"SELECT {', '.join((*TICKET_ROW_COLUMNS, *segment.key))} FROM {TICKET_ROW_FROM}"
        f" WHERE {where.text} ORDER BY {order} LIMIT ?"
    )
    return [
        _Found(
            ticket_row(row[:TICKET_ROW_WIDTH]),
            Cursor(query.view, query.sort, position, tuple(row[TICKET_ROW_WIDTH:])),
        )
        for row in _rows(db, sql, (*where.params, limit))
    ]


def _walk(
    db: sqlite3.Connection, query: QueueQuery, start: Cursor | None, wanted: int, *, forward: bool
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
            db, query, segments[position], position,
            after=after, limit=wanted - len(found), forward=forward,
        )  # fmt: skip
        if len(found) >= wanted:
            break
    return found


def queue_page(
    db: sqlite3.Connection, query: QueueQuery, *, after: Cursor | None = None, limit: int = 50
) -> QueuePage:
    """The first page of the view, or the page that follows `after`."""
    found = _walk(db, query, after, limit + 1, forward=True)
    shown = found[:limit]
    return QueuePage(
        rows=[item.row for item in shown],
        next_cursor=shown[-1].cursor if len(found) > limit else None,
        prev_cursor=shown[0].cursor if shown and after is not None else None,
    )


def queue_page_before(
    db: sqlite3.Connection, query: QueueQuery, *, before: Cursor, limit: int = 50
) -> QueuePage:
    """The `limit` rows just above `before` (page-up), in display order.

    Its `next_cursor` leads back down, to the rows from `before` on; its `prev_cursor` is
    None when the page starts at the top of the view.
    """
    found = _walk(db, query, before, limit + 1, forward=False)
    shown = found[:limit][::-1]
    return QueuePage(
        rows=[item.row for item in shown],
        next_cursor=shown[-1].cursor if shown else None,
        prev_cursor=shown[0].cursor if len(found) > limit else None,
    )


def queue_count(db: sqlite3.Connection, query: QueueQuery, *, cap: int = 10_000) -> int:
    """How many tickets the view (and filter) holds, counting no further than `cap`."""
    if _is_empty(query):
        return 0
    where = _joined(_matching(query), "AND")
    tables = TICKET_ROW_FROM if query.text.strip() else "ticket"  # the filter names joined columns
    sql = f"SELECT count(*) FROM (SELECT ticket.id FROM {tables} WHERE {where.text} LIMIT ?)"
    return _rows(db, sql, (*where.params, cap))[0][0]
