"""The ticket screen's service work and closure (issue #8), by keys alone.

w offers the service actions that make sense for the ticket now (remote session, visits, parts,
estimate, dispute and evaluation, second fault); r resolves, v records the survey, o the
customer's sign-off. Each asks its fields one prompt after another (Esc or an empty answer
stops, changing nothing), checks what it can as it is typed, then calls the store in the
screen's write worker: a refusal is one translated line, and the screen reloads after a change.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen

from agent_console import parts as part_steps
from agent_console.appointments import MAX_SESSION_MINUTES, check_session_minutes
from agent_console.costs import money, parse_money
from agent_console.errors import (
    AppointmentInPast,
    InvalidValue,
    SurveyOnOpenTicket,
    TicketNotResolved,
    TransitionNotAllowed,
    UserError,
)
from agent_console.i18n import current_language, label, t
from agent_console.numbering import parse_number
from agent_console.survey import RECOMMEND_RANGE, SCORE_RANGE, Scores
from agent_console.vocab import (
    OPEN_STATUSES,
    AppointmentStatus,
    ConfirmedVia,
    EstimateStatus,
    EventKind,
    PartStatus,
    Status,
)
from agent_console.widgets.prompts import ChoicePrompt, FilledPrompt, TextPrompt

if TYPE_CHECKING:
    from textual.app import App

    from agent_console.screens.ticket import TicketView
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.store.service_record import ServiceRecord
    from agent_console.store.visits import AppointmentView

SURVEY_SCORES = (
    ("speed", SCORE_RANGE), ("resolution", SCORE_RANGE), ("attitude", SCORE_RANGE),
    ("recommend", RECOMMEND_RANGE),
)  # fmt: skip
NONE = "-"  # "no parts" on an estimate (an empty answer cancels)


def parse_survey(text: str) -> tuple[Scores, str | None]:
    """ "5 4 5 9 fixed fast": the four scores in SURVEY_SCORES order, then a comment if any.

    A missing or non-numeric score is refused naming it, as an out-of-range one is."""
    words = text.split()
    values = []
    for index, (field, (low, high)) in enumerate(SURVEY_SCORES):
        word = words[index] if index < len(words) else ""
        if not word:
            raise InvalidValue(field=field, value="", reason="empty")
        if not word.isdecimal():
            raise InvalidValue(field=field, value=word, reason="range", low=low, high=high)
        values.append(int(word))
    comment = " ".join(words[len(SURVEY_SCORES) :])
    return Scores(*values).check(), comment or None


def parse_minutes(text: str) -> int:
    if not text.isdecimal():
        raise InvalidValue(field="minutes", value=text, reason="range", low=1,
                           high=MAX_SESSION_MINUTES)  # fmt: skip
    return check_session_minutes(int(text))


def parse_local_time(text: str) -> datetime:
    """ "YYYY-MM-DD HH:MM" (or any ISO 8601 time with a date and a time); without a zone, the
    agent's local time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(field="time", value=text, reason="iso_datetime") from None
    if len(text) <= len("YYYY-MM-DD"):  # a date alone is not a time of arrival
        raise InvalidValue(field="time", value=text, reason="iso_datetime")
    return moment if moment.tzinfo else moment.astimezone()


def parse_part_specs(text: str) -> list[tuple[str, int]]:
    """ "BAT-01 FAN-02:2" as (part number, quantity) pairs; "-" is none."""
    if text.strip() == NONE:
        return []
    return [part_steps.parse_part_spec(spec, "part") for spec in text.replace(",", " ").split()]


def parse_part_spec(text: str) -> tuple[str, int]:
    found = parse_part_specs(text)
    if len(found) != 1:
        raise InvalidValue(field="part", value=text, reason="part_spec")
    return found[0]


@dataclass(frozen=True)
class Ask:
    """One question: typed (`value` prefilled, kept with Enter) or picked among `choices`.
    `parse` turns the answer into what the store takes; its UserError stops there, in one line."""

    title: str
    value: str = ""
    placeholder: str = ""
    choices: Sequence[tuple[str, str]] = ()
    parse: "Callable[[str], Any] | None" = None

    def prompt(self) -> ModalScreen[str | None]:
        if self.choices:
            return ChoicePrompt(self.title, list(self.choices))
        if self.value:
            return FilledPrompt(self.title, self.value, self.placeholder)
        return TextPrompt(self.title, self.placeholder)


# A step is a question, or makes one from the answers before it ("How did {by} confirm?").
Step = Ask | Callable[..., Ask]


def _choices(values) -> list[tuple[str, str]]:
    return [(value.value, label(value)) for value in values]


def _booked(record: "ServiceRecord") -> "AppointmentView | None":
    return next((v for v in record.appointments if v.status is AppointmentStatus.BOOKED), None)


class ServiceActions:
    """Mixed into TicketScreen: relies on its store, actor, number, view and write worker."""

    store: "Store"
    actor: "Actor"
    number: str
    view: "TicketView | None"
    app: "App[Any]"
    write: "Callable[[Callable[[], object]], object]"
    notify: "Callable[..., None]"

    def ask(self, steps: Sequence[Step], then: "Callable[..., object]") -> None:
        """Ask `steps` in order; Esc, an empty answer or a refused one stops. With every answer
        given, `then(*answers)` runs in the write worker (a store refusal is one line)."""
        answers: list[Any] = []

        def next_step() -> None:
            if len(answers) == len(steps):
                self.write(lambda: then(*answers))
                return
            step = steps[len(answers)]
            question = step if isinstance(step, Ask) else step(*answers)
            self.app.push_screen(question.prompt(), lambda text: answered(question, text))

        def answered(question: Ask, text: str | None) -> None:
            if not text:
                return
            try:
                answers.append(question.parse(text) if question.parse else text)
            except UserError as error:
                self.notify(error.message(), severity="error")
                return
            next_step()

        next_step()

    # --- w: service work ----------------------------------------------------------------------

    def action_service_work(self) -> None:
        """The service actions that make sense for the ticket now, then that action's fields."""
        if self.view is None or self.view.service is None:
            return
        offered = self._service_actions(self.view)
        if not offered:
            self.notify(t("service_prompt.no_service_work"), severity="warning")
            return
        actions = dict(offered)
        choices = [(key, text) for key, (text, _) in offered]

        def picked(key: str | None) -> None:
            if key in actions:
                actions[key][1]()

        title = t("service_prompt.service_work", number=self.number)
        self.app.push_screen(ChoicePrompt(title, choices), picked)

    def _service_actions(
        self, view: "TicketView"
    ) -> "list[tuple[str, tuple[str, Callable[[], None]]]]":
        row, record = view.detail.row, view.service
        assert record is not None
        working = row.status in OPEN_STATUSES
        booked = _booked(record)
        offered: list[tuple[str, tuple[str, Callable[[], None]]]] = []

        def offer(when: bool, key: str, text: str, start: "Callable[[], None]") -> None:
            if when:
                offered.append((key, (text, start)))

        offer(working, "remote", t("service_action.remote"), self._remote_session)
        offer(working and booked is None, "book", t("service_action.book"), self._book_visit)
        if booked is not None:
            offer(True, "reschedule", t("service_action.reschedule"), self._reschedule)
            offer(booked.confirmed_via is None, "confirm", t("service_action.confirm"),
                  self._confirm_visit)  # fmt: skip
            offer(True, "arrive", t("service_action.arrive", address=booked.address),
                  self._arrive)  # fmt: skip
        offer(working, "request_part", t("service_action.request_part"), self._request_part)
        offer(bool(self._next_part_steps(record)), "advance_part",
              t("service_action.advance_part"), self._advance_part)  # fmt: skip
        offer(bool(self._returnable_parts(record)), "return_part",
              t("service_action.return_part"), self._return_part)  # fmt: skip
        offer(working, "estimate", t("service_action.estimate"), self._make_estimate)
        pending = record.estimate is not None and record.estimate.status is EstimateStatus.PROPOSED
        offer(pending, "decide", t("service_action.decide"), self._decide_estimate)
        offer(row.status is Status.RESOLVED, "dispute", t("service_action.dispute"),
              self._dispute)  # fmt: skip
        offer(self._dispute_pending(view), "evaluate", t("service_action.evaluate"),
              self._evaluate)  # fmt: skip
        offer(record.second_fault_of is None, "second_fault", t("service_action.second_fault"),
              self._second_fault)  # fmt: skip
        return offered

    @staticmethod
    def _dispute_pending(view: "TicketView") -> bool:
        kinds = [e.kind for e in view.detail.events
                 if e.kind in (EventKind.DISPUTE, EventKind.EVALUATION)]  # fmt: skip
        return bool(kinds) and kinds[-1] is EventKind.DISPUTE

    @staticmethod
    def _next_part_steps(record: "ServiceRecord") -> list[tuple[str, str]]:
        """("delivered:BAT-L14", "BAT-L14 Battery: Delivered") for each part that can move on."""
        choices: dict[str, str] = {}
        for part in record.parts:
            step = part_steps.next_status(part.status)
            if step is not None:
                choices[f"{step.value}:{part.number}"] = f"{part.number} {part.name}: {label(step)}"
        return list(choices.items())

    @staticmethod
    def _returnable_parts(record: "ServiceRecord") -> list[tuple[str, str]]:
        return list({
            part.number: f"{part.number} {part.name}" for part in record.parts
            if part.status is PartStatus.INSTALLED and part.returned_serial is None
        }.items())  # fmt: skip

    def _future(self, text: str) -> datetime:
        start = parse_local_time(text)
        if start <= self.store.now():
            raise AppointmentInPast(at=start.astimezone().strftime("%Y-%m-%d %H:%M"))
        return start

    def _time_example(self) -> str:
        return f"{(self.store.now() + timedelta(days=1)).astimezone():%Y-%m-%d} 10:00"

    def _remote_session(self) -> None:
        from agent_console.store import visits

        self.ask(
            [Ask(t("service_prompt.remote_tool")),
             Ask(t("service_prompt.remote_minutes"), parse=parse_minutes),
             Ask(t("service_prompt.remote_outcome"))],
            lambda tool, minutes, outcome: visits.log_remote_session(
                self.store, self.actor, self.number, tool=tool, minutes=minutes, outcome=outcome),
        )  # fmt: skip

    def _book_visit(self) -> None:
        from agent_console.store import visits

        assert self.view is not None
        customer = self.view.detail.customer
        where = " ".join(part for part in (customer.region, customer.organization) if part)
        self.ask(
            [Ask(t("service_prompt.visit_engineer"), value=self.actor.name),
             Ask(t("service_prompt.visit_time"), placeholder=self._time_example(),
                 parse=self._future),
             Ask(t("service_prompt.visit_address"), value=where)],
            lambda engineer, start, address: visits.book(
                self.store, self.actor, self.number, engineer=engineer, start=start,
                address=address),
        )  # fmt: skip

    def _reschedule(self) -> None:
        from agent_console.store import visits

        self.ask(
            [Ask(t("service_prompt.reschedule_time"), placeholder=self._time_example(),
                 parse=self._future),
             Ask(t("service_prompt.reschedule_reason"))],
            lambda start, reason: visits.reschedule(self.store, self.actor, self.number,
                                                    start=start, reason=reason),
        )  # fmt: skip

    def _confirm_visit(self) -> None:
        from agent_console.store import visits

        self.ask(
            [Ask(t("service_prompt.confirm_via"), choices=_choices(ConfirmedVia))],
            lambda via: visits.confirm(self.store, self.actor, self.number, ConfirmedVia(via)),
        )

    def _arrive(self) -> None:
        from agent_console.store import visits

        self.write(lambda: visits.arrive(self.store, self.actor, self.number))

    def _request_part(self) -> None:
        from agent_console.store import parts

        self.ask(
            [Ask(t("service_prompt.part_number"), placeholder="BAT-01:2", parse=parse_part_spec)],
            lambda spec: parts.request_part(self.store, self.actor, self.number, *spec),
        )

    def _advance_part(self) -> None:
        from agent_console.store import parts

        assert self.view is not None and self.view.service is not None

        def advance(choice: str) -> object:
            status, _, part = choice.partition(":")
            return parts.advance_part(self.store, self.actor, self.number, part,
                                      PartStatus(status))  # fmt: skip

        steps = self._next_part_steps(self.view.service)
        self.ask([Ask(t("service_prompt.part_next"), choices=steps)], advance)

    def _return_part(self) -> None:
        from agent_console.store import parts

        assert self.view is not None and self.view.service is not None
        self.ask(
            [Ask(t("service_prompt.part_return"),
                 choices=self._returnable_parts(self.view.service)),
             Ask(t("service_prompt.old_serial"))],
            lambda part, serial: parts.return_old_part(self.store, self.actor, self.number,
                                                       part, serial),
        )  # fmt: skip

    def _make_estimate(self) -> None:
        from agent_console.store import estimates

        self.ask(
            [Ask(t("service_prompt.estimate_parts"), placeholder="BAT-01 FAN-02:2",
                 parse=parse_part_specs),
             Ask(t("service_prompt.estimate_labour"), value="0",
                 parse=lambda text: parse_money(text, "labour")),
             Ask(t("service_prompt.estimate_travel"), value="0",
                 parse=lambda text: parse_money(text, "travel"))],
            lambda wanted, labour, travel: estimates.make_estimate(
                self.store, self.actor, self.number, part_numbers=wanted, labour_cents=labour,
                travel_cents=travel),
        )  # fmt: skip

    def _decide_estimate(self) -> None:
        from agent_console.store import estimates

        assert self.view is not None and self.view.service is not None
        estimate = self.view.service.estimate
        assert estimate is not None
        answers = [("accept", t("service_prompt.estimate_accept")),
                   ("decline", t("service_prompt.estimate_decline"))]  # fmt: skip
        self.ask(
            [Ask(t("service_prompt.estimate_answer", total=money(estimate.total_cents)),
                 choices=answers),
             Ask(t("service_prompt.estimate_by"), value=self.view.detail.customer.name),
             lambda _, by: Ask(t("service_prompt.estimate_via", by=by),
                               choices=_choices(ConfirmedVia))],
            lambda answer, by, via: estimates.decide_estimate(
                self.store, self.actor, self.number, accepted=answer == "accept", by=by,
                via=ConfirmedVia(via)),
        )  # fmt: skip

    def _dispute(self) -> None:
        from agent_console.store import closure

        self.ask(
            [Ask(t("service_prompt.dispute_reason"))],
            lambda reason: closure.dispute(self.store, self.actor, self.number, reason=reason),
        )

    def _evaluate(self) -> None:
        from agent_console.store import closure

        findings = [("upheld", t("service_prompt.evaluation_upheld")),
                    ("reopen", t("service_prompt.evaluation_reopen"))]  # fmt: skip
        self.ask(
            [Ask(t("service_prompt.evaluation_finding")),
             Ask(t("service_prompt.evaluation_outcome"), choices=findings)],
            lambda finding, outcome: closure.evaluate(self.store, self.actor, self.number,
                                                      finding=finding, reopen=outcome == "reopen"),
        )  # fmt: skip

    def _second_fault(self) -> None:
        from agent_console.store import second_faults

        self.ask(
            [Ask(t("service_prompt.second_fault_of"), placeholder="T-000123",
                 parse=parse_number)],
            lambda earlier: second_faults.link(self.store, self.actor, self.number, earlier),
        )  # fmt: skip

    # --- r, v, o: resolution, survey and sign-off ---------------------------------------------

    def action_resolve(self) -> None:
        """How it was fixed: the cause, then the solution (and why, with required steps open)."""
        if self.view is None:
            return
        from agent_console.store import closure

        row = self.view.detail.row
        resolving = row.status is not Status.RESOLVED
        if resolving and Status.RESOLVED not in self.view.next_statuses:  # closed: said at once
            refusal = TransitionNotAllowed(
                number=row.number, old=row.status.value, new=Status.RESOLVED.value,
                allowed=[status.value for status in self.view.next_statuses],
            )  # fmt: skip
            self.notify(refusal.message(), severity="error")
            return
        progress = self.view.progress
        open_steps = progress.open_required() if progress and resolving else []
        steps: list[Step] = [Ask(t("service_prompt.cause")), Ask(t("service_prompt.solution"))]
        if open_steps:
            titles = ", ".join(step.title_in(current_language()) for step in open_steps)
            steps.append(Ask(t("prompt.resolve_reason", steps=titles)))

        def resolve(cause: str, solution: str, reason: str | None = None) -> object:
            return closure.resolve(self.store, self.actor, self.number, cause=cause,
                                   solution=solution, reason=reason)  # fmt: skip

        self.ask(steps, resolve)

    def action_survey(self) -> None:
        """The customer's four scores (and a comment) on one line: "5 4 5 9 quick fix"."""
        if self.view is None:
            return
        from agent_console.store import closure

        row = self.view.detail.row
        if row.status in OPEN_STATUSES:  # said before the agent types the answers, not after
            refusal = SurveyOnOpenTicket(number=row.number, status=row.status.value)
            self.notify(refusal.message(), severity="error")
            return
        self.ask(
            [Ask(t("service_prompt.survey"), placeholder="5 5 5 10", parse=parse_survey)],
            lambda answer: closure.record_survey(self.store, self.actor, self.number, *answer),
        )

    def action_sign_off(self) -> None:
        """The customer accepts the fix: who confirmed it, then how; the ticket closes."""
        if self.view is None:
            return
        from agent_console.store import closure

        row, customer = self.view.detail.row, self.view.detail.customer
        if row.status is not Status.RESOLVED:
            refusal = TicketNotResolved(number=row.number, status=row.status.value)
            self.notify(refusal.message(), severity="error")
            return
        self.ask(
            [Ask(t("service_prompt.sign_off_by"), placeholder=customer.name),
             lambda by: Ask(t("service_prompt.sign_off_via", by=by),
                            choices=_choices(ConfirmedVia))],
            lambda by, via: closure.accept(self.store, self.actor, self.number, by=by,
                                           via=ConfirmedVia(via)),
        )  # fmt: skip
