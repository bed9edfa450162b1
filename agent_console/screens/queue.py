"""The queue: the agent's worklist, one page at a time whatever the size of the store.

Pages are read by keyset from an index (agent_console.store.queue) in a thread worker; the
screen keeps the start cursor of every page it has shown so it can walk back.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.cells import set_cell_size
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from agent_console.i18n import label, t
from agent_console.queue_views import QueueSort, QueueView, next_sort
from agent_console.timefmt import age, time_left
from agent_console.widgets.queue_table import QueueTable
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.store.ticket_sql import TicketRow

PAGE_SIZE = 50
COUNT_CAP = 10_000
VIEW_KEYS = {
    "1": QueueView.MINE,
    "2": QueueView.TEAM,
    "3": QueueView.UNASSIGNED,
    "4": QueueView.BREACHING,
    "5": QueueView.OPEN,
    "6": QueueView.CLOSED,
}
# Fixed widths in cells; the subject takes what the terminal has left. Below WIDE columns the
# model and channel give way, so an 80-column terminal keeps everything a queue needs.
COLUMNS = (
    ("number", 8), ("sla", 7), ("priority", 2), ("status", 10), ("subject", 0),
    ("customer", 10), ("model", 12), ("assignee", 6), ("channel", 7), ("age", 6),
)  # fmt: skip
NARROW_HIDDEN = frozenset({"model", "channel"})
WIDE = 110
MIN_SUBJECT = 12
CELL_PADDING = 2  # DataTable pads each cell by one on both sides
SCROLLBAR = 2
SLA_STYLES = {"overdue": "bold red", "warning": "yellow", "ok": "green", "": "dim"}


@dataclass
class Paging:
    starts: list[Any] = field(default_factory=lambda: [None])  # start cursor of each page shown
    next_cursor: Any = None


def fit(text: str, width: int) -> str:
    """Crop to `width` cells without an ellipsis (CJK terminals draw it two cells wide)."""
    return set_cell_size(text, width).rstrip()


class QueueScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "queue.tcss"
    AUTO_FOCUS = "#queue-table"
    BINDINGS = [
        *(
            Binding(key, f"view('{view.value}')", f"queue.view.{view.value}",
                    id=f"queue.view_{view.value}", show=False)
            for key, view in VIEW_KEYS.items()
        ),
        Binding("slash", "filter", "key.filter", id="queue.filter"),
        Binding("o", "cycle_sort", "key.sort", id="queue.sort"),
        Binding("n", "app.intake", "key.new_ticket", id="queue.new"),
        Binding("f", "app.knowledge", "key.knowledge", id="queue.knowledge"),
        Binding("u", "app.follow_ups", "key.follow_up_queue", id="queue.follow_ups", show=False),
        Binding("c", "app.complaints", "key.complaint_board", id="queue.complaints", show=False),
        Binding("d", "app.day", "key.engineer_day", id="queue.day", show=False),
        Binding("a", "app.article_drafts", "key.article_drafts", id="queue.article_drafts",
                show=False),
        Binding("b", "app.dashboard", "key.dashboard", id="queue.dashboard", show=False),
        Binding("r", "reload", "key.refresh", id="queue.refresh"),
        Binding("escape", "clear_filter", "key.clear_filter", id="queue.clear", show=False),
    ]  # fmt: skip

    class PageShown(Message):
        """A page of tickets is on screen (the app waits for the first before loading more)."""

    def __init__(self, store: "Store", actor: "Actor") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.view = QueueView.MINE if actor.agent_id else QueueView.OPEN
        self.sort = QueueSort.PRIORITY
        self.text = ""
        self.paging = Paging()
        self.rows: list[TicketRow] = []
        self.count: int | None = None
        self._shown_columns: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="queue-title", markup=False)
        yield Input(id="queue-filter", placeholder=t("queue.filter_placeholder"))
        yield QueueTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("queue.title")
        self._build_columns()
        self.load_page(None)
        # Ages and clocks move at minute granularity; nothing else redraws an idle queue.
        self.set_interval(60, self.refresh_times)
        self.set_interval(60, self.record_breaches)

    def on_resize(self) -> None:
        if self.is_mounted and self._columns() != self._shown_columns:
            self._build_columns()
            self.render_rows()

    # --- queries ------------------------------------------------------------------------------

    def _query(self, now: datetime) -> Any:
        from agent_console.store.queue import QueueQuery

        return QueueQuery(
            view=self.view, sort=self.sort, now=now, text=self.text,
            agent_id=self.actor.agent_id, team_id=self.actor.team_id,
        )  # fmt: skip

    @work(thread=True, exit_on_error=False, exclusive=True, group="queue-load")
    def load_page(self, start: Any, *, cursor_at_end: bool = False, count: bool = True) -> None:
        from agent_console.store.queue import queue_count, queue_page

        query = self._query(self.store.now())
        with self.store.reader() as db:
            page = queue_page(db, query, after=start, limit=PAGE_SIZE)
            total = queue_count(db, query, cap=COUNT_CAP) if count else self.count
        if get_current_worker().is_cancelled:
            return  # a newer filter or view has been asked for: drop this stale answer
        self.app.call_from_thread(self._show_page, page, total, cursor_at_end)

    def _show_page(self, page: Any, total: int | None, cursor_at_end: bool) -> None:
        self.rows = page.rows
        self.paging.next_cursor = page.next_cursor
        self.count = total
        self.render_rows()
        table = self.query_one(QueueTable)
        if self.rows:
            table.move_cursor(row=len(self.rows) - 1 if cursor_at_end else 0)
        self._update_title()
        self.post_message(self.PageShown())

    # --- rendering ----------------------------------------------------------------------------

    def _columns(self) -> list[tuple[str, int]]:
        """The columns that fit, the subject's width computed from what the others leave."""
        shown = [
            (key, width) for key, width in COLUMNS
            if self.size.width >= WIDE or key not in NARROW_HIDDEN
        ]  # fmt: skip
        fixed = sum(width + CELL_PADDING for _, width in shown) + CELL_PADDING + SCROLLBAR
        subject = max(MIN_SUBJECT, self.size.width - fixed)
        return [(key, width or subject) for key, width in shown]

    def _build_columns(self) -> None:
        table = self.query_one(QueueTable)
        table.clear(columns=True)
        self._shown_columns = self._columns()
        for key, width in self._shown_columns:
            table.add_column(fit(t(f"queue.column.{key}"), width), width=width, key=key)

    @staticmethod
    def _sla_cell(row: "TicketRow", now: datetime) -> Text:
        left, state = time_left(row.due_at, now)
        return Text(left, style=SLA_STYLES[state])

    def _cells(self, row: "TicketRow", now: datetime) -> list[Any]:
        marker = t(f"queue.tier_mark.{row.customer_tier.value}")
        cells = {
            "number": row.number,
            "sla": self._sla_cell(row, now),
            "priority": Text(
                row.priority.value, style="bold red" if row.priority.value == "P1" else ""
            ),
            "status": t(f"queue.status.{row.status.value}"),
            "subject": row.subject,
            "customer": f"{marker}{row.customer}",
            "model": row.device_model or "-",
            "assignee": row.assignee or "-",
            "channel": label(row.channel),
            "age": age(row.created_at, now),
        }
        return [
            fit(cells[key], width) if isinstance(cells[key], str) else cells[key]
            for key, width in self._shown_columns
        ]

    def render_rows(self) -> None:
        table = self.query_one(QueueTable)
        cursor = table.cursor_row
        table.clear()
        now = self.store.now()
        for row in self.rows:
            table.add_row(*self._cells(row, now), key=row.number)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    @work(thread=True, exit_on_error=False, exclusive=True, group="queue-sweep")
    def record_breaches(self) -> None:
        """Once a minute: put clocks that ran out on their tickets' timelines."""
        from agent_console.store import actions

        if actions.record_breaches(self.store):
            self.app.call_from_thread(self.action_reload)

    def refresh_times(self) -> None:
        table = self.query_one(QueueTable)
        now = self.store.now()
        for row in self.rows:
            table.update_cell(row.number, "sla", self._sla_cell(row, now))
            table.update_cell(row.number, "age", age(row.created_at, now))

    def _update_title(self) -> None:
        if self.count is None:
            count = "-"
        else:
            count = f"{COUNT_CAP}+" if self.count >= COUNT_CAP else str(self.count)
        page = len(self.paging.starts)
        parts = [
            t(f"queue.view.{self.view.value}"),
            t("queue.count", count=count),
            t("queue.page", page=page),
            t("queue.sorted_by", sort=t(f"queue.sort.{self.sort.value}")),
        ]
        if self.text:
            parts.append(t("queue.filtered", text=self.text))
        sync_status = getattr(self.app, "sync_status", None)
        if sync_status:
            parts.append(sync_status)
        self.query_one("#queue-title", Static).update("  |  ".join(parts))

    def show_sync_status(self) -> None:
        self._update_title()

    # --- actions ------------------------------------------------------------------------------

    def restart(self) -> None:
        self.paging = Paging()
        self.load_page(None)

    def action_view(self, view: str) -> None:
        self.view = QueueView(view)
        self.restart()

    def action_cycle_sort(self) -> None:
        self.sort = next_sort(self.sort)
        self.restart()

    def action_reload(self) -> None:
        self.load_page(self.paging.starts[-1])

    def action_filter(self) -> None:
        box = self.query_one("#queue-filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#queue-filter", Input)
        if box.display or self.text:
            box.value = ""
            box.display = False
            self.query_one(QueueTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.text = event.value.strip()
        self.restart()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(QueueTable).focus()

    def on_queue_table_page_requested(self, event: QueueTable.PageRequested) -> None:
        if event.forward and self.paging.next_cursor is not None:
            self.paging.starts.append(self.paging.next_cursor)
            self.load_page(self.paging.next_cursor, count=False)
        elif not event.forward and len(self.paging.starts) > 1:
            self.paging.starts.pop()
            self.load_page(self.paging.starts[-1], cursor_at_end=True, count=False)

    def on_data_table_row_selected(self, event: QueueTable.RowSelected) -> None:
        from agent_console.screens.ticket import TicketScreen

        if event.row_key.value:
            self.app.push_screen(TicketScreen(self.store, self.actor, event.row_key.value))

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.rows:
            self.action_reload()
