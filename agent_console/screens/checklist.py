"""A ticket's standard procedure: the steps with who did what, and the current step in full.

The current step's instructions, what to say to the customer and the expected result sit
right under the list of steps, so at 80x24 they are read without scrolling. Space marks it
done, f failed, x skips it (with a reason), n adds a note, i inserts a step of one's own. When
an outcome ends the procedure, the screen offers what the procedure says: resolve the ticket,
or escalate it to the experts on site.
"""

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from agent_console.checklist import StepState
from agent_console.i18n import current_language, t
from agent_console.sop import ESCALATE, RESOLVE
from agent_console.vocab import ChecklistAction
from agent_console.widgets.prompts import ChoicePrompt, TextPrompt
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from collections.abc import Callable

    from agent_console.checklist import Progress, StepProgress
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor

_MARKS = {
    StepState.PENDING: "[ ]",
    StepState.DONE: "[x]",
    StepState.FAILED: "[!]",
    StepState.SKIPPED: "[-]",
}


class ChecklistScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "checklist.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "key.back", id="checklist.back"),
        Binding("space", "outcome('done')", "key.step_done", id="checklist.done"),
        Binding("f", "outcome('failed')", "key.step_failed", id="checklist.failed"),
        Binding("x", "skip", "key.step_skip", id="checklist.skip"),
        Binding("n", "note", "key.note", id="checklist.note"),
        Binding("i", "insert", "key.step_insert", id="checklist.insert"),
        Binding("c", "choose", "key.choose_procedure", id="checklist.choose"),
    ]

    def __init__(self, store: "Store", actor: "Actor", number: str) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.number = number
        self.progress: Progress | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="checklist-steps", markup=False)
        with VerticalScroll(id="checklist-scroll"):
            yield Static(id="checklist-current", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.number
        self.load(choose_if_none=True)

    # --- loading and rendering ----------------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="checklist-load")
    def load(self, choose_if_none: bool = False, ended_before: str | None = None) -> None:
        from agent_console.store import queries

        with self.store.read() as session:
            progress = queries.ticket_progress(session, self.store.procedures, self.number)
        self.app.call_from_thread(self.show, progress)
        if progress is None and choose_if_none:
            self.app.call_from_thread(self.action_choose)
        elif progress is not None and progress.ended and progress.ended != ended_before:
            self.app.call_from_thread(self.offer_end, progress)

    def show(self, progress: "Progress | None") -> None:
        self.progress = progress
        steps = self.query_one("#checklist-steps", Static)
        current = self.query_one("#checklist-current", Static)
        if progress is None:
            self.sub_title = ""
            steps.update(t("checklist.none"))
            current.update("")
            return
        language = current_language()
        self.sub_title = progress.procedure.title.in_language(language)
        steps.update("\n".join(self._step_line(progress, step) for step in progress.steps))
        current.update(self._current_text(progress))

    def _step_line(self, progress: "Progress", step: "StepProgress") -> str:
        pointer = ">" if step.id == progress.current else " "
        flags = ("*" if step.required else "") + ("+" if step.inserted else "")
        line = f"{pointer}{_MARKS[step.state]} {step.title_in(current_language())}{flags}"
        if step.by and step.at:
            line += f"  {step.by} {step.at.astimezone().strftime('%m-%d %H:%M')}"
        if step.reason:
            line += f"  ({step.reason})"
        return line

    def _current_text(self, progress: "Progress") -> str:
        language = current_language()
        if progress.current is None:
            last = progress.step(progress.last_step) if progress.last_step else None
            where = last.title_in(language) if last else "-"
            return t(f"checklist.ended.{progress.ended}", step=where)
        step = progress.step(progress.current)
        assert step is not None
        lines = [step.title_in(language) + (f"  ({t('checklist.required')})" * step.required)]
        definition = step.definition
        if definition is not None:
            lines.append(definition.instructions.in_language(language))
            if definition.script.zh:
                lines.append(f"{t('sop.script')}: {definition.script.in_language(language)}")
            lines.append(f"{t('sop.expected')}: {definition.expected.in_language(language)}")
        lines += [f"{t('checklist.note')}: {note}" for note in step.notes]
        return "\n".join(lines)

    # --- recording ----------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="checklist-write")
    def write(self, change: "Callable[[], object]") -> None:
        """Run one store action off the UI thread, then show the new state."""
        ended_before = self.progress.ended if self.progress else None
        change()
        self.app.call_from_thread(self.load, ended_before=ended_before)

    def _current(self) -> str | None:
        if self.progress is None:
            return None
        if self.progress.current is None:
            self.notify(t("checklist.already_ended"), severity="warning")
        return self.progress.current

    def action_outcome(self, outcome: str) -> None:
        from agent_console.store import actions

        step = self._current()
        if step is not None:
            action = ChecklistAction(outcome)
            self.write(lambda: actions.record_step(self.store, self.actor, self.number, step,
                                                   action))  # fmt: skip

    def action_skip(self) -> None:
        from agent_console.store import actions

        step = self._current()
        if step is None:
            return

        def skip(reason: str | None) -> None:
            if reason:
                self.write(lambda: actions.record_step(
                    self.store, self.actor, self.number, step, ChecklistAction.SKIPPED,
                    note=reason,
                ))  # fmt: skip

        self.app.push_screen(TextPrompt(t("prompt.skip_reason")), skip)

    def action_note(self) -> None:
        from agent_console.store import actions

        if self.progress is None:
            return
        step = self.progress.current or self.progress.last_step
        if step is None:
            return

        def note(text: str | None) -> None:
            if text:
                self.write(lambda: actions.record_step(
                    self.store, self.actor, self.number, step, ChecklistAction.NOTE, note=text
                ))  # fmt: skip

        self.app.push_screen(TextPrompt(t("prompt.step_note")), note)

    def action_insert(self) -> None:
        from agent_console.store import actions

        if self._current() is None:
            return

        def insert(title: str | None) -> None:
            if title:
                self.write(lambda: actions.insert_step(self.store, self.actor, self.number,
                                                       title))  # fmt: skip

        self.app.push_screen(TextPrompt(t("prompt.step_insert")), insert)

    @work(thread=True, exit_on_error=False, group="checklist-prompt")
    def action_choose(self) -> None:
        """Pick the procedure: the ones that fit the ticket first, then every other."""
        from agent_console.store import actions, queries

        today = self.store.now().astimezone().date()
        with self.store.read() as session:
            detail = queries.ticket_detail(session, self.number, today)
        procedures = self.store.procedures.procedures
        fitting = queries.suggested_procedures(detail, self.store.procedures)
        language = current_language()
        choices = [
            (p.id, f"{p.title.in_language(language)}  ({t('checklist.suggested')})")
            for p in fitting
        ] + [(p.id, p.title.in_language(language)) for p in procedures if p not in fitting]

        def picked(procedure_id: str | None) -> None:
            if procedure_id:
                self.write(lambda: actions.choose_procedure(self.store, self.actor, self.number,
                                                            procedure_id))  # fmt: skip
            elif self.progress is None:
                self.dismiss()

        self.app.call_from_thread(
            self.app.push_screen, ChoicePrompt(t("prompt.procedure"), choices), picked
        )

    # --- where the procedure leads ------------------------------------------------------------

    def offer_end(self, progress: "Progress") -> None:
        """The procedure reached resolve or escalate: offer to do it to the ticket."""
        title = progress.procedure.title.in_language(current_language())
        last = progress.step(progress.last_step) if progress.last_step else None
        step = last.title_in(current_language()) if last else "-"
        reason = t(f"checklist.reason.{progress.ended}", procedure=title, step=step)
        choices = [("yes", t(f"checklist.offer.{progress.ended}")), ("no", t("checklist.not_now"))]

        def answered(answer: str | None) -> None:
            if answer == "yes" and progress.ended == RESOLVE:
                self.resolve(reason)
            elif answer == "yes" and progress.ended == ESCALATE:
                self.escalate(reason)

        self.app.push_screen(ChoicePrompt(reason, choices), answered)

    def resolve(self, reason: str) -> None:
        from agent_console.store import actions
        from agent_console.vocab import Status

        changes = actions.TicketChanges(status=Status.RESOLVED)
        self.write(lambda: actions.update_ticket(self.store, self.actor, self.number, changes,
                                                 reason))  # fmt: skip

    def escalate(self, reason: str) -> None:
        from agent_console.screens.ticket import EXPERT_TEAM
        from agent_console.store import actions, queries
        from agent_console.vocab import ServiceMode

        def change() -> None:
            with self.store.read() as session:
                team = queries.find_team(session, EXPERT_TEAM)
            changes = actions.TicketChanges(team=team, service_mode=ServiceMode.ONSITE)
            actions.update_ticket(self.store, self.actor, self.number, changes, reason)

        self.write(change)
