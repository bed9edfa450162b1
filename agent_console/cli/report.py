"""`report` and `report faults`: the supervisor's numbers for a period (issue #9).

The numbers come from agent_console.store.reports, the one implementation the dashboard uses
as well, so the two always agree: this module only picks the period and the team and prints.
"""

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from agent_console.cli.context import CliContext, cli_context
from agent_console.cli.customers import parse_day
from agent_console.cli.output import jsonable
from agent_console.cli.service import print_table
from agent_console.cli.service import report as emit_result
from agent_console.errors import InvalidChoice, InvalidValue
from agent_console.i18n import current_language, label, t
from agent_console.timefmt import business_time
from agent_console.vocab import Priority, Status

if TYPE_CHECKING:
    from agent_console.kpis import FaultLine, Period, Report
    from agent_console.sop import Procedures

DEFAULT_DAYS = 30  # the period when no --from is given: 30 days up to --to
FORMATS = ("table", "csv", "json")
GROUPINGS = ("model",)
DRILL_DOWN = 3  # ticket numbers a fault line shows in the table
MAX_LIMIT = 100_000

FromOption = Annotated[str | None, typer.Option("--from", help=t("report.help.from"))]
ToOption = Annotated[str | None, typer.Option("--to", help=t("report.help.to"))]
TeamOption = Annotated[str | None, typer.Option("--team", help=t("report.help.team"))]
FormatOption = Annotated[str | None, typer.Option("--format", help=t("report.help.format"))]
ReportJson = Annotated[bool, typer.Option("--json", help=t("report.help.json"))]


@dataclass(frozen=True)
class Request:
    """What to report on, as the user asked for it (before the store is opened)."""

    first: date | None
    last: date | None
    team: str | None
    output: str


@dataclass(frozen=True)
class Scope:
    """What was reported on: the days, the team's code, and the store's clock."""

    first: date
    last: date
    team: str | None
    now: datetime

    @property
    def period(self) -> "Period":
        from agent_console.kpis import Period

        return Period(_local_midnight(self.first), _local_midnight(self.last + timedelta(days=1)))


def register(app: typer.Typer) -> None:
    report_app = typer.Typer(help=t("report.help.report"), invoke_without_command=True)
    app.add_typer(report_app, name="report")

    @report_app.callback()
    def kpi_report(
        ctx: typer.Context,
        first: FromOption = None,
        last: ToOption = None,
        team: TeamOption = None,
        output: FormatOption = None,
        as_json: ReportJson = False,
    ) -> None:
        if ctx.invoked_subcommand is not None:
            return  # its options are handed down to the subcommand
        request = _request(first, last, team, output, as_json)
        context = cli_context(ctx)
        scope, report = _compute(context, request)
        emit_result(
            report,
            request.output == "json",
            lambda found: (
                _print_csv(scope, found) if request.output == "csv" else _print(scope, found)
            ),
            lambda found: jsonable(_stable(found)),
        )

    @report_app.command("faults", help=t("report.help.faults"))
    def faults(
        ctx: typer.Context,
        by: Annotated[str, typer.Option("--by", help=t("report.help.by"))] = "model",
        first: FromOption = None,
        last: ToOption = None,
        team: TeamOption = None,
        output: FormatOption = None,
        limit: Annotated[int | None, typer.Option("--limit", help=t("report.help.limit"))] = None,
        as_json: ReportJson = False,
    ) -> None:
        if by.strip().lower() not in GROUPINGS:
            raise InvalidChoice(field="--by", value=by, allowed=list(GROUPINGS))
        if limit is not None and not 1 <= limit <= MAX_LIMIT:
            raise InvalidValue(
                field="--limit", value=str(limit), reason="range", low=1, high=MAX_LIMIT
            )
        handed = ctx.parent.params if ctx.parent is not None else {}
        request = _request(
            first if first is not None else handed.get("first"),
            last if last is not None else handed.get("last"),
            team if team is not None else handed.get("team"),
            output if output is not None else handed.get("output"),
            as_json or bool(handed.get("as_json")),
        )
        context = cli_context(ctx)
        scope, report = _compute(context, request)
        lines = report.faults[:limit] if limit is not None else report.faults
        procedures = context.store().procedures
        named = [(line, _fault_name(line, procedures)) for line in lines]
        emit_result(
            named,
            request.output == "json",
            lambda found: (
                _print_faults_csv(found) if request.output == "csv" else _print_faults(scope, found)
            ),
            lambda found: {
                "period": scope.period,
                "by": "model",
                "faults": [{**jsonable(line), "fault": name} for line, name in found],
            },
        )


# --- what to report on -------------------------------------------------------------------------


def _request(
    first: str | None, last: str | None, team: str | None, output: str | None, as_json: bool
) -> Request:
    """The options checked before the store is opened: formats and dates."""
    if output is not None and output.strip().lower() not in FORMATS:
        raise InvalidChoice(field="--format", value=output, allowed=list(FORMATS))
    chosen = output.strip().lower() if output is not None else None
    if as_json and chosen not in {None, "json"}:
        raise InvalidValue(field="--format", value=output or "", reason="json_and_format")
    start, end = parse_day(first, "--from"), parse_day(last, "--to")
    if start is not None and end is not None and start > end:
        raise InvalidValue(field="--from", value=first or "", reason="from_after_to", last=end)
    return Request(start, end, team, "json" if as_json else chosen or "table")


def _compute(context: CliContext, request: Request) -> "tuple[Scope, Report]":
    """The report for the request: one reading of the clock, one read session."""
    from agent_console.store import queries, reports

    store = context.store()
    now = store.now()
    last = request.last or now.astimezone().date()
    first = request.first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidValue(field="--from", value=str(first), reason="from_after_to", last=last)
    with store.read() as session:
        team = queries.find_team(session, request.team).code if request.team else None
        scope = Scope(first, last, team, now)
        return scope, reports.report(session, store.commitments, scope.period, now, team=team)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0)).astimezone()


# --- the KPI report ----------------------------------------------------------------------------


def _stable(report: "Report") -> "Report":
    """The same report with its counts in a fixed order: vocabulary order, teams by code."""
    return replace(
        report,
        by_status={status: report.by_status[status] for status in Status
                   if status in report.by_status},
        by_team=dict(sorted(report.by_team.items())),
        by_priority={priority: report.by_priority[priority] for priority in Priority
                     if priority in report.by_priority},
    )  # fmt: skip


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _decimal(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _clock_kind(kind: str) -> str:
    key = f"clock_kind.{kind}"
    text = t(key)
    return kind if text == key else text


def _team_name(code: str) -> str:
    return code or t("report.unrouted")


def _heading(key: str) -> None:
    print(f"\n{t(key)}")


def _print(scope: Scope, report: "Report") -> None:
    report = _stable(report)
    team = t("report.team_only", team=scope.team) if scope.team else t("report.all_teams")
    print(t("report.title", start=scope.first, end=scope.last, team=team))

    _heading("report.heading.live")
    tickets = t("report.tickets")
    print_table(
        [t("field.status"), tickets],
        [[label(status), str(count)] for status, count in report.by_status.items()],
    )
    print()
    print_table(
        [t("field.team"), tickets],
        [[_team_name(code), str(count)] for code, count in report.by_team.items()],
    )
    print()
    print_table(
        [t("field.priority"), tickets],
        [[label(priority), str(count)] for priority, count in report.by_priority.items()],
    )
    print()
    print_table([t("report.measure"), t("report.value")], [
        [t("report.breached_now"), str(report.breached_now)],
        [t("report.breaching_soon"), str(report.breaching_soon)],
    ])  # fmt: skip

    _heading("report.heading.attainment")
    print_table(
        [t("report.clock"), t("report.met"), t("report.breached"), t("report.attained")],
        [[_clock_kind(line.kind), str(line.met), str(line.breached), _percent(line.rate)]
         for line in report.attainment],
    )  # fmt: skip

    _heading("report.heading.rates")
    print_table([t("report.measure"), t("report.value")], [
        [t("report.created"), str(report.created)],
        [t("report.resolved"), str(report.resolved)],
        [t("report.first_contact_resolution"), _percent(report.first_contact_resolution)],
        [t("report.remote_share"), _percent(report.remote_share)],
        [t("report.onsite_share"), _percent(report.onsite_share)],
        [t("report.reopen_rate"), _percent(report.reopen_rate)],
        [t("report.second_fault_rate"), _percent(report.second_fault_rate)],
        [t("report.complaint_rate"), _percent(report.complaint_rate)],
    ])  # fmt: skip

    _heading("report.heading.averages")
    print_table([t("report.measure"), t("report.value")], [
        [t("report.average_response"), business_time(report.average_response, "report")],
        [t("report.average_resolution"), business_time(report.average_resolution, "report")],
    ])  # fmt: skip

    _heading("report.heading.satisfaction")
    print_table([t("report.measure"), t("report.value")], [
        [t("report.csat"), _percent(report.csat)],
        [t("report.nps"), _decimal(report.nps)],
        [t("report.surveys"), str(report.surveys)],
    ])  # fmt: skip

    _heading("report.heading.engineers")
    if not report.engineers:
        print(t("report.none"))
        return
    print_table(
        [t("report.engineer"), t("report.handled"), t("report.fcr"), t("report.csat"),
         t("report.articles")],
        [[line.name, str(line.handled), _percent(line.first_contact), _percent(line.csat),
          str(line.articles)] for line in report.engineers],
    )  # fmt: skip


def _number(value: float | None) -> str:
    """A metric for machines: counts as they are, the rest with one decimal, None empty."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.1f}"


def _metrics(scope: Scope, report: "Report") -> Iterator[tuple[str, str, str]]:
    """Every number of the report as (section, key, value), keys in English for machines."""
    report = _stable(report)
    yield "period", "from", scope.first.isoformat()
    yield "period", "to", scope.last.isoformat()
    yield "period", "team", scope.team or ""
    for status, count in report.by_status.items():
        yield "live", f"status.{status.value}", str(count)
    for code, count in report.by_team.items():
        yield "live", f"team.{code or '-'}", str(count)
    for priority, count in report.by_priority.items():
        yield "live", f"priority.{priority.value}", str(count)
    yield "live", "breached_now", str(report.breached_now)
    yield "live", "breaching_soon", str(report.breaching_soon)
    for line in report.attainment:
        yield "sla", f"{line.kind}.met", str(line.met)
        yield "sla", f"{line.kind}.breached", str(line.breached)
        yield "sla", f"{line.kind}.rate", _number(line.rate)
    rates: dict[str, float | None] = {
        "created": report.created,
        "resolved": report.resolved,
        "first_contact_resolution": report.first_contact_resolution,
        "remote_share": report.remote_share,
        "onsite_share": report.onsite_share,
        "reopen_rate": report.reopen_rate,
        "second_fault_rate": report.second_fault_rate,
        "complaint_rate": report.complaint_rate,
    }
    for key, value in rates.items():
        yield "rates", key, _number(value)
    yield "averages", "response_minutes", _number(report.average_response)
    yield "averages", "resolution_minutes", _number(report.average_resolution)
    yield "satisfaction", "csat", _number(report.csat)
    yield "satisfaction", "nps", _number(report.nps)
    yield "satisfaction", "surveys", str(report.surveys)
    for engineer in report.engineers:
        yield "engineer", f"{engineer.name}.handled", str(engineer.handled)
        yield (
            "engineer",
            f"{engineer.name}.first_contact_resolution",
            _number(engineer.first_contact),
        )
        yield "engineer", f"{engineer.name}.csat", _number(engineer.csat)
        yield "engineer", f"{engineer.name}.articles", str(engineer.articles)


def _print_csv(scope: Scope, report: "Report") -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(("section", "key", "value"))
    writer.writerows(_metrics(scope, report))


# --- faults by model ---------------------------------------------------------------------------


def _fault_name(line: "FaultLine", procedures: "Procedures") -> str:
    """The procedure's title in the user's language, else the category's label."""
    if line.procedure:
        procedure = procedures.get(line.procedure)
        return procedure.title.in_language(current_language()) if procedure else line.procedure
    return label(line.category) if line.category else "-"


def _drill_down(numbers: tuple[str, ...]) -> str:
    shown = ", ".join(numbers[:DRILL_DOWN])
    rest = len(numbers) - DRILL_DOWN
    return f"{shown} {t('report.more', count=rest)}" if rest > 0 else shown


def _print_faults(scope: Scope, named: "list[tuple[FaultLine, str]]") -> None:
    team = t("report.team_only", team=scope.team) if scope.team else t("report.all_teams")
    print(t("report.title", start=scope.first, end=scope.last, team=team))
    _heading("report.heading.faults")
    if not named:
        print(t("report.no_faults"))
        return
    print_table(
        [t("report.model"), t("report.fault"), t("report.tickets"), t("report.share"),
         t("report.examples")],
        [[line.model, name, str(line.count), _percent(line.share), _drill_down(line.numbers)]
         for line, name in named],
    )  # fmt: skip


def _print_faults_csv(named: "list[tuple[FaultLine, str]]") -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(("model", "procedure", "category", "fault", "count", "share", "tickets"))
    for line, name in named:
        category: Any = line.category.value if line.category else ""
        writer.writerow((line.model, line.procedure or "", category, name, line.count,
                         _number(line.share), " ".join(line.numbers)))  # fmt: skip
