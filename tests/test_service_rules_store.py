"""Service execution and closure (issue #8), rule by rule, through the store: what each action
writes (rows, timeline events, outbox records in the same transaction), what it refuses
without changing anything, and the due times people work to.

Times are Beijing time: the store judges warranty days and an engineer's day by the local
calendar, so the tests run with TZ=Asia/Shanghai like the helpdesk does. The clock starts on
Friday 2026-11-20 10:00 and is moved on by hand to cross business days.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlmodel import select

from agent_console import survey
from agent_console.commitments import Clock, ClockState
from agent_console.errors import (
    AppointmentExists,
    AppointmentInPast,
    EstimateNotAccepted,
    InvalidValue,
    NoAppointment,
    NoDisputePending,
    NoFollowUpPending,
    NoPendingEstimate,
    PartNotEstimated,
    PartNotOnTicket,
    SecondFaultRefused,
    SurveyOnOpenTicket,
    TicketNotResolved,
)
from agent_console.store import (
    actions,
    closure,
    complaints,
    estimates,
    followups,
    parts,
    queries,
    second_faults,
    service_record,
    visits,
)
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import Agent, Customer, Device, Team, Ticket, TicketPart
from agent_console.vocab import (
    AppointmentStatus,
    Category,
    Channel,
    ConfirmedVia,
    CostKind,
    EstimateStatus,
    EventKind,
    FollowUpKind,
    PartKind,
    PartStatus,
    Priority,
    ProductLine,
    Role,
    ServiceMode,
    Status,
)
from tests.conftest import FixedClock

pytestmark = pytest.mark.usefixtures("beijing_time")

SH = ZoneInfo("Asia/Shanghai")
ACTOR = Actor(name="王芳")
PROCEDURE = "battery-not-charging"  # kb/sops/battery-not-charging.toml
OTHER_PROCEDURE = "no-power"
TABLES = (
    "ticket",
    "ticket_event",
    "ticket_part",
    "estimate",
    "appointment",
    "remote_session",
    "resolution",
    "acceptance",
    "survey",
    "follow_up",
    "outbox",
)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


FRI_10 = sh(2026, 11, 20, 10, 0)  # the clock fixture's start


@dataclass
class Desk:
    """A store with a customer, three devices, a parts catalogue, engineers and teams."""

    store: Store
    clock: FixedClock
    customer: Customer
    covered: Device  # bought 2026-06-15: device to 2027-06-14, core parts to 2028-06-14
    expired: Device  # bought 2024-06-01: nothing covered any more
    core_only: Device  # bought 2025-06-01: device to 2026-05-31, core parts to 2027-05-31
    expert: Team

    def at(self, when: datetime) -> None:
        """The next action happens at `when` (the clock moves 1 s per reading), read in UTC
        as the store's real clock is."""
        self.clock.current = when.astimezone(UTC) - self.clock.step

    def ticket(self, device: Device | None = None, **fields) -> str:
        fields = {
            "subject": "电池不充电",
            "channel": Channel.PHONE,
            "category": Category.HARDWARE,
            **fields,
        }
        made = actions.create_ticket(
            self.store, ACTOR, customer=self.customer, device=device, **fields
        )
        return made.number

    def move(self, number: str, *statuses: Status, reason: str | None = None) -> None:
        for status in statuses:
            changes = actions.TicketChanges(status=status)
            actions.update_ticket(self.store, ACTOR, number, changes, reason=reason)

    def fit(self, number: str, part: str, *, on: datetime) -> parts.TicketPartView:
        """Request, ship, deliver and install a part, all at `on`."""
        self.at(on)
        parts.request_part(self.store, ACTOR, number, part)
        for status in (PartStatus.SHIPPED, PartStatus.DELIVERED, PartStatus.INSTALLED):
            view = parts.advance_part(self.store, ACTOR, number, part, status)
        return view

    def close(self, number: str, on: datetime | None = None) -> None:
        """Resolve (required steps of a procedure left open, with a reason) and sign off,
        `on` that time if given."""
        closure.resolve(
            self.store, ACTOR, number, cause="电池老化", solution="更换电池", reason="换件后已恢复"
        )
        if on is not None:
            self.at(on)
        closure.accept(self.store, ACTOR, number, by="李娜", via=ConfirmedVia.SIGNATURE)

    def detail(self, number: str) -> queries.TicketDetail:
        with self.store.read() as session:
            return queries.ticket_detail(session, number, self.clock.current.date())

    def clocks(self, number: str, now: datetime) -> dict[str, Clock]:
        facts = queries.sla_facts(self.detail(number))
        return {clock.rule.kind: clock for clock in self.store.commitments.clocks(facts, now)}

    def events(self, number: str, kind: EventKind) -> list[queries.EventView]:
        return [event for event in self.detail(number).events if event.kind is kind]

    def row(self, number: str) -> Ticket:
        with self.store.read() as session:
            return session.exec(select(Ticket).where(Ticket.number == number)).one()

    def record(self, number: str) -> service_record.ServiceRecord:
        with self.store.read() as session:
            return service_record.service_record(session, number, self.clock.current)

    def counts(self) -> dict[str, int]:
        with self.store.read() as session:
            return {
                table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in TABLES
            }

    def last_mutation(self) -> int:
        with self.store.read() as session:
            return session.execute(text("SELECT max(mutation_id) FROM outbox")).scalar_one()

    def outbox_since(self, mutation: int) -> list[tuple[str, str]]:
        with self.store.read() as session:
            rows = session.execute(
                text("SELECT entity, op FROM outbox WHERE mutation_id > :m ORDER BY mutation_id"),
                {"m": mutation},
            )
            return [(entity, op) for entity, op in rows]


@pytest.fixture
def desk(store: Store, clock: FixedClock) -> Desk:
    with store.write() as session:
        expert = Team(code="expert", name="专家组")
        session.add(expert)
        session.add_all(Agent(name=name, role=Role.ENGINEER) for name in ("张伟", "刘洋"))
    customer = actions.create_customer(store, ACTOR, name="李娜", phone="138 0013 8000")

    def device(serial: str, bought: date) -> Device:
        return actions.register_device(
            store,
            ACTOR,
            customer_id=customer.id,
            serial=serial,
            model="ThinkPad X1 Carbon",
            product_line=ProductLine.LAPTOP,
            purchase_date=bought,
        )

    for number, name, kind, cents, core in (
        ("BAT-01", "电池", PartKind.COMMON, 45000, False),
        ("MB-01", "主板", PartKind.SPECIAL, 280000, True),
        ("FAN-01", "风扇", PartKind.COMMON, 12000, False),
    ):
        parts.add_part(
            store, ACTOR, number=number, name=name, kind=kind, price_cents=cents, core=core
        )
    made = Desk(
        store,
        clock,
        customer,
        device("pf1x0001", date(2026, 6, 15)),
        device("pf1x0002", date(2024, 6, 1)),
        device("pf1x0003", date(2025, 6, 1)),
        expert,
    )
    made.at(FRI_10)
    return made


def _instant(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


# --- remote sessions -------------------------------------------------------------------------


def test_a_remote_session_logs_tool_duration_and_outcome(desk: Desk) -> None:
    number = desk.ticket()
    desk.at(sh(2026, 11, 20, 11, 0))
    before = desk.last_mutation()
    logged = visits.log_remote_session(
        desk.store, ACTOR, number, tool=" 向日葵 ", minutes=35, outcome="重装电池驱动后恢复充电"
    )
    assert (logged.tool, logged.minutes, logged.at) == ("向日葵", 35, sh(2026, 11, 20, 11, 0))
    assert desk.outbox_since(before) == [
        ("remote_session", "insert"),
        ("ticket_event", "insert"),
        ("ticket", "update"),
    ]
    [event] = desk.events(number, EventKind.REMOTE_SESSION)
    assert (event.old_value, event.new_value, event.text) == (
        "向日葵",
        "35",
        "重装电池驱动后恢复充电",
    )
    assert desk.detail(number).first_response_at == sh(2026, 11, 20, 11, 0), "it answers the call"
    with desk.store.read() as session:
        ticket = session.exec(select(Ticket).where(Ticket.number == number)).one()
        assert [s.minutes for s in visits.remote_sessions(session, ticket)] == [35]


@pytest.mark.parametrize(
    ("tool", "minutes", "field"),
    [("向日葵", 0, "minutes"), ("向日葵", 1441, "minutes"), ("  ", 10, "tool")],
)
def test_a_bad_remote_session_is_refused_and_changes_nothing(desk: Desk, tool, minutes, field):
    number = desk.ticket()
    before = desk.counts()
    with pytest.raises(InvalidValue) as refused:
        visits.log_remote_session(
            desk.store, ACTOR, number, tool=tool, minutes=minutes, outcome="ok"
        )
    assert refused.value.params["field"] == field
    assert desk.counts() == before


# --- on-site visits --------------------------------------------------------------------------


def test_a_visit_has_a_30_minute_window_and_a_packing_list(desk: Desk) -> None:
    earlier = desk.ticket(desk.covered, subject="键盘失灵")
    number = desk.ticket(desk.covered)
    parts.request_part(desk.store, ACTOR, number, "bat-01")
    before = desk.last_mutation()
    booked = visits.book(
        desk.store,
        ACTOR,
        number,
        engineer="张伟",
        start=sh(2026, 11, 24, 14, 0),
        address="北京市海淀区中关村大街 1 号",
        bring="螺丝刀\n",
        confirmed_via=ConfirmedVia.PHONE,
    )
    assert (booked.window_start, booked.window_end) == (
        sh(2026, 11, 24, 14, 0),
        sh(2026, 11, 24, 14, 30),
    )
    assert (booked.engineer, booked.address, booked.status) == (
        "张伟",
        "北京市海淀区中关村大街 1 号",
        AppointmentStatus.BOOKED,
    )
    assert booked.bring.splitlines() == [
        "BAT-01 电池 x1",
        "ThinkPad X1 Carbon PF1X0001",
        f"{earlier} 2026-11-20 键盘失灵",
        "螺丝刀",
    ]
    assert booked.confirmed_via is ConfirmedVia.PHONE and booked.confirmed_at is not None
    assert desk.outbox_since(before) == [
        ("appointment", "insert"),
        ("ticket_event", "insert"),
        ("ticket", "update"),
    ]
    [event] = desk.events(number, EventKind.APPOINTMENT)
    assert (_instant(event.new_value), event.text) == (sh(2026, 11, 24, 14, 0), "张伟")


def test_a_visit_is_confirmed_with_the_customer(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    visits.book(
        desk.store, ACTOR, number, engineer="张伟", start=sh(2026, 11, 24, 14, 0), address="海淀区"
    )
    desk.at(sh(2026, 11, 20, 15, 0))
    confirmed = visits.confirm(desk.store, ACTOR, number, ConfirmedVia.APP)
    assert (confirmed.confirmed_via, confirmed.confirmed_at) == (
        ConfirmedVia.APP,
        sh(2026, 11, 20, 15, 0),
    )
    assert [e.new_value for e in desk.events(number, EventKind.APPOINTMENT)][-1] == "app"


def test_bookings_in_the_past_or_twice_are_refused(desk: Desk) -> None:
    number = desk.ticket()
    with pytest.raises(AppointmentInPast):
        visits.book(
            desk.store,
            ACTOR,
            number,
            engineer="张伟",
            start=sh(2026, 11, 20, 9, 0),
            address="海淀区",
        )
    visits.book(
        desk.store, ACTOR, number, engineer="张伟", start=sh(2026, 11, 24, 14, 0), address="海淀区"
    )
    before = desk.counts()
    with pytest.raises(AppointmentExists) as refused:
        visits.book(
            desk.store,
            ACTOR,
            number,
            engineer="刘洋",
            start=sh(2026, 11, 25, 9, 0),
            address="海淀区",
        )
    assert refused.value.params["at"] == "2026-11-24 14:00"
    assert desk.counts() == before
    other = desk.ticket()
    before = desk.counts()
    for refusal in (
        lambda: visits.confirm(desk.store, ACTOR, other, ConfirmedVia.PHONE),
        lambda: visits.arrive(desk.store, ACTOR, other),
        lambda: visits.reschedule(
            desk.store, ACTOR, other, start=sh(2026, 11, 25, 9, 0), reason="客户出差"
        ),
    ):
        with pytest.raises(NoAppointment):
            refusal()
    assert desk.counts() == before


def test_rescheduling_keeps_the_history(desk: Desk) -> None:
    number = desk.ticket()
    first = visits.book(
        desk.store,
        ACTOR,
        number,
        engineer="张伟",
        start=sh(2026, 11, 24, 14, 0),
        address="海淀区",
        bring="万用表",
    )
    desk.at(sh(2026, 11, 23, 9, 0))
    moved = visits.reschedule(
        desk.store, ACTOR, number, start=sh(2026, 11, 25, 9, 30), reason="客户出差", engineer="刘洋"
    )
    assert (moved.window_start, moved.window_end) == (
        sh(2026, 11, 25, 9, 30),
        sh(2026, 11, 25, 10, 0),
    )
    assert (moved.engineer, moved.reason, moved.address, moved.bring) == (
        "刘洋",
        "客户出差",
        "海淀区",
        first.bring,
    )
    with desk.store.read() as session:
        ticket = session.exec(select(Ticket).where(Ticket.number == number)).one()
        history = visits.of_ticket(session, ticket)
    assert [(a.window_start, a.status, a.engineer) for a in history] == [
        (sh(2026, 11, 24, 14, 0), AppointmentStatus.RESCHEDULED, "张伟"),
        (sh(2026, 11, 25, 9, 30), AppointmentStatus.BOOKED, "刘洋"),
    ]
    last = desk.events(number, EventKind.APPOINTMENT)[-1]
    assert (_instant(last.old_value), _instant(last.new_value), last.text) == (
        sh(2026, 11, 24, 14, 0),
        sh(2026, 11, 25, 9, 30),
        "客户出差",
    )
    with pytest.raises(AppointmentInPast):
        visits.reschedule(desk.store, ACTOR, number, start=sh(2026, 11, 23, 8, 0), reason="早点")


def test_an_engineer_s_day_lists_their_visits_in_order(desk: Desk) -> None:
    def book(start: datetime, engineer: str = "张伟") -> str:
        number = desk.ticket()
        visits.book(desk.store, ACTOR, number, engineer=engineer, start=start, address="海淀区")
        return number

    afternoon = book(sh(2026, 11, 24, 14, 0))
    morning = book(sh(2026, 11, 24, 9, 30))
    early = book(sh(2026, 11, 24, 7, 30))  # Monday 23:30 in UTC: still Tuesday here
    book(sh(2026, 11, 24, 10, 0), engineer="刘洋")
    book(sh(2026, 11, 25, 0, 0))  # Wednesday's first minute
    book(sh(2026, 11, 23, 23, 59))
    moved = book(sh(2026, 11, 24, 11, 0))
    visits.reschedule(desk.store, ACTOR, moved, start=sh(2026, 11, 25, 11, 0), reason="改期")
    with desk.store.read() as session:
        tuesday = visits.day(session, "张伟", date(2026, 11, 24))
        wednesday = visits.day(session, "张伟", date(2026, 11, 25))
    assert [(v.number, v.window_start) for v in tuesday] == [
        (early, sh(2026, 11, 24, 7, 30)),
        (morning, sh(2026, 11, 24, 9, 30)),
        (afternoon, sh(2026, 11, 24, 14, 0)),
    ]
    assert [v.window_start for v in wednesday] == [sh(2026, 11, 25, 0, 0), sh(2026, 11, 25, 11, 0)]
    assert tuesday[0].customer == "李娜" and tuesday[0].phone == "13800138000"


def test_arrival_stops_the_on_site_clock(desk: Desk) -> None:
    number = desk.ticket(desk.covered, priority=Priority.P1, service_mode=ServiceMode.ONSITE)
    desk.move(number, Status.SCHEDULED)
    running = desk.clocks(number, sh(2026, 11, 20, 14, 0))["onsite"]
    assert (running.rule.id, running.state) == ("urgent-onsite", ClockState.RUNNING)
    assert running.due == sh(2026, 11, 21, 10, 0), "24 hours around the clock"
    assert desk.row(number).due_at == sh(2026, 11, 21, 10, 0)
    visits.book(
        desk.store, ACTOR, number, engineer="张伟", start=sh(2026, 11, 20, 14, 0), address="海淀区"
    )
    desk.at(sh(2026, 11, 20, 14, 20))
    arrived = visits.arrive(desk.store, ACTOR, number)
    assert (arrived.status, arrived.arrived_at) == (
        AppointmentStatus.ARRIVED,
        sh(2026, 11, 20, 14, 20),
    )
    stopped = desk.clocks(number, sh(2026, 11, 22, 9, 0))["onsite"]
    assert (stopped.state, stopped.stopped) == (ClockState.MET, sh(2026, 11, 20, 14, 20))
    # What still ticks is the resolution: 1350 business minutes from Friday 10:00.
    assert desk.row(number).due_at == sh(2026, 11, 25, 10, 0)
    assert [e.text for e in desk.events(number, EventKind.ARRIVED)] == ["海淀区"]


def test_a_late_arrival_breaches_the_on_site_clock(desk: Desk) -> None:
    number = desk.ticket(desk.covered, priority=Priority.P1, service_mode=ServiceMode.ONSITE)
    visits.book(
        desk.store, ACTOR, number, engineer="张伟", start=sh(2026, 11, 21, 9, 0), address="海淀区"
    )
    desk.at(sh(2026, 11, 21, 10, 30))
    visits.arrive(desk.store, ACTOR, number)
    late = desk.clocks(number, sh(2026, 11, 21, 11, 0))["onsite"]
    assert late.state is ClockState.BREACHED and late.elapsed_minutes == 24 * 60 + 30


# --- parts -----------------------------------------------------------------------------------


def test_the_catalogue(desk: Desk) -> None:
    with desk.store.read() as session:
        listed = parts.catalogue(session)
    assert [(p.number, p.kind, p.price_cents, p.core) for p in listed] == [
        ("BAT-01", PartKind.COMMON, 45000, False),
        ("FAN-01", PartKind.COMMON, 12000, False),
        ("MB-01", PartKind.SPECIAL, 280000, True),
    ]


@pytest.mark.parametrize(
    ("part", "due"),
    [
        ("BAT-01", sh(2026, 11, 25, 10, 0)),  # common: 3 business days
        ("MB-01", sh(2026, 12, 1, 10, 0)),
    ],  # special: 7
)
def test_a_requested_part_is_due_per_policy(desk: Desk, part: str, due: datetime) -> None:
    number = desk.ticket(desk.covered)
    before = desk.last_mutation()
    desk.at(FRI_10)
    requested = parts.request_part(desk.store, ACTOR, number, part, quantity=2)
    assert (requested.status, requested.requested_at, requested.due_at) == (
        PartStatus.REQUESTED,
        FRI_10,
        due,
    )
    assert (requested.quantity, requested.late) == (2, False)
    assert desk.outbox_since(before) == [
        ("ticket_part", "insert"),
        ("ticket_event", "insert"),
        ("ticket", "update"),
    ]
    [event] = desk.events(number, EventKind.PART)
    assert (event.old_value, event.new_value, event.text) == (part, "requested", "2")


def test_a_part_goes_one_step_at_a_time(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    parts.request_part(desk.store, ACTOR, number, "BAT-01")
    before = desk.counts()
    for skipped in (PartStatus.DELIVERED, PartStatus.INSTALLED, PartStatus.REQUESTED):
        with pytest.raises(PartNotOnTicket) as refused:
            parts.advance_part(desk.store, ACTOR, number, "BAT-01", skipped)
        assert refused.value.params["status"] == skipped.value
    with pytest.raises(PartNotOnTicket):
        parts.advance_part(desk.store, ACTOR, number, "FAN-01", PartStatus.SHIPPED)
    assert desk.counts() == before
    stamps = {}
    for day, status in (
        (23, PartStatus.SHIPPED),
        (24, PartStatus.DELIVERED),
        (25, PartStatus.INSTALLED),
    ):
        desk.at(sh(2026, 11, day, 11, 0))
        view = parts.advance_part(desk.store, ACTOR, number, "BAT-01", status)
        stamps[status] = (view.status, view.shipped_at, view.delivered_at, view.installed_at)
    assert stamps[PartStatus.INSTALLED] == (
        PartStatus.INSTALLED,
        sh(2026, 11, 23, 11, 0),
        sh(2026, 11, 24, 11, 0),
        sh(2026, 11, 25, 11, 0),
    )
    assert [e.new_value for e in desk.events(number, EventKind.PART)] == [
        "requested",
        "shipped",
        "delivered",
        "installed",
    ]
    with pytest.raises(PartNotOnTicket):
        parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.INSTALLED)
    assert not desk.events(number, EventKind.FEE_REDUCTION), "delivered in time"


def test_each_request_of_the_same_part_moves_on_its_own(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    parts.request_part(desk.store, ACTOR, number, "BAT-01")
    parts.request_part(desk.store, ACTOR, number, "BAT-01")
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.SHIPPED)
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.SHIPPED)
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.DELIVERED)
    with desk.store.read() as session:
        rows = session.exec(select(TicketPart.status).order_by(TicketPart.requested_at)).all()
    assert rows == [PartStatus.DELIVERED, PartStatus.SHIPPED], "the earliest request first"


def test_a_late_delivery_flags_the_fee_reduction_once(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    parts.request_part(desk.store, ACTOR, number, "BAT-01")  # due Wednesday 25 10:00
    parts.request_part(desk.store, ACTOR, number, "FAN-01")
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.SHIPPED)
    parts.advance_part(desk.store, ACTOR, number, "FAN-01", PartStatus.SHIPPED)
    desk.at(sh(2026, 11, 25, 9, 59))
    assert not desk.record(number).fee_reduced
    desk.clock.current = sh(2026, 11, 25, 10, 1)
    assert desk.record(number).fee_reduced, "overdue even before it is delivered"
    desk.at(sh(2026, 11, 25, 10, 1))
    before = desk.last_mutation()
    delivered = parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.DELIVERED)
    assert delivered.late
    assert desk.outbox_since(before) == [
        ("ticket_part", "update"),
        ("ticket_event", "insert"),
        ("ticket_event", "insert"),
        ("ticket", "update"),
    ], "the part, its event and the fee reduction in one transaction"
    parts.advance_part(desk.store, ACTOR, number, "FAN-01", PartStatus.DELIVERED)
    flagged = desk.events(number, EventKind.FEE_REDUCTION)
    assert [(e.field, e.new_value) for e in flagged] == [("fee_reduction", "BAT-01")]


def test_a_delivery_on_its_due_minute_is_in_time(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    parts.request_part(desk.store, ACTOR, number, "BAT-01")
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.SHIPPED)
    desk.at(sh(2026, 11, 25, 10, 0))
    assert not parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.DELIVERED).late
    assert not desk.events(number, EventKind.FEE_REDUCTION)


def test_the_returned_old_part_is_recorded(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    parts.request_part(desk.store, ACTOR, number, "BAT-01")
    before = desk.counts()
    with pytest.raises(PartNotOnTicket) as refused:
        parts.return_old_part(desk.store, ACTOR, number, "BAT-01", "old-123")
    assert refused.value.params["status"] == "returned"
    assert desk.counts() == before
    desk.fit(number, "FAN-01", on=sh(2026, 11, 23, 10, 0))
    for status in (PartStatus.SHIPPED, PartStatus.DELIVERED, PartStatus.INSTALLED):
        parts.advance_part(desk.store, ACTOR, number, "BAT-01", status)
    returned = parts.return_old_part(desk.store, ACTOR, number, "BAT-01", " old-123 ")
    assert returned.returned_serial == "OLD-123"
    last = desk.events(number, EventKind.PART)[-1]
    assert (last.old_value, last.new_value, last.text) == ("BAT-01", "returned", "OLD-123")
    with pytest.raises(PartNotOnTicket):
        parts.return_old_part(desk.store, ACTOR, number, "BAT-01", "again")


def test_a_fitted_part_carries_its_warranty(desk: Desk) -> None:
    covered = desk.ticket(desk.covered)
    battery = desk.fit(covered, "BAT-01", on=sh(2026, 11, 25, 11, 0))
    board = desk.fit(covered, "MB-01", on=sh(2026, 11, 25, 11, 0))
    assert (battery.covered, battery.warranty_end) == (True, date(2027, 6, 14)), "the device's"
    assert (board.covered, board.warranty_end) == (True, date(2028, 6, 14)), "core: two years"
    expired = desk.ticket(desk.expired)
    estimates.make_estimate(desk.store, ACTOR, expired, part_numbers=[("BAT-01", 1)])
    estimates.decide_estimate(
        desk.store, ACTOR, expired, accepted=True, by="李娜", via=ConfirmedVia.PHONE
    )
    paid = desk.fit(expired, "BAT-01", on=sh(2026, 11, 25, 11, 0))
    # No cover left: 90 days from 2026-11-25 (5 in November, 31, 31, 23) -> 2027-02-23.
    assert (paid.covered, paid.warranty_end) == (False, date(2027, 2, 23))


def test_a_part_fitted_earlier_and_still_under_its_warranty_is_covered(desk: Desk) -> None:
    first = desk.ticket(desk.expired)
    estimates.make_estimate(desk.store, ACTOR, first, part_numbers=[("BAT-01", 1)])
    estimates.decide_estimate(
        desk.store, ACTOR, first, accepted=True, by="李娜", via=ConfirmedVia.PHONE
    )
    desk.fit(first, "BAT-01", on=FRI_10)  # warranty to 2027-02-18
    again = desk.ticket(desk.expired)
    desk.at(sh(2027, 2, 18, 10, 0))
    assert parts.request_part(desk.store, ACTOR, again, "BAT-01").covered
    assert not parts.request_part(desk.store, ACTOR, again, "FAN-01").covered
    desk.at(sh(2027, 2, 19, 10, 0))
    assert not parts.request_part(desk.store, ACTOR, again, "BAT-01").covered


# --- estimates and the bill ------------------------------------------------------------------


def _lines(view: estimates.EstimateView) -> list[tuple]:
    return [(li.kind, li.item, li.quantity, li.unit_cents, li.covered) for li in view.lines]


def test_an_estimate_is_itemized_and_paid_work_waits_for_the_customer(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    before = desk.last_mutation()
    estimate = estimates.make_estimate(
        desk.store,
        ACTOR,
        number,
        part_numbers=[("BAT-01", 2)],
        labour_cents=20000,
        travel_cents=5000,
    )
    assert _lines(estimate) == [
        (CostKind.PARTS, "BAT-01", 2, 45000, False),
        (CostKind.LABOUR, "labour", 1, 20000, False),
        (CostKind.TRAVEL, "travel", 1, 5000, False),
    ]
    assert (estimate.total_cents, estimate.status) == (115000, EstimateStatus.PROPOSED)
    assert desk.outbox_since(before) == [
        ("estimate", "insert"),
        ("ticket_event", "insert"),
        ("ticket", "update"),
    ]
    parts.request_part(desk.store, ACTOR, number, "BAT-01")
    for status in (PartStatus.SHIPPED, PartStatus.DELIVERED):
        parts.advance_part(desk.store, ACTOR, number, "BAT-01", status)
    before_counts = desk.counts()
    with pytest.raises(EstimateNotAccepted) as refused:
        desk.move(number, Status.IN_PROGRESS)
    assert (refused.value.params["total"], refused.value.params["status"]) == (
        "¥1,150.00",
        "proposed",
    )
    with pytest.raises(EstimateNotAccepted):
        parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.INSTALLED)
    assert desk.counts() == before_counts
    assert desk.row(number).status is Status.NEW
    desk.at(sh(2026, 11, 20, 15, 0))
    decided = estimates.decide_estimate(
        desk.store, ACTOR, number, accepted=True, by=" 李娜 ", via=ConfirmedVia.APP
    )
    assert (decided.status, decided.decided_by, decided.decided_via, decided.decided_at) == (
        EstimateStatus.ACCEPTED,
        "李娜",
        ConfirmedVia.APP,
        sh(2026, 11, 20, 15, 0),
    )
    desk.move(number, Status.IN_PROGRESS)
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.INSTALLED)
    assert [e.new_value for e in desk.events(number, EventKind.ESTIMATE)] == [
        "proposed",
        "accepted",
    ]
    with pytest.raises(NoPendingEstimate):
        estimates.decide_estimate(
            desk.store, ACTOR, number, accepted=False, by="李娜", via=ConfirmedVia.PHONE
        )


def test_a_declined_estimate_keeps_paid_work_waiting(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    estimates.make_estimate(desk.store, ACTOR, number, part_numbers=[], labour_cents=20000)
    estimates.decide_estimate(
        desk.store, ACTOR, number, accepted=False, by="李娜", via=ConfirmedVia.PHONE
    )
    with pytest.raises(EstimateNotAccepted) as refused:
        desk.move(number, Status.IN_PROGRESS)
    assert refused.value.params["status"] == "declined"
    estimates.make_estimate(desk.store, ACTOR, number, part_numbers=[], labour_cents=15000)
    estimates.decide_estimate(
        desk.store, ACTOR, number, accepted=True, by="李娜", via=ConfirmedVia.PHONE
    )
    desk.move(number, Status.IN_PROGRESS)
    assert desk.row(number).status is Status.IN_PROGRESS


def test_installing_a_paid_part_without_any_estimate_is_refused(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    parts.request_part(desk.store, ACTOR, number, "BAT-01")
    for status in (PartStatus.SHIPPED, PartStatus.DELIVERED):
        parts.advance_part(desk.store, ACTOR, number, "BAT-01", status)
    before = desk.counts()
    with pytest.raises(NoPendingEstimate):
        parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.INSTALLED)
    assert desk.counts() == before
    desk.move(number, Status.IN_PROGRESS)  # work with no estimate at all may be free
    covered = desk.ticket(desk.covered)
    desk.fit(covered, "BAT-01", on=FRI_10)  # a covered part needs no estimate


def test_within_warranty_the_estimate_is_zero_and_needs_no_answer(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    estimate = estimates.make_estimate(
        desk.store,
        ACTOR,
        number,
        part_numbers=[("BAT-01", 1), ("MB-01", 1)],
        labour_cents=20000,
        travel_cents=5000,
    )
    assert _lines(estimate) == [
        (CostKind.PARTS, "BAT-01", 1, 45000, True),
        (CostKind.PARTS, "MB-01", 1, 280000, True),
        (CostKind.LABOUR, "labour", 1, 20000, True),
        (CostKind.TRAVEL, "travel", 1, 5000, True),
    ]
    assert (estimate.total_cents, estimate.status) == (0, EstimateStatus.ACCEPTED)
    desk.move(number, Status.IN_PROGRESS)
    desk.fit(number, "BAT-01", on=sh(2026, 11, 23, 10, 0))
    bill = estimates.bill_for(desk.store, number)
    assert (bill.total_cents, bill.reduction_cents) == (0, 0)


def test_core_parts_outlive_the_device_warranty(desk: Desk) -> None:
    number = desk.ticket(desk.core_only)
    estimate = estimates.make_estimate(
        desk.store, ACTOR, number, part_numbers=[("BAT-01", 1), ("MB-01", 1)], labour_cents=20000
    )
    assert [(line.item, line.covered) for line in estimate.lines] == [
        ("BAT-01", False),
        ("MB-01", True),
        ("labour", False),
    ]
    assert estimate.total_cents == 45000 + 20000


def test_the_device_record_s_warranty_end_wins(desk: Desk) -> None:
    extended = actions.register_device(
        desk.store,
        ACTOR,
        customer_id=desk.customer.id,
        serial="pf1x0009",
        model="ThinkPad",
        product_line=ProductLine.LAPTOP,
        purchase_date=date(2024, 6, 1),
        warranty_end=date(2026, 11, 20),
    )
    number = desk.ticket(extended)
    estimate = estimates.make_estimate(
        desk.store, ACTOR, number, part_numbers=[("FAN-01", 1)], labour_cents=20000
    )
    assert estimate.total_cents == 0, "covered on the record's last day"
    desk.at(sh(2026, 11, 21, 7, 0))  # the next day here, still the 20th in UTC
    later = estimates.make_estimate(
        desk.store, ACTOR, number, part_numbers=[("FAN-01", 1)], labour_cents=20000
    )
    assert later.total_cents == 12000 + 20000


def test_the_final_bill_is_fitted_parts_and_the_accepted_fee_less_a_late_part(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    estimates.make_estimate(
        desk.store,
        ACTOR,
        number,
        part_numbers=[("BAT-01", 1), ("FAN-01", 1)],
        labour_cents=20000,
        travel_cents=5000,
    )
    estimates.decide_estimate(
        desk.store, ACTOR, number, accepted=True, by="李娜", via=ConfirmedVia.SIGNATURE
    )
    parts.request_part(desk.store, ACTOR, number, "BAT-01")  # due Wednesday 25 10:00
    parts.request_part(desk.store, ACTOR, number, "FAN-01")  # never fitted: not billed
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.SHIPPED)
    desk.at(sh(2026, 11, 26, 9, 0))
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.DELIVERED)
    parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.INSTALLED)
    bill = estimates.bill_for(desk.store, number)
    assert [(line.item, line.amount_cents) for line in bill.lines] == [
        ("BAT-01", 45000),
        ("labour", 20000),
        ("travel", 5000),
    ]
    assert bill.reduction_cents == 2500, "10% of labour and travel"
    assert bill.total_cents == 45000 + 25000 - 2500
    record = desk.record(number)
    assert record.fee_reduced and record.bill == bill


# --- resolution, sign-off and dispute --------------------------------------------------------


def test_the_resolution_record_resolves_the_ticket(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    desk.at(sh(2026, 11, 20, 16, 0))
    closure.resolve(
        desk.store,
        ACTOR,
        number,
        cause=" 电池老化 ",
        solution="更换电池",
        tools="螺丝刀",
        prevention="避免长期满电",
    )
    row = desk.row(number)
    assert (row.status, row.resolved_at) == (Status.RESOLVED, sh(2026, 11, 20, 16, 0))
    resolution = desk.record(number).resolution
    assert resolution is not None
    assert (resolution.cause, resolution.solution, resolution.tools, resolution.prevention) == (
        "电池老化",
        "更换电池",
        "螺丝刀",
        "避免长期满电",
    )
    closure.resolve(desk.store, ACTOR, number, cause="电池老化", solution="更换电池并校准")
    assert desk.record(number).resolution.solution == "更换电池并校准", "the newest record"
    assert desk.row(number).status is Status.RESOLVED


def test_acceptance_closes_the_ticket(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    before = desk.counts()
    with pytest.raises(TicketNotResolved) as refused:
        closure.accept(desk.store, ACTOR, number, by="李娜", via=ConfirmedVia.PHONE)
    assert refused.value.params["status"] == "new"
    assert desk.counts() == before
    closure.resolve(desk.store, ACTOR, number, cause="驱动", solution="重装")
    desk.at(sh(2026, 11, 23, 11, 0))
    accepted = closure.accept(desk.store, ACTOR, number, by="李娜", via=ConfirmedVia.SIGNATURE)
    assert (accepted.accepted, accepted.confirmed_by, accepted.via, accepted.at) == (
        True,
        "李娜",
        ConfirmedVia.SIGNATURE,
        sh(2026, 11, 23, 11, 0),
    )
    row = desk.row(number)
    assert (row.status, row.closed_at) == (Status.CLOSED, sh(2026, 11, 23, 11, 0))
    [event] = desk.events(number, EventKind.ACCEPTANCE)
    assert (event.old_value, event.new_value) == ("李娜", "signature")


def test_a_dispute_starts_a_one_business_day_evaluation(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    with pytest.raises(TicketNotResolved):
        closure.dispute(desk.store, ACTOR, number, reason="仍不充电")
    closure.resolve(desk.store, ACTOR, number, cause="驱动", solution="重装")
    before = desk.counts()
    with pytest.raises(NoDisputePending):
        closure.evaluate(desk.store, ACTOR, number, finding="无争议")
    assert desk.counts() == before
    desk.at(sh(2026, 11, 20, 16, 0))
    row = closure.dispute(
        desk.store, ACTOR, number, reason="仍不充电", by="李娜", via=ConfirmedVia.PHONE
    )
    assert (row.accepted, row.reason) == (False, "仍不充电")
    assert desk.row(number).status is Status.RESOLVED, "resolved until the finding"
    # Friday 16:00-18:00 is 120 of the 450 minutes; Monday 09:00-12:00 180, 13:30 + 150.
    evaluation = desk.clocks(number, sh(2026, 11, 23, 9, 0))["evaluation"]
    assert (evaluation.rule.id, evaluation.state) == ("dispute-evaluation", ClockState.RUNNING)
    assert evaluation.due == sh(2026, 11, 23, 16, 0)
    assert desk.row(number).due_at == sh(2026, 11, 23, 16, 0)
    desk.at(sh(2026, 11, 23, 15, 0))
    closure.evaluate(desk.store, ACTOR, number, finding="维修正确，电池需校准")
    done = desk.clocks(number, sh(2026, 11, 24, 9, 0))["evaluation"]
    assert (done.state, done.stopped) == (ClockState.MET, sh(2026, 11, 23, 15, 0))
    assert desk.row(number).due_at is None, "no clock left ticking"
    assert desk.row(number).status is Status.RESOLVED
    [event] = desk.events(number, EventKind.EVALUATION)
    assert (event.new_value, event.text) == ("upheld", "维修正确，电池需校准")
    with pytest.raises(NoDisputePending):
        closure.evaluate(desk.store, ACTOR, number, finding="again")


def test_an_evaluation_past_a_business_day_is_breached(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    closure.resolve(desk.store, ACTOR, number, cause="驱动", solution="重装")
    desk.at(sh(2026, 11, 20, 16, 0))
    closure.dispute(desk.store, ACTOR, number, reason="仍不充电")
    desk.at(sh(2026, 11, 23, 16, 1))
    closure.evaluate(desk.store, ACTOR, number, finding="维修正确")
    late = desk.clocks(number, sh(2026, 11, 24, 9, 0))["evaluation"]
    assert late.state is ClockState.BREACHED and late.elapsed_minutes == 451


def test_reopening_on_evaluation_makes_a_free_second_fault(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    estimates.make_estimate(desk.store, ACTOR, number, part_numbers=[("BAT-01", 1)])
    estimates.decide_estimate(
        desk.store, ACTOR, number, accepted=True, by="李娜", via=ConfirmedVia.PHONE
    )
    desk.fit(number, "BAT-01", on=FRI_10)  # 90 days: to 2027-02-18
    closure.resolve(desk.store, ACTOR, number, cause="电池老化", solution="更换电池")
    closure.dispute(desk.store, ACTOR, number, reason="仍不充电")
    closure.evaluate(desk.store, ACTOR, number, finding="充电口损坏", reopen=True)
    row = desk.row(number)
    assert (row.status, row.second_fault_of, row.resolved_at) == (Status.REOPENED, row.id, None)
    [evaluation] = desk.events(number, EventKind.EVALUATION)
    assert evaluation.new_value == "reopen"
    [linked] = desk.events(number, EventKind.SECOND_FAULT)
    assert (linked.new_value, linked.text) == (number, "1")
    [battery] = desk.record(number).parts
    assert battery.warranty_end == date(2027, 8, 18), "six months more"
    estimate = estimates.make_estimate(
        desk.store, ACTOR, number, part_numbers=[("FAN-01", 1)], labour_cents=20000
    )
    assert (estimate.total_cents, estimate.status) == (0, EstimateStatus.ACCEPTED)


# --- surveys and follow-up calls -------------------------------------------------------------


def _closure_follow_up(desk: Desk, number: str) -> datetime:
    with desk.store.read() as session:
        ticket = session.exec(select(Ticket).where(Ticket.number == number)).one()
        found = followups.of_ticket(session, ticket)
    [due] = [row.due_at for row in found if row.kind is FollowUpKind.CLOSURE]
    return due


def test_closure_schedules_the_follow_up_in_three_business_days(desk: Desk) -> None:
    number = desk.ticket(desk.covered)  # device warranty to 2027-06-14
    closure.resolve(desk.store, ACTOR, number, cause="驱动", solution="重装")
    before = desk.last_mutation()
    desk.at(FRI_10)
    closure.accept(desk.store, ACTOR, number, by="李娜", via=ConfirmedVia.APP)
    with desk.store.read() as session:
        ticket = session.exec(select(Ticket).where(Ticket.number == number)).one()
        rows = followups.of_ticket(session, ticket)
    assert [(row.kind, row.due_at) for row in rows] == [
        (FollowUpKind.CLOSURE, sh(2026, 11, 25, 10, 0)),  # 1350 business minutes
        (FollowUpKind.PREVENTIVE, sh(2027, 2, 20, 10, 0)),
        (FollowUpKind.PREVENTIVE, sh(2027, 5, 20, 10, 0)),  # 2027-08-20 is past 2027-06-14
    ]
    written = desk.outbox_since(before)
    assert written.count(("follow_up", "insert")) == 3, "in the closing transaction"
    assert ("acceptance", "insert") in written
    assert desk.row(number).due_at == sh(2026, 11, 25, 10, 0), "the follow-up clock ticks"


def test_no_preventive_calls_out_of_warranty(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    desk.close(number)
    with desk.store.read() as session:
        ticket = session.exec(select(Ticket).where(Ticket.number == number)).one()
        kinds = [row.kind for row in followups.of_ticket(session, ticket)]
    assert kinds == [FollowUpKind.CLOSURE]


def test_a_complex_case_is_called_back_within_24_hours(desk: Desk) -> None:
    number = desk.ticket(desk.expired, team=desk.expert)
    closure.resolve(desk.store, ACTOR, number, cause="主板", solution="更换主板")
    desk.at(sh(2026, 11, 20, 17, 0))
    closure.accept(desk.store, ACTOR, number, by="李娜", via=ConfirmedVia.PHONE)
    assert _closure_follow_up(desk, number) == sh(2026, 11, 21, 17, 0)


def test_an_unsatisfied_survey_brings_the_follow_up_forward(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    desk.close(number, on=FRI_10)
    assert _closure_follow_up(desk, number) == sh(2026, 11, 25, 10, 0)
    desk.at(sh(2026, 11, 20, 12, 0))
    closure.record_survey(desk.store, ACTOR, number, survey.Scores(4, 4, 3, 8))
    assert _closure_follow_up(desk, number) == sh(2026, 11, 25, 10, 0), "satisfied: unchanged"
    before = desk.last_mutation()
    closure.record_survey(desk.store, ACTOR, number, survey.Scores(4, 2, 4, 5), comment="太慢")
    assert _closure_follow_up(desk, number) == sh(2026, 11, 21, 10, 0), "24 h after closure"
    assert ("follow_up", "update") in desk.outbox_since(before)
    assert [e.new_value for e in desk.events(number, EventKind.SURVEY)] == [
        "satisfied",
        "unsatisfied",
    ]


def test_an_unsatisfied_survey_before_sign_off_sets_the_follow_up(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    closure.resolve(desk.store, ACTOR, number, cause="驱动", solution="重装")
    closure.record_survey(desk.store, ACTOR, number, survey.Scores(1, 3, 3, 2))
    desk.at(sh(2026, 11, 23, 9, 0))
    closure.accept(desk.store, ACTOR, number, by="李娜", via=ConfirmedVia.PHONE)
    assert _closure_follow_up(desk, number) == sh(2026, 11, 24, 9, 0)


def test_a_survey_on_an_open_ticket_or_out_of_range_is_refused(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    before = desk.counts()
    with pytest.raises(SurveyOnOpenTicket) as refused:
        closure.record_survey(desk.store, ACTOR, number, survey.Scores(5, 5, 5, 10))
    assert refused.value.params["status"] == "new"
    closure.resolve(desk.store, ACTOR, number, cause="驱动", solution="重装")
    before = desk.counts()
    with pytest.raises(InvalidValue) as refused:
        closure.record_survey(desk.store, ACTOR, number, survey.Scores(5, 5, 6, 10))
    assert refused.value.params["field"] == "attitude"
    assert desk.counts() == before


def test_nps_and_csat_over_the_stored_surveys(desk: Desk) -> None:
    answers = [(5, 5, 5, 10), (4, 4, 3, 9), (3, 3, 3, 8), (1, 2, 1, 3)]
    for scores in answers:
        number = desk.ticket(desk.expired)
        desk.close(number)
        closure.record_survey(desk.store, ACTOR, number, survey.Scores(*scores))
    with desk.store.read() as session:
        summary = closure.survey_summary(session).summary
        none = closure.survey_summary(session, since=sh(2027, 1, 1, 0, 0)).summary
    # Promoters 10, 9; detractor 3: (2 - 1) / 4. Scores of 4 or 5: 3 + 2 of 12.
    assert (summary.count, summary.nps) == (4, pytest.approx(25.0))
    assert summary.csat == pytest.approx(100 * 5 / 12)
    assert (none.count, none.nps, none.csat) == (0, None, None)


def test_the_follow_up_queue_soonest_first_and_calls_made(desk: Desk) -> None:
    relaxed = desk.ticket(desk.expired)
    desk.close(relaxed, on=FRI_10)  # due Wednesday 25 10:00
    urgent = desk.ticket(desk.expired, team=desk.expert)
    desk.close(urgent, on=sh(2026, 11, 20, 11, 0))  # due Saturday 21 11:00
    with desk.store.read() as session:
        queue = followups.queue(session)
        due_soon = followups.queue(session, due_before=sh(2026, 11, 22, 0, 0))
    assert [(row.number, row.due_at) for row in queue] == [
        (urgent, sh(2026, 11, 21, 11, 0)),
        (relaxed, sh(2026, 11, 25, 10, 0)),
    ]
    assert [row.number for row in due_soon] == [urgent]
    desk.at(sh(2026, 11, 21, 9, 0))
    done = followups.complete(desk.store, ACTOR, urgent, outcome="客户确认已恢复")
    assert (done.done_at, done.done_by, done.outcome) == (
        sh(2026, 11, 21, 9, 0),
        "王芳",
        "客户确认已恢复",
    )
    call = desk.clocks(urgent, sh(2026, 11, 22, 9, 0))["follow_up"]
    assert (call.state, call.stopped) == (ClockState.MET, sh(2026, 11, 21, 9, 0))
    with desk.store.read() as session:
        assert [row.number for row in followups.queue(session)] == [relaxed]
    assert [e.new_value for e in desk.events(urgent, EventKind.FOLLOW_UP)] == ["closure"]
    before = desk.counts()
    with pytest.raises(NoFollowUpPending):
        followups.complete(desk.store, ACTOR, urgent, outcome="again")
    assert desk.counts() == before


# --- second faults ---------------------------------------------------------------------------


def _first_repair(desk: Desk) -> str:
    """A paid battery repair on the expired device, signed off: its battery is under the
    90-day repair warranty (fitted Friday 2026-11-20: to 2027-02-18)."""
    number = desk.ticket(desk.expired)
    actions.choose_procedure(desk.store, ACTOR, number, PROCEDURE)
    estimates.make_estimate(
        desk.store, ACTOR, number, part_numbers=[("BAT-01", 1)], labour_cents=20000
    )
    estimates.decide_estimate(
        desk.store, ACTOR, number, accepted=True, by="李娜", via=ConfirmedVia.PHONE
    )
    desk.fit(number, "BAT-01", on=FRI_10)
    desk.close(number)
    return number


def _battery_end(desk: Desk, number: str) -> date | None:
    [battery] = [p for p in desk.record(number).parts if p.number == "BAT-01"]
    return battery.warranty_end


def test_the_same_procedure_on_the_same_device_is_a_second_fault(desk: Desk) -> None:
    first = _first_repair(desk)
    assert _battery_end(desk, first) == date(2027, 2, 18)
    second = desk.ticket(desk.expired)
    desk.at(sh(2026, 12, 10, 10, 0))
    before = desk.last_mutation()
    actions.choose_procedure(desk.store, ACTOR, second, PROCEDURE)
    row = desk.row(second)
    assert row.second_fault_of == desk.row(first).id
    assert desk.detail(second).second_fault_of == first
    [linked] = desk.events(second, EventKind.SECOND_FAULT)
    assert (linked.new_value, linked.text) == (first, "1")
    assert _battery_end(desk, first) == date(2027, 8, 18), "six months more"
    assert ("ticket_part", "update") in desk.outbox_since(before)
    estimate = estimates.make_estimate(
        desk.store,
        ACTOR,
        second,
        part_numbers=[("BAT-01", 1)],
        labour_cents=20000,
        travel_cents=5000,
    )
    assert (estimate.total_cents, estimate.status) == (0, EstimateStatus.ACCEPTED)
    desk.move(second, Status.IN_PROGRESS)
    desk.fit(second, "BAT-01", on=sh(2026, 12, 11, 10, 0))
    bill = estimates.bill_for(desk.store, second)
    assert bill.total_cents == 0 and all(line.covered for line in bill.lines)
    assert desk.record(second).second_fault_of == first


def test_another_procedure_or_device_is_not_a_second_fault(desk: Desk) -> None:
    first = _first_repair(desk)
    other_fault = desk.ticket(desk.expired)
    actions.choose_procedure(desk.store, ACTOR, other_fault, OTHER_PROCEDURE)
    other_device = desk.ticket(desk.covered)
    actions.choose_procedure(desk.store, ACTOR, other_device, PROCEDURE)
    for number in (other_fault, other_device):
        assert desk.row(number).second_fault_of is None
        assert not desk.events(number, EventKind.SECOND_FAULT)
    assert _battery_end(desk, first) == date(2027, 2, 18), "not extended"


def test_the_same_fault_after_the_warranty_is_not_a_second_fault(desk: Desk) -> None:
    first = _first_repair(desk)
    later = desk.ticket(desk.expired)
    desk.at(sh(2027, 2, 19, 10, 0))  # the battery's repair warranty ended the day before
    actions.choose_procedure(desk.store, ACTOR, later, PROCEDURE)
    assert desk.row(later).second_fault_of is None
    assert _battery_end(desk, first) == date(2027, 2, 18)


def test_reopening_a_closed_ticket_makes_it_a_second_fault_once(desk: Desk) -> None:
    first = _first_repair(desk)
    desk.at(sh(2026, 12, 1, 10, 0))
    desk.move(first, Status.REOPENED, reason="电池又不充电")
    row = desk.row(first)
    assert (row.status, row.second_fault_of) == (Status.REOPENED, row.id)
    assert _battery_end(desk, first) == date(2027, 8, 18)
    desk.close(first)
    desk.move(first, Status.REOPENED, reason="again")
    assert _battery_end(desk, first) == date(2027, 8, 18), "extended once"
    assert len(desk.events(first, EventKind.SECOND_FAULT)) == 1


def test_an_explicit_link_extends_the_earlier_parts(desk: Desk) -> None:
    first = _first_repair(desk)
    second = desk.ticket(desk.expired)
    second_faults.link(desk.store, ACTOR, second, first)
    assert desk.row(second).second_fault_of == desk.row(first).id
    assert _battery_end(desk, first) == date(2027, 8, 18)


def test_an_explicit_link_is_refused_with_its_reason(desk: Desk) -> None:
    first = _first_repair(desk)
    linked = desk.ticket(desk.expired)
    second_faults.link(desk.store, ACTOR, linked, first)
    open_earlier = desk.ticket(desk.covered)
    on_covered = desk.ticket(desk.covered)
    bare = desk.ticket(desk.core_only)  # closed without parts, device cover over
    desk.close(bare)
    desk.at(sh(2027, 6, 1, 10, 0))  # core parts ended 2027-05-31
    late = desk.ticket(desk.core_only)
    cases = [
        (first, first, "second_fault_same_ticket"),
        (linked, first, "second_fault_linked"),
        (on_covered, first, "second_fault_other_device"),
        (on_covered, open_earlier, "second_fault_earlier_open"),
        (late, bare, "second_fault_out_of_warranty"),
    ]
    before = desk.counts()
    for number, earlier, reason in cases:
        with pytest.raises(SecondFaultRefused) as refused:
            second_faults.link(desk.store, ACTOR, number, earlier)
        assert refused.value.params == {"number": number, "earlier": earlier, "reason": reason}
    assert desk.counts() == before


# --- complaints ------------------------------------------------------------------------------


def test_the_complaints_board_shows_the_three_clocks(desk: Desk) -> None:
    first = desk.ticket(subject="工程师迟到", category=Category.COMPLAINT)
    desk.at(sh(2026, 11, 20, 14, 0))
    second = desk.ticket(subject="收费不透明", category=Category.COMPLAINT)
    desk.ticket(subject="普通故障")
    closed = desk.ticket(subject="已处理", category=Category.COMPLAINT)
    closure.resolve(desk.store, ACTOR, closed, cause="沟通", solution="致歉")
    closure.accept(desk.store, ACTOR, closed, by="李娜", via=ConfirmedVia.PHONE)
    noon = sh(2026, 11, 20, 16, 0)
    with desk.store.read() as session:
        board = complaints.complaint_board(session, desk.store.commitments, noon)
        everything = complaints.complaint_board(
            session, desk.store.commitments, noon, include_closed=True
        )
    assert [row.number for row in board] == [first, second]
    assert {row.number for row in everything} == {first, second, closed}
    clocks = {clock.kind: clock for clock in board[0].clocks}
    assert [clock.kind for clock in board[0].clocks] == ["accept", "proposal", "close"]
    assert clocks["accept"].due == sh(2026, 11, 21, 10, 0), "24 hours"
    assert clocks["accept"].left_minutes == 1440 - 360
    assert clocks["proposal"].due == sh(2026, 11, 25, 10, 0), "3 business days"
    # 7 business days: Friday 390 + 6 days (2700) + 60 on Tuesday 1 December.
    assert clocks["close"].due == sh(2026, 12, 1, 10, 0)
    assert clocks["proposal"].left_minutes == 1350 - 270, "Friday 10-12 and 13:30-16:00"
    assert board[0].next_due == sh(2026, 11, 21, 10, 0)
    # Accepting the first complaint stops its 24 h clock: the second now runs out sooner.
    desk.at(sh(2026, 11, 20, 16, 30))
    desk.move(first, Status.IN_PROGRESS)
    with desk.store.read() as session:
        board = complaints.complaint_board(session, desk.store.commitments, noon)
    assert [row.number for row in board] == [second, first]
    accepted = {clock.kind: clock for clock in board[1].clocks}["accept"]
    assert accepted.state is ClockState.MET
    assert board[1].next_due == sh(2026, 11, 25, 10, 0)


def test_a_breached_complaint_clock_shows_time_overdue(desk: Desk) -> None:
    number = desk.ticket(subject="工程师迟到", category=Category.COMPLAINT)
    with desk.store.read() as session:
        [row] = complaints.complaint_board(session, desk.store.commitments, sh(2026, 11, 21, 12, 0))
    accept = {clock.kind: clock for clock in row.clocks}["accept"]
    assert row.number == number
    assert (accept.state, accept.left_minutes) == (ClockState.BREACHED, -120)
    assert row.next_due == sh(2026, 11, 21, 10, 0), "a breached clock still leads"


def test_preventive_calls_count_quarters_in_local_days(desk: Desk) -> None:
    device = actions.register_device(
        desk.store,
        ACTOR,
        customer_id=desk.customer.id,
        serial="pf1x0010",
        model="ThinkPad",
        product_line=ProductLine.LAPTOP,
        warranty_end=date(2027, 5, 20),
    )
    number = desk.ticket(device)
    # Saturday 07:00 here is still Friday in UTC: the quarters run from Saturday 21st.
    desk.close(number, on=sh(2026, 11, 21, 7, 0))
    with desk.store.read() as session:
        ticket = session.exec(select(Ticket).where(Ticket.number == number)).one()
        calls = [
            r.due_at
            for r in followups.of_ticket(session, ticket)
            if r.kind is FollowUpKind.PREVENTIVE
        ]
    assert calls == [sh(2027, 2, 21, 7, 0)], "21 May is past the warranty's last day"


def test_closing_again_moves_the_pending_follow_up(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    desk.close(number, on=FRI_10)  # the call is due Wednesday 25 10:00
    desk.at(sh(2026, 11, 23, 10, 0))
    desk.move(number, Status.REOPENED, reason="仍不充电")
    desk.close(number, on=sh(2026, 11, 26, 10, 0))
    assert _closure_follow_up(desk, number) == sh(2026, 12, 1, 10, 0), "3 business days again"
    assert desk.row(number).due_at == sh(2026, 12, 1, 10, 0)


def test_reopening_keeps_the_first_repair_on_the_bill(desk: Desk) -> None:
    number = _first_repair(desk)  # battery 450 + labour 200, accepted and fitted
    desk.at(sh(2026, 11, 23, 10, 0))
    desk.move(number, Status.REOPENED, reason="仍不充电")
    assert desk.row(number).second_fault_of == desk.row(number).id
    desk.fit(number, "FAN-01", on=sh(2026, 11, 23, 11, 0))  # the rework: covered
    bill = estimates.bill_for(desk.store, number)
    assert [(line.item, line.amount_cents) for line in bill.lines] == [
        ("BAT-01", 45000),
        ("FAN-01", 0),
        ("labour", 20000),
    ]
    assert bill.total_cents == 65000


def test_a_reopened_ticket_s_calls_leave_the_queue_until_it_closes_again(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    desk.close(number, on=FRI_10)
    with desk.store.read() as session:
        assert [row.number for row in followups.queue(session)] == [number]
    desk.move(number, Status.REOPENED, reason="仍不充电")
    with desk.store.read() as session:
        assert followups.queue(session) == []
    desk.close(number)
    with desk.store.read() as session:
        assert [row.number for row in followups.queue(session)] == [number]


def test_accepting_after_a_dispute_settles_the_evaluation(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    closure.resolve(desk.store, ACTOR, number, cause="驱动", solution="重装")
    desk.at(sh(2026, 11, 20, 16, 0))
    closure.dispute(desk.store, ACTOR, number, reason="仍不充电")
    desk.at(sh(2026, 11, 23, 11, 0))
    closure.accept(desk.store, ACTOR, number, by="李娜", via=ConfirmedVia.PHONE)
    evaluation = desk.clocks(number, sh(2026, 11, 30, 9, 0))["evaluation"]
    assert (evaluation.state, evaluation.stopped) == (ClockState.MET, sh(2026, 11, 23, 11, 0))


def test_a_second_fault_must_follow_the_earlier_ticket(desk: Desk) -> None:
    first = _first_repair(desk)
    later = desk.ticket(desk.expired)
    with pytest.raises(SecondFaultRefused) as refused:
        second_faults.link(desk.store, ACTOR, first, later)
    assert refused.value.params["reason"] == "second_fault_not_earlier"


def test_core_part_cover_alone_does_not_make_a_repeat_a_second_fault(desk: Desk) -> None:
    earlier = desk.ticket(desk.core_only)  # device cover over, core parts to 2027-05-31
    desk.close(earlier)
    repeat = desk.ticket(desk.core_only)
    with pytest.raises(SecondFaultRefused) as refused:
        second_faults.link(desk.store, ACTOR, repeat, earlier)
    assert refused.value.params["reason"] == "second_fault_out_of_warranty"


def test_a_paid_part_must_be_on_the_accepted_estimate(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    estimates.make_estimate(desk.store, ACTOR, number, part_numbers=[])  # nothing to pay
    parts.request_part(desk.store, ACTOR, number, "BAT-01")
    for status in (PartStatus.SHIPPED, PartStatus.DELIVERED):
        parts.advance_part(desk.store, ACTOR, number, "BAT-01", status)
    before = desk.counts()
    with pytest.raises(PartNotEstimated):
        parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.INSTALLED)
    assert desk.counts() == before
    estimates.make_estimate(desk.store, ACTOR, number, part_numbers=[("BAT-01", 1)])
    estimates.decide_estimate(
        desk.store, ACTOR, number, accepted=True, by="李娜", via=ConfirmedVia.PHONE
    )
    fitted = parts.advance_part(desk.store, ACTOR, number, "BAT-01", PartStatus.INSTALLED)
    assert fitted.status is PartStatus.INSTALLED


def test_an_estimate_quantity_is_bounded(desk: Desk) -> None:
    number = desk.ticket(desk.expired)
    with pytest.raises(InvalidValue) as refused:
        estimates.make_estimate(desk.store, ACTOR, number, part_numbers=[("BAT-01", 5000)])
    assert refused.value.params["field"] == "quantity"


def test_the_call_picked_in_the_queue_is_the_one_done(desk: Desk) -> None:
    number = desk.ticket(desk.covered)
    desk.close(number, on=FRI_10)
    with desk.store.read() as session:
        closure_call, preventive, *_ = followups.queue(session)
    assert (closure_call.kind, preventive.kind) == (FollowUpKind.CLOSURE, FollowUpKind.PREVENTIVE)
    done = followups.complete(
        desk.store, ACTOR, number, "季度回访：运行正常", follow_up_id=preventive.id
    )
    assert (done.id, done.outcome) == (preventive.id, "季度回访：运行正常")
    with desk.store.read() as session:
        pending = [row.id for row in followups.queue(session)]
    assert closure_call.id in pending and preventive.id not in pending
    with pytest.raises(NoFollowUpPending):
        followups.complete(desk.store, ACTOR, number, "again", follow_up_id=preventive.id)
