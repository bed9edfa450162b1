"""Where a ticket stands in its procedure, read from the append-only checklist records.

Nothing here is stored: the records are the truth (they sync and never conflict), and the
state is replayed from them, so a second engineer sees exactly where the first one stopped.
The walk starts at the first step and follows each step's recorded outcome: done takes the
success branch, failed the failure branch, skipped the next step in order. The first step
without an outcome is the current one; reaching resolve or escalate ends the procedure.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from agent_console.sop import ENDS, Bilingual, Procedure, Procedures, Step
from agent_console.vocab import ChecklistAction


class StepState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


_OUTCOMES = {
    ChecklistAction.DONE: StepState.DONE,
    ChecklistAction.FAILED: StepState.FAILED,
    ChecklistAction.SKIPPED: StepState.SKIPPED,
}


@dataclass(frozen=True)
class Record:
    """One checklist record, as the store keeps it."""

    procedure: str
    step: str | None
    action: ChecklistAction
    note: str | None
    author: str
    at: datetime
    before_step: str | None = None
    required: bool = False


@dataclass(frozen=True)
class StepProgress:
    id: str
    title: Bilingual | str  # an inserted step has the engineer's own words
    required: bool
    state: StepState = StepState.PENDING
    by: str | None = None
    at: datetime | None = None
    reason: str | None = None  # why it was skipped
    notes: tuple[str, ...] = ()
    definition: Step | None = None  # None for an inserted step

    @property
    def inserted(self) -> bool:
        return self.definition is None

    def title_in(self, language: str) -> str:
        return self.title if isinstance(self.title, str) else self.title.in_language(language)


@dataclass(frozen=True)
class Progress:
    procedure: Procedure
    steps: list[StepProgress]  # in definition order, inserted steps before the step they precede
    current: str | None  # the step to do next, None once the procedure has ended
    ended: str | None  # RESOLVE or ESCALATE once reached
    last_step: str | None  # the step whose outcome led to the end, or the defined step it is at
    resolved_early: bool = False
    path: list[str] = field(default_factory=list)  # the defined steps walked, in order

    def step(self, step_id: str) -> StepProgress | None:
        return next((step for step in self.steps if step.id == step_id), None)

    def open_required(self) -> list[StepProgress]:
        """Required steps still to do: none once the procedure has ended, else the current
        step and the required steps after it that have no outcome."""
        if self.current is None:
            return []
        ids = [step.id for step in self.steps]
        later = self.steps[ids.index(self.current) :]
        return [s for s in later if s.required and s.state is StepState.PENDING]

    def skipped_required(self) -> list[StepProgress]:
        """Required steps skipped: supervisors see these."""
        return [s for s in self.steps if s.required and s.state is StepState.SKIPPED]


def chosen_procedure(records: Iterable[Record]) -> str | None:
    """The procedure chosen last, if any."""
    chosen = [r.procedure for r in records if r.action is ChecklistAction.CHOSEN]
    return chosen[-1] if chosen else None


def progress_of(procedures: Procedures, records: Sequence[Record]) -> Progress | None:
    """The progress of the procedure chosen last; None if none was, or it no longer exists."""
    chosen = chosen_procedure(records)
    procedure = procedures.get(chosen) if chosen else None
    return progress(procedure, records) if procedure else None


def progress(procedure: Procedure, records: Sequence[Record]) -> Progress:
    """The state of the procedure from the records since it was last chosen."""
    since = _since_chosen(procedure.id, records)
    inserted = [r for r in since if r.action is ChecklistAction.INSERTED and r.step]
    steps = {step.id: _step_progress(step, since) for step in procedure.steps}
    extras: dict[str, list[StepProgress]] = {}
    for record in inserted:
        extra = _inserted_progress(record, since)
        extras.setdefault(record.before_step or "", []).append(extra)

    current: str | None = None
    path: list[str] = []
    target = procedure.steps[0].id
    last_step: str | None = None
    while target not in ENDS:
        pending_extra = next(
            (e for e in extras.get(target, []) if e.state is StepState.PENDING), None
        )
        if pending_extra is not None:
            current, last_step = pending_extra.id, target  # it stands before `target`
            break
        step = steps[target]
        last_step = target
        if step.state is StepState.PENDING:
            current = target
            break
        path.append(target)
        target = _following(procedure, step)
    ordered = [
        item for step in procedure.steps for item in (*extras.get(step.id, []), steps[step.id])
    ]
    return Progress(
        procedure=procedure,
        steps=ordered,
        current=current,
        ended=None if current is not None else target,
        last_step=last_step,
        resolved_early=any(r.action is ChecklistAction.RESOLVED_EARLY for r in since),
        path=path,
    )


def _since_chosen(procedure_id: str, records: Sequence[Record]) -> list[Record]:
    start = 0
    for index, record in enumerate(records):
        if record.action is ChecklistAction.CHOSEN:
            start = index
    if not records or records[start].procedure != procedure_id:
        return []
    return [r for r in records[start:] if r.procedure == procedure_id]


def _following(procedure: Procedure, step: StepProgress) -> str:
    definition = step.definition
    assert definition is not None  # only defined steps branch
    if step.state is StepState.DONE:
        return definition.on_success
    if step.state is StepState.FAILED:
        return definition.on_failure
    ids = [s.id for s in procedure.steps]
    position = ids.index(step.id)
    # Skipping the last step means it was not done: its failure branch decides.
    return ids[position + 1] if position + 1 < len(ids) else definition.on_failure


def _outcome_fields(step_id: str, records: Sequence[Record]) -> dict:
    """State, who, when, skip reason and notes of one step from its records."""
    fields: dict = {}
    notes: list[str] = []
    for record in records:
        if record.step != step_id:
            continue
        if record.action in _OUTCOMES:
            fields.update(state=_OUTCOMES[record.action], by=record.author, at=record.at)
            fields["reason"] = record.note if record.action is ChecklistAction.SKIPPED else None
            if record.note and record.action is not ChecklistAction.SKIPPED:
                notes.append(record.note)
        elif record.action is ChecklistAction.NOTE and record.note:
            notes.append(record.note)
    fields["notes"] = tuple(notes)
    return fields


def _step_progress(step: Step, records: Sequence[Record]) -> StepProgress:
    return StepProgress(
        step.id, step.title, step.required, definition=step, **_outcome_fields(step.id, records)
    )


def _inserted_progress(record: Record, records: Sequence[Record]) -> StepProgress:
    assert record.step is not None
    return StepProgress(
        record.step, record.note or record.step, False, **_outcome_fields(record.step, records)
    )


# --- reports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ending:
    procedure: str
    step: str | None  # the step that ended it, or where it stands while unfinished
    outcome: str  # RESOLVE, ESCALATE, or "open"
    tickets: int
    share: float  # of the procedure's tickets


OPEN = "open"


def where_procedures_end(runs: Iterable[Progress]) -> list[Ending]:
    """Per procedure and step, how many tickets ended there and how: "blue screens fixed by
    the driver step" is the share of blue-screen runs ending at drivers with resolve."""
    counts: Counter[tuple[str, str | None, str]] = Counter()
    totals: Counter[str] = Counter()
    for run in runs:
        counts[run.procedure.id, run.last_step, run.ended or OPEN] += 1
        totals[run.procedure.id] += 1
    return [
        Ending(procedure, step, outcome, tickets, tickets / totals[procedure])
        for (procedure, step, outcome), tickets in sorted(
            counts.items(), key=lambda item: (item[0][0], -item[1], str(item[0][1]))
        )
    ]
