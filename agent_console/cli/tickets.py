"""`ticket new|list|show|update|note|call`."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from agent_console.cli.context import CliContext, cli_context
from agent_console.cli.output import (
    choice_help,
    emit_fields,
    emit_json,
    jsonable,
    local_time,
    shown,
)
from agent_console.errors import InvalidValue
from agent_console.i18n import t
from agent_console.numbering import parse_number
from agent_console.timeline import describe, describe_conflict
from agent_console.vocab import (
    OPEN_STATUSES,
    Category,
    Channel,
    Impact,
    Priority,
    ServiceMode,
    Status,
    parse_choice,
)

if TYPE_CHECKING:
    from agent_console.store.queries import EventView, TicketDetail
    from agent_console.store.ticket_sql import TicketRow

JsonFlag = Annotated[bool, typer.Option("--json", help="JSON")]
MAX_LIST = 10_000


def parse_statuses(text: str) -> list[Status] | None:
    """ "open" (the default), "all", or a comma-separated list of statuses."""
    if text == "all":
        return None
    if text == "open":
        return sorted(OPEN_STATUSES, key=list(Status).index)
    return [parse_choice(Status, part, "--status") for part in text.split(",") if part.strip()]


def event_text(event: "EventView", *, translate: bool) -> str:
    return describe(event.field, event.old_value, event.new_value, event.text, translate=translate)


def _row_json(row: "TicketRow") -> dict[str, Any]:
    return jsonable(row)


def _detail_json(detail: "TicketDetail") -> dict[str, Any]:
    return {
        **_row_json(detail.row),
        "description": detail.description,
        "impact": detail.impact.value,
        "first_response_at": jsonable(detail.first_response_at),
        "resolved_at": jsonable(detail.resolved_at),
        "closed_at": jsonable(detail.closed_at),
        "customer": jsonable(detail.customer),
        "device": jsonable(detail.device),
        "events": [
            {**jsonable(event), "text": event_text(event, translate=False)}
            for event in detail.events
        ],
        "conflicts": jsonable(detail.conflicts),
    }


def _print_detail(detail: "TicketDetail") -> None:
    row = detail.row
    print(f"{row.number}  {row.subject}")
    emit_fields([
        ("status", row.status), ("priority", row.priority), ("category", row.category),
        ("channel", row.channel), ("service_mode", row.service_mode), ("team", row.team),
        ("assignee", row.assignee), ("customer", f"{detail.customer.name} {detail.customer.phone}"),
        ("device", f"{detail.device.model} {detail.device.serial}" if detail.device else None),
        ("warranty", detail.device.warranty if detail.device else None),
        ("created_at", row.created_at),
    ])  # fmt: skip
    if detail.description:
        print(f"\n{detail.description}")
    print(f"\n{t('cli.timeline')}")
    for event in detail.events:
        print(f"  {local_time(event.at)}  {event.author}  [{t(f'event_kind.{event.kind.value}')}]"
              f"  {event_text(event, translate=True)}")  # fmt: skip
    if detail.conflicts:
        print(f"\n{t('cli.conflicts')}")
    for conflict in detail.conflicts:
        print(f"  {local_time(conflict.lost_at)}  {describe_conflict(conflict, translate=True)}")


def _print_rows(rows: "list[TicketRow]") -> None:
    """A table whose columns keep their width; only the subject gives way to a narrow terminal."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    keys = ("number", "priority", "status", "subject", "customer", "assignee", "created_at")
    cells = [
        (row.number, row.priority.value, shown(row.status), row.subject, row.customer,
         shown(row.assignee), shown(row.created_at))
        for row in rows
    ]  # fmt: skip
    headers = [t(f"field.{key}") for key in keys]
    widths = [
        max([cell_len(header)] + [cell_len(line[position]) for line in cells])
        for position, header in enumerate(headers)
    ]
    console = Console()
    subject = keys.index("subject")
    others = sum(widths) - widths[subject] + 2 * (len(keys) - 1)
    widths[subject] = max(8, min(widths[subject], console.width - others))
    table = Table(box=None, pad_edge=False, header_style="bold")
    for header, width in zip(headers, widths, strict=True):
        # "crop", not "ellipsis": CJK terminals draw the ellipsis glyph two cells wide.
        table.add_column(header, no_wrap=True, overflow="crop", width=width)
    for line in cells:
        table.add_row(*line)
    console.print(table)


def _resolve(context: CliContext, session: Any, kind: str, value: str | None) -> Any:
    from agent_console.store import queries

    if value is None:
        return None
    finder = {"team": queries.find_team, "assignee": queries.find_agent}[kind]
    if kind == "assignee" and value == "me":
        value = context.actor().name
    return finder(session, value)


def register(app: typer.Typer) -> None:  # noqa: PLR0915 - one nested function per command
    ticket_app = typer.Typer(help=t("cli.help.ticket"), no_args_is_help=True)
    app.add_typer(ticket_app, name="ticket")

    @ticket_app.command("new", help=t("cli.help.ticket_new"))
    def ticket_new(
        ctx: typer.Context,
        subject: Annotated[str, typer.Option("--subject", help=t("field.subject"))],
        customer: Annotated[str, typer.Option("--customer", help=t("cli.help.customer_query"))],
        device: Annotated[str | None, typer.Option("--device", help=t("field.serial"))] = None,
        channel: Annotated[
            str, typer.Option("--channel", help=choice_help("channel", Channel))
        ] = "phone",
        category: Annotated[
            str, typer.Option("--category", help=choice_help("category", Category))
        ] = "hardware",
        priority: Annotated[
            str, typer.Option("--priority", help=choice_help("priority", Priority))
        ] = "P3",
        impact: Annotated[
            str, typer.Option("--impact", help=choice_help("impact", Impact))
        ] = "individual",
        mode: Annotated[
            str, typer.Option("--mode", help=choice_help("service_mode", ServiceMode))
        ] = "remote",
        team: Annotated[str | None, typer.Option("--team", help=t("field.team"))] = None,
        description: Annotated[
            str, typer.Option("--description", help=t("field.description"))
        ] = "",
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import actions, queries

        context = cli_context(ctx)
        choices = {
            "channel": parse_choice(Channel, channel, "--channel"),
            "category": parse_choice(Category, category, "--category"),
            "priority": parse_choice(Priority, priority, "--priority"),
            "impact": parse_choice(Impact, impact, "--impact"),
            "service_mode": parse_choice(ServiceMode, mode, "--mode"),
        }
        store = context.store()
        with store.read() as session:
            owner = queries.find_customer(session, customer)
            owned_device = queries.find_device(session, device) if device else None
            ticket_team = _resolve(context, session, "team", team)
        ticket = actions.create_ticket(
            store, context.actor(), subject=subject, customer=owner, device=owned_device,
            team=ticket_team, description=description, **choices,
        )  # fmt: skip
        if as_json:
            with store.read() as session:
                detail = queries.ticket_detail(session, ticket.number, context.today())
            emit_json(_detail_json(detail))
        else:
            print(t("cli.ticket_created", number=ticket.number))

    @ticket_app.command("list", help=t("cli.help.ticket_list"))
    def ticket_list(
        ctx: typer.Context,
        status: Annotated[str, typer.Option("--status", help=t("cli.help.status_filter"))] = "open",
        assignee: Annotated[
            str | None, typer.Option("--assignee", help=t("field.assignee"))
        ] = None,
        team: Annotated[str | None, typer.Option("--team", help=t("field.team"))] = None,
        limit: Annotated[int, typer.Option("--limit", help=t("cli.help.limit"))] = 50,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import queries

        if not 1 <= limit <= MAX_LIST:
            raise InvalidValue(
                field="--limit", value=str(limit), reason="range", low=1, high=MAX_LIST
            )
        context = cli_context(ctx)
        statuses = parse_statuses(status)
        with context.store().read() as session:
            owner = _resolve(context, session, "assignee", assignee)
            ticket_team = _resolve(context, session, "team", team)
            rows = queries.list_tickets(
                session, statuses=statuses, limit=limit,
                assignee_id=owner.id if owner else None,
                team_id=ticket_team.id if ticket_team else None,
            )  # fmt: skip
        if as_json:
            emit_json([_row_json(row) for row in rows])
        else:
            _print_rows(rows)

    @ticket_app.command("show", help=t("cli.help.ticket_show"))
    def ticket_show(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.cli.closure import print_service
        from agent_console.cli.parts import service_record
        from agent_console.store import queries

        context = cli_context(ctx)
        with context.store().read() as session:
            detail = queries.ticket_detail(session, parse_number(number), context.today())
            record = service_record(session, context, detail.row.number)
        if as_json:
            emit_json({**_detail_json(detail), "service": jsonable(record)})
        else:
            _print_detail(detail)
            print_service(record)

    @ticket_app.command("update", help=t("cli.help.ticket_update"))
    def ticket_update(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        status: Annotated[
            str | None, typer.Option("--status", help=choice_help("status", Status))
        ] = None,
        priority: Annotated[
            str | None, typer.Option("--priority", help=choice_help("priority", Priority))
        ] = None,
        assignee: Annotated[
            str | None, typer.Option("--assignee", help=t("field.assignee"))
        ] = None,
        team: Annotated[str | None, typer.Option("--team", help=t("field.team"))] = None,
        category: Annotated[
            str | None, typer.Option("--category", help=choice_help("category", Category))
        ] = None,
        mode: Annotated[
            str | None, typer.Option("--mode", help=choice_help("service_mode", ServiceMode))
        ] = None,
        reason: Annotated[str | None, typer.Option("--reason", help=t("cli.help.reason"))] = None,
    ) -> None:
        from agent_console.store import actions

        context = cli_context(ctx)
        ticket_number = parse_number(number)
        store = context.store()
        with store.read() as session:
            changes = actions.TicketChanges(
                status=parse_choice(Status, status, "--status") if status else None,
                priority=parse_choice(Priority, priority, "--priority") if priority else None,
                category=parse_choice(Category, category, "--category") if category else None,
                service_mode=parse_choice(ServiceMode, mode, "--mode") if mode else None,
                team=_resolve(context, session, "team", team),
                assignee=_resolve(context, session, "assignee", assignee),
            )
        actions.update_ticket(store, context.actor(), ticket_number, changes, reason)
        print(t("cli.ticket_updated", number=ticket_number))

    for name, action_name, text_help, done in (
        ("note", "add_note", "cli.help.note_text", "cli.note_added"),
        ("call", "log_call", "cli.help.call_summary", "cli.call_logged"),
    ):
        _register_timeline_entry(ticket_app, name, action_name, text_help, done)


def _register_timeline_entry(
    ticket_app: typer.Typer, name: str, action_name: str, text_help: str, done: str
) -> None:
    """`ticket note` and `ticket call`: append a text entry to a ticket's timeline."""

    @ticket_app.command(name, help=t(f"cli.help.ticket_{name}"))
    def append(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        text: Annotated[str, typer.Argument(help=t(text_help))],
    ) -> None:
        from agent_console.store import actions

        context = cli_context(ctx)
        ticket_number = parse_number(number)
        getattr(actions, action_name)(context.store(), context.actor(), ticket_number, text)
        print(t(done, number=ticket_number))
