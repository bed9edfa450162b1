"""`sop ...`: the standard procedures, and following one on a ticket."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from agent_console.cli.context import cli_context
from agent_console.cli.output import emit_json, local_time
from agent_console.i18n import current_language, t
from agent_console.numbering import parse_number
from agent_console.vocab import ChecklistAction, parse_choice

if TYPE_CHECKING:
    from agent_console.checklist import Progress
    from agent_console.cli.context import CliContext
    from agent_console.sop import Procedure, Procedures

_OUTCOMES = (ChecklistAction.DONE, ChecklistAction.FAILED, ChecklistAction.SKIPPED)


def register(app: typer.Typer) -> None:  # noqa: PLR0915 - one nested function per command
    sop_app = typer.Typer(help=t("cli.help.sop"), no_args_is_help=True)
    app.add_typer(sop_app, name="sop")

    @sop_app.command("list", help=t("cli.help.sop_list"))
    def sop_list(
        ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="JSON")] = False
    ) -> None:
        procedures = _procedures(cli_context(ctx))
        if as_json:
            emit_json([_summary(procedure) for procedure in procedures.procedures])
            return
        for procedure in procedures.procedures:
            title = procedure.title.in_language(current_language())
            print(f"{procedure.id}  {title}  ({t('cli.sop_steps', count=len(procedure.steps))})")

    @sop_app.command("show", help=t("cli.help.sop_show"))
    def sop_show(
        ctx: typer.Context,
        procedure_id: Annotated[str, typer.Argument(help=t("cli.help.sop_id"))],
        as_json: Annotated[bool, typer.Option("--json", help="JSON")] = False,
    ) -> None:
        procedure = _procedure(_procedures(cli_context(ctx)), procedure_id)
        if as_json:
            emit_json(_detail(procedure))
            return
        language = current_language()
        print(f"{procedure.id}  {procedure.title.in_language(language)}")
        for number, step in enumerate(procedure.steps, start=1):
            mark = "*" if step.required else " "
            print(f"\n{number}.{mark} {step.id}  {step.title.in_language(language)}")
            print(step.instructions.in_language(language))
            if step.script.zh:
                print(f"{t('sop.script')}: {step.script.in_language(language)}")
            print(f"{t('sop.expected')}: {step.expected.in_language(language)}")
            print(f"{t('sop.on_success')}: {step.on_success}  "
                  f"{t('sop.on_failure')}: {step.on_failure}")  # fmt: skip

    @sop_app.command("validate", help=t("cli.help.sop_validate"))
    def sop_validate(
        directory: Annotated[Path, typer.Argument(help=t("cli.help.sop_dir"))],
    ) -> None:
        from agent_console.sop import load_procedures

        if not directory.is_dir():
            print(f"{t('cli.error_prefix')}: {t('cli.sop_no_dir', path=str(directory))}",
                  file=sys.stderr)  # fmt: skip
            raise typer.Exit(2)
        loaded = load_procedures(directory)
        for problem in loaded.problems:
            print(str(problem), file=sys.stderr)
        print(t("cli.sop_validated", valid=len(loaded.procedures), invalid=len(loaded.problems)))
        if loaded.problems:
            raise typer.Exit(1)

    @sop_app.command("suggest", help=t("cli.help.sop_suggest"))
    def sop_suggest(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        as_json: Annotated[bool, typer.Option("--json", help="JSON")] = False,
    ) -> None:
        suggested = _suggested(cli_context(ctx), parse_number(number))
        if as_json:
            emit_json([_summary(procedure) for procedure in suggested])
            return
        for procedure in suggested:
            print(f"{procedure.id}  {procedure.title.in_language(current_language())}")
        if not suggested:
            print(t("cli.sop_none_suggested"))

    @sop_app.command("start", help=t("cli.help.sop_start"))
    def sop_start(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        procedure_id: Annotated[str | None, typer.Argument(help=t("cli.help.sop_start_id"))] = None,
    ) -> None:
        from agent_console.errors import ProcedureNotFound
        from agent_console.store import actions

        context = cli_context(ctx)
        ticket_number = parse_number(number)
        if procedure_id is None:
            suggested = _suggested(context, ticket_number)
            if not suggested:
                raise ProcedureNotFound(procedure="-")
            procedure_id = suggested[0].id
        actions.choose_procedure(context.store(), context.actor(), ticket_number, procedure_id)
        print(t("cli.sop_started", procedure=procedure_id, number=ticket_number))

    @sop_app.command("step", help=t("cli.help.sop_step"))
    def sop_step(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        step_id: Annotated[str, typer.Argument(help=t("cli.help.sop_step_id"))],
        outcome: Annotated[str, typer.Argument(help=t("cli.help.sop_outcome"))],
        note: Annotated[str | None, typer.Option("--note", help=t("cli.help.sop_note"))] = None,
    ) -> None:
        from agent_console.errors import InvalidChoice
        from agent_console.store import actions

        context = cli_context(ctx)
        action = parse_choice(ChecklistAction, outcome, "outcome")
        if action not in (*_OUTCOMES, ChecklistAction.NOTE):
            allowed = [a.value for a in (*_OUTCOMES, ChecklistAction.NOTE)]
            raise InvalidChoice(field="outcome", value=outcome, allowed=allowed)
        progress = actions.record_step(context.store(), context.actor(), parse_number(number),
                                       step_id, action, note=note)  # fmt: skip
        _print_progress(progress)

    @sop_app.command("insert", help=t("cli.help.sop_insert"))
    def sop_insert(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        title: Annotated[str, typer.Argument(help=t("cli.help.sop_insert_title"))],
    ) -> None:
        from agent_console.store import actions

        context = cli_context(ctx)
        _print_progress(
            actions.insert_step(context.store(), context.actor(), parse_number(number), title)
        )

    @sop_app.command("progress", help=t("cli.help.sop_progress"))
    def sop_progress(
        ctx: typer.Context,
        number: Annotated[str, typer.Argument(help=t("field.number"))],
        as_json: Annotated[bool, typer.Option("--json", help="JSON")] = False,
    ) -> None:
        from agent_console.store import queries

        context = cli_context(ctx)
        store = context.store()
        with store.read() as session:
            progress = queries.ticket_progress(session, store.procedures, parse_number(number))
        if progress is None:
            print(t("cli.sop_not_started", number=parse_number(number)))
            return
        if as_json:
            emit_json(_progress_json(progress))
            return
        _print_progress(progress)

    @sop_app.command("report", help=t("cli.help.sop_report"))
    def sop_report(
        ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="JSON")] = False
    ) -> None:
        from agent_console.checklist import where_procedures_end
        from agent_console.store import queries

        store = cli_context(ctx).store()
        with store.read() as session:
            runs = queries.all_progress(session, store.procedures)
        endings = where_procedures_end(progress for _, progress in runs)
        skipped = [
            {"number": number, "procedure": progress.procedure.id, "step": step.id,
             "by": step.by, "at": step.at, "reason": step.reason}
            for number, progress in runs for step in progress.skipped_required()
        ]  # fmt: skip
        if as_json:
            emit_json({"endings": endings, "required_skipped": skipped})
            return
        for ending in endings:
            outcome = t(f"sop.outcome.{ending.outcome}")
            print(f"{ending.procedure}  {ending.step or '-'}  {outcome}  "
                  f"{ending.tickets}  {ending.share:.0%}")  # fmt: skip
        if skipped:
            print(f"\n{t('sop.required_skipped')}:")
        for item in skipped:
            print(f"{item['number']}  {item['procedure']}/{item['step']}  {item['by']}  "
                  f"{local_time(item['at'])}  {item['reason']}")  # fmt: skip


def _procedures(context: "CliContext") -> "Procedures":
    from agent_console.sop import load_procedures

    loaded = load_procedures(context.settings.kb_dir / "sops")
    for problem in loaded.problems:
        print(t("cli.sop_problem", problem=str(problem)), file=sys.stderr)
    return loaded


def _procedure(procedures: "Procedures", procedure_id: str) -> "Procedure":
    from agent_console.errors import ProcedureNotFound

    procedure = procedures.get(procedure_id.strip())
    if procedure is None:
        raise ProcedureNotFound(procedure=procedure_id)
    return procedure


def _suggested(context: "CliContext", number: str) -> "list[Procedure]":
    from agent_console.store import queries

    store = context.store()
    with store.read() as session:
        detail = queries.ticket_detail(session, number, context.today())
    return queries.suggested_procedures(detail, store.procedures)


def _summary(procedure: "Procedure") -> dict:
    return {
        "id": procedure.id,
        "title": procedure.title.in_language(current_language()),
        "steps": len(procedure.steps),
    }


def _detail(procedure: "Procedure") -> dict:
    language = current_language()
    applies = procedure.applies_to
    return {
        "id": procedure.id,
        "title": procedure.title.in_language(language),
        "applies_to": {
            "categories": [category.value for category in applies.categories],
            "keywords": list(applies.keywords),
            "products": list(applies.products),
            "fault_codes": list(applies.fault_codes),
        },
        "steps": [
            {
                "id": step.id,
                "title": step.title.in_language(language),
                "instructions": step.instructions.in_language(language),
                "script": step.script.in_language(language),
                "expected": step.expected.in_language(language),
                "required": step.required,
                "on_success": step.on_success,
                "on_failure": step.on_failure,
            }
            for step in procedure.steps
        ],
    }


def _progress_json(progress: "Progress") -> dict:
    language = current_language()
    steps = [
        {"id": step.id, "title": step.title_in(language), "state": step.state.value,
         "required": step.required, "inserted": step.inserted, "by": step.by, "at": step.at,
         "reason": step.reason, "notes": list(step.notes)}
        for step in progress.steps
    ]  # fmt: skip
    return {
        "procedure": progress.procedure.id,
        "current": progress.current,
        "ended": progress.ended,
        "steps": steps,
    }


def _print_progress(progress: "Progress") -> None:
    language = current_language()
    print(f"{progress.procedure.id}  {progress.procedure.title.in_language(language)}")
    for step in progress.steps:
        pointer = ">" if step.id == progress.current else " "
        state = t(f"sop.state.{step.state.value}")
        print(f"{pointer} {step.id}  {step.title_in(language)}  [{state}]")
    if progress.ended:
        print(t(f"sop.ended.{progress.ended}"))
