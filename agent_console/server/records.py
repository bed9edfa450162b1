"""Records as the server keeps them: current field values, each with the clock, position and
author of the write that set it; and the positions that order every change."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from agent_console import hlc
from agent_console.ids import new_id
from agent_console.server import db, schema
from agent_console.vocab import Role

SERVER_NODE = "server"
_SCOPE_COLUMNS = ("team_id", "assignee_id", "customer_id", "device_id")


@dataclass(frozen=True)
class Member:
    """An account of the server, as a request's token names it."""

    id: str
    name: str
    role: Role
    team_id: str | None
    agent_id: str

    @property
    def sees_everything(self) -> bool:
        return self.role in {Role.SUPERVISOR, Role.ADMIN}

    def has_ticket(self, ticket: dict[str, Any]) -> bool:
        """Whether a ticket (its fields) is in this member's scope."""
        if self.sees_everything:
            return True
        team = ticket.get("team_id")
        return (team is not None and team == self.team_id) or ticket.get(
            "assignee_id"
        ) == self.agent_id


@dataclass
class Stored:
    id: str
    entity: str
    data: dict[str, Any]
    clocks: dict[str, list[Any]]  # field -> [hlc, position, author]
    created_by: str | None
    is_new: bool = False
    changed: bool = False


class Positions:
    """Positions for one writing transaction. Taking the counter row first makes every other
    writer wait until this transaction commits, so positions commit in order."""

    def __init__(self, connection: sa.Connection, lock_rows: bool) -> None:
        counter = schema.counter
        statement = sa.select(counter.c.value).where(counter.c.name == db.SEQ)
        if lock_rows:
            statement = statement.with_for_update()
        self.connection = connection
        self.last = connection.execute(statement).scalar_one()
        self._start = self.last

    def take(self) -> int:
        self.last += 1
        return self.last

    def finish(self) -> None:
        if self.last != self._start:
            counter = schema.counter
            self.connection.execute(
                sa.update(counter).where(counter.c.name == db.SEQ).values(value=self.last)
            )


def server_clock(connection: sa.Connection, now: datetime) -> str:
    """A clock for a write the server makes itself (a renumbering, a new account)."""
    counter = schema.counter
    where = counter.c.name == db.CLOCK
    last = connection.execute(sa.select(counter.c.text).where(where)).scalar_one()
    stamp = hlc.tick(
        hlc.Timestamp.decode(last) if last else None, int(now.timestamp() * 1000), SERVER_NODE
    )
    connection.execute(sa.update(counter).where(where).values(text=stamp.encode()))
    return stamp.encode()


def node_of(clock: str) -> str:
    return hlc.Timestamp.decode(clock).node


def load(connection: sa.Connection, record_id: str) -> Stored | None:
    table = schema.record
    row = connection.execute(
        sa.select(table.c.entity, table.c.data, table.c.clocks, table.c.created_by).where(
            table.c.id == record_id
        )
    ).first()
    if row is None:
        return None
    return Stored(record_id, row.entity, dict(row.data), dict(row.clocks), row.created_by)


def new(entity: str, record_id: str, created_by: str | None) -> Stored:
    return Stored(record_id, entity, {}, {}, created_by, is_new=True)


def set_field(
    stored: Stored, name: str, value: Any, *, clock: str, position: int, author: str
) -> None:
    stored.data[name] = value
    stored.clocks[name] = [clock, position, author]
    stored.changed = True


def create(
    connection: sa.Connection,
    positions: Positions,
    entity: str,
    record_id: str,
    *,
    now: datetime,
    fields: dict[str, Any],
) -> None:
    """A record the server makes itself (a team, an account's agent, a conflict)."""
    stored = new(entity, record_id, None)
    clock = server_clock(connection, now)
    position = positions.take()
    for name, value in {"id": record_id, **fields}.items():
        set_field(stored, name, value, clock=clock, position=position, author=SERVER_NODE)
    save(connection, stored, position)


def resend(stored: Stored, name: str, position: int) -> None:
    """Give a field a new position, value and clock unchanged, so pulls send it again."""
    stored.clocks[name] = [stored.clocks[name][0], position, stored.clocks[name][2]]
    stored.changed = True


def save(connection: sa.Connection, stored: Stored, position: int) -> None:
    table = schema.record
    data = stored.data
    values: dict[str, Any] = {
        "data": data,
        "clocks": stored.clocks,
        "seq": position,
        "ticket_id": stored.id if stored.entity == "ticket" else data.get("ticket_id"),
        **{column: data.get(column) for column in _SCOPE_COLUMNS},
    }
    if stored.is_new:
        connection.execute(
            sa.insert(table).values(
                id=stored.id,
                entity=stored.entity,
                created_seq=position,
                created_by=stored.created_by,
                **values,
            )
        )
    else:
        connection.execute(sa.update(table).where(table.c.id == stored.id).values(**values))


def claim(connection: sa.Connection, entity: str, field: str, value: str, record_id: str) -> str:
    """Claim a unique value for a record; returns the id of the record that holds it."""
    table = schema.claim
    key = (table.c.entity == entity) & (table.c.field == field) & (table.c.value == value)
    holder = connection.execute(sa.select(table.c.record_id).where(key)).scalar_one_or_none()
    if holder is None:
        connection.execute(
            sa.insert(table).values(entity=entity, field=field, value=value, record_id=record_id)
        )
        return record_id
    return holder


def next_ticket_number(connection: sa.Connection) -> int:
    """One past the highest ticket number the server holds."""
    table = schema.claim
    highest = connection.execute(
        sa.select(table.c.value)
        .where((table.c.entity == "ticket") & (table.c.field == "number"))
        .order_by(sa.func.length(table.c.value).desc(), table.c.value.desc())
        .limit(1)
    ).scalar_one_or_none()
    return int(highest.removeprefix("T-")) + 1 if highest else 1


def new_record_id() -> str:
    return str(new_id())


def as_uuid(text: str) -> str:
    """The canonical form of an id a client sent; ValueError if it is none."""
    return str(uuid.UUID(text))
