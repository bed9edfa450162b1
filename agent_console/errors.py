"""Errors a user can cause. Each carries a translation key and its parameters, so the CLI and
the TUI render the same one-line message in the user's language."""


class UserError(Exception):
    """Bad input or an impossible request: report it in one line and change nothing.

    A `reason` parameter is itself a translation key under ``reason.``.
    """

    key = "error.generic"

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(f"{self.key}: {params}")

    def message(self) -> str:
        from agent_console.i18n import t

        params = dict(self.params)
        if "reason" in params:
            params["reason"] = t(f"reason.{params['reason']}", **self.params)
        return t(self.key, **params)


class InvalidChoice(UserError):
    key = "error.invalid_choice"

    def __init__(self, *, field: str, value: str, allowed: list[str]) -> None:
        super().__init__(field=field, value=value, allowed=", ".join(allowed))


class InvalidValue(UserError):
    key = "error.invalid_value"

    def __init__(self, *, field: str, value: str, reason: str, **details: object) -> None:
        super().__init__(field=field, value=value, reason=reason, **details)


class TicketNotFound(UserError):
    key = "error.ticket_not_found"

    def __init__(self, *, number: str) -> None:
        super().__init__(number=number)


class CustomerNotFound(UserError):
    key = "error.customer_not_found"

    def __init__(self, *, query: str) -> None:
        super().__init__(query=query)


class AmbiguousCustomer(UserError):
    key = "error.customer_ambiguous"

    def __init__(self, *, query: str, candidates: list[str]) -> None:
        super().__init__(query=query, count=len(candidates), candidates="; ".join(candidates))


class DeviceNotFound(UserError):
    key = "error.device_not_found"

    def __init__(self, *, serial: str) -> None:
        super().__init__(serial=serial)


class DeviceNotOwned(UserError):
    key = "error.device_not_owned"

    def __init__(self, *, serial: str, customer: str) -> None:
        super().__init__(serial=serial, customer=customer)


class DuplicateSerial(UserError):
    key = "error.duplicate_serial"

    def __init__(self, *, serial: str) -> None:
        super().__init__(serial=serial)


class ArticleNotFound(UserError):
    key = "error.article_not_found"

    def __init__(self, *, article: str) -> None:
        super().__init__(article=article)


class TeamNotFound(UserError):
    key = "error.team_not_found"

    def __init__(self, *, team: str) -> None:
        super().__init__(team=team)


class AgentNotFound(UserError):
    key = "error.agent_not_found"

    def __init__(self, *, agent: str) -> None:
        super().__init__(agent=agent)


class TransitionNotAllowed(UserError):
    key = "error.transition_not_allowed"

    def __init__(self, *, number: str, old: str, new: str, allowed: list[str]) -> None:
        super().__init__(number=number, old=old, new=new, allowed=", ".join(allowed) or "-")


class NothingToChange(UserError):
    key = "error.nothing_to_change"

    def __init__(self, *, number: str) -> None:
        super().__init__(number=number)


class StoreDirectoryMissing(UserError):
    key = "error.store_directory_missing"

    def __init__(self, *, path: str, directory: str) -> None:
        super().__init__(path=path, directory=directory)


class NotAStore(UserError):
    key = "error.not_a_store"

    def __init__(self, *, path: str, reason: str, detail: str = "") -> None:
        super().__init__(path=path, reason=reason, detail=detail)


class StoreTooNew(UserError):
    key = "error.store_too_new"

    def __init__(self, *, path: str, revision: str) -> None:
        super().__init__(path=path, revision=revision)


class StoreBusy(UserError):
    key = "error.store_busy"

    def __init__(self, *, path: str) -> None:
        super().__init__(path=path)


class StoreExists(UserError):
    key = "error.store_exists"

    def __init__(self, *, path: str) -> None:
        super().__init__(path=path)


class ConfigInvalid(UserError):
    key = "error.config_invalid"

    def __init__(self, *, source: str, detail: str) -> None:
        super().__init__(source=source, detail=detail)


class CalendarInvalid(UserError):
    key = "error.calendar_invalid"

    def __init__(self, *, file: str, key: str, detail: str) -> None:
        super().__init__(file=file, entry=key, detail=detail)


class PolicyInvalid(UserError):
    key = "error.policy_invalid"

    def __init__(self, *, file: str, key: str, detail: str) -> None:
        super().__init__(file=file, entry=key, detail=detail)


class ProcedureNotFound(UserError):
    key = "error.procedure_not_found"

    def __init__(self, *, procedure: str) -> None:
        super().__init__(procedure=procedure)


class NoProcedureChosen(UserError):
    key = "error.no_procedure_chosen"

    def __init__(self, *, number: str) -> None:
        super().__init__(number=number)


class StepNotFound(UserError):
    key = "error.step_not_found"

    def __init__(self, *, number: str, procedure: str, step: str) -> None:
        super().__init__(number=number, procedure=procedure, step=step)


class SkipNeedsReason(UserError):
    key = "error.skip_needs_reason"

    def __init__(self, *, number: str, step: str) -> None:
        super().__init__(number=number, step=step)


class RequiredStepsOpen(UserError):
    key = "error.required_steps_open"

    def __init__(self, *, number: str, steps: list[str]) -> None:
        super().__init__(number=number, steps=", ".join(steps))


class ProcedureEnded(UserError):
    key = "error.procedure_ended"

    def __init__(self, *, number: str, procedure: str) -> None:
        super().__init__(number=number, procedure=procedure)


class StoreHasOwnTeams(UserError):
    key = "error.store_has_own_teams"

    def __init__(self, *, path: str) -> None:
        super().__init__(path=path)


class NotLoggedIn(UserError):
    key = "error.not_logged_in"


class ServerUnreachable(UserError):
    key = "error.server_unreachable"

    def __init__(self, *, server: str, detail: str) -> None:
        super().__init__(server=server, detail=detail)


class TokenRefused(UserError):
    key = "error.token_refused"

    def __init__(self, *, server: str) -> None:
        super().__init__(server=server)


class SyncRefused(UserError):
    key = "error.sync_refused"

    def __init__(self, *, server: str, status: int, detail: str) -> None:
        super().__init__(server=server, status=status, detail=detail)


class ServerDatabaseInvalid(UserError):
    key = "error.server_db_invalid"

    def __init__(self, *, url: str, detail: str) -> None:
        super().__init__(url=url, detail=detail)


class MemberExists(UserError):
    key = "error.member_exists"

    def __init__(self, *, name: str) -> None:
        super().__init__(name=name)


class MemberNotFound(UserError):
    key = "error.member_not_found"

    def __init__(self, *, name: str) -> None:
        super().__init__(name=name)


# --- service execution and closure (issue #8) ------------------------------------------------


class PartNotFound(UserError):
    key = "error.part_not_found"  # params: part


class DuplicatePart(UserError):
    key = "error.duplicate_part"  # params: part


class PartNotOnTicket(UserError):
    key = "error.part_not_on_ticket"  # params: number, part, status (the step it would take)


class EstimateNotAccepted(UserError):
    key = "error.estimate_not_accepted"  # params: number, total, status


class PartNotEstimated(UserError):
    key = "error.part_not_estimated"  # params: number, part


class NoPendingEstimate(UserError):
    key = "error.no_pending_estimate"  # params: number


class AppointmentInPast(UserError):
    key = "error.appointment_in_past"  # params: at


class AppointmentExists(UserError):
    key = "error.appointment_exists"  # params: number, at


class NoAppointment(UserError):
    key = "error.no_appointment"  # params: number


class TicketNotResolved(UserError):
    key = "error.ticket_not_resolved"  # params: number, status


class NoDisputePending(UserError):
    key = "error.no_dispute_pending"  # params: number


class SurveyOnOpenTicket(UserError):
    key = "error.survey_on_open_ticket"  # params: number, status


class NoFollowUpPending(UserError):
    key = "error.no_follow_up_pending"  # params: number


class SecondFaultRefused(UserError):
    """A ticket cannot be linked as a second fault; `reason` says why."""

    key = "error.second_fault_refused"  # params: number, earlier, reason


class NoResolutionRecord(UserError):
    key = "error.no_resolution_record"  # params: number


class DraftExists(UserError):
    key = "error.draft_exists"  # params: number, article, status


class DraftNotFound(UserError):
    key = "error.draft_not_found"  # params: article


class DraftReviewed(UserError):
    key = "error.draft_reviewed"  # params: article, status


class DraftTextInvalid(UserError):
    key = "error.draft_text_invalid"  # params: article, line, detail


class ReviewerRequired(UserError):
    key = "error.reviewer_required"  # params: name


class SupervisorRequired(UserError):
    key = "error.supervisor_required"  # params: name, number
