"""A ticket's timeline with the Line API: only the lines on screen are ever rendered.

Entries are wrapped to the widget's width (cheap arithmetic on cell widths); each visible
line becomes a Strip when Textual asks for it, so a ticket with hundreds of events opens
as fast as one with a few.
"""

from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agent_console.wrap import wrap_cells

CONTINUATION_INDENT = 2


class Timeline(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    Timeline {
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[str] = []
        self._lines: list[str] = []
        self._wrapped_at = -1

    def set_entries(self, entries: list[str]) -> None:
        """Show these entries, oldest first, scrolled so the newest is visible."""
        self.entries = entries
        self._wrapped_at = -1
        self._rewrap()
        self.scroll_end(animate=False)

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_at:
            return
        self._wrapped_at = width
        self._lines = [
            line for entry in self.entries for line in wrap_cells(entry, width, CONTINUATION_INDENT)
        ]
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self) -> None:
        self._rewrap()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(self.size.width, self.rich_style)
        strip = Strip([Segment(self._lines[index], self.rich_style)])
        return strip.extend_cell_length(self.size.width, self.rich_style)
