"""`serve` runs the central server; `server add-agent|revoke` manage its accounts."""

from datetime import UTC, datetime
from typing import Annotated

import typer

from agent_console.cli.output import choice_help
from agent_console.i18n import t
from agent_console.vocab import Role


def _default_db() -> str:
    from platformdirs import user_data_path

    from agent_console.config import APP_NAME

    folder = user_data_path(APP_NAME)
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "server.db")


DbOption = Annotated[str | None, typer.Option("--db", help=t("cli.help.server_db"))]


def _open(url: str | None):
    from agent_console.server.db import open_server_db

    return open_server_db(url or _default_db())


def register(app: typer.Typer) -> None:
    @app.command("serve", help=t("cli.help.serve"))
    def serve(
        db: DbOption = None,
        host: Annotated[str, typer.Option("--host", help=t("cli.help.host"))] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help=t("cli.help.port"))] = 8765,
    ) -> None:
        import uvicorn

        from agent_console.server.app import create_app

        database = _open(db)
        print(t("cli.serving", url=f"http://{host}:{port}"), flush=True)
        # A page on a slow link arrives long after the server wrote it; the default 5 s
        # keep-alive would close the connection just as the next request is sent.
        uvicorn.run(
            create_app(database), host=host, port=port, log_level="warning",
            timeout_keep_alive=120,
        )  # fmt: skip

    server_app = typer.Typer(help=t("cli.help.server"), no_args_is_help=True)
    app.add_typer(server_app, name="server")

    @server_app.command("add-agent", help=t("cli.help.add_agent"))
    def add_agent(
        name: Annotated[str, typer.Argument(help=t("field.agent"))],
        role: Annotated[Role, typer.Option("--role", help=choice_help("role", Role))],
        team: Annotated[str, typer.Option("--team", help=t("field.team"))],
        db: DbOption = None,
    ) -> None:
        from agent_console.contacts import require_text
        from agent_console.server import accounts

        database = _open(db)
        try:
            token = accounts.add_member(
                database, require_text(name, "agent"), role, require_text(team, "team"),
                datetime.now(UTC),
            )  # fmt: skip
        finally:
            database.close()
        print(t("cli.agent_added", name=name.strip(), role=role.value, team=team.strip()))
        print(token)

    @server_app.command("revoke", help=t("cli.help.revoke"))
    def revoke(
        name: Annotated[str, typer.Argument(help=t("field.agent"))],
        db: DbOption = None,
    ) -> None:
        from agent_console.server import accounts

        database = _open(db)
        try:
            accounts.revoke(database, name.strip(), datetime.now(UTC))
        finally:
            database.close()
        print(t("cli.agent_revoked", name=name.strip()))
