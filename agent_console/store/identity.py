"""Who is at the keyboard, so every change records its author."""

import getpass
import uuid
from dataclasses import dataclass

from sqlmodel import Session

from agent_console.store import meta, queries


@dataclass(frozen=True)
class Actor:
    """An agent of the store, or a named operator without a record (a fresh store)."""

    name: str
    agent_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None


def resolve_actor(session: Session, requested: str | None) -> Actor:
    """The agent named by settings, else the store's default agent, else the OS user."""
    name = requested or meta.get(session, meta.CURRENT_AGENT)
    if name:
        agent = queries.find_agent(session, name)
        return Actor(name=agent.name, agent_id=agent.id, team_id=agent.team_id)
    return Actor(name=getpass.getuser())
