"""Opening a local store: checks, SQLite settings, migrations, and transactions.

Writes take the database lock at BEGIN (BEGIN IMMEDIATE), so two processes that write at the
same time queue on the busy timeout instead of failing half-way through a transaction.

SQLAlchemy loads on the first session, not on opening: a store whose schema is current opens
with the sqlite3 module alone, and `reader()` reads without the ORM, so the queue's first
page is on screen before the third of a second the ORM takes to import.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent_console.errors import NotAStore, StoreBusy, StoreDirectoryMissing, StoreTooNew
from agent_console.store import plain
from agent_console.store.meta_keys import CLIENT_ID
from agent_console.store.plain import BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from agent_console.commitments import Commitments
    from agent_console.sop import Procedures

SCHEMA_HEAD = "0008"  # the newest migration; tests check it against Alembic's head
_SQLITE_HEADER = b"SQLite format 3\x00"
_WRITE = "agent_console_write"
_REMOTE = "agent_console_remote"  # applying the server's rows: references may arrive later


def utc_now() -> datetime:
    return datetime.now(UTC)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control from the sqlite3 module, which would defer BEGIN
    # until the first write; SQLAlchemy's "begin" event below emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_begin(connection: Any) -> None:
    options = connection.get_execution_options()
    # Set per transaction (it cannot change inside one): a pulled page may bring a timeline
    # event before the ticket it belongs to, which a later page of the same pull brings.
    remote = options.get(_REMOTE, False)
    connection.exec_driver_sql(f"PRAGMA foreign_keys = {'OFF' if remote else 'ON'}")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(_WRITE, False) else "BEGIN")


def write_options() -> dict[str, Any]:
    """Execution options of a connection that writes: it takes the lock at BEGIN."""
    return {_WRITE: True}


def check_store_file(path: Path) -> None:
    """Refuse a path whose directory is missing or whose file is not SQLite."""
    directory = path.parent
    if not directory.is_dir():
        raise StoreDirectoryMissing(path=str(path), directory=str(directory))
    if path.is_dir():
        raise NotAStore(path=str(path), reason="directory")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as file:
            if file.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise NotAStore(path=str(path), reason="not_sqlite")


def make_engine(path: Path) -> "Engine":
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Store:
    """An open local store. `read()` and `write()` give sessions; a write is one transaction.
    `reader()` gives a plain sqlite3 connection for reads that must not wait for the ORM."""

    def __init__(
        self,
        path: Path,
        clock: Callable[[], datetime] = utc_now,
        commitments: "Commitments | None" = None,
        procedures_dir: Path | None = None,
    ) -> None:
        self.path = path
        self.clock = clock
        self._commitments = commitments
        self._procedures_dir = procedures_dir
        self._procedures: Procedures | None = None
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()

    @property
    def engine(self) -> "Engine":
        """The SQLAlchemy engine, made on first use (from any thread)."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = make_engine(self.path)
            return self._engine

    @property
    def commitments(self) -> "Commitments":
        """The service commitments whose clocks this store keeps (the shipped ones by default)."""
        if self._commitments is None:
            from agent_console.commitments import Commitments
            from agent_console.content import bundled_kb_dir

            self._commitments = Commitments.load(bundled_kb_dir())
        return self._commitments

    @property
    def procedures(self) -> "Procedures":
        """The standard procedures tickets follow (the shipped ones by default), read on first
        use: most commands and the first paint never need them."""
        if self._procedures is None:
            from agent_console.content import bundled_kb_dir
            from agent_console.sop import load_procedures

            self._procedures = load_procedures(self._procedures_dir or bundled_kb_dir() / "sops")
        return self._procedures

    def now(self) -> datetime:
        return self.clock()

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A plain connection reading one snapshot of the store (see agent_console.store.plain)."""
        with closing(plain.connect(self.path)) as connection:
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator["Session"]:
        from sqlmodel import Session

        with Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self, *, remote: bool = False) -> Iterator["Session"]:
        """One transaction: committed when the block ends, rolled back if it raises.

        `remote` is for rows pulled from the server, whose references may come later."""
        from sqlalchemy.exc import OperationalError
        from sqlmodel import Session

        options = {_WRITE: True, _REMOTE: remote}
        engine = self.engine.execution_options(**options)
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as error:
            if "database is locked" in str(error):
                raise StoreBusy(path=str(self.path)) from None
            raise

    def close(self) -> None:
        with self._engine_lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


def _stored_revision(connection: sqlite3.Connection) -> str | None:
    has_version = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_version:
        return None
    found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return found[0] if found else None


def _is_ready(path: Path) -> bool:
    """Whether the store is at the current schema and has its identity, so opening it needs
    nothing more (and no SQLAlchemy). Any doubt is left to the full open and its errors."""
    if not path.exists():
        return False
    try:
        with closing(plain.connect(path)) as connection:
            current = _stored_revision(connection) == SCHEMA_HEAD
            return current and plain.meta_value(connection, CLIENT_ID) is not None
    except sqlite3.Error:
        return False


def _migrate(connection: Any, path: Path) -> None:
    revision = _stored_revision(connection.connection.driver_connection)
    if revision == SCHEMA_HEAD:
        return
    from agent_console.store import migrate

    if revision is None and migrate.has_tables(connection):
        raise NotAStore(path=str(path), reason="no_schema")
    if revision is not None and not migrate.known_revision(revision):
        raise StoreTooNew(path=str(path), revision=revision)
    if revision != migrate.head_revision():
        migrate.upgrade(connection)


def _prepare(path: Path) -> None:
    """Create the store or bring its schema up to date, and give it its identity."""
    from sqlalchemy.exc import DatabaseError

    from agent_console.store import meta

    engine = make_engine(path)
    try:
        with engine.execution_options(**{_WRITE: True}).begin() as connection:
            _migrate(connection, path)
            meta.initialize(connection)
    except DatabaseError as error:
        if "locked" in str(error.orig):
            raise StoreBusy(path=str(path)) from None
        raise NotAStore(path=str(path), reason="database_error", detail=str(error.orig)) from None
    finally:
        engine.dispose()


def open_store(
    path: Path,
    clock: Callable[[], datetime] = utc_now,
    commitments: "Commitments | None" = None,
    procedures_dir: Path | None = None,
) -> Store:
    """Open the store at `path`, creating it or upgrading its schema as needed."""
    check_store_file(path)
    if not _is_ready(path):
        _prepare(path)
    return Store(path, clock, commitments, procedures_dir)
