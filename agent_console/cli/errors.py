"""Every failure becomes one line on stderr and an exit code; never a traceback."""

import sys
from pathlib import Path

from agent_console import crashlog
from agent_console.errors import UserError
from agent_console.i18n import detect_language, set_language, t

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


def fail_line(message: str) -> None:
    print(f"{t('cli.error_prefix')}: {message}", file=sys.stderr)


def _language_flag(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _usage_message(error: Exception) -> str | None:
    """The message of a command-line usage error (a missing option, a wrong type).

    Typer vendors Click and does not export its exception classes, so they are known by shape.
    """
    format_message = getattr(error, "format_message", None)
    return format_message() if callable(format_message) else None


def _dispatch(argv: list[str]) -> object:
    """Start the workstation, or run the command `argv` names through Typer."""
    from agent_console.cli.workstation import start_workstation, workstation_options

    options = workstation_options(argv)
    if options is not None:
        db = options.get("db")
        start_workstation(Path(db) if db else None, options.get("lang"), options.get("agent"))
        return EXIT_OK
    from agent_console.cli.app import build_app

    return build_app()(args=argv, prog_name="agent-console", standalone_mode=False)


def run_guarded(argv: list[str]) -> int:
    from agent_console.config import load_settings

    try:
        settings = load_settings(lang=_language_flag(argv))
        set_language(settings.lang or detect_language())
    except (UserError, ValueError):
        set_language(detect_language())  # the callback reports the bad setting in one line
    try:
        result = _dispatch(argv)
    except UserError as error:
        fail_line(error.message())
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as error:  # the last line of defence: log it, never show a traceback
        if type(error).__name__ == "Abort":  # Typer's (Click's) answer to ctrl+c at a prompt
            return EXIT_FAILURE
        usage = _usage_message(error)
        if usage is not None:
            fail_line(usage)
            return EXIT_BAD_INPUT
        log = crashlog.record(error)
        fail_line(t("cli.internal_error", error=type(error).__name__, log=log or "-"))
        return EXIT_FAILURE
    return result if isinstance(result, int) else EXIT_OK
