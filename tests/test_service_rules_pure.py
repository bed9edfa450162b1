"""Service execution and closure (issue #8), rule by rule, on the pure modules: warranty,
costs, surveys, follow-up calls, the parts lifecycle and when a part is due."""

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent_console import appointments, costs, followups, parts, survey, warranty
from agent_console.commitments import Commitments
from agent_console.costs import CostLine
from agent_console.errors import InvalidValue
from agent_console.vocab import CostKind, PartStatus

KB = Path(__file__).parent.parent / "kb"
SH = ZoneInfo("Asia/Shanghai")

PARTS, LABOUR, TRAVEL = CostKind.PARTS, CostKind.LABOUR, CostKind.TRAVEL


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


# --- warranty --------------------------------------------------------------------------------


def test_the_device_is_covered_until_the_day_before_its_first_anniversary() -> None:
    cover = warranty.coverage_of(date(2025, 3, 1), None, None)
    assert cover.device_end == date(2026, 2, 28)
    assert cover.core_end == date(2027, 2, 28), "core parts: two years"
    assert cover.covers_device(date(2026, 2, 28)), "the end day itself is covered"
    assert not cover.covers_device(date(2026, 3, 1))
    assert cover.covers_device(date(2025, 3, 1)), "and the day of purchase"
    assert not cover.covers_part(False, date(2026, 3, 1)), "an ordinary part ends with the device"
    assert cover.covers_part(True, date(2027, 2, 28))
    assert not cover.covers_part(True, date(2027, 3, 1))


def test_a_year_that_holds_29_february_ends_on_28_february() -> None:
    # Bought 2024-03-01: the anniversary 2025-03-01, so the last day is 2025-02-28.
    assert warranty.coverage_of(date(2024, 3, 1), None, None).device_end == date(2025, 2, 28)
    # Bought 2023-03-01: the year runs through 29 February 2024.
    assert warranty.coverage_of(date(2023, 3, 1), None, None).device_end == date(2024, 2, 29)


def test_a_29_february_purchase_has_its_anniversary_on_28_february() -> None:
    # No 29 February in 2025 or 2026: the anniversary falls back to the 28th, the last covered
    # day is the 27th (365 days from 2024-02-29, a full year with no 29 February in it).
    cover = warranty.coverage_of(date(2024, 2, 29), None, None)
    assert cover.device_end == date(2025, 2, 27)
    assert cover.core_end == date(2026, 2, 27)
    assert (cover.device_end - date(2024, 2, 29)).days + 1 == 365
    assert warranty.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29), "a leap year again"
    assert warranty.coverage_end(date(2024, 2, 29), 4) == date(2028, 2, 28)


def test_the_device_record_s_own_ends_win() -> None:
    shorter = warranty.coverage_of(date(2025, 3, 1), date(2025, 12, 31), date(2028, 6, 30))
    assert (shorter.device_end, shorter.core_end) == (date(2025, 12, 31), date(2028, 6, 30))
    assert not shorter.covers_device(date(2026, 1, 1)), "even when shorter than a year"
    only_device = warranty.coverage_of(date(2025, 3, 1), date(2028, 3, 1), None)
    assert only_device.core_end == date(2027, 2, 28), "the core end still comes from purchase"
    assert only_device.part_end(True) == date(2028, 3, 1), "core parts at least as the device"
    no_purchase = warranty.coverage_of(None, date(2026, 6, 30), None)
    assert (no_purchase.device_end, no_purchase.core_end) == (date(2026, 6, 30), None)
    assert no_purchase.part_end(True) == date(2026, 6, 30)


def test_a_device_without_dates_is_not_covered() -> None:
    cover = warranty.coverage_of(None, None, None)
    assert cover == warranty.Coverage(None, None)
    assert not cover.covers_device(date(2026, 1, 1))
    assert not cover.covers_part(True, date(2026, 1, 1))
    assert cover.part_end(False) is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # clamped to February's last day
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # ... of a leap year
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),  # 30-day month
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across the year end
        (date(2026, 11, 15), 14, date(2028, 1, 15)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert warranty.add_months(day, months) == expected


def test_a_fitted_part_is_covered_as_its_kind_is_and_at_least_90_days() -> None:
    cover = warranty.coverage_of(date(2025, 3, 1), None, None)  # device 2026-02-28, core 2027
    assert warranty.fitted_part_end(cover, False, date(2025, 6, 1)) == date(2026, 2, 28)
    # 2026-01-15 + 90 days: 16 more in January, 28 in February, 31 in March, 15 in April.
    assert warranty.fitted_part_end(cover, False, date(2026, 1, 15)) == date(2026, 4, 15)
    assert warranty.fitted_part_end(cover, True, date(2026, 1, 15)) == date(2027, 2, 28)
    # Out of any cover: 2026-11-20 + 90 = 10 (to 11-30) + 31 + 31 + 18 -> 2027-02-18.
    none = warranty.Coverage(None, None)
    assert warranty.fitted_part_end(none, True, date(2026, 11, 20)) == date(2027, 2, 18)
    assert warranty.fitted_part_end(cover, True, date(2027, 3, 1)) == date(2027, 5, 30)


# --- costs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [("120", 12000), ("120.5", 12050), ("120.50", 12050), ("0.05", 5), ("¥99.9", 9990),
     (" 7 ", 700), ("0", 0), ("999999999.99", 99999999999)],
)  # fmt: skip
def test_money_is_read_in_yuan_as_fen(text: str, cents: int) -> None:
    assert costs.parse_money(text, "labour") == cents


@pytest.mark.parametrize(
    "text", ["", "abc", "-5", "1.234", "1,000", "120.", ".5", "1e3", "1234567890", "¥", "12 0"]
)
def test_a_bad_amount_names_the_field(text: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        costs.parse_money(text, "travel")
    assert refused.value.params["field"] == "travel"
    assert refused.value.params["value"] == text
    assert refused.value.params["reason"] == "not_money"


@pytest.mark.parametrize(
    ("cents", "shown"),
    [(0, "¥0.00"), (5, "¥0.05"), (12345, "¥123.45"), (123456789, "¥1,234,567.89"),
     (-150, "-¥1.50")],
)  # fmt: skip
def test_money_is_shown_in_yuan(cents: int, shown: str) -> None:
    assert costs.money(cents) == shown


def test_service_lines_leave_out_zero_amounts() -> None:
    assert costs.service_lines(20000, 0, covered=False) == [
        CostLine(LABOUR, "labour", 1, 20000, False)
    ]
    assert costs.service_lines(0, 0, covered=True) == []
    travel = costs.service_lines(0, 5000, covered=True)
    assert travel == [CostLine(TRAVEL, "travel", 1, 5000, True)]
    assert travel[0].amount_cents == 0, "a covered line is charged nothing"


def test_a_cost_line_survives_storage() -> None:
    line = CostLine(PARTS, "BAT-01", 2, 45000, True)
    assert CostLine.from_stored(line.stored()) == line


def test_the_bill_is_fitted_parts_plus_the_accepted_service_fee() -> None:
    fitted = [CostLine(PARTS, "BAT-01", 2, 15000, False), CostLine(PARTS, "MB-01", 1, 80000, True)]
    estimated = [
        CostLine(PARTS, "BAT-01", 3, 15000, False),  # estimated 3, fitted 2: the fitted count
        CostLine(LABOUR, "labour", 1, 20000, False),
        CostLine(TRAVEL, "travel", 1, 5000, False),
    ]
    bill = costs.final_bill(fitted, estimated, fee_reduced=False, free=False)
    assert [(line.kind, line.item, line.quantity) for line in bill.lines] == [
        (PARTS, "BAT-01", 2), (PARTS, "MB-01", 1), (LABOUR, "labour", 1), (TRAVEL, "travel", 1),
    ]  # fmt: skip
    assert bill.reduction_cents == 0
    assert bill.total_cents == 30000 + 0 + 20000 + 5000


def test_a_late_part_cuts_ten_percent_of_labour_and_travel_only() -> None:
    fitted = [CostLine(PARTS, "BAT-01", 1, 100000, False)]
    estimated = [CostLine(LABOUR, "labour", 1, 20000, False),
                 CostLine(TRAVEL, "travel", 1, 5000, False)]  # fmt: skip
    bill = costs.final_bill(fitted, estimated, fee_reduced=True, free=False)
    assert bill.reduction_cents == 2500, "10% of 250.00, not of the 1000.00 part"
    assert bill.total_cents == 100000 + 25000 - 2500


@pytest.mark.parametrize(
    ("labour", "travel", "reduction"),
    [(12345, 0, 1235), (12344, 0, 1234), (5, 0, 1), (4, 0, 0), (10005, 5000, 1501)],
)  # 1234.5 -> 1235 (half up), 1234.4 -> 1234, 0.5 -> 1, 0.4 -> 0, 1500.5 -> 1501
def test_the_fee_reduction_is_rounded_to_the_fen(labour: int, travel: int, reduction: int) -> None:
    estimated = costs.service_lines(labour, travel, covered=False)
    bill = costs.final_bill([], estimated, fee_reduced=True, free=False)
    assert bill.reduction_cents == reduction
    assert bill.total_cents == labour + travel - reduction


def test_a_covered_service_fee_is_not_reduced() -> None:
    estimated = [CostLine(LABOUR, "labour", 1, 20000, True),
                 CostLine(TRAVEL, "travel", 1, 5000, False)]  # fmt: skip
    bill = costs.final_bill([], estimated, fee_reduced=True, free=False)
    assert bill.reduction_cents == 500, "10% of the travel: the covered labour costs nothing"
    assert bill.total_cents == 4500


def test_a_second_fault_is_free_of_charge() -> None:
    fitted = [CostLine(PARTS, "BAT-01", 1, 45000, False)]
    estimated = costs.service_lines(20000, 5000, covered=False)
    bill = costs.final_bill(fitted, estimated, fee_reduced=True, free=True)
    assert (bill.total_cents, bill.reduction_cents) == (0, 0)
    assert all(line.covered for line in bill.lines)
    assert [line.unit_cents for line in bill.lines] == [45000, 20000, 5000], "prices still shown"


# --- surveys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "field", "low", "high"),
    [
        ((0, 3, 3, 5), "speed", 1, 5),
        ((3, 6, 3, 5), "resolution", 1, 5),
        ((3, 3, 0, 5), "attitude", 1, 5),
        ((3, 3, 3, 11), "recommend", 0, 10),
        ((3, 3, 3, -1), "recommend", 0, 10),
        ((9, 9, 3, 11), "speed", 1, 5),  # the first field out of range
    ],
)
def test_a_score_out_of_range_is_refused_naming_the_field(scores, field, low, high) -> None:
    with pytest.raises(InvalidValue) as refused:
        survey.Scores(*scores).check()
    params = refused.value.params
    assert (params["field"], params["reason"], params["low"], params["high"]) == (
        field, "range", low, high,
    )  # fmt: skip


def test_the_range_ends_are_valid() -> None:
    for scores in ((1, 1, 1, 0), (5, 5, 5, 10)):
        assert survey.Scores(*scores).check() == survey.Scores(*scores)


@pytest.mark.parametrize(
    ("scores", "unsatisfied"),
    [((3, 3, 3, 0), False), ((2, 5, 5, 10), True), ((5, 2, 5, 10), True),
     ((5, 5, 2, 10), True), ((3, 3, 3, 10), False), ((1, 1, 1, 10), True)],
)  # fmt: skip
def test_any_of_the_three_scores_at_two_or_below_is_unsatisfied(scores, unsatisfied) -> None:
    assert survey.Scores(*scores).unsatisfied is unsatisfied


TEN_ANSWERS = [
    # speed, resolution, attitude, recommend   (three-score answers of 4 or 5)
    survey.Scores(5, 5, 5, 10),  # 3   promoter
    survey.Scores(4, 4, 3, 9),  # 2    promoter
    survey.Scores(5, 4, 4, 9),  # 3    promoter
    survey.Scores(3, 3, 3, 8),  # 0    passive
    survey.Scores(4, 2, 5, 7),  # 2    passive
    survey.Scores(1, 1, 1, 6),  # 0    detractor
    survey.Scores(5, 5, 5, 10),  # 3   promoter
    survey.Scores(2, 3, 4, 0),  # 1    detractor
    survey.Scores(4, 4, 4, 10),  # 3   promoter
    survey.Scores(3, 5, 3, 7),  # 1    passive
]


def test_nps_and_csat_of_ten_answers() -> None:
    summary = survey.summarize(TEN_ANSWERS)
    assert summary.count == 10
    assert (summary.promoters, summary.passives, summary.detractors) == (5, 3, 2)
    assert summary.nps == pytest.approx(30.0), "50% promoters - 20% detractors"
    assert summary.csat == pytest.approx(60.0), "18 of the 30 scores are 4 or 5"
    assert summary.speed == pytest.approx(3.6)
    assert summary.resolution == pytest.approx(3.6)
    assert summary.attitude == pytest.approx(3.7)


@pytest.mark.parametrize(
    ("recommend", "expected"),
    [([9, 10], 100.0), ([0, 6], -100.0), ([7, 8], 0.0), ([9, 8, 6], 0.0), ([9, 9, 9, 6], 50.0)],
)
def test_nps_boundaries(recommend: list[int], expected: float) -> None:
    assert survey.nps(recommend) == pytest.approx(expected)


def test_no_answers_no_scores() -> None:
    assert survey.nps([]) is None
    empty = survey.summarize([])
    assert (empty.count, empty.csat, empty.nps, empty.speed) == (0, None, None, None)
    assert (empty.promoters, empty.passives, empty.detractors) == (0, 0, 0)


# --- follow-up calls -------------------------------------------------------------------------


def test_preventive_calls_every_quarter_up_to_the_warranty_end_day() -> None:
    closed = sh(2026, 11, 20, 10, 0)
    calls = followups.preventive_calls(closed, date(2027, 8, 20))
    assert calls == [sh(2027, 2, 20, 10, 0), sh(2027, 5, 20, 10, 0), sh(2027, 8, 20, 10, 0)]
    assert followups.preventive_calls(closed, date(2027, 8, 19)) == calls[:2]


def test_preventive_calls_keep_to_the_month_end() -> None:
    closed = sh(2026, 11, 30, 15, 0)
    assert followups.preventive_calls(closed, date(2027, 11, 30)) == [
        sh(2027, 2, 28, 15, 0), sh(2027, 5, 30, 15, 0), sh(2027, 8, 30, 15, 0),
        sh(2027, 11, 30, 15, 0),
    ]  # fmt: skip


def test_no_preventive_calls_without_warranty() -> None:
    closed = sh(2026, 11, 20, 10, 0)
    assert followups.preventive_calls(closed, None) == []
    assert followups.preventive_calls(closed, date(2027, 2, 19)) == [], "ends before a quarter"
    assert followups.preventive_calls(closed, date(2026, 1, 1)) == [], "already expired"


# --- parts and appointments ------------------------------------------------------------------


def test_a_part_moves_one_step_at_a_time() -> None:
    assert parts.next_status(PartStatus.REQUESTED) is PartStatus.SHIPPED
    assert parts.next_status(PartStatus.SHIPPED) is PartStatus.DELIVERED
    assert parts.next_status(PartStatus.DELIVERED) is PartStatus.INSTALLED
    assert parts.next_status(PartStatus.INSTALLED) is None


def test_a_part_is_late_once_past_its_due_time_undelivered() -> None:
    due = sh(2026, 11, 25, 10, 0)
    minute = timedelta(minutes=1)
    assert not parts.late(due, due, due + timedelta(days=9)), "delivered on the minute"
    assert parts.late(due, due + minute, due + minute)
    assert not parts.late(due, None, due - minute)
    assert not parts.late(due, None, due)
    assert parts.late(due, None, due + minute), "still not delivered past its due time"
    assert not parts.late(due, due - minute, due + timedelta(days=9)), "early stays in time"
    deliveries = [(due, due - minute), (due, None)]
    assert not parts.fee_reduced(deliveries, due)
    assert parts.fee_reduced(deliveries, due + minute)
    assert not parts.fee_reduced([], due + minute)


def test_the_arrival_window_is_thirty_minutes_and_the_packing_list_in_order() -> None:
    start = sh(2026, 11, 24, 14, 0)
    assert appointments.arrival_window(start) == (start, sh(2026, 11, 24, 14, 30))
    packing = appointments.packing_list(
        ["BAT-01 电池 x1"], ["ThinkPad X1 PF1X0001"], "  螺丝刀\n\n 万用表 \n"
    )
    assert packing.splitlines() == ["BAT-01 电池 x1", "ThinkPad X1 PF1X0001", "螺丝刀", "万用表"]
    assert appointments.packing_list([], [], None) == ""
    assert appointments.packing_list(["A"], [], "   ") == "A"


# --- when a part is due ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def commitments() -> Commitments:
    return Commitments.load(KB)


@pytest.mark.parametrize(
    ("kind", "requested", "due"),
    [
        # Friday 10:00: 390 minutes on Friday, Saturday and Sunday off, 450 on Monday 23 and
        # Tuesday 24 (1290), 60 on Wednesday 25 -> 10:00.
        ("common", sh(2026, 11, 20, 10, 0), sh(2026, 11, 25, 10, 0)),
        # 3150 for special: Friday 390, then Mon 23 - Fri 27 (2250) and Mon 30 (450) make
        # 3090; 60 on Tuesday 1 December -> 10:00.
        ("special", sh(2026, 11, 20, 10, 0), sh(2026, 12, 1, 10, 0)),
        # Asked for on Saturday evening: the clock starts Monday 09:00; three full days end
        # on Wednesday at 18:00 (not Thursday 09:00).
        ("common", sh(2026, 11, 21, 20, 0), sh(2026, 11, 25, 18, 0)),
        # National Day: Wednesday 30 September 14:00 -> 240 that afternoon; 1-7 October off;
        # Thursday 8 and Friday 9 (900, 1140 in all); Saturday 10 is a make-up working day
        # on Monday's hours: 180 in the morning (1320), 30 after 13:30 -> 14:00.
        ("common", sh(2026, 9, 30, 14, 0), sh(2026, 10, 10, 14, 0)),
        # Spring Festival: Friday 13 February 16:00 -> 120; Saturday 14 is a make-up day
        # (570); 15-23 off; Tuesday 24 (1020); Wednesday 25: 180 (1200) + 150 -> 16:00.
        ("common", sh(2026, 2, 13, 16, 0), sh(2026, 2, 25, 16, 0)),
        # Labour Day, special: Thursday 30 April 09:00 -> 450; 1-5 May off; Wednesday 6,
        # Thursday 7, Friday 8, make-up Saturday 9, Monday 11 (2700 in all); Tuesday 12 is
        # the seventh day and ends at 18:00.
        ("special", sh(2026, 4, 30, 9, 0), sh(2026, 5, 12, 18, 0)),
        # Qingming: Friday 3 April 10:00 -> 390; 4-6 April off; Tuesday 7 and Wednesday 8
        # (1290); 60 on Thursday 9 -> 10:00.
        ("common", sh(2026, 4, 3, 10, 0), sh(2026, 4, 9, 10, 0)),
    ],
)
def test_a_part_is_due_in_business_days_of_the_calendar(commitments, kind, requested, due) -> None:
    assert commitments.part_due(kind, requested) == due


def test_a_part_due_time_keeps_the_request_s_zone(commitments) -> None:
    requested = sh(2026, 11, 20, 10, 0).astimezone(ZoneInfo("UTC"))  # as the store's clock
    due = commitments.part_due("common", requested)
    assert due == sh(2026, 11, 25, 10, 0) and due.utcoffset() == timedelta(0)
