"""`demo`: a realistic, deterministic store to try and to measure the console with."""

import sys
from datetime import datetime
from typing import Annotated

import typer

from agent_console.cli.context import cli_context
from agent_console.errors import InvalidValue, StoreExists
from agent_console.i18n import t

MAX_TICKETS = 5_000_000


def parse_now(text: str | None) -> datetime:
    if text is None:
        return datetime.now().astimezone().replace(second=0, microsecond=0)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(field="--now", value=text, reason="iso_datetime") from None
    return moment if moment.tzinfo else moment.astimezone()


def register(app: typer.Typer) -> None:
    @app.command("demo", help=t("cli.help.demo"))
    def demo(
        ctx: typer.Context,
        tickets: Annotated[int, typer.Option("--tickets", help=t("cli.help.demo_tickets"))] = 5000,
        seed: Annotated[int, typer.Option("--seed", help=t("cli.help.demo_seed"))] = 1,
        now: Annotated[str | None, typer.Option("--now", help=t("cli.help.demo_now"))] = None,
        force: Annotated[bool, typer.Option("--force", help=t("cli.help.demo_force"))] = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=t("cli.help.quiet"))] = False,
    ) -> None:
        from agent_console.demo.generate import DemoGenerator, DemoPlan
        from agent_console.store import queries
        from agent_console.store.bulk import write_demo

        if not 1 <= tickets <= MAX_TICKETS:
            raise InvalidValue(
                field="--tickets", value=str(tickets), reason="range", low=1, high=MAX_TICKETS
            )
        plan = DemoPlan(tickets=tickets, seed=seed, now=parse_now(now))
        context = cli_context(ctx)
        path = context.settings.store_path
        if path.exists() and not force:
            with context.store().read() as session:
                if queries.count_tickets(session) > 0:
                    raise StoreExists(path=str(path))
            context.close()

        def progress(done: int, total: int) -> None:
            if not quiet:
                print(
                    f"\r{t('cli.demo_progress', done=done, total=total)}", end="", file=sys.stderr
                )

        from agent_console.commitments import Commitments

        generator = DemoGenerator(plan, Commitments.load(context.settings.kb_dir))
        summary = write_demo(path, generator, progress)
        if not quiet:
            print(file=sys.stderr)
        print(t("cli.demo_done", **vars(summary)))
