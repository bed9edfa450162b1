"""Start screen: which store is open and how many tickets it holds."""

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from agent_console.i18n import t

if TYPE_CHECKING:
    from agent_console.store.engine import Store


class HomeScreen(Screen[None]):
    DEFAULT_CSS = """
    HomeScreen { align: center middle; }
    #summary { width: auto; padding: 1 4; border: round $accent; }
    """

    def __init__(self, store: "Store") -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("home.loading"), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.load_summary()

    @work(thread=True, exclusive=True)
    def load_summary(self) -> None:
        from agent_console.store.queries import count_tickets

        with self.store.read() as session:
            tickets = count_tickets(session)
        text = t("home.summary", tickets=tickets, path=self.store.path)
        self.app.call_from_thread(self.query_one("#summary", Static).update, text)
