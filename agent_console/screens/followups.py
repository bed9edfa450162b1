"""Follow-up calls: the calls agents owe customers, the one due soonest first.

Overdue calls head the list with their time past due in red. Enter opens the ticket; space
records the highlighted call as made, with what came of it, and the list reloads. `/` filters
by number, customer, phone or subject.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from agent_console.i18n import label, t
from agent_console.screens.queue import SLA_STYLES
from agent_console.timefmt import time_left
from agent_console.widgets.list_table import ListTable, fit, fit_columns
from agent_console.widgets.prompts import TextPrompt
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from collections.abc import Callable

    from agent_console.store.engine import Store
    from agent_console.store.followups import FollowUpRow
    from agent_console.store.identity import Actor

# Widths in cells; the subject (0: what is left) only on wide terminals.
COLUMNS = (
    ("due", 11), ("left", 7), ("number", 8), ("customer", 14), ("phone", 11), ("kind", 13),
    ("subject", 0),
)  # fmt: skip
WIDE_ONLY = frozenset({"subject"})
WIDE = 110


def due_text(due: datetime, now: datetime) -> str:
    """11-25 10:00 this year; 2027-02-13 for a preventive call in another year."""
    local = due.astimezone()
    return f"{local:%m-%d %H:%M}" if local.year == now.astimezone().year else f"{local:%Y-%m-%d}"


def matches(text: str, *fields: str | None) -> bool:
    """Whether every word of the filter occurs in one of the fields (any case)."""
    haystack = " ".join(field for field in fields if field).casefold()
    return all(word in haystack for word in text.casefold().split())


class FollowUpScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "followups.tcss"
    AUTO_FOCUS = "#follow-up-table"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="follow_ups.back"),
        Binding("space", "done", "key.follow_up_done", id="follow_ups.done"),
        Binding("slash", "filter", "key.filter", id="follow_ups.filter"),
        Binding("r", "reload", "key.refresh", id="follow_ups.refresh"),
    ]

    def __init__(self, store: "Store", actor: "Actor") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.all_rows: list[FollowUpRow] = []  # every pending call, soonest first
        self.rows: list[FollowUpRow] = []  # the ones the filter lets through
        self.text = ""
        self._shown_columns: list[tuple[str, int]] = []
        self._left: dict[str, str] = {}  # row key -> the time left shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="follow-up-title", markup=False)
        yield Input(id="follow-up-filter", placeholder=t("follow_up_queue.filter_placeholder"))
        yield ListTable(id="follow-up-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="follow-up-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("follow_up_queue.title")
        self._build_columns()
        self.load()
        self.set_interval(60, self.refresh_times)  # time left moves by the minute, no faster

    def on_resize(self) -> None:
        if self.is_mounted and self._columns() != self._shown_columns:
            self._build_columns()
            self.render_rows()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.load()  # a call may have been made from the ticket

    # --- loading and rendering ----------------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="follow-ups-load")
    def load(self) -> None:
        from agent_console.store import followups

        with self.store.read() as session:
            rows = followups.queue(session)
        self.app.call_from_thread(self.show, rows)

    def show(self, rows: "list[FollowUpRow]") -> None:
        self.all_rows = rows
        self.apply_filter()

    def apply_filter(self) -> None:
        self.rows = [
            row for row in self.all_rows
            if matches(self.text, row.number, row.customer, row.phone, row.subject)
        ]  # fmt: skip
        self.render_rows()
        self._update_title()

    def _columns(self) -> list[tuple[str, int]]:
        return fit_columns(COLUMNS, self.size.width, wide_only=WIDE_ONLY, wide=WIDE)

    def _build_columns(self) -> None:
        table = self.query_one(ListTable)
        table.clear(columns=True)
        self._shown_columns = self._columns()
        for key, width in self._shown_columns:
            table.add_column(fit(t(f"follow_up_queue.column.{key}"), width), width=width, key=key)

    def _left_cell(self, row: "FollowUpRow", now: datetime) -> Text:
        left, state = time_left(row.due_at, now)
        return Text(left, style=SLA_STYLES[state])

    def _cells(self, row: "FollowUpRow", now: datetime) -> list[Any]:
        overdue = row.due_at < now
        cells: dict[str, Any] = {
            "due": Text(due_text(row.due_at, now), style="bold red" if overdue else ""),
            "left": self._left_cell(row, now),
            "number": row.number,
            "customer": row.customer,
            "phone": row.phone,
            "kind": label(row.kind),
            "subject": row.subject,
        }
        return [
            fit(cells[key], width) if isinstance(cells[key], str) else cells[key]
            for key, width in self._shown_columns
        ]

    def render_rows(self) -> None:
        table = self.query_one(ListTable)
        highlighted = table.highlighted_key()
        table.clear()
        now = self.store.now()
        self._left = {}
        for row in self.rows:
            key = str(row.id)
            cells = self._cells(row, now)
            table.add_row(*cells, key=key)
            self._left[key] = time_left(row.due_at, now)[0]
        if highlighted:
            table.move_to_key(highlighted)
        empty = self.query_one("#follow-up-empty", Static)
        empty.display = not self.rows
        empty.update("" if self.rows else t("follow_up_queue.empty"))

    def refresh_times(self) -> None:
        """Once a minute: the time left on each call, touching only cells that changed."""
        table = self.query_one(ListTable)
        now = self.store.now()
        became_overdue = False
        for row in self.rows:
            key = str(row.id)
            left = time_left(row.due_at, now)[0]
            if self._left.get(key) == left:
                continue
            became_overdue |= left.startswith("-") and not self._left.get(key, "").startswith("-")
            self._left[key] = left
            table.update_cell(key, "left", self._left_cell(row, now))
        if became_overdue:  # the due column turns red and the title counts it
            self.render_rows()
            self._update_title()

    def _update_title(self) -> None:
        now = self.store.now()
        overdue = sum(1 for row in self.all_rows if row.due_at < now)
        parts = [t("follow_up_queue.count", count=len(self.all_rows))]
        if overdue:
            parts.append(t("follow_up_queue.overdue", count=overdue))
        if self.text:
            parts.append(t("queue.filtered", text=self.text))
        self.query_one("#follow-up-title", Static).update("  |  ".join(parts))

    # --- actions ------------------------------------------------------------------------------

    def _highlighted(self) -> "FollowUpRow | None":
        key = self.query_one(ListTable).highlighted_key()
        return next((row for row in self.rows if str(row.id) == key), None)

    @work(thread=True, exit_on_error=False, group="follow-ups-write")
    def write(self, change: "Callable[[], object]") -> None:
        change()
        self.app.call_from_thread(self.load)

    def action_done(self) -> None:
        from agent_console.store import followups

        row = self._highlighted()
        if row is None:
            return
        number, picked = row.number, row.id

        def record(outcome: str | None) -> None:
            if outcome:
                self.write(lambda: followups.complete(self.store, self.actor, number, outcome,
                                                      follow_up_id=picked))  # fmt: skip

        title = t(
            "service_prompt.follow_up_outcome",
            kind=label(row.kind), number=number, customer=row.customer, phone=row.phone,
        )  # fmt: skip
        self.app.push_screen(TextPrompt(title), record)

    def action_reload(self) -> None:
        self.load()

    def action_filter(self) -> None:
        box = self.query_one("#follow-up-filter", Input)
        box.display = True
        box.focus()

    def action_back(self) -> None:
        box = self.query_one("#follow-up-filter", Input)
        if box.display or self.text:
            box.value = ""
            box.display = False
            self.query_one(ListTable).focus()
        else:
            self.dismiss()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.text = event.value.strip()
        self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ListTable).focus()

    def on_data_table_row_selected(self, event: ListTable.RowSelected) -> None:
        from agent_console.screens.ticket import TicketScreen

        row = next((row for row in self.rows if str(row.id) == event.row_key.value), None)
        if row is not None:
            self.app.push_screen(TicketScreen(self.store, self.actor, row.number))
