"""`?`: every key of the screen underneath, with what it does."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from agent_console.i18n import t
from agent_console.widgets.translated import TranslatedBindings


class HelpScreen(TranslatedBindings, ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,question_mark,q", "app.pop_screen", "key.close", id="help.close"),
    ]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        """`keys` are (key as shown, description) pairs."""
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(t("help.title"), id="help-title")
            table = DataTable(id="help-keys", cursor_type="row", show_cursor=False)
            table.add_columns(t("help.key"), t("help.action"))
            for key, description in self.keys:
                table.add_row(key, description)
            yield table
