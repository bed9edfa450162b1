"""The server's database: a SQLite file (the embedded default) or PostgreSQL."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError, DatabaseError

from agent_console.errors import ServerDatabaseInvalid
from agent_console.server import schema
from agent_console.store.engine import check_store_file, make_engine, write_options

SEQ = "seq"
CLOCK = "clock"
VERSION = "schema"


def engine_url(text: str) -> str:
    """`postgresql://…` gets the psycopg driver; anything else is a SQLite file path."""
    for scheme in ("postgresql://", "postgres://"):
        if text.startswith(scheme):
            return "postgresql+psycopg://" + text.removeprefix(scheme)
    return text


class ServerDb:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        sqlite = engine.dialect.name == "sqlite"
        self._write_engine = engine.execution_options(**write_options()) if sqlite else engine
        self.locks_rows = not sqlite  # SQLite's writer lock already serializes writes

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        with self._write_engine.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    def close(self) -> None:
        self.engine.dispose()


def open_server_db(url: str) -> ServerDb:
    """Open the server database at `url`, creating its tables on first use."""
    target = engine_url(url)
    try:
        if target.startswith("postgresql+psycopg://"):
            engine = sa.create_engine(target, pool_pre_ping=True, pool_size=10)
        else:
            path = Path(target.removeprefix("sqlite:///")).expanduser()
            check_store_file(path)
            engine = make_engine(path)
        db = ServerDb(engine)
        with db.write() as connection:
            schema.metadata.create_all(connection)
            _initialize(connection, url)
    except (ArgumentError, DatabaseError) as error:
        raise ServerDatabaseInvalid(url=url, detail=str(error).splitlines()[0]) from None
    return db


def _initialize(connection: sa.Connection, url: str) -> None:
    counter = schema.counter
    rows = dict(connection.execute(sa.select(counter.c.name, counter.c.value)).all())
    if VERSION not in rows:
        connection.execute(
            sa.insert(counter),
            [
                {"name": VERSION, "value": schema.SCHEMA_VERSION},
                {"name": SEQ, "value": 0},
                {"name": CLOCK, "value": 0, "text": None},
            ],
        )
    elif rows[VERSION] != schema.SCHEMA_VERSION:
        raise ServerDatabaseInvalid(url=url, detail=f"schema version {rows[VERSION]}")


def head(connection: sa.Connection) -> int:
    """The position of the last committed change."""
    counter = schema.counter
    return connection.execute(sa.select(counter.c.value).where(counter.c.name == SEQ)).scalar_one()
