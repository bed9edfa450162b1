"""The local side of sync: the link to a server, the next batch to push, what the server
acknowledged, and pulled pages written into the store.

Pulled rows bypass the outbox and the timeline: they are the server's record of what others
did, not local changes. A field with a local change still waiting to go up is left alone; the
server decides between the two when the change arrives, and says so in its answer.
"""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, delete, func, select

from agent_console import hlc
from agent_console.errors import StoreHasOwnTeams
from agent_console.store import meta
from agent_console.store.engine import Store
from agent_console.store.schema import (
    Acceptance,
    Agent,
    Appointment,
    ArticleDraft,
    ChecklistEntry,
    Conflict,
    Customer,
    Device,
    Estimate,
    FollowUp,
    Outbox,
    Part,
    RemoteSession,
    Resolution,
    Survey,
    Team,
    Ticket,
    TicketEvent,
    TicketPart,
)
from agent_console.sync.protocol import BY_NAME, Change, Mutation, Page

TABLES: dict[str, type[SQLModel]] = {
    model.__tablename__: model
    for model in (
        Team,
        Agent,
        Customer,
        Device,
        Ticket,
        TicketEvent,
        ChecklistEntry,
        Conflict,
        Part,
        TicketPart,
        Appointment,
        RemoteSession,
        Estimate,
        Resolution,
        Acceptance,
        Survey,
        FollowUp,
        ArticleDraft,
    )
}
_NUMBER = re.compile(r"^T-(\d+)$")


@dataclass(frozen=True)
class Link:
    server: str
    token: str


def link(store: Store) -> Link | None:
    with store.read() as session:
        server, token = meta.get(session, meta.SERVER_URL), meta.get(session, meta.SERVER_TOKEN)
    return Link(server, token) if server and token else None


def save_link(store: Store, server: str, token: str, member: str) -> None:
    """Keep the server and token; the member becomes the store's agent at the keyboard.

    A store that set up teams of its own (the demo, say) cannot join a server, whose teams
    have other ids: the two would hold two teams of one name."""
    with store.write() as session:
        linked = meta.get(session, meta.SERVER_URL) is not None
        if not linked and session.exec(select(func.count()).select_from(Team)).one():
            raise StoreHasOwnTeams(path=str(store.path))
        meta.put(session, meta.SERVER_URL, server.rstrip("/"))
        meta.put(session, meta.SERVER_TOKEN, token)
        meta.put(session, meta.CURRENT_AGENT, member)


def client_id(store: Store) -> str:
    with store.read() as session:
        return str(meta.client_id(session))


def pending_count(store: Store) -> int:
    with store.read() as session:
        return session.exec(select(func.count()).select_from(Outbox)).one()


def pending(store: Store, limit: int) -> list[Mutation]:
    """The oldest local changes the server has not acknowledged, in order."""
    with store.read() as session:
        rows = session.exec(select(Outbox).order_by(Outbox.mutation_id).limit(limit)).all()
    return [
        Mutation(
            mutation_id=row.mutation_id or 0,
            entity=row.entity,
            entity_id=str(row.entity_id),
            op=row.op,
            hlc=row.hlc,
            fields=row.fields,
            author=row.author,
            seen=row.seen,
        )
        for row in rows
    ]


def forget_through(store: Store, mutation_id: int) -> None:
    """The server has every change up to `mutation_id`; where one of them lost to a later
    write, the next pull brings the value that won."""
    with store.write() as session:
        session.exec(delete(Outbox).where(Outbox.mutation_id <= mutation_id))


def cursor(store: Store) -> int:
    """Where the next pull page starts."""
    with store.read() as session:
        return max(meta.position(session, meta.PULL_CURSOR), meta.position(session, meta.PULLED))


def pulled(store: Store) -> int:
    """Where the last complete pull ended: everything before it is here."""
    with store.read() as session:
        return meta.position(session, meta.PULLED)


def caught_up(store: Store, position: int) -> None:
    with store.write() as session:
        meta.put(session, meta.PULL_CURSOR, str(position))
        meta.put(session, meta.PULLED, str(position))


@dataclass
class Applied:
    changes: int = 0
    by_entity: dict[str, int] = field(default_factory=dict)


def apply_page(store: Store, page: Page) -> Applied:
    """Write a pulled page and move the cursor past it, in one transaction: a pull cut off
    half-way repeats the page harmlessly."""
    with store.write(remote=True) as session:
        applied = _apply(session, page.changes)
        meta.put(session, meta.PULL_CURSOR, str(page.cursor))
        if not page.more:
            meta.put(session, meta.PULLED, str(page.cursor))
        if page.clock:
            _receive_clock(session, page.clock, store.now())
    return applied


def _receive_clock(session: Session, remote: str, now: datetime) -> None:
    """Our next change is stamped after everything we have seen."""
    last = meta.get(session, meta.CLOCK)
    node = str(meta.client_id(session))
    # The server held every clock it sends to its own time plus the drift allowed, and ours
    # may run that much behind it: a change made after seeing a value must sort after it.
    stamp = hlc.receive(
        hlc.Timestamp.decode(last) if last else None,
        hlc.Timestamp.decode(remote),
        int(now.timestamp() * 1000),
        node,
        max_drift_ms=2 * hlc.MAX_DRIFT_MS,
    )
    meta.put(session, meta.CLOCK, stamp.encode())


def _waiting_fields(session: Session) -> set[tuple[str, str]]:
    rows = session.exec(select(Outbox.entity_id, Outbox.fields)).all()
    return {(str(entity_id), name) for entity_id, fields in rows for name in fields}


def _apply(session: Session, changes: Iterable[Change]) -> Applied:
    applied = Applied()
    waiting = _waiting_fields(session)
    for change in changes:
        table = TABLES[change.entity].__table__
        fields = {
            name: _python_value(table.c[name].type, value)
            for name, value in change.fields.items()
            if (change.entity_id, name) not in waiting
        }
        if not fields:
            continue
        if change.entity == "ticket" and "number" in fields:
            _make_room_for_number(session, change.entity_id, fields["number"])
        if _write_row(session, table, change, fields):
            applied.changes += 1
            applied.by_entity[change.entity] = applied.by_entity.get(change.entity, 0) + 1
    return applied


def _write_row(session: Session, table: sa.Table, change: Change, fields: dict[str, Any]) -> bool:
    row_id = uuid.UUID(change.entity_id)
    exists = session.execute(select(table.c.id).where(table.c.id == row_id)).first()
    if exists:
        if BY_NAME[change.entity].append_only:
            return False
        values = {name: value for name, value in fields.items() if name != "id"}
        session.execute(sa.update(table).where(table.c.id == row_id).values(**values))
        return True
    if not _complete(table, fields):
        return False  # a change to a row we never had: nothing to change
    session.execute(sa.insert(table).values(**fields))
    return True


def _complete(table: sa.Table, fields: dict[str, Any]) -> bool:
    return all(
        column.name in fields
        for column in table.columns
        if not column.nullable and column.default is None and column.server_default is None
    )


_FROM_WIRE = (
    (sa.DateTime, datetime.fromisoformat),
    (sa.Date, date.fromisoformat),
    (sa.Uuid, uuid.UUID),
)


def _python_value(column_type: sa.types.TypeEngine, value: Any) -> Any:
    """A canonical wire value (agent_console.wire) as the column takes it."""
    if value is None:
        return None
    stored_as = column_type.impl if isinstance(column_type, sa.TypeDecorator) else column_type
    for kind, convert in _FROM_WIRE:
        if isinstance(stored_as, kind):
            return convert(value)
    return value


def _make_room_for_number(session: Session, ticket_id: str, number: str) -> None:
    """A ticket made here offline may hold a number the server gave another; it keeps a
    provisional one until the server renumbers it, and new tickets count on from there."""
    tickets = Ticket.__table__
    holder = session.execute(
        select(tickets.c.id).where(tickets.c.number == number, tickets.c.id != uuid.UUID(ticket_id))
    ).scalar_one_or_none()
    if holder is not None:
        session.execute(
            sa.update(tickets)
            .where(tickets.c.id == holder)
            .values(number=f"{number}*{str(holder)[-4:]}")
        )
    match = _NUMBER.match(number)
    if match and int(match.group(1)) >= meta.position(session, meta.NEXT_TICKET):
        meta.put(session, meta.NEXT_TICKET, str(int(match.group(1)) + 1))
