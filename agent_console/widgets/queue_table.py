"""The queue's table: one page of tickets; moving past either end asks for the next page."""

from collections.abc import Callable

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from agent_console.widgets.translated import TranslatedBindings


class QueueTable(TranslatedBindings, DataTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "key.open", id="queue.open"),
        Binding("down,j", "cursor_down", "key.down", show=False, id="queue.down"),
        Binding("up,k", "cursor_up", "key.up", show=False, id="queue.up"),
        Binding("pagedown", "page_down", "key.page_down", show=False, id="queue.page_down"),
        Binding("pageup", "page_up", "key.page_up", show=False, id="queue.page_up"),
    ]

    class PageRequested(Message):
        """The cursor wants to leave the loaded page: forward (True) or back (False)."""

        def __init__(self, forward: bool) -> None:
            super().__init__()
            self.forward = forward

    def _move_or_turn_page(self, forward: bool, move: Callable[[], None]) -> None:
        at_edge = self.cursor_row >= self.row_count - 1 if forward else self.cursor_row <= 0
        if at_edge:
            self.post_message(self.PageRequested(forward=forward))
        else:
            move()

    def action_cursor_down(self) -> None:
        self._move_or_turn_page(True, super().action_cursor_down)

    def action_cursor_up(self) -> None:
        self._move_or_turn_page(False, super().action_cursor_up)

    def action_page_down(self) -> None:
        self._move_or_turn_page(True, super().action_page_down)

    def action_page_up(self) -> None:
        self._move_or_turn_page(False, super().action_page_up)
