"""From resolution to article in the workstation (issue #5), by keys alone: `d` on a resolved
ticket drafts its resolution record as an article; `a` on the queue lists the drafts, where a
supervisor approves (`a`) or rejects (`x`) one and anyone edits (`e`) a waiting one; once
approved, the knowledge base finds it."""

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, OptionList, TextArea

from agent_console.i18n import set_language
from agent_console.screens.article_drafts import ArticleDraftScreen
from agent_console.screens.article_editor import ArticleEditorScreen
from agent_console.screens.knowledge import KnowledgeScreen
from agent_console.screens.queue import QueueScreen
from agent_console.screens.ticket import TicketScreen
from agent_console.store.engine import open_store
from agent_console.store.identity import resolve_actor
from tests.conftest import FixedClock
from tests.test_tui_service import notices, open_ticket, rows, text_of
from tests.tui_harness import (
    CLOCK_START,
    ServiceWork,
    add_service_work,
    make_app,
    make_app_as,
    option_ids,
    pick,
    settle,
    supervisor,
)

NEW_TITLE = "Fan noise from dust"


@pytest.fixture
def work(demo_db: Path) -> ServiceWork:
    return add_service_work(demo_db)


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def drafts_of(db: Path, number: str) -> list[tuple]:
    """(article id, status, title, reviewed by, note) of the ticket's drafts."""
    return query(
        db, "SELECT a.article_id, a.status, a.title, a.reviewed_by, a.review_note "
        "FROM article_draft a JOIN ticket t ON t.id = a.ticket_id WHERE t.number = ? "
        "ORDER BY a.created_at", number,
    )  # fmt: skip


def draft_text(db: Path, article: str) -> str:
    return query(db, "SELECT text FROM article_draft WHERE article_id = ?", article)[0][0]


def draft_articles(db: Path, *numbers: str, approved: tuple[int, ...] = ()) -> list[str]:
    """Drafts of the tickets' resolutions, made through the store by the store's acting agent
    before CLOCK_START; those at the `approved` indexes approved by a supervisor."""
    from agent_console.store import article_drafts

    store = open_store(db, clock=FixedClock(CLOCK_START - timedelta(minutes=20)))
    try:
        author = resolve_actor(store, None)
        reviewer = resolve_actor(store, supervisor(db))
        made = [
            article_drafts.draft_from_resolution(store, author, number).article_id
            for number in numbers
        ]
        for index in approved:
            article_drafts.approve(store, reviewer, made[index])
    finally:
        store.close()
    return made


async def open_drafts(pilot) -> ArticleDraftScreen:
    """From the queue: `a`."""
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ArticleDraftScreen)
    return screen


def preview(app) -> str:
    return str(app.screen.query_one("#draft-preview", Markdown).source)


# --- d on the ticket ---------------------------------------------------------------------------


async def test_d_drafts_the_resolution_record_once(demo_db: Path, work: ServiceWork) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ticket(pilot, work.resolved, view="6")  # resolved: "recently closed"
        await pilot.press("d")
        await settle(pilot)
        [(article, status, title, _, _)] = drafts_of(demo_db, work.resolved)
        assert (status, title) == ("draft", "风扇噪音大"), "titled by the ticket's subject"
        assert notices(app)[-1] == (
            f"Article draft {article} made from the resolution of {work.resolved}: "
            "it waits for a supervisor's review."
        )
        entries = "\n".join(app.screen.query_one("#ticket-timeline").entries)
        assert f"[Article draft] resolution drafted as article {article}: 风扇噪音大" in entries

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert notices(app)[-1] == (
            f"ticket {work.resolved} already has article draft {article} (Waiting for review)"
        )
    assert len(drafts_of(demo_db, work.resolved)) == 1, "one draft a ticket"


async def test_d_on_a_ticket_without_a_resolution_record_is_one_line(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, "T-000399")  # in progress
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert "T-000399 has no resolution record" in notices(app)[-1]
    assert drafts_of(demo_db, "T-000399") == []


# --- the review list and the editor ------------------------------------------------------------


async def test_the_list_shows_the_draft_and_its_article(demo_db: Path, work: ServiceWork) -> None:
    waiting, approved = draft_articles(demo_db, work.resolved, work.closed_today, approved=(1,))
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drafts(pilot)
        shown = rows(app)
        assert [row[:4] for row in shown] == [
            [waiting, "Waiting", work.resolved, "陈丽华"],
            [approved, "Approved", work.closed_today, "陈丽华"],
        ], "waiting first"
        assert "2 drafts  |  1 waiting for review" in text_of(app, "#draft-title")
        assert "# 风扇噪音大" in preview(app) and "清洁风扇" in preview(app)
        assert "id:" not in preview(app), "the article as it reads, without the front matter"
        await pilot.press("down")
        await pilot.pause()
        assert "# 键盘按键失灵" in preview(app)
        assert f"Approved by {supervisor(demo_db)}" in text_of(app, "#draft-detail")

        await pilot.press("slash", *work.resolved)  # the filter, by ticket number
        await pilot.pause()
        assert [row[0] for row in rows(app)] == [waiting]
        await pilot.press("enter", "enter")  # leave the box, then open the draft's ticket
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen) and app.screen.number == work.resolved
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape", "escape")  # the filter cleared, then back
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)


async def test_editing_a_draft_saves_a_new_title_and_refuses_a_broken_one(
    demo_db: Path, work: ServiceWork
) -> None:
    [article] = draft_articles(demo_db, work.resolved)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_drafts(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ArticleEditorScreen)
        editor = app.screen.query_one(TextArea)
        assert editor.text == draft_text(demo_db, article), "the whole article file"
        assert editor.soft_wrap and editor.has_focus

        # Line 3 is the title: selected from its end to its start, then typed over.
        await pilot.press("down", "down", "end", "shift+home", *f"title: {NEW_TITLE}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ArticleDraftScreen), "saved: back to the list"
        assert drafts_of(demo_db, work.resolved)[0][2] == NEW_TITLE
        assert notices(app)[-1] == f"Article draft {article} saved: {NEW_TITLE}"
        assert rows(app)[0][-1] == NEW_TITLE and f"# {NEW_TITLE}" in preview(app)

        saved = draft_text(demo_db, article)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("down", "down", "end", *": dust")  # "title: a: b" is not YAML
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ArticleEditorScreen), "the editor stays open"
        assert notices(app)[-1].startswith(f"article draft {article}, line 3: bad YAML")
        editor = app.screen.query_one(TextArea)
        assert f"title: {NEW_TITLE}: dust" in editor.text, "the text as typed"
        assert editor.cursor_location[0] == 2, "the cursor on the line named"
        assert draft_text(demo_db, article) == saved

        await pilot.press("escape")  # changed: asks first
        await pilot.pause()
        assert option_ids(app) == ["keep", "discard"]
        await pilot.press("escape")  # no answer: still editing
        await pilot.pause()
        assert isinstance(app.screen, ArticleEditorScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pick(pilot, "discard")
        await settle(pilot)
        assert isinstance(app.screen, ArticleDraftScreen)
        await pilot.press("e")  # unchanged: Esc leaves at once
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ArticleDraftScreen)
    assert draft_text(demo_db, article) == saved
    assert drafts_of(demo_db, work.resolved)[0][:3] == (article, "draft", NEW_TITLE)


# --- review --------------------------------------------------------------------------------------


async def kb_hits(pilot, text: str) -> list[str]:
    """From the queue: the knowledge base searched for `text`, its hits' ids; then back."""
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, KnowledgeScreen)
    await pilot.press(*text)
    await settle(pilot)
    results = pilot.app.screen.query_one("#kb-results", OptionList)
    found = [str(results.get_option_at_index(i).id) for i in range(results.option_count)]
    await pilot.press("escape")
    await settle(pilot)
    return found


async def test_a_supervisor_approves_and_the_knowledge_base_finds_it(
    demo_db: Path, work: ServiceWork
) -> None:
    [article] = draft_articles(demo_db, work.resolved)
    reviewer = supervisor(demo_db)
    app = make_app_as(demo_db, reviewer)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert article not in await kb_hits(pilot, "风扇噪音大"), "not before it is approved"
        await open_drafts(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert drafts_of(demo_db, work.resolved) == [(article, "approved", "风扇噪音大",
                                                      reviewer, None)]  # fmt: skip
        assert notices(app)[-1] == (
            f"Article {article} approved: everyone's search finds it now (风扇噪音大)."
        )
        assert rows(app)[0][1] == "Approved"
        await pilot.press("a")  # reviewed: said at once, nothing changes
        await settle(pilot)
        assert notices(app)[-1] == (
            f"article draft {article} is Approved: only a draft waiting for review changes"
        )
        await pilot.press("escape")
        await settle(pilot)
        assert (await kb_hits(pilot, "风扇噪音大"))[0] == article, "found first, by its title"


async def test_a_supervisor_rejects_saying_why(demo_db: Path, work: ServiceWork) -> None:
    [article] = draft_articles(demo_db, work.resolved)
    app = make_app_as(demo_db, supervisor(demo_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drafts(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.query_one(Input).has_focus
        await pilot.press(*"Same as kb article", "enter")
        await settle(pilot)
        assert drafts_of(demo_db, work.resolved)[0][1:] == (
            "rejected",
            "风扇噪音大",
            supervisor(demo_db),
            "Same as kb article",
        )
        assert notices(app)[-1] == f"Article draft {article} rejected: Same as kb article"
        assert "Rejected by" in text_of(app, "#draft-detail")
        assert "Same as kb article" in text_of(app, "#draft-detail")
        await pilot.press("e")  # only a waiting draft is edited
        await settle(pilot)
        assert isinstance(app.screen, ArticleDraftScreen)
        assert f"article draft {article} is Rejected" in notices(app)[-1]


async def test_an_agent_may_not_approve_or_reject(demo_db: Path, work: ServiceWork) -> None:
    [article] = draft_articles(demo_db, work.resolved)
    app = make_app(demo_db)  # the demo's acting agent: customer service, no reviewer
    refusal = f"{app.actor.name} is not a supervisor or an admin: only they approve or reject"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drafts(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert refusal in notices(app)[-1]
        await pilot.press("x", *"no", "enter")
        await settle(pilot)
        assert refusal in notices(app)[-1] and len(notices(app)) == 2
        assert isinstance(app.screen, ArticleDraftScreen)
        assert rows(app)[0][1] == "Waiting"
    assert drafts_of(demo_db, work.resolved) == [(article, "draft", "风扇噪音大", None, None)]


async def test_the_drafts_are_a_palette_entry_away_in_both_languages(
    demo_db: Path, work: ServiceWork
) -> None:
    draft_articles(demo_db, work.resolved)
    set_language("zh")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, work.resolved, view="6")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"生成文章草稿", "文章草稿"} <= set(titles)
        await pilot.press("question_mark")
        await pilot.pause()
        assert ("d", "生成文章草稿") in app.screen.keys
        await pilot.press("escape")
        await pilot.pause()
        await app.run_action("app.article_drafts")
        await settle(pilot)
        assert isinstance(app.screen, ArticleDraftScreen)
        assert rows(app)[0][1] == "待审核"
        assert "共 1 篇草稿  |  待审核 1 篇" in text_of(app, "#draft-title")
