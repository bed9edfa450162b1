"""Articles drafted from resolution records: drafted from a ticket with one key, edited while
they wait, approved or rejected by a supervisor or an admin. Every store receives every draft
(sync), and the approved ones join its knowledge base (`knowledge_index`)."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from agent_console import article_drafts
from agent_console.checklist import chosen_procedure
from agent_console.contacts import require_text
from agent_console.errors import (
    DraftExists,
    DraftNotFound,
    DraftReviewed,
    DraftTextInvalid,
    NoResolutionRecord,
    ReviewerRequired,
)
from agent_console.i18n import label
from agent_console.kb import Article, ArticleInvalid, ArticleProblem, Articles
from agent_console.store import queries
from agent_console.store.changes import (
    add_row,
    append_event,
    save_changes,
    ticket_by_number,
    touch_ticket,
)
from agent_console.store.engine import Store
from agent_console.store.identity import Actor
from agent_console.store.schema import ArticleDraft, Device, Resolution, Ticket
from agent_console.vocab import DraftStatus, EventKind

if TYPE_CHECKING:
    from agent_console.search import KnowledgeIndex


@dataclass(frozen=True)
class DraftRow:
    """A draft as the review list shows it."""

    article_id: str
    title: str
    status: DraftStatus
    author: str
    created_at: datetime
    number: str | None  # the ticket's; None when the ticket is outside this store's scope
    reviewed_by: str | None
    review_note: str | None
    text: str


def draft_from_resolution(store: Store, actor: Actor, number: str) -> ArticleDraft:
    """The ticket's resolution record in force, drafted as an article that waits for review.
    A ticket has one draft at a time; a rejected one may be drafted again."""
    now = store.now()
    with store.write() as session:
        ticket = ticket_by_number(session, number)
        record = session.exec(
            select(Resolution)
            .where(Resolution.ticket_id == ticket.id)
            .order_by(col(Resolution.at).desc(), col(Resolution.id).desc())
        ).first()
        if record is None:
            raise NoResolutionRecord(number=ticket.number)
        _refuse_second_draft(session, ticket)
        draft = ArticleDraft(
            ticket_id=ticket.id, article_id="", title=ticket.subject, text="", author=actor.name,
            created_at=now, updated_at=now,
        )  # fmt: skip
        draft.article_id = article_drafts.article_id(draft.id)
        draft.text = article_drafts.draft_text(draft.article_id, _case(session, ticket, record))
        add_row(session, draft, actor, now)
        append_event(
            session, ticket, actor, now, EventKind.ARTICLE_DRAFT, field="article_draft",
            new_value=draft.article_id, text=draft.title,
        )  # fmt: skip
        touch_ticket(store, session, ticket, actor, now)
        return draft


def _refuse_second_draft(session: Session, ticket: Ticket) -> None:
    standing = session.exec(
        select(ArticleDraft).where(
            ArticleDraft.ticket_id == ticket.id, ArticleDraft.status != DraftStatus.REJECTED
        )
    ).first()
    if standing is not None:
        raise DraftExists(
            number=ticket.number, article=standing.article_id, status=label(standing.status)
        )


def _case(session: Session, ticket: Ticket, record: Resolution) -> article_drafts.ResolvedCase:
    device = session.get(Device, ticket.device_id) if ticket.device_id else None
    procedure = chosen_procedure(queries.checklist_records(session, ticket.id))
    return article_drafts.ResolvedCase(
        number=ticket.number, subject=ticket.subject, category=ticket.category,
        model=device.model if device else None, procedure=procedure, cause=record.cause,
        solution=record.solution, tools=record.tools, prevention=record.prevention,
    )  # fmt: skip


def edit(store: Store, actor: Actor, article: str, text: str) -> ArticleDraft:
    """Replace a waiting draft's text; refused, naming the line, unless it is an article with
    the draft's own id."""
    now = store.now()
    with store.write() as session:
        draft = _waiting(session, article)
        try:
            parsed = article_drafts.read_draft(draft.article_id, text)
        except ArticleInvalid as invalid:
            raise DraftTextInvalid(
                article=draft.article_id, line=invalid.line, detail=invalid.reason
            ) from None
        if text != draft.text:
            changed = {"title": parsed.title, "text": text, "updated_at": now}
            save_changes(session, draft, changed, actor, now)
        return draft


def approve(store: Store, actor: Actor, article: str) -> ArticleDraft:
    """A supervisor's or admin's yes: the article becomes searchable in every store."""
    return _review(store, actor, article, DraftStatus.APPROVED, note=None)


def reject(store: Store, actor: Actor, article: str, reason: str) -> ArticleDraft:
    return _review(store, actor, article, DraftStatus.REJECTED, note=require_text(reason, "reason"))


def _review(
    store: Store, actor: Actor, article: str, status: DraftStatus, note: str | None
) -> ArticleDraft:
    now = store.now()
    with store.write() as session:
        if not queries.is_supervisor(session, actor):
            raise ReviewerRequired(name=actor.name)
        draft = _waiting(session, article)
        changed: dict[str, Any] = {
            "status": status, "reviewed_by": actor.name, "reviewed_at": now,
            "review_note": note, "updated_at": now,
        }  # fmt: skip
        save_changes(session, draft, changed, actor, now)
        return draft


def _waiting(session: Session, article: str) -> ArticleDraft:
    draft = _draft(session, article)
    if draft.status is not DraftStatus.DRAFT:
        raise DraftReviewed(article=draft.article_id, status=label(draft.status))
    return draft


def _draft(session: Session, article: str) -> ArticleDraft:
    wanted = article.strip()
    draft = session.exec(select(ArticleDraft).where(ArticleDraft.article_id == wanted)).first()
    if draft is None:
        raise DraftNotFound(article=wanted)
    return draft


# --- reads ------------------------------------------------------------------------------------


def drafts(session: Session) -> list[DraftRow]:
    """Every draft: those waiting for review first, oldest first; then the reviewed ones,
    newest first."""
    rows = session.exec(
        select(ArticleDraft, Ticket.number).outerjoin(Ticket, Ticket.id == ArticleDraft.ticket_id)
    ).all()
    waiting = sorted(
        (row for row in rows if row[0].status is DraftStatus.DRAFT), key=lambda r: r[0].created_at
    )
    reviewed = sorted(
        (row for row in rows if row[0].status is not DraftStatus.DRAFT),
        key=lambda r: r[0].reviewed_at or r[0].updated_at,
        reverse=True,
    )
    return [_row(draft, number) for draft, number in [*waiting, *reviewed]]


def _row(draft: ArticleDraft, number: str | None) -> DraftRow:
    return DraftRow(
        draft.article_id, draft.title, draft.status, draft.author, draft.created_at, number,
        draft.reviewed_by, draft.review_note, draft.text,
    )  # fmt: skip


def draft_row(session: Session, article: str) -> DraftRow:
    found = _draft(session, article)
    number = session.exec(select(Ticket.number).where(Ticket.id == found.ticket_id)).first()
    return _row(found, number)


def approved_articles(session: Session) -> Articles:
    """The approved drafts as articles; one whose text does not read (a newer client's, say)
    is a problem, as a bad article file is."""
    articles: list[Article] = []
    problems: list[ArticleProblem] = []
    query = select(ArticleDraft).where(ArticleDraft.status == DraftStatus.APPROVED)
    for row in session.exec(query.order_by(ArticleDraft.article_id)):
        try:
            articles.append(article_drafts.read_draft(row.article_id, row.text))
        except ArticleInvalid as invalid:
            path = article_drafts.DRAFTS_FOLDER / f"{row.article_id}.md"
            problems.append(ArticleProblem(path, invalid.line, invalid.reason))
    return Articles(articles, problems)


def approved_stamp(session: Session) -> tuple[int, datetime | None]:
    """Changes whenever a draft is approved here or arrives approved by sync."""
    count, newest = session.exec(
        select(func.count(), func.max(ArticleDraft.updated_at)).where(
            ArticleDraft.status == DraftStatus.APPROVED
        )
    ).one()
    return count, newest


def knowledge_index(store: Store, articles: Path, cache: Path | None) -> "KnowledgeIndex":
    """The knowledge base as this store sees it: the article files and the approved drafts."""
    from agent_console.search import KnowledgeIndex

    with store.read() as session:
        approved = approved_articles(session)
    return KnowledgeIndex.from_directory(articles, cache=cache, extra=approved)
