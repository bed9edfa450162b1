"""Following a procedure on a ticket through the store: each record is a checklist row plus a
timeline event, refusals change nothing, and resolving minds the required steps."""

import pytest
from sqlalchemy import text

from agent_console.checklist import Progress, Record, StepState
from agent_console.errors import (
    InvalidValue,
    NoProcedureChosen,
    ProcedureEnded,
    ProcedureNotFound,
    RequiredStepsOpen,
    SkipNeedsReason,
    StepNotFound,
)
from agent_console.sop import ESCALATE, RESOLVE
from agent_console.store import actions, queries
from agent_console.store.engine import Store
from agent_console.store.identity import Actor, resolve_actor
from agent_console.store.schema import Agent, Ticket
from agent_console.vocab import Category, Channel, ChecklistAction, EventKind, Role, Status

DONE, FAILED, SKIPPED = ChecklistAction.DONE, ChecklistAction.FAILED, ChecklistAction.SKIPPED
RESOLVE_TICKET = actions.TicketChanges(status=Status.RESOLVED)


@pytest.fixture
def engineers(store: Store) -> tuple[Actor, Actor]:
    """Two agents of the store: 王芳 takes the call, 张伟 picks the ticket up later."""
    with store.write() as session:
        session.add_all(Agent(name=name, role=Role.ENGINEER) for name in ("王芳", "张伟"))
    return resolve_actor(store, "王芳"), resolve_actor(store, "张伟")


@pytest.fixture
def wang(engineers: tuple[Actor, Actor]) -> Actor:
    return engineers[0]


@pytest.fixture
def ticket(store: Store, wang: Actor) -> Ticket:
    customer = actions.create_customer(store, wang, name="李娜", phone="138 0013 8000")
    return actions.create_ticket(
        store, wang, subject="电脑蓝屏 0x0000007B", customer=customer,
        channel=Channel.PHONE, category=Category.SOFTWARE,
    )  # fmt: skip


@pytest.fixture
def blue_screen(store: Store, wang: Actor, ticket: Ticket) -> str:
    """The ticket follows blue-screen; returns the ticket number."""
    actions.choose_procedure(store, wang, ticket.number, "blue-screen")
    return ticket.number


def row_counts(store: Store) -> dict[str, int]:
    with store.read() as session:
        return {
            table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("checklist_entry", "ticket_event", "outbox")
        }


def records(store: Store, ticket: Ticket) -> list[Record]:
    with store.read() as session:
        return queries.checklist_records(session, ticket.id)


def checklist_events(store: Store, number: str) -> list[tuple[str | None, ...]]:
    """(where, what, text, author) of each checklist event on the ticket's timeline."""
    with store.read() as session:
        events = queries.ticket_detail(session, number, store.now().date()).events
    return [
        (event.old_value, event.new_value, event.text, event.author)
        for event in events
        if event.kind is EventKind.CHECKLIST
    ]


def progress_of(store: Store, number: str) -> Progress:
    with store.read() as session:
        found = queries.ticket_progress(session, store.procedures, number)
    assert found is not None
    return found


def status_of(store: Store, number: str) -> Status:
    with store.read() as session:
        return queries.ticket_detail(session, number, store.now().date()).row.status


def start_work(store: Store, actor: Actor, number: str) -> None:
    actions.update_ticket(store, actor, number, actions.TicketChanges(status=Status.IN_PROGRESS))


# --- choosing and recording ----------------------------------------------------------------------


def test_choosing_a_procedure_starts_it_at_the_first_step(
    store: Store, wang: Actor, ticket: Ticket
) -> None:
    actions.choose_procedure(store, wang, ticket.number, " blue-screen ")

    assert progress_of(store, ticket.number).current == "reboot"
    assert [(r.procedure, r.step, r.action) for r in records(store, ticket)] == [
        ("blue-screen", None, ChecklistAction.CHOSEN),
    ]
    assert checklist_events(store, ticket.number) == [("blue-screen", "chosen", None, "王芳")]


def test_each_outcome_moves_the_progress_and_writes_a_row_and_an_event(
    store: Store, wang: Actor, ticket: Ticket, blue_screen: str
) -> None:
    before = row_counts(store)

    failed = actions.record_step(store, wang, blue_screen, "reboot", FAILED)
    assert failed.current == "safe-mode"
    skipped = actions.record_step(store, wang, blue_screen, "safe-mode", SKIPPED, note="无键盘")
    assert skipped.current == "drivers"
    done = actions.record_step(store, wang, blue_screen, "drivers", DONE, note="回退存储驱动")
    assert (done.ended, done.current, done.last_step) == (RESOLVE, None, "drivers")

    after = row_counts(store)
    assert after["checklist_entry"] == before["checklist_entry"] + 3
    assert after["ticket_event"] == before["ticket_event"] + 3
    assert [(r.step, r.action, r.note, r.author, r.required) for r in records(store, ticket)] == [
        (None, ChecklistAction.CHOSEN, None, "王芳", False),
        ("reboot", FAILED, None, "王芳", True),
        ("safe-mode", SKIPPED, "无键盘", "王芳", True),
        ("drivers", DONE, "回退存储驱动", "王芳", True),
    ]
    assert checklist_events(store, blue_screen)[1:] == [
        ("blue-screen/reboot", "failed", None, "王芳"),
        ("blue-screen/safe-mode", "skipped", "无键盘", "王芳"),
        ("blue-screen/drivers", "done", "回退存储驱动", "王芳"),
    ]
    assert progress_of(store, blue_screen) == done, "what the action returned is what is stored"


def test_a_note_on_a_step_is_recorded_without_an_outcome(
    store: Store, wang: Actor, blue_screen: str
) -> None:
    noted = actions.record_step(
        store, wang, blue_screen, "reboot", ChecklistAction.NOTE, note="客户已拍照"
    )

    reboot = noted.step("reboot")
    assert reboot is not None
    assert (reboot.state, reboot.notes) == (StepState.PENDING, ("客户已拍照",))
    assert checklist_events(store, blue_screen)[-1] == (
        "blue-screen/reboot", "note", "客户已拍照", "王芳",
    )  # fmt: skip


# --- refusals change nothing ---------------------------------------------------------------------


@pytest.mark.parametrize("reason", [None, "", "   "], ids=["no reason", "empty", "blank"])
def test_skipping_without_a_reason_is_refused_and_changes_nothing(
    store: Store, wang: Actor, blue_screen: str, reason: str | None
) -> None:
    before = row_counts(store)

    with pytest.raises(SkipNeedsReason) as refused:
        actions.record_step(store, wang, blue_screen, "reboot", SKIPPED, note=reason)

    assert refused.value.params == {"number": blue_screen, "step": "reboot"}
    assert row_counts(store) == before
    assert progress_of(store, blue_screen).current == "reboot"


def test_an_empty_note_is_refused(store: Store, wang: Actor, blue_screen: str) -> None:
    before = row_counts(store)

    with pytest.raises(InvalidValue):
        actions.record_step(store, wang, blue_screen, "reboot", ChecklistAction.NOTE, note=" ")

    assert row_counts(store) == before


def test_an_unknown_step_is_refused(store: Store, wang: Actor, blue_screen: str) -> None:
    before = row_counts(store)

    with pytest.raises(StepNotFound) as refused:
        actions.record_step(store, wang, blue_screen, "format-disk", DONE)

    assert refused.value.params == {
        "number": blue_screen, "procedure": "blue-screen", "step": "format-disk",
    }  # fmt: skip
    assert row_counts(store) == before


def test_recording_a_step_before_choosing_a_procedure_is_refused(
    store: Store, wang: Actor, ticket: Ticket
) -> None:
    before = row_counts(store)

    with pytest.raises(NoProcedureChosen):
        actions.record_step(store, wang, ticket.number, "reboot", DONE)

    assert row_counts(store) == before


def test_an_unknown_procedure_cannot_be_chosen(store: Store, wang: Actor, ticket: Ticket) -> None:
    before = row_counts(store)

    with pytest.raises(ProcedureNotFound) as refused:
        actions.choose_procedure(store, wang, ticket.number, "reinstall-everything")

    assert refused.value.params == {"procedure": "reinstall-everything"}
    assert row_counts(store) == before
    with pytest.raises(NoProcedureChosen):
        actions.record_step(store, wang, ticket.number, "reboot", DONE)


# --- inserted steps ------------------------------------------------------------------------------


def test_an_inserted_step_becomes_current_and_the_walk_goes_on_after_it(
    store: Store, wang: Actor, ticket: Ticket, blue_screen: str
) -> None:
    actions.record_step(store, wang, blue_screen, "reboot", FAILED)

    inserted = actions.insert_step(store, wang, blue_screen, "重新插拔内存")

    assert inserted.current == "extra-1"
    assert [s.id for s in inserted.steps][:3] == ["reboot", "extra-1", "safe-mode"]
    last = records(store, ticket)[-1]
    assert (last.action, last.step, last.note, last.before_step) == (
        ChecklistAction.INSERTED, "extra-1", "重新插拔内存", "safe-mode",
    )  # fmt: skip
    assert checklist_events(store, blue_screen)[-1][:2] == ("blue-screen/extra-1", "inserted")

    after = actions.record_step(store, wang, blue_screen, "extra-1", DONE)

    assert after.current == "safe-mode"


def test_no_step_can_be_inserted_once_the_procedure_has_ended(
    store: Store, wang: Actor, blue_screen: str
) -> None:
    actions.record_step(store, wang, blue_screen, "reboot", DONE)
    before = row_counts(store)

    with pytest.raises(ProcedureEnded):
        actions.insert_step(store, wang, blue_screen, "再检查一次")

    assert row_counts(store) == before


# --- resolving the ticket ------------------------------------------------------------------------


def test_resolving_with_required_steps_open_is_refused(
    store: Store, wang: Actor, blue_screen: str
) -> None:
    start_work(store, wang, blue_screen)
    actions.record_step(store, wang, blue_screen, "reboot", FAILED)
    before = row_counts(store)

    with pytest.raises(RequiredStepsOpen) as refused:
        actions.update_ticket(store, wang, blue_screen, RESOLVE_TICKET)

    assert refused.value.params["steps"] == "safe-mode, drivers, repair"
    assert status_of(store, blue_screen) is Status.IN_PROGRESS
    assert row_counts(store) == before


def test_resolving_early_with_a_reason_is_kept_on_the_checklist(
    store: Store, wang: Actor, ticket: Ticket, blue_screen: str
) -> None:
    start_work(store, wang, blue_screen)
    actions.record_step(store, wang, blue_screen, "reboot", FAILED)

    actions.update_ticket(store, wang, blue_screen, RESOLVE_TICKET, reason="客户自行重装了系统")

    assert status_of(store, blue_screen) is Status.RESOLVED
    last = records(store, ticket)[-1]
    assert (last.action, last.step, last.note, last.author) == (
        ChecklistAction.RESOLVED_EARLY, "safe-mode", "客户自行重装了系统", "王芳",
    )  # fmt: skip
    assert checklist_events(store, blue_screen)[-1] == (
        "blue-screen/safe-mode", "resolved_early", "客户自行重装了系统", "王芳",
    )  # fmt: skip
    assert progress_of(store, blue_screen).resolved_early


# How the procedure ended -> the outcomes that led there.
ENDINGS = {
    RESOLVE: [("reboot", DONE)],
    ESCALATE: [("reboot", FAILED), ("safe-mode", FAILED), ("drivers", FAILED), ("repair", FAILED)],
}


@pytest.mark.parametrize("ended", ENDINGS)
def test_resolving_after_the_procedure_ended_needs_no_reason(
    store: Store, wang: Actor, ticket: Ticket, blue_screen: str, ended: str
) -> None:
    start_work(store, wang, blue_screen)
    for step, outcome in ENDINGS[ended]:
        actions.record_step(store, wang, blue_screen, step, outcome)
    assert progress_of(store, blue_screen).ended == ended

    actions.update_ticket(store, wang, blue_screen, RESOLVE_TICKET)

    assert status_of(store, blue_screen) is Status.RESOLVED
    actions_recorded = [r.action for r in records(store, ticket)]
    assert ChecklistAction.RESOLVED_EARLY not in actions_recorded
    assert not progress_of(store, blue_screen).resolved_early


def test_a_ticket_that_follows_no_procedure_resolves_freely(
    store: Store, wang: Actor, ticket: Ticket
) -> None:
    start_work(store, wang, ticket.number)

    actions.update_ticket(store, wang, ticket.number, RESOLVE_TICKET)

    assert status_of(store, ticket.number) is Status.RESOLVED
    assert records(store, ticket) == []


# --- two engineers -------------------------------------------------------------------------------


def test_a_second_engineer_sees_where_the_first_one_stopped(
    store: Store, engineers: tuple[Actor, Actor], blue_screen: str
) -> None:
    wang, zhang = engineers
    actions.record_step(store, wang, blue_screen, "reboot", FAILED, note="仍然蓝屏")

    seen_by_zhang = progress_of(store, blue_screen)
    assert seen_by_zhang.current == "safe-mode"
    reboot = seen_by_zhang.step("reboot")
    assert reboot is not None
    assert (reboot.state, reboot.by, reboot.notes) == (StepState.FAILED, "王芳", ("仍然蓝屏",))

    actions.record_step(store, zhang, blue_screen, "safe-mode", DONE)

    seen_by_wang = progress_of(store, blue_screen)
    assert (seen_by_wang.ended, seen_by_wang.last_step) == (RESOLVE, "safe-mode")
    assert [(s.id, s.by) for s in seen_by_wang.steps[:2]] == [
        ("reboot", "王芳"), ("safe-mode", "张伟"),
    ]  # fmt: skip
    assert [event[3] for event in checklist_events(store, blue_screen)] == ["王芳", "王芳", "张伟"]
