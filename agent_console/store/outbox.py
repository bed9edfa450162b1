"""The sync outbox: every local change, recorded in the transaction that makes it."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel

from agent_console.store import meta
from agent_console.store.schema import Outbox
from agent_console.wire import wire_value

INSERT = "insert"
UPDATE = "update"


def _record(
    session: Session, row: SQLModel, op: str, fields: dict[str, Any], *, author: str, now: datetime
) -> None:
    stamp = meta.next_clock(session, int(now.timestamp() * 1000))
    session.add(
        Outbox(
            client_id=meta.client_id(session),
            hlc=stamp.encode(),
            entity=row.__tablename__,
            entity_id=row.id,
            op=op,
            fields={name: wire_value(value) for name, value in fields.items()},
            author=author,
            created_at=now,
            seen=meta.position(session, meta.PULLED),
        )
    )


def record_insert(session: Session, row: SQLModel, author: str, now: datetime) -> None:
    fields = {column.name: getattr(row, column.name) for column in row.__table__.columns}
    _record(session, row, INSERT, fields, author=author, now=now)


def record_update(
    session: Session, row: SQLModel, changed: dict[str, Any], author: str, now: datetime
) -> None:
    _record(session, row, UPDATE, changed, author=author, now=now)
