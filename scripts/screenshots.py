"""Regenerate the README screenshots (SVG, saved by the app itself) in Chinese and English.

.venv/bin/python scripts/screenshots.py        # or: make screenshots
"""

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from agent_console.app import AgentConsoleApp
from agent_console.cli import run
from agent_console.config import load_settings
from agent_console.i18n import set_language
from agent_console.store.engine import open_store
from agent_console.store.identity import resolve_actor

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
NOW = "2026-11-20T10:00:00+08:00"
SIZE = (120, 36)


async def shoot(db: Path, language: str) -> None:
    set_language(language)
    frozen = datetime.fromisoformat(NOW).astimezone(UTC)
    store = open_store(db, clock=lambda: frozen)
    with store.read() as session:
        actor = resolve_actor(session, None)
    app = AgentConsoleApp(store, load_settings(db=db), actor)
    async with app.run_test(size=SIZE) as pilot:

        async def settle() -> None:
            for _ in range(2):
                await app.workers.wait_for_complete()
                await pilot.pause()

        await settle()
        await pilot.press("5")
        await settle()
        app.save_screenshot(str(OUT / f"queue-{language}.svg"))
        await pilot.press("down", "down", "enter")
        await settle()
        app.save_screenshot(str(OUT / f"ticket-{language}.svg"))
    store.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "demo.db"
        if run(["--db", str(db), "demo", "--tickets", "20000", "--seed", "1", "--now", NOW,
                "-q"]) != 0:  # fmt: skip
            sys.exit("could not create the demo store")
        for language in ("zh", "en"):
            asyncio.run(shoot(db, language))
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
