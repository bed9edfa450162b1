"""`sla explain NUMBER`: every clock on a ticket, with its policy, calendar and arithmetic."""

from typing import Annotated

import typer

from agent_console.cli.context import cli_context
from agent_console.cli.output import emit_json, local_time
from agent_console.i18n import current_language, t
from agent_console.numbering import parse_number


def register(app: typer.Typer) -> None:
    sla_app = typer.Typer(help=t("cli.help.sla"), no_args_is_help=True)
    app.add_typer(sla_app, name="sla")

    @sla_app.command("explain", help=t("cli.help.sla_explain"))
    def explain(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        as_json: Annotated[bool, typer.Option("--json", help="JSON")] = False,
    ) -> None:
        from agent_console.store import queries

        context = cli_context(ctx)
        store = context.store()
        ticket_number = parse_number(number)
        with store.read() as session:
            detail = queries.ticket_detail(session, ticket_number, context.today())
        clocks = store.commitments.clocks(queries.sla_facts(detail), store.now())
        if as_json:
            emit_json([
                {"kind": c.rule.kind, "policy": c.rule.id, "calendar": c.rule.calendar,
                 "state": c.state.value, "target_minutes": c.rule.minutes,
                 "elapsed_minutes": round(c.elapsed_minutes, 1),
                 "paused_minutes": round(c.paused_minutes, 1), "started": c.started,
                 "stopped": c.stopped, "due": c.due, "warning": c.warning}
                for c in clocks
            ])  # fmt: skip
            return
        print(f"{ticket_number}  {detail.row.subject}")
        language = current_language()
        for clock in clocks:
            print(t(
                "cli.sla_clock", name=clock.rule.name.get(language, clock.rule.id),
                state=t(f"clock_state.{clock.state.value}"), policy=clock.rule.id,
                calendar=clock.rule.calendar, due=local_time(clock.due),
                elapsed=round(clock.elapsed_minutes), target=clock.rule.minutes,
                paused=round(clock.paused_minutes),
            ) + (f"  {t('cli.sla_warning')}" if clock.warning else ""))  # fmt: skip

    @sla_app.command("sweep", help=t("cli.help.sla_sweep"))
    def sweep(ctx: typer.Context) -> None:
        from agent_console.store import actions

        numbers = actions.record_breaches(cli_context(ctx).store())
        print(t("cli.sla_swept", count=len(numbers), numbers=", ".join(numbers) or "-"))
