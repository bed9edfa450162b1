"""`customer new|show` and `device add`."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from agent_console.cli.context import cli_context
from agent_console.cli.output import choice_help, emit_fields, emit_json, jsonable, shown
from agent_console.errors import InvalidValue
from agent_console.i18n import t
from agent_console.vocab import ProductLine, Tier, parse_choice
from agent_console.warranty import coverage_end

if TYPE_CHECKING:
    from agent_console.store.queries import CustomerProfile

DEVICE_WARRANTY_YEARS = 1
CORE_WARRANTY_YEARS = 2

JsonFlag = Annotated[bool, typer.Option("--json", help="JSON")]


def parse_day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(field=field, value=text, reason="date_format") from None


def _emit_profile(profile: "CustomerProfile", as_json: bool) -> None:
    if as_json:
        emit_json({**jsonable(profile.customer), "devices": profile.devices,
                   "tickets": profile.tickets})  # fmt: skip
        return
    customer = profile.customer
    emit_fields([
        ("customer", customer.name), ("phone", customer.phone), ("email", customer.email),
        ("tier", customer.tier), ("organization", customer.organization),
        ("region", customer.region),
    ])  # fmt: skip
    print(f"\n{t('cli.devices')} ({len(profile.devices)})")
    for device in profile.devices:
        print(
            f"  {device.serial}  {device.model}  {shown(device.warranty)}"
            f"  {t('field.warranty_end')} {shown(device.warranty_end)}"
        )
    print(f"\n{t('cli.past_tickets')} ({len(profile.tickets)})")
    for row in profile.tickets:
        print(f"  {row.number}  {shown(row.status)}  {shown(row.created_at)}  {row.subject}")


def register(app: typer.Typer) -> None:
    customer_app = typer.Typer(help=t("cli.help.customer"), no_args_is_help=True)
    device_app = typer.Typer(help=t("cli.help.device"), no_args_is_help=True)
    app.add_typer(customer_app, name="customer")
    app.add_typer(device_app, name="device")

    @customer_app.command("new", help=t("cli.help.customer_new"))
    def customer_new(
        ctx: typer.Context,
        name: Annotated[str, typer.Option("--name", help=t("field.customer"))],
        phone: Annotated[str, typer.Option("--phone", help=t("field.phone"))],
        tier: Annotated[str, typer.Option("--tier", help=choice_help("tier", Tier))] = "standard",
        email: Annotated[str | None, typer.Option("--email", help=t("field.email"))] = None,
        organization: Annotated[
            str | None, typer.Option("--organization", help=t("field.organization"))
        ] = None,
        region: Annotated[str | None, typer.Option("--region", help=t("field.region"))] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import actions

        context = cli_context(ctx)
        customer_tier = parse_choice(Tier, tier, "--tier")
        store = context.store()
        customer = actions.create_customer(
            store, context.actor(), name=name, phone=phone, tier=customer_tier, email=email,
            organization=organization, region=region,
        )  # fmt: skip
        if as_json:
            emit_json(customer.model_dump())
        else:
            print(t("cli.customer_created", name=customer.name, phone=customer.phone))

    @customer_app.command("show", help=t("cli.help.customer_show"))
    def customer_show(
        ctx: typer.Context,
        query: Annotated[str, typer.Argument(help=t("cli.help.customer_query"))],
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import queries

        context = cli_context(ctx)
        with context.store().read() as session:
            customer = queries.find_customer(session, query)
            profile = queries.customer_profile(session, customer, context.today())
        _emit_profile(profile, as_json)

    @device_app.command("add", help=t("cli.help.device_add"))
    def device_add(
        ctx: typer.Context,
        customer: Annotated[str, typer.Option("--customer", help=t("cli.help.customer_query"))],
        serial: Annotated[str, typer.Option("--serial", help=t("field.serial"))],
        model: Annotated[str, typer.Option("--model", help=t("field.model"))],
        line: Annotated[str, typer.Option("--line", help=choice_help("product_line", ProductLine))],
        purchased: Annotated[
            str | None, typer.Option("--purchased", help=t("field.purchase_date"))
        ] = None,
        warranty_end: Annotated[
            str | None, typer.Option("--warranty-end", help=t("field.warranty_end"))
        ] = None,
        core_warranty_end: Annotated[
            str | None, typer.Option("--core-warranty-end", help=t("field.core_warranty_end"))
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import actions, queries

        context = cli_context(ctx)
        product_line = parse_choice(ProductLine, line, "--line")
        bought = parse_day(purchased, "--purchased")
        device_end = parse_day(warranty_end, "--warranty-end")
        core_end = parse_day(core_warranty_end, "--core-warranty-end")
        if bought is not None:
            device_end = device_end or coverage_end(bought, DEVICE_WARRANTY_YEARS)
            core_end = core_end or coverage_end(bought, CORE_WARRANTY_YEARS)
        store = context.store()
        with store.read() as session:
            owner = queries.find_customer(session, customer)
        device = actions.register_device(
            store, context.actor(), customer_id=owner.id, serial=serial, model=model,
            product_line=product_line, purchase_date=bought, warranty_end=device_end,
            core_warranty_end=core_end,
        )  # fmt: skip
        if as_json:
            emit_json(device.model_dump())
        else:
            print(t("cli.device_added", serial=device.serial, customer=owner.name))
