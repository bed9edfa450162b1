"""`appointment book|reschedule|confirm|arrive|day` and `remote`: on-site visits, an engineer's
day, and remote-assistance sessions."""

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from agent_console.cli.context import cli_context
from agent_console.cli.customers import parse_day
from agent_console.cli.output import choice_help, jsonable, local_time
from agent_console.cli.service import JsonFlag, TicketArg, ViaOption, act, look, parse_via
from agent_console.errors import InvalidValue
from agent_console.i18n import label, t
from agent_console.numbering import parse_number
from agent_console.vocab import AppointmentStatus, ConfirmedVia, parse_choice

if TYPE_CHECKING:
    from agent_console.store.visits import AppointmentView

AtOption = Annotated[str, typer.Option("--at", help=t("cli_service.help.at"))]
EngineerOption = Annotated[
    str | None, typer.Option("--engineer", help=t("cli_service.help.engineer"))
]


def parse_at(text: str) -> datetime:
    """ "YYYY-MM-DD HH:MM" (or any ISO 8601 time); without a zone, the user's local time."""
    from agent_console.cli.demo import parse_now

    try:
        return parse_now(text)
    except InvalidValue:
        raise InvalidValue(field="--at", value=text, reason="iso_datetime") from None


def window(view: "AppointmentView") -> str:
    return f"{local_time(view.window_start)}-{view.window_end.astimezone():%H:%M}"


def confirmation(view: "AppointmentView") -> str:
    if view.status is AppointmentStatus.ARRIVED:
        return label(view.status)
    if view.confirmed_via is None:
        return t("cli_service.not_confirmed")
    return t("cli_service.confirmed", via=label(view.confirmed_via))


def _print_visit(key: str) -> "Callable[[AppointmentView], None]":
    """A `show` for one booking: the translated line `key` about it."""

    def show(view: "AppointmentView") -> None:
        print(t(key, number=view.number, window=window(view), engineer=view.engineer,
                address=view.address, state=confirmation(view),
                at=local_time(view.arrived_at)))  # fmt: skip

    return show


def _print_day(visits: "list[AppointmentView]", engineer: str, on: date) -> None:
    print(t("cli_service.day_heading", engineer=engineer, date=on.isoformat(), count=len(visits)))
    for view in visits:
        print(f"\n{window(view)}  {view.number}  {view.subject}  [{confirmation(view)}]")
        print(f"    {t('field.customer')}: {view.customer}  {view.phone}")
        print(f"    {t('field.address')}: {view.address}")
        print(f"    {t('field.device')}: {view.device or '-'}")
        print(f"    {t('field.bring')}:")
        for line in view.bring.splitlines() or ["-"]:
            print(f"      {line}")


def register(app: typer.Typer) -> None:
    appointment_app = typer.Typer(help=t("cli_service.help.appointment"), no_args_is_help=True)
    app.add_typer(appointment_app, name="appointment")
    _register_booking(appointment_app)
    _register_visit_day(appointment_app)
    _register_remote(app)


def _register_booking(appointment_app: typer.Typer) -> None:
    @appointment_app.command("book", help=t("cli_service.help.appointment_book"))
    def book(
        ctx: typer.Context,
        number: TicketArg,
        engineer: Annotated[str, typer.Option("--engineer", help=t("field.engineer"))],
        at: AtOption,
        address: Annotated[str, typer.Option("--address", help=t("field.address"))],
        bring: Annotated[
            str | None, typer.Option("--bring", help=t("cli_service.help.bring"))
        ] = None,
        confirmed_via: Annotated[
            str | None, typer.Option("--confirmed-via", help=choice_help("via", ConfirmedVia))
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import visits

        ticket, start = parse_number(number), parse_at(at)
        via = parse_via(confirmed_via, "--confirmed-via")
        act(ctx, lambda store, actor: visits.book(
            store, actor, ticket, engineer=engineer, start=start, address=address, bring=bring,
            confirmed_via=via,
        ), as_json, _print_visit("cli_service.visit_booked"))  # fmt: skip

    @appointment_app.command("reschedule", help=t("cli_service.help.appointment_reschedule"))
    def reschedule(
        ctx: typer.Context,
        number: TicketArg,
        at: AtOption,
        reason: Annotated[str, typer.Option("--reason", help=t("cli_service.help.move_reason"))],
        engineer: EngineerOption = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import visits

        ticket, start = parse_number(number), parse_at(at)
        act(ctx, lambda store, actor: visits.reschedule(
            store, actor, ticket, start=start, reason=reason, engineer=engineer,
        ), as_json, _print_visit("cli_service.visit_moved"))  # fmt: skip

    @appointment_app.command("confirm", help=t("cli_service.help.appointment_confirm"))
    def confirm(
        ctx: typer.Context, number: TicketArg, via: ViaOption, as_json: JsonFlag = False
    ) -> None:
        from agent_console.store import visits

        ticket, how = parse_number(number), parse_choice(ConfirmedVia, via, "--via")
        act(ctx, lambda store, actor: visits.confirm(store, actor, ticket, how),
            as_json, _print_visit("cli_service.visit_confirmed"))  # fmt: skip

    @appointment_app.command("arrive", help=t("cli_service.help.appointment_arrive"))
    def arrive(ctx: typer.Context, number: TicketArg, as_json: JsonFlag = False) -> None:
        from agent_console.store import visits

        ticket = parse_number(number)
        act(ctx, lambda store, actor: visits.arrive(store, actor, ticket),
            as_json, _print_visit("cli_service.visit_arrived"))  # fmt: skip


def _register_visit_day(appointment_app: typer.Typer) -> None:
    @appointment_app.command("day", help=t("cli_service.help.appointment_day"))
    def day(
        ctx: typer.Context,
        engineer: EngineerOption = None,
        on: Annotated[str | None, typer.Option("--date", help=t("cli_service.help.day"))] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import visits

        context = cli_context(ctx)
        when = parse_day(on, "--date") or context.today()
        who = engineer or context.actor().name
        look(ctx, lambda session, _: visits.day(session, who, when), as_json,
             lambda found: _print_day(found, who, when))  # fmt: skip


def _register_remote(app: typer.Typer) -> None:
    @app.command("remote", help=t("cli_service.help.remote"))
    def remote(
        ctx: typer.Context,
        number: TicketArg,
        tool: Annotated[str, typer.Option("--tool", help=t("field.tool"))],
        minutes: Annotated[int, typer.Option("--minutes", help=t("field.minutes"))],
        outcome: Annotated[str, typer.Option("--outcome", help=t("field.outcome"))],
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import visits

        ticket = parse_number(number)
        act(ctx, lambda store, actor: visits.log_remote_session(
            store, actor, ticket, tool=tool, minutes=minutes, outcome=outcome,
        ), as_json, lambda view: print(t(
            "cli_service.remote_logged", number=ticket, tool=view.tool, minutes=view.minutes,
        )), lambda view: {"number": ticket, **jsonable(view)})  # fmt: skip
