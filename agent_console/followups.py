"""Which follow-up calls a closed ticket gets, and when each is due.

The call after closure is due when the policy's follow_up clock says (kb/policies: 3 business
days, 24 h for complex cases or unsatisfied customers); preventive calls come every
PREVENTIVE_EVERY_MONTHS while the device is under warranty.
"""

from datetime import date, datetime, timedelta

from agent_console.warranty import add_months

PREVENTIVE_EVERY_MONTHS = 3
QUEUE_HORIZON = timedelta(days=7)  # the follow-up queue shows the calls due this soon


def preventive_calls(closed_at: datetime, warranty_end: date | None) -> list[datetime]:
    """Every quarter after closure up to the last day of the device's warranty."""
    if warranty_end is None:
        return []
    calls = []
    months = PREVENTIVE_EVERY_MONTHS
    while (day := add_months(closed_at.date(), months)) <= warranty_end:
        calls.append(datetime.combine(day, closed_at.timetz()))
        months += PREVENTIVE_EVERY_MONTHS
    return calls
