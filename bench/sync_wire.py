"""Sync over slow links (issue #7): what push and pull cost on the wire, through a throttled link.

Goals, each measured through `throttle.ThrottledProxy` in front of a real server on a SQLite
server database:
1. pushing 1,000 single-field edits (priority changes made with `actions.update_ticket`) costs
   <= 1.5x the bare changes: a JSON list of [ticket id, field, value], zlib level 9, computed in
   the same run. The push bytes are every byte of the push requests (HTTP headers included);
2. an idle sync (nothing to push, nothing changed) costs <= 1 KB, up and down;
3. the first pull of an engineer's scope (5,000 tickets and their timelines, customers and
   devices) on a 64 kbit/s, 300 ms RTT link finishes in under 2 minutes; the same pull through
   an unthrottled proxy is the baseline;
4. a sync cut off half-way resends nothing that landed: a first pull whose link is closed after
   about half its pages, then a second sync; and a push of 1,000 edits cut off in its sixth
   batch, then a second sync. The bytes of both runs are compared with one uninterrupted run.

The server is the app `agent-console serve` runs (create_app under uvicorn, in a subprocess),
with a keep-alive timeout of 120 s instead of uvicorn's 5 s: with 5 s, first pulls on the slow
link fail at random (a probe at the end runs the shipped command and counts the failures).

The server data: a demo store (`agent-console demo`, fixed seed and --now) copied row by row
into a fresh server database as server records, in the order a live server would hold them
(each record at the position of its last change), with the tickets of one team rewritten so
that exactly `--scope` tickets belong to the engineer's team. Every client store is a fresh
store logged in as that engineer. Byte counts are what the proxy delivered in each direction:
HTTP/1.1 requests and responses without TLS, TCP/IP headers or handshakes.

After the table, the pages and pushes actually sent are taken apart (decompressed, changed,
compressed again) to show where the bytes go.

    python bench/sync_wire.py [--scope 5000] [--tickets 6000] [--edits 1000] [--time-limit 130]
        [--keep DIR]
"""

import argparse
import base64
import json
import lzma
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlmodel import SQLModel, func, select
from throttle import ThrottledProxy

from agent_console.errors import ServerUnreachable
from agent_console.server import accounts, records
from agent_console.server import schema as server_schema
from agent_console.server.db import open_server_db
from agent_console.store import actions
from agent_console.store import sync as local
from agent_console.store.engine import Store, open_store
from agent_console.store.identity import resolve_actor
from agent_console.store.schema import Agent, Customer, Device, Team, Ticket, TicketEvent
from agent_console.sync import client, protocol
from agent_console.vocab import Priority, Role
from agent_console.wire import wire_value

NOW = "2026-11-20T10:00:00+08:00"
SEED = 7
ENGINEER = "eng-wire"
TEAM = "remote_support"  # the demo team the engineer joins
OTHER_TEAM = "expert"  # where that team's tickets outside the scope go
SLOW_BPS = 64_000
SLOW_RTT_S = 0.3
FAST_BPS = 10_000_000_000  # "unthrottled": the proxy only counts
GOAL_PUSH_RATIO = 1.5
GOAL_IDLE_BYTES = 1024
GOAL_PULL_S = 120.0
MODELS: tuple[type[SQLModel], ...] = (Team, Agent, Customer, Device, Ticket, TicketEvent)
UNIQUE = {"ticket": "number", "device": "serial", "team": "code", "agent": "name"}
SINCE_FIELD = {"customer": "updated_at", "device": "created_at", "ticket": "updated_at"}


# --- the server's data -----------------------------------------------------------------------


def make_demo(path: Path, tickets: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "agent_console", "--db", str(path), "demo", "--tickets",
         str(tickets), "--seed", str(SEED), "--now", NOW, "--quiet", "--force"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def demo_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of the synced tables, as canonical wire values (as an outbox holds them)."""
    store = open_store(path)
    rows: dict[str, list[dict[str, Any]]] = {}
    try:
        with store.read() as session:
            for model in MODELS:
                names = [column.name for column in model.__table__.columns]
                rows[model.__tablename__] = [
                    {name: wire_value(getattr(row, name)) for name in names}
                    for row in session.exec(select(model))
                ]
    finally:
        store.close()
    return rows


def put_in_scope(rows: dict[str, list[dict[str, Any]]], scope: int) -> str:
    """Exactly `scope` tickets, the newest (every open ticket is among them), in TEAM;
    returns TEAM's id."""
    teams = {row["code"]: row["id"] for row in rows["team"]}
    tickets = sorted(rows["ticket"], key=lambda row: row["number"], reverse=True)
    if len(tickets) < scope:
        raise SystemExit(f"the demo has {len(tickets)} tickets, fewer than --scope {scope}")
    for index, ticket in enumerate(tickets):
        if index < scope:
            ticket["team_id"] = teams[TEAM]
        elif ticket["team_id"] == teams[TEAM]:
            ticket["team_id"] = teams[OTHER_TEAM]
    return teams[TEAM]


def _last_change(entity: str, row: dict[str, Any]) -> str:
    if entity == "ticket_event":
        return row["at"]
    return row[SINCE_FIELD[entity]] if entity in SINCE_FIELD else ""


def build_server(path: Path, rows: dict[str, list[dict[str, Any]]], now: datetime) -> str:
    """Write the rows as server records, each at the position of its last change (teams and
    agents first); return the engineer's token."""
    ordered = sorted(
        ((_last_change(entity, row), index, entity, row)
         for index, (entity, entity_rows) in enumerate(rows.items()) for row in entity_rows),
        key=lambda item: (item[0], item[1]),
    )  # fmt: skip
    db = open_server_db(str(path))
    try:
        with db.write() as connection:
            positions = records.Positions(connection, db.locks_rows)
            for _, _, entity, row in ordered:
                stored = records.new(entity, row["id"], None)
                clock = records.server_clock(connection, now)
                position = positions.take()
                for name, value in row.items():
                    records.set_field(
                        stored, name, value, clock=clock, position=position,
                        author=records.SERVER_NODE,
                    )  # fmt: skip
                records.save(connection, stored, position)
                if entity in UNIQUE:
                    records.claim(connection, entity, UNIQUE[entity], str(row[UNIQUE[entity]]),
                                  row["id"])  # fmt: skip
            positions.finish()
        return accounts.add_member(db, ENGINEER, Role.ENGINEER, TEAM, now)
    finally:
        db.close()


def scope_counts(path: Path, team_id: str) -> dict[str, int]:
    """What the engineer may see, counted on the server: the truth a pull is checked against."""
    db = open_server_db(str(path))
    record = server_schema.record
    try:
        with db.read() as connection:
            tickets = sa.select(record.c.id).where(
                (record.c.entity == "ticket") & (record.c.team_id == team_id)
            )

            def count(where: sa.ColumnElement[bool]) -> int:
                statement = sa.select(func.count()).select_from(record).where(where)
                return connection.execute(statement).scalar_one()

            return {
                "ticket": count(record.c.id.in_(tickets)),
                "ticket_event": count(
                    (record.c.entity == "ticket_event") & record.c.ticket_id.in_(tickets)
                ),
                "records": count(sa.true()),
            }
    finally:
        db.close()


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


KEEP_ALIVE_S = 120
SHIPPED_KEEP_ALIVE_S = 5  # uvicorn's default, which `agent-console serve` keeps
# What `agent-console serve` runs, with a keep-alive timeout longer than a page takes to
# arrive on the slow link (the shipped command keeps uvicorn's 5 s: see the keep-alive probe).
_UVICORN = """import sys, uvicorn
from agent_console.server.app import create_app
from agent_console.server.db import open_server_db
uvicorn.run(create_app(open_server_db(sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning", timeout_keep_alive=int(sys.argv[3]))
"""


def start_server(db: Path, log: Path, *, shipped: bool = False) -> Server:
    """The server in a subprocess: `agent-console serve` as shipped, or the same app with a
    long keep-alive timeout."""
    port = free_port()
    command = (
        [sys.executable, "-m", "agent_console", "serve", "--db", str(db), "--port", str(port)]
        if shipped
        else [sys.executable, "-c", _UVICORN, str(db), str(port), str(KEEP_ALIVE_S)]
    )
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text()}")
        try:
            httpx.get(f"{url}/v1/me", timeout=1)
            return Server(url, port, process)
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("the server did not start")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


# --- a client that counts ----------------------------------------------------------------------


@dataclass
class Exchange:
    """One request and its answer, as the proxy delivered them."""

    path: str
    query: str
    status: int | None  # None: cut off
    up: int
    down: int
    sent: bytes
    received: bytes
    seconds: float = 0.0


@dataclass(frozen=True)
class Cut:
    """Close the proxy (the link drops) once `n_bytes` of the n-th request to `path` have
    passed in one direction."""

    path: str
    nth: int
    up: bool  # the request's bytes, else the answer's
    n_bytes: int


class Meter(httpx.BaseTransport):
    """The client's transport: logs each exchange's bytes through the proxy, and can drop the
    link in the middle of one exchange."""

    def __init__(self, proxy: ThrottledProxy, cut: Cut | None = None) -> None:
        self.proxy = proxy
        self.inner = httpx.HTTPTransport()
        self.log: list[Exchange] = []
        self.cut = cut
        self._seen: dict[str, int] = {}

    def _counted(self, up: bool) -> int:
        return self.proxy.bytes_up if up else self.proxy.bytes_down

    def _drop_link(self, cut: Cut, done: threading.Event) -> None:
        start = self._counted(cut.up)
        while not done.wait(0.002):
            if self._counted(cut.up) - start >= cut.n_bytes:
                self.proxy.close()
                return

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self._seen[path] = self._seen.get(path, 0) + 1
        done = threading.Event()
        if self.cut and (self.cut.path, self.cut.nth) == (path, self._seen[path]):
            threading.Thread(target=self._drop_link, args=(self.cut, done), daemon=True).start()
        up, down = self.proxy.bytes_up, self.proxy.bytes_down
        started = time.perf_counter()
        exchange = Exchange(path, request.url.query.decode(), None, 0, 0, request.read(), b"")
        try:
            response = self.inner.handle_request(request)
            exchange.received = response.read()
            exchange.status = response.status_code
            return response
        finally:
            time.sleep(0.001)  # let the proxy thread count the last chunk it wrote
            exchange.up = self.proxy.bytes_up - up
            exchange.down = self.proxy.bytes_down - down
            exchange.seconds = time.perf_counter() - started
            self.log.append(exchange)
            done.set()

    def close(self) -> None:  # httpx.Client closes its transport after each sync
        self.inner.close()
        self.inner = httpx.HTTPTransport()

    def of(self, path: str) -> list[Exchange]:
        return [exchange for exchange in self.log if exchange.path == path]


@dataclass
class Run:
    """One sync (or a sync cut off) through one proxy."""

    seconds: float
    up: int
    down: int
    log: list[Exchange]
    report: client.SyncReport | None
    error: str | None = None
    stopped: bool = False  # at the time limit

    def of(self, path: str) -> list[Exchange]:
        return [exchange for exchange in self.log if exchange.path == path]

    def up_of(self, path: str) -> int:
        return sum(exchange.up for exchange in self.of(path))

    def down_of(self, path: str) -> int:
        return sum(exchange.down for exchange in self.of(path))


@dataclass(frozen=True)
class Link:
    bps: float
    rtt_s: float

    def proxy(self, port: int) -> ThrottledProxy:
        chunk = 512 if self.bps < 1e8 else 65_536
        return ThrottledProxy(port, self.bps, self.rtt_s, chunk_bytes=chunk)

    @property
    def label(self) -> str:
        if self.bps >= 1e8:
            return "unthrottled"
        return f"{self.bps / 1000:g} kbit/s, {self.rtt_s * 1000:g} ms RTT"


SLOW = Link(SLOW_BPS, SLOW_RTT_S)
FAST = Link(FAST_BPS, 0.0)


def sync_through(
    store: Store, server: Server, link: Link, *, cut: Cut | None = None,
    time_limit: float | None = None,
) -> Run:  # fmt: skip
    """One `client.sync` through a new proxy (the store's link is pointed at it). With `cut`,
    the proxy closes during that exchange; with `time_limit`, when the limit passes."""
    proxy = link.proxy(server.port).start()
    meter = Meter(proxy, cut)
    current = local.link(store)
    assert current is not None
    local.save_link(store, f"http://127.0.0.1:{proxy.port}", current.token, ENGINEER)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["report"] = client.sync(store, transport=meter)
        except ServerUnreachable as error:
            outcome["error"] = f"ServerUnreachable: {error.params['detail']}"

    started = time.perf_counter()
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(time_limit)
    stopped = worker.is_alive()
    if stopped:
        proxy.close()
        worker.join()
        outcome["error"] = f"stopped at the time limit ({time_limit:g} s)"
    seconds = time.perf_counter() - started
    time.sleep(0.05)
    proxy.close()
    return Run(seconds, proxy.bytes_up, proxy.bytes_down, meter.log, outcome.get("report"),
               outcome.get("error"), stopped)  # fmt: skip


def new_client(folder: Path, name: str, token: str) -> Store:
    """A fresh store logged in as the engineer (the server address is set per run)."""
    store = open_store(folder / f"{name}.db")
    local.save_link(store, "http://127.0.0.1:9", token, ENGINEER)
    return store


def store_counts(store: Store) -> dict[str, int]:
    with store.read() as session:
        return {
            model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Ticket, TicketEvent, Customer, Device)
        }


# --- edits ---------------------------------------------------------------------------------------


def edit_priorities(store: Store, count: int, seed: int) -> list[list[str]]:
    """`count` priority changes on as many tickets; returns the bare changes
    [ticket id, field, value]."""
    with store.read() as session:
        tickets = sorted(session.exec(select(Ticket.number, Ticket.id, Ticket.priority)).all())
        actor = resolve_actor(store, None)
    rng = random.Random(seed)
    priorities = list(Priority)
    bare = []
    for number, ticket_id, old in sorted(rng.sample(tickets, count)):
        new = rng.choice([priority for priority in priorities if priority != old])
        actions.update_ticket(store, actor, number, actions.TicketChanges(priority=new))
        bare.append([str(ticket_id), "priority", new.value])
    return bare


def compressed(message: Any) -> int:
    return len(zlib.compress(json.dumps(message, separators=(",", ":")).encode(), 9))


def pending_bodies(store: Store) -> list[bytes]:
    """The push bodies the outbox makes now, batch by batch, as `client.sync` sends them."""
    mutations = local.pending(store, 10**9)
    client_id = local.client_id(store)
    return [
        protocol.encode_push(client_id, mutations[start : start + client.PUSH_BATCH])
        for start in range(0, len(mutations), client.PUSH_BATCH)
    ]


# --- where the bytes go ------------------------------------------------------------------------


def _rows_of(bodies: Iterable[bytes]) -> list[dict[str, Any]]:
    return [protocol.decompress(body) for body in bodies]


def _size(messages: Iterable[Any]) -> int:
    return sum(compressed(message) for message in messages)


def push_anatomy(bodies: list[bytes]) -> list[tuple[str, int]]:
    """Compressed push bytes as parts are taken away one after the other: the difference
    between two lines is what the part costs."""
    messages = _rows_of(bodies)
    event = protocol.BY_NAME["ticket_event"]
    ticket = protocol.BY_NAME["ticket"]

    def drop_event_fields(*names: str) -> Callable[[list], list]:
        codes = {event.field_code(name) for name in names}
        return lambda row: (
            row if row[0] != event.code else [*row[:5], _without(row[5], codes), *row[6:]]
        )

    priority = ticket.field_code("priority")
    deadlines = {ticket.field_code("due_at"), ticket.field_code("next_breach_at")}
    steps: list[tuple[str, Callable[[list], list | None]]] = [
        ("as sent", lambda row: row),
        ("- the id field (a copy of the row's id)", lambda row: [*row[:5], _without(row[5], {"0"}),
                                                                *row[6:]]),
        ("- event ids (the new row's UUID)",
         lambda row: row if row[0] != event.code else [row[0], "", *row[2:]]),
        ("- event at, author, author_id", drop_event_fields("at", "author", "author_id")),
        ("- event ticket_id (the edited ticket's id again)", drop_event_fields("ticket_id")),
        ("- event rows (kind, field, old and new value, clock)",
         lambda row: None if row[0] == event.code else row),
        ("- ticket due_at, next_breach_at",
         lambda row: [*row[:5], _without(row[5], deadlines), *row[6:]]),
        ("- ticket updated_at", lambda row: [*row[:5], _keep(row[5], {priority}), *row[6:]]),
        ("- clock, counter, author, seen", lambda row: [row[0], row[1], row[2], row[5]]),
    ]  # fmt: skip
    out = []
    for label, step in steps:
        for message in messages:
            message["m"] = [new for row in message["m"] if (new := step(row)) is not None]
        out.append((label, _size(messages)))
    return out


def _without(packed: dict[str, Any], codes: set[str]) -> dict[str, Any]:
    return {code: value for code, value in packed.items() if code not in codes}


def _keep(packed: dict[str, Any], codes: set[str]) -> dict[str, Any]:
    return {code: value for code, value in packed.items() if code in codes}


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


TEXT_FIELDS = {
    "ticket": ("subject", "description"),
    "ticket_event": ("text", "old_value", "new_value"),
    "customer": ("name", "phone", "email", "organization"),
    "device": ("serial", "model"),
}


Row = list[Any]  # [entity code, id, {field code: value}], as a page carries it


def _map_values(transform: Callable[[protocol.EntitySpec, str, Any], Any]) -> Callable[[Row], Row]:
    """A row change that passes the row's id and each field (spec, name, value) through
    `transform`; a field it maps to _DROP is left out."""

    def change(row: Row) -> Row:
        spec = protocol.BY_CODE[row[0]]
        packed = {}
        for code, value in row[2].items():
            new = transform(spec, spec.field_name(code), value)
            if new is not _DROP:
                packed[code] = new
        return [row[0], transform(spec, "", row[1]), packed]

    return change


_DROP = object()


def _when(test: Callable[[protocol.EntitySpec, str, Any], bool], value: Callable[[Any], Any]):
    return _map_values(lambda spec, name, old: value(old) if test(spec, name, old) else old)


def _is_time(spec: protocol.EntitySpec, name: str, value: Any) -> bool:
    return name in spec.datetimes and isinstance(value, int)


def _compact_uuid(value: Any) -> str:
    return base64.urlsafe_b64encode(uuid.UUID(value).bytes).decode().rstrip("=")


def _pages_with(messages: list[dict[str, Any]], change: Callable[[Row], Row | None]) -> int:
    return _size(_changed(message, change) for message in messages)


def _closed_history(messages: list[dict[str, Any]]) -> Callable[[Row], Row | None]:
    """Closed tickets without their description and timeline (to be fetched when opened)."""
    ticket, event = protocol.BY_NAME["ticket"], protocol.BY_NAME["ticket_event"]
    status, description = ticket.field_code("status"), ticket.field_code("description")
    closed = {
        row[1] for m in messages for row in m["r"] if row[0] == ticket.code
        and row[2].get(status) == "closed"
    }  # fmt: skip
    ticket_id = event.field_code("ticket_id")

    def change(row: Row) -> Row | None:
        if row[0] == event.code and row[2].get(ticket_id) in closed:
            return None
        if row[0] == ticket.code and row[1] in closed:
            return [row[0], row[1], _without(row[2], {description})]
        return row

    return change


def page_anatomy(bodies: list[bytes]) -> dict[str, Any]:
    """Where the compressed bytes of pull pages go: each entity alone; the pages with one kind
    of value made trivial (what that kind costs); and the pages sent some other way."""
    messages = _rows_of(bodies)
    by_entity = {}
    for spec in protocol.ENTITIES:
        rows = [[row for row in m["r"] if row[0] == spec.code] for m in messages]
        if any(rows):  # the pages that carry the entity, with its rows only
            alone = [{**m, "r": mine} for m, mine in zip(messages, rows, strict=True) if mine]
            by_entity[spec.name] = (sum(map(len, rows)), _size(alone))
    ids: dict[str, int] = {}
    uuids = lambda _s, _n, value: _is_uuid(value)  # noqa: E731
    without = {
        "ids": _when(uuids, lambda value: ids.setdefault(value, len(ids))),
        "dup": _map_values(lambda _s, name, value: _DROP if name == "id" else value),
        "times": _when(_is_time, lambda _: 0),
        "text": _when(lambda spec, name, value: bool(value) and name in TEXT_FIELDS.get(
            spec.name, ()), lambda _: ""),
        "keys": lambda row: [row[0], row[1], list(row[2].values())],
    }  # fmt: skip
    compact = _chain(
        _when(uuids, _compact_uuid), without["dup"],
        _when(_is_time, lambda value: value // 1_000_000),
    )  # fmt: skip
    lighter = _chain(_closed_history(messages), compact)
    other = {
        "b64": _pages_with(messages, _when(uuids, _compact_uuid)),
        "seconds": _pages_with(messages, _when(_is_time, lambda value: value // 1_000_000)),
        "compact": _pages_with(messages, compact),
        "history": _pages_with(messages, _closed_history(messages)),
        "lighter": _pages_with(messages, lighter),
        "lighter_lzma": _lzma_stream([_changed(m, lighter) for m in messages]),
        "one_stream": _zlib_stream(messages),
        "lzma_pages": sum(_lzma_stream([m]) for m in messages),
        "lzma_stream": _lzma_stream(messages),
    }
    trivial = {kind: _pages_with(messages, change) for kind, change in without.items()}
    return {
        "total": _size(messages), "raw": sum(map(len, _json(messages))), "ids": len(ids),
        "by_entity": by_entity, "without": trivial, "other": other,
    }  # fmt: skip


def _chain(*changes: Callable[[Row], Row | None]) -> Callable[[Row], Row | None]:
    def change(row: Row) -> Row | None:
        for step in changes:
            if (row := step(row)) is None:  # type: ignore[assignment]
                return None
        return row

    return change


def _changed(message: dict[str, Any], change: Callable[[Row], Row | None]) -> dict[str, Any]:
    return {**message, "r": [new for row in message["r"] if (new := change(row)) is not None]}


def _json(messages: list[dict[str, Any]]) -> list[bytes]:
    return [json.dumps(m, separators=(",", ":")).encode() for m in messages]


def _zlib_stream(messages: list[dict[str, Any]]) -> int:
    """One zlib stream over every page, flushed at the end of each (a dictionary kept across
    the pages of a pull)."""
    stream = zlib.compressobj(9)
    return sum(len(stream.compress(t) + stream.flush(zlib.Z_SYNC_FLUSH)) for t in _json(messages))


def _lzma_stream(messages: list[dict[str, Any]]) -> int:
    return len(lzma.compress(b"".join(_json(messages)), preset=9))


# --- the measures ----------------------------------------------------------------------------

CUT = Link(2_000_000, 0.1)  # goal 4's link: the bytes do not depend on its speed


@dataclass
class Results:
    scope: dict[str, int] = field(default_factory=dict)
    pulls: dict[str, Run] = field(default_factory=dict)
    pulled: dict[str, dict[str, int]] = field(default_factory=dict)
    # stopped at the time limit: the exchanges that ran measured and modelled, the whole modelled
    projection: tuple[float, float, float] | None = None
    idle: Run | None = None
    push: Run | None = None
    bare: int = 0
    sent_fields: dict[str, int] = field(default_factory=dict)
    edit_s: float = 0.0
    push_cut: list[Run] = field(default_factory=list)
    push_full: tuple[int, int] = (0, 0)  # requests and bytes up of the same push uncut
    push_acknowledged: int = 0
    pull_cut: list[Run] = field(default_factory=list)
    probes: list[Run] = field(default_factory=list)


def link_seconds(exchanges: list[Exchange], link: Link) -> float:
    """What exchanges cost on `link`, one after the other as the client makes them: the bytes
    each way at the link's rate, a round trip, and the time each took unthrottled (mostly the
    server's work; the client applies a page between two exchanges)."""
    return sum((x.up + x.down) * 8 / link.bps + link.rtt_s + x.seconds for x in exchanges)


def measure_pulls(args: argparse.Namespace, server: Server, token: str, folder: Path,
                  results: Results) -> Store:  # fmt: skip
    """Goal 3: the first pull, unthrottled (the baseline) and on the slow link. Returns the
    caught-up store of the unthrottled pull."""
    fast = new_client(folder, "fast", token)
    results.pulls["fast"] = base = sync_through(fast, server, FAST)
    results.pulled["fast"] = store_counts(fast)
    print(f"  unthrottled first pull: {base.seconds:.1f} s", flush=True)
    slow = new_client(folder, "slow", token)
    results.pulls["slow"] = run = sync_through(slow, server, SLOW, time_limit=args.time_limit)
    results.pulled["slow"] = store_counts(slow)
    slow.close()
    if run.error:  # stopped: model the whole pull from the unthrottled run's exchanges
        applying = base.seconds - sum(x.seconds for x in base.log)
        done = [x for x in run.log if x.status is not None]
        results.projection = (
            sum(x.seconds for x in done),
            link_seconds(base.log[: len(done)], SLOW),
            link_seconds(base.log, SLOW) + applying,
        )
    print(f"  {SLOW.label} first pull: {run.seconds:.1f} s {run.error or ''}", flush=True)
    return fast


def measure_idle_and_push(args: argparse.Namespace, server: Server, store: Store,
                          results: Results) -> None:  # fmt: skip
    """Goals 2 and 1, on the slow link, from a caught-up store."""
    results.idle = sync_through(store, server, SLOW)
    started = time.perf_counter()
    bare = edit_priorities(store, args.edits, SEED)
    results.edit_s = time.perf_counter() - started
    results.bare = compressed(bare)
    results.sent_fields = _fields_sent(store)
    results.push = sync_through(store, server, SLOW)
    print(f"  push of {args.edits} edits: {results.push.seconds:.1f} s", flush=True)


def _fields_sent(store: Store) -> dict[str, int]:
    """How many mutations carry each ticket field, and how many events go with them."""
    counts: dict[str, int] = {}
    for mutation in local.pending(store, 10**9):
        keys = [f"ticket.{name}" for name in mutation.fields] if mutation.entity == "ticket" else [
            f"{mutation.entity} row"
        ]  # fmt: skip
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def measure_cut_push(args: argparse.Namespace, server: Server, store: Store,
                     results: Results) -> None:  # fmt: skip
    """Goal 4, push side: as many edits again, a push whose link drops half-way through the
    upload of its sixth batch, then a second sync."""
    edit_priorities(store, args.edits, SEED + 1)
    bodies = pending_bodies(store)
    assert results.push is not None
    pushes = results.push.of("/v1/push")
    per_request = round(sum(x.up - len(x.sent) for x in pushes) / len(pushes))
    results.push_full = (len(bodies), sum(len(body) + per_request for body in bodies))
    at = min(6, len(bodies))
    cut = Cut("/v1/push", at, up=True, n_bytes=per_request + len(bodies[at - 1]) // 2)
    first = sync_through(store, server, CUT, cut=cut)
    answers = [x for x in first.of("/v1/push") if x.status in {200, 403}]
    results.push_acknowledged = (
        protocol.decode_push_result(answers[-1].received).acknowledged if answers else 0
    )
    results.push_cut = [first, sync_through(store, server, CUT)]


PROBE_S = 12.0  # two pages on the slow link


def measure_keep_alive(args: argparse.Namespace, folder: Path, token: str,
                       results: Results) -> None:  # fmt: skip
    """`agent-console serve` as shipped keeps uvicorn's 5 s keep-alive timeout. The server has
    written a page into its socket long before the slow link delivers it (about 5 s for a
    page), so it may close the idle connection just as the client sends its next request.
    First pulls against it, each stopped after two pages: how many fail."""
    server = start_server(folder / "server.db", folder / "serve.log", shipped=True)
    try:
        for index in range(args.probes):
            store = new_client(folder, f"probe{index}", token)
            results.probes.append(sync_through(store, server, SLOW, time_limit=PROBE_S))
            store.close()
    finally:
        stop_server(server)
    failed = sum(1 for run in results.probes if not run.stopped)
    print(f"  keep-alive probe: {failed} of {len(results.probes)} pulls failed", flush=True)


def measure_cut_pull(server: Server, token: str, folder: Path, results: Results) -> None:
    """Goal 4, pull side: a first pull whose link drops half-way through its middle page, then
    a second sync."""
    store = new_client(folder, "cut", token)
    pages = results.pulls["fast"].of("/v1/pull")
    middle = max(len(pages) // 2, 1)
    cut = Cut("/v1/pull", middle, up=False, n_bytes=pages[middle - 1].down // 2)
    results.pull_cut.append(sync_through(store, server, CUT, cut=cut))
    results.pull_cut.append(sync_through(store, server, CUT))
    results.pulled["cut"] = store_counts(store)
    store.close()


# --- the report --------------------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def _b(n: float) -> str:
    return f"{n:,.0f} B"


def report(args: argparse.Namespace, results: Results) -> None:
    rows = [_push_row(args, results), _idle_row(results), _pull_row(args, results),
            *_resume_rows(results)]  # fmt: skip
    print("\n| goal | measure | result | baseline | ratio | goal | verdict |")
    print("|---|---|---:|---:|---:|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    _pull_details(args, results)
    _push_details(args, results)
    _resume_details(results)
    _anatomy(results)


def _push_row(args: argparse.Namespace, results: Results) -> list[str]:
    assert results.push is not None
    pushes = len(results.push.of("/v1/push"))
    up = results.push.up_of("/v1/push")
    ratio = up / results.bare
    return [
        "1", f"push {args.edits:,} priority edits: bytes up, {pushes} requests, headers included",
        _b(up), f"{_b(results.bare)} (bare changes, zlib 9)", f"{ratio:.2f}x",
        f"<= {GOAL_PUSH_RATIO:g}x", _verdict(ratio <= GOAL_PUSH_RATIO),
    ]  # fmt: skip


def _idle_row(results: Results) -> list[str]:
    assert results.idle is not None
    total = results.idle.up + results.idle.down
    return [
        "2", f"idle sync: bytes up + down ({len(results.idle.log)} request)",
        f"{_b(results.idle.up)} + {_b(results.idle.down)} = {_b(total)}", "", "",
        f"<= {GOAL_IDLE_BYTES:,} B", _verdict(total <= GOAL_IDLE_BYTES),
    ]  # fmt: skip


def pull_seconds(results: Results) -> tuple[float, str]:
    """The slow first pull's time: measured, or modelled when it was stopped."""
    run = results.pulls["slow"]
    if results.projection is None:
        return run.seconds, f"{run.seconds:.1f} s"
    whole = results.projection[2]
    how = "stopped" if run.stopped else "failed"
    return whole, f"{whole:.0f} s projected ({how} at {run.seconds:.0f} s)"


def _pull_row(args: argparse.Namespace, results: Results) -> list[str]:
    base = results.pulls["fast"]
    seconds, text = pull_seconds(results)
    return [
        "3", f"first pull of {args.scope:,} tickets, {SLOW.label}: time", text,
        f"{base.seconds:.1f} s unthrottled", f"{seconds / base.seconds:.1f}x",
        f"< {GOAL_PULL_S:g} s", _verdict(seconds < GOAL_PULL_S),
    ]  # fmt: skip


def _resume_rows(results: Results) -> list[list[str]]:
    full_down = results.pulls["fast"].down
    pull_down = sum(run.down for run in results.pull_cut)
    pages = len(results.pulls["fast"].of("/v1/pull"))
    push_up = sum(run.up_of("/v1/push") for run in results.push_cut)
    requests, full_up = results.push_full
    return [
        ["4", f"pull cut in page {pages // 2} of {pages}, then resumed: bytes down, both runs",
         _b(pull_down), f"{_b(full_down)} (one uncut pull)", f"{pull_down / full_down:.3f}x",
         "~1x (<= 1.1x)", _verdict(pull_down <= 1.1 * full_down)],
        ["4", f"push cut in batch {min(6, requests)} of {requests}, then resumed: bytes up",
         _b(push_up), f"{_b(full_up)} (the same push uncut)", f"{push_up / full_up:.3f}x",
         "~1x (<= 1.1x)", _verdict(push_up <= 1.1 * full_up)],
    ]  # fmt: skip


def _pull_details(args: argparse.Namespace, results: Results) -> None:
    base, slow = results.pulls["fast"], results.pulls["slow"]
    pages = base.of("/v1/pull")
    waiting = sum(x.seconds for x in pages)
    print(
        f"\nfirst pull, unthrottled: {len(pages)} requests ({client.PULL_PAGE} records a page), "
        f"{_b(base.down)} down, {_b(base.up)} up, {base.seconds:.1f} s; "
        f"{waiting:.1f} s waiting for answers, the rest applying pages"
    )
    assert base.report is not None
    by_entity = ", ".join(f"{n:,} {name}" for name, n in base.report.pulled_by_entity.items())
    print(f"  records received: {base.report.pulled:,} ({by_entity})")
    for name, counts in results.pulled.items():
        ok = counts["ticket"] == results.scope["ticket"] and (
            counts["ticket_event"] == results.scope["ticket_event"]
        )
        print(f"  store '{name}' holds {counts['ticket']:,} tickets and "
              f"{counts['ticket_event']:,} events; the server's scope has "
              f"{results.scope['ticket']:,} and {results.scope['ticket_event']:,}: "
              f"{'complete' if ok else 'INCOMPLETE'}")  # fmt: skip
    done = [x for x in slow.of("/v1/pull") if x.status == 200]
    print(
        f"first pull, {SLOW.label}: {slow.seconds:.1f} s, {len(done)} of {len(pages)} pages, "
        f"{_b(slow.down)} down, {_b(slow.up)} up" + (f"; {slow.error}" if slow.error else "")
    )
    link_only = (base.down + base.up) * 8 / SLOW.bps + len(pages) * SLOW.rtt_s
    print(
        f"  the whole pull's bytes at {SLOW_BPS / 1000:g} kbit/s plus one round trip a page: "
        f"{link_only:.0f} s, before any server or client work (goal {GOAL_PULL_S:g} s)"
    )
    if results.projection is not None:
        measured, modelled, whole = results.projection
        print(
            f"  model: per exchange its bytes at the link rate + a round trip + its unthrottled "
            f"time; plus the unthrottled run's time applying pages. The exchanges that ran took "
            f"{measured:.1f} s, modelled {modelled:.1f} s; the whole pull, modelled: {whole:.0f} s"
        )
    if results.probes:
        failed = [run for run in results.probes if not run.stopped]
        errors = sorted({run.error for run in failed if run.error})
        pages = sorted({len([x for x in run.log if x.status == 200]) + 1 for run in failed})
        print(
            f"agent-console serve as shipped (uvicorn keep-alive {SHIPPED_KEEP_ALIVE_S} s): "
            f"{len(failed)} of {len(results.probes)} first pulls on {SLOW.label} failed within "
            f"{PROBE_S:g} s, at page {', '.join(map(str, pages)) or '-'}: "
            f"{'; '.join(errors) or '-'} (the server here keeps connections {KEEP_ALIVE_S} s)"
        )
    del args


def _push_details(args: argparse.Namespace, results: Results) -> None:
    assert results.push is not None and results.push.report is not None
    run = results.push
    pushes, pulls = run.of("/v1/push"), run.of("/v1/pull")
    bodies = sum(len(x.sent) for x in pushes)
    sent = ", ".join(f"{name} {n:,}" for name, n in results.sent_fields.items())
    print(f"\npush of {args.edits:,} priority edits ({results.edit_s:.1f} s to make them with "
          f"actions.update_ticket): {run.report.pushed:,} mutations ({sent})")  # fmt: skip
    print(f"  {len(pushes)} push requests: {_b(bodies)} of bodies + "
          f"{_b(run.up_of('/v1/push') - bodies)} of HTTP headers up, "
          f"{_b(run.down_of('/v1/push'))} down; bodies alone / bare = "
          f"{bodies / results.bare:.2f}x")  # fmt: skip
    print(f"  the same sync then pulled {len(pulls)} pages ({_b(run.up_of('/v1/pull'))} up, "
          f"{_b(run.down_of('/v1/pull'))} down, {run.report.pulled} records) past its own "
          f"changes; whole sync on {SLOW.label}: {run.seconds:.1f} s")  # fmt: skip
    assert results.idle is not None
    idle = results.idle.log[0]
    print(
        f"idle sync: one GET /v1/pull answered {idle.status}; {_b(idle.up)} up (request line and "
        f"headers: bearer token, client id), {_b(idle.down)} down; {results.idle.seconds:.2f} s"
    )


def _after_of(exchange: Exchange) -> int:
    query = dict(part.split("=", 1) for part in exchange.query.split("&") if "=" in part)
    return int(query.get("after", 0))


def _resume_details(results: Results) -> None:
    first, second = results.pull_cut
    done = [x for x in first.of("/v1/pull") if x.status == 200]
    cursor = protocol.decode_page(done[-1].received).cursor if done else 0
    resumed = second.of("/v1/pull")
    lost = first.down - sum(x.down for x in done)
    print(f"\npull cut on {CUT.label}: run 1 completed {len(done)} pages ({_b(first.down)} down, "
          f"of which {_b(lost)} of the page cut off), then: {first.error}")  # fmt: skip
    after = _after_of(resumed[0]) if resumed else "-"
    total = first.down + second.down
    print(
        f"  run 2 started after position {after} (run 1's last cursor: {cursor}), "
        f"{len(resumed)} requests, {_b(second.down)} down; "
        f"sum {_b(total)} vs {_b(results.pulls['fast'].down)} uncut"
    )
    one, two = results.push_cut
    sent_two = [protocol.decode_push(x.sent) for x in two.of("/v1/push")]
    mutations = sum(len(batch.mutations) for batch in sent_two)
    start = sent_two[0].mutations[0].mutation_id if sent_two and sent_two[0].mutations else "-"
    print(f"push cut on {CUT.label}: run 1 sent {len(one.of('/v1/push'))} requests "
          f"({_b(one.up_of('/v1/push'))} up), the server acknowledged through mutation "
          f"{results.push_acknowledged}; then: {one.error}")  # fmt: skip
    assert two.report is not None
    print(
        f"  run 2 sent {len(sent_two)} requests ({_b(two.up_of('/v1/push'))} up) with "
        f"{mutations} mutations from mutation {start}; {two.report.pending} left pending"
    )


def _anatomy(results: Results) -> None:
    assert results.push is not None
    steps = push_anatomy([exchange.sent for exchange in results.push.of("/v1/push")])
    edits = results.sent_fields.get("ticket.priority", 1)
    print(
        "\nwhere the push bytes go (the bodies compressed again with parts taken away in turn;"
        " headers not included):"
    )
    print("| push bodies | compressed | the part costs | per edit |")
    print("|---|---:|---:|---:|")
    previous = None
    for label, size in steps:
        cost = "" if previous is None else f"{_b(previous - size)}"
        each = "" if previous is None else f"{(previous - size) / edits:.1f} B"
        print(f"| {label} | {_b(size)} | {cost} | {each} |")
        previous = size
    print(f"| bare changes (baseline) | {_b(results.bare)} | | {results.bare / edits:.1f} B |")
    pages = [x.received for x in results.pulls["fast"].of("/v1/pull") if x.status == 200]
    _pull_anatomy(page_anatomy(pages), len(pages))


def _at_slow(size: float) -> str:
    return f"{size * 8 / SLOW_BPS:.0f} s"


def _pull_anatomy(anatomy: dict[str, Any], pages: int) -> None:
    total = anatomy["total"]
    print(
        f"\nwhere the pull bytes go: {pages} pages, {_b(anatomy['raw'])} of JSON, "
        f"{_b(total)} compressed ({anatomy['raw'] / total:.1f}:1), {_at_slow(total)} at "
        f"{SLOW_BPS / 1000:g} kbit/s"
    )
    print("| entity | records | compressed alone | per record |")
    print("|---|---:|---:|---:|")
    for name, (count, size) in anatomy["by_entity"].items():
        print(f"| {name} | {count:,} | {_b(size)} | {size / count:.0f} B |")
    labels = {
        "ids": f"UUIDs ({anatomy['ids']:,} distinct) as small numbers",
        "dup": "the id field (a copy of the row's id) left out",
        "times": "times as 0",
        "text": 'free text as ""',
        "keys": "field codes left out (rows as lists)",
    }
    print("| kind of value made trivial in every page | pages then | saves | share |")
    print("|---|---:|---:|---:|")
    for kind, size in anatomy["without"].items():
        saved = total - size
        print(f"| {labels[kind]} | {_b(size)} | {_b(saved)} | {saved / total:.0%} |")
    labels = {
        "b64": "UUIDs as base64url of their 16 bytes",
        "seconds": "times in whole seconds",
        "compact": "both, and no id field (compact)",
        "history": "closed tickets without description and timeline (fetched when opened)",
        "lighter": "that, and compact",
        "lighter_lzma": "that, compact, and lzma over the whole pull",
        "one_stream": "one zlib stream over all pages",
        "lzma_pages": "lzma (preset 9) per page",
        "lzma_stream": "lzma over the whole pull",
    }
    other = {labels[kind]: size for kind, size in anatomy["other"].items()}
    print(
        f"| the same pull sent another way | bytes | vs as sent | at {SLOW_BPS / 1000:g} kbit/s |"
    )
    print("|---|---:|---:|---:|")
    for label, size in other.items():
        print(f"| {label} | {_b(size)} | {size / total:.2f}x | {_at_slow(size)} |")
    floor = anatomy["ids"] * 74 / 8
    print(
        f"the random bits of {anatomy['ids']:,} version-7 UUIDs alone (74 each): {_b(floor)}, "
        f"{_at_slow(floor)} at {SLOW_BPS / 1000:g} kbit/s"
    )


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scope", type=int, default=5000, help="tickets in the engineer's team")
    parser.add_argument("--tickets", type=int, default=6000, help="tickets in the demo")
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument(
        "--time-limit",
        type=float,
        default=130.0,
        help="stop the slow first pull after this many seconds and model the rest",
    )
    parser.add_argument(
        "--probes",
        type=int,
        default=5,
        help="first pulls against `agent-console serve` as shipped (keep-alive)",
    )
    parser.add_argument("--keep", type=Path, help="keep the stores and the server database here")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sync-wire-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results = run_all(args, folder)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    report(args, results)


def run_all(args: argparse.Namespace, folder: Path) -> Results:
    started = time.perf_counter()
    for old in folder.glob("*.db*"):
        old.unlink()
    make_demo(folder / "demo.db", args.tickets)
    rows = demo_rows(folder / "demo.db")
    team_id = put_in_scope(rows, args.scope)
    token = build_server(folder / "server.db", rows, datetime.now(UTC))
    results = Results(scope=scope_counts(folder / "server.db", team_id))
    print(f"server database: {results.scope['records']:,} records, "
          f"{time.perf_counter() - started:.0f} s to build", flush=True)  # fmt: skip
    server = start_server(folder / "server.db", folder / "server.log")
    try:
        store = measure_pulls(args, server, token, folder, results)
        measure_cut_pull(server, token, folder, results)  # on the same server data
        measure_idle_and_push(args, server, store, results)
        measure_cut_push(args, server, store, results)
        store.close()
    finally:
        stop_server(server)
    measure_keep_alive(args, folder, token, results)
    print(f"done in {time.perf_counter() - started:.0f} s", flush=True)
    return results


if __name__ == "__main__":
    os.environ.setdefault("LANG", "C.UTF-8")
    main()
