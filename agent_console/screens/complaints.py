"""Complaints: every open complaint with its three clocks, the one running out soonest first.

Each clock (accepted within 24 h, a proposal within 3 business days, closed within 7) shows the
time left, met or paused; a breached clock is marked with "!" in bold red. The complaint under
the cursor is spelled out below the list: each clock's state and due time. Enter opens it.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from agent_console.commitments import ClockState
from agent_console.i18n import label, t
from agent_console.screens.queue import SLA_STYLES
from agent_console.screens.service_list import FilteredListScreen
from agent_console.screens.ticket import short_time
from agent_console.timefmt import time_left

if TYPE_CHECKING:
    from agent_console.store.complaints import ComplaintClock, ComplaintRow
    from agent_console.store.engine import Session

CLOCKS = ("accept", "proposal", "close")  # as agent_console.store.complaints orders them
BREACHED_MARK = "!"


def clock_state(clock: "ComplaintClock", now: datetime) -> ClockState:
    """The clock's state now: a running clock past its due time has been breached since."""
    if clock.state is ClockState.RUNNING and clock.due <= now:
        return ClockState.BREACHED
    return clock.state


def clock_cell(clock: "ComplaintClock | None", now: datetime) -> Text:
    """Time left while running, "!" and the time past due once breached, else met or paused."""
    if clock is None:
        return Text("-", style="dim")
    state = clock_state(clock, now)
    if state is ClockState.BREACHED:
        return Text(BREACHED_MARK + time_left(clock.due, now)[0], style="bold red")
    if state is ClockState.RUNNING:
        left, urgency = time_left(clock.due, now)
        return Text(left, style=SLA_STYLES[urgency])
    return Text(
        t(f"clock_state.{state.value}"), style="green" if state is ClockState.MET else "dim"
    )


class ComplaintScreen(FilteredListScreen["ComplaintRow"]):
    CSS_PATH = ["service_list.tcss", "complaints.tcss"]
    BINDINGS = [
        Binding("escape", "back", "key.back", id="complaints.back"),
        Binding("slash", "filter", "key.filter", id="complaints.filter"),
        Binding("r", "reload", "key.refresh", id="complaints.refresh"),
    ]
    ID = "complaint"
    DETAIL_ID = "complaint-detail"
    TEXTS = "complaint_board"
    COLUMNS = (
        ("number", 8), ("accept", 8), ("proposal", 8), ("close", 8), ("customer", 10),
        ("assignee", 6), ("subject", 0),
    )  # fmt: skip
    TIME_COLUMNS = CLOCKS

    def read_rows(self, session: "Session") -> "list[ComplaintRow]":
        from agent_console.store import complaints

        return complaints.complaint_board(session, self.store.commitments, self.store.now())

    def row_key(self, row: "ComplaintRow") -> str:
        return row.number

    def filter_fields(self, row: "ComplaintRow") -> tuple[str | None, ...]:
        return row.number, row.customer, row.subject, row.assignee

    def column_heading(self, key: str) -> str:
        return t(f"clock_kind.{key}") if key in CLOCKS else super().column_heading(key)

    def cells(self, row: "ComplaintRow", now: datetime) -> dict[str, str | Text]:
        clocks = {clock.kind: clock for clock in row.clocks}
        return {
            "number": row.number,
            **{kind: clock_cell(clocks.get(kind), now) for kind in CLOCKS},
            "customer": row.customer,
            "assignee": row.assignee or "-",
            "subject": row.subject,
        }

    def summary_parts(self) -> list[str]:
        now = self.store.now()
        breached = sum(1 for row in self.all_rows if self._breached(row, now))
        parts = [t("complaint_board.count", count=len(self.all_rows))]
        if breached:
            parts.append(t("complaint_board.breached", count=breached))
        return parts

    @staticmethod
    def _breached(row: "ComplaintRow", now: datetime) -> bool:
        return any(clock_state(clock, now) is ClockState.BREACHED for clock in row.clocks)

    def describe(self, row: "ComplaintRow") -> str:
        """Each clock's state and due time, in words."""
        now = self.store.now()
        lines = [f"{row.number}  {label(row.status)}  {row.subject}"]
        for clock in row.clocks:
            state = clock_state(clock, now)
            text = t(f"clock_state.{state.value}")
            if state in (ClockState.RUNNING, ClockState.BREACHED):
                left = time_left(clock.due, now)[0]
                text += "  " + t("complaint_board.due", due=short_time(clock.due), left=left)
            mark = f" {BREACHED_MARK}" if state is ClockState.BREACHED else ""
            lines.append(f"{t(f'clock_kind.{clock.kind}')}: {text}{mark}")
        return "\n".join(lines)
