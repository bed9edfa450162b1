"""An engineer's day: the acting agent's visits on one day, in order of arrival window.

Each row: the window, the ticket, the customer and phone, whether the customer confirmed, the
address. The visit under the cursor is spelled out below: address, device and what to bring.
Left/right (or h/l) go to the previous or next day, t back to today; Enter opens the ticket;
a records arriving on site for the highlighted visit (after a yes).
"""

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from agent_console.i18n import label, t
from agent_console.screens.ticket import short_time
from agent_console.vocab import AppointmentStatus
from agent_console.widgets.list_table import ListTable, fit, fit_columns
from agent_console.widgets.prompts import ChoicePrompt
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from collections.abc import Callable

    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.store.visits import AppointmentView

COLUMNS = (
    ("window", 11), ("number", 8), ("customer", 10), ("phone", 11), ("state", 10),
    ("address", 0), ("device", 24),
)  # fmt: skip
WIDE_ONLY = frozenset({"device"})
WIDE = 110


def window_text(visit: "AppointmentView") -> str:
    start, end = visit.window_start.astimezone(), visit.window_end.astimezone()
    return f"{start:%H:%M}-{end:%H:%M}"


def state_cell(visit: "AppointmentView") -> Text:
    """Arrived, confirmed, or still to be confirmed with the customer (in yellow)."""
    if visit.status is AppointmentStatus.ARRIVED:
        return Text(label(visit.status), style="green")
    if visit.confirmed_at is not None:
        return Text(t("engineer_day.confirmed"))
    return Text(t("engineer_day.unconfirmed"), style="bold yellow")


class DayScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "day.tcss"
    AUTO_FOCUS = "#day-table"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="day.back"),
        Binding("left,h", "shift(-1)", "key.previous_day", id="day.previous", priority=True),
        Binding("right,l", "shift(1)", "key.next_day", id="day.next", priority=True),
        Binding("t", "today", "key.today", id="day.today"),
        Binding("a", "arrive", "key.mark_arrived", id="day.arrive"),
        Binding("r", "reload", "key.refresh", id="day.refresh"),
    ]

    def __init__(self, store: "Store", actor: "Actor", day: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.day = day or self._today()
        self.visits: list[AppointmentView] = []
        self._shown_columns: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="day-title", markup=False)
        yield ListTable(id="day-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="day-detail-scroll"):  # tab reaches it: a long packing list scrolls
            yield Static(id="day-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("engineer_day.title")
        self._build_columns()
        self.load()

    def on_resize(self) -> None:
        if self.is_mounted and self._columns() != self._shown_columns:
            self._build_columns()
            self.render_rows()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.load()

    # --- loading and rendering ----------------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="day-load")
    def load(self) -> None:
        from agent_console.store import visits

        on = self.day
        with self.store.read() as session:
            rows = visits.day(session, self.actor.name, on)
        self.app.call_from_thread(self.show, on, rows)

    def show(self, on: date, visits: "list[AppointmentView]") -> None:
        if on != self.day:
            return  # the agent has moved on to another day meanwhile
        self.visits = visits
        self.render_rows()
        self._update_title()

    def _columns(self) -> list[tuple[str, int]]:
        return fit_columns(COLUMNS, self.size.width, wide_only=WIDE_ONLY, wide=WIDE)

    def _build_columns(self) -> None:
        table = self.query_one(ListTable)
        table.clear(columns=True)
        self._shown_columns = self._columns()
        for key, width in self._shown_columns:
            table.add_column(fit(t(f"engineer_day.column.{key}"), width), width=width, key=key)

    def _cells(self, visit: "AppointmentView") -> list[Any]:
        cells: dict[str, Any] = {
            "window": window_text(visit),
            "number": visit.number,
            "customer": visit.customer,
            "phone": visit.phone,
            "state": state_cell(visit),
            "address": visit.address,
            "device": visit.device or "-",
        }
        return [
            fit(cells[key], width) if isinstance(cells[key], str) else cells[key]
            for key, width in self._shown_columns
        ]

    def render_rows(self) -> None:
        table = self.query_one(ListTable)
        highlighted = table.highlighted_key()
        table.clear()
        for visit in self.visits:
            table.add_row(*self._cells(visit), key=str(visit.id))
        if highlighted:
            table.move_to_key(highlighted)
        self.show_detail()

    def _today(self) -> date:
        return self.store.now().astimezone().date()

    def _update_title(self) -> None:
        when = self.day.isoformat()
        if self.day == self._today():
            when = t("engineer_day.on_today", date=when)
        parts = [self.actor.name, when, t("engineer_day.count", count=len(self.visits))]
        self.query_one("#day-title", Static).update("  |  ".join(parts))

    def show_detail(self) -> None:
        """The visit under the cursor in full: what to bring, one item a line."""
        detail = self.query_one("#day-detail", Static)
        visit = self._highlighted()
        if visit is None:
            detail.update(t("engineer_day.empty") if not self.visits else "")
            return
        lines = [
            f"{window_text(visit)}  {visit.number}  {visit.subject}",
            f"{t('field.address')}: {visit.address}",
            f"{t('field.device')}: {visit.device or '-'}",
        ]
        if visit.arrived_at is not None:
            state = t("engineer_day.arrived_at", at=short_time(visit.arrived_at))
        elif visit.confirmed_at is not None and visit.confirmed_via is not None:
            state = t("engineer_day.confirmed_by", via=label(visit.confirmed_via),
                      at=short_time(visit.confirmed_at))  # fmt: skip
        else:
            state = t("engineer_day.unconfirmed")
        lines.append(f"{t('engineer_day.column.state')}: {state}")
        items = [item for item in visit.bring.splitlines() if item.strip()]
        if items:
            lines.append(f"{t('field.bring')}:")
            lines += [f"  {item}" for item in items]
        detail.update("\n".join(lines))

    # --- actions ------------------------------------------------------------------------------

    def _highlighted(self) -> "AppointmentView | None":
        key = self.query_one(ListTable).highlighted_key()
        return next((visit for visit in self.visits if str(visit.id) == key), None)

    def on_data_table_row_highlighted(self, event: ListTable.RowHighlighted) -> None:
        self.show_detail()

    def action_shift(self, days: int) -> None:
        self.day += timedelta(days=days)
        self.visits = []
        self.render_rows()
        self._update_title()
        self.load()

    def action_today(self) -> None:
        today = self._today()
        if self.day != today:
            self.action_shift((today - self.day).days)

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, group="day-write")
    def write(self, change: "Callable[[], object]") -> None:
        change()
        self.app.call_from_thread(self.load)

    def action_arrive(self) -> None:
        from agent_console.store import visits

        visit = self._highlighted()
        if visit is None:
            return
        number = visit.number

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.write(lambda: visits.arrive(self.store, self.actor, number))

        question = t("service_prompt.arrive", number=number, address=visit.address)
        choices = [("yes", t("service_prompt.arrived_now")), ("no", t("checklist.not_now"))]
        self.app.push_screen(ChoicePrompt(question, choices), answered)

    def on_data_table_row_selected(self, event: ListTable.RowSelected) -> None:
        from agent_console.screens.ticket import TicketScreen

        visit = next((v for v in self.visits if str(v.id) == event.row_key.value), None)
        if visit is not None:
            self.app.push_screen(TicketScreen(self.store, self.actor, visit.number))
