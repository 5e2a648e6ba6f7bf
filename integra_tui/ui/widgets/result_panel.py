"""Result panel: the door's big, coloured answer to a scan, readable from a step away, back to idle by itself."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from integra_tui.i18n import _

__all__ = ["PanelKind", "ResultPanel"]

PanelKind = Literal["idle", "accepted", "duplicate", "refused", "error"]
"""What the panel shows: waiting, or one of the outcomes (each has its own colour)."""

# Large symbols in block characters: the outcome is clear from across the table, before reading.
_ICONS: dict[str, str] = {
    "accepted": "        ██\n       ██ \n██    ██  \n ██  ██   \n  ████    ",
    "duplicate": "   ██   \n   ██   \n   ██   \n        \n   ██   ",
    "refused": "██    ██\n  ████  \n   ██   \n  ████  \n██    ██",
    "error": "██    ██\n  ████  \n   ██   \n  ████  \n██    ██",
}

_ICON_MIN_HEIGHT = 17
"""Below this panel height the symbol is left out, so the words always fit (80x24 keeps it)."""


class ResultPanel(Vertical):
    """A tall panel, its whole background in the outcome's colour, with a headline, name, detail and advice.

    Colours are fixed RGB values, not theme variables: green, orange and red must mean the same on
    every theme and be told apart at a glance.
    """

    DEFAULT_CSS = """
    ResultPanel {
        height: 1fr;
        min-height: 9;
        align: center middle;
        padding: 1 2;
        background: #1d3557;
        color: #ffffff;

        & > Static {
            width: 100%;
            text-align: center;
            background: transparent;
        }
        & > #result-icon { margin-bottom: 1; }
        & > #result-headline { text-style: bold; margin-bottom: 1; }
        & > #result-name { text-style: bold; }
        & > #result-detail { margin-bottom: 1; }
        & > #result-advice { text-style: bold; }

        &.-accepted { background: #1b7a32; color: #ffffff; }
        &.-duplicate { background: #ffb000; color: #000000; }
        &.-refused { background: #b3001b; color: #ffffff; }
        &.-error { background: #6a0080; color: #ffffff; }
    }
    """

    class Idle(Message):
        """The panel went back to asking for the next scan."""

    reset_seconds: ClassVar[float] = 5.0
    """How long a result stays before the panel asks for the next scan again (tests shorten it)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        """Create the panel, showing the idle prompt."""
        super().__init__(id=id, classes=classes)
        self.kind: PanelKind = "idle"
        """What the panel shows now."""
        self.token: object | None = None
        """Whatever the caller passed with the result on show (None when idle): lets the screen tell
        whether a result it may act on (an override) is still the one on view."""
        self._reset_timer: Timer | None = None
        self.idle_advice = ""
        """The advice line shown while waiting for a scan (the screen puts its keys there)."""

    def compose(self) -> ComposeResult:
        yield Static(id="result-icon", markup=False)
        yield Static(id="result-headline", markup=False)
        yield Static(id="result-name", markup=False)
        yield Static(id="result-detail", markup=False)
        yield Static(id="result-advice", markup=False)

    def on_mount(self) -> None:
        self.show_idle()

    @property
    def text(self) -> str:
        """Everything the panel shows now, one line per part (for tests and screen readers)."""
        parts = [str(self.query_one(f"#result-{part}", Static).content) for part in ("headline", "name", "detail", "advice")]
        return "\n".join(part for part in parts if part)

    def show(
        self,
        kind: PanelKind,
        headline: str,
        name: str = "",
        detail: str = "",
        advice: str = "",
        token: object | None = None,
        hold: bool = False,
    ) -> None:
        """Show one outcome; it stays for :attr:`reset_seconds` (or until replaced, with ``hold``)."""
        self._set(kind, headline, name, detail, advice)
        self.token = token
        if self._reset_timer is not None:
            self._reset_timer.stop()
            self._reset_timer = None
        if not hold:
            self._reset_timer = self.set_timer(self.reset_seconds, self._reset, name="result-reset")

    def _reset(self) -> None:
        self.show_idle()
        self.post_message(self.Idle())

    def show_idle(self) -> None:
        """Ask for the next scan."""
        if self._reset_timer is not None:
            self._reset_timer.stop()
            self._reset_timer = None
        self.token = None
        self._set("idle", _("Bitte Einladung scannen"), "", "", self.idle_advice)

    def _set(self, kind: PanelKind, headline: str, name: str, detail: str, advice: str) -> None:
        self.remove_class(f"-{self.kind}")
        self.kind = kind
        self.add_class(f"-{kind}")
        for part, text in (("headline", headline), ("name", name), ("detail", detail), ("advice", advice)):
            widget = self.query_one(f"#result-{part}", Static)
            widget.update(text)
            widget.display = bool(text)
        self._show_icon()

    def on_resize(self) -> None:
        self._show_icon()

    def _show_icon(self) -> None:
        icon = self.query_one("#result-icon", Static)
        glyph = _ICONS.get(self.kind, "")
        icon.update(glyph)
        icon.display = bool(glyph) and self.size.height >= _ICON_MIN_HEIGHT
