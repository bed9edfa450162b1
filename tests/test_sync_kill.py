"""A client killed with SIGKILL in the middle of a sync loses nothing and duplicates nothing on
its next sync: against a real `agent-console serve`, with `agent-console sync` run as a process
of its own and killed once part of its work has landed (pushed batches on the server, pulled
pages in the store), then run again to the end."""

import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agent_console.cli import run
from agent_console.store import actions, queries
from agent_console.store import sync as local
from agent_console.store.engine import open_store
from agent_console.store.identity import resolve_actor
from agent_console.sync.client import PULL_PAGE, PUSH_BATCH
from agent_console.vocab import Category, Channel
from tests.sync_harness import add_member, isolated_environment, running_server

# Each note is two mutations (its event, and the ticket's touch); a note costs ~6 ms in-process
# on a short timeline and more as the timeline grows (it reads the whole timeline), so the notes
# are spread over several tickets to keep the setup near 8 s (3,000 notes would take 20 s).
TICKETS = 24
NOTES_PER_TICKET = 50
NOTES = TICKETS * NOTES_PER_TICKET
POLL_S = 0.002
DEADLINE_S = 60.0


def _run(*argv: str) -> str:
    """The command line in-process; what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run(list(argv))
    assert code == 0, (argv, out.getvalue())
    return out.getvalue()


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only look at a SQLite file another process is writing (WAL)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def _one(path: Path, sql: str, *params: Any) -> Any:
    with _read_only(path) as connection:
        return connection.execute(sql, params).fetchone()[0]


def _all(path: Path, sql: str, *params: Any) -> list[tuple]:
    with _read_only(path) as connection:
        return connection.execute(sql, params).fetchall()


def _meta(path: Path, key: str) -> int:
    rows = _all(path, "SELECT value FROM store_meta WHERE key = ?", key)
    return int(rows[0][0]) if rows else 0


_OUTBOX = "SELECT count(*), min(mutation_id), max(mutation_id) FROM outbox"


def _start_sync(store: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "agent_console", "--db", str(store), "sync", "--json"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _sync(store: Path) -> dict[str, Any]:
    process = _start_sync(store)
    out, err = process.communicate(timeout=DEADLINE_S)
    assert process.returncode == 0, err
    return json.loads(out)


def _kill_when(process: subprocess.Popen, midway: Callable[[], bool], what: str) -> None:
    """SIGKILL the process as soon as `midway()` holds; fail if it ended first."""
    deadline = time.monotonic() + DEADLINE_S
    while not midway():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"sync ended (code {process.returncode}) before {what}: {out} {err}")
        if time.monotonic() > deadline:
            process.kill()
            process.communicate()
            pytest.fail(f"no {what} within {DEADLINE_S} s")
        time.sleep(POLL_S)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL  # killed, not finished


def _server_notes(server_db: Path) -> Counter[str]:
    rows = _all(
        server_db,
        "SELECT json_extract(data, '$.text') FROM record"
        " WHERE entity = 'ticket_event' AND json_extract(data, '$.kind') = 'note'",
    )
    return Counter(text for (text,) in rows)


def _store_notes(store: Path) -> Counter[str]:
    rows = _all(store, "SELECT text FROM ticket_event WHERE kind = 'note'")
    return Counter(text for (text,) in rows)


def _note_text(ticket: int, note: int) -> str:
    return f"kill-test note {ticket:02d}/{note:03d}"


@dataclass(frozen=True)
class World:
    url: str
    server_db: Path
    tokens: dict[str, str]
    alice: Path  # the store that made every note offline
    notes: Counter[str]  # what alice wrote, each once
    mutations: int  # alice's outbox before any sync of hers
    home: Path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    home = tmp_path_factory.mktemp("kill")
    server_db = home / "server.db"
    with isolated_environment(tmp_path_factory):
        tokens = {name: add_member(server_db, name, "engineer", "L2") for name in ("alice", "bob")}
        with running_server(str(server_db)) as server:
            alice = home / "alice.db"
            _run("--db", str(alice), "login", "--server", server.url, "--token", tokens["alice"])
            _write_offline(alice)
            mutations = _one(alice, "SELECT count(*) FROM outbox")
            notes = Counter(
                _note_text(t, n) for t in range(TICKETS) for n in range(NOTES_PER_TICKET)
            )
            yield World(server.url, server_db, tokens, alice, notes, mutations, home)


def _write_offline(path: Path) -> None:
    """A customer, tickets for team L2, and NOTES notes on them, through the store's actions."""
    store = open_store(path)
    try:
        actor = resolve_actor(store, None)
        with store.read() as session:
            team = queries.find_team(session, "L2")
        assert actor.name == "alice" and actor.agent_id is not None
        customer = actions.create_customer(store, actor, name="Kim Lee", phone="13800001111")
        for t in range(TICKETS):
            ticket = actions.create_ticket(
                store, actor, subject=f"Kill test {t:02d}", customer=customer,
                channel=Channel.PHONE, category=Category.HARDWARE, team=team,
            )  # fmt: skip
            for n in range(NOTES_PER_TICKET):
                actions.add_note(store, actor, ticket.number, _note_text(t, n))
    finally:
        store.close()


@pytest.fixture(scope="module")
def uploaded(world: World) -> World:
    """Everything alice wrote is on the server (synced to the end if a test has not)."""
    if _one(world.alice, "SELECT count(*) FROM outbox"):
        assert _sync(world.alice)["pending"] == 0
    assert _server_notes(world.server_db) == world.notes
    return world


def test_the_outbox_takes_many_batches_and_the_pull_many_pages(world: World) -> None:
    assert world.mutations >= 2 * NOTES
    assert world.mutations > 10 * PUSH_BATCH
    assert NOTES > 2 * PULL_PAGE


def test_a_sync_killed_mid_push_resends_the_rest_once(world: World) -> None:
    client_id = _one(world.alice, "SELECT value FROM store_meta WHERE key = 'client_id'")
    assert _one(world.alice, "SELECT count(*) FROM outbox") == world.mutations  # none sent yet

    def acknowledged() -> int:
        value = _one(
            world.server_db, "SELECT max(last_mutation_id) FROM client WHERE client_id = ?",
            client_id,
        )  # fmt: skip
        return int(value or 0)

    def outbox() -> tuple[int, int | None, int | None]:
        """How many changes wait, and the first and last of them."""
        return _all(world.alice, _OUTBOX)[0]

    def check_midway() -> int:
        """Some batches are on the server, the rest still in the outbox, and the outbox holds
        every change the server lacks (and may hold some it has, if the kill came between the
        server's answer and the store forgetting them). Returns the first change waiting."""
        landed = acknowledged()
        assert 0 < landed < world.mutations
        waiting, first, last = outbox()
        assert last == world.mutations
        assert first <= landed + 1
        assert waiting == last - first + 1
        partial = _server_notes(world.server_db)
        assert 0 < sum(partial.values()) < NOTES
        assert max(partial.values()) == 1
        return first

    # Killed once the server has a batch (in practice before the store hears it has it) ...
    _kill_when(_start_sync(world.alice), lambda: acknowledged() > 0, "the first batch landed")
    landed = acknowledged()
    check_midway()
    # ... and again, resumed, once the store has forgotten a batch the first run did not send.
    _kill_when(
        _start_sync(world.alice),
        lambda: (outbox()[1] or world.mutations + 1) > landed + 1,
        "a resumed batch was forgotten",
    )
    assert acknowledged() > landed
    first = check_midway()
    assert first > landed + 1

    report = _sync(world.alice)

    assert report["pending"] == 0
    assert report["pushed"] == world.mutations - first + 1  # only what the outbox still held
    assert report["refused"] == [] and report["conflicts"] == 0
    assert acknowledged() == world.mutations
    assert _one(world.alice, "SELECT count(*) FROM outbox") == 0
    assert _server_notes(world.server_db) == world.notes  # every note, exactly once
    assert _one(world.server_db, "SELECT count(*) FROM rejected") == 0
    server_tickets = _one(world.server_db, "SELECT count(*) FROM record WHERE entity = 'ticket'")
    assert server_tickets == TICKETS
    assert _store_notes(world.alice) == world.notes  # and the pull brought none back twice
    assert _sync(world.alice)["pushed"] == 0


def test_a_sync_killed_mid_pull_resumes_and_ends_with_every_note_once(uploaded: World) -> None:
    world = uploaded
    bob = world.home / "bob.db"
    store = open_store(bob)
    try:  # linked but never synced: its first sync brings everything
        local.save_link(store, world.url, world.tokens["bob"], "bob")
    finally:
        store.close()
    head = _one(world.server_db, "SELECT value FROM counter WHERE name = 'seq'")

    process = _start_sync(bob)
    _kill_when(process, lambda: _meta(bob, "pull_cursor") > 0, "the first page was written")

    # The kill came mid-pull: some pages are in the store, the pull is not complete.
    cursor = _meta(bob, "pull_cursor")
    assert 0 < cursor < head
    assert _meta(bob, "pulled") == 0
    partial = _store_notes(bob)
    assert 0 < sum(partial.values()) < NOTES
    assert max(partial.values()) == 1
    events_at_kill = _one(bob, "SELECT count(*) FROM ticket_event")

    report = _sync(bob)

    # It resumed after the last page it wrote (the teams and agents came on the first page and
    # do not come again) and brought each remaining event once.
    assert "team" not in report["pulled_by_entity"]
    server_events = _one(
        world.server_db, "SELECT count(*) FROM record WHERE entity = 'ticket_event'"
    )
    assert report["pulled_by_entity"].get("ticket_event", 0) == server_events - events_at_kill
    assert report["pending"] == 0
    assert _meta(bob, "pulled") == head

    assert _store_notes(bob) == _server_notes(world.server_db) == world.notes
    assert _one(bob, "SELECT count(*) FROM ticket_event") == server_events
    assert _one(bob, "SELECT count(*) FROM ticket") == TICKETS
    assert _one(bob, "PRAGMA integrity_check") == "ok"
    assert _all(bob, "PRAGMA foreign_key_check") == []  # every event's ticket arrived
    store = open_store(bob)  # it opens, and reads as a store
    try:
        with store.read() as session:
            detail = queries.ticket_detail(session, _first_ticket(bob), store.now().date())
        notes = [event for event in detail.events if event.kind == "note"]
        assert len(notes) == NOTES_PER_TICKET
    finally:
        store.close()
    assert _sync(bob)["pulled"] == 0  # nothing left, nothing again


def _first_ticket(store: Path) -> str:
    return _one(store, "SELECT number FROM ticket WHERE subject = 'Kill test 00'")
