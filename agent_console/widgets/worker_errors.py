"""Failures in background workers become one-line notices instead of ending the app."""

from textual.worker import Worker, WorkerState

from agent_console import crashlog
from agent_console.errors import UserError
from agent_console.i18n import t


class ReportsWorkerErrors:
    """Mix into a screen whose workers run with exit_on_error=False."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        if isinstance(error, UserError):
            message = error.message()
        else:
            log = crashlog.record(error)
            message = t("cli.internal_error", error=type(error).__name__, log=log or "-")
        self.notify(message, severity="error")  # type: ignore[attr-defined]
