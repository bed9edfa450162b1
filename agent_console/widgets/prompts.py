"""Small modal prompts: pick one of several choices, or type a line of text."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from agent_console.widgets.translated import TranslatedBindings


class ChoicePrompt(TranslatedBindings, ModalScreen[str | None]):
    """Choose one value; Enter picks, Esc cancels. Returns the chosen value's id."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="prompt.cancel"),
        Binding("j", "cursor_down", "key.down", show=False, id="prompt.down"),
        Binding("k", "cursor_up", "key.up", show=False, id="prompt.up"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        """`choices` are (value, label) pairs."""
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(self.title_text, classes="prompt-title")
            yield OptionList(*(Option(label, id=value) for value, label in self.choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()


class TextPrompt(TranslatedBindings, ModalScreen[str | None]):
    """Type one line; Enter submits (empty input cancels), Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="prompt.cancel")]

    def __init__(self, title: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(self.title_text, classes="prompt-title")
            yield Input(placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilledPrompt(TextPrompt):
    """A TextPrompt offering a value, selected: Enter keeps it, typing replaces it."""

    def __init__(self, title: str, value: str, placeholder: str = "") -> None:
        super().__init__(title, placeholder)
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(self.title_text, classes="prompt-title")
            yield Input(value=self.value, placeholder=self.placeholder)
