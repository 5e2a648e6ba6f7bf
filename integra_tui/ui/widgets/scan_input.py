"""Scanner input: cuts the keystrokes of a keyboard-wedge QR scanner into whole codes, none lost or merged."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from integra_tui.i18n import _
from integra_tui.ui.text import shown

__all__ = ["KeySplitter", "ScanInput", "Terminator"]

Terminator = Literal["enter", "tab", "idle"]
"""What ended a scan: the Enter key, the Tab key, or a pause after a complete code."""

ENTER_KEYS = frozenset({"enter", "ctrl+m", "ctrl+j", "newline"})
"""Key names that end a code like Enter (terminals deliver CR and LF under different names)."""

TAB_KEYS = frozenset({"tab", "ctrl+i"})
"""Key names that end a code like Tab."""

BACKSPACE_KEYS = frozenset({"backspace", "ctrl+h"})
"""Key names that delete the last typed character."""

_TERMINATOR_CHARACTERS = frozenset("\r\n\t")


class KeySplitter:
    """Buffers typed characters and cuts them into codes at Enter/Tab or after a pause.

    Pure logic, no Textual: the scanner widget feeds it key by key; anything else that receives
    scanner text (a paste, a camera pipeline) can feed it too. Every method returns the codes it
    finished, in order (usually none or one).
    """

    def __init__(self, is_complete: Callable[[str], bool] | None = None) -> None:
        self._is_complete = is_complete
        self._chars: list[str] = []
        # Where the text typed since the last pause begins: after a stray, incomplete scan the
        # next scanner burst starts here and can still be recognised on its own.
        self._burst_start = 0

    @property
    def buffer(self) -> str:
        """The characters typed since the last finished code."""
        return "".join(self._chars)

    def __len__(self) -> int:
        return len(self._chars)

    def feed(self, text: str) -> list[str]:
        """Append typed characters; a CR, LF or Tab inside ``text`` finishes the code before it."""
        finished: list[str] = []
        for char in text:
            if char in _TERMINATOR_CHARACTERS:
                finished.extend(self.feed_terminator())
            else:
                self._chars.append(char)
        return finished

    def feed_terminator(self) -> list[str]:
        """Enter or Tab arrived: the buffer (if not empty) is a finished code."""
        if not self._chars:
            return []
        return [self._take(0)]

    def idle(self) -> list[str]:
        """The keys paused: finish the buffer if ``is_complete`` accepts it, else keep it.

        Without ``is_complete`` a pause never finishes a code. If the whole buffer is not complete
        but the text typed since the previous pause is, that text is the code (the earlier part was
        a stray scan or abandoned typing, and is dropped).
        """
        if not self._chars or self._is_complete is None:
            return []
        if self._is_complete(self.buffer):
            return [self._take(0)]
        burst_start = self._burst_start
        if 0 < burst_start < len(self._chars) and self._is_complete("".join(self._chars[burst_start:])):
            return [self._take(burst_start)]
        self._burst_start = len(self._chars)
        return []

    def backspace(self) -> None:
        """Delete the last typed character (hand typing)."""
        if self._chars:
            self._chars.pop()
            self._burst_start = min(self._burst_start, len(self._chars))

    def clear(self) -> None:
        """Forget everything typed so far."""
        self._chars.clear()
        self._burst_start = 0

    def _take(self, start: int) -> str:
        code = "".join(self._chars[start:])
        self.clear()
        return code


class ScanInput(Widget, can_focus=True):
    """One-line field for a keyboard-wedge scanner: posts `ScanInput.Scanned` for every code.

    Splitting happens synchronously in the key handler, so a burst of codes arriving faster than
    the app can handle them is still cut exactly at each Enter/Tab (a plain `Input` merges them).
    Tab ends a code and never moves focus away; shift+tab still does, for keyboard users.
    """

    DEFAULT_CSS = """
    ScanInput {
        width: 1fr;
        height: 3;
        padding: 0 1;
        border: tall $border-blurred;
        background: $surface;
        color: $foreground;
        text-style: bold;

        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
        }
        & > .scan-input--placeholder {
            color: $text-muted;
            text-style: not bold;
        }
        & > .scan-input--not-ready {
            color: $text-warning;
        }
        & > .scan-input--cursor {
            background: $foreground;
            color: $background;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "scan-input--placeholder",
        "scan-input--not-ready",
        "scan-input--cursor",
    }
    """
    | Class | Description |
    | :- | :- |
    | `scan-input--placeholder` | The prompt shown while nothing is typed. |
    | `scan-input--not-ready` | The warning shown while keys cannot reach the field. |
    | `scan-input--cursor` | The cursor after the typed text. |
    """

    class Scanned(Message):
        """A code was read: ``text`` as typed, and what ended it."""

        def __init__(self, scan_input: ScanInput, text: str, terminator: Terminator) -> None:
            super().__init__()
            self.scan_input = scan_input
            """The scan input that read the code."""
            self.text = text
            """The code's characters as the keyboard layout delivered them."""
            self.terminator: Terminator = terminator
            """What ended the code: "enter", "tab" or "idle"."""

        @property
        def control(self) -> ScanInput:
            """The scan input that read the code (for ``@on(ScanInput.Scanned, "#id")``)."""
            return self.scan_input

    class _IdleCheck(Message, bubble=False):
        """The idle timer fired; queued behind keys that are already waiting."""

        def __init__(self, generation: int) -> None:
            super().__init__()
            self.generation = generation

    def __init__(
        self,
        *,
        placeholder: str | None = None,
        is_complete: Callable[[str], bool] | None = None,
        idle_seconds: float = 0.15,
        on_scanned: Callable[[str, Terminator], None] | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own parameter name
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Create the field.

        Args:
            placeholder: Prompt shown while the field is empty (default: "Bitte Einladung scannen").
            is_complete: Tells whether typed text is a whole code; if given, a code with no
                Enter/Tab is finished after ``idle_seconds`` of silence.
            idle_seconds: Silence after which a complete code without terminator is finished.
            on_scanned: Called at once with each finished code instead of posting ``Scanned``.
                The door uses it so the result is drawn in the same frame as the cleared field:
                a posted message is handled after that frame, a whole frame later.
        """
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.placeholder = placeholder if placeholder is not None else _("Bitte Einladung scannen")
        """Prompt shown while the field is empty."""
        self.idle_seconds = idle_seconds
        """Silence (seconds) after which a complete code without terminator is finished."""
        self._splitter = KeySplitter(is_complete)
        self._uses_idle = is_complete is not None
        self._on_scanned = on_scanned
        self._idle_timer: Timer | None = None
        self._key_generation = 0

    @property
    def buffer(self) -> str:
        """The characters typed since the last finished code."""
        return self._splitter.buffer

    def clear(self) -> None:
        """Forget the characters typed so far."""
        self._splitter.clear()
        self._key_generation += 1
        self._stop_idle_timer()
        self.refresh()

    def _on_mount(self, _event: events.Mount) -> None:
        # The warning must also show when the terminal window itself loses focus.
        self.watch(self.app, "app_focus", self._app_focus_changed, init=False)

    def _app_focus_changed(self, _focused: bool) -> None:
        self.refresh()

    async def _on_key(self, event: events.Key) -> None:
        # Never awaits, on purpose: the code is cut and posted before the next key is looked at.
        # (``async`` only because Textual's ``Widget._on_key`` is; the handler runs to its end in one go.)
        key = event.key
        if key in ENTER_KEYS:
            self._finish(self._splitter.feed_terminator(), "enter")
        elif key in TAB_KEYS:
            self._finish(self._splitter.feed_terminator(), "tab")
        elif key in BACKSPACE_KEYS:
            self._splitter.backspace()
        elif key == "escape":
            if not len(self._splitter):
                return  # nothing to clear: let Escape reach the screen's bindings
            self._splitter.clear()
        elif event.is_printable and event.character is not None:
            self._splitter.feed(event.character)
        else:
            return  # other keys (shortcuts) go on to the bindings
        event.stop()
        event.prevent_default()
        self._key_generation += 1
        self._restart_idle_timer()
        self.refresh()

    def _on_paste(self, event: events.Paste) -> None:
        # Pasted text is split like typed text: each line (or Tab-separated part) is one code.
        event.stop()
        self._finish(self._splitter.feed(event.text), "enter")
        self._key_generation += 1
        self._restart_idle_timer()
        self.refresh()

    def _finish(self, codes: list[str], terminator: Terminator) -> None:
        for code in codes:
            if self._on_scanned is not None:
                self._on_scanned(code, terminator)
            else:
                self.post_message(self.Scanned(self, code, terminator))

    def _restart_idle_timer(self) -> None:
        self._stop_idle_timer()
        if self._uses_idle and len(self._splitter):
            self._idle_timer = self.set_timer(self.idle_seconds, self._idle_elapsed, name="scan-input-idle")

    def _stop_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None

    def _idle_elapsed(self) -> None:
        # Go through the message queue, so keys that are already waiting are handled first.
        self.post_message(self._IdleCheck(self._key_generation))

    def _on_scan_input__idle_check(self, message: ScanInput._IdleCheck) -> None:
        if message.generation != self._key_generation:
            return  # a key came in after the timer fired; it has restarted the timer
        self._idle_timer = None
        self._finish(self._splitter.idle(), "idle")
        self.refresh()

    def _on_focus(self, _event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, _event: events.Blur) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        ready = self.has_focus and self.app.app_focus
        buffer = self._splitter.buffer
        if not buffer:
            if not ready:
                return Content(_("Scanner nicht bereit – bitte hier klicken")).stylize(
                    self.get_visual_style("scan-input--not-ready", partial=True)
                )
            return Content(self.placeholder).stylize(self.get_visual_style("scan-input--placeholder", partial=True))
        # Show the end of a long buffer: that is where the typing happens.
        room = max(1, self.content_region.width - 1)
        tail = shown(buffer[-room:], one_line=True)  # a pasted ESC or bidi override is not sent to the terminal
        while cell_len(tail) > room:  # wide characters take two cells
            tail = tail[1:]
        visible = Content(tail)
        if not ready:
            return visible
        cursor = Content(" ").stylize(self.get_visual_style("scan-input--cursor", partial=True))
        return visible + cursor
