"""Snapshots of the main screens (queue, ticket, intake, knowledge base, checklist), the
service lists (follow-up calls, complaints, an engineer's day) and the article drafts at 80x24
and 120x40, in both languages.

Deterministic: the demo store has a fixed seed and reference time, the store's clock is
frozen, cursors do not blink, and every step waits on the workers instead of sleeping.
Update with `pytest tests/test_snapshots.py --snapshot-update` after a deliberate change.
"""

import random
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.widgets import Input, TextArea

from agent_console.i18n import set_language
from tests.test_tui_article_drafts import draft_articles
from tests.tui_harness import add_service_work, make_app, settle

SIZES = [(80, 24), (120, 40)]


def first_customer_phone(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        sql = "SELECT phone FROM customer ORDER BY id LIMIT 1"
        return connection.execute(sql).fetchone()[0]


async def no_blink(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea):
        widget.cursor_blink = False


def steps(screen: str, db: Path):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        if screen in ("ticket", "knowledge", "checklist"):
            await pilot.press("enter")
            await settle(pilot)
        if screen == "knowledge":
            await pilot.press("f")
            await settle(pilot)
            await settle(pilot)  # the preview renders after the results arrive
        if screen == "checklist":
            await pilot.press("l")  # the procedures offered
            await settle(pilot)
            await pilot.press("enter")  # the first one, from its first step
            await settle(pilot)
        if screen == "intake":
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*first_customer_phone(db))
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await no_blink(pilot)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("screen", ["queue", "ticket", "intake", "knowledge", "checklist"])
def test_main_screens(snap_compare, demo_db: Path, screen: str, language: str, size) -> None:
    set_language(language)
    app = make_app(demo_db, frozen=True)
    assert snap_compare(app, terminal_size=size, run_before=steps(screen, demo_db))


SERVICE_KEYS = {"follow_ups": "u", "complaints": "c", "day": "d"}  # from the queue


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("screen", list(SERVICE_KEYS))
def test_service_screens(snap_compare, demo_db: Path, screen: str, language: str, size) -> None:
    """The lists on the demo store plus the calls, complaints and visits add_service_work makes
    through the store (at fixed times before the frozen clock)."""
    add_service_work(demo_db)
    set_language(language)
    app = make_app(demo_db, frozen=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(SERVICE_KEYS[screen])
        await settle(pilot)
        await no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("language", ["zh", "en"])
def test_article_drafts_screen(
    snap_compare, demo_db: Path, language: str, size, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A waiting draft and an approved one, drafted through the store at fixed times before the
    frozen clock. An article id is the last 48 random bits of its draft's UUID: the randomness
    agent_console.ids draws from is seeded while the drafts are made."""
    work = add_service_work(demo_db)
    with monkeypatch.context() as patch:
        patch.setattr("agent_console.ids.os", SimpleNamespace(urandom=random.Random(5).randbytes))
        draft_articles(demo_db, work.resolved, work.closed_today, approved=(1,))
    set_language(language)
    app = make_app(demo_db, frozen=True)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await settle(pilot)  # the preview renders after the rows arrive
        await no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
