"""The footer that wraps its keys onto more lines instead of cutting them at the screen's edge.

Textual's ``Footer`` lays its keys out on one line: at 80 columns the door's F6 to F8 and the app's
F1 (help) and ^q (quit) fell off the right edge. ``KeyFooter`` wraps them onto up to ``MAX_ROWS`` lines;
when even those are too few, the last line ends with "^p alle Tasten" (the command palette lists every
binding), and F1 and ^q are kept on it whatever else has to give way.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterLabel

from integra_tui.i18n import _

__all__ = ["KeyFooter"]


class KeyFooter(Footer):
    """The footer, wrapping its keys onto more lines when one is not wide enough, so every key stays visible.

    At most ``MAX_ROWS`` lines; when the keys need more, the last line ends with "^p alle Tasten" instead of
    cutting keys silently: the command palette (Strg+P) lists every binding of the screen. The keys in
    ``KEEP`` (help and quit) are never the ones left out.
    """

    DEFAULT_CSS = """
    KeyFooter { layout: vertical; height: auto; max-height: 3; }
    KeyFooter > .key-row { height: 1; width: 1fr; }
    KeyFooter.-compact > .key-row > FooterLabel { margin-right: 1; }
    """

    MAX_ROWS = 3
    KEEP = frozenset({"f1", "ctrl+q"})
    """Keys always shown: help and quit are what someone lost on a screen looks for."""

    cut = False
    """Whether the last layout left keys out (then the last row ends with "^p alle Tasten")."""

    _laid_out_for = 0

    class Rewrap(Message):
        """The screen's width changed: lay the keys out again."""

    def on_key_footer_rewrap(self, message: Rewrap) -> None:
        # Recomposed from the footer's own queue, so its keys bind to the footer.
        self.call_after_refresh(self.recompose)

    def on_resize(self, event: events.Resize) -> None:
        # Narrower or wider: the keys are laid out again (a new height alone changes nothing).
        if event.size.width and event.size.width != self._laid_out_for:
            self.post_message(self.Rewrap())

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        palette = [w for w in widgets if w.has_class("-command-palette")]
        entries = [w for w in widgets if w not in palette]
        keep = [w for w in entries if getattr(w, "key", None) in self.KEEP]
        keys = [w for w in entries if w not in keep]
        screen_width = self.size.width or self.app.size.width
        self._laid_out_for = screen_width
        width = max(20, screen_width - sum(self._cells(w) + 2 for w in palette))
        rows, cut = self._rows(keys + keep, width)
        if cut:  # never cut keys silently: the last row says where the rest are, and keeps help and quit
            more = FooterLabel(_("^p alle Tasten"), classes="more-keys")
            reserved = sum(self._cells(w) for w in [more, *keep])
            rows, _cut = self._rows(keys, width, last_width=max(0, width - reserved))
            rows[-1].extend([more, *keep])
        self.cut = cut
        for row in rows:
            yield HorizontalGroup(*row, classes="key-row")
        yield from palette

    def _rows(self, keys: list[Widget], width: int, last_width: int | None = None) -> tuple[list[list[Widget]], bool]:
        """Fill rows of ``width`` cells with ``keys`` in order (the last row ``last_width``); True if some are left."""
        rows: list[list[Widget]] = [[]]
        used = 0
        for key in keys:
            need = self._cells(key)
            room = last_width if last_width is not None and len(rows) == self.MAX_ROWS else width
            if rows[-1] and used + need > room or (not rows[-1] and need > room):
                if len(rows) == self.MAX_ROWS:
                    return rows, True
                rows.append([])
                used = 0
                room = last_width if last_width is not None and len(rows) == self.MAX_ROWS else width
                if need > room:
                    return rows, True
            rows[-1].append(key)
            used += need
        return rows, False

    @classmethod
    def _cells(cls, widget: Widget) -> int:
        """Cells a footer entry takes in the compact style: a key, a group of keys, or a group's label."""
        key_display = getattr(widget, "key_display", None)
        if isinstance(key_display, str):  # FooterKey: "key label" and a margin
            description = str(getattr(widget, "description", ""))
            return cell_len(key_display) + (cell_len(description) + 1 if description else 0) + 1
        children: list[Widget] | None = getattr(widget, "_pending_children", None)
        if children:  # KeyGroup: its keys side by side, a margin and padding
            return sum(cls._cells(child) for child in children) + 2
        return cell_len(str(getattr(widget, "content", ""))) + 1  # FooterLabel, with its margin
