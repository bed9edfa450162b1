"""Editing an article draft that waits for review: its whole article file, the YAML front
matter between the '---' lines and the Markdown body, in a text area with line numbers.

ctrl+s saves in a worker and goes back to the list; a text that is not an article (a missing
title or closing '---', another id) is refused in one line naming the line, and the editor
stays open with the text as typed, its cursor on that line. Esc leaves: at once when nothing
changed since the last save, else after asking, keeping the edits unless discarding is chosen.
"""

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from agent_console.errors import DraftTextInvalid
from agent_console.i18n import t
from agent_console.widgets.prompts import ChoicePrompt
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from agent_console.store.article_drafts import DraftRow
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor


class ArticleEditorScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "article_editor.tcss"
    AUTO_FOCUS = "#draft-editor"
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save_draft", id="draft_editor.save"),
        Binding("escape", "leave", "key.back", id="draft_editor.back"),
    ]

    def __init__(self, store: "Store", actor: "Actor", draft: "DraftRow") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.article = draft.article_id
        self.draft_title = draft.title
        self.saved_text = draft.text  # as the store has it: Esc leaves at once while unchanged

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("draft_editor.hint", article=self.article), id="draft-editor-hint",
                     markup=False)  # fmt: skip
        # Soft wrap: a Chinese paragraph is one long line; line numbers: errors name the line.
        yield TextArea(self.saved_text, id="draft-editor", soft_wrap=True,
                       show_line_numbers=True)  # fmt: skip
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("draft_editor.title", article=self.article)
        self.sub_title = self.draft_title

    @property
    def typed(self) -> str:
        return self.query_one("#draft-editor", TextArea).text

    def action_save(self) -> None:
        self.save(self.typed)

    @work(thread=True, exit_on_error=False, exclusive=True, group="draft-editor-save")
    def save(self, text: str) -> None:
        from agent_console.store import article_drafts

        try:
            draft = article_drafts.edit(self.store, self.actor, self.article, text)
        except DraftTextInvalid as invalid:
            self.app.call_from_thread(self.refused, invalid)
            return
        self.app.call_from_thread(self.saved, text, draft.title)

    def refused(self, invalid: DraftTextInvalid) -> None:
        """Not an article: said in one line, and the cursor goes to the line named."""
        self.notify(invalid.message(), severity="error")
        editor = self.query_one("#draft-editor", TextArea)
        line = invalid.params.get("line")
        if isinstance(line, int) and line >= 1:
            editor.move_cursor((min(line, editor.document.line_count) - 1, 0), center=True)
        editor.focus()

    def saved(self, text: str, title: str) -> None:
        self.saved_text = text
        self.notify(t("draft_editor.saved", article=self.article, title=title))
        if self.typed == text:  # else typed on while it saved: stay, with the rest unsaved
            self.dismiss(None)

    def action_leave(self) -> None:
        if self.typed == self.saved_text:
            self.dismiss(None)
            return

        def answered(choice: str | None) -> None:
            if choice == "discard":
                self.dismiss(None)

        choices = [("keep", t("draft_editor.keep")), ("discard", t("draft_editor.discard"))]
        prompt = ChoicePrompt(t("draft_editor.unsaved", article=self.article), choices)
        self.app.push_screen(prompt, answered)
