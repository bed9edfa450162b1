"""Ticket detail: header and clocks, description, timeline, and the customer's history.

Everything the agent needs while the customer is on the line is on one screen, so nobody asks
the customer again for what we already know (devices, warranty, past repairs).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from agent_console.costs import money
from agent_console.i18n import current_language, label, t
from agent_console.screens.service_actions import (  # parse_survey: as it was, from here
    ServiceActions,
    parse_survey,  # noqa: F401
)
from agent_console.survey import Scores
from agent_console.timefmt import time_left
from agent_console.timeline import describe, describe_conflict
from agent_console.vocab import (
    AppointmentStatus,
    PartStatus,
    Priority,
    ServiceMode,
    Status,
)
from agent_console.widgets.prompts import ChoicePrompt, TextPrompt
from agent_console.widgets.timeline import Timeline
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from collections.abc import Callable

    from agent_console.checklist import Progress, StepProgress
    from agent_console.commitments import Clock
    from agent_console.store.actions import TicketChanges
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.store.parts import TicketPartView
    from agent_console.store.queries import CustomerProfile, TicketDetail
    from agent_console.store.service_record import ServiceRecord
    from agent_console.store.visits import AppointmentView

EXPERT_TEAM = "expert"


@dataclass(frozen=True)
class TicketView:
    detail: "TicketDetail"
    profile: "CustomerProfile"
    next_statuses: "list[Status]"
    clocks: "list[Clock]"
    progress: "Progress | None"  # of the procedure the ticket follows
    service: "ServiceRecord | None" = None  # parts, visits, closure: issue #8


def short_time(value) -> str:
    return value.astimezone().strftime("%m-%d %H:%M") if value else "-"


def service_lines(record: "ServiceRecord") -> list[str]:
    """The ticket's service work in a few lines; only what there is (none on most tickets)."""
    lines = []
    if record.second_fault_of:
        lines.append(f"{t('field.second_fault_of')}: {record.second_fault_of}")
    lines += [_part_line(part) for part in record.parts]
    if record.remote_sessions:
        last = record.remote_sessions[-1]
        text = t("service_section.remote", tool=last.tool, minutes=last.minutes,
                 outcome=last.outcome)  # fmt: skip
        if len(record.remote_sessions) > 1:
            text += "  " + t("service_section.more", count=len(record.remote_sessions) - 1)
        lines.append(f"{t('event_kind.remote_session')}: {text}")
    visit = next(
        (v for v in reversed(record.appointments) if v.status is not AppointmentStatus.RESCHEDULED),
        None,
    )
    if visit is not None:
        lines.append(_visit_line(visit))
    if record.estimate is not None:
        text = f"{money(record.estimate.total_cents)} {label(record.estimate.status)}"
        if record.fee_reduced:
            text += f"  ({t('event_kind.fee_reduction')})"
        lines.append(f"{t('event_kind.estimate')}: {text}")
    return lines + _closure_lines(record)


def _part_line(part: "TicketPartView") -> str:
    text = t(
        "service_section.part", part=part.number, name=part.name, quantity=part.quantity,
        status=label(part.status),
    )  # fmt: skip
    if part.status in (PartStatus.REQUESTED, PartStatus.SHIPPED):
        text += "  " + t("service_section.due", due=short_time(part.due_at))
    if part.late:
        text += "  " + t("service_section.late")
    return f"{t('event_kind.part')}: {text}"


def _visit_line(visit: "AppointmentView") -> str:
    start, end = visit.window_start.astimezone(), visit.window_end.astimezone()
    if visit.arrived_at is not None:
        state = t("engineer_day.arrived_at", at=short_time(visit.arrived_at))
    elif visit.confirmed_via is not None:
        state = f"{t('engineer_day.confirmed')} ({label(visit.confirmed_via)})"
    else:
        state = t("engineer_day.unconfirmed")
    window = f"{start:%m-%d %H:%M}-{end:%H:%M}"
    return f"{t('event_kind.appointment')}: {window} {visit.engineer}  {state}"


def _closure_lines(record: "ServiceRecord") -> list[str]:
    """Resolution, sign-off or dispute, the latest survey, and the calls still to make."""
    lines = []
    if record.resolution is not None:
        lines.append(
            f"{t('event_kind.resolution')}: {t('field.cause')}: {record.resolution.cause}; "
            f"{t('field.solution')}: {record.resolution.solution}"
        )
    sign_off = record.acceptance
    if sign_off is not None and sign_off.accepted:
        via = label(sign_off.via) if sign_off.via else "-"
        lines.append(
            f"{t('event_kind.acceptance')}: "
            + t("service_section.accepted", by=sign_off.confirmed_by or "-", via=via,
                at=short_time(sign_off.at))
        )  # fmt: skip
    elif sign_off is not None:
        lines.append(f"{t('event_kind.dispute')}: {sign_off.reason or '-'}")
    if record.surveys:
        answer = record.surveys[-1]
        scores = Scores(answer.speed, answer.resolution, answer.attitude, answer.recommend)
        verdict = t("service.unsatisfied" if scores.unsatisfied else "service.satisfied")
        lines.append(
            f"{t('event_kind.survey')}: "
            + t("service_section.survey", speed=answer.speed, resolution=answer.resolution,
                attitude=answer.attitude, recommend=answer.recommend, verdict=verdict)
        )  # fmt: skip
    pending = [call for call in record.follow_ups if call.done_at is None]
    if pending:
        text = f"{label(pending[0].kind)} {short_time(pending[0].due_at)}"
        if len(pending) > 1:
            text += "  " + t("service_section.more", count=len(pending) - 1)
        lines.append(f"{t('event_kind.follow_up')}: {text}")
    return lines


class TicketScreen(ServiceActions, ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "ticket.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="ticket.back"),
        Binding("t", "take", "key.take", id="ticket.take"),
        Binding("a", "assign", "key.assign", id="ticket.assign"),
        Binding("s", "status", "key.status", id="ticket.status"),
        Binding("p", "priority", "key.priority", id="ticket.priority"),
        Binding("n", "note", "key.note", id="ticket.note"),
        Binding("c", "call", "key.call", id="ticket.call"),
        Binding("e", "escalate", "key.escalate", id="ticket.escalate"),
        Binding("m", "switch_mode", "key.switch_mode", id="ticket.mode"),
        Binding("f", "knowledge", "key.knowledge", id="ticket.knowledge"),
        Binding("l", "checklist", "key.checklist", id="ticket.checklist"),
        Binding("r", "resolve", "key.resolve_ticket", id="ticket.resolve", show=False),
        Binding("v", "survey", "key.record_survey", id="ticket.survey", show=False),
        Binding("o", "sign_off", "key.customer_sign_off", id="ticket.sign_off", show=False),
        Binding("w", "service_work", "key.service_work", id="ticket.service", show=False),
        Binding("d", "draft_article", "key.draft_article", id="ticket.draft_article", show=False),
    ]

    def __init__(self, store: "Store", actor: "Actor", number: str) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.number = number
        self.view: TicketView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="ticket-header", markup=False)
        with Horizontal():
            with Vertical(id="ticket-main"):
                yield Static(id="ticket-description", markup=False)
                yield Static(id="ticket-service", markup=False)
                yield Timeline(id="ticket-timeline")
            with Vertical(id="ticket-side"):
                yield Static(id="customer-card", markup=False)
                yield DataTable(id="customer-history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.number
        history = self.query_one("#customer-history", DataTable)
        history.add_columns(t("field.number"), t("field.status"), t("field.subject"))
        self.reload()

    # --- loading and rendering ----------------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="ticket-load")
    def reload(self) -> None:
        from agent_console import workflow
        from agent_console.store import queries
        from agent_console.store.service_record import service_record

        now = self.store.now()
        today = now.astimezone().date()
        with self.store.read() as session:
            detail = queries.ticket_detail(session, self.number, today)
            profile = queries.profile_of(session, detail.customer.id, today)
            progress = queries.ticket_progress(session, self.store.procedures, self.number)
            service = service_record(session, self.number, now)
        clocks = self.store.commitments.clocks(queries.sla_facts(detail), self.store.now())
        next_statuses = workflow.allowed_next(detail.row.status)
        view = TicketView(detail, profile, next_statuses, clocks, progress, service)
        self.app.call_from_thread(self.show, view)

    def show(self, view: TicketView) -> None:
        self.view = view
        detail, row = view.detail, view.detail.row
        self.sub_title = row.subject
        self.query_one("#ticket-header", Static).update(
            f"{row.number}  {label(row.status)}  {label(row.priority)}  {label(row.category)}"
            f"  {label(row.service_mode)}  {t('field.team')}: {row.team or '-'}"
            f"  {t('field.assignee')}: {row.assignee or '-'}\n{self._clock_line(view)}"
            + self._procedure_line(view)
        )
        self.query_one("#ticket-description", Static).update(
            f"{row.subject}\n{detail.description}" if detail.description else row.subject
        )
        lines = service_lines(view.service) if view.service else []
        section = self.query_one("#ticket-service", Static)
        section.display = bool(lines)  # a ticket without service work looks as it always did
        section.update("\n".join(lines))
        entries = [
            (event.at, f"{short_time(event.at)} {event.author} "
             f"[{t(f'event_kind.{event.kind.value}')}] "
             + describe(event.field, event.old_value, event.new_value, event.text, translate=True))
            for event in detail.events
        ] + [
            (conflict.at, f"{short_time(conflict.at)} [{t('event_kind.conflict')}] "
             + describe_conflict(conflict, translate=True))
            for conflict in detail.conflicts
        ]  # fmt: skip
        self.query_one(Timeline).set_entries(
            [line for _, line in sorted(entries, key=lambda entry: entry[0])]
        )
        self.query_one("#customer-card", Static).update(self._customer_card(view))
        history = self.query_one("#customer-history", DataTable)
        history.clear()
        for past in view.profile.tickets:
            if past.number != row.number:
                history.add_row(past.number, label(past.status), past.subject, key=past.number)

    def _procedure_line(self, view: TicketView) -> str:
        """The procedure followed and its current step, so the next engineer goes on from it."""
        progress = view.progress
        if progress is None:
            return ""
        language = current_language()
        step = progress.step(progress.current) if progress.current else None
        where = step.title_in(language) if step else t(f"sop.outcome.{progress.ended}")
        return f"\n{t('key.checklist')}: {progress.procedure.title.in_language(language)} > {where}"

    def _clock_line(self, view: TicketView) -> str:
        """Every clock on the ticket: met, paused, time left, or how long overdue."""
        now = self.store.now()
        parts = []
        for clock in view.clocks:
            state = clock.state.value
            if clock.stopped is None and clock.state.value in ("running", "breached"):
                left, _ = time_left(clock.due, now)
                state_text = f"{t(f'clock_state.{state}')} {left}"
            else:
                state_text = t(f"clock_state.{state}")
            warning = " !" if clock.warning else ""
            parts.append(f"{t(f'clock_kind.{clock.rule.kind}')}: {state_text}{warning}")
        return "  |  ".join(parts) or t("ticket.no_clocks")

    def _customer_card(self, view: TicketView) -> str:
        customer, device = view.detail.customer, view.detail.device
        lines = [
            f"{customer.name}  [{label(customer.tier)}]",
            f"{t('field.phone')}: {customer.phone}",
        ]
        if customer.email:
            lines.append(f"{t('field.email')}: {customer.email}")
        if customer.organization:
            lines.append(customer.organization)
        for owned in view.profile.devices:
            marker = "*" if device is not None and owned.id == device.id else " "
            lines.append(f"{marker}{owned.model} {owned.serial}")
            lines.append(f"  {label(owned.warranty)} {owned.warranty_end or ''}")
        return "\n".join(lines)

    # --- actions ------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="ticket-write")
    def write(self, change: "Callable[[], object]") -> None:
        """Run one store action off the UI thread (a refusal is reported by the mixin)."""
        change()
        self.app.call_from_thread(self.reload)

    def change_fields(self, changes: "TicketChanges", reason: str | None = None) -> None:
        from agent_console.store import actions

        self.write(lambda: actions.update_ticket(self.store, self.actor, self.number, changes,
                                                 reason))  # fmt: skip

    def move_to(self, kind: str, name: str, reason: str | None = None) -> None:
        """Assign to an agent or move to a team, looked up by name when the change is made."""
        from agent_console.store import actions, queries

        def change() -> None:
            with self.store.read() as session:
                if kind == "assignee":
                    changes = actions.TicketChanges(assignee=queries.find_agent(session, name))
                else:
                    changes = actions.TicketChanges(team=queries.find_team(session, name))
            actions.update_ticket(self.store, self.actor, self.number, changes, reason)

        self.write(change)

    def append(self, kind: str, text: str | None) -> None:
        from agent_console.store import actions

        if text:
            action = actions.add_note if kind == "note" else actions.log_call
            self.write(lambda: action(self.store, self.actor, self.number, text))

    def action_take(self) -> None:
        self.move_to("assignee", self.actor.name)

    @work(thread=True, exit_on_error=False, group="ticket-prompt")
    def action_assign(self) -> None:
        from agent_console.store import queries

        with self.store.read() as session:
            agents = queries.list_agents(session)
        ticket_team = self.view.detail.row.team if self.view else None
        agents.sort(key=lambda agent: agent[1] != ticket_team)  # the ticket's own team first
        choices = [(name, f"{name}  {team}") for name, team in agents]

        def picked(name: str | None) -> None:
            if name:
                self.move_to("assignee", name)

        self.app.call_from_thread(
            self.app.push_screen, ChoicePrompt(t("prompt.assign"), choices), picked
        )

    def action_status(self) -> None:
        if self.view is None:
            return
        from agent_console.store.actions import TicketChanges
        from agent_console.vocab import Status

        choices = [(status.value, label(status)) for status in self.view.next_statuses]

        open_steps = self.view.progress.open_required() if self.view.progress else []

        def picked(value: str | None) -> None:
            if value == Status.RESOLVED and open_steps:
                self.resolve_with_reason(open_steps)
            elif value:
                self.change_fields(TicketChanges(status=Status(value)))

        self.app.push_screen(ChoicePrompt(t("prompt.status"), choices), picked)

    def resolve_with_reason(self, open_steps: "list[StepProgress]") -> None:
        """Required steps of the procedure are not done: resolving needs a reason."""
        from agent_console.store.actions import TicketChanges
        from agent_console.vocab import Status

        titles = ", ".join(step.title_in(current_language()) for step in open_steps)

        def resolve(reason: str | None) -> None:
            if reason:
                self.change_fields(TicketChanges(status=Status.RESOLVED), reason)

        self.app.push_screen(TextPrompt(t("prompt.resolve_reason", steps=titles)), resolve)

    def action_priority(self) -> None:
        from agent_console.store.actions import TicketChanges

        choices = [(priority.value, label(priority)) for priority in Priority]

        def picked(value: str | None) -> None:
            if value:
                self.change_fields(TicketChanges(priority=Priority(value)))

        self.app.push_screen(ChoicePrompt(t("prompt.priority"), choices), picked)

    def action_note(self) -> None:
        self.app.push_screen(TextPrompt(t("prompt.note")), lambda text: self.append("note", text))

    def action_call(self) -> None:
        self.app.push_screen(TextPrompt(t("prompt.call")), lambda text: self.append("call", text))

    def action_escalate(self) -> None:
        def escalate(reason: str | None) -> None:
            if reason:
                self.move_to("team", EXPERT_TEAM, reason)

        self.app.push_screen(TextPrompt(t("prompt.escalate")), escalate)

    def action_knowledge(self) -> None:
        """The knowledge base, searching for this ticket; Enter links the article."""
        if self.view is None:
            return
        from agent_console.screens.knowledge import KnowledgeScreen, TicketContext
        from agent_console.search import query_for_ticket
        from agent_console.textforms import fault_codes_in

        detail = self.view.detail
        codes = tuple(fault_codes_in(f"{detail.row.subject} {detail.description}"))
        query = query_for_ticket(detail.row.subject, codes, detail.row.device_model)
        context = TicketContext(self.number, query, codes)
        self.app.push_screen(
            KnowledgeScreen(self.store, self.actor, context), lambda _: self.reload()
        )

    def action_checklist(self) -> None:
        from agent_console.screens.checklist import ChecklistScreen

        self.app.push_screen(
            ChecklistScreen(self.store, self.actor, self.number), lambda _: self.reload()
        )

    def action_draft_article(self) -> None:
        """The resolution record drafted as a knowledge-base article that waits for review."""
        from agent_console.store import article_drafts

        def draft() -> None:
            made = article_drafts.draft_from_resolution(self.store, self.actor, self.number)
            message = t("ticket_draft.drafted", article=made.article_id, number=self.number)
            self.app.call_from_thread(self.notify, message)

        self.write(draft)

    def action_switch_mode(self) -> None:
        if self.view is None:
            return
        from agent_console.store.actions import TicketChanges

        current = self.view.detail.row.service_mode
        other = ServiceMode.ONSITE if current is ServiceMode.REMOTE else ServiceMode.REMOTE
        self.change_fields(TicketChanges(service_mode=other))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(TicketScreen(self.store, self.actor, event.row_key.value))
