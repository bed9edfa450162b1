"""Sync rules a user meets on day one: tickets opened offline on two stores get distinct
numbers, a breach two stores record offline shows once, and a change that can never apply
(a serial registered twice) is set aside instead of blocking the store."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from agent_console.server import schema
from agent_console.server.db import open_server_db
from agent_console.store import actions, queries
from agent_console.store.engine import Store
from agent_console.sync import client
from agent_console.vocab import Category, Channel, EventKind, ProductLine, Role
from tests.sync_world import actor_of, add, linked_store, members_served, serving

TWO_ENGINEERS = (("ana", Role.ENGINEER, "L2"), ("bo", Role.ENGINEER, "L2"))


def _open_ticket(store: Store, name: str, phone: str, subject: str) -> str:
    actor = actor_of(store, name)
    with store.read() as session:
        team = queries.find_team(session, "L2")
    customer = actions.create_customer(store, actor, name=name.upper(), phone=phone)
    ticket = actions.create_ticket(
        store, actor, subject=subject, customer=customer, channel=Channel.PHONE,
        category=Category.HARDWARE, team=team,
    )  # fmt: skip
    return ticket.number


def _numbers(store: Store) -> dict[str, str]:
    with store.read() as session:
        return {row.subject: row.number for row in queries.list_tickets(session)}


def test_tickets_opened_offline_on_two_stores_end_with_distinct_numbers(tmp_path: Path):
    with members_served(tmp_path, TWO_ENGINEERS) as (url, tokens):
        ana = linked_store(tmp_path, "ana", url, tokens["ana"])
        bo = linked_store(tmp_path, "bo", url, tokens["bo"])
        assert _open_ticket(ana, "ana", "13900000001", "ana's") == "T-000001"
        assert _open_ticket(bo, "bo", "13900000002", "bo's") == "T-000001"

        for store in (ana, bo, ana, bo):
            client.sync(store)

        assert _numbers(ana) == _numbers(bo) == {"ana's": "T-000001", "bo's": "T-000002"}
        assert _open_ticket(bo, "bo", "13900000003", "next") == "T-000003"
        ana.close()
        bo.close()


def test_a_breach_recorded_offline_on_two_stores_shows_once(tmp_path: Path):
    now = datetime.now(UTC)
    later = {"at": now}
    with members_served(tmp_path, TWO_ENGINEERS) as (url, tokens):
        stores = {
            name: linked_store(tmp_path, name, url, token, clock=lambda: later["at"])
            for name, token in tokens.items()
        }
        number = _open_ticket(stores["ana"], "ana", "13900000001", "no power")
        client.sync(stores["ana"])
        client.sync(stores["bo"])
        later["at"] = now + timedelta(days=10)  # every clock has run out
        for store in stores.values():
            assert actions.record_breaches(store) == [number]

        for store in (*stores.values(), *stores.values()):
            client.sync(store)

        for store in stores.values():
            with store.read() as session:
                detail = queries.ticket_detail(session, number, now.date())
            breaches = [e.text for e in detail.events if e.kind is EventKind.BREACH]
            assert breaches, "the sweep recorded breaches"
            assert len(breaches) == len(set(breaches)), breaches
        for store in stores.values():
            store.close()


def test_a_change_that_can_never_apply_is_set_aside_and_the_store_moves_on(tmp_path: Path):
    db = open_server_db(str(tmp_path / "server.db"))
    now = datetime.now(UTC)
    tokens = {name: add(db, name, Role.ENGINEER, "L2", now) for name in ("ana", "bo")}
    with serving(db) as url:
        stores = {name: linked_store(tmp_path, name, url, tokens[name]) for name in tokens}
        for name, store in stores.items():
            actor = actor_of(store, name)
            customer = actions.create_customer(store, actor, name=name, phone="13900000009")
            actions.register_device(
                store, actor, customer_id=customer.id, serial="PF4X0001", model="X1 Carbon",
                product_line=ProductLine.LAPTOP,
            )  # fmt: skip

        assert client.sync(stores["ana"]).conflicts == 0
        report = client.sync(stores["bo"])

        assert report.conflicts == 1
        assert report.pending == 0, "bo's store is not stuck behind the duplicate"
        table = schema.rejected
        with db.read() as connection:
            reasons = connection.execute(
                sa.select(table.c.member, table.c.kind, table.c.reason)
            ).all()
        assert reasons == [("bo", "conflict", "device serial PF4X0001 is taken")]
        for store in stores.values():
            store.close()
    db.close()
