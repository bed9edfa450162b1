"""The Textual application: opens on the queue; every action has a key and a palette entry."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from agent_console.i18n import t
from agent_console.screens.help import HelpScreen
from agent_console.screens.queue import QueueScreen
from agent_console.widgets.translated import TranslatedBindings

if TYPE_CHECKING:
    from agent_console.config import Settings
    from agent_console.search import KnowledgeIndex
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.triage import TriageRules


SYNC_EVERY_S = 60  # like the queue's clocks: an idle session wakes once a minute
SERVICE_LISTS = (  # (app action, key description) of the lists the queue opens
    ("follow_ups", "key.follow_up_queue"),
    ("complaints", "key.complaint_board"),
    ("day", "key.engineer_day"),
    ("article_drafts", "key.article_drafts"),
    ("dashboard", "key.dashboard"),
)


class AgentConsoleApp(TranslatedBindings, App[None]):
    TITLE = "agent-console"
    BINDINGS = [
        Binding("q", "quit", "key.quit", id="app.quit"),
        Binding("question_mark", "help", "key.help", id="app.help"),
        Binding("colon", "command_palette", "key.palette", id="app.palette", show=False),
    ]

    def __init__(self, store: "Store", settings: "Settings", actor: "Actor") -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.actor = actor
        self.triage_rules: TriageRules | None = None
        self.loaded_knowledge: KnowledgeIndex | None = None
        self.knowledge_stamp: object = None  # the approved drafts the loaded index holds
        self.sync_state: str | None = None  # synced, syncing or offline; None: no server set
        self.sync_status: str | None = None  # the state as the queue shows it
        self._started = False

    def on_mount(self) -> None:
        self.set_keymap(self.settings.keymap)
        self.push_screen(QueueScreen(self.store, self.actor))

    def on_queue_screen_page_shown(self) -> None:
        """With the first page on screen, load what the first paint did without: the ORM
        (every other screen reads through it) and the sync client."""
        if not self._started:
            self._started = True
            self.load_the_orm()
            self.sync_in_background()

    @work(thread=True, exit_on_error=False)
    def load_the_orm(self) -> None:
        import agent_console.store.queries  # noqa: F401  (imported for its import time)

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def sync_in_background(self) -> None:
        """Exchange changes with the server, if one is set; offline is a state, not an error."""
        from agent_console.errors import UserError
        from agent_console.store import sync as local
        from agent_console.sync import client

        if local.link(self.store) is None:
            return
        if self.sync_state is None:  # the first run: keep syncing from now on
            self.call_from_thread(self.set_interval, SYNC_EVERY_S, self.sync_in_background)
        waiting = local.pending_count(self.store)
        if waiting or self.sync_state != "synced":
            self.call_from_thread(self._show_sync_status, "syncing", waiting)
        try:
            report = client.sync(self.store)
        except UserError:
            self.call_from_thread(
                self._show_sync_status, "offline", local.pending_count(self.store)
            )
            return
        self.call_from_thread(self._show_sync_status, "synced", report.pending)
        if report.pulled:
            self.call_from_thread(self._changes_arrived)

    def _show_sync_status(self, state: str, waiting: int) -> None:
        from agent_console.i18n import t

        status = t(f"sync.{state}") + (t("sync.waiting", count=waiting) if waiting else "")
        self.sync_state = state
        if status != self.sync_status:  # an idle link redraws nothing
            self.sync_status = status
            for screen in self.screen_stack:
                if isinstance(screen, QueueScreen):
                    screen.show_sync_status()

    def _changes_arrived(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.action_reload()

    def action_intake(self) -> None:
        from agent_console.screens.intake import IntakeScreen
        from agent_console.triage import TriageRules

        if self.triage_rules is None:
            self.triage_rules = TriageRules.load(self.settings.kb_dir / "triage" / "rules.toml")
        self.push_screen(IntakeScreen(self.store, self.actor, self.triage_rules))

    def knowledge_index(self) -> "KnowledgeIndex":
        """The knowledge base, read on first use and again once another draft is approved
        (here or by sync); call it from a worker thread."""
        from agent_console.store import article_drafts

        with self.store.read() as session:
            stamp = article_drafts.approved_stamp(session)
        if self.loaded_knowledge is None or stamp != self.knowledge_stamp:
            self.loaded_knowledge = article_drafts.knowledge_index(
                self.store, self.settings.kb_dir / "articles", self.settings.knowledge_index_cache
            )
            self.knowledge_stamp = stamp
        return self.loaded_knowledge

    def action_knowledge(self) -> None:
        from agent_console.screens.knowledge import KnowledgeScreen

        self.push_screen(KnowledgeScreen(self.store, self.actor, None))

    def action_follow_ups(self) -> None:
        from agent_console.screens.followups import FollowUpScreen

        self.push_screen(FollowUpScreen(self.store, self.actor))

    def action_complaints(self) -> None:
        from agent_console.screens.complaints import ComplaintScreen

        self.push_screen(ComplaintScreen(self.store, self.actor))

    def action_article_drafts(self) -> None:
        from agent_console.screens.article_drafts import ArticleDraftScreen

        self.push_screen(ArticleDraftScreen(self.store, self.actor))

    def action_dashboard(self) -> None:
        from agent_console.screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen(self.store, self.actor))

    def action_day(self) -> None:
        from agent_console.screens.day import DayScreen

        self.push_screen(DayScreen(self.store, self.actor))

    def _screen_keys(self, screen: Screen) -> list[tuple[str, str, str, object]]:
        """(key shown, description, action, namespace) of every binding of ours in reach.

        Ours all have ids (the keymap needs them); Textual's built-in widget keys have none.
        """
        keys = []
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.id and binding.description:
                shown = self.get_key_display(binding) or key
                keys.append((shown, binding.description, binding.action, active.node))
        return keys

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keys = [(shown, description) for shown, description, _, _ in self._screen_keys(self.screen)]
        self.push_screen(HelpScreen(keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        keys = self._screen_keys(screen)
        for shown, description, action, node in keys:
            yield SystemCommand(
                description, shown, lambda action=action, node=node: self._run(action, node)
            )
        # The service lists are a palette entry away from every screen, not only the queue.
        in_reach = {action for _, _, action, _ in keys}
        for action, description in SERVICE_LISTS:
            if f"app.{action}" not in in_reach:
                yield SystemCommand(t(description), t(description),
                                    lambda action=action: self._run(action, self))  # fmt: skip

    def _run(self, action: str, node: object) -> None:
        self.call_later(self.run_action, action, node)


def run_tui(store: "Store", settings: "Settings") -> None:
    from agent_console.store.identity import resolve_actor

    actor = resolve_actor(store, settings.agent)
    AgentConsoleApp(store, settings, actor).run()
