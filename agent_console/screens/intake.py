"""Intake: a phone agent finds the caller in a keystroke or two, and never asks twice.

Typing a phone number, serial or name finds the customer (fuzzy on names); choosing one fills
the customer and their device. An unknown caller is registered inline.
"""

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from agent_console.contacts import looks_like_phone
from agent_console.i18n import label, t
from agent_console.triage import Suggestion, TriageInput, TriageRules, reason_text
from agent_console.vocab import Category, Channel, Impact, Priority, Tier
from agent_console.widgets.prompts import TextPrompt
from agent_console.widgets.translated import TranslatedBindings
from agent_console.widgets.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from agent_console.store.engine import Store
    from agent_console.store.identity import Actor
    from agent_console.store.queries import CustomerMatch, CustomerNames, DeviceChoice

NEW_CUSTOMER = "__new__"


def vocabulary_select(vocabulary: Any, default: Any, widget_id: str) -> Select:
    options = [(label(member), member.value) for member in vocabulary]
    return Select(options, value=default.value, allow_blank=False, id=widget_id)


class IntakeScreen(ReportsWorkerErrors, TranslatedBindings, Screen[None]):
    CSS_PATH = "intake.tcss"
    AUTO_FOCUS = "#caller"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="intake.back"),
        Binding("ctrl+s", "create", "key.create_ticket", id="intake.create"),
    ]

    def __init__(self, store: "Store", actor: "Actor", triage: TriageRules) -> None:
        super().__init__()
        self.store = store
        self.actor = actor
        self.triage = triage
        self.suggestion: Suggestion | None = None
        self.overridden: set[str] = set()  # fields the agent set against the suggestion
        self._suggesting = False
        self.names: CustomerNames | None = None  # loaded in the background; search works without
        self.matches: list[CustomerMatch] = []
        self.chosen: CustomerMatch | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="intake-form"):
            yield Input(id="caller", placeholder=t("intake.caller_placeholder"))
            with Horizontal(id="caller-row"):
                yield OptionList(id="matches")
                yield Static(t("intake.no_caller"), id="caller-card", markup=False)
            with Horizontal(id="new-customer"):
                yield Input(id="new-name", placeholder=t("field.customer"))
                yield Input(id="new-phone", placeholder=t("field.phone"))
                yield vocabulary_select(Tier, Tier.STANDARD, "new-tier")
            with Horizontal(id="ticket-fields"):
                yield Select([], prompt=t("field.device"), id="device")
                yield vocabulary_select(Channel, Channel.PHONE, "channel")
                yield vocabulary_select(Category, Category.HARDWARE, "category")
                yield vocabulary_select(Priority, Priority.P3, "priority")
                yield vocabulary_select(Impact, Impact.INDIVIDUAL, "impact")
            yield Input(id="subject", placeholder=t("field.subject"))
            yield Static(id="triage", markup=False)
            yield Label(t("field.description"))
            yield TextArea(id="description")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("intake.title")
        self.load_names()

    @work(thread=True, exit_on_error=False, exclusive=True, group="intake-names")
    def load_names(self) -> None:
        from agent_console.store.queries import CustomerNames

        with self.store.read() as session:
            names = CustomerNames(session)
        self.app.call_from_thread(setattr, self, "names", names)

    # --- finding the caller -------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "caller":
            self.search(event.value)
        elif event.input.id == "subject":
            self.suggest()

    def on_text_area_changed(self) -> None:
        self.suggest()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("category", "priority") and not self._suggesting:
            self.overridden.add(event.select.id)
        elif event.select.id in ("impact", "device", "new-tier"):
            self.suggest()

    # --- triage -------------------------------------------------------------------------------

    def _device(self) -> "DeviceChoice | None":
        serial = self.query_one("#device", Select).value
        devices = self.chosen.devices if self.chosen else []
        return next((d for d in devices if d.serial == serial), None)

    def suggest(self) -> None:
        """Suggest category, priority and team; fields the agent changed keep their value."""
        tier = self.chosen.customer.tier if self.chosen else Tier(
            self.query_one("#new-tier", Select).value
        )  # fmt: skip
        device = self._device()
        last_resolved = device.last_resolved_at if device else None
        self.suggestion = self.triage.suggest(TriageInput(
            subject=self.query_one("#subject", Input).value,
            description=self.query_one("#description", TextArea).text,
            tier=tier,
            impact=Impact(self.query_one("#impact", Select).value),
            product_line=device.product_line if device else None,
            last_resolved_on_device=last_resolved.astimezone().date() if last_resolved else None,
            today=self.store.now().astimezone().date(),
        ))  # fmt: skip
        self._suggesting = True
        for field, value in (("category", self.suggestion.category),
                             ("priority", self.suggestion.priority)):  # fmt: skip
            if field not in self.overridden:
                self.query_one(f"#{field}", Select).value = value.value
        self.call_after_refresh(setattr, self, "_suggesting", False)
        suggestion = self.suggestion
        self.query_one("#triage", Static).update(
            t("intake.suggestion", category=label(suggestion.category),
              priority=label(suggestion.priority), team=suggestion.team or "-")
            + "  " + "; ".join(reason_text(reason) for reason in suggestion.reasons)
        )  # fmt: skip

    @work(thread=True, exit_on_error=False, exclusive=True, group="intake-search")
    def search(self, text: str) -> None:
        from agent_console.store.queries import search_customers

        with self.store.read() as session:
            matches = search_customers(session, text, self.names)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_matches, text, matches)

    def show_matches(self, text: str, matches: "list[CustomerMatch]") -> None:
        self.matches = matches
        options = self.query_one("#matches", OptionList)
        options.clear_options()
        for index, match in enumerate(matches):
            customer = match.customer
            options.add_option(Option(
                f"{customer.name} {customer.phone} {label(customer.tier)}", id=str(index)
            ))  # fmt: skip
        if text.strip():
            options.add_option(Option(t("intake.new_customer", text=text.strip()), id=NEW_CUSTOMER))
        if options.option_count:
            options.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "caller":
            options = self.query_one("#matches", OptionList)
            if options.highlighted is not None:
                options.action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW_CUSTOMER:
            self.start_new_customer(self.query_one("#caller", Input).value.strip())
        else:
            self.choose(self.matches[int(event.option.id or 0)])

    def choose(self, match: "CustomerMatch") -> None:
        self.chosen = match
        customer = match.customer
        self.query_one("#new-customer").display = False
        lines = [f"{customer.name}  [{label(customer.tier)}]", customer.phone]
        lines += [customer.organization] if customer.organization else []
        lines += [f"{device.model} {device.serial}" for device in match.devices]
        self.query_one("#caller-card", Static).update("\n".join(lines))
        devices = self.query_one("#device", Select)
        devices.set_options([(f"{d.model} {d.serial}", d.serial) for d in match.devices])
        if match.devices:
            devices.value = match.devices[0].serial
        self.query_one("#subject", Input).focus()
        self.suggest()

    def start_new_customer(self, typed: str) -> None:
        self.chosen = None
        self.query_one("#new-customer").display = True
        phone_typed = looks_like_phone(typed)
        self.query_one("#new-phone", Input).value = typed if phone_typed else ""
        self.query_one("#new-name", Input).value = "" if phone_typed else typed
        self.query_one("#caller-card", Static).update(t("intake.new_customer_card"))
        self.query_one("#device", Select).set_options([])
        self.query_one("#new-phone" if not phone_typed else "#new-name", Input).focus()

    # --- creating the ticket ------------------------------------------------------------------

    def _overrides(self) -> list[str]:
        """ "priority P2 -> P3" for each suggested value the agent changed."""
        if self.suggestion is None:
            return []
        chosen = {
            "category": Category(self.query_one("#category", Select).value),
            "priority": Priority(self.query_one("#priority", Select).value),
        }
        suggested = {"category": self.suggestion.category, "priority": self.suggestion.priority}
        return [
            f"{t(f'field.{field}')} {label(suggested[field])} -> {label(chosen[field])}"
            for field in chosen
            if chosen[field] != suggested[field]
        ]

    def action_create(self) -> None:
        new_customer = self.query_one("#new-customer").display
        if self.chosen is None and not new_customer:
            self.notify(t("intake.choose_caller"), severity="error")
            return
        overrides = self._overrides()
        if not overrides:
            self._create(note=None)
            return

        def with_reason(reason: str | None) -> None:
            if reason:  # overriding the triage needs a reason; no reason, no ticket yet
                self._create(note=t("intake.override_note", changes=", ".join(overrides),
                                    reason=reason))  # fmt: skip

        self.app.push_screen(TextPrompt(t("intake.override_reason")), with_reason)

    def _create(self, note: str | None) -> None:
        device = self.query_one("#device", Select).value
        self.create(
            customer_id=self.chosen.customer.id if self.chosen else None,
            new_customer=(
                self.query_one("#new-name", Input).value,
                self.query_one("#new-phone", Input).value,
                Tier(self.query_one("#new-tier", Select).value),
            ),
            serial=device if isinstance(device, str) else None,
            fields={
                "channel": Channel(self.query_one("#channel", Select).value),
                "category": Category(self.query_one("#category", Select).value),
                "priority": Priority(self.query_one("#priority", Select).value),
                "subject": self.query_one("#subject", Input).value,
                "description": self.query_one("#description", TextArea).text,
                "impact": Impact(self.query_one("#impact", Select).value),
                "note": note,
            },
            team_code=self.suggestion.team if self.suggestion else None,
        )

    @work(thread=True, exit_on_error=False, exclusive=True, group="intake-create")
    def create(
        self,
        customer_id: Any,
        new_customer: tuple[str, str, Tier],
        serial: str | None,
        fields: dict[str, Any],
        team_code: str | None,
    ) -> None:
        from agent_console.contacts import require_text
        from agent_console.store import actions, queries

        require_text(fields["subject"], "subject")
        with self.store.read() as session:  # every lookup before the first write
            device = queries.find_device(session, serial) if serial else None
            team = queries.find_team(session, team_code) if team_code else None
            auto_assign = team is not None and self.app.settings.auto_assign
            assignee = queries.least_loaded_agent(session, team.id) if auto_assign else None
        if customer_id is None:
            name, phone, tier = new_customer
            customer = actions.create_customer(
                self.store, self.actor, name=name, phone=phone, tier=tier
            )
        else:
            with self.store.read() as session:
                customer = queries.get_customer(session, customer_id)
        ticket = actions.create_ticket(
            self.store,
            self.actor,
            customer=customer,
            device=device,
            team=team,
            assignee=assignee,
            **fields,
        )
        self.app.call_from_thread(self.opened, ticket.number)

    def opened(self, number: str) -> None:
        from agent_console.screens.ticket import TicketScreen

        self.notify(t("cli.ticket_created", number=number))
        self.app.switch_screen(TicketScreen(self.store, self.actor, number))
