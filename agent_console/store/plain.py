"""Reads on a plain sqlite3 connection, for what must not wait for SQLAlchemy to load.

Values are stored in the text forms SQLAlchemy gives them on SQLite: UUIDs as 32 hex digits,
times as naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff``, vocabulary values as their codes.
"""

import sqlite3
import uuid
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_MS = 5000


def connect(path: Path) -> sqlite3.Connection:
    """A connection that only reads, in autocommit mode (BEGIN and COMMIT are the caller's)."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA query_only = ON")
    return connection


def sql_value(value: Any) -> Any:
    """A Python value in its stored form, to bind as a parameter."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, Enum):
        return value.value
    return value


def uuid_of(stored: str) -> uuid.UUID:
    return uuid.UUID(hex=stored)


def time_of(stored: str) -> datetime:
    """An aware UTC time, as the ORM gives it."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def meta_value(connection: sqlite3.Connection, key: str) -> str | None:
    """A value of store_meta (agent_console.store.meta writes them)."""
    found = connection.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
    return found[0] if found else None
