"""Durations as people read them: compact ones for narrow columns (ages and the time left on
a clock), and business minutes in the words of a catalog."""

from datetime import datetime, timedelta

from agent_console.i18n import t


def compact(span: timedelta) -> str:
    """45m, 3h05m, 2d04h: at most six cells, minute precision."""
    minutes = int(abs(span).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d{hours:02d}h" if days < 100 else f"{days}d"
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m"


def age(created: datetime, now: datetime) -> str:
    return compact(now - created)


def time_left(due: datetime | None, now: datetime) -> tuple[str, str]:
    """The remaining time and its state: "" (no clock), "ok", "warning" (< 2 h) or "overdue"."""
    if due is None:
        return "-", ""
    left = due - now
    if left < timedelta(0):
        return f"-{compact(left)}", "overdue"
    return compact(left), "warning" if left < timedelta(hours=2) else "ok"


def business_time(minutes: float | None, words: str) -> str:
    """Business minutes as hours and minutes, in the `words.hours_minutes` and
    `words.minutes` texts of the catalog ("2 h 05 min" for a report, "2h05m" for a screen);
    "-" when there is nothing to measure."""
    if minutes is None:
        return "-"
    hours, rest = divmod(round(minutes), 60)
    if hours:
        return t(f"{words}.hours_minutes", hours=hours, minutes=f"{rest:02d}")
    return t(f"{words}.minutes", minutes=rest)
