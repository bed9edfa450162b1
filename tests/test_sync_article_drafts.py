"""Article drafts travel to every store (issue #5): an engineer's draft reaches the supervisor
who reviews it; once approved it reaches engineers of other teams, whose tickets it never came
from, and their search finds it. Only a supervisor's or admin's review is accepted."""

from pathlib import Path

from sqlmodel import select

from agent_console.store import actions, closure, queries
from agent_console.store import article_drafts as drafts
from agent_console.store.changes import save_changes
from agent_console.store.engine import Store
from agent_console.store.schema import ArticleDraft
from agent_console.sync import client
from agent_console.vocab import Category, Channel, DraftStatus, Role
from tests.sync_world import actor_of, linked_store, members_served

KB = Path(__file__).parent.parent / "kb" / "articles"
ENGINEER_AND_SUPERVISOR = (("ana", Role.ENGINEER, "L2"), ("sue", Role.SUPERVISOR, "L2"))


def _drafted(store: Store) -> tuple[str, str]:
    """A ticket of the engineer's team resolved and drafted; (ticket number, article id)."""
    actor = actor_of(store, "ana")
    with store.read() as session:
        team = queries.find_team(session, "L2")
    customer = actions.create_customer(store, actor, name="ACME", phone="13900000001")
    number = actions.create_ticket(
        store, actor, subject="Dock keeps dropping the external monitor", customer=customer,
        channel=Channel.PHONE, category=Category.HARDWARE, team=team,
    ).number  # fmt: skip
    closure.resolve(store, actor, number, cause="dock firmware 1.02 loses DisplayPort MST",
                    solution="flash dock firmware 1.05")  # fmt: skip
    return number, drafts.draft_from_resolution(store, actor, number).article_id


def _status(store: Store, article: str) -> tuple[DraftStatus, str | None]:
    with store.read() as session:
        row = drafts.draft_row(session, article)
    return row.status, row.number


def test_an_approved_draft_reaches_and_is_found_by_every_store(tmp_path: Path):
    members = (("ana", Role.ENGINEER, "L2"), ("cy", Role.ENGINEER, "L3"),
               ("sue", Role.SUPERVISOR, "L2"))  # fmt: skip
    with members_served(tmp_path, members) as (url, tokens):
        ana = linked_store(tmp_path, "ana", url, tokens["ana"])
        number, article = _drafted(ana)
        assert client.sync(ana).refused == []

        sue = linked_store(tmp_path, "sue", url, tokens["sue"])
        assert _status(sue, article) == (DraftStatus.DRAFT, number)
        drafts.approve(sue, actor_of(sue, "sue"), article)
        assert client.sync(sue).refused == []

        cy = linked_store(tmp_path, "cy", url, tokens["cy"])  # another team: not the ticket's scope
        assert _status(cy, article) == (DraftStatus.APPROVED, None)
        hits = drafts.knowledge_index(cy, KB, None).search("dock firmware monitor")
        assert hits[0].id == article
        client.sync(ana)
        assert _status(ana, article) == (DraftStatus.APPROVED, number)
        for store in (ana, sue, cy):
            store.close()


def test_an_edit_of_a_waiting_draft_reaches_the_reviewer(tmp_path: Path):
    with members_served(tmp_path, ENGINEER_AND_SUPERVISOR) as (url, tokens):
        ana = linked_store(tmp_path, "ana", url, tokens["ana"])
        _, article = _drafted(ana)
        with ana.read() as session:
            text = drafts.draft_row(session, article).text
        edited = text.replace("title: Dock keeps", "title: USB-C dock keeps")
        drafts.edit(ana, actor_of(ana, "ana"), article, edited)
        assert client.sync(ana).refused == []
        sue = linked_store(tmp_path, "sue", url, tokens["sue"])
        with sue.read() as session:
            row = drafts.draft_row(session, article)
        assert (row.title, row.text) == ("USB-C dock keeps dropping the external monitor", edited)
        ana.close()
        sue.close()


def test_an_engineers_own_approval_is_refused_by_the_server(tmp_path: Path):
    with members_served(tmp_path, ENGINEER_AND_SUPERVISOR) as (url, tokens):
        ana = linked_store(tmp_path, "ana", url, tokens["ana"])
        _, article = _drafted(ana)
        client.sync(ana)
        # An older or tampered client that approves its own draft (this store would refuse
        # it, so the change is written underneath the store's rules).
        with ana.write() as session:
            row = session.exec(select(ArticleDraft).where(ArticleDraft.article_id == article)).one()
            changed = {"status": DraftStatus.APPROVED, "reviewed_by": "ana"}
            save_changes(session, row, changed, actor_of(ana, "ana"), ana.now())
        assert len(client.sync(ana).refused) == 1
        sue = linked_store(tmp_path, "sue", url, tokens["sue"])
        assert _status(sue, article)[0] is DraftStatus.DRAFT
        assert drafts.knowledge_index(sue, KB, None).article(article) is None
        ana.close()
        sue.close()
