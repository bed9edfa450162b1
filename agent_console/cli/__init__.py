"""The `agent-console` command. Heavy modules (Textual, the store) load inside the commands
that need them, so `--help` and scripting commands start fast."""

import sys
from collections.abc import Sequence

from agent_console.cli.errors import run_guarded


def main() -> None:
    sys.exit(run(sys.argv[1:]))


def run(argv: Sequence[str]) -> int:
    """Run the command line `argv` and return the exit code (0 ok, 2 bad input, 1 failure)."""
    return run_guarded(list(argv))
