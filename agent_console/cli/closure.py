"""Closing tickets: `resolve`, `accept`, `dispute`, `evaluate`, `survey record|summary`,
`followup list|done`, `second-fault`, `complaint list`, and the service section of
`ticket show`."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from agent_console.cli.context import CliContext
from agent_console.cli.customers import parse_day
from agent_console.cli.output import choice_help, emit_fields, jsonable, local_time
from agent_console.cli.parts import (
    bill_lines,
    estimate_lines,
    part_text,
)
from agent_console.cli.service import (
    ByOption,
    JsonFlag,
    TicketArg,
    ViaOption,
    act,
    look,
    parse_via,
    print_lines,
    print_table,
)
from agent_console.cli.visits import confirmation, window
from agent_console.i18n import label, t
from agent_console.numbering import parse_number
from agent_console.vocab import ConfirmedVia, parse_choice

if TYPE_CHECKING:
    from sqlmodel import Session, SQLModel

    from agent_console.store.complaints import ComplaintClock, ComplaintRow
    from agent_console.store.engine import Store
    from agent_console.store.followups import FollowUpRow
    from agent_console.store.identity import Actor
    from agent_console.store.service_record import ServiceRecord
    from agent_console.survey import Summary

ReasonOption = Annotated[str, typer.Option("--reason", help=t("cli_service.help.dispute_reason"))]


def _after(store: "Store", number: str, record: "SQLModel | None" = None, **extra: Any) -> dict:
    """What an action on a ticket left behind: the ticket's status now, and its record."""
    from agent_console.store.changes import ticket_by_number

    with store.read() as session:
        status = ticket_by_number(session, number).status
    return {"number": number, "status": status,
            **(record.model_dump() if record is not None else {}), **extra}  # fmt: skip


def _status_line(key: str, **params: Any) -> Callable[[dict], None]:
    """A `show` for `_after`'s result: the line `key` with the ticket's number and status."""
    return lambda done: print(t(key, number=done["number"], status=label(done["status"]), **params))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0)).astimezone()


# --- the ticket's service record, for `ticket show` -------------------------------------------


def has_service(record: "ServiceRecord") -> bool:
    return any((
        record.second_fault_of, record.parts, record.appointments, record.remote_sessions,
        record.estimate, record.bill.lines, record.resolution, record.acceptance, record.surveys,
        record.follow_ups,
    ))  # fmt: skip


def service_lines(record: "ServiceRecord") -> list[str]:
    """The service section of a ticket: parts, visits, money, resolution, sign-off, surveys and
    follow-up calls, one line each (an estimate or bill takes one line per item)."""
    lines = []
    if record.second_fault_of:
        lines.append(t("cli_service.second_fault_of", earlier=record.second_fault_of))
    lines += [part_text(part) for part in record.parts]
    lines += [t("cli_service.visit_line", window=window(view), engineer=view.engineer,
                status=label(view.status), state=confirmation(view))
              for view in record.appointments]  # fmt: skip
    lines += [t("cli_service.remote_line", at=local_time(s.at), tool=s.tool, minutes=s.minutes,
                outcome=s.outcome) for s in record.remote_sessions]  # fmt: skip
    lines += estimate_lines(record.estimate) if record.estimate else []
    lines += bill_lines(record.bill) if record.bill.lines else []
    lines += _closure_lines(record)
    lines += [t("cli_service.survey_line", speed=s.speed, resolution=s.resolution,
                attitude=s.attitude, recommend=s.recommend, comment=s.comment or "-",
                at=local_time(s.at)) for s in record.surveys]  # fmt: skip
    lines += [_follow_up_text(row) for row in record.follow_ups]
    return lines


def _closure_lines(record: "ServiceRecord") -> list[str]:
    lines = []
    if (done := record.resolution) is not None:
        lines.append(t("cli_service.resolution_line", cause=done.cause, solution=done.solution,
                       tools=done.tools or "-", prevention=done.prevention or "-",
                       by=done.author, at=local_time(done.at)))  # fmt: skip
    if (answer := record.acceptance) is not None:
        key = "cli_service.accepted_line" if answer.accepted else "cli_service.disputed_line"
        lines.append(t(key, by=answer.confirmed_by or "-",
                       via=label(answer.via) if answer.via else "-",
                       reason=answer.reason or "-", at=local_time(answer.at)))  # fmt: skip
    return lines


def _follow_up_text(row: "FollowUpRow") -> str:
    if row.done_at is None:
        return t("cli_service.follow_up_pending", kind=label(row.kind), due=local_time(row.due_at))
    return t("cli_service.follow_up_done", kind=label(row.kind), at=local_time(row.done_at),
             by=row.done_by or "-", outcome=row.outcome or "-")  # fmt: skip


def print_service(record: "ServiceRecord") -> None:
    """The service section `ticket show` prints after the timeline, if there is any."""
    if has_service(record):
        print(f"\n{t('cli_service.service')}")
        print_lines(service_lines(record), indent="  ")


# --- rendering of the lists -------------------------------------------------------------------


def _print_summary(summary: "Summary") -> None:
    def number(value: float | None, unit: str = "") -> str | None:
        return f"{value:.1f}{unit}" if value is not None else None

    emit_fields([
        ("surveys", summary.count), ("speed", number(summary.speed)),
        ("resolution", number(summary.resolution)), ("attitude", number(summary.attitude)),
        ("csat", number(summary.csat, "%")), ("promoters", summary.promoters),
        ("passives", summary.passives), ("detractors", summary.detractors),
        ("nps", number(summary.nps)),
    ])  # fmt: skip


def _follow_ups_json(queue: "list[tuple[FollowUpRow, bool]]") -> list[dict]:
    return [{**jsonable(row), "overdue": overdue} for row, overdue in queue]


def _print_follow_up_made(row: "FollowUpRow") -> None:
    print(t("cli_service.follow_up_made", number=row.number, kind=label(row.kind),
            outcome=row.outcome))  # fmt: skip


def _print_follow_ups(queue: "list[tuple[FollowUpRow, bool]]") -> None:
    if not queue:
        print(t("cli_service.no_follow_ups"))
        return
    headers = [t(f"field.{key}") for key in ("due", "number", "customer", "phone", "kind")]
    print_table([*headers, ""], [
        [local_time(row.due_at), row.number, row.customer, row.phone, label(row.kind),
         t("cli_service.overdue") if overdue else ""]
        for row, overdue in queue
    ])  # fmt: skip


def _clock_text(clock: "ComplaintClock") -> str:
    from agent_console.commitments import ClockState
    from agent_console.timefmt import compact

    text = t("cli_service.complaint_clock", name=t(f"clock_kind.{clock.kind}"),
             state=t(f"clock_state.{clock.state.value}"), due=local_time(clock.due))  # fmt: skip
    if clock.state in {ClockState.RUNNING, ClockState.BREACHED}:
        sign = "-" if clock.left_minutes < 0 else ""
        text += f" ({sign}{compact(timedelta(minutes=clock.left_minutes))})"
    return text


def _complaints_json(rows: "list[ComplaintRow]") -> list[dict]:
    return [{**jsonable(row), "next_due": jsonable(row.next_due)} for row in rows]


def _print_complaints(rows: "list[ComplaintRow]") -> None:
    if not rows:
        print(t("cli_service.no_complaints"))
    for row in rows:
        print(f"{row.number}  {label(row.status)}  {row.customer}  {row.assignee or '-'}"
              f"  {row.subject}")  # fmt: skip
        print(f"    {'  '.join(_clock_text(clock) for clock in row.clocks) or '-'}")


# --- commands ---------------------------------------------------------------------------------


def register(app: typer.Typer) -> None:
    _register_sign_off(app)
    _register_evaluation(app)
    _register_surveys(app)
    _register_follow_ups(app)
    _register_complaints(app)


def _register_sign_off(app: typer.Typer) -> None:
    @app.command("resolve", help=t("cli_service.help.resolve"))
    def resolve(
        ctx: typer.Context,
        number: TicketArg,
        cause: Annotated[str, typer.Option("--cause", help=t("field.cause"))],
        solution: Annotated[str, typer.Option("--solution", help=t("field.solution"))],
        tools: Annotated[str | None, typer.Option("--tools", help=t("field.tools"))] = None,
        prevention: Annotated[
            str | None, typer.Option("--prevention", help=t("field.prevention"))
        ] = None,
        reason: Annotated[str | None, typer.Option("--reason", help=t("cli.help.reason"))] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import closure

        ticket = parse_number(number)

        def resolved(store: "Store", actor: "Actor") -> dict:
            record = closure.resolve(store, actor, ticket, cause=cause, solution=solution,
                                     tools=tools, prevention=prevention, reason=reason)  # fmt: skip
            return _after(store, ticket, record)

        act(ctx, resolved, as_json, _status_line("cli_service.resolved"))

    @app.command("accept", help=t("cli_service.help.accept"))
    def accept(
        ctx: typer.Context,
        number: TicketArg,
        by: ByOption,
        via: ViaOption,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import closure

        ticket, how = parse_number(number), parse_choice(ConfirmedVia, via, "--via")

        def accepted(store: "Store", actor: "Actor") -> dict:
            return _after(store, ticket, closure.accept(store, actor, ticket, by=by, via=how))

        show = _status_line("cli_service.accepted", by=by.strip(), via=label(how))
        act(ctx, accepted, as_json, show)

    @app.command("dispute", help=t("cli_service.help.dispute"))
    def dispute(
        ctx: typer.Context,
        number: TicketArg,
        reason: ReasonOption,
        by: Annotated[str | None, typer.Option("--by", help=t("cli_service.help.by"))] = None,
        via: Annotated[
            str | None, typer.Option("--via", help=choice_help("via", ConfirmedVia))
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import closure

        ticket, how = parse_number(number), parse_via(via)

        def disputed(store: "Store", actor: "Actor") -> dict:
            record = closure.dispute(store, actor, ticket, reason=reason, by=by, via=how)
            return _after(store, ticket, record)

        act(ctx, disputed, as_json, _status_line("cli_service.disputed"))


def _register_evaluation(app: typer.Typer) -> None:
    @app.command("evaluate", help=t("cli_service.help.evaluate"))
    def evaluate(
        ctx: typer.Context,
        number: TicketArg,
        finding: Annotated[str, typer.Option("--finding", help=t("field.finding"))],
        reopen: Annotated[
            bool, typer.Option("--reopen", help=t("cli_service.help.reopen"))
        ] = False,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import closure

        ticket = parse_number(number)

        def evaluated(store: "Store", actor: "Actor") -> dict:
            closure.evaluate(store, actor, ticket, finding=finding, reopen=reopen)
            return _after(store, ticket, finding=finding.strip(), reopen=reopen)

        verdict = t("service.reopen") if reopen else t("service.upheld")
        act(ctx, evaluated, as_json, _status_line("cli_service.evaluated", verdict=verdict))

    @app.command("second-fault", help=t("cli_service.help.second_fault"))
    def second_fault(
        ctx: typer.Context,
        number: TicketArg,
        earlier: Annotated[str, typer.Option("--of", help=t("cli_service.help.earlier"))],
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import second_faults

        ticket, first = parse_number(number), parse_number(earlier)

        def linked(store: "Store", actor: "Actor") -> dict:
            second_faults.link(store, actor, ticket, first)
            return _after(store, ticket, second_fault_of=first)

        act(ctx, linked, as_json, _status_line("cli_service.second_fault_linked", earlier=first))


def _register_surveys(app: typer.Typer) -> None:
    survey_app = typer.Typer(help=t("cli_service.help.survey"), no_args_is_help=True)
    app.add_typer(survey_app, name="survey")

    @survey_app.command("record", help=t("cli_service.help.survey_record"))
    def survey_record(
        ctx: typer.Context,
        number: TicketArg,
        speed: Annotated[int, typer.Option("--speed", help=t("cli_service.help.score"))],
        resolution: Annotated[int, typer.Option("--resolution", help=t("cli_service.help.score"))],
        attitude: Annotated[int, typer.Option("--attitude", help=t("cli_service.help.score"))],
        recommend: Annotated[
            int, typer.Option("--recommend", help=t("cli_service.help.recommend"))
        ],
        comment: Annotated[
            str | None, typer.Option("--comment", help=t("cli_service.help.comment"))
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import closure
        from agent_console.survey import Scores

        ticket = parse_number(number)
        scores = Scores(speed, resolution, attitude, recommend).check()  # before the store opens
        satisfied = not scores.unsatisfied
        verdict = t("service.satisfied") if satisfied else t("service.unsatisfied")

        def recorded(store: "Store", actor: "Actor") -> dict:
            record = closure.record_survey(store, actor, ticket, scores, comment)
            return _after(store, ticket, record, satisfied=satisfied)

        act(ctx, recorded, as_json, _status_line("cli_service.survey_recorded", verdict=verdict))

    @survey_app.command("summary", help=t("cli_service.help.survey_summary"))
    def survey_summary(
        ctx: typer.Context,
        since: Annotated[
            str | None, typer.Option("--since", help=t("cli_service.help.since"))
        ] = None,
        until: Annotated[
            str | None, typer.Option("--until", help=t("cli_service.help.until"))
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import closure

        first, last = parse_day(since, "--since"), parse_day(until, "--until")
        start = _local_midnight(first) if first else None
        end = _local_midnight(last + timedelta(days=1)) if last else None
        look(
            ctx,
            lambda session, _: closure.survey_summary(session, start, end).summary,
            as_json,
            _print_summary,
            lambda summary: {"since": first, "until": last, **jsonable(summary)},
        )


def _register_follow_ups(app: typer.Typer) -> None:
    followup_app = typer.Typer(help=t("cli_service.help.followup"), no_args_is_help=True)
    app.add_typer(followup_app, name="followup")

    @followup_app.command("list", help=t("cli_service.help.followup_list"))
    def followup_list(
        ctx: typer.Context,
        due_before: Annotated[
            str | None, typer.Option("--due-before", help=t("cli_service.help.due_before"))
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        day = parse_day(due_before, "--due-before")
        before = _local_midnight(day) if day else None
        look(
            ctx,
            lambda session, context: _follow_up_queue(session, context, before),
            as_json,
            _print_follow_ups,
            _follow_ups_json,
        )

    @followup_app.command("done", help=t("cli_service.help.followup_done"))
    def followup_done(
        ctx: typer.Context,
        number: TicketArg,
        outcome: Annotated[str, typer.Option("--outcome", help=t("field.outcome"))],
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store import followups

        ticket = parse_number(number)
        act(
            ctx,
            lambda store, actor: followups.complete(store, actor, ticket, outcome),
            as_json,
            _print_follow_up_made,
        )


def _follow_up_queue(
    session: "Session", context: CliContext, before: datetime | None
) -> "list[tuple[FollowUpRow, bool]]":
    """The pending calls, most urgent first, each with whether it is overdue."""
    from agent_console.store import followups

    now = context.store().now()
    return [(row, row.due_at < now) for row in followups.queue(session, due_before=before)]


def _register_complaints(app: typer.Typer) -> None:
    complaint_app = typer.Typer(help=t("cli_service.help.complaint"), no_args_is_help=True)
    app.add_typer(complaint_app, name="complaint")

    @complaint_app.command("list", help=t("cli_service.help.complaint_list"))
    def complaint_list(
        ctx: typer.Context,
        include_closed: Annotated[
            bool, typer.Option("--all", help=t("cli_service.help.complaint_all"))
        ] = False,
        as_json: JsonFlag = False,
    ) -> None:
        from agent_console.store.complaints import complaint_board

        def board(session: "Session", context: CliContext) -> "list[ComplaintRow]":
            store = context.store()
            return complaint_board(session, store.commitments, store.now(),
                                   include_closed=include_closed)  # fmt: skip

        look(ctx, board, as_json, _print_complaints, _complaints_json)
