"""Article drafts: the articles drafted from resolution records (`d` on a ticket), those
waiting for review first, the reviewed ones after them.

The highlighted draft's article is shown below the list as it will read. A supervisor or an
admin approves it with `a` (everyone's search finds it from then on) or rejects it with `x`,
saying why; the store refuses anyone else, in one line. `e` edits a waiting draft's article
file (front matter and Markdown); Enter opens the ticket it was drafted from; `/` filters.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from agent_console.errors import DraftReviewed
from agent_console.i18n import label, t
from agent_console.screens.service_list import FilteredListScreen
from agent_console.screens.ticket import short_time
from agent_console.vocab import DraftStatus
from agent_console.widgets.prompts import TextPrompt

if TYPE_CHECKING:
    from collections.abc import Callable

    from agent_console.store.article_drafts import DraftRow
    from agent_console.store.engine import Session

STATUS_STYLES = {DraftStatus.DRAFT: "bold yellow", DraftStatus.APPROVED: "green",
                 DraftStatus.REJECTED: "dim"}  # fmt: skip


def preview_text(row: "DraftRow") -> str:
    """The draft as its article reads: title, tags and the Markdown body; the text as it is
    stored if it does not read as an article (a newer client's, say)."""
    from agent_console.article_drafts import read_draft
    from agent_console.kb import ArticleInvalid

    try:
        article = read_draft(row.article_id, row.text)
    except ArticleInvalid:
        return row.text
    tags = "  ".join([*article.tags, *article.products, *article.fault_codes])
    return f"# {article.title}\n\n" + (f"*{tags}*\n\n" if tags else "") + article.body


class ArticleDraftScreen(FilteredListScreen["DraftRow"]):
    CSS_PATH = ["service_list.tcss", "article_drafts.tcss"]
    BINDINGS = [
        Binding("escape", "back", "key.back", id="article_drafts.back"),
        Binding("a", "approve", "key.approve_draft", id="article_drafts.approve"),
        Binding("x", "reject", "key.reject_draft", id="article_drafts.reject"),
        Binding("e", "edit", "key.edit_draft", id="article_drafts.edit"),
        Binding("slash", "filter", "key.filter", id="article_drafts.filter"),
        Binding("r", "reload", "key.refresh", id="article_drafts.refresh", show=False),
    ]
    ID = "draft"
    DETAIL_ID = "draft-detail"
    TEXTS = "draft_review"
    COLUMNS = (
        ("article", 17), ("status", 8), ("number", 8), ("author", 6), ("created", 11),
        ("title", 0),
    )  # fmt: skip
    WIDE_ONLY = frozenset({"created"})
    WIDE = 100

    _previewed: str | None = None  # the Markdown the preview shows

    def read_rows(self, session: "Session") -> "list[DraftRow]":
        from agent_console.store import article_drafts

        return article_drafts.drafts(session)

    def row_key(self, row: "DraftRow") -> str:
        return row.article_id

    def filter_fields(self, row: "DraftRow") -> tuple[str | None, ...]:
        return row.article_id, row.number, row.author, row.title, label(row.status)

    def cells(self, row: "DraftRow", now: datetime) -> dict[str, str | Text]:
        return {
            "article": row.article_id,
            "status": Text(t(f"draft_review.status.{row.status.value}"),
                           style=STATUS_STYLES[row.status]),
            "number": row.number or "-",
            "author": row.author,
            "created": short_time(row.created_at),
            "title": row.title,
        }  # fmt: skip

    def summary_parts(self) -> list[str]:
        waiting = sum(1 for row in self.all_rows if row.status is DraftStatus.DRAFT)
        return [
            t("draft_review.count", count=len(self.all_rows)),
            t("draft_review.waiting", count=waiting),
        ]

    def describe(self, row: "DraftRow") -> str:
        """Who drafted it from which ticket, and who reviewed it with what note."""
        lines = [
            f"{row.article_id}  {label(row.status)}  {row.number or '-'}  "
            + t("draft_review.drafted_by", author=row.author, at=short_time(row.created_at))
        ]
        if row.reviewed_by:
            reviewed = t("draft_review.reviewed_by", status=label(row.status),
                         reviewer=row.reviewed_by)  # fmt: skip
            note = f": {row.review_note}" if row.review_note else ""
            lines.append(reviewed + note)
        return "\n".join(lines)

    # --- the preview below the list -----------------------------------------------------------

    def compose_detail(self) -> ComposeResult:
        yield Static(id=self.DETAIL_ID, markup=False)
        with VerticalScroll(id="draft-preview-scroll"):
            yield Markdown(id="draft-preview")

    def show_detail(self) -> None:
        super().show_detail()
        row = self.highlighted()
        scroll = self.query_one("#draft-preview-scroll", VerticalScroll)
        scroll.display = row is not None
        text = preview_text(row) if row is not None else ""
        if text != self._previewed:
            self._previewed = text
            self.query_one("#draft-preview", Markdown).update(text)
            scroll.scroll_home(animate=False)

    # --- actions ------------------------------------------------------------------------------

    def waiting(self) -> "DraftRow | None":
        """The highlighted draft if it still waits for review; else said in one line."""
        row = self.highlighted()
        if row is not None and row.status is not DraftStatus.DRAFT:
            refusal = DraftReviewed(article=row.article_id, status=label(row.status))
            self.notify(refusal.message(), severity="error")
            return None
        return row

    def review(self, change: "Callable[[], object]", done: str) -> None:
        """The store's verdict in the write worker (a refusal is one line), then `done`."""

        def reviewed() -> None:
            change()
            self.app.call_from_thread(self.notify, done)

        self.write(reviewed)

    def action_approve(self) -> None:
        from agent_console.store import article_drafts

        row = self.waiting()
        if row is None:
            return
        article = row.article_id
        self.review(
            lambda: article_drafts.approve(self.store, self.actor, article),
            t("draft_review.approved", article=article, title=row.title),
        )

    def action_reject(self) -> None:
        from agent_console.store import article_drafts

        row = self.waiting()
        if row is None:
            return
        article = row.article_id

        def reject(reason: str | None) -> None:
            if reason:
                self.review(
                    lambda: article_drafts.reject(self.store, self.actor, article, reason),
                    t("draft_review.rejected", article=article, note=reason),
                )

        prompt = TextPrompt(t("draft_review.reject_reason", article=article, title=row.title))
        self.app.push_screen(prompt, reject)

    def action_edit(self) -> None:
        from agent_console.screens.article_editor import ArticleEditorScreen

        row = self.waiting()
        if row is not None:  # the list reloads on coming back
            self.app.push_screen(ArticleEditorScreen(self.store, self.actor, row))
