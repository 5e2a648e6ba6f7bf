"""The help screen: plain German (or English) text explaining the screen it was opened from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown

from integra_tui.i18n import N_
from integra_tui.ui.screens.base import IntegraModal

__all__ = ["HelpScreen"]


class HelpScreen(IntegraModal[None]):
    """Shows a screen's explanation; Escape or F1 closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%; border: thick $accent; background: $surface; padding: 1 2;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss", N_("Schließen"), tooltip=N_("Hilfe schließen")),
        Binding("f1", "dismiss", N_("Schließen"), show=False),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(self.text)
        yield Footer()
