"""Store actions: each is one transaction of row change, timeline event and outbox record."""

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from agent_console.errors import (
    DeviceNotOwned,
    DuplicateSerial,
    InvalidValue,
    NothingToChange,
    SupervisorRequired,
    TicketNotFound,
    TransitionNotAllowed,
)
from agent_console.store import actions, outbox, queries
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.vocab import Category, Channel, EventKind, Priority, ProductLine, Status

ACTOR = Actor(name="王芳")


def _counts(store: Store) -> dict[str, int]:
    with store.read() as session:
        return {
            table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("customer", "device", "ticket", "ticket_event", "outbox")
        }


def _outbox(store: Store) -> list[tuple]:
    with store.read() as session:
        return session.execute(
            text("SELECT mutation_id, entity, op, fields, author FROM outbox ORDER BY mutation_id")
        ).all()


@pytest.fixture
def ticket(store: Store):
    customer = actions.create_customer(store, ACTOR, name="李娜", phone="138 0013 8000")
    device = actions.register_device(
        store, ACTOR, customer_id=customer.id, serial="pf1x0001", model="ThinkPad X1 Carbon",
        product_line=ProductLine.LAPTOP,
    )  # fmt: skip
    return actions.create_ticket(
        store, ACTOR, subject="开机蓝屏", customer=customer, device=device,
        channel=Channel.PHONE, category=Category.HARDWARE,
    )  # fmt: skip


def test_creating_a_ticket_numbers_it_and_records_creation(store: Store, ticket) -> None:
    assert ticket.number == "T-000001"
    with store.read() as session:
        detail = queries.ticket_detail(session, "T-000001", store.now().date())
    assert [event.kind for event in detail.events] == [EventKind.CREATED]
    assert detail.events[0].author == "王芳"
    assert detail.device is not None and detail.device.serial == "PF1X0001"
    assert detail.customer.phone == "13800138000"


def test_every_change_lands_in_the_outbox_numbered_without_gaps(store: Store, ticket) -> None:
    actions.update_ticket(store, ACTOR, ticket.number, actions.TicketChanges(priority=Priority.P1))
    actions.add_note(store, ACTOR, ticket.number, "已远程连接")
    rows = _outbox(store)
    assert [row.mutation_id for row in rows] == list(range(1, len(rows) + 1))
    entities = [(row.entity, row.op) for row in rows]
    assert entities == [
        ("customer", "insert"), ("device", "insert"), ("ticket", "insert"),
        ("ticket_event", "insert"),  # created
        ("ticket_event", "insert"), ("ticket", "update"),  # priority
        ("ticket_event", "insert"), ("ticket", "update"),  # note
    ]  # fmt: skip
    assert {row.author for row in rows} == {"王芳"}, "who made each change travels with it"
    priority_update = json.loads(rows[5].fields)
    assert priority_update["priority"] == "P1"
    changed = {"priority", "updated_at", "due_at", "next_breach_at"}
    assert set(priority_update) == changed, "only changed fields"
    created = datetime.fromisoformat(json.loads(rows[2].fields)["created_at"])
    assert datetime.fromisoformat(priority_update["due_at"]) == created + timedelta(hours=2), (
        "P1 now answers within 2 hours around the clock"
    )


def test_outbox_clock_strictly_increases(store: Store, ticket) -> None:
    for number in range(5):
        actions.add_note(store, ACTOR, ticket.number, f"note {number}")
    with store.read() as session:
        clocks = session.execute(text("SELECT hlc FROM outbox ORDER BY mutation_id")).scalars()
        clocks = list(clocks)
    assert clocks == sorted(clocks) and len(set(clocks)) == len(clocks)


def test_failure_mid_action_leaves_neither_row_change_nor_event(
    store: Store, ticket, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _counts(store)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk unplugged")

    # The ticket row and its event are already written in the session when the outbox fails.
    monkeypatch.setattr(outbox, "record_update", broken)
    with pytest.raises(RuntimeError):
        actions.update_ticket(
            store, ACTOR, ticket.number, actions.TicketChanges(status=Status.IN_PROGRESS)
        )
    with pytest.raises(RuntimeError):
        actions.add_note(store, ACTOR, ticket.number, "lost")
    assert _counts(store) == before
    with store.read() as session:
        detail = queries.ticket_detail(session, ticket.number, store.now().date())
    assert detail.row.status is Status.NEW
    assert len(detail.events) == 1


def test_status_changes_follow_the_lifecycle(store: Store, ticket) -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.update_ticket(
            store, ACTOR, ticket.number, actions.TicketChanges(status=Status.CLOSED)
        )
    assert refused.value.params["old"] == "new"
    assert "closed" not in refused.value.params["allowed"].split(", ")
    for status in (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED, Status.REOPENED):
        updated = actions.update_ticket(
            store, ACTOR, ticket.number, actions.TicketChanges(status=status)
        )
        assert updated.status is status
    with store.read() as session:
        detail = queries.ticket_detail(session, ticket.number, store.now().date())
    statuses = [(e.old_value, e.new_value) for e in detail.events if e.kind is EventKind.STATUS]
    assert statuses == [
        ("new", "in_progress"), ("in_progress", "resolved"),
        ("resolved", "closed"), ("closed", "reopened"),
    ]  # fmt: skip
    assert detail.first_response_at is not None
    assert detail.resolved_at is None and detail.closed_at is None, "reopening clears closure"


def test_resolving_and_closing_stamp_their_times(store: Store, ticket) -> None:
    for status in (Status.IN_PROGRESS, Status.RESOLVED):
        actions.update_ticket(store, ACTOR, ticket.number, actions.TicketChanges(status=status))
    with store.read() as session:
        detail = queries.ticket_detail(session, ticket.number, store.now().date())
    assert detail.resolved_at is not None
    assert detail.first_response_at is not None
    assert detail.first_response_at < detail.resolved_at


def test_a_change_that_changes_nothing_is_refused(store: Store, ticket) -> None:
    with pytest.raises(NothingToChange):
        actions.update_ticket(store, ACTOR, ticket.number, actions.TicketChanges(status=Status.NEW))
    assert _counts(store)["ticket_event"] == 1


def test_unknown_ticket_and_empty_note_are_refused(store: Store, ticket) -> None:
    with pytest.raises(TicketNotFound):
        actions.add_note(store, ACTOR, "T-999999", "x")
    with pytest.raises(InvalidValue):
        actions.add_note(store, ACTOR, ticket.number, "   ")


def test_device_must_belong_to_the_ticket_customer(store: Store, ticket) -> None:
    other = actions.create_customer(store, ACTOR, name="Tom Baker", phone="13900001111")
    with store.read() as session:
        device = queries.find_device(session, "PF1X0001")
    with pytest.raises(DeviceNotOwned):
        actions.create_ticket(
            store, ACTOR, subject="x", customer=other, device=device,
            channel=Channel.EMAIL, category=Category.SOFTWARE,
        )  # fmt: skip


def test_serial_numbers_are_unique(store: Store, ticket) -> None:
    with store.read() as session:
        owner = queries.find_customer(session, "13800138000")
    with pytest.raises(DuplicateSerial):
        actions.register_device(
            store, ACTOR, customer_id=owner.id, serial="PF1X0001", model="X",
            product_line=ProductLine.LAPTOP,
        )  # fmt: skip


def test_assignment_and_team_changes_name_people_in_the_timeline(store: Store, ticket) -> None:
    team_id, agent_id = "1" * 32, "2" * 32
    with store.write() as session:
        session.execute(
            text("INSERT INTO team VALUES (:id, 'remote', '远程组', '[]')"), {"id": team_id}
        )
        session.execute(
            text("INSERT INTO agent VALUES (:id, '张伟', 'engineer', :team, '[]', 1)"),
            {"id": agent_id, "team": team_id},
        )
    with store.read() as session:
        team, agent = queries.find_team(session, "remote"), queries.find_agent(session, "张伟")
    actions.update_ticket(
        store, ACTOR, ticket.number, actions.TicketChanges(team=team, assignee=agent)
    )
    with store.read() as session:
        detail = queries.ticket_detail(session, ticket.number, store.now().date())
        mine = queries.list_tickets(session, assignee_id=agent.id)
    fields = [e for e in detail.events if e.kind is EventKind.FIELD]
    changes = {(e.field, e.old_value, e.new_value) for e in fields}
    assert changes == {("team", None, "远程组"), ("assignee", None, "张伟")}
    assert detail.row.assignee == "张伟" and detail.row.team == "远程组"
    assert [row.number for row in mine] == [ticket.number]


@pytest.mark.parametrize(("role", "allowed"), [("supervisor", True), ("admin", True),
                                                ("engineer", False), ("agent", False)])  # fmt: skip
def test_only_supervisors_and_admins_change_tickets_as_supervisors(
    store: Store, ticket, role: str, allowed: bool
) -> None:
    with store.write() as session:
        session.execute(
            text("INSERT INTO agent VALUES (:id, '赵强', :role, NULL, '[]', 1)"),
            {"id": "3" * 32, "role": role},
        )
    boss = Actor(name="赵强", agent_id=uuid.UUID("3" * 32))
    up = actions.TicketChanges(priority=Priority.P1)
    if allowed:
        actions.supervise_ticket(store, boss, ticket.number, up)
    else:
        before = _counts(store)
        with pytest.raises(SupervisorRequired, match=ticket.number):
            actions.supervise_ticket(store, boss, ticket.number, up)
        assert _counts(store) == before
    with store.read() as session:
        priority = queries.ticket_detail(session, ticket.number, store.now().date()).row.priority
    assert (priority is Priority.P1) is allowed


def test_the_store_runs_in_wal_mode_with_foreign_keys(store: Store, tmp_path: Path) -> None:
    with store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000


def test_a_reason_given_with_a_change_is_kept_in_the_timeline(store: Store, ticket) -> None:
    actions.update_ticket(
        store, ACTOR, ticket.number, actions.TicketChanges(priority=Priority.P1),
        reason="客户生产线停工",
    )  # fmt: skip
    with store.read() as session:
        detail = queries.ticket_detail(session, ticket.number, store.now().date())
    change = detail.events[-1]
    assert (change.field, change.new_value, change.text) == ("priority", "P1", "客户生产线停工")


def test_the_due_time_follows_the_clocks(store: Store, ticket) -> None:
    """Created Friday 10:00 Beijing: response due Monday 10:00 (one business day); after
    the first response, the resolution clock (three business days) is the next to fall due;
    waiting for the customer pauses it, so nothing is due."""
    from zoneinfo import ZoneInfo

    beijing = ZoneInfo("Asia/Shanghai")
    due = ticket.due_at.astimezone(beijing).replace(second=0)  # the test clock ticks seconds
    assert due == datetime(2026, 11, 23, 10, 0, tzinfo=beijing)
    working = actions.update_ticket(
        store, ACTOR, ticket.number, actions.TicketChanges(status=Status.IN_PROGRESS)
    )
    assert working.due_at.astimezone(beijing).date() == datetime(2026, 11, 25).date()
    waiting = actions.update_ticket(
        store, ACTOR, ticket.number, actions.TicketChanges(status=Status.WAITING_CUSTOMER)
    )
    assert waiting.due_at is None


def test_a_clock_that_runs_out_is_put_on_the_timeline_once(store: Store, ticket, clock) -> None:
    assert actions.record_breaches(store) == [], "nothing is due yet"
    clock.current += timedelta(days=3)  # past the one-business-day response (Monday 10:00)
    assert actions.record_breaches(store) == [ticket.number]
    assert actions.record_breaches(store) == [], "each breach is recorded once"
    with store.read() as session:
        detail = queries.ticket_detail(session, ticket.number, store.now().date())
    breaches = [event for event in detail.events if event.kind is EventKind.BREACH]
    assert [event.text for event in breaches] == ["general-response"]
    assert breaches[0].author == "sla"


def _breaches(store: Store, number: str) -> list[str]:
    with store.read() as session:
        detail = queries.ticket_detail(session, number, store.now().date())
    return [event.text for event in detail.events if event.kind is EventKind.BREACH]


def test_each_clock_of_a_ticket_is_swept_when_it_runs_out(store: Store, ticket, clock) -> None:
    """The response breaches first; the resolution clock, due later, still gets its turn."""
    clock.current += timedelta(days=3)  # Monday evening: response (Monday 10:00) is late
    assert actions.record_breaches(store) == [ticket.number]
    clock.current += timedelta(days=3)  # Thursday: resolution (Wednesday) is late too
    assert actions.record_breaches(store) == [ticket.number]
    assert _breaches(store, ticket.number) == ["general-response", "general-resolution"]
    assert actions.record_breaches(store) == [], "nothing is left to run out"


def _close(store: Store, number: str) -> None:
    for status in (Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
        actions.update_ticket(store, ACTOR, number, actions.TicketChanges(status=status))


def test_a_missed_follow_up_call_is_a_breach_of_a_closed_ticket(
    store: Store, ticket, clock
) -> None:
    _close(store, ticket.number)
    clock.current += timedelta(days=7)
    assert actions.record_breaches(store) == [ticket.number]
    assert _breaches(store, ticket.number) == ["follow-up"]


def test_the_follow_up_call_stops_its_clock(store: Store, ticket, clock) -> None:
    _close(store, ticket.number)
    with store.read() as session:
        closed = queries.ticket_detail(session, ticket.number, store.now().date()).row
    assert closed.due_at is not None, "the follow-up call is due"
    clock.current += timedelta(days=1)
    actions.log_call(store, ACTOR, ticket.number, "回访：客户确认设备正常")
    with store.read() as session:
        called = queries.ticket_detail(session, ticket.number, store.now().date()).row
    assert called.due_at is None
    clock.current += timedelta(days=7)
    assert actions.record_breaches(store) == []


def test_least_loaded_agent_of_a_team(store: Store, ticket) -> None:
    team_id, busy_id, free_id = "1" * 32, "2" * 32, "3" * 32
    with store.write() as session:
        session.execute(
            text("INSERT INTO team VALUES (:id, 'remote', '远程组', '[]')"), {"id": team_id}
        )
        for agent_id, name in ((busy_id, "忙碌"), (free_id, "空闲")):
            session.execute(
                text("INSERT INTO agent VALUES (:id, :name, 'engineer', :team, '[]', 1)"),
                {"id": agent_id, "name": name, "team": team_id},
            )
    with store.read() as session:
        team, busy = queries.find_team(session, "remote"), queries.find_agent(session, "忙碌")
    actions.update_ticket(store, ACTOR, ticket.number, actions.TicketChanges(assignee=busy))
    with store.read() as session:
        chosen = queries.least_loaded_agent(session, team.id)
        customer = queries.find_customer(session, "13800138000")
    assert chosen is not None and chosen.name == "空闲"
    assigned = actions.create_ticket(
        store, ACTOR, subject="键盘失灵", customer=customer, channel=Channel.PHONE,
        category=Category.HARDWARE, team=team, assignee=chosen,
    )  # fmt: skip
    assert assigned.status is Status.TRIAGED
    with store.read() as session:
        events = queries.ticket_detail(session, assigned.number, store.now().date()).events
    assert [(e.kind, e.new_value) for e in events[1:]] == [
        (EventKind.FIELD, "空闲"), (EventKind.STATUS, "triaged"),
    ]  # fmt: skip
