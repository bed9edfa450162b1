"""The supervisor's cases as the store reads them in bulk (agent_console.store.reports): what
each Case derives from a ticket's timeline (reopened, escalated, visited, contacts, surveys,
fault, second fault), that its clocks are the ones the per-ticket reader computes, which
tickets are read (team, open or changed since), and the articles approved per author.

Times are Beijing time (the store judges warranty days by the local calendar, so the tests
run with TZ=Asia/Shanghai). The clock fixture starts on Friday 2026-11-20 10:00 and is moved
by hand; the report week is Monday 2026-11-16 to Monday 2026-11-23.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from agent_console import kpis
from agent_console.kpis import Case, Period
from agent_console.store import (
    actions,
    article_drafts,
    closure,
    followups,
    parts,
    queries,
    reports,
    visits,
)
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import Agent, Customer, Device, Team
from agent_console.survey import Scores
from agent_console.vocab import (
    Category,
    Channel,
    ConfirmedVia,
    Impact,
    PartKind,
    Priority,
    ProductLine,
    Role,
    ServiceMode,
    Status,
    Tier,
)
from tests.conftest import FixedClock

pytestmark = pytest.mark.usefixtures("beijing_time")


SH = ZoneInfo("Asia/Shanghai")
ACTOR = Actor(name="王芳")
BATTERY = "battery-not-charging"  # kb/sops/battery-not-charging.toml
NO_POWER = "no-power"


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


MON_16 = sh(2026, 11, 16)
MON_23 = sh(2026, 11, 23)
WEEK = Period(MON_16, MON_23)


@dataclass
class World:
    """A store with two teams, two engineers and a supervisor, a customer and a laptop."""

    store: Store
    clock: FixedClock
    customer: Customer
    laptop: Device  # bought 2026-06-15: under warranty
    l1: Team
    expert: Team
    zhang: Agent  # engineer, l1
    liu: Agent  # engineer, expert
    supervisor: Actor

    def at(self, when: datetime) -> None:
        """The next action happens at `when` (the clock moves 1 s per reading)."""
        self.clock.current = when.astimezone(UTC) - self.clock.step

    def ticket(self, **fields) -> str:
        fields = {"subject": "电池不充电", "channel": Channel.PHONE,
                  "category": Category.HARDWARE, "customer": self.customer, **fields}  # fmt: skip
        return actions.create_ticket(self.store, ACTOR, **fields).number

    def change(self, number: str, reason: str | None = None, **changes) -> None:
        actions.update_ticket(
            self.store, ACTOR, number, actions.TicketChanges(**changes), reason=reason
        )

    def move(self, number: str, *statuses: Status) -> None:
        for status in statuses:
            self.change(number, status=status)

    def resolve(self, number: str, actor: Actor = ACTOR) -> None:
        closure.resolve(self.store, actor, number, cause="电池老化", solution="更换电池",
                        reason="换件后已恢复")  # fmt: skip

    def close(self, number: str) -> None:
        self.resolve(number)
        closure.accept(self.store, ACTOR, number, by="李娜", via=ConfirmedVia.SIGNATURE)

    def cases(
        self, *, since: datetime = MON_16, now: datetime | None = None, team: str | None = None
    ) -> dict[str, Case]:
        with self.store.read() as session:
            found = reports.cases(session, self.store.commitments, now or self.clock.current,
                                  since=since, team=team)  # fmt: skip
        return {case.number: case for case in found}

    def one_by_one(self, number: str, now: datetime) -> tuple:
        """The ticket's clocks as the ticket screen computes them."""
        with self.store.read() as session:
            detail = queries.ticket_detail(session, number, now.astimezone().date())
        return tuple(self.store.commitments.clocks(queries.sla_facts(detail), now))


@pytest.fixture
def world(store: Store, clock: FixedClock) -> World:
    with store.write() as session:
        l1, expert = Team(code="l1", name="一线支持"), Team(code="expert", name="专家组")
        session.add_all([l1, expert])
        session.flush()
        zhang = Agent(name="张伟", role=Role.ENGINEER, team_id=l1.id)
        liu = Agent(name="刘洋", role=Role.ENGINEER, team_id=expert.id)
        boss = Agent(name="陈静", role=Role.SUPERVISOR)
        session.add_all([zhang, liu, boss])
    customer = actions.create_customer(store, ACTOR, name="李娜", phone="138 0013 8000")
    laptop = actions.register_device(
        store, ACTOR, customer_id=customer.id, serial="pf1x0001", model="ThinkPad X1 Carbon",
        product_line=ProductLine.LAPTOP, purchase_date=date(2026, 6, 15),
    )  # fmt: skip
    parts.add_part(store, ACTOR, number="MB-01", name="主板", kind=PartKind.SPECIAL,
                   price_cents=280000, core=True)  # fmt: skip
    made = World(store, clock, customer, laptop, l1, expert, zhang, liu,
                 Actor(name=boss.name, agent_id=boss.id))  # fmt: skip
    made.at(sh(2026, 11, 20, 10, 0))
    return made


# --- what a case derives from the timeline ----------------------------------------------------


def test_going_back_to_work_after_resolution_is_a_reopen_closing_is_not(world: World) -> None:
    reopened = world.ticket()
    world.resolve(reopened)
    world.move(reopened, Status.REOPENED)
    closed = world.ticket()
    world.close(closed)
    closed_then_reopened = world.ticket()
    world.close(closed_then_reopened)
    world.move(closed_then_reopened, Status.REOPENED, Status.IN_PROGRESS)
    worked = world.ticket()
    world.move(worked, Status.IN_PROGRESS, Status.WAITING_CUSTOMER, Status.IN_PROGRESS)

    found = world.cases()
    assert found[reopened].reopened and found[closed_then_reopened].reopened
    assert not found[closed].reopened, "resolved -> closed is the way out, not back"
    assert not found[worked].reopened
    # Reopening makes a ticket a second fault of itself; closing does not.
    assert found[reopened].second_fault and found[closed_then_reopened].second_fault
    assert not found[closed].second_fault and not found[worked].second_fault
    # A reopened ticket still counts as resolved when it first was, so that the reopen rate
    # of that period sees it come back.
    with world.store.read() as session:
        events = queries.ticket_detail(session, reopened, world.clock.current.date()).events
    first_resolved = next(e.at for e in events if e.new_value == Status.RESOLVED.value)
    assert found[reopened].status is Status.REOPENED
    assert found[reopened].resolved_at == first_resolved
    assert found[closed].resolved_at is not None and found[closed].status is Status.CLOSED


def test_a_move_to_another_team_is_an_escalation_routing_is_not(world: World) -> None:
    moved = world.ticket(team=world.l1)
    world.change(moved, reason="需要专家", team=world.expert)
    routed = world.ticket()
    world.change(routed, team=world.l1)
    assigned = world.ticket(team=world.l1)
    world.change(assigned, assignee=world.zhang)

    found = world.cases()
    assert (found[moved].escalated, found[moved].team) == (True, "expert")
    assert (found[routed].escalated, found[routed].team) == (False, "l1")
    assert (found[assigned].escalated, found[assigned].assignee) == (False, "张伟")


def test_an_arrival_on_site_is_a_visit_a_booking_is_not(world: World) -> None:
    visited = world.ticket(device=world.laptop, service_mode=ServiceMode.ONSITE)
    visits.book(world.store, ACTOR, visited, engineer="张伟", start=sh(2026, 11, 20, 14, 0),
                address="北京市海淀区中关村大街 1 号")  # fmt: skip
    booked = world.ticket(device=world.laptop, service_mode=ServiceMode.ONSITE)
    visits.book(world.store, ACTOR, booked, engineer="刘洋", start=sh(2026, 11, 20, 16, 0),
                address="北京市海淀区中关村大街 1 号")  # fmt: skip
    world.at(sh(2026, 11, 20, 14, 10))
    visits.arrive(world.store, ACTOR, visited)

    found = world.cases()
    assert found[visited].visited and not found[booked].visited


def test_contacts_are_the_calls_before_the_resolution(world: World) -> None:
    resolved = world.ticket()
    actions.log_call(world.store, ACTOR, resolved, "客户描述故障")
    actions.add_note(world.store, ACTOR, resolved, "远程查看")  # a note is not a call
    actions.log_call(world.store, ACTOR, resolved, "指导重装驱动")
    world.resolve(resolved)
    actions.log_call(world.store, ACTOR, resolved, "确认已恢复")  # after: not counted
    still_open = world.ticket()
    for summary in ("第一次", "第二次", "第三次"):
        actions.log_call(world.store, ACTOR, still_open, summary)
    # Resolved, reopened and resolved again: the calls before the last resolution count.
    again = world.ticket()
    actions.log_call(world.store, ACTOR, again, "第一次")
    world.resolve(again)
    world.move(again, Status.REOPENED)
    actions.log_call(world.store, ACTOR, again, "又坏了")
    world.resolve(again)
    actions.log_call(world.store, ACTOR, again, "回访")

    found = world.cases()
    assert found[resolved].contacts == 2
    assert found[resolved].first_contact_resolution is False, "two calls"
    assert found[still_open].contacts == 3
    assert found[again].contacts == 2


def test_a_single_call_remote_fix_by_the_first_team_is_a_first_contact_resolution(world):
    number = world.ticket(team=world.l1)
    actions.log_call(world.store, ACTOR, number, "指导重装驱动")
    world.resolve(number)
    assert world.cases()[number].first_contact_resolution


def test_surveys_are_read_with_when_they_were_answered(world: World) -> None:
    number = world.ticket()
    world.close(number)
    world.at(sh(2026, 11, 20, 15, 0))
    closure.record_survey(world.store, ACTOR, number, Scores(5, 4, 5, 9))
    world.at(sh(2026, 11, 21, 10, 0))
    closure.record_survey(world.store, ACTOR, number, Scores(2, 3, 3, 4), comment="太慢")
    silent = world.ticket()
    world.close(silent)

    found = world.cases()
    assert found[number].surveys == (
        (sh(2026, 11, 20, 15, 0), Scores(5, 4, 5, 9)),
        (sh(2026, 11, 21, 10, 0), Scores(2, 3, 3, 4)),
    )
    assert found[silent].surveys == ()


def test_the_fault_is_the_procedure_chosen_last(world: World) -> None:
    switched = world.ticket(device=world.laptop)
    actions.choose_procedure(world.store, ACTOR, switched, BATTERY)
    world.at(sh(2026, 11, 20, 11, 0))
    actions.choose_procedure(world.store, ACTOR, switched, NO_POWER)
    world.at(sh(2026, 11, 20, 12, 0))
    chose_once = world.ticket(device=world.laptop)
    actions.choose_procedure(world.store, ACTOR, chose_once, BATTERY)
    none = world.ticket(device=world.laptop, category=Category.SOFTWARE)
    no_device = world.ticket()

    found = world.cases()
    assert (found[switched].fault, found[switched].model) == (NO_POWER, "ThinkPad X1 Carbon")
    assert found[chose_once].fault == BATTERY
    assert (found[none].fault, found[none].category) == (None, Category.SOFTWARE)
    assert (found[no_device].fault, found[no_device].model) == (None, None)


def test_the_same_procedure_on_the_same_device_is_a_second_fault(world: World) -> None:
    first = world.ticket(device=world.laptop)
    actions.choose_procedure(world.store, ACTOR, first, BATTERY)
    world.close(first)
    world.at(sh(2026, 11, 21, 10, 0))
    again = world.ticket(device=world.laptop)
    actions.choose_procedure(world.store, ACTOR, again, BATTERY)
    other = world.ticket(device=world.laptop)
    actions.choose_procedure(world.store, ACTOR, other, NO_POWER)

    found = world.cases()
    assert found[again].second_fault
    assert not found[first].second_fault and not found[other].second_fault


# --- the bulk reader agrees with the ticket screen --------------------------------------------


def test_every_cases_clocks_are_the_clocks_the_ticket_screen_computes(world: World) -> None:
    numbers = [world.ticket()]  # never answered
    # Paused while waiting for the customer.
    paused = world.ticket(team=world.l1, assignee=world.zhang)
    world.move(paused, Status.IN_PROGRESS, Status.WAITING_CUSTOMER)
    world.at(sh(2026, 11, 20, 15, 0))
    world.move(paused, Status.IN_PROGRESS)
    # A special part ordered and arrived: the 7-business-day parts clock, stopped.
    special = world.ticket(device=world.laptop)
    parts.request_part(world.store, ACTOR, special, "MB-01")
    world.move(special, Status.WAITING_PARTS)
    world.at(sh(2026, 11, 24, 10, 0))
    world.move(special, Status.IN_PROGRESS)
    # VIP production stopped, P1 on site: 30 minutes to respond, 24 h to arrive.
    vip = actions.create_customer(world.store, ACTOR, name="周强", phone="139 0013 9000",
                                  tier=Tier.VIP, organization="华夏制造")  # fmt: skip
    urgent = world.ticket(customer=vip, priority=Priority.P1, service_mode=ServiceMode.ONSITE,
                          impact=Impact.PRODUCTION_STOPPED)  # fmt: skip
    world.move(urgent, Status.IN_PROGRESS)
    visits.book(world.store, ACTOR, urgent, engineer="张伟", start=sh(2026, 11, 24, 14, 0),
                address="北京市朝阳区建国路 88 号")  # fmt: skip
    world.at(sh(2026, 11, 24, 14, 5))
    visits.arrive(world.store, ACTOR, urgent)
    # A complaint, closed, with an unsatisfied survey: the 24 h follow-up.
    complaint = world.ticket(category=Category.COMPLAINT, subject="上门迟到")
    world.close(complaint)
    closure.record_survey(world.store, ACTOR, complaint, Scores(1, 2, 2, 0))
    # Closed by the expert team and called back: the follow-up clock stopped.
    expert = world.ticket(team=world.expert)
    world.close(expert)
    world.at(sh(2026, 11, 24, 16, 0))
    followups.complete(world.store, ACTOR, expert, "客户满意")
    # Disputed: the secondary evaluation's clock runs.
    disputed = world.ticket()
    world.resolve(disputed)
    closure.dispute(world.store, ACTOR, disputed, reason="仍不充电")
    # A consultation out of hours, on the 7x24 calendar.
    world.at(sh(2026, 11, 28, 10, 0))
    consultation = world.ticket(category=Category.CONSULTATION, subject="如何备份")
    numbers += [paused, special, urgent, complaint, expert, disputed, consultation]

    now = sh(2026, 11, 30, 11, 0)
    found = world.cases(now=now, since=sh(2026, 11, 1))
    assert sorted(found) == sorted(numbers)
    kinds = {kind for case in found.values() for kind in (c.rule.kind for c in case.clocks)}
    assert kinds >= {"response", "resolution", "parts", "onsite", "accept", "proposal",
                     "close", "follow_up", "evaluation"}  # fmt: skip
    for number in numbers:
        assert found[number].clocks == world.one_by_one(number, now), number


# --- which tickets are read -------------------------------------------------------------------


def test_the_team_filter_keeps_the_teams_tickets_as_they_are_now(world: World) -> None:
    first_line = world.ticket(team=world.l1)
    escalated = world.ticket(team=world.l1)
    world.change(escalated, team=world.expert)
    expert = world.ticket(team=world.expert)
    unrouted = world.ticket()

    assert sorted(world.cases(team="expert")) == sorted([escalated, expert])
    assert sorted(world.cases(team="l1")) == [first_line]
    assert sorted(world.cases()) == sorted([first_line, escalated, expert, unrouted])
    assert world.cases(team="nobody") == {}


def test_tickets_finished_before_since_are_not_read_open_ones_are(world: World) -> None:
    world.at(sh(2026, 8, 3, 10, 0))
    old_closed = world.ticket()
    world.close(old_closed)
    old_open = world.ticket()
    world.move(old_open, Status.IN_PROGRESS)
    old_resolved = world.ticket()
    world.resolve(old_resolved)
    surveyed = world.ticket()
    world.close(surveyed)
    world.at(sh(2026, 11, 18, 10, 0))
    closure.record_survey(world.store, ACTOR, surveyed, Scores(5, 5, 5, 10))  # changed since
    world.at(sh(2026, 11, 20, 10, 0))
    fresh = world.ticket()

    assert sorted(world.cases(since=MON_16)) == sorted([old_open, surveyed, fresh])
    assert sorted(world.cases(since=sh(2026, 8, 1))) == sorted(
        [old_closed, old_open, old_resolved, surveyed, fresh]
    )


# --- articles ---------------------------------------------------------------------------------


def test_approved_articles_count_per_author_the_approvals_in_the_period(world: World) -> None:
    zhang = Actor(name="张伟", agent_id=world.zhang.id)
    liu = Actor(name="刘洋", agent_id=world.liu.id)

    def draft(author: Actor, drafted: datetime) -> str:
        world.at(drafted)
        number = world.ticket()
        world.resolve(number, author)
        return article_drafts.draft_from_resolution(world.store, author, number).article_id

    def review(article: str, at: datetime, *, approve: bool = True) -> None:
        world.at(at)
        if approve:
            article_drafts.approve(world.store, world.supervisor, article)
        else:
            article_drafts.reject(world.store, world.supervisor, article, "重复")

    review(draft(liu, sh(2026, 11, 13, 10, 0)), sh(2026, 11, 13, 15, 0))  # the week before
    review(draft(liu, sh(2026, 11, 13, 11, 0)), MON_16)  # at the start: in
    review(draft(zhang, sh(2026, 11, 16, 10, 0)), sh(2026, 11, 17, 10, 0))  # in
    review(draft(zhang, sh(2026, 11, 17, 11, 0)), sh(2026, 11, 18, 10, 0))  # in
    review(draft(liu, sh(2026, 11, 18, 11, 0)), sh(2026, 11, 19, 10, 0), approve=False)
    review(draft(zhang, sh(2026, 11, 19, 11, 0)), MON_23)  # at the end: not in
    draft(ACTOR, sh(2026, 11, 20, 10, 0))  # still waiting

    with world.store.read() as session:
        assert reports.approved_articles(session, WEEK) == {"张伟": 2, "刘洋": 1}
        assert reports.approved_articles(session, Period(sh(2026, 11, 9), MON_16)) == {"刘洋": 1}


def test_the_store_report_puts_resolvers_and_authors_on_the_engineer_table(world) -> None:
    liu = Actor(name="刘洋", agent_id=world.liu.id)
    world.at(sh(2026, 11, 17, 10, 0))
    handled = world.ticket(team=world.l1, assignee=world.zhang)
    actions.log_call(world.store, ACTOR, handled, "指导重装驱动")
    world.close(handled)
    closure.record_survey(world.store, ACTOR, handled, Scores(5, 5, 3, 10))
    written = world.ticket(team=world.expert)
    world.resolve(written, liu)
    article = article_drafts.draft_from_resolution(world.store, liu, written).article_id
    article_drafts.approve(world.store, world.supervisor, article)

    with world.store.read() as session:
        report = reports.report(session, world.store.commitments, WEEK, MON_23)
        only_l1 = reports.report(session, world.store.commitments, WEEK, MON_23, team="l1")
    assert report.engineers == [
        # One resolved in the first contact; CSAT: two of the three scores are 4 or 5.
        kpis.EngineerLine("张伟", 1, 100 * 1 / 1, 100 * 2 / 3, 0),
        kpis.EngineerLine("刘洋", 0, None, None, 1),
    ]
    assert (report.created, report.resolved, report.surveys, report.nps) == (2, 2, 1, 100.0)
    assert (only_l1.created, only_l1.resolved) == (1, 1)


def test_a_ticket_reopened_in_the_period_counts_as_resolved_and_reopened(world: World) -> None:
    world.at(sh(2026, 11, 17, 10, 0))
    number = world.ticket(team=world.l1, assignee=world.zhang)
    world.resolve(number)
    world.at(sh(2026, 11, 18, 10, 0))
    world.move(number, Status.REOPENED)
    with world.store.read() as session:
        report = reports.report(session, world.store.commitments, WEEK, MON_23)
    assert (report.resolved, report.reopen_rate, report.first_contact_resolution) == (1, 100, 0)
    assert [(line.name, line.handled) for line in report.engineers] == [("张伟", 1)]


def test_a_teams_report_counts_only_its_own_members_articles(world: World) -> None:
    liu = Actor(name="刘洋", agent_id=world.liu.id)
    world.at(sh(2026, 11, 17, 10, 0))
    written = world.ticket(team=world.expert)
    world.resolve(written, liu)
    article = article_drafts.draft_from_resolution(world.store, liu, written).article_id
    article_drafts.approve(world.store, world.supervisor, article)
    with world.store.read() as session:
        assert reports.approved_articles(session, WEEK, team="expert") == {"刘洋": 1}
        assert reports.approved_articles(session, WEEK, team="l1") == {}
        only_l1 = reports.report(session, world.store.commitments, WEEK, MON_23, team="l1")
    assert only_l1.engineers == []
