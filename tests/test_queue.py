"""The queue: each view holds the right tickets in the right order, page by page, by index."""

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, update
from sqlmodel import SQLModel

from agent_console.cli import run
from agent_console.queue_views import (
    BREACHING_WINDOW,
    RECENTLY_CLOSED,
    SORT_CYCLE,
    QueueSort,
    QueueView,
    effective_sort,
    next_sort,
)
from agent_console.store import actions
from agent_console.store.engine import Store, open_store
from agent_console.store.identity import Actor
from agent_console.store.queue import (
    QueuePage,
    QueueQuery,
    queue_count,
    queue_page,
    queue_page_before,
)
from agent_console.store.schema import Ticket
from agent_console.vocab import OPEN_STATUSES, Category, Channel, Priority, ProductLine, Status

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the demo's reference time (10:00 +08:00)
SORT = QueueSort.NEWEST
ACTOR = Actor(name="王芳")


# --- a small store with many open tickets, due times, recent closures and tied keys ---------


def _all_tickets(store: Store) -> list[Ticket]:
    with store.read() as session:
        return list(session.execute(select(Ticket).order_by(Ticket.number)).scalars())


def _shape(store: Store) -> None:
    """Reopen a third of the demo's (mostly old, closed) tickets and close some recently.

    Test set-up only, in SQL: due times have no action yet, and ties need exact timestamps.
    """
    tickets = _all_tickets(store)
    open_cycle = sorted(OPEN_STATUSES)
    edge = NOW - RECENTLY_CLOSED
    with store.write() as session:

        def put(ticket: Ticket, **values: Any) -> None:
            session.execute(update(Ticket).where(Ticket.id == ticket.id).values(**values))

        for i, ticket in enumerate(tickets):
            if i % 3 == 0:
                put(
                    ticket, status=open_cycle[i % len(open_cycle)], resolved_at=None, closed_at=None
                )
                if i % 4 == 0:
                    put(ticket, assignee_id=None)
                if i % 6 == 0:  # two by two, from 6 h overdue to far ahead; some breach
                    put(ticket, due_at=NOW + timedelta(hours=i // 12 - 6))
                if i % 15 == 0:
                    put(ticket, priority=Priority.P1)
                if i <= 15:
                    put(ticket, created_at=tickets[0].created_at)
            elif i % 3 == 1 and i < 200:  # every hour back, across the 7-day edge
                closed = NOW - timedelta(hours=i)
                if i % 9 == 1:
                    put(ticket, status=Status.RESOLVED, resolved_at=closed, closed_at=None)
                else:
                    put(ticket, status=Status.CLOSED, closed_at=closed)
        put(tickets[2], status=Status.CLOSED, closed_at=edge)  # just inside the window
        put(tickets[5], status=Status.CLOSED, closed_at=edge - timedelta(microseconds=1))


@dataclass
class Snapshot:
    """Every ticket, and the queue that brute force expects from them."""

    tickets: list[Ticket]
    agent: uuid.UUID  # an agent with several open tickets
    team: uuid.UUID

    @classmethod
    def of(cls, store: Store) -> "Snapshot":
        tickets = _all_tickets(store)
        assigned = [t.assignee_id for t in tickets if t.status in OPEN_STATUSES and t.assignee_id]
        agent = max(set(assigned), key=assigned.count)
        team = next(t.team_id for t in tickets if t.assignee_id == agent and t.team_id)
        return cls(tickets, agent, team)

    def expected(self, view: QueueView, sort: QueueSort, text: str = "") -> list[str]:
        chosen = [t for t in self.tickets if self._in_view(t, view)]
        chosen = [t for t in chosen if text.lower() in t.subject.lower()]
        chosen.sort(key=lambda t: _sort_key(t, view, sort), reverse=sort is QueueSort.NEWEST)
        return [t.number for t in chosen]

    def _in_view(self, ticket: Ticket, view: QueueView) -> bool:
        if view is QueueView.CLOSED:
            closure = _closure(ticket)
            recent = closure is not None and closure >= NOW - RECENTLY_CLOSED
            return ticket.status in (Status.RESOLVED, Status.CLOSED) and recent
        if ticket.status not in OPEN_STATUSES:
            return False
        due = ticket.due_at
        return {
            QueueView.MINE: ticket.assignee_id == self.agent,
            QueueView.TEAM: ticket.team_id == self.team,
            QueueView.UNASSIGNED: ticket.assignee_id is None,
            QueueView.BREACHING: due is not None and due <= NOW + BREACHING_WINDOW,
            QueueView.OPEN: True,
        }[view]

    def query(self, view: QueueView, sort: QueueSort, text: str = "") -> QueueQuery:
        return QueueQuery(view, sort, NOW, text=text, agent_id=self.agent, team_id=self.team)


def _closure(ticket: Ticket) -> datetime | None:
    return ticket.closed_at or ticket.resolved_at


def _sort_key(ticket: Ticket, view: QueueView, sort: QueueSort) -> tuple:
    sort = effective_sort(view, sort)
    time = _closure(ticket) if view is QueueView.CLOSED else ticket.created_at
    if sort is QueueSort.PRIORITY:
        return (ticket.priority, time, ticket.id)
    if sort is QueueSort.DUE:
        return (ticket.due_at is None, ticket.due_at or NOW, ticket.created_at, ticket.id)
    return (time, ticket.id)


@pytest.fixture
def queue_store(demo_db: Path) -> Iterator[Store]:
    store = open_store(demo_db)
    _shape(store)
    yield store
    store.close()


@pytest.fixture
def snapshot(queue_store: Store) -> Snapshot:
    return Snapshot.of(queue_store)


def _pages_forward(store: Store, query: QueueQuery, limit: int) -> list[QueuePage]:
    pages: list[QueuePage] = []
    with store.reader() as db:
        page = queue_page(db, query, limit=limit)
        pages.append(page)
        while page.next_cursor is not None:
            page = queue_page(db, query, after=page.next_cursor, limit=limit)
            pages.append(page)
    return pages


def _numbers(page: QueuePage) -> list[str]:
    return [row.number for row in page.rows]


# --- views, sorts and paging ----------------------------------------------------------------


@pytest.mark.parametrize("view", list(QueueView))
def test_each_view_pages_through_exactly_its_tickets_in_each_order(
    queue_store: Store, snapshot: Snapshot, view: QueueView
) -> None:
    for sort in QueueSort:
        expected = snapshot.expected(view, sort)
        pages = _pages_forward(queue_store, snapshot.query(view, sort), limit=6)
        assert [number for page in pages for number in _numbers(page)] == expected, sort
        assert len(pages) >= 2, "the fixture should give every view more than a page"
        assert all(len(page.rows) == 6 for page in pages[:-1])
        assert pages[-1].next_cursor is None
        assert pages[0].prev_cursor is None
        assert all(page.prev_cursor is not None for page in pages[1:])


def test_the_fixture_has_ties_due_times_and_closures_at_the_window_edge(
    snapshot: Snapshot,
) -> None:
    created = [t.created_at for t in snapshot.tickets if t.status in OPEN_STATUSES]
    assert len(created) - len(set(created)) >= 5
    due = [t.due_at for t in snapshot.tickets if t.due_at is not None]
    assert len(due) - len(set(due)) >= 5
    breaching = snapshot.expected(QueueView.BREACHING, QueueSort.DUE)
    assert 10 <= len(breaching) < len(due)
    closed = snapshot.expected(QueueView.CLOSED, QueueSort.NEWEST)
    assert snapshot.tickets[2].number in closed
    assert snapshot.tickets[5].number not in closed
    assert any(t.status is Status.RESOLVED for t in snapshot.tickets if t.number in closed)


def test_priority_puts_p1_first_and_due_puts_tickets_without_due_time_last(
    queue_store: Store, snapshot: Snapshot
) -> None:
    with queue_store.reader() as db:
        by_priority = queue_page(
            db, snapshot.query(QueueView.OPEN, QueueSort.PRIORITY), limit=500
        ).rows
        by_due = queue_page(db, snapshot.query(QueueView.OPEN, QueueSort.DUE), limit=500).rows
    assert [row.priority for row in by_priority] == sorted(row.priority for row in by_priority)
    assert by_priority[0].priority == "P1"
    due_times = [row.due_at for row in by_due]
    with_due = [due for due in due_times if due is not None]
    assert with_due and due_times[: len(with_due)] == sorted(with_due)
    assert all(due is None for due in due_times[len(with_due) :])


def test_newest_in_closed_lists_the_most_recently_closed_first(
    queue_store: Store, snapshot: Snapshot
) -> None:
    with queue_store.reader() as db:
        query = snapshot.query(QueueView.CLOSED, QueueSort.NEWEST)
        rows = queue_page(db, query, limit=500).rows
    closure = {t.id: _closure(t) for t in snapshot.tickets}
    times = [closure[row.id] for row in rows]
    assert len(times) > 10 and times == sorted(times, reverse=True)
    assert rows[0].status in (Status.RESOLVED, Status.CLOSED)


@pytest.mark.parametrize(
    ("view", "sort"),
    [
        (QueueView.OPEN, QueueSort.PRIORITY),
        (QueueView.OPEN, QueueSort.DUE),
        (QueueView.TEAM, QueueSort.NEWEST),
        (QueueView.BREACHING, QueueSort.OLDEST),
        (QueueView.CLOSED, QueueSort.PRIORITY),
        (QueueView.CLOSED, QueueSort.NEWEST),
    ],
)
def test_page_up_walks_back_through_the_same_pages(
    queue_store: Store, snapshot: Snapshot, view: QueueView, sort: QueueSort
) -> None:
    query = snapshot.query(view, sort)
    forward = _pages_forward(queue_store, query, limit=5)
    assert len(forward) >= 3
    backward = [forward[-1]]
    with queue_store.reader() as db:
        while (before := backward[-1].prev_cursor) is not None:
            backward.append(queue_page_before(db, query, before=before, limit=5))
        # From a page read upwards, next_cursor leads back down to the rows below it.
        below = backward[1].next_cursor
        assert below is not None
        down = queue_page(db, query, after=below, limit=5)
    assert [_numbers(page) for page in backward[::-1]] == [_numbers(page) for page in forward]
    assert _numbers(down) == _numbers(forward[-1])


def test_a_cursor_survives_its_row_leaving_the_view(queue_store: Store, snapshot: Snapshot) -> None:
    query = snapshot.query(QueueView.UNASSIGNED, QueueSort.OLDEST)
    with queue_store.reader() as db:
        first = queue_page(db, query, limit=5)
    assert first.next_cursor is not None
    with queue_store.write() as session:  # the last row shown is assigned: it leaves the view
        assign = update(Ticket).where(Ticket.id == first.rows[-1].id)
        session.execute(assign.values(assignee_id=snapshot.agent))
    with queue_store.reader() as db:
        after = queue_page(db, query, after=first.next_cursor, limit=5)
    assert _numbers(after) == snapshot.expected(QueueView.UNASSIGNED, QueueSort.OLDEST)[5:10]


def test_counts_match_the_views_and_stop_at_the_cap(queue_store: Store, snapshot: Snapshot) -> None:
    with queue_store.reader() as db:
        for view in QueueView:
            query = snapshot.query(view, QueueSort.PRIORITY)
            expected = len(snapshot.expected(view, QueueSort.PRIORITY))
            assert queue_count(db, query) == expected
            assert queue_count(db, query, cap=3) == min(3, expected)


def test_mine_and_team_are_empty_without_an_agent_or_a_team(queue_store: Store) -> None:
    with queue_store.reader() as db:
        for view in (QueueView.MINE, QueueView.TEAM):
            query = QueueQuery(view, QueueSort.PRIORITY, NOW)
            assert queue_page(db, query).rows == []
            assert queue_count(db, query) == 0


def test_a_query_needs_an_aware_time_and_a_cursor_its_own_order(queue_store: Store) -> None:
    with pytest.raises(ValueError, match="aware"):
        QueueQuery(QueueView.OPEN, QueueSort.PRIORITY, datetime(2026, 11, 20, 2, 0))
    query = QueueQuery(QueueView.OPEN, QueueSort.PRIORITY, NOW)
    with queue_store.reader() as db:
        cursor = queue_page(db, query, limit=3).next_cursor
        other = QueueQuery(QueueView.OPEN, QueueSort.NEWEST, NOW)
        with pytest.raises(ValueError, match="cursor"):
            queue_page(db, other, after=cursor)


def test_sorts_cycle_and_closed_has_no_due_order() -> None:
    assert set(SORT_CYCLE) == set(QueueSort)
    sort = SORT_CYCLE[0]
    for expected in [*SORT_CYCLE[1:], SORT_CYCLE[0]]:
        sort = next_sort(sort)
        assert sort is expected
    assert effective_sort(QueueView.CLOSED, QueueSort.DUE) is QueueSort.OLDEST
    assert effective_sort(QueueView.OPEN, QueueSort.DUE) is QueueSort.DUE


# --- the "/" filter ---------------------------------------------------------------------------


@pytest.fixture
def filter_store(store: Store) -> Store:
    """Three callers whose tickets differ in every field the filter looks at."""
    people = [
        ("陈静", "13700001111", "PF1X0001", "打印机卡纸"),
        ("Mary Lee", "13912345678", "SRV77AB", "Server fan noise"),
        ("赵磊", "18600002222", "MON-5", "Monitor 100% dark"),
    ]
    for name, phone, serial, subject in people:
        customer = actions.create_customer(store, ACTOR, name=name, phone=phone)
        device = actions.register_device(
            store, ACTOR, customer_id=customer.id, serial=serial, model="X",
            product_line=ProductLine.LAPTOP,
        )  # fmt: skip
        actions.create_ticket(
            store, ACTOR, subject=subject, customer=customer, device=device,
            channel=Channel.PHONE, category=Category.HARDWARE,
        )  # fmt: skip
    return store


def _found(store: Store, text: str) -> list[str]:
    query = QueueQuery(QueueView.OPEN, QueueSort.OLDEST, NOW, text=text)
    with store.reader() as db:
        numbers = _numbers(queue_page(db, query))
        assert queue_count(db, query) == len(numbers)
    return numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T-000002", ["T-000002"]),
        ("t-2", ["T-000002"]),
        ("  t-000003 ", ["T-000003"]),
        ("2", ["T-000002"]),  # a bare number is the ticket number...
        ("139", ["T-000002"]),  # ...and a phone prefix
        ("137 0000", ["T-000001"]),
        ("+86 186-0000", ["T-000003"]),
        ("卡纸", ["T-000001"]),
        ("FAN NOISE", ["T-000002"]),
        ("100%", ["T-000003"]),  # LIKE wildcards are taken literally
        ("mary", ["T-000002"]),
        ("静", ["T-000001"]),
        ("pf1x", ["T-000001"]),
        ("mon-", ["T-000003"]),
        ("X0001", []),  # serials match by prefix only
        ("00001111", []),  # phones too
        ("nothing like it", []),
        ("", ["T-000001", "T-000002", "T-000003"]),
    ],
)
def test_the_filter_finds_tickets_by_what_people_type(
    filter_store: Store, text: str, expected: list[str]
) -> None:
    assert _found(filter_store, text) == expected


@pytest.mark.parametrize("view", [QueueView.OPEN, QueueView.CLOSED])
def test_the_filter_keeps_the_order_and_pages_of_its_view(
    queue_store: Store, snapshot: Snapshot, view: QueueView
) -> None:
    # The view's most common subject, which no name, serial or phone contains.
    subjects = [t.subject for t in snapshot.tickets if t.number in snapshot.expected(view, SORT)]
    subject = max(set(subjects), key=subjects.count)
    query = snapshot.query(view, SORT, text=f"  {subject.upper()} ")
    shown = [n for page in _pages_forward(queue_store, query, limit=1) for n in _numbers(page)]
    assert len(shown) >= 2
    assert shown == snapshot.expected(view, SORT, text=subject)


# --- plans: every page comes from an index --------------------------------------------------


@pytest.fixture(scope="module")
def plan_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    code = run(["--db", str(path), "demo", "--tickets", "3000", "--seed", "3",
                "--now", "2026-11-20T10:00:00+08:00", "--quiet"])  # fmt: skip
    assert code == 0
    return path


@pytest.fixture(params=["analyzed", "no statistics"])
def plan_store(request: pytest.FixtureRequest, plan_template: Path, tmp_path: Path) -> Path:
    """The demo store as built (ANALYZEd), and as a store that never saw ANALYZE."""
    path = tmp_path / "plans.db"
    path.write_bytes(plan_template.read_bytes())
    if request.param == "no statistics":
        with sqlite3.connect(path) as connection:
            connection.execute("DROP TABLE sqlite_stat1")
    return path


class _Recording:
    """A connection that notes every statement run on it, with its parameters."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.statements: list[tuple[str, Any]] = []

    def execute(self, statement: str, parameters: Any = ()) -> sqlite3.Cursor:
        self.statements.append((statement, parameters))
        return self.connection.execute(statement, parameters)


def _plans(store: Store, query: QueueQuery, pages: int) -> list[str]:
    """The query plan of every statement that reading up to `pages` pages runs."""
    with store.reader() as connection:
        db = _Recording(connection)
        page = queue_page(db, query, limit=3)  # type: ignore[arg-type]
        for _ in range(pages - 1):
            if page.next_cursor is None:
                break
            page = queue_page(db, query, after=page.next_cursor, limit=3)  # type: ignore[arg-type]
        return [
            "\n".join(step[3] for step in connection.execute(f"EXPLAIN QUERY PLAN {sql}", values))
            for sql, values in db.statements
        ]


@pytest.mark.parametrize(
    ("view", "sort"),
    [
        (QueueView.OPEN, QueueSort.PRIORITY),
        (QueueView.OPEN, QueueSort.NEWEST),
        (QueueView.OPEN, QueueSort.DUE),
        (QueueView.MINE, QueueSort.PRIORITY),
        (QueueView.TEAM, QueueSort.OLDEST),
        (QueueView.UNASSIGNED, QueueSort.OLDEST),
        (QueueView.CLOSED, QueueSort.NEWEST),
        (QueueView.CLOSED, QueueSort.PRIORITY),
    ],
)
def test_pages_are_read_from_a_queue_index_without_sorting(
    plan_store: Path, view: QueueView, sort: QueueSort
) -> None:
    store = open_store(plan_store)
    try:
        plans = _plans(store, Snapshot.of(store).query(view, sort), pages=3)
    finally:
        store.close()
    assert len(plans) >= 2  # the first page and one read from a cursor
    for number, plan in enumerate(plans):
        ticket_step = next(line for line in plan.splitlines() if " ticket " in f"{line} ")
        assert "USING INDEX ix_ticket_open_" in ticket_step or (
            "USING INDEX ix_ticket_closed_" in ticket_step
        ), plan
        assert "TEMP B-TREE" not in plan, plan
        if number > 0 and sort is QueueSort.NEWEST:  # a cursor bounds the seek from above
            assert "<?" in ticket_step or "<(?" in ticket_step, plan


def test_breaching_is_read_from_the_due_time_index(plan_store: Path) -> None:
    store = open_store(plan_store)
    try:
        for sort in QueueSort:
            query = QueueQuery(QueueView.BREACHING, sort, NOW)
            for plan in _plans(store, query, pages=1):
                assert "SEARCH ticket USING INDEX ix_ticket_open_due (due_at" in plan, plan
                assert ("TEMP B-TREE" in plan) == (sort is not QueueSort.DUE), plan
    finally:
        store.close()


def test_migrations_create_the_queue_indexes_exactly_as_the_models_declare(
    tmp_path: Path,
) -> None:
    """Alembic compares neither expression indexes nor partial-index conditions: compare SQL."""
    engine = create_engine(f"sqlite:///{tmp_path / 'models.db'}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    open_store(tmp_path / "migrated.db").close()

    def ticket_indexes(path: Path) -> dict[str, str]:
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ticket'"
                " AND sql IS NOT NULL"
            ).fetchall()
        return {name: " ".join(sql.split()) for name, sql in rows}

    from_models = ticket_indexes(tmp_path / "models.db")
    assert ticket_indexes(tmp_path / "migrated.db") == from_models
    assert "ix_ticket_closed_priority" in from_models
