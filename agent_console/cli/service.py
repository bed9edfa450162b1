"""The shape every service command shares (parts, estimates, visits, closure): `act` runs one
store action as the acting agent, `look` reads, and both print the result as JSON or as
translated lines."""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from agent_console.cli.context import CliContext, cli_context
from agent_console.cli.output import choice_help, emit_json, jsonable
from agent_console.i18n import t
from agent_console.vocab import ConfirmedVia, parse_choice

if TYPE_CHECKING:
    from sqlmodel import Session

    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor

T = TypeVar("T")
JsonFlag = Annotated[bool, typer.Option("--json", help="JSON")]
TicketArg = Annotated[str, typer.Argument(help=t("field.number"))]
ViaOption = Annotated[str, typer.Option("--via", help=choice_help("via", ConfirmedVia))]
ByOption = Annotated[str, typer.Option("--by", help=t("cli_service.help.by"))]


def report(
    result: T, as_json: bool, show: Callable[[T], None], to_json: Callable[[T], Any] = jsonable
) -> None:
    """The result as stable JSON for scripts, or as lines for people."""
    if as_json:
        emit_json(to_json(result))
    else:
        show(result)


def act(
    ctx: typer.Context,
    action: "Callable[[Store, Actor], T]",
    as_json: bool,
    show: Callable[[T], None],
    to_json: Callable[[T], Any] = jsonable,
) -> None:
    """Run one store action as the acting agent and report what it returns."""
    context = cli_context(ctx)
    report(action(context.store(), context.actor()), as_json, show, to_json)


def look(
    ctx: typer.Context,
    query: "Callable[[Session, CliContext], T]",
    as_json: bool,
    show: Callable[[T], None],
    to_json: Callable[[T], Any] = jsonable,
) -> None:
    """Read from the store in one session and report what was found."""
    context = cli_context(ctx)
    with context.store().read() as session:
        result = query(session, context)
    report(result, as_json, show, to_json)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Columns aligned by display width (Chinese counts two cells), two spaces apart."""
    from rich.cells import cell_len

    widths = [max(cell_len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    for line in (headers, *rows):
        cells = [
            cell + " " * (width - cell_len(cell)) for cell, width in zip(line, widths, strict=True)
        ]
        print("  ".join(cells).rstrip())


def parse_via(text: str | None, field: str = "--via") -> ConfirmedVia | None:
    return parse_choice(ConfirmedVia, text, field) if text is not None else None


def print_lines(lines: Sequence[str], indent: str = "") -> None:
    for line in lines:
        print(f"{indent}{line}")
