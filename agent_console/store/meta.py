"""Per-store state kept in store_meta: the client id, the hybrid clock, the ticket numbers,
and the link to a central server."""

import uuid

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from agent_console import hlc
from agent_console.ids import new_id
from agent_console.numbering import format_number
from agent_console.store.meta_keys import (
    CLIENT_ID,
    CLOCK,
    CURRENT_AGENT,
    NEXT_TICKET,
    PULL_CURSOR,
    PULLED,
    SERVER_TOKEN,
    SERVER_URL,
)
from agent_console.store.schema import StoreMeta

__all__ = [
    "CLIENT_ID", "CLOCK", "CURRENT_AGENT", "NEXT_TICKET", "PULLED", "PULL_CURSOR", "SERVER_TOKEN",
    "SERVER_URL", "client_id", "get", "initialize", "next_clock", "position", "put",
    "take_ticket_number",
]  # fmt: skip

_meta = StoreMeta.__table__


def get(db: Session | Connection, key: str) -> str | None:
    return db.execute(select(_meta.c.value).where(_meta.c.key == key)).scalar_one_or_none()


def put(db: Session | Connection, key: str, value: str) -> None:
    statement = insert(_meta).values(key=key, value=value)
    db.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def initialize(connection: Connection) -> None:
    """Give a new store its identity; an existing store keeps its own."""
    if get(connection, CLIENT_ID) is None:
        put(connection, CLIENT_ID, str(new_id()))


def client_id(db: Session | Connection) -> uuid.UUID:
    value = get(db, CLIENT_ID)
    assert value is not None, "store_meta.client_id is set when the store is opened"
    return uuid.UUID(value)


def next_clock(db: Session | Connection, now_ms: int) -> hlc.Timestamp:
    """Tick the store's hybrid clock and persist it in the caller's transaction."""
    last = get(db, CLOCK)
    stamp = hlc.tick(hlc.Timestamp.decode(last) if last else None, now_ms, node=str(client_id(db)))
    put(db, CLOCK, stamp.encode())
    return stamp


def position(db: Session | Connection, key: str) -> int:
    return int(get(db, key) or "0")


def take_ticket_number(db: Session | Connection) -> str:
    sequence = int(get(db, NEXT_TICKET) or "1")
    put(db, NEXT_TICKET, str(sequence + 1))
    return format_number(sequence)
