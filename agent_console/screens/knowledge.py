"""Knowledge base: search as you type, read the article, link it to the ticket with Enter.

Opened from a ticket, the query starts from the ticket (subject, fault codes, model) and the
screen also lists resolved tickets on the same model, so engineers see what fixed it before.
The index loads once per session, in the background; each keystroke searches off the UI
thread and a newer keystroke drops the older search.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from agent_console.i18n import t
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from agent_console.search import Hit, KnowledgeIndex
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.store.queries import SimilarTicket


@dataclass(frozen=True)
class TicketContext:
    """The ticket the knowledge base was opened from."""

    number: str
    query: str
    codes: tuple[str, ...]


class KnowledgeScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "knowledge.tcss"
    AUTO_FOCUS = "#kb-query"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="kb.back"),
        Binding("down", "move(1)", "key.down", show=False, id="kb.down"),
        Binding("up", "move(-1)", "key.up", show=False, id="kb.up"),
        Binding("enter", "choose", "key.choose_article", id="kb.link", priority=True),
    ]

    def __init__(self, store: "Store", actor: "Actor", ticket: TicketContext | None) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.ticket = ticket
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.ticket.query if self.ticket else "",
            id="kb-query",
            placeholder=t("kb.placeholder"),
        )
        with Horizontal():
            with Vertical(id="kb-left"):
                yield OptionList(id="kb-results")
                if self.ticket is not None:
                    yield Static(t("kb.similar_loading"), id="kb-similar", markup=False)
            with VerticalScroll(id="kb-preview-scroll"):
                yield Markdown(id="kb-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("kb.title")
        self.sub_title = self.ticket.number if self.ticket else ""
        self.load_index()
        if self.ticket is not None:
            self.load_similar(self.ticket)

    # --- the index and the search -------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="kb-index")
    def load_index(self) -> None:
        index = self.app.knowledge_index()  # type: ignore[attr-defined]
        for problem in index.problems:
            self.app.call_from_thread(
                self.notify, t("cli.kb_problem", problem=str(problem)), severity="warning"
            )
        self.app.call_from_thread(self.search, self.query_one("#kb-query", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exit_on_error=False, exclusive=True, group="kb-search")
    def search(self, text: str) -> None:
        index: KnowledgeIndex | None = self.app.loaded_knowledge  # type: ignore[attr-defined]
        if index is None:
            return  # the index is still loading; it searches the query when it is ready
        hits = index.search(text, limit=20)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_hits, hits)

    def show_hits(self, hits: "list[Hit]") -> None:
        self.hits = hits
        results = self.query_one("#kb-results", OptionList)
        results.clear_options()
        results.add_options(
            Option(f"{hit.title}  [{t(f'kb.field.{hit.field}')}]", id=hit.id) for hit in hits
        )
        if hits:
            results.highlighted = 0
        else:
            self.query_one("#kb-preview", Markdown).update(t("kb.no_match"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = self.app.loaded_knowledge  # type: ignore[attr-defined]
        article = index.article(event.option.id) if index and event.option.id else None
        if article is not None:
            tags = "  ".join(article.tags + article.fault_codes)
            self.query_one("#kb-preview", Markdown).update(
                f"# {article.title}\n\n*{tags}*\n\n{article.body}"
            )
            self.query_one("#kb-preview-scroll").scroll_home(animate=False)

    def action_move(self, step: int) -> None:
        results = self.query_one("#kb-results", OptionList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    # --- linking ------------------------------------------------------------------------------

    def action_choose(self) -> None:
        results = self.query_one("#kb-results", OptionList)
        if results.highlighted is None or not self.hits:
            return
        hit = self.hits[results.highlighted]
        if self.ticket is None:
            self.query_one("#kb-preview-scroll").focus()
            return
        self.link(self.ticket.number, hit.id, hit.title)

    @work(thread=True, exit_on_error=False, group="kb-link")
    def link(self, number: str, article_id: str, title: str) -> None:
        from agent_console.store import actions

        actions.link_article(self.store, self.actor, number, article_id, title)
        self.app.call_from_thread(self.linked, number, title)

    def linked(self, number: str, title: str) -> None:
        self.notify(t("kb.linked", number=number, title=title))
        self.dismiss(None)

    # --- what fixed it before -----------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="kb-similar")
    def load_similar(self, ticket: TicketContext) -> None:
        from agent_console.store import queries

        with self.store.read() as session:
            detail = queries.ticket_detail(session, ticket.number, self.store.now().date())
            similar = queries.similar_resolved(session, detail, ticket.codes)
        self.app.call_from_thread(self.show_similar, similar)

    def show_similar(self, similar: "list[SimilarTicket]") -> None:
        lines = [t("kb.similar_title")]
        for past in similar:
            lines.append(f"{past.number} {past.subject}")
            lines.append(f"  {past.resolution or '-'}")
        if not similar:
            lines.append(t("kb.similar_none"))
        self.query_one("#kb-similar", Static).update("\n".join(lines))
