"""What every command shares: settings from flags, the store (opened on first use), the actor."""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from agent_console.config import Settings

if TYPE_CHECKING:
    import typer

    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor


@dataclass
class CliContext:
    settings: Settings
    _store: "Store | None" = field(default=None, repr=False)

    def store(self) -> "Store":
        if self._store is None:
            from agent_console.store.engine import open_store

            path = self.settings.store_path
            if self.settings.db is None:  # the default home is ours to make; a given path is not
                path.parent.mkdir(parents=True, exist_ok=True)
            from agent_console.commitments import Commitments

            kb = self.settings.kb_dir
            self._store = open_store(
                path, commitments=Commitments.load(kb), procedures_dir=kb / "sops"
            )
        return self._store

    def actor(self) -> "Actor":
        from agent_console.store.identity import resolve_actor

        return resolve_actor(self.store(), self.settings.agent)

    def today(self) -> date:
        return self.store().now().astimezone().date()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def cli_context(ctx: "typer.Context") -> CliContext:
    return ctx.find_root().obj
