"""Business calendars: how much working time lies between two instants, and when a promise
made in working time falls due.

All arithmetic is done on UTC instants; each calendar day's business periods are built in the
calendar's own time zone, so daylight-saving changes and inputs in other zones come out right.
Periods are half-open: [start, end).
"""

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent_console.errors import CalendarInvalid

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONDAY = 0
SEARCH_DAYS = 3 * 366  # a deadline further than this from its start means the calendar is empty

Period = tuple[str, str]


class CalendarError(ValueError):
    """A calendar definition that cannot be used; `key` names the offending entry."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


def _minutes_of_day(text: str, key: str) -> int:
    try:
        hours, minutes = (int(part) for part in text.split(":"))
    except ValueError:
        raise CalendarError(key, f"bad time {text!r}, expected HH:MM") from None
    total = hours * 60 + minutes
    if not (0 <= minutes < 60 and 0 <= total <= 24 * 60) or len(text) != 5:
        raise CalendarError(key, f"bad time {text!r}, expected HH:MM between 00:00 and 24:00")
    return total


def _day_periods(periods: Iterable[Period], key: str) -> tuple[tuple[int, int], ...]:
    parsed = []
    for start_text, end_text in periods:
        start = _minutes_of_day(start_text, key)
        end = _minutes_of_day(end_text, key)
        if end <= start:
            raise CalendarError(key, f"period {start_text}-{end_text} ends before it starts")
        parsed.append((start, end))
    parsed.sort()
    for (_, earlier_end), (later_start, _) in pairwise(parsed):
        if later_start < earlier_end:
            raise CalendarError(key, "periods overlap")
    return tuple(parsed)


@dataclass(frozen=True)
class _Span:
    start: datetime  # UTC
    end: datetime  # UTC


class BusinessCalendar:
    def __init__(
        self,
        timezone: str,
        hours: Mapping[int, Iterable[Period]],
        holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
    ) -> None:
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CalendarError("timezone", f"unknown time zone {timezone!r}") from None
        self.timezone = timezone
        self.hours: dict[int, tuple[tuple[int, int], ...]] = {}
        for weekday, periods in hours.items():
            if weekday not in range(7):
                raise CalendarError(f"hours.{weekday}", "unknown weekday (0 = Monday ... 6)")
            self.hours[weekday] = _day_periods(periods, f"hours.{WEEKDAYS[weekday]}")
        self.holidays = frozenset(holidays)
        self.extra_workdays = frozenset(extra_workdays)

    # --- periods ----------------------------------------------------------------------------

    def _periods_of(self, day: date) -> tuple[tuple[int, int], ...]:
        if day in self.holidays:
            return ()
        weekday = MONDAY if day in self.extra_workdays else day.weekday()
        return self.hours.get(weekday, ())

    def _local(self, day: date, minute_of_day: int) -> datetime:
        # Wall-clock time in the zone, so 09:00 is 09:00 on a DST-change day too; "24:00" is
        # the next day's midnight.
        wall = datetime.combine(day, time()) + timedelta(minutes=minute_of_day)
        return wall.replace(tzinfo=self.zone)

    def _spans_from(self, day: date) -> Iterator[_Span]:
        """Business periods in UTC, day by day from `day` on."""
        for offset in range(SEARCH_DAYS):
            current = day + timedelta(days=offset)
            for start, end in self._periods_of(current):
                yield _Span(
                    self._local(current, start).astimezone(UTC),
                    self._local(current, end).astimezone(UTC),
                )

    # --- the two questions ------------------------------------------------------------------

    def add_business_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant `minutes` of business time after `start` (in `start`'s zone)."""
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        moment = start.astimezone(UTC)
        remaining = timedelta(minutes=minutes)
        first_day = moment.astimezone(self.zone).date() - timedelta(days=1)
        for span in self._spans_from(first_day):
            if span.end <= moment:
                continue
            begin = max(span.start, moment)
            if remaining <= span.end - begin:
                return (begin + remaining).astimezone(start.tzinfo)
            remaining -= span.end - begin
        raise ValueError(f"no business time within {SEARCH_DAYS} days of {start.isoformat()}")

    def business_minutes_between(self, a: datetime, b: datetime) -> float:
        """Business minutes in [a, b); zero when b is not after a."""
        if a.tzinfo is None or b.tzinfo is None:
            raise ValueError("a and b must be timezone-aware")
        start, end = a.astimezone(UTC), b.astimezone(UTC)
        total = timedelta()
        first_day = start.astimezone(self.zone).date() - timedelta(days=1)
        for span in self._spans_from(first_day):
            if span.start >= end:
                break
            overlap = min(span.end, end) - max(span.start, start)
            if overlap > timedelta():
                total += overlap
        return total / timedelta(minutes=1)


def _dates(values: object, key: str) -> list[date]:
    if not isinstance(values, list):
        raise CalendarError(key, "expected a list of dates")
    days = []
    for index, value in enumerate(values):
        if isinstance(value, date) and not isinstance(value, datetime):
            days.append(value)
            continue
        try:
            days.append(date.fromisoformat(str(value)))
        except ValueError:
            raise CalendarError(f"{key}[{index}]", f"bad date {value!r}") from None
    return days


def calendar_from_mapping(data: Mapping[str, object]) -> BusinessCalendar:
    """A calendar from parsed TOML: timezone, [hours] by weekday name, holidays, extra days."""
    hours_table = data.get("hours")
    if not isinstance(hours_table, Mapping):
        raise CalendarError("hours", "missing table of business hours by weekday")
    hours: dict[int, list[Period]] = {}
    for name, periods in hours_table.items():
        if name not in WEEKDAYS:
            raise CalendarError(f"hours.{name}", "unknown weekday (mon ... sun)")
        if not isinstance(periods, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in periods
        ):
            raise CalendarError(f"hours.{name}", 'expected [["HH:MM", "HH:MM"], ...]')
        hours[WEEKDAYS.index(name)] = [(start, end) for start, end in periods]
    timezone = data.get("timezone")
    if not isinstance(timezone, str):
        raise CalendarError("timezone", "missing time zone name, e.g. Asia/Shanghai")
    return BusinessCalendar(
        timezone,
        hours,
        holidays=_dates(data.get("holidays", []), "holidays"),
        extra_workdays=_dates(data.get("extra_workdays", []), "extra_workdays"),
    )


def load_calendar(path: Path) -> BusinessCalendar:
    """Read a calendar file; a bad one is refused naming the file, the key and the reason."""
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
        return calendar_from_mapping(data)
    except tomllib.TOMLDecodeError as error:
        raise CalendarInvalid(file=str(path), key="-", detail=str(error)) from None
    except CalendarError as error:
        raise CalendarInvalid(file=str(path), key=error.key, detail=error.reason) from None
