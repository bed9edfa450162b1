"""The knowledge base from the command line.

`kb search QUERY` searches it as the workstation does; `kb link TICKET ARTICLE` links an article
to a ticket. Articles drafted from resolution records (issue #5): `kb draft TICKET` drafts the
ticket's resolution record as an article that waits for review; `kb drafts` lists the drafts;
`kb draft-show ARTICLE` prints a draft's article file and `kb edit ARTICLE FILE` gives an edited
one back; `kb approve ARTICLE` and `kb reject ARTICLE --reason TEXT` are a supervisor's or an
admin's review. Once approved, a draft is an article that `kb search` finds and `kb link` links.
"""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from agent_console.cli.context import CliContext, cli_context
from agent_console.cli.output import emit_json, shown
from agent_console.cli.service import JsonFlag, TicketArg, act, look, print_table
from agent_console.errors import ArticleNotFound, UserError
from agent_console.i18n import label, t
from agent_console.numbering import parse_number

if TYPE_CHECKING:
    from agent_console.search import KnowledgeIndex
    from agent_console.store.article_drafts import DraftRow
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.store.schema import ArticleDraft

ArticleArg = Annotated[str, typer.Argument(help=t("cli_kb_drafts.help.article"))]


class FileUnreadable(UserError):
    key = "cli_kb_drafts.file_unreadable"  # params: file, detail


def _knowledge_index(context: CliContext) -> "KnowledgeIndex":
    """The article files and the drafts approved in the store."""
    from agent_console.store import article_drafts

    settings = context.settings
    return article_drafts.knowledge_index(
        context.store(), settings.kb_dir / "articles", settings.knowledge_index_cache
    )


def _read_file(name: str) -> str:
    """The file's text (UTF-8), or standard input's for "-"."""
    try:
        return sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise FileUnreadable(file=name, detail=t("cli_kb_drafts.not_utf8")) from None
    except OSError as error:
        raise FileUnreadable(file=name, detail=error.strerror or type(error).__name__) from None


# --- drafts: what they print ------------------------------------------------------------------


def _draft_json(row: "DraftRow") -> dict[str, Any]:
    return {
        "article": row.article_id, "status": row.status, "ticket": row.number,
        "title": row.title, "author": row.author, "created_at": row.created_at,
        "reviewed_by": row.reviewed_by, "review_note": row.review_note,
    }  # fmt: skip


def _print_drafts(rows: "list[DraftRow]") -> None:
    if not rows:
        print(t("cli_kb_drafts.no_drafts"))
        return
    columns = ("article", "status", "ticket", "author", "reviewer", "title", "note")
    print_table([t(f"cli_kb_drafts.column.{name}") for name in columns], [
        [row.article_id, label(row.status), shown(row.number), row.author,
         row.reviewed_by or "", row.title, row.review_note or ""]
        for row in rows
    ])  # fmt: skip


def _print_text(row: "DraftRow") -> None:
    """The article file as it is, so that `> FILE` saves it for `kb edit`."""
    sys.stdout.write(row.text)


def _print_drafted(row: "DraftRow") -> None:
    print(t("cli_kb_drafts.drafted", article=row.article_id, number=shown(row.number),
            title=row.title))  # fmt: skip
    print(t("cli_kb_drafts.waits", article=row.article_id))


def _line(key: str) -> "Callable[[DraftRow], None]":
    """A `show` printing the line `key` about the draft."""
    return lambda row: print(
        t(key, article=row.article_id, title=row.title, note=row.review_note or "")
    )


def _as_row(
    action: "Callable[[Store, Actor], ArticleDraft]",
) -> "Callable[[Store, Actor], DraftRow]":
    """The store action, then the draft it left behind as the list shows it."""

    def run(store: "Store", actor: "Actor") -> "DraftRow":
        from agent_console.store import article_drafts

        draft = action(store, actor)
        with store.read() as session:
            return article_drafts.draft_row(session, draft.article_id)

    return run


# --- commands ---------------------------------------------------------------------------------


def register(app: typer.Typer) -> None:
    kb_app = typer.Typer(help=t("cli.help.kb"), no_args_is_help=True)
    app.add_typer(kb_app, name="kb")
    _register_articles(kb_app)
    _register_drafts(kb_app)
    _register_reviews(kb_app)


def _register_articles(kb_app: typer.Typer) -> None:
    @kb_app.command("search", help=t("cli.help.kb_search"))
    def search(
        ctx: typer.Context,
        words: Annotated[list[str], typer.Argument(help=t("cli.help.kb_query"))],
        limit: Annotated[int, typer.Option(min=1, help=t("cli.help.kb_limit"))] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="JSON")] = False,
    ) -> None:
        index = _knowledge_index(cli_context(ctx))
        for problem in index.problems:
            print(t("cli.kb_problem", problem=str(problem)), file=sys.stderr)
        query = " ".join(words)
        hits = index.search(query, limit)
        if as_json:
            emit_json([
                {"id": hit.id, "score": round(hit.score, 2), "field": hit.field,
                 "title": hit.title, "lang": hit.lang}
                for hit in hits
            ])  # fmt: skip
            return
        for hit in hits:
            print(f"{hit.id}  {hit.title}  ({t(f'kb.field.{hit.field}')})")
        if not hits:
            print(t("cli.kb_no_match", query=query))

    @kb_app.command("link", help=t("cli.help.kb_link"))
    def link(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        article_id: Annotated[str, typer.Argument(help=t("cli.help.kb_article"))],
    ) -> None:
        from agent_console.store import actions

        context = cli_context(ctx)
        article = _knowledge_index(context).article(article_id.strip())
        if article is None:
            raise ArticleNotFound(article=article_id)
        ticket_number = parse_number(number)
        actions.link_article(context.store(), context.actor(), ticket_number, article.id,
                             article.title)  # fmt: skip
        print(t("cli.kb_linked", article=article.id, number=ticket_number))


def _register_drafts(kb_app: typer.Typer) -> None:
    @kb_app.command("draft", help=t("cli_kb_drafts.help.draft"))
    def draft(ctx: typer.Context, number: TicketArg, as_json: JsonFlag = False) -> None:
        from agent_console.store import article_drafts

        ticket = parse_number(number)
        drafted = _as_row(
            lambda store, actor: article_drafts.draft_from_resolution(store, actor, ticket)
        )
        act(ctx, drafted, as_json, _print_drafted, _draft_json)

    @kb_app.command("drafts", help=t("cli_kb_drafts.help.drafts"))
    def drafts(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        from agent_console.store import article_drafts

        look(ctx, lambda session, _: article_drafts.drafts(session), as_json, _print_drafts,
             lambda rows: [_draft_json(row) for row in rows])  # fmt: skip

    @kb_app.command("draft-show", help=t("cli_kb_drafts.help.draft_show"))
    def draft_show(ctx: typer.Context, article: ArticleArg, as_json: JsonFlag = False) -> None:
        from agent_console.store import article_drafts

        look(ctx, lambda session, _: article_drafts.draft_row(session, article), as_json,
             _print_text,
             lambda row: {**_draft_json(row), "text": row.text})  # fmt: skip

    @kb_app.command("edit", help=t("cli_kb_drafts.help.edit"))
    def edit(
        ctx: typer.Context,
        article: ArticleArg,
        file: Annotated[str, typer.Argument(help=t("cli_kb_drafts.help.file"))],
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import article_drafts

        text = _read_file(file)  # before the store opens
        edited = _as_row(lambda store, actor: article_drafts.edit(store, actor, article, text))
        act(ctx, edited, as_json, _line("cli_kb_drafts.edited"), _draft_json)


def _register_reviews(kb_app: typer.Typer) -> None:
    @kb_app.command("approve", help=t("cli_kb_drafts.help.approve"))
    def approve(ctx: typer.Context, article: ArticleArg, as_json: JsonFlag = False) -> None:
        from agent_console.store import article_drafts

        approved = _as_row(lambda store, actor: article_drafts.approve(store, actor, article))
        act(ctx, approved, as_json, _line("cli_kb_drafts.approved"), _draft_json)

    @kb_app.command("reject", help=t("cli_kb_drafts.help.reject"))
    def reject(
        ctx: typer.Context,
        article: ArticleArg,
        reason: Annotated[str, typer.Option("--reason", help=t("cli_kb_drafts.help.reason"))],
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import article_drafts

        rejected = _as_row(
            lambda store, actor: article_drafts.reject(store, actor, article, reason)
        )
        act(ctx, rejected, as_json, _line("cli_kb_drafts.rejected"), _draft_json)
