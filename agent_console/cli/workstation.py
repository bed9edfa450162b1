"""Starting the workstation: `agent-console` with no command.

A command line of nothing but root options is recognised here, without Typer: Typer checks
option values through pydantic, and the two take a tenth of a second to load before the
queue can be drawn. Anything else (a command, --help, --version) goes to Typer.
"""

from collections.abc import Sequence
from pathlib import Path

# The root options of cli.app, by flag: the name of their setting.
ROOT_OPTIONS = {"--db": "db", "--lang": "lang", "--as": "agent"}


def workstation_options(argv: Sequence[str]) -> dict[str, str] | None:
    """The settings `argv` gives if it only starts the workstation, else None."""
    found: dict[str, str] = {}
    args = iter(argv)
    for arg in args:
        flag, has_value, value = arg.partition("=")
        if flag not in ROOT_OPTIONS:
            return None
        if not has_value and (value := next(args, None)) is None:
            return None  # a flag without its value: Typer says what is missing
        found[ROOT_OPTIONS[flag]] = value
    return found


def start_workstation(db: Path | None, lang: str | None, agent: str | None) -> None:
    """Open the store the settings name and run the TUI on it until the user quits."""
    from agent_console.app import run_tui
    from agent_console.cli.context import CliContext
    from agent_console.config import load_settings
    from agent_console.i18n import detect_language, set_language

    settings = load_settings(db=db, lang=lang, agent=agent)
    set_language(settings.lang or detect_language())
    context = CliContext(settings)
    try:
        run_tui(context.store(), settings)
    finally:
        context.close()
