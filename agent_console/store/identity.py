"""Who is at the keyboard, so every change records its author."""

import getpass
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agent_console.errors import AgentNotFound
from agent_console.store.meta_keys import CURRENT_AGENT
from agent_console.store.plain import meta_value, uuid_of

if TYPE_CHECKING:
    from agent_console.store.engine import Store


@dataclass(frozen=True)
class Actor:
    """An agent of the store, or a named operator without a record (a fresh store)."""

    name: str
    agent_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None


def resolve_actor(store: "Store", requested: str | None) -> Actor:
    """The agent named by settings, else the store's default agent, else the OS user.

    Read with plain SQL: the workstation knows whose queue to show before the ORM loads."""
    with store.reader() as db:
        name = requested or meta_value(db, CURRENT_AGENT)
        if not name:
            return Actor(name=getpass.getuser())
        found = db.execute(
            "SELECT id, name, team_id FROM agent WHERE name = ?", (name.strip(),)
        ).fetchone()
    if found is None:
        raise AgentNotFound(agent=name)
    agent_id, agent_name, team_id = found
    return Actor(agent_name, uuid_of(agent_id), uuid_of(team_id) if team_id else None)
