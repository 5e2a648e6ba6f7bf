"""Result panel: the door's big, coloured answer to a scan, readable from a step away, back to idle by itself."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import RenderResult
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from integra_tui.i18n import _
from integra_tui.ui.text import shown

__all__ = ["PANEL_COLOURS", "PanelKind", "ResultPanel"]

PanelKind = Literal["idle", "pending", "accepted", "duplicate", "refused", "error"]
"""What the panel shows: waiting for a scan, a scan still being stored, or one of the outcomes (each has its
own colour)."""

PANEL_COLOURS: dict[str, tuple[str, str]] = {
    "idle": ("#1d3557", "#ffffff"),
    "pending": ("#4a4a4a", "#ffffff"),  # grey: no outcome yet, nothing to read as yes or no
    "accepted": ("#1b7a32", "#ffffff"),
    "duplicate": ("#ffb000", "#000000"),
    "refused": ("#b3001b", "#ffffff"),
    "error": ("#6a0080", "#ffffff"),
}
"""(background, text) per kind. Fixed RGB, not theme variables: green, orange and red must mean
the same on every theme and be told apart at a glance; the text has strong contrast on each."""

# Large symbols in block characters: the outcome is clear from across the table, before reading.
_ICONS: dict[str, tuple[str, ...]] = {
    "accepted": ("        ██", "       ██ ", "██    ██  ", " ██  ██   ", "  ████    "),
    "duplicate": ("   ██   ", "   ██   ", "   ██   ", "        ", "   ██   "),
    "refused": ("██    ██", "  ████  ", "   ██   ", "  ████  ", "██    ██"),
    "error": ("██    ██", "  ████  ", "   ██   ", "  ████  ", "██    ██"),
}

_ICON_MIN_HEIGHT = 17
"""Below this panel height the symbol is left out, so the words always fit (80x24 keeps it)."""


class ResultPanel(Widget):
    """A tall panel, its whole background in the outcome's colour: symbol, headline, name, detail, advice.

    One widget drawing one piece of content, its colours set directly: an outcome reaches the
    screen with one repaint, without restyling a tree of widgets.
    """

    DEFAULT_CSS = """
    ResultPanel {
        height: 1fr;
        min-height: 9;
        padding: 1 2;
        content-align: center middle;
        text-align: center;
        background: #1d3557;
        color: #ffffff;
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
        self.idle_advice = ""
        """The advice line shown while waiting for a scan (the screen puts its keys there)."""
        self._parts: tuple[str, str, str, str] = (_("Bitte Einladung scannen"), "", "", "")
        self._greeting = ""
        self._reset_timer: Timer | None = None

    @property
    def text(self) -> str:
        """What the panel says now, one line per part (for tests and screen readers)."""
        headline, *rest = self._parts
        return "\n".join(part for part in (headline, self._greeting, *rest) if part)

    def show(
        self,
        kind: PanelKind,
        headline: str,
        name: str = "",
        detail: str = "",
        advice: str = "",
        token: object | None = None,
        hold: bool = False,
        greeting: str = "",
    ) -> None:
        """Show one outcome; it stays for :attr:`reset_seconds` (or until replaced, with ``hold``).

        ``greeting``: a line under the headline in the person's own languages (any script, shown as it is).
        """
        self._greeting = shown(greeting, one_line=True)
        self._set(kind, headline, name, detail, advice)
        self.token = token
        if self._reset_timer is not None:
            self._reset_timer.stop()
            self._reset_timer = None
        if not hold:
            self._reset_timer = self.set_timer(self.reset_seconds, self._reset, name="result-reset")

    def show_idle(self) -> None:
        """Ask for the next scan."""
        if self._reset_timer is not None:
            self._reset_timer.stop()
            self._reset_timer = None
        self.token = None
        self._greeting = ""
        self._set("idle", _("Bitte Einladung scannen"), "", "", self.idle_advice)

    def _reset(self) -> None:
        self._reset_timer = None
        self.show_idle()
        self.post_message(self.Idle())

    def _set(self, kind: PanelKind, headline: str, name: str, detail: str, advice: str) -> None:
        self.kind = kind
        # Drawn as plain Content (never markup); names and reasons may hold anything a list held.
        self._parts = (shown(headline), shown(name), shown(detail), shown(advice))
        background, colour = PANEL_COLOURS[kind]
        self.styles.background = background
        self.styles.color = colour
        self.refresh()

    def render(self) -> RenderResult:
        headline, name, detail, advice = self._parts
        blocks: list[Content] = []
        icon = _ICONS.get(self.kind)
        if icon and self.size.height >= _ICON_MIN_HEIGHT:
            blocks.append(Content("\n".join(icon)))
        blocks.append(Content.styled(headline, "bold"))
        if self._greeting:
            blocks.append(Content.styled(self._greeting, "bold"))
        person = [Content.styled(name, "bold")] if name else []
        if detail:
            person.append(Content(detail))
        if person:
            blocks.append(Content("\n").join(person))
        if advice:
            blocks.append(Content.styled(advice, "bold"))
        return Content("\n\n").join(blocks)
