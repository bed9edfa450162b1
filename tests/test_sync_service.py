"""Service records travel with their ticket (issue #8): parts, estimate, resolution, sign-off,
survey and follow-ups made on an engineer's store reach a supervisor's store whole, reach an
engineer the ticket is later moved to, and the parts catalogue is the admin's to change."""

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from agent_console import survey
from agent_console.store import actions, closure, estimates, queries
from agent_console.store import parts as ticket_parts
from agent_console.store.actions import TicketChanges
from agent_console.store.engine import Store
from agent_console.store.service_record import service_record
from agent_console.sync import client
from agent_console.vocab import Category, Channel, ConfirmedVia, PartKind, PartStatus, Role
from tests.sync_world import actor_of, linked_store, members_served


def _admin_with_a_fan(tmp_path: Path, url: str, token: str) -> Store:
    """The admin's store, which put FAN-01 (¥80) in the shared catalogue."""
    root = linked_store(tmp_path, "root", url, token)
    ticket_parts.add_part(root, actor_of(root, "root"), number="FAN-01", name="Fan",
                          kind=PartKind.COMMON, price_cents=8000)  # fmt: skip
    client.sync(root)
    return root


def _record(store: Store, number: str) -> dict:
    with store.read() as session:
        record = service_record(session, number, store.now())
    # When each store computes it differs; what was recorded does not.
    return dataclasses.asdict(record) | {"parts": [
        {key: value for key, value in part.items() if key != "late"}
        for part in dataclasses.asdict(record)["parts"]
    ]}  # fmt: skip


def _serviced_ticket(store: Store) -> str:
    """A ticket taken from intake to a closed, surveyed repair with a paid part."""
    actor = actor_of(store, "ana")
    with store.read() as session:
        team = queries.find_team(session, "L2")
    customer = actions.create_customer(store, actor, name="ACME", phone="13900000001")
    number = actions.create_ticket(
        store, actor, subject="fan noise", customer=customer, channel=Channel.PHONE,
        category=Category.HARDWARE, team=team,
    ).number  # fmt: skip
    ticket_parts.request_part(store, actor, number, "FAN-01")
    estimates.make_estimate(store, actor, number, part_numbers=[("FAN-01", 1)],
                            labour_cents=20000)  # fmt: skip
    estimates.decide_estimate(store, actor, number, accepted=True, by="Li", via=ConfirmedVia.PHONE)
    for status in (PartStatus.SHIPPED, PartStatus.DELIVERED, PartStatus.INSTALLED):
        ticket_parts.advance_part(store, actor, number, "FAN-01", status)
    closure.resolve(store, actor, number, cause="worn bearing", solution="new fan")
    closure.accept(store, actor, number, by="Li", via=ConfirmedVia.SIGNATURE)
    closure.record_survey(store, actor, number, survey.Scores(5, 4, 5, 9))
    return number


def test_a_repair_made_on_an_engineers_store_reaches_the_supervisor_whole(tmp_path: Path):
    now = datetime.now(UTC)
    members = (("root", Role.ADMIN, "L2"), ("ana", Role.ENGINEER, "L2"),
               ("sue", Role.SUPERVISOR, "L2"))  # fmt: skip
    with members_served(tmp_path, members) as (url, tokens):
        root = _admin_with_a_fan(tmp_path, url, tokens["root"])
        ana = linked_store(tmp_path, "ana", url, tokens["ana"])
        number = _serviced_ticket(ana)
        assert client.sync(ana).refused == []
        sue = linked_store(tmp_path, "sue", url, tokens["sue"])

        assert _record(sue, number) == _record(ana, number)
        with sue.read() as session:
            assert queries.ticket_detail(session, number, now.date()).row.status.value == "closed"
        assert _record(sue, number)["bill"]["total_cents"] == 8000 + 20000
        for store in (root, ana, sue):
            store.close()


def test_only_an_admin_changes_the_parts_catalogue(tmp_path: Path):
    members = (("ana", Role.ENGINEER, "L2"), ("bo", Role.ENGINEER, "L2"))
    with members_served(tmp_path, members) as (url, tokens):
        ana = linked_store(tmp_path, "ana", url, tokens["ana"])
        ticket_parts.add_part(ana, actor_of(ana, "ana"), number="CHEAP-1", name="Cheap",
                              kind=PartKind.COMMON, price_cents=1)  # fmt: skip
        assert len(client.sync(ana).refused) == 1
        bo = linked_store(tmp_path, "bo", url, tokens["bo"])
        with bo.read() as session:
            assert ticket_parts.catalogue(session) == []
        ana.close()
        bo.close()


def test_a_ticket_moved_to_another_team_arrives_with_its_service_record(tmp_path: Path):
    members = (("root", Role.ADMIN, "L2"), ("ana", Role.ENGINEER, "L2"),
               ("cy", Role.ENGINEER, "L3"))  # fmt: skip
    with members_served(tmp_path, members) as (url, tokens):
        root = _admin_with_a_fan(tmp_path, url, tokens["root"])
        ana = linked_store(tmp_path, "ana", url, tokens["ana"])
        cy = linked_store(tmp_path, "cy", url, tokens["cy"])
        number = _serviced_ticket(ana)
        actions.update_ticket(ana, actor_of(ana, "ana"), number,
                              TicketChanges(status=actions.Status.REOPENED))  # fmt: skip
        with ana.read() as session:
            l3 = queries.find_team(session, "L3")
        actions.update_ticket(ana, actor_of(ana, "ana"), number, TicketChanges(team=l3))
        client.sync(ana)
        client.sync(cy)

        assert _record(cy, number) == _record(ana, number)
        assert _record(cy, number)["second_fault_of"] == number  # reopened: free of charge
        for store in (root, ana, cy):
            store.close()
