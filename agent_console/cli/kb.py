"""`kb search QUERY`: the knowledge base, searched as the workstation searches it."""

import sys
from typing import Annotated

import typer

from agent_console.cli.context import cli_context
from agent_console.cli.output import emit_json
from agent_console.i18n import t


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

        index = KnowledgeIndex.from_directory(cli_context(ctx).settings.kb_dir / "articles")
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
