"""The Textual application: opens on the queue; every action has a key and a palette entry."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from agent_console.screens.help import HelpScreen
from agent_console.screens.queue import QueueScreen
from agent_console.widgets.translated import TranslatedBindings

if TYPE_CHECKING:
    from agent_console.config import Settings
    from agent_console.search import KnowledgeIndex
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.triage import TriageRules


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

    def on_mount(self) -> None:
        self.set_keymap(self.settings.keymap)
        self.push_screen(QueueScreen(self.store, self.actor))

    def action_intake(self) -> None:
        from agent_console.screens.intake import IntakeScreen
        from agent_console.triage import TriageRules

        if self.triage_rules is None:
            self.triage_rules = TriageRules.load(self.settings.kb_dir / "triage" / "rules.toml")
        self.push_screen(IntakeScreen(self.store, self.actor, self.triage_rules))

    def knowledge_index(self) -> "KnowledgeIndex":
        """The knowledge base, read on first use; call it from a worker thread."""
        if self.loaded_knowledge is None:
            from agent_console.search import KnowledgeIndex

            self.loaded_knowledge = KnowledgeIndex.from_directory(
                self.settings.kb_dir / "articles", cache=self.settings.knowledge_index_cache
            )
        return self.loaded_knowledge

    def action_knowledge(self) -> None:
        from agent_console.screens.knowledge import KnowledgeScreen

        self.push_screen(KnowledgeScreen(self.store, self.actor, None))

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
        for shown, description, action, node in self._screen_keys(screen):
            yield SystemCommand(
                description, shown, lambda action=action, node=node: self._run(action, node)
            )

    def _run(self, action: str, node: object) -> None:
        self.call_later(self.run_action, action, node)


def run_tui(store: "Store", settings: "Settings") -> None:
    from agent_console.store.identity import resolve_actor

    with store.read() as session:
        actor = resolve_actor(session, settings.agent)
    AgentConsoleApp(store, settings, actor).run()
