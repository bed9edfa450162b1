"""Compact durations for narrow columns: ages and the time left on a clock."""

from datetime import datetime, timedelta


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
