"""From resolution to article (issue #5): the engineer drafts an article from a ticket's
resolution record with one action; it waits for a supervisor; once approved, search finds it
like any article file, and nothing else about it changes any more."""

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from agent_console import article_drafts
from agent_console.errors import (
    DraftExists,
    DraftNotFound,
    DraftReviewed,
    DraftTextInvalid,
    InvalidValue,
    NoResolutionRecord,
    ReviewerRequired,
)
from agent_console.kb import parse_article
from agent_console.store import actions, closure
from agent_console.store import article_drafts as drafts
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import Agent, ArticleDraft, Device
from agent_console.vocab import Category, Channel, DraftStatus, EventKind, ProductLine, Role

KB = Path(__file__).parent.parent / "kb" / "articles"
ENGINEER = Actor(name="王芳")


def _member(store: Store, name: str, role: Role) -> Actor:
    with store.write() as session:
        agent = Agent(name=name, role=role)
        session.add(agent)
        session.flush()
        return Actor(name=name, agent_id=agent.id)


@pytest.fixture
def supervisor(store: Store) -> Actor:
    return _member(store, "陈静", Role.SUPERVISOR)


def _resolved_ticket(
    store: Store, *, subject: str, cause: str, solution: str, serial: str = "PF1X0001", **record
) -> str:
    customer = actions.create_customer(store, ENGINEER, name="李娜", phone="138 0013 8000")
    device: Device = actions.register_device(
        store, ENGINEER, customer_id=customer.id, serial=serial,
        model="ThinkPad X1 Carbon Gen 11", product_line=ProductLine.LAPTOP,
    )  # fmt: skip
    ticket = actions.create_ticket(
        store, ENGINEER, customer=customer, device=device, subject=subject,
        channel=Channel.PHONE, category=Category.HARDWARE, description="客户电话：138 0013 8000",
    )  # fmt: skip
    closure.resolve(store, ENGINEER, ticket.number, cause=cause, solution=solution, **record)
    return ticket.number


@pytest.fixture
def fan_ticket(store: Store) -> str:
    return _resolved_ticket(
        store,
        subject="风扇异响，开机报错 FAN0001",
        cause="风扇轴承积灰磨损",
        solution="更换风扇并清理散热模组",
        tools="十字螺丝刀、导热硅脂",
        prevention="每半年清理一次出风口",
    )


def _counts(store: Store) -> tuple[int, int, int]:
    with store.read() as session:
        return tuple(
            session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("article_draft", "ticket_event", "outbox")
        )


# --- the draft's text --------------------------------------------------------------------------


def test_a_chinese_record_drafts_a_chinese_article_with_its_sections(
    store: Store, fan_ticket: str
) -> None:
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    article = parse_article(Path("x.md"), draft.text)
    assert article.id == draft.article_id and draft.article_id.startswith("case-")
    assert (article.title, article.lang) == ("风扇异响，开机报错 FAN0001", "zh")
    assert article.products == ("ThinkPad X1 Carbon Gen 11",)
    assert article.fault_codes == ("FAN0001",)
    assert "硬件故障" in article.tags
    body = article.body
    for heading, content in (
        ("## 故障原因", "风扇轴承积灰磨损"),
        ("## 解决方法", "更换风扇并清理散热模组"),
        ("## 所需工具", "十字螺丝刀、导热硅脂"),
        ("## 预防措施", "每半年清理一次出风口"),
    ):
        assert body.index(heading) < body.index(content)
    assert fan_ticket in body
    # Every store receives every draft: the customer's own words and number stay out of it.
    assert "138 0013 8000" not in draft.text


def test_an_english_record_drafts_in_english_and_leaves_out_empty_sections(
    store: Store,
) -> None:
    number = _resolved_ticket(
        store, subject="Blue screen 0x0000007B after BIOS update", cause="AHCI mode was reset",
        solution="Set SATA mode back to AHCI in the BIOS",
    )  # fmt: skip
    draft = drafts.draft_from_resolution(store, ENGINEER, number)
    article = parse_article(Path("x.md"), draft.text)
    assert article.lang == "en" and article.fault_codes == ("0x0000007B",)
    assert "## Cause" in article.body and "## Fix" in article.body
    assert "## Tools" not in article.body and "## Prevention" not in article.body


def test_drafting_records_the_draft_on_the_timeline_in_one_transaction(
    store: Store, fan_ticket: str
) -> None:
    before = _counts(store)
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    assert _counts(store) == (before[0] + 1, before[1] + 1, before[2] + 3)
    with store.read() as session:
        events = actions.queries.ticket_detail(session, fan_ticket, store.now().date()).events
    drafted = [event for event in events if event.kind is EventKind.ARTICLE_DRAFT]
    assert [(e.new_value, e.text) for e in drafted] == [(draft.article_id, draft.title)]


# --- refusals change nothing ------------------------------------------------------------------


def test_a_ticket_without_a_resolution_record_is_refused(store: Store) -> None:
    customer = actions.create_customer(store, ENGINEER, name="李娜", phone="138 0013 8000")
    ticket = actions.create_ticket(
        store, ENGINEER, customer=customer, subject="蓝屏", channel=Channel.PHONE,
        category=Category.HARDWARE,
    )  # fmt: skip
    before = _counts(store)
    with pytest.raises(NoResolutionRecord) as refused:
        drafts.draft_from_resolution(store, ENGINEER, ticket.number)
    assert ticket.number in refused.value.message()
    assert _counts(store) == before


def test_a_ticket_has_one_standing_draft_and_may_be_drafted_again_once_rejected(
    store: Store, fan_ticket: str, supervisor: Actor
) -> None:
    first = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    before = _counts(store)
    with pytest.raises(DraftExists) as refused:
        drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    assert first.article_id in refused.value.message()
    assert _counts(store) == before
    drafts.reject(store, supervisor, first.article_id, "原因写得太笼统")
    second = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    assert second.article_id != first.article_id


def test_only_a_supervisor_or_admin_reviews(store: Store, fan_ticket: str) -> None:
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    engineer = _member(store, "张伟", Role.ENGINEER)
    before = _counts(store)
    for actor in (ENGINEER, engineer):  # no agent record, and an engineer's
        with pytest.raises(ReviewerRequired):
            drafts.approve(store, actor, draft.article_id)
        with pytest.raises(ReviewerRequired):
            drafts.reject(store, actor, draft.article_id, "不行")
    assert _counts(store) == before
    admin = _member(store, "赵敏", Role.ADMIN)
    assert drafts.approve(store, admin, draft.article_id).status is DraftStatus.APPROVED


def test_a_reviewed_draft_no_longer_changes(
    store: Store, fan_ticket: str, supervisor: Actor
) -> None:
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    approved = drafts.approve(store, supervisor, draft.article_id)
    assert (approved.reviewed_by, approved.reviewed_at) == ("陈静", store.clock.current)
    before = _counts(store)
    with pytest.raises(DraftReviewed):
        drafts.edit(store, ENGINEER, draft.article_id, draft.text.replace("风扇", "电扇"))
    with pytest.raises(DraftReviewed):
        drafts.reject(store, supervisor, draft.article_id, "改主意了")
    with pytest.raises(DraftNotFound):
        drafts.approve(store, supervisor, "case-000000000000")
    assert _counts(store) == before


def test_a_rejection_needs_a_reason(store: Store, fan_ticket: str, supervisor: Actor) -> None:
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    with pytest.raises(InvalidValue):
        drafts.reject(store, supervisor, draft.article_id, "  ")
    rejected = drafts.reject(store, supervisor, draft.article_id, "缺少预防措施")
    assert (rejected.status, rejected.review_note) == (DraftStatus.REJECTED, "缺少预防措施")


# --- editing ----------------------------------------------------------------------------------


def test_an_edit_replaces_text_and_title(store: Store, fan_ticket: str) -> None:
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    edited = draft.text.replace("title: 风扇异响，开机报错 FAN0001", "title: 风扇异响的处理")
    saved = drafts.edit(store, ENGINEER, draft.article_id, edited)
    assert (saved.title, saved.text) == ("风扇异响的处理", edited)


@pytest.mark.parametrize(
    ("change", "line", "detail"),
    [
        (lambda text: text.replace("title:", "titel:"), 1, "missing title"),
        (lambda text: text.replace("id: case-", "id: other-"), 2, "the id must stay"),
        (lambda text: text.replace("lang: zh", "lang: [zh"), 5, "bad YAML"),
    ],
)
def test_a_bad_edit_names_the_line_and_changes_nothing(
    store: Store, fan_ticket: str, change, line: int, detail: str
) -> None:
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    before = _counts(store)
    with pytest.raises(DraftTextInvalid) as refused:
        drafts.edit(store, ENGINEER, draft.article_id, change(draft.text))
    assert refused.value.params["line"] == line
    assert detail in refused.value.message() and draft.article_id in refused.value.message()
    assert _counts(store) == before
    with store.read() as session:
        kept = session.exec(select(ArticleDraft.text)).one()
    assert kept == draft.text


# --- search -----------------------------------------------------------------------------------


def test_only_approved_drafts_are_searched(
    store: Store, fan_ticket: str, supervisor: Actor, tmp_path: Path
) -> None:
    cache = tmp_path / "knowledge.index"
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    waiting = drafts.knowledge_index(store, KB, cache)
    assert waiting.article(draft.article_id) is None
    assert draft.article_id not in [hit.id for hit in waiting.search("FAN0001 风扇")]
    drafts.approve(store, supervisor, draft.article_id)
    approved = drafts.knowledge_index(store, KB, cache)  # the cache must not hide it
    assert approved.search("FAN0001 风扇")[0].id == draft.article_id
    assert approved.search("fengshan yixiang")[0].id == draft.article_id
    assert len(approved.articles) == len(waiting.articles) + 1


def test_a_draft_id_taken_by_an_article_file_is_reported_and_the_file_kept(
    store: Store, fan_ticket: str, supervisor: Actor, tmp_path: Path
) -> None:
    draft = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    drafts.approve(store, supervisor, draft.article_id)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "clash.md").write_text(
        f"---\nid: {draft.article_id}\ntitle: 已有文章\n---\n正文\n", encoding="utf-8"
    )
    index = drafts.knowledge_index(store, folder, None)
    assert index.article(draft.article_id).title == "已有文章"
    (problem,) = index.problems
    assert problem.path == article_drafts.DRAFTS_FOLDER / f"{draft.article_id}.md"
    assert "duplicate id" in problem.reason


def test_the_review_list_puts_waiting_drafts_first(
    store: Store, fan_ticket: str, supervisor: Actor
) -> None:
    first = drafts.draft_from_resolution(store, ENGINEER, fan_ticket)
    drafts.approve(store, supervisor, first.article_id)
    number = _resolved_ticket(
        store, subject="Wi-Fi drops", cause="old driver", solution="update", serial="PF1X0002"
    )
    second = drafts.draft_from_resolution(store, ENGINEER, number)
    with store.read() as session:
        rows = drafts.drafts(session)
    assert [(row.article_id, row.status, row.number) for row in rows] == [
        (second.article_id, DraftStatus.DRAFT, number),
        (first.article_id, DraftStatus.APPROVED, fan_ticket),
    ]
