"""A server and client stores for sync tests: the server in a thread on a real socket, stores
made from a migrated template, and a transport that can lose a response after the server
has acted on the request."""

import socket
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn

from agent_console.server import accounts
from agent_console.server.app import create_app
from agent_console.server.db import ServerDb, open_server_db
from agent_console.store import sync as local
from agent_console.store.engine import Store, open_store
from agent_console.store.identity import Actor, resolve_actor
from agent_console.sync import client
from agent_console.vocab import Role


@contextmanager
def serving(db: ServerDb, clock: Callable[[], datetime] | None = None) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port, in a thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(db, clock) if clock else create_app(db), log_level="error", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("server did not start")
        threading.Event().wait(0.005)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class FlakyTransport(httpx.BaseTransport):
    """Delivers requests; when armed, loses the next answer after the server acted on it."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.lose_next_answer = False
        self.pushes: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path == "/v1/push":
            self.pushes.append(request.read())
        if self.lose_next_answer:
            self.lose_next_answer = False
            response.read()
            response.close()
            raise httpx.ReadError("connection dropped", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


class WorldClock:
    """One simulated time for every store, moving a second per reading, so a run is
    repeatable; it starts at the real time, so the server does not take it for skew."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def skewed(self, skew: timedelta) -> Callable[[], datetime]:
        def read() -> datetime:
            self.now += timedelta(seconds=1)
            return self.now + skew

        return read


_template: Path | None = None


def new_store(path: Path, clock: Callable[[], datetime]) -> Store:
    """A fresh, migrated store with an identity of its own (migrating each is slow)."""
    global _template
    if _template is None or not _template.exists():
        template = path.parent / "template.db"
        open_store(template).close()
        with sqlite3.connect(template) as connection:
            connection.execute("DELETE FROM store_meta")  # open_store gives each copy its id
        _template = template
    # The backup API copies what the write-ahead log holds too; a file copy might not.
    with sqlite3.connect(_template) as source, sqlite3.connect(path) as target:
        source.backup(target)
    source.close()
    target.close()
    return open_store(path, clock=clock)


def add(db: ServerDb, name: str, role: Role, team: str, now: datetime) -> str:
    return accounts.add_member(db, name, role, team, now)


@contextmanager
def members_served(
    tmp_path: Path, members: Iterable[tuple[str, Role, str]]
) -> Iterator[tuple[str, dict[str, str]]]:
    """A server over tmp_path/server.db whose members are (name, role, team), serving: its
    URL and each member's token."""
    db = open_server_db(str(tmp_path / "server.db"))
    now = datetime.now(UTC)
    tokens = {name: add(db, name, role, team, now) for name, role, team in members}
    try:
        with serving(db) as url:
            yield url, tokens
    finally:
        db.close()


def linked_store(
    tmp_path: Path, name: str, url: str, token: str, clock: Callable[[], datetime] | None = None
) -> Store:
    """A store at tmp_path/<name>.db logged in to the server as `name`, synced once."""
    store = open_store(tmp_path / f"{name}.db", **({"clock": clock} if clock else {}))
    local.save_link(store, url, token, name)
    client.sync(store)
    return store


def actor_of(store: Store, name: str | None) -> Actor:
    """The store's agent `name` (None: the one the store logged in as) at the keyboard."""
    return resolve_actor(store, name)
