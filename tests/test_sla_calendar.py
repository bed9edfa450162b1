"""Business calendars: the arithmetic every service promise depends on."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_console.errors import CalendarInvalid
from agent_console.sla import BusinessCalendar, CalendarError, load_calendar

KB = Path(__file__).parent.parent / "kb" / "calendars"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAY_HOURS = {day: [("09:00", "12:00"), ("13:30", "18:00")] for day in range(5)}


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def china() -> BusinessCalendar:
    return load_calendar(KB / "cn-mainland-2026.toml")


@pytest.fixture(scope="module")
def always() -> BusinessCalendar:
    return load_calendar(KB / "always-open.toml")


@pytest.mark.parametrize(
    ("start", "minutes", "due", "why"),
    [
        (sh(2026, 11, 20, 10, 0), 60, sh(2026, 11, 20, 11, 0), "inside a morning"),
        (sh(2026, 11, 20, 11, 30), 60, sh(2026, 11, 20, 14, 0), "across the lunch break"),
        (sh(2026, 11, 20, 11, 0), 60, sh(2026, 11, 20, 12, 0), "exactly the end of a period"),
        (sh(2026, 11, 20, 12, 15), 30, sh(2026, 11, 20, 14, 0), "start in the lunch break"),
        (sh(2026, 11, 20, 7, 0), 30, sh(2026, 11, 20, 9, 30), "start before opening"),
        (sh(2026, 11, 20, 17, 30), 60, sh(2026, 11, 23, 9, 30), "Friday evening to Monday"),
        (sh(2026, 11, 21, 10, 0), 0, sh(2026, 11, 23, 9, 0), "0 minutes: next opening"),
        (sh(2026, 11, 20, 10, 0), 0, sh(2026, 11, 20, 10, 0), "0 minutes in business time"),
        (sh(2026, 11, 20, 12, 0), 0, sh(2026, 11, 20, 13, 30), "0 minutes at a period end"),
        (sh(2026, 9, 30, 17, 0), 120, sh(2026, 10, 8, 10, 0), "over the National Day week"),
        (sh(2026, 9, 19, 10, 0), 30, sh(2026, 9, 20, 9, 30), "to a make-up Sunday"),
        (sh(2026, 2, 13, 17, 0), 120, sh(2026, 2, 14, 10, 0), "Spring Festival make-up day"),
        (sh(2026, 2, 14, 17, 0), 120, sh(2026, 2, 24, 10, 0), "over the Spring Festival"),
        (sh(2026, 12, 31, 17, 30), 60, sh(2027, 1, 1, 9, 30), "past the year: weekly hours"),
        (sh(2026, 11, 20, 9, 0), 450, sh(2026, 11, 20, 18, 0), "one business day"),
        (sh(2026, 11, 20, 9, 0), 3 * 450, sh(2026, 11, 24, 18, 0), "three business days"),
    ],
)
def test_add_business_minutes(
    china: BusinessCalendar, start: datetime, minutes: int, due: datetime, why: str
) -> None:
    assert china.add_business_minutes(start, minutes) == due, why


def test_result_is_in_the_zone_of_the_input(china: BusinessCalendar) -> None:
    start = datetime(2026, 11, 19, 21, 0, tzinfo=NEW_YORK)  # 10:00 on the 20th in Shanghai
    due = china.add_business_minutes(start, 60)
    assert due.tzinfo == NEW_YORK
    assert due == sh(2026, 11, 20, 11, 0)
    assert china.add_business_minutes(start.astimezone(UTC), 60) == due


@pytest.mark.parametrize(
    ("a", "b", "minutes"),
    [
        (sh(2026, 11, 20, 8, 0), sh(2026, 11, 21, 8, 0), 450),
        (sh(2026, 11, 20, 11, 0), sh(2026, 11, 20, 14, 0), 90),
        (sh(2026, 11, 20, 12, 0), sh(2026, 11, 20, 13, 30), 0),
        (sh(2026, 11, 20, 14, 0), sh(2026, 11, 20, 14, 0), 0),
        (sh(2026, 11, 20, 15, 0), sh(2026, 11, 20, 14, 0), 0),
        (sh(2026, 9, 30, 0, 0), sh(2026, 10, 9, 0, 0), 2 * 450),
        (sh(2026, 11, 16, 0, 0), sh(2026, 11, 23, 0, 0), 5 * 450),
    ],
)
def test_business_minutes_between(
    china: BusinessCalendar, a: datetime, b: datetime, minutes: float
) -> None:
    assert china.business_minutes_between(a, b) == minutes


def test_always_open_calendar_counts_every_minute(always: BusinessCalendar) -> None:
    start = sh(2026, 10, 1, 23, 0)
    assert always.add_business_minutes(start, 120) == sh(2026, 10, 2, 1, 0)
    assert always.business_minutes_between(start, sh(2026, 10, 3, 23, 0)) == 2 * 24 * 60


def test_across_daylight_saving_changes() -> None:
    """New York springs forward on 2026-03-08 and falls back on 2026-11-01 (Sundays)."""
    every_day = BusinessCalendar("America/New_York", {d: [("09:00", "17:00")] for d in range(7)})
    before = datetime(2026, 3, 7, 16, 0, tzinfo=NEW_YORK)
    due = every_day.add_business_minutes(before, 120)
    assert due == datetime(2026, 3, 8, 10, 0, tzinfo=NEW_YORK)
    assert due.utcoffset() == timedelta(hours=-4)
    assert every_day.business_minutes_between(before, due) == 120
    night = BusinessCalendar("America/New_York", {d: [("00:00", "24:00")] for d in range(7)})
    sat = datetime(2026, 10, 31, 12, 0, tzinfo=NEW_YORK)
    sun = datetime(2026, 11, 1, 12, 0, tzinfo=NEW_YORK)
    assert night.business_minutes_between(sat, sun) == 25 * 60, "the day with an extra hour"


@pytest.mark.parametrize(
    ("hours", "key"),
    [
        ({0: [("9:00", "12:00")]}, "hours.mon"),
        ({0: [("09:00", "25:00")]}, "hours.mon"),
        ({0: [("12:00", "09:00")]}, "hours.mon"),
        ({0: [("09:00", "12:00"), ("11:00", "13:00")]}, "hours.mon"),
        ({7: [("09:00", "12:00")]}, "hours.7"),
    ],
)
def test_invalid_hours_are_refused(hours: dict, key: str) -> None:
    with pytest.raises(CalendarError) as refused:
        BusinessCalendar("Asia/Shanghai", hours)
    assert refused.value.key == key


def test_an_invalid_file_names_the_file_the_key_and_the_reason(tmp_path: Path) -> None:
    cases = {
        "bad-time.toml": ('timezone = "Asia/Shanghai"\n[hours]\nmon = [["09:00", "12:60"]]\n',
                          "hours.mon"),
        "backwards.toml": ('timezone = "Asia/Shanghai"\n[hours]\ntue = [["18:00", "09:00"]]\n',
                           "hours.tue"),
        "weekday.toml": ('timezone = "Asia/Shanghai"\n[hours]\nfunday = [["09:00", "12:00"]]\n',
                         "hours.funday"),
        "zone.toml": ('timezone = "Mars/Olympus"\n[hours]\nmon = [["09:00", "12:00"]]\n',
                      "timezone"),
        "holiday.toml": ('timezone = "UTC"\nholidays = ["2026-13-01"]\n[hours]\n', "holidays[0]"),
    }  # fmt: skip
    for name, (text, key) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CalendarInvalid) as refused:
            load_calendar(path)
        message = refused.value.message()
        assert name in message and key in message, message


def test_the_shipped_china_calendar_has_the_2026_holidays(china: BusinessCalendar) -> None:
    assert len(china.holidays) == 33
    assert date(2026, 2, 17) in china.holidays
    assert china.extra_workdays == {
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
        date(2026, 9, 20), date(2026, 10, 10),
    }  # fmt: skip


business_starts = st.builds(
    lambda day, minute: sh(2026, 1, 5) + timedelta(days=day, minutes=minute),
    st.integers(min_value=0, max_value=350),
    st.integers(min_value=0, max_value=24 * 60 - 1),
)


@settings(max_examples=300, deadline=None)
@given(start=business_starts, minutes=st.integers(min_value=0, max_value=20 * 450))
def test_minutes_between_inverts_adding_minutes(
    china: BusinessCalendar, start: datetime, minutes: int
) -> None:
    opening = china.add_business_minutes(start, 0)  # a business-time start
    due = china.add_business_minutes(opening, minutes)
    assert china.business_minutes_between(opening, due) == minutes
