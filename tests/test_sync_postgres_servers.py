"""Two server processes over one PostgreSQL database, pushes landing on both at once, and a
supervisor pulling all the while: no change is skipped, however the commits interleave."""

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent_console.server.db import open_server_db
from agent_console.store import actions, queries
from agent_console.store import sync as local
from agent_console.store.engine import Store, open_store
from agent_console.sync import client
from agent_console.vocab import Category, Channel, EventKind, Role
from tests.sync_world import actor_of, add, serving

NOTES = 60


def _notes(store: Store) -> list[str]:
    with store.read() as session:
        numbers = [row.number for row in queries.list_tickets(session, limit=100)]
        return [
            event.text or ""
            for number in numbers
            for event in queries.ticket_detail(session, number, datetime.now(UTC).date()).events
            if event.kind is EventKind.NOTE
        ]


def test_a_puller_misses_nothing_while_two_servers_commit(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "PUSH_BATCH", 3)  # many small transactions to interleave
    first, second = open_server_db(postgres_url), open_server_db(postgres_url)
    now = datetime.now(UTC)
    roles = {"ana": Role.ENGINEER, "bo": Role.ENGINEER, "sue": Role.SUPERVISOR}
    tokens = {name: add(first, name, role, "L2", now) for name, role in roles.items()}
    with serving(first) as url_a, serving(second) as url_b:
        stores = {}
        for name, url in (("ana", url_a), ("bo", url_b), ("sue", url_a)):
            stores[name] = open_store(tmp_path / f"{name}.db")
            local.save_link(stores[name], url, tokens[name], name)
            client.sync(stores[name])
        for name in ("ana", "bo"):
            store, actor = stores[name], actor_of(stores[name], name)
            with store.read() as session:
                team = queries.find_team(session, "L2")
            customer = actions.create_customer(store, actor, name=name, phone="13900000000")
            ticket = actions.create_ticket(
                store, actor, subject=f"{name}'s", customer=customer, channel=Channel.PHONE,
                category=Category.HARDWARE, team=team,
            )  # fmt: skip
            for n in range(NOTES):
                actions.add_note(store, actor, ticket.number, f"{name} {n}")

        errors: list[BaseException] = []

        def push(name: str) -> None:
            try:
                client.sync(stores[name])
            except BaseException as error:
                errors.append(error)

        pushers = [threading.Thread(target=push, args=(name,)) for name in ("ana", "bo")]
        for thread in pushers:
            thread.start()
        pulls = 0
        while any(thread.is_alive() for thread in pushers):
            client.sync(stores["sue"])  # pulls while the others' transactions commit
            pulls += 1
        for thread in pushers:
            thread.join()
        assert not errors, errors
        assert pulls > 1, "the supervisor pulled while the pushes ran"

        client.sync(stores["sue"])
        notes = _notes(stores["sue"])
        expected = {f"{name} {n}" for name in ("ana", "bo") for n in range(NOTES)}
        assert set(notes) == expected
        assert len(notes) == len(expected)
        for store in stores.values():
            store.close()
    first.close()
    second.close()
