"""Writing a generated demo store in bulk.

The demo is built in a side file with journaling off and secondary indexes dropped, then
indexed, switched to WAL and renamed over the target: a killed run leaves no half store.
"""

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from agent_console.demo.generate import COLUMNS, DemoGenerator
from agent_console.store import meta
from agent_console.store.engine import check_store_file, open_store

CHUNK_TICKETS = 5_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    teams: int
    agents: int
    customers: int
    devices: int
    tickets: int
    events: int


def insert_sql(table: str) -> str:
    columns = COLUMNS[table]
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _remove_with_sidecars(path: Path, *, keep_main: bool = False) -> None:
    for suffix in ("-wal", "-shm", "-journal") if keep_main else ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _drop_secondary_indexes(connection: sqlite3.Connection) -> list[str]:
    """Drop the indexes declared by migrations (not the implicit unique ones); return their SQL."""
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in rows:
        connection.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def _insert_all(connection: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> int:
    cursor = connection.executemany(insert_sql(table), rows)
    return cursor.rowcount


def _insert_tickets(
    connection: sqlite3.Connection, generator: DemoGenerator, progress: Progress | None
) -> tuple[int, int]:
    ticket_sql, event_sql = insert_sql("ticket"), insert_sql("ticket_event")
    pairs = generator.ticket_and_event_rows()
    tickets = events = 0
    while chunk := list(islice(pairs, CHUNK_TICKETS)):
        connection.executemany(ticket_sql, (ticket for ticket, _ in chunk))
        timeline = [event for _, ticket_events in chunk for event in ticket_events]
        connection.executemany(event_sql, timeline)
        tickets += len(chunk)
        events += len(timeline)
        if progress is not None:
            progress(tickets, generator.plan.tickets)
    return tickets, events


def write_demo(
    path: Path, generator: DemoGenerator, progress: Progress | None = None
) -> DemoSummary:
    """Build the demo store at `path`, replacing what is there."""
    check_store_file(path)
    building = path.with_name(f"{path.name}.building")
    _remove_with_sidecars(building)
    open_store(building).close()  # the schema, by the same migrations as every store

    connection = sqlite3.connect(building, isolation_level=None)
    try:
        for pragma in (
            "journal_mode = DELETE", "journal_mode = OFF", "synchronous = OFF",
            "locking_mode = EXCLUSIVE", "temp_store = MEMORY", "cache_size = -262144",
        ):  # fmt: skip
            connection.execute(f"PRAGMA {pragma}")
        index_sql = _drop_secondary_indexes(connection)
        connection.execute("BEGIN")
        teams = _insert_all(connection, "team", generator.team_rows())
        agents = _insert_all(connection, "agent", generator.agent_rows())
        customers = _insert_all(connection, "customer", generator.customer_rows())
        devices = _insert_all(connection, "device", generator.device_rows())
        _insert_all(connection, "part", generator.part_rows())
        tickets, events = _insert_tickets(connection, generator, progress)
        for key, value in (
            (meta.NEXT_TICKET, str(tickets + 1)),
            (meta.CURRENT_AGENT, generator.default_agent),
        ):
            connection.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", (key, value))
        connection.execute("COMMIT")
        for sql in index_sql:
            connection.execute(sql)
        connection.execute("ANALYZE")
        connection.execute("PRAGMA locking_mode = NORMAL")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    # A stale WAL beside the new file would be replayed into it: remove the old store's first.
    _remove_with_sidecars(path, keep_main=True)
    building.replace(path)
    return DemoSummary(path, teams, agents, customers, devices, tickets, events)
