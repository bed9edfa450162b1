"""`login` links the store to a server; `sync` exchanges changes with it once."""

from typing import Annotated

import typer

from agent_console.cli.context import cli_context
from agent_console.cli.output import emit_json
from agent_console.i18n import t


def register(app: typer.Typer) -> None:
    @app.command("login", help=t("cli.help.login"))
    def login(
        ctx: typer.Context,
        server: Annotated[str, typer.Option("--server", help=t("cli.help.server_url"))],
        token: Annotated[str, typer.Option("--token", help=t("cli.help.token"))],
    ) -> None:
        from agent_console.store import sync as local
        from agent_console.sync import client

        store = cli_context(ctx).store()
        url = server.strip().rstrip("/")
        member = client.who_am_i(url, token.strip())
        local.save_link(store, url, token.strip(), member)
        print(t("cli.logged_in", server=url, name=member))
        _print_report(client.sync(store))

    @app.command("sync", help=t("cli.help.sync"))
    def sync(
        ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json", help="JSON")] = False,
    ) -> None:
        from agent_console.sync import client

        report = client.sync(cli_context(ctx).store())
        if as_json:
            emit_json(report)
        else:
            _print_report(report)


def _print_report(report) -> None:
    print(t("cli.synced", up=report.pushed, down=report.pulled, pending=report.pending))
    if report.conflicts:
        print(t("cli.sync_conflicts", count=report.conflicts))
    if report.refused:
        print(t("cli.sync_refused", count=len(report.refused),
                ids=", ".join(map(str, report.refused))))  # fmt: skip
