"""QR view: draws a QR code in the terminal with half blocks, black on white whatever the theme."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from integra_tui.io.qr import qr_terminal_lines

__all__ = ["DARK_ON_LIGHT", "QRView"]

DARK_ON_LIGHT = Style(color="#000000", bgcolor="#ffffff")
"""Phones read a QR code off a screen only with dark modules on a light ground. Exact RGB, not the
ANSI names black/white, which terminal colour schemes remap (often to greys or tints)."""


class QRView(Widget):
    """Shows ``content`` as a scannable QR code; its size follows the code (width/height auto)."""

    DEFAULT_CSS = """
    QRView {
        width: auto;
        height: auto;
    }
    """

    content: reactive[str] = reactive("", layout=True)
    """The text encoded in the QR code; empty shows nothing."""

    def __init__(
        self,
        content: str = "",
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own parameter name
        classes: str | None = None,
    ) -> None:
        """Create the view for ``content``."""
        super().__init__(name=name, id=id, classes=classes)
        self._lines: list[str] = []
        self._lines_content: str | None = None
        self.set_reactive(QRView.content, content)

    @property
    def lines(self) -> list[str]:
        """The half-block lines shown for ``content`` (dark modules are block characters)."""
        return list(self._current_lines())

    def _current_lines(self) -> list[str]:
        # Built once per content, not on every repaint.
        if self._lines_content != self.content:
            self._lines = qr_terminal_lines(self.content) if self.content else []
            self._lines_content = self.content
        return self._lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        lines = self._current_lines()
        return len(lines[0]) if lines else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._current_lines())

    def render(self) -> RenderResult:
        lines = self._current_lines()
        return Text("\n".join(lines), style=DARK_ON_LIGHT, no_wrap=True, overflow="crop", end="")
