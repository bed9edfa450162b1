"""The supervisor's dashboard (issue #9): the numbers of agent_console.kpis over the 30 days up
to now, in panes switched by number keys.

1 overview: live counts, SLA, rates, average business times, satisfaction and three trend
charts (braille, one cell wide everywhere); 2 engineers; 3 top faults by product model, Enter
listing a line's tickets and Enter there opening one; 4 where the standard procedures end.

Cheap over SSH: every CHECK_EVERY_S a thread worker asks the store for its data stamp, and
only when that (or the wall-clock minute, which moves "due within the hour") changed are the
numbers computed again; then only the widgets whose text changed are updated, so an idle
dashboard never redraws.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Static
from textual.worker import Worker

from agent_console import kpis
from agent_console.charts import bars
from agent_console.i18n import current_language, label, t
from agent_console.timefmt import business_time
from agent_console.vocab import OPEN_STATUSES, Priority, Status
from agent_console.widgets.list_table import ListTable, fit_columns
from agent_console.widgets.prompts import ChoicePrompt
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from agent_console.checklist import Ending
    from agent_console.sop import Procedures
    from agent_console.store.engine import Session, Store
    from agent_console.store.identity import Actor

PERIOD = timedelta(days=30)
CHECK_EVERY_S = 10  # over SSH: no faster, and nothing redrawn unless it changed
PANES = ("overview", "engineers", "faults", "procedures")
DRILL = "drill"  # the tickets of one fault line, opened from the faults pane
SUPERVISING = frozenset({"reassign", "reprioritize"})  # a supervisor's, on the drill-down
# Widths in cells; 0 is the column that takes what the terminal has left.
TABLES: dict[str, tuple[tuple[str, int], ...]] = {
    "engineers": (("name", 0), ("handled", 8), ("fcr", 10), ("csat", 8), ("articles", 8)),
    "faults": (("model", 26), ("fault", 0), ("count", 7), ("share", 6)),
    "procedures": (("procedure", 0), ("step", 22), ("outcome", 10), ("tickets", 7),
                   ("share", 6)),
    DRILL: (("number", 8), ("status", 10), ("priority", 2), ("subject", 0), ("assignee", 8)),
}  # fmt: skip
WIDE, WIDE_WIDTHS = 110, {"model": 34, "step": 30}  # from WIDE cells on, these are wider
NUMERIC = frozenset({"handled", "fcr", "csat", "articles", "count", "share", "tickets"})
GAP = 2  # cells between the items of a line
PADDING = 4  # the overview's padding, and room for a scrollbar
CHROME = 3  # rows that are not the overview's: the header, the pane line, the footer
GROUPS = ("live", "sla", "rates", "daily")  # a blank line before each when there is room
# The clocks in the order the desk thinks of them; any other kind after these.
CLOCK_ORDER = ("response", "onsite", "resolution", "parts", "accept", "proposal", "close",
               "follow_up")  # fmt: skip
DAILY_WIDTHS = (84, 42, 28, 21, 14, 12)  # a whole number of days per cell
WEEK_CELLS = 7  # at most, a week's bar and a blank between weeks
CHART_STYLES = {"daily": "cyan", "response": "yellow", "nps": "green"}

Row = tuple[str, dict[str, str]]  # (row key, every column's cell)


@dataclass(frozen=True)
class Numbers:
    """One computation: the report and what its panes need to name things."""

    report: kpis.Report
    teams: dict[str, str]  # team code -> name
    endings: "list[Ending]"
    procedures: "Procedures"


# --- formatting -------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def whole(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def screen_time(minutes: float | None) -> str:
    return business_time(minutes, "dashboard")


def item(name: str, value: str, style: str = "bold") -> Text:
    return Text.assemble(f"{name} ", (value, style))


def packed(title: str, items: Sequence[Text], width: int, title_width: int) -> Text:
    """`title` in a column of its own, then the items, wrapped to `width` cells between items
    (never inside one) with the wrapped lines indented under the first."""
    lines: list[Text] = []
    line = Text(set_cell_size(title, title_width), style="bold")
    used, empty = title_width, True
    for each in items:
        if not empty and used + GAP + each.cell_len > width:
            lines.append(line)
            line, used, empty = Text(" " * title_width), title_width, True
        if not empty:
            line.append(" " * GAP)
            used += GAP
        line.append_text(each)
        used += each.cell_len
        empty = False
    lines.append(line)
    return Text("\n").join(lines)


def _clock_order(line: kpis.Attainment) -> tuple[int, str]:
    known = line.kind in CLOCK_ORDER
    return (CLOCK_ORDER.index(line.kind) if known else len(CLOCK_ORDER), line.kind)


def _daily_cells(room: int) -> int:
    return next((cells for cells in DAILY_WIDTHS if cells <= room), DAILY_WIDTHS[-1])


def weekly(values: Sequence[float | None], room: int) -> list[float | None]:
    """Each week `room // weeks` cells wide (at most WEEK_CELLS), its last cell left blank to
    set it apart from the next."""
    cells = max(1, min(WEEK_CELLS, room // max(1, len(values))))
    if cells == 1:
        return list(values)
    return [value for week in values for value in [*[week] * (cells - 1), None]]


def chart(
    title: str, hint: str, rows: list[str], side: tuple[str, str], *, column: int, style: str
) -> Text:
    """Two rows: the title and the peak beside the chart's top, the hint and the latest value
    beside its bottom."""
    (top, bottom), (peak, latest) = rows, side
    return Text.assemble(
        (set_cell_size(title, column), "bold"), (top, style), " ", (peak, "dim"), "\n",
        (set_cell_size(hint, column), "dim"), (bottom, style), " ", (latest, "bold"),
    )  # fmt: skip


# --- the screen -------------------------------------------------------------------------------


class DashboardScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "dashboard.tcss"
    AUTO_FOCUS = "#dashboard-overview"
    BINDINGS = [
        *(
            Binding(str(number), f"pane('{pane}')", f"dashboard.key.{pane}",
                    id=f"dashboard.{pane}", show=False)
            for number, pane in enumerate(PANES, 1)
        ),
        Binding("escape", "back", "key.back", id="dashboard.back"),
        Binding("r", "recompute", "key.refresh", id="dashboard.refresh"),
        Binding("a", "reassign", "key.assign", id="dashboard.reassign"),
        Binding("p", "reprioritize", "key.priority", id="dashboard.reprioritize"),
    ]  # fmt: skip

    def __init__(self, store: "Store", actor: "Actor") -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.pane = PANES[0]
        self.numbers: Numbers | None = None
        self.drilled: kpis.FaultLine | None = None
        self.drill_rows: list[Row] = []
        self._fault_lines: dict[str, kpis.FaultLine] = {}
        self._stamp: object = None  # (data stamp, minute) the numbers shown were computed at
        self._checks = 0  # checks started: an older one's numbers never replace a newer one's
        self._checking: Worker[None] | None = None  # the last one
        self._applied = 0
        self._team_names: dict[str, str] = {}  # code -> name, read once per code
        self._shown: dict[str, object] = {}  # widget id -> what it shows, to skip equal updates

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="dashboard-tabs", markup=False)
        with ContentSwitcher(id="dashboard-panes", initial="dashboard-overview"):
            with VerticalScroll(id="dashboard-overview"):
                for name in ("live", "sla", "rates", "daily", "response", "nps"):
                    yield Static(id=f"dashboard-{name}", markup=False)
            for name in TABLES:
                yield ListTable(
                    id=f"dashboard-{name}", classes="dashboard-table", cursor_type="row",
                    zebra_stripes=True,
                )  # fmt: skip
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("dashboard.title")
        for name in GROUPS:
            self.query_one(f"#dashboard-{name}").add_class("dashboard-group")
        for name in TABLES:
            self._build_columns(name)
        self._show_tabs()
        self.check(force=True)
        self.set_interval(CHECK_EVERY_S, self._tick)

    def on_resize(self) -> None:
        if not self.is_mounted:
            return
        for name in TABLES:
            table = self.query_one(f"#dashboard-{name}", ListTable)
            if table.column_widths() != self._columns(name):
                self._build_columns(name)
        self.show_numbers()

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.numbers is not None:  # not the first time: on_mount checks
            self.check()  # a ticket opened from the drill-down may have changed
            if self.pane == DRILL and self.drilled is not None:
                self._load_drill(self.drilled)

    # --- checking and computing ---------------------------------------------------------------

    def _tick(self) -> None:
        # Under a ticket it waits for the return; while a slow check runs, the tick is skipped.
        if self.app.screen is self and not (self._checking and self._checking.is_running):
            self.check()

    def check(self, force: bool = False) -> None:
        """Compute the numbers again if the data or the minute changed (or `force`)."""
        self._checks += 1
        self._checking = self._compute(self._checks, force)

    @work(thread=True, exit_on_error=False, group="dashboard-check")
    def _compute(self, check: int, force: bool) -> None:
        from agent_console.checklist import where_procedures_end
        from agent_console.store import queries, reports

        now = self.store.now()
        with self.store.read() as session:
            stamp = (reports.data_stamp(session), now.replace(second=0, microsecond=0))
            if stamp == self._stamp and not force:
                return
            period = kpis.Period(now - PERIOD, now)
            report = reports.report(session, self.store.commitments, period, now)
            teams = {code: self._team_name(session, code) for code in report.by_team}
            runs = queries.all_progress(session, self.store.procedures)
        self._stamp = stamp
        endings = where_procedures_end(progress for _, progress in runs)
        numbers = Numbers(report, teams, endings, self.store.procedures)
        self.app.call_from_thread(self._arrived, check, numbers)

    def _team_name(self, session: "Session", code: str) -> str:
        from agent_console.errors import UserError
        from agent_console.store import queries

        if not code:
            return t("dashboard.unrouted")
        if code not in self._team_names:
            try:
                self._team_names[code] = queries.find_team(session, code).name
            except UserError:
                return code
        return self._team_names[code]

    def _arrived(self, check: int, numbers: Numbers) -> None:
        if check < self._applied or not self.is_mounted:
            return  # a later check's numbers are already shown
        self._applied = check
        self.numbers = numbers
        self.show_numbers()

    @work(thread=True, exit_on_error=False, group="dashboard-drill")
    def _load_drill(self, line: kpis.FaultLine) -> None:
        from agent_console.store import reports

        assert self.numbers is not None
        now = self.store.now()
        # The line's tickets were created in the period, so changed since its start.
        since = self.numbers.report.period.start
        with self.store.read() as session:
            found = reports.cases(session, self.store.commitments, now, since=since)
        wanted = set(line.numbers)
        cases = sorted((case for case in found if case.number in wanted), key=lambda c: c.number)
        self.app.call_from_thread(self._drill_arrived, line, cases)

    def _drill_arrived(self, line: kpis.FaultLine, cases: list[kpis.Case]) -> None:
        if line != self.drilled or not self.is_mounted:
            return
        self.drill_rows = [
            (case.number, {
                "number": case.number, "status": t(f"queue.status.{case.status.value}"),
                "priority": case.priority.value, "subject": case.subject,
                "assignee": case.assignee or "-",
            })
            for case in cases
        ]  # fmt: skip
        self._fill(DRILL, self.drill_rows)
        self._show_tabs()

    # --- rendering: only what changed ---------------------------------------------------------

    def _update(self, widget_id: str, content: Text) -> None:
        """Update the Static unless it already shows exactly this."""
        key = content.markup
        if self._shown.get(widget_id) != key:
            self._shown[widget_id] = key
            self.query_one(f"#{widget_id}", Static).update(content)

    def show_numbers(self) -> None:
        if self.numbers is None:
            return
        period = self.numbers.report.period
        start, end = (f"{moment.astimezone():%Y-%m-%d}" for moment in (period.start, period.end))
        self.sub_title = t("dashboard.period", days=PERIOD.days, start=start, end=end)
        overview = self._overview(self.numbers)
        for name, text in overview.items():
            self._update(f"dashboard-{name}", text)
        lines = sum(len(text.plain.splitlines()) for text in overview.values())
        roomy = lines + len(GROUPS) <= self.size.height - CHROME
        self.query_one("#dashboard-overview").set_class(roomy, "-roomy")
        self._fill("engineers", self._engineer_rows(self.numbers.report))
        self._fill("faults", self._fault_rows(self.numbers))
        self._fill("procedures", self._procedure_rows(self.numbers))
        self._show_tabs()

    def _show_tabs(self) -> None:
        if self.pane == DRILL and self.drilled is not None:
            line = self.drilled
            fault = self._fault_name(line, self.numbers.procedures) if self.numbers else ""
            text = Text(t("dashboard.drill", model=line.model, fault=fault, count=line.count),
                        style="bold")  # fmt: skip
        else:
            text = Text()
            for number, pane in enumerate(PANES, 1):
                if number > 1:
                    text.append("  ")
                name = f"{number} {t(f'dashboard.key.{pane}')}"
                text.append(name, style="reverse bold" if pane == self.pane else "")
            if self.pane != "overview" and self.numbers is not None:
                rows = self.query_one(f"#dashboard-{self.pane}", ListTable).row_count
                text.append("  |  " + t("dashboard.rows", count=rows))
        self._update("dashboard-tabs", text)

    # --- the overview -------------------------------------------------------------------------

    def _overview(self, numbers: Numbers) -> dict[str, Text]:
        report = numbers.report
        titles = {name: t(f"dashboard.label.{name}") for name in (
            "open", "team", "priority", "sla", "attainment", "period", "times", "survey",
            "daily", "response", "nps",
        )}  # fmt: skip
        weeks = len(report.trends.weekly_response) if report.trends else kpis.TREND_WEEKS
        titles["daily_hint"] = t("dashboard.days", count=7 * weeks)
        titles["response_hint"] = titles["nps_hint"] = t("dashboard.weeks", count=weeks)
        column = max(cell_len(title) for title in titles.values()) + GAP
        width = max(column + 20, self.size.width - PADDING)

        def lines(name: str, items: Sequence[Text]) -> Text:
            return packed(titles[name], items or [Text("-")], width, column)

        open_count = sum(report.by_status.values())
        statuses = [
            item(t(f"queue.status.{status.value}"), str(report.by_status[status]))
            for status in Status
            if status in OPEN_STATUSES and report.by_status.get(status)
        ]
        teams = sorted(report.by_team.items(), key=lambda pair: (-pair[1], pair[0]))
        live = Text("\n").join([
            lines("open", [item(t("dashboard.item.total"), str(open_count)), *statuses]),
            lines("team", [item(numbers.teams.get(code, code), str(count))
                           for code, count in teams]),
            lines("priority", [
                item(priority.value, str(report.by_priority.get(priority, 0)),
                     "bold red" if priority is Priority.P1 and report.by_priority.get(priority)
                     else "bold")
                for priority in Priority
            ]),
        ])  # fmt: skip
        sla = Text("\n").join([
            lines("sla", [
                item(t("dashboard.item.breached_now"), str(report.breached_now),
                     "bold red" if report.breached_now else "bold"),
                item(t("dashboard.item.breaching_soon"), str(report.breaching_soon),
                     "bold yellow" if report.breaching_soon else "bold"),
            ]),
            lines("attainment", [
                item(t(f"clock_kind.{line.kind}"),
                     f"{percent(line.rate)} {line.met}/{line.met + line.breached}")
                for line in sorted(report.attainment, key=_clock_order)
            ]),
        ])  # fmt: skip
        rates = Text("\n").join([
            lines("period", [
                item(t("dashboard.item.created"), str(report.created)),
                item(t("dashboard.item.resolved"), str(report.resolved)),
                item(t("dashboard.item.fcr"), percent(report.first_contact_resolution)),
                item(t("dashboard.item.reopen"), percent(report.reopen_rate)),
                item(t("dashboard.item.second_fault"), percent(report.second_fault_rate)),
                item(t("dashboard.item.complaints"), percent(report.complaint_rate)),
                item(t("dashboard.item.remote"), percent(report.remote_share)),
                item(t("dashboard.item.onsite"), percent(report.onsite_share)),
            ]),
            lines("times", [
                item(t("dashboard.item.response"), screen_time(report.average_response)),
                item(t("dashboard.item.resolution"), screen_time(report.average_resolution)),
                Text(t("dashboard.item.business"), style="dim"),
            ]),
            lines("survey", [
                item(t("dashboard.item.csat"), percent(report.csat)),
                item(t("dashboard.item.nps"), whole(report.nps)),
                item(t("dashboard.item.surveys"), str(report.surveys)),
            ]),
        ])  # fmt: skip
        return {
            "live": live, "sla": sla, "rates": rates,
            **self._trends(report.trends, titles, width, column),
        }  # fmt: skip

    def _trends(
        self, trends: kpis.Trends | None, titles: dict[str, str], width: int, column: int
    ) -> dict[str, Text]:
        if trends is None:
            return {name: Text() for name in CHART_STYLES}
        series = {
            "daily": trends.daily_tickets,
            "response": trends.weekly_response,
            "nps": trends.weekly_nps,
        }
        sides = {}
        for name, values in series.items():
            known = [value for value in values if value is not None]
            show = screen_time if name == "response" else whole
            last = values[-1] if values else None
            sides[name] = (t("dashboard.peak", value=show(max(known, default=None))),
                           t("dashboard.latest", value=show(last)))  # fmt: skip
        side = max(cell_len(text) for pair in sides.values() for text in pair)
        room = max(12, width - column - side - 1)
        charts = {}
        for name, values in series.items():
            if name == "daily":
                rows = bars(values, _daily_cells(room), height=2)
            else:
                rows = bars(weekly(values, room), room, height=2)
            charts[name] = chart(
                titles[name], titles[f"{name}_hint"], rows, sides[name],
                column=column, style=CHART_STYLES[name],
            )  # fmt: skip
        return charts

    # --- the tables ---------------------------------------------------------------------------

    def _columns(self, name: str) -> list[tuple[str, int]]:
        columns = TABLES[name]
        if self.size.width >= WIDE:
            columns = tuple((key, WIDE_WIDTHS.get(key, width)) for key, width in columns)
        return fit_columns(columns, self.size.width)

    def _build_columns(self, name: str) -> None:
        table = self.query_one(f"#dashboard-{name}", ListTable)
        heading = (lambda key: t(f"queue.column.{key}")) if name == DRILL else (
            lambda key: t(f"dashboard.column.{key}"))  # fmt: skip
        table.set_columns(self._columns(name), heading)
        self._shown.pop(f"dashboard-{name}", None)
        self._fill(name, self.drill_rows if name == DRILL else self._rows(name))

    def _rows(self, name: str) -> list[Row]:
        if self.numbers is None:
            return []
        if name == "engineers":
            return self._engineer_rows(self.numbers.report)
        if name == "faults":
            return self._fault_rows(self.numbers)
        return self._procedure_rows(self.numbers)

    def _fill(self, name: str, rows: list[Row]) -> None:
        """Put the rows in the table unless it already holds exactly these."""
        widget_id = f"dashboard-{name}"
        signature = tuple((key, tuple(cells.items())) for key, cells in rows)
        if self._shown.get(widget_id) == signature:
            return
        self._shown[widget_id] = signature
        table = self.query_one(f"#{widget_id}", ListTable)
        highlighted = table.highlighted_key()
        table.clear()
        for key, cells in rows:
            table.add_cells(
                {column: Text(cell, justify="right") if column in NUMERIC else cell
                 for column, cell in cells.items()},
                key=key,
            )  # fmt: skip
        if highlighted:
            table.move_to_key(highlighted)

    @staticmethod
    def _engineer_rows(report: kpis.Report) -> list[Row]:
        return [
            (line.name, {
                "name": line.name, "handled": str(line.handled),
                "fcr": percent(line.first_contact), "csat": percent(line.csat),
                "articles": str(line.articles),
            })
            for line in report.engineers
        ]  # fmt: skip

    @staticmethod
    def _fault_name(line: kpis.FaultLine, procedures: "Procedures") -> str:
        if line.procedure:
            procedure = procedures.get(line.procedure)
            return procedure.title.in_language(current_language()) if procedure else line.procedure
        return label(line.category) if line.category else "-"

    def _fault_rows(self, numbers: Numbers) -> list[Row]:
        rows = []
        self._fault_lines = {}
        for line in numbers.report.faults:
            key = f"{line.model}\n{line.procedure or ''}\n{line.category or ''}"
            self._fault_lines[key] = line
            rows.append((key, {
                "model": line.model, "fault": self._fault_name(line, numbers.procedures),
                "count": str(line.count), "share": percent(line.share),
            }))  # fmt: skip
        return rows

    @staticmethod
    def _procedure_rows(numbers: Numbers) -> list[Row]:
        language = current_language()
        rows = []
        for ending in numbers.endings:
            procedure = numbers.procedures.get(ending.procedure)
            step = procedure.step(ending.step) if procedure and ending.step else None
            rows.append((f"{ending.procedure}\n{ending.step}\n{ending.outcome}", {
                "procedure": procedure.title.in_language(language) if procedure
                else ending.procedure,
                "step": step.title.in_language(language) if step else ending.step or "-",
                "outcome": t(f"sop.outcome.{ending.outcome}"),
                "tickets": str(ending.tickets), "share": percent(100 * ending.share),
            }))  # fmt: skip
        return rows

    # --- actions ------------------------------------------------------------------------------

    def _switch(self, pane: str) -> None:
        self.pane = pane
        self.query_one(ContentSwitcher).current = f"dashboard-{pane}"
        self.query_one(f"#dashboard-{pane}").focus()
        self._show_tabs()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reassigning and re-prioritizing act on the drill-down's tickets, so only there."""
        return self.pane == DRILL if action in SUPERVISING else True

    def action_pane(self, pane: str) -> None:
        self._switch(pane)

    def action_back(self) -> None:
        if self.pane == DRILL:
            self._switch("faults")
        else:
            self.app.pop_screen()

    def action_recompute(self) -> None:
        self.check(force=True)

    def _drilled_ticket(self) -> str | None:
        return self.query_one(f"#dashboard-{DRILL}", ListTable).highlighted_key()

    def action_reassign(self) -> None:
        if (number := self._drilled_ticket()) is not None:
            self._offer(number, "assignee")

    def action_reprioritize(self) -> None:
        if (number := self._drilled_ticket()) is not None:
            self._offer(number, "priority")

    @work(thread=True, exit_on_error=False, group="dashboard-supervise")
    def _offer(self, number: str, field: str) -> None:
        """The choices for the ticket's assignee or priority; a supervisor's only, so the role
        is checked before anything is asked."""
        from agent_console.store import queries

        with self.store.read() as session:
            queries.require_supervisor(session, self.actor, number)
            if field == "assignee":
                title = t("prompt.assign")
                agents = queries.list_agents(session)
                choices = [(name, f"{name}  {team}") for name, team in agents]
            else:
                title = t("prompt.priority")
                choices = [(priority.value, label(priority)) for priority in Priority]

        def picked(value: str | None) -> None:
            if value:
                self._supervise(number, field, value)

        self.app.call_from_thread(self.app.push_screen, ChoicePrompt(title, choices), picked)

    @work(thread=True, exit_on_error=False, group="dashboard-supervise")
    def _supervise(self, number: str, field: str, value: str) -> None:
        from agent_console.store import actions, queries

        if field == "assignee":
            with self.store.read() as session:
                changes = actions.TicketChanges(assignee=queries.find_agent(session, value))
        else:
            changes = actions.TicketChanges(priority=Priority(value))
        actions.supervise_ticket(self.store, self.actor, number, changes)
        self.app.call_from_thread(self._supervised, number)

    def _supervised(self, number: str) -> None:
        if self.drilled is not None:
            self._load_drill(self.drilled)
        self.check()
        self.notify(t("dashboard.changed", number=number))

    def on_data_table_row_selected(self, event: ListTable.RowSelected) -> None:
        key = event.row_key.value
        if event.data_table.id == "dashboard-faults" and key in self._fault_lines:
            self.drilled = self._fault_lines[key]
            self.drill_rows = []
            self._fill(DRILL, [])
            self._switch(DRILL)
            self._load_drill(self.drilled)
        elif event.data_table.id == f"dashboard-{DRILL}" and key:
            from agent_console.screens.ticket import TicketScreen

            self.app.push_screen(TicketScreen(self.store, self.actor, key))
