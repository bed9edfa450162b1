"""The Textual application. Issue #3 grows it into the full workstation."""

from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from agent_console.i18n import t
from agent_console.screens.home import HomeScreen

if TYPE_CHECKING:
    from agent_console.config import Settings
    from agent_console.store.engine import Store


class AgentConsoleApp(App[None]):
    TITLE = "agent-console"
    BINDINGS = [Binding("q", "quit", t("key.quit"), id="app.quit")]

    def __init__(self, store: "Store", settings: "Settings") -> None:
        super().__init__()
        self.store = store
        self.settings = settings

    def on_mount(self) -> None:
        self.set_keymap(self.settings.keymap)
        self.push_screen(HomeScreen(self.store))


def run_tui(store: "Store", settings: "Settings") -> None:
    AgentConsoleApp(store, settings).run()
