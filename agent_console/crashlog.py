"""Where unexpected failures go: a log file, so users see one line and never a traceback."""

import logging
import traceback
from pathlib import Path

from platformdirs import user_log_path


def crash_log_path() -> Path:
    return user_log_path("agent-console") / "crash.log"


def record(error: BaseException) -> Path | None:
    """Append the error's traceback to the crash log; the log's path, or None if unwritable."""
    path = crash_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write("".join(traceback.format_exception(error)))
    except OSError:
        logging.getLogger("agent_console").exception("cannot write %s", path)
        return None
    return path
