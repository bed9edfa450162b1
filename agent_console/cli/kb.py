"""`kb search QUERY`: the knowledge base, searched as the workstation searches it."""

import sys
from typing import Annotated

import typer

from agent_console.cli.context import cli_context
from agent_console.cli.output import emit_json
from agent_console.errors import ArticleNotFound
from agent_console.i18n import t
from agent_console.numbering import parse_number


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
        from agent_console.search import KnowledgeIndex

        settings = cli_context(ctx).settings
        index = KnowledgeIndex.from_directory(
            settings.kb_dir / "articles", cache=settings.knowledge_index_cache
        )
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
        from agent_console.kb import load_articles
        from agent_console.store import actions

        context = cli_context(ctx)
        loaded = load_articles(context.settings.kb_dir / "articles")
        article = next((a for a in loaded.articles if a.id == article_id.strip()), None)
        if article is None:
            raise ArticleNotFound(article=article_id)
        ticket_number = parse_number(number)
        actions.link_article(context.store(), context.actor(), ticket_number, article.id,
                             article.title)  # fmt: skip
        print(t("cli.kb_linked", article=article.id, number=ticket_number))
