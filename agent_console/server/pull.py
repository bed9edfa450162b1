"""Pages of changes for a client: what changed in its member's scope since it last caught up.

A pull runs from `since` (where the client's last complete pull ended) through the pages of
records whose latest change lies after `after` (the page cursor). Each record brings the
fields written after `since`, so a record that changes again while a long pull runs still
arrives whole. Fields the client wrote itself are left out: it has them.

A ticket that enters the member's scope (new to the client, or moved to its team or to the
member) arrives whole, with its earlier timeline and its customer and device.
"""

from typing import Any

import sqlalchemy as sa

from agent_console.server import db as server_db
from agent_console.server import records, schema
from agent_console.server.db import ServerDb
from agent_console.server.records import Member
from agent_console.sync.protocol import SHARED, TICKET_CHILDREN, Change, Page

DEFAULT_PAGE = 500
_SCOPE_FIELDS = ("team_id", "assignee_id")
_REFERENCES = ("customer", "device")


def _member_tickets(member: Member, column: str) -> sa.Select:
    """A column of the tickets in the member's team or assigned to the member."""
    table = schema.record.alias(f"ticket_{column}")
    mine = table.c.assignee_id == member.agent_id
    if member.team_id is not None:
        mine = mine | (table.c.team_id == member.team_id)
    return sa.select(table.c[column]).where((table.c.entity == "ticket") & mine)


def _scope(member: Member) -> sa.ColumnElement[bool]:
    record = schema.record
    if member.sees_everything:
        return sa.true()
    ticket_ids = _member_tickets(member, "id")
    return sa.or_(
        record.c.entity.in_(SHARED),
        (record.c.entity == "ticket") & record.c.id.in_(ticket_ids),
        record.c.entity.in_(TICKET_CHILDREN) & record.c.ticket_id.in_(ticket_ids),
        (record.c.entity == "customer") & record.c.id.in_(_member_tickets(member, "customer_id")),
        (record.c.entity == "device") & record.c.id.in_(_member_tickets(member, "device_id")),
    )


def pull_page(
    db: ServerDb, member: Member, client_id: str, *, since: int, after: int, limit: int
) -> Page | None:
    """The next page, or None when nothing at all has changed after `after`."""
    record = schema.record
    with db.read() as connection:
        head = server_db.head(connection)
        if head <= after:
            return None
        rows = connection.execute(
            sa.select(record)
            .where((record.c.seq > after) & (record.c.seq <= head) & _scope(member))
            .order_by(record.c.seq)
            .limit(limit + 1)
        ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        builder = _PageBuilder(connection, member, client_id, since)
        for row in rows:
            builder.add(row)
    cursor = rows[-1].seq if more else head
    return Page(cursor=cursor, more=more, clock=builder.clock, changes=builder.changes)


class _PageBuilder:
    def __init__(self, connection: sa.Connection, member: Member, client_id: str, since: int):
        self.connection = connection
        self.member = member
        self.client_id = client_id
        self.since = since
        self.changes: list[Change] = []
        self.clock: str | None = None
        self._sent: set[str] = set()

    def add(self, row: Any) -> None:
        if row.id in self._sent:
            return
        if row.entity == "ticket" and self._arrives(row):
            self._send(row, whole=True)
            if not self.member.sees_everything:
                self._send_earlier_family(row)
        else:
            self._send(row, whole=row.entity in _REFERENCES)

    def _arrives(self, row: Any) -> bool:
        """Whether the client may not have this ticket: someone else made it since, or moved
        it into the member's scope."""
        clocks = row.clocks
        if row.created_seq > self.since and self._by_other(clocks["id"]):
            return True
        return any(
            field in clocks and clocks[field][1] > self.since and self._by_other(clocks[field])
            for field in _SCOPE_FIELDS
        )

    def _by_other(self, clock: list[Any]) -> bool:
        return records.node_of(clock[0]) != self.client_id

    def _send(self, row: Any, *, whole: bool) -> None:
        clocks = row.clocks
        if whole and all(not self._by_other(clock) for clock in clocks.values()):
            whole = False  # all its fields are the client's own: it has the record
        names = [
            name for name, clock in clocks.items()
            if whole or (clock[1] > self.since and self._by_other(clock))
        ]  # fmt: skip
        if not names:
            return
        fields = {name: row.data.get(name) for name in names}
        self.changes.append(Change(row.entity, row.id, fields))
        self._sent.add(row.id)
        newest = max(clocks[name][0] for name in names)
        if self.clock is None or newest > self.clock:
            self.clock = newest

    def _send_earlier_family(self, ticket: Any) -> None:
        record = schema.record
        earlier = (record.c.seq <= self.since) & (
            (record.c.ticket_id == ticket.id) & record.c.entity.in_(TICKET_CHILDREN)
            | record.c.id.in_([ticket.customer_id, ticket.device_id])
        )
        for row in self.connection.execute(sa.select(record).where(earlier)).all():
            if row.id not in self._sent:
                self._send(row, whole=True)
