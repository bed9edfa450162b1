"""Complaints: every open complaint with its three clocks, the one running out soonest first.

Each clock (accepted within 24 h, a proposal within 3 business days, closed within 7) shows the
time left, met or paused; a breached clock is marked with "!" in bold red. The complaint under
the cursor is spelled out below the list: each clock's state and due time. Enter opens it.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from agent_console.commitments import ClockState
from agent_console.i18n import label, t
from agent_console.screens.followups import matches
from agent_console.screens.queue import SLA_STYLES
from agent_console.screens.ticket import short_time
from agent_console.timefmt import time_left
from agent_console.widgets.list_table import ListTable, fit, fit_columns
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from agent_console.store.complaints import ComplaintClock, ComplaintRow
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor

CLOCKS = ("accept", "proposal", "close")  # as agent_console.store.complaints orders them
COLUMNS = (
    ("number", 8), ("accept", 8), ("proposal", 8), ("close", 8), ("customer", 10),
    ("assignee", 6), ("subject", 0),
)  # fmt: skip
BREACHED_MARK = "!"


def clock_state(clock: "ComplaintClock", now: datetime) -> ClockState:
    """The clock's state now: a running clock past its due time has been breached since."""
    if clock.state is ClockState.RUNNING and clock.due <= now:
        return ClockState.BREACHED
    return clock.state


def clock_cell(clock: "ComplaintClock | None", now: datetime) -> Text:
    """Time left while running, "!" and the time past due once breached, else met or paused."""
    if clock is None:
        return Text("-", style="dim")
    state = clock_state(clock, now)
    if state is ClockState.BREACHED:
        return Text(BREACHED_MARK + time_left(clock.due, now)[0], style="bold red")
    if state is ClockState.RUNNING:
        left, urgency = time_left(clock.due, now)
        return Text(left, style=SLA_STYLES[urgency])
    return Text(
        t(f"clock_state.{state.value}"), style="green" if state is ClockState.MET else "dim"
    )


class ComplaintScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "complaints.tcss"
    AUTO_FOCUS = "#complaint-table"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="complaints.back"),
        Binding("slash", "filter", "key.filter", id="complaints.filter"),
        Binding("r", "reload", "key.refresh", id="complaints.refresh"),
    ]

    def __init__(self, store: "Store", actor: "Actor") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.all_rows: list[ComplaintRow] = []
        self.rows: list[ComplaintRow] = []
        self.text = ""
        self._shown_columns: list[tuple[str, int]] = []
        self._shown: dict[tuple[str, str], str] = {}  # (number, clock) -> the cell's text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="complaint-title", markup=False)
        yield Input(id="complaint-filter", placeholder=t("complaint_board.filter_placeholder"))
        yield ListTable(id="complaint-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="complaint-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("complaint_board.title")
        self._build_columns()
        self.load()
        self.set_interval(60, self.refresh_times)  # the clocks move by the minute, no faster

    def on_resize(self) -> None:
        if self.is_mounted and self._columns() != self._shown_columns:
            self._build_columns()
            self.render_rows()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.load()  # the complaint may have moved on in its ticket screen

    # --- loading and rendering ----------------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="complaints-load")
    def load(self) -> None:
        from agent_console.store import complaints

        with self.store.read() as session:
            rows = complaints.complaint_board(session, self.store.commitments, self.store.now())
        self.app.call_from_thread(self.show, rows)

    def show(self, rows: "list[ComplaintRow]") -> None:
        self.all_rows = rows
        self.apply_filter()

    def apply_filter(self) -> None:
        self.rows = [
            row for row in self.all_rows
            if matches(self.text, row.number, row.customer, row.subject, row.assignee)
        ]  # fmt: skip
        self.render_rows()
        self._update_title()

    def _columns(self) -> list[tuple[str, int]]:
        return fit_columns(COLUMNS, self.size.width)

    def _build_columns(self) -> None:
        table = self.query_one(ListTable)
        table.clear(columns=True)
        self._shown_columns = self._columns()
        for key, width in self._shown_columns:
            name = t(f"clock_kind.{key}") if key in CLOCKS else t(f"complaint_board.column.{key}")
            table.add_column(fit(name, width), width=width, key=key)

    @staticmethod
    def _clock(row: "ComplaintRow", kind: str) -> "ComplaintClock | None":
        return next((clock for clock in row.clocks if clock.kind == kind), None)

    def _cells(self, row: "ComplaintRow", now: datetime) -> list[Any]:
        cells: dict[str, Any] = {
            "number": row.number,
            "customer": row.customer,
            "assignee": row.assignee or "-",
            "subject": row.subject,
        }
        for kind in CLOCKS:
            cells[kind] = clock_cell(self._clock(row, kind), now)
            self._shown[row.number, kind] = cells[kind].plain
        return [
            fit(cells[key], width) if isinstance(cells[key], str) else cells[key]
            for key, width in self._shown_columns
        ]

    def render_rows(self) -> None:
        table = self.query_one(ListTable)
        highlighted = table.highlighted_key()
        table.clear()
        now = self.store.now()
        self._shown = {}
        for row in self.rows:
            table.add_row(*self._cells(row, now), key=row.number)
        if highlighted:
            table.move_to_key(highlighted)
        self.show_detail()

    def refresh_times(self) -> None:
        """Once a minute: each clock's cell, touching only the cells that changed."""
        table = self.query_one(ListTable)
        now = self.store.now()
        changed = False
        for row in self.rows:
            for kind in CLOCKS:
                cell = clock_cell(self._clock(row, kind), now)
                if self._shown.get((row.number, kind)) != cell.plain:
                    self._shown[row.number, kind] = cell.plain
                    table.update_cell(row.number, kind, cell)
                    changed = True
        if changed:
            self._update_title()
            self.show_detail()

    def _breached(self, row: "ComplaintRow", now: datetime) -> bool:
        return any(clock_state(clock, now) is ClockState.BREACHED for clock in row.clocks)

    def _update_title(self) -> None:
        now = self.store.now()
        breached = sum(1 for row in self.all_rows if self._breached(row, now))
        parts = [t("complaint_board.count", count=len(self.all_rows))]
        if breached:
            parts.append(t("complaint_board.breached", count=breached))
        if self.text:
            parts.append(t("queue.filtered", text=self.text))
        self.query_one("#complaint-title", Static).update("  |  ".join(parts))

    def show_detail(self) -> None:
        """The highlighted complaint: each clock's state and due time, in words."""
        detail = self.query_one("#complaint-detail", Static)
        row = self._highlighted()
        if row is None:
            detail.update(t("complaint_board.empty") if not self.rows else "")
            return
        now = self.store.now()
        lines = [f"{row.number}  {label(row.status)}  {row.subject}"]
        for clock in row.clocks:
            state = clock_state(clock, now)
            text = t(f"clock_state.{state.value}")
            if state in (ClockState.RUNNING, ClockState.BREACHED):
                left = time_left(clock.due, now)[0]
                text += "  " + t("complaint_board.due", due=short_time(clock.due), left=left)
            mark = f" {BREACHED_MARK}" if state is ClockState.BREACHED else ""
            lines.append(f"{t(f'clock_kind.{clock.kind}')}: {text}{mark}")
        detail.update("\n".join(lines))

    # --- actions ------------------------------------------------------------------------------

    def _highlighted(self) -> "ComplaintRow | None":
        key = self.query_one(ListTable).highlighted_key()
        return next((row for row in self.rows if row.number == key), None)

    def on_data_table_row_highlighted(self, event: ListTable.RowHighlighted) -> None:
        self.show_detail()

    def action_reload(self) -> None:
        self.load()

    def action_filter(self) -> None:
        box = self.query_one("#complaint-filter", Input)
        box.display = True
        box.focus()

    def action_back(self) -> None:
        box = self.query_one("#complaint-filter", Input)
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

        if event.row_key.value:
            self.app.push_screen(TicketScreen(self.store, self.actor, event.row_key.value))
