"""The queue's table: one page of tickets; moving past either end asks for the next page."""

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

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageRequested(forward=True))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.PageRequested(forward=False))
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageRequested(forward=True))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.PageRequested(forward=False))
        else:
            super().action_page_up()
