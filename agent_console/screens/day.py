"""An engineer's day: the acting agent's visits on one day, in order of arrival window.

Each row: the window, the ticket, the customer and phone, whether the customer confirmed, the
address. The visit under the cursor is spelled out below: address, device and what to bring.
Left/right (or h/l) go to the previous or next day, t back to today; Enter opens the ticket;
a records arriving on site for the highlighted visit (after a yes).
"""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from agent_console.i18n import label, t
from agent_console.screens.service_list import ServiceListScreen
from agent_console.screens.ticket import short_time
from agent_console.vocab import AppointmentStatus
from agent_console.widgets.prompts import ChoicePrompt

if TYPE_CHECKING:
    from agent_console.store.engine import Session, Store
    from agent_console.store.identity import Actor
    from agent_console.store.visits import AppointmentView


def window_text(visit: "AppointmentView") -> str:
    start, end = visit.window_start.astimezone(), visit.window_end.astimezone()
    return f"{start:%H:%M}-{end:%H:%M}"


def state_cell(visit: "AppointmentView") -> Text:
    """Arrived, confirmed, or still to be confirmed with the customer (in yellow)."""
    if visit.status is AppointmentStatus.ARRIVED:
        return Text(label(visit.status), style="green")
    if visit.confirmed_at is not None:
        return Text(t("engineer_day.confirmed"))
    return Text(t("engineer_day.unconfirmed"), style="bold yellow")


class DayScreen(ServiceListScreen["AppointmentView"]):
    CSS_PATH = ["service_list.tcss", "day.tcss"]
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="day.back"),
        Binding("left,h", "shift(-1)", "key.previous_day", id="day.previous", priority=True),
        Binding("right,l", "shift(1)", "key.next_day", id="day.next", priority=True),
        Binding("t", "today", "key.today", id="day.today"),
        Binding("a", "arrive", "key.mark_arrived", id="day.arrive"),
        Binding("r", "reload", "key.refresh", id="day.refresh"),
    ]
    ID = "day"
    DETAIL_ID = "day-detail"
    TEXTS = "engineer_day"
    COLUMNS = (
        ("window", 11), ("number", 8), ("customer", 10), ("phone", 11), ("state", 10),
        ("address", 0), ("device", 24),
    )  # fmt: skip
    WIDE_ONLY = frozenset({"device"})
    WIDE = 110

    def __init__(self, store: "Store", actor: "Actor", day: date | None = None) -> None:
        super().__init__(store, actor)
        self.day = day or self._today()

    def compose_detail(self) -> ComposeResult:
        with VerticalScroll(id="day-detail-scroll"):  # tab reaches it: a long packing list scrolls
            yield from super().compose_detail()

    def read_rows(self, session: "Session") -> "list[AppointmentView]":
        from agent_console.store import visits

        return visits.day(session, self.actor.name, self.day)

    def row_key(self, visit: "AppointmentView") -> str:
        return str(visit.id)

    def cells(self, visit: "AppointmentView", now: datetime) -> dict[str, str | Text]:
        return {
            "window": window_text(visit),
            "number": visit.number,
            "customer": visit.customer,
            "phone": visit.phone,
            "state": state_cell(visit),
            "address": visit.address,
            "device": visit.device or "-",
        }

    def _today(self) -> date:
        return self.store.now().astimezone().date()

    def title_parts(self) -> list[str]:
        when = self.day.isoformat()
        if self.day == self._today():
            when = t("engineer_day.on_today", date=when)
        return [self.actor.name, when, t("engineer_day.count", count=len(self.rows))]

    def describe(self, visit: "AppointmentView") -> str:
        """The visit in full: what to bring, one item a line."""
        lines = [
            f"{window_text(visit)}  {visit.number}  {visit.subject}",
            f"{t('field.address')}: {visit.address}",
            f"{t('field.device')}: {visit.device or '-'}",
        ]
        if visit.arrived_at is not None:
            state = t("engineer_day.arrived_at", at=short_time(visit.arrived_at))
        elif visit.confirmed_at is not None and visit.confirmed_via is not None:
            state = t("engineer_day.confirmed_by", via=label(visit.confirmed_via),
                      at=short_time(visit.confirmed_at))  # fmt: skip
        else:
            state = t("engineer_day.unconfirmed")
        lines.append(f"{t('engineer_day.column.state')}: {state}")
        items = [item for item in visit.bring.splitlines() if item.strip()]
        if items:
            lines.append(f"{t('field.bring')}:")
            lines += [f"  {item}" for item in items]
        return "\n".join(lines)

    # --- actions ------------------------------------------------------------------------------

    def action_shift(self, days: int) -> None:
        self.day += timedelta(days=days)
        self.show([])
        self.load()

    def action_today(self) -> None:
        today = self._today()
        if self.day != today:
            self.action_shift((today - self.day).days)

    def action_arrive(self) -> None:
        from agent_console.store import visits

        visit = self.highlighted()
        if visit is None:
            return
        number = visit.number

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.write(lambda: visits.arrive(self.store, self.actor, number))

        question = t("service_prompt.arrive", number=number, address=visit.address)
        choices = [("yes", t("service_prompt.arrived_now")), ("no", t("checklist.not_now"))]
        self.app.push_screen(ChoicePrompt(question, choices), answered)
