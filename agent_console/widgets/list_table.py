"""A short list on one page (follow-up calls, complaints, an engineer's day).

Enter opens the highlighted row, j/k move; the columns fit the terminal the way the queue's do:
fixed widths, one flexible column taking what is left, some columns only on wide terminals.
"""

from collections.abc import Callable, Collection, Mapping, Sequence

from rich.cells import set_cell_size
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from agent_console.widgets.translated import TranslatedBindings

CELL_PADDING = 2  # DataTable pads each cell by one on both sides
SCROLLBAR = 2


def fit(text: str, width: int) -> str:
    """Crop to `width` cells without an ellipsis (CJK terminals draw it two cells wide)."""
    return set_cell_size(text, width).rstrip()


def fit_columns(
    columns: Sequence[tuple[str, int]],
    width: int,
    *,
    wide_only: Collection[str] = (),
    wide: int = 0,
    min_flexible: int = 10,
) -> list[tuple[str, int]]:
    """(key, width) of the columns shown at this terminal width; width 0 marks the flexible
    column, which gets the cells the others leave (at least `min_flexible`)."""
    shown = [(key, size) for key, size in columns if width >= wide or key not in wide_only]
    fixed = sum(size + CELL_PADDING for _, size in shown) + CELL_PADDING + SCROLLBAR
    flexible = max(min_flexible, width - fixed)
    return [(key, size or flexible) for key, size in shown]


class ListTable(TranslatedBindings, DataTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "key.open", id="list.open"),
        Binding("down,j", "cursor_down", "key.down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "key.up", show=False, id="list.up"),
        Binding("pagedown", "page_down", "key.page_down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "key.page_up", show=False, id="list.page_up"),
    ]

    def set_columns(
        self, columns: Sequence[tuple[str, int]], heading: Callable[[str], str]
    ) -> None:
        """Replace every column (and row) with these (key, width) ones, headed heading(key)."""
        self.clear(columns=True)
        for key, width in columns:
            self.add_column(fit(heading(key), width), width=width, key=key)

    def column_widths(self) -> list[tuple[str, int]]:
        """(key, width) of the columns shown, as set_columns was given them."""
        return [(str(column.key.value), column.width) for column in self.ordered_columns]

    def add_cells(self, cells: Mapping[str, str | Text], key: str) -> None:
        """A row from the cells of every column by key; only the columns shown are taken,
        text cropped to its column, rich Text as it is."""
        row = []
        for column in self.ordered_columns:
            cell = cells[str(column.key.value)]
            row.append(fit(cell, column.width) if isinstance(cell, str) else cell)
        self.add_row(*row, key=key)

    def highlighted_key(self) -> str | None:
        """The key of the row under the cursor, None on an empty table."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def move_to_key(self, key: str) -> None:
        try:
            self.move_cursor(row=self.get_row_index(key))
        except RowDoesNotExist:  # gone (filtered out, or done): the cursor stays
            return
