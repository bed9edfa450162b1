"""Building the workstation on a store with a frozen clock, and waiting for it to settle."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent_console.app import AgentConsoleApp
from agent_console.config import load_settings
from agent_console.store.engine import open_store
from agent_console.store.identity import resolve_actor
from tests.conftest import FixedClock

CLOCK_START = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the demo's --now


def make_app(db: Path, *, frozen: bool = False) -> AgentConsoleApp:
    step = timedelta(0) if frozen else timedelta(seconds=1)
    store = open_store(db, clock=FixedClock(CLOCK_START, step))
    with store.read() as session:
        actor = resolve_actor(session, None)
    return AgentConsoleApp(store, load_settings(db=db), actor)


async def settle(pilot) -> None:
    """Wait for database workers and the messages they post, never for wall time."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_first_ticket(pilot, view_key: str = "5") -> None:
    """From the queue: switch to a view and open its first ticket."""
    await settle(pilot)
    await pilot.press(view_key)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def option_ids(app) -> list[str]:
    """The ids of the choices offered by the prompt on top."""
    from textual.widgets import OptionList

    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]
