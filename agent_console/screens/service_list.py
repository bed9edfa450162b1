"""What the service lists (follow-up calls, complaints, an engineer's day) have in common.

Rows are read in a thread worker and shown in a ListTable whose columns fit the terminal; a
pane below the list spells out the highlighted row or says the list is empty; Enter opens the
row's ticket, and the list reloads on coming back from it. Cells that count time are redrawn
once a minute. A FilteredListScreen adds the `/` filter box.

A screen names its widgets and texts (ID, DETAIL_ID, TEXTS), lays out its COLUMNS and says how
its rows are read (read_rows), keyed (row_key), drawn (cells), described (describe) and summed
up in the title line (title_parts). Its CSS_PATH lists service_list.tcss before its own.
"""

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from agent_console.i18n import t
from agent_console.widgets.list_table import ListTable, fit_columns
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from agent_console.store.engine import Session, Store
    from agent_console.store.identity import Actor


class ServiceRow(Protocol):
    """What every list's rows have: the ticket that Enter opens (None when this store has not
    got it, as for an article drafted from another team's ticket)."""

    @property
    def number(self) -> str | None: ...


RowT = TypeVar("RowT", bound=ServiceRow)


def matches(text: str, *fields: str | None) -> bool:
    """Whether every word of the filter occurs in one of the fields (any case)."""
    haystack = " ".join(field for field in fields if field).casefold()
    return all(word in haystack for word in text.casefold().split())


class ServiceListScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None], Generic[RowT]):
    AUTO_FOCUS = "ListTable"

    ID: ClassVar[str]  # widget ids: "<ID>-title", "<ID>-table" (and "<ID>-filter")
    DETAIL_ID: ClassVar[str]  # the pane below the list
    # Translation keys: "<TEXTS>.title", ".empty", ".column.<key>" (and ".filter_placeholder",
    # and ".ticket_elsewhere" where a row's ticket may be outside this store)
    TEXTS: ClassVar[str]
    # Widths in cells (0: the flexible column); WIDE_ONLY columns only from WIDE cells on.
    COLUMNS: ClassVar[Sequence[tuple[str, int]]]
    WIDE_ONLY: ClassVar[Collection[str]] = ()
    WIDE: ClassVar[int] = 0
    TIME_COLUMNS: ClassVar[Sequence[str]] = ()  # cells that count time, redrawn every minute

    def __init__(self, store: "Store", actor: "Actor") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.rows: list[RowT] = []  # the rows in the table
        self._loads = 0  # loads started: only the last one's rows are shown
        self._times_shown: dict[tuple[str, str], str] = {}  # (row key, column) -> its text

    # --- what each list says for itself -------------------------------------------------------

    def read_rows(self, session: "Session") -> list[RowT]:
        raise NotImplementedError

    def row_key(self, row: RowT) -> str:
        raise NotImplementedError

    def cells(self, row: RowT, now: datetime) -> dict[str, str | Text]:
        """Every column's cell by key: text is cropped to its column, rich Text left as it is."""
        raise NotImplementedError

    def title_parts(self) -> list[str]:
        raise NotImplementedError

    def describe(self, row: RowT) -> str:
        """The highlighted row in words, below the list; "" hides the pane."""
        return ""

    def column_heading(self, key: str) -> str:
        return t(f"{self.TEXTS}.column.{key}")

    def times_changed(self, changes: list[tuple[str, str]]) -> None:
        """After the minute's redraw changed cells, (text before, text now) each."""
        self.update_title()
        self.show_detail()

    # --- composing and mounting ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id=f"{self.ID}-title", classes="service-list-title", markup=False)
        yield from self.compose_filter()
        yield ListTable(id=f"{self.ID}-table", cursor_type="row", zebra_stripes=True)
        yield from self.compose_detail()
        yield Footer()

    def compose_filter(self) -> ComposeResult:
        """Nothing here: FilteredListScreen puts its box above the table."""
        yield from ()

    def compose_detail(self) -> ComposeResult:
        yield Static(id=self.DETAIL_ID, markup=False)

    def on_mount(self) -> None:
        self.title = t(f"{self.TEXTS}.title")
        self._build_columns()
        self.load()
        if self.TIME_COLUMNS:
            self.set_interval(60, self.refresh_times)  # time moves by the minute, no faster

    def on_resize(self) -> None:
        if self.is_mounted and self._columns() != self.query_one(ListTable).column_widths():
            self._build_columns()
            self.render_rows()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.load()  # the row may have moved on in its ticket screen

    # --- loading and rendering ----------------------------------------------------------------

    def load(self) -> None:
        self._loads += 1
        self._read(self._loads)

    @work(thread=True, exit_on_error=False, exclusive=True, group="service-list-load")
    def _read(self, load: int) -> None:
        with self.store.read() as session:
            rows = self.read_rows(session)
        self.app.call_from_thread(self._arrived, load, rows)

    def _arrived(self, load: int, rows: list[RowT]) -> None:
        if load == self._loads:  # else a later load (of another day, say) is on its way
            self.show(rows)

    def show(self, rows: list[RowT]) -> None:
        self.rows = rows
        self.render_rows()
        self.update_title()

    def _columns(self) -> list[tuple[str, int]]:
        return fit_columns(self.COLUMNS, self.size.width, wide_only=self.WIDE_ONLY, wide=self.WIDE)

    def _build_columns(self) -> None:
        self.query_one(ListTable).set_columns(self._columns(), self.column_heading)

    def render_rows(self) -> None:
        table = self.query_one(ListTable)
        highlighted = table.highlighted_key()
        table.clear()
        now = self.store.now()
        self._times_shown = {}
        for row in self.rows:
            key = self.row_key(row)
            cells = self.cells(row, now)
            table.add_cells(cells, key=key)
            for column in self.TIME_COLUMNS:
                self._times_shown[key, column] = str(cells[column])
        if highlighted:
            table.move_to_key(highlighted)
        self.show_detail()

    def refresh_times(self) -> None:
        """Once a minute: the cells that count time, touching only those that changed."""
        table = self.query_one(ListTable)
        now = self.store.now()
        changes = []
        for row in self.rows:
            key = self.row_key(row)
            cells = self.cells(row, now)
            for column in self.TIME_COLUMNS:
                before, text = self._times_shown.get((key, column), ""), str(cells[column])
                if text != before:
                    self._times_shown[key, column] = text
                    table.update_cell(key, column, cells[column])
                    changes.append((before, text))
        if changes:
            self.times_changed(changes)

    def update_title(self) -> None:
        self.query_one(f"#{self.ID}-title", Static).update("  |  ".join(self.title_parts()))

    def show_detail(self) -> None:
        """Below the list: the highlighted row, or that the list is empty; hidden if neither."""
        row = self.highlighted()
        if row is not None:
            text = self.describe(row)
        else:
            text = "" if self.rows else t(f"{self.TEXTS}.empty")
        detail = self.query_one(f"#{self.DETAIL_ID}", Static)
        detail.display = bool(text)
        detail.update(text)

    def on_data_table_row_highlighted(self, event: ListTable.RowHighlighted) -> None:
        self.show_detail()

    # --- actions ------------------------------------------------------------------------------

    def _row(self, key: str | None) -> RowT | None:
        return next((row for row in self.rows if self.row_key(row) == key), None)

    def highlighted(self) -> RowT | None:
        return self._row(self.query_one(ListTable).highlighted_key())

    def on_data_table_row_selected(self, event: ListTable.RowSelected) -> None:
        from agent_console.screens.ticket import TicketScreen

        row = self._row(event.row_key.value)
        if row is None:
            return
        if row.number is None:
            elsewhere = t(f"{self.TEXTS}.ticket_elsewhere", key=self.row_key(row))
            self.notify(elsewhere, severity="warning")
            return
        self.app.push_screen(TicketScreen(self.store, self.actor, row.number))

    @work(thread=True, exit_on_error=False, group="service-list-write")
    def write(self, change: Callable[[], object]) -> None:
        """Make a change in the store, then reload the list as it now stands."""
        change()
        self.app.call_from_thread(self.load)

    def action_reload(self) -> None:
        self.load()


class FilteredListScreen(ServiceListScreen[RowT]):
    """A service list with the `/` filter box: the rows with every word typed stay."""

    def __init__(self, store: "Store", actor: "Actor") -> None:
        super().__init__(store, actor)
        self.all_rows: list[RowT] = []  # as read, before the filter
        self.text = ""  # the filter

    def filter_fields(self, row: RowT) -> Sequence[str | None]:
        """What the filter's words are looked for in."""
        raise NotImplementedError

    def summary_parts(self) -> list[str]:
        """The title line's parts before the filter's."""
        raise NotImplementedError

    def title_parts(self) -> list[str]:
        filtered = [t("queue.filtered", text=self.text)] if self.text else []
        return [*self.summary_parts(), *filtered]

    def compose_filter(self) -> ComposeResult:
        placeholder = t(f"{self.TEXTS}.filter_placeholder")
        yield Input(id=f"{self.ID}-filter", classes="service-list-filter", placeholder=placeholder)

    def show(self, rows: list[RowT]) -> None:
        self.all_rows = rows
        super().show([row for row in rows if matches(self.text, *self.filter_fields(row))])

    def action_filter(self) -> None:
        box = self.query_one(f"#{self.ID}-filter", Input)
        box.display = True
        box.focus()

    def action_back(self) -> None:
        """Clear the filter first, then go back."""
        box = self.query_one(f"#{self.ID}-filter", Input)
        if box.display or self.text:
            box.value = ""
            box.display = False
            self.query_one(ListTable).focus()
        else:
            self.dismiss()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.text = event.value.strip()
        self.show(self.all_rows)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ListTable).focus()
