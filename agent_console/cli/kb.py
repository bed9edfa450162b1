"""`kb search QUERY`: the knowledge base, searched as the workstation searches it."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from agent_console.cli.context import CliContext, cli_context
from agent_console.cli.output import emit_json
from agent_console.errors import ArticleNotFound
from agent_console.i18n import t
from agent_console.numbering import parse_number

if TYPE_CHECKING:
    from agent_console.search import KnowledgeIndex


def _knowledge_index(context: CliContext) -> "KnowledgeIndex":
    """The article files and the drafts approved in the store."""
    from agent_console.store import article_drafts

    settings = context.settings
    return article_drafts.knowledge_index(
        context.store(), settings.kb_dir / "articles", settings.knowledge_index_cache
    )


def register(app: typer.Typer) -> None:
    kb_app = typer.Typer(help=t("cli.help.kb"), no_args_is_help=True)
    app.add_typer(kb_app, name="kb")

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
