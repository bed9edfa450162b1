"""Follow-up calls: the calls agents owe customers, the one due soonest first.

Overdue calls head the list with their time past due in red. The list holds the calls due
within QUEUE_HORIZON (preventive calls reach years ahead); `a` shows them all. Enter opens
the ticket; space records the highlighted call as made, with what came of it, and the list
reloads. `/` filters by number, customer, phone or subject.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from agent_console.followups import QUEUE_HORIZON
from agent_console.i18n import label, t
from agent_console.screens.queue import SLA_STYLES
from agent_console.screens.service_list import FilteredListScreen
from agent_console.timefmt import time_left
from agent_console.widgets.prompts import TextPrompt

if TYPE_CHECKING:
    from agent_console.store.engine import Session
    from agent_console.store.followups import FollowUpRow


def due_text(due: datetime, now: datetime) -> str:
    """11-25 10:00 this year; 2027-02-13 for a preventive call in another year."""
    local = due.astimezone()
    return f"{local:%m-%d %H:%M}" if local.year == now.astimezone().year else f"{local:%Y-%m-%d}"


class FollowUpScreen(FilteredListScreen["FollowUpRow"]):
    CSS_PATH = ["service_list.tcss", "followups.tcss"]
    BINDINGS = [
        Binding("escape", "back", "key.back", id="follow_ups.back"),
        Binding("space", "done", "key.follow_up_done", id="follow_ups.done"),
        Binding("slash", "filter", "key.filter", id="follow_ups.filter"),
        Binding("r", "reload", "key.refresh", id="follow_ups.refresh", show=False),
        Binding("a", "toggle_all", "key.follow_ups_all", id="follow_ups.all"),
    ]
    ID = "follow-up"
    DETAIL_ID = "follow-up-empty"
    TEXTS = "follow_up_queue"
    COLUMNS = (
        ("due", 11), ("left", 7), ("number", 8), ("customer", 14), ("phone", 11), ("kind", 13),
        ("subject", 0),
    )  # fmt: skip
    WIDE_ONLY = frozenset({"subject"})
    WIDE = 110
    TIME_COLUMNS = ("left",)
    show_all = False

    def read_rows(self, session: "Session") -> "list[FollowUpRow]":
        from agent_console.store import followups

        horizon = None if self.show_all else self.store.now() + QUEUE_HORIZON
        return followups.queue(session, due_before=horizon)

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.load()

    def row_key(self, row: "FollowUpRow") -> str:
        return str(row.id)

    def filter_fields(self, row: "FollowUpRow") -> tuple[str | None, ...]:
        return row.number, row.customer, row.phone, row.subject

    def cells(self, row: "FollowUpRow", now: datetime) -> dict[str, str | Text]:
        left, state = time_left(row.due_at, now)
        overdue = row.due_at < now
        return {
            "due": Text(due_text(row.due_at, now), style="bold red" if overdue else ""),
            "left": Text(left, style=SLA_STYLES[state]),
            "number": row.number,
            "customer": row.customer,
            "phone": row.phone,
            "kind": label(row.kind),
            "subject": row.subject,
        }

    def summary_parts(self) -> list[str]:
        now = self.store.now()
        overdue = sum(1 for row in self.all_rows if row.due_at < now)
        parts = [
            t("follow_up_queue.count", count=len(self.all_rows)),
            t("follow_up_queue.all")
            if self.show_all
            else t("follow_up_queue.within", days=QUEUE_HORIZON.days),
        ]
        if overdue:
            parts.append(t("follow_up_queue.overdue", count=overdue))
        return parts

    def times_changed(self, changes: list[tuple[str, str]]) -> None:
        if any(now.startswith("-") and not before.startswith("-") for before, now in changes):
            self.render_rows()  # a call became overdue: its due time turns red
            self.update_title()  # and the title counts it

    def action_done(self) -> None:
        from agent_console.store import followups

        row = self.highlighted()
        if row is None:
            return
        number, picked = row.number, row.id

        def record(outcome: str | None) -> None:
            if outcome:
                self.write(lambda: followups.complete(self.store, self.actor, number, outcome,
                                                      follow_up_id=picked))  # fmt: skip

        title = t(
            "service_prompt.follow_up_outcome",
            kind=label(row.kind), number=number, customer=row.customer, phone=row.phone,
        )  # fmt: skip
        self.app.push_screen(TextPrompt(title), record)
