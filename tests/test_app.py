"""The workstation opens on a store and reports what it holds (issue #3 builds the screens)."""

from pathlib import Path

from textual.widgets import Static

from agent_console.app import AgentConsoleApp
from agent_console.config import load_settings
from agent_console.i18n import set_language
from agent_console.store.engine import open_store


async def test_the_app_shows_the_ticket_count_and_quits_on_q(demo_db: Path) -> None:
    store = open_store(demo_db)
    app = AgentConsoleApp(store, load_settings(db=demo_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "400 tickets" in summary
        await pilot.press("q")
    assert app.return_code == 0
    store.close()


async def test_the_app_speaks_chinese(demo_db: Path) -> None:
    set_language("zh")
    store = open_store(demo_db)
    app = AgentConsoleApp(store, load_settings(db=demo_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "共有 400 张工单" in str(app.screen.query_one("#summary", Static).render())
    store.close()
