"""The Typer application; help texts are looked up in the user's language when it is built."""

from pathlib import Path
from typing import Annotated

import typer

from agent_console import __version__
from agent_console.cli.context import CliContext
from agent_console.i18n import set_language, t


def build_app() -> typer.Typer:
    app = typer.Typer(
        help=t("cli.help.app"),
        invoke_without_command=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        db: Annotated[Path | None, typer.Option("--db", help=t("cli.help.db"))] = None,
        lang: Annotated[str | None, typer.Option("--lang", help=t("cli.help.lang"))] = None,
        agent: Annotated[str | None, typer.Option("--as", help=t("cli.help.as"))] = None,
        version: Annotated[bool, typer.Option("--version", help=t("cli.help.version"))] = False,
    ) -> None:
        from agent_console.config import load_settings
        from agent_console.i18n import detect_language

        if version:
            print(f"agent-console {__version__}")
            raise typer.Exit
        settings = load_settings(db=db, lang=lang, agent=agent)
        set_language(settings.lang or detect_language())
        context = CliContext(settings)
        ctx.obj = context
        ctx.call_on_close(context.close)
        if ctx.invoked_subcommand is None:
            from agent_console.app import run_tui

            run_tui(context.store(), settings)

    from agent_console.cli import (
        closure,
        customers,
        demo,
        kb,
        parts,
        report,
        server,
        sla,
        sop,
        sync,
        tickets,
        visits,
    )

    customers.register(app)
    tickets.register(app)
    parts.register(app)
    visits.register(app)
    closure.register(app)
    sla.register(app)
    kb.register(app)
    sop.register(app)
    report.register(app)
    sync.register(app)
    server.register(app)
    demo.register(app)
    return app
