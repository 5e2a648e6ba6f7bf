"""The one confirm dialog of the app: a question, the answers on keys and buttons, Esc cancels."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.widgets import Button, Static

from integra_tui.i18n import N_, _
from integra_tui.ui.screens.base import IntegraModal
from integra_tui.ui.text import literal

__all__ = ["CONFIRM_CSS", "ChoiceDialog", "ConfirmDialog"]

CONFIRM_CSS = """
ChoiceDialog { align: center middle; }
ChoiceDialog > Vertical {
    width: 76; max-width: 96%; height: auto; max-height: 96%;
    border: thick $warning; background: $surface; padding: 0 1;
}
ChoiceDialog > Vertical.-question-only { width: auto; min-width: 40; }
ChoiceDialog > Vertical.-question-only .form-title { width: auto; }
ChoiceDialog .form-title { text-style: bold; color: $warning; height: auto; }
ChoiceDialog .form-hint { color: $text-muted; height: auto; margin-top: 1; }
ChoiceDialog .form-buttons { height: auto; margin-top: 1; }
ChoiceDialog .form-buttons Button { margin-right: 1; min-width: 10; }
"""


class ChoiceDialog(IntegraModal[str | None]):
    """A question with a few answers, each on a key and a button; closes with the chosen value, Esc with None."""

    DEFAULT_CSS = CONFIRM_CSS
    SCOPED_CSS = False
    BINDINGS = [Binding("escape", "cancel", N_("Abbrechen"), tooltip=N_("Schließen, ohne etwas zu tun"))]

    def __init__(self, title: str, message: str, choices: Sequence[tuple[str, str, str]]) -> None:
        """``choices``: (key, value, label); the dialog closes with the value of the chosen answer."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="" if self.message else "-question-only"):  # a question alone: a narrower box
            yield Static(literal(self.title_text), classes="form-title", id="confirm-question")
            message = Static(literal(self.message), classes="form-hint", id="dialog-message")
            message.display = bool(self.message)
            yield message
            with Horizontal(classes="form-buttons"):
                for key, value, label in self.choices:
                    yield Button(Content(f"{key}: {label}"), id=f"choice-{value}")
            yield Static(_("Esc: abbrechen"), classes="form-hint")

    def on_key(self, event: Key) -> None:
        for key, value, _label in self.choices:
            if event.key == key or (event.character and event.character == key):
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id).removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ChoiceDialog):
    """A yes/no question: "j" (or the button) closes with "yes", Esc with None; with ``no_label`` also "n" (with
    "no"), for a question a helper answers with j or n (the door's undo)."""

    def __init__(self, title: str, message: str, yes_label: str, *, no_label: str = "") -> None:
        super().__init__(title, message, [("j", "yes", yes_label)] + ([("n", "no", no_label)] if no_label else []))
        self.no_label = no_label

    def on_mount(self) -> None:
        if self.no_label:  # Enter right after the pick that opened the question changes nothing
            self.query_one("#choice-no", Button).focus()
