"""`part ...` and `estimate ...`: the parts catalogue, parts on tickets, estimates and the bill."""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from agent_console.cli.context import CliContext
from agent_console.cli.output import choice_help, jsonable, local_time, shown
from agent_console.cli.service import (
    ByOption,
    JsonFlag,
    TicketArg,
    ViaOption,
    act,
    look,
    print_lines,
    print_table,
)
from agent_console.costs import money, parse_money
from agent_console.i18n import label, t
from agent_console.numbering import parse_number
from agent_console.parts import parse_part_spec
from agent_console.vocab import ConfirmedVia, CostKind, PartKind, PartStatus, parse_choice

if TYPE_CHECKING:
    from sqlmodel import Session

    from agent_console.costs import Bill, CostLine
    from agent_console.store.engine import Store
    from agent_console.store.estimates import EstimateView
    from agent_console.store.identity import Actor
    from agent_console.store.parts import PartView, TicketPartView
    from agent_console.store.service_record import ServiceRecord

PartArg = Annotated[str, typer.Argument(help=t("cli_service.help.part_number"))]


# --- rendering --------------------------------------------------------------------------------


def cost_lines_json(lines: "Sequence[CostLine]") -> list[dict[str, Any]]:
    return [{**jsonable(line), "amount_cents": line.amount_cents} for line in lines]


def estimate_json(view: "EstimateView | None") -> dict[str, Any] | None:
    if view is None:
        return None
    return {**jsonable(view), "lines": cost_lines_json(view.lines)}


def bill_json(bill: "Bill") -> dict[str, Any]:
    return {**jsonable(bill), "lines": cost_lines_json(bill.lines)}


def cost_line_text(line: "CostLine") -> str:
    """ "    BAT-01 x2  ¥120.00  ¥240.00", the amount "covered" when the warranty pays."""
    what = line.item if line.kind is CostKind.PARTS else label(line.kind)
    amount = t("cli_service.covered") if line.covered else money(line.amount_cents)
    return f"    {what} x{line.quantity}  {money(line.unit_cents)}  {amount}"


def estimate_lines(view: "EstimateView") -> list[str]:
    """The estimate's total and status, a line per item, and the customer's answer."""
    total, at = money(view.total_cents), local_time(view.created_at)
    lines = [t("cli_service.estimate_line", number=view.number, total=total,
               status=label(view.status), by=view.author, at=at)]  # fmt: skip
    lines += [cost_line_text(line) for line in view.lines]
    if view.decided_by:
        lines.append(t("cli_service.estimate_decided", by=view.decided_by,
                       via=shown(view.decided_via), at=local_time(view.decided_at)))  # fmt: skip
    return lines


def bill_lines(bill: "Bill") -> list[str]:
    lines = [t("cli_service.bill_line", total=money(bill.total_cents))]
    lines += [cost_line_text(line) for line in bill.lines]
    if bill.reduction_cents:
        lines.append(t("cli_service.bill_reduction", amount=money(bill.reduction_cents)))
    return lines


def print_estimate(view: "EstimateView") -> None:
    print_lines(estimate_lines(view))


def part_text(part: "TicketPartView") -> str:
    """One part on a ticket: where it stands, when it is due until delivered, late, covered."""
    due = local_time(part.due_at)
    marks = [t("cli_service.part_due", due=due)] if part.delivered_at is None else []
    marks += [t("cli_service.late")] if part.late else []
    marks += [t("cli_service.covered")] if part.covered else []
    if part.returned_serial:
        marks.append(t("cli_service.returned", serial=part.returned_serial))
    text = t("cli_service.part_on_ticket", part=part.number, name=part.name, qty=part.quantity,
             status=label(part.status))  # fmt: skip
    return text + "".join(f"  [{mark}]" for mark in marks)


def _on_ticket(number: str) -> "Callable[[TicketPartView], None]":
    """A `show` for a part on ticket `number`."""
    return lambda part: print(f"{number}  {part_text(part)}")


def _print_added(part: "PartView") -> None:
    print(t("cli_service.part_added", part=part.number, name=part.name, kind=label(part.kind),
            price=money(part.price_cents)))  # fmt: skip


def _print_catalogue(parts: "list[PartView]") -> None:
    headers = [t(f"field.{key}") for key in ("part", "name", "kind", "price", "core")]
    yes = t("cli_service.yes")
    rows = [[p.number, p.name, label(p.kind), money(p.price_cents), yes if p.core else ""]
            for p in parts]  # fmt: skip
    print_table(headers, rows)


def _print_estimate_and_bill(record: "ServiceRecord") -> None:
    if record.estimate is None:
        print(t("cli_service.no_estimate", number=record.number))
    else:
        print_estimate(record.estimate)
    print_lines(bill_lines(record.bill))


def _money_option(text: str | None, field: str) -> int:
    return parse_money(text, field) if text is not None else 0


# --- commands ---------------------------------------------------------------------------------


def register(app: typer.Typer) -> None:
    part_app = typer.Typer(help=t("cli_service.help.part"), no_args_is_help=True)
    estimate_app = typer.Typer(help=t("cli_service.help.estimate"), no_args_is_help=True)
    app.add_typer(part_app, name="part")
    app.add_typer(estimate_app, name="estimate")
    _register_catalogue(part_app)
    _register_ticket_parts(part_app)
    _register_estimates(estimate_app)


def _register_catalogue(part_app: typer.Typer) -> None:
    @part_app.command("add", help=t("cli_service.help.part_add"))
    def part_add(
        ctx: typer.Context,
        number: PartArg,
        name: Annotated[str, typer.Option("--name", help=t("field.name"))],
        kind: Annotated[str, typer.Option("--kind", help=choice_help("kind", PartKind))],
        price: Annotated[str, typer.Option("--price", help=t("cli_service.help.price"))],
        core: Annotated[bool, typer.Option("--core", help=t("cli_service.help.core"))] = False,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import parts

        part_kind = parse_choice(PartKind, kind, "--kind")
        cents = parse_money(price, "--price")

        def added(store: "Store", actor: "Actor") -> "PartView":
            return parts.add_part(store, actor, number=number, name=name, kind=part_kind,
                                  price_cents=cents, core=core)  # fmt: skip

        act(ctx, added, as_json, _print_added)

    @part_app.command("list", help=t("cli_service.help.part_list"))
    def part_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        from agent_console.store import parts

        look(ctx, lambda session, _: parts.catalogue(session), as_json, _print_catalogue)


def _register_ticket_parts(part_app: typer.Typer) -> None:
    @part_app.command("request", help=t("cli_service.help.part_request"))
    def part_request(
        ctx: typer.Context,
        number: TicketArg,
        part: PartArg,
        quantity: Annotated[int, typer.Option("--qty", help=t("field.quantity"))] = 1,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import parts

        ticket = parse_number(number)
        act(ctx, lambda store, actor: parts.request_part(store, actor, ticket, part, quantity),
            as_json, _on_ticket(ticket))  # fmt: skip

    for status in (PartStatus.SHIPPED, PartStatus.DELIVERED, PartStatus.INSTALLED):
        _register_part_step(part_app, status)

    @part_app.command("return", help=t("cli_service.help.part_return"))
    def part_return(
        ctx: typer.Context,
        number: TicketArg,
        part: PartArg,
        serial: Annotated[str, typer.Option("--serial", help=t("cli_service.help.old_serial"))],
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import parts

        ticket = parse_number(number)
        act(ctx, lambda store, actor: parts.return_old_part(store, actor, ticket, part, serial),
            as_json, _on_ticket(ticket))  # fmt: skip


_STEP_NAMES = {PartStatus.SHIPPED: "ship", PartStatus.DELIVERED: "deliver",
               PartStatus.INSTALLED: "install"}  # fmt: skip


def _register_part_step(part_app: typer.Typer, status: PartStatus) -> None:
    """`part ship|deliver|install TICKET PART`: the part moves one step on."""
    name = _STEP_NAMES[status]

    @part_app.command(name, help=t(f"cli_service.help.part_{name}"))
    def part_step(
        ctx: typer.Context, number: TicketArg, part: PartArg, as_json: JsonFlag = False
    ) -> None:
        from agent_console.store import parts

        ticket = parse_number(number)
        act(ctx, lambda store, actor: parts.advance_part(store, actor, ticket, part, status),
            as_json, _on_ticket(ticket))  # fmt: skip


def _register_estimates(estimate_app: typer.Typer) -> None:
    @estimate_app.command("make", help=t("cli_service.help.estimate_make"))
    def estimate_make(
        ctx: typer.Context,
        number: TicketArg,
        part: Annotated[
            list[str] | None, typer.Option("--part", help=t("cli_service.help.estimate_part"))
        ] = None,
        labour: Annotated[
            str | None, typer.Option("--labour", help=t("cli_service.help.labour"))
        ] = None,
        travel: Annotated[
            str | None, typer.Option("--travel", help=t("cli_service.help.travel"))
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import estimates

        ticket = parse_number(number)
        wanted = [parse_part_spec(spec, "--part") for spec in part or []]
        labour_cents = _money_option(labour, "--labour")
        travel_cents = _money_option(travel, "--travel")

        def made(store: "Store", actor: "Actor") -> "EstimateView":
            return estimates.make_estimate(
                store, actor, ticket, part_numbers=wanted, labour_cents=labour_cents,
                travel_cents=travel_cents,
            )  # fmt: skip

        act(ctx, made, as_json, print_estimate, estimate_json)

    for accepted in (True, False):
        _register_decision(estimate_app, accepted)

    @estimate_app.command("show", help=t("cli_service.help.estimate_show"))
    def estimate_show(ctx: typer.Context, number: TicketArg, as_json: JsonFlag = False) -> None:
        ticket = parse_number(number)
        look(ctx, lambda session, context: service_record(session, context, ticket), as_json,
             _print_estimate_and_bill, _money_json)  # fmt: skip


def service_record(session: "Session", context: CliContext, number: str) -> "ServiceRecord":
    """Everything done on the ticket, as of the store's clock."""
    from agent_console.store import service_record as record

    return record.service_record(session, number, context.store().now())


def _money_json(record: "ServiceRecord") -> dict[str, Any]:
    return {"number": record.number, "estimate": estimate_json(record.estimate),
            "bill": bill_json(record.bill)}  # fmt: skip


def _register_decision(estimate_app: typer.Typer, accepted: bool) -> None:
    """`estimate accept|decline TICKET --by NAME --via ...`: the customer's answer."""
    name = "accept" if accepted else "decline"

    @estimate_app.command(name, help=t(f"cli_service.help.estimate_{name}"))
    def decide(
        ctx: typer.Context,
        number: TicketArg,
        by: ByOption,
        via: ViaOption,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import estimates

        ticket, how = parse_number(number), parse_choice(ConfirmedVia, via, "--via")

        def decided(store: "Store", actor: "Actor") -> "EstimateView":
            return estimates.decide_estimate(
                store, actor, ticket, accepted=accepted, by=by, via=how
            )

        act(ctx, decided, as_json, print_estimate, estimate_json)
