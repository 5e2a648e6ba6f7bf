"""Scanner input: codes typed as bursts by a keyboard-wedge scanner come out whole, in order, none lost."""

from __future__ import annotations

import asyncio
import time
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events, on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import Button

from integra_tui.ui.widgets.scan_input import KeySplitter, ScanInput

SYMBOLS = "0123456789ABCDEFGHJKLMNPQRSTUVWX"
CODE_LENGTH = 20


def make_code(number: int) -> str:
    """A distinct 20-character code shaped like an invitation code: MG1 + 17 symbols."""
    digits = []
    for _position in range(CODE_LENGTH - 3):
        number, digit = divmod(number * 7 + 3, len(SYMBOLS))
        digits.append(SYMBOLS[digit])
    return "MG1" + "".join(digits)


def is_whole_code(text: str) -> bool:
    return text.startswith("MG1") and len(text) == CODE_LENGTH


def key_event(key: str) -> events.Key:
    """The Key event a terminal delivers for a pilot-style key ("a", "ß", "enter", "tab", "ctrl+j")."""
    specials = {"enter": "\r", "tab": "\t", "ctrl+j": "\n", "backspace": "\x7f", "escape": "\x1b"}
    if key in specials:
        return events.Key(key, specials[key])
    if key.isalnum():
        return events.Key(key, key)
    return events.Key(unicodedata.name(key).lower().replace(" ", "_").replace("-", "_"), key)


def scanner_burst(app: App, keys: list[str]) -> None:
    """Queue every key at once, the way a scanner's burst reaches the app before any handler runs.

    ``pilot.press`` waits for the app to go idle after each key (>= 40 ms a key), which is slower
    than a scanner and never lets keys pile up; this does what the terminal driver does.
    """
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)


def scan_keys(codes: list[str], terminator: str | None = "enter") -> list[str]:
    keys: list[str] = []
    for code in codes:
        keys.extend(code)
        if terminator:
            keys.append(terminator)
    return keys


class Desk(Vertical):
    """Parent of the scan input; with ``slow`` it blocks on every code, like a save to disk."""

    def __init__(self, *children, slow: bool) -> None:
        super().__init__(*children)
        self.slow = slow

    @on(ScanInput.Scanned, "#scan")
    def save(self, message: ScanInput.Scanned) -> None:
        if self.slow:
            time.sleep(0.005)  # blocking work in the handler, as a synchronous save would be


class ScanApp(App[None]):
    """A scan input, a button to take focus elsewhere, and a record of every Scanned message."""

    def __init__(self, *, is_complete=None, slow: bool = False, expected: int = 0) -> None:
        super().__init__()
        self.is_complete = is_complete
        self.slow = slow
        self.expected = expected
        self.scans: list[tuple[str, str]] = []
        self.all_scanned = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Desk(ScanInput(id="scan", is_complete=self.is_complete), slow=self.slow)
        yield Button("Weiter", id="next")

    def on_mount(self) -> None:
        self.query_one("#scan").focus()

    @on(ScanInput.Scanned, "#scan")
    def record(self, message: ScanInput.Scanned) -> None:
        assert message.control is self.query_one("#scan")
        self.scans.append((message.text, message.terminator))
        if self.expected and len(self.scans) >= self.expected:
            self.all_scanned.set()

    @property
    def texts(self) -> list[str]:
        return [text for text, _terminator in self.scans]


async def wait_for_scans(app: ScanApp, pilot) -> None:
    """Wait until the expected number of codes arrived, then let anything extra arrive too."""
    await asyncio.wait_for(app.all_scanned.wait(), timeout=60)  # a guard against hanging, not a timing
    await pilot.pause()


def shown_text(widget) -> str:
    """What the widget shows on screen, line by line."""
    width, height = widget.outer_size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


# --- ScanInput in an app -------------------------------------------------------------------------


class CallbackApp(App[None]):
    """A scan input that hands each code to a callback at once, as the door does."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str, str]] = []
        self.messages = 0

    def compose(self) -> ComposeResult:
        yield ScanInput(id="scan", on_scanned=self.scanned)

    def scanned(self, text: str, terminator: str) -> None:
        # The field is already empty when the code is handed on: the next code starts clean.
        self.calls.append((text, terminator, self.query_one(ScanInput).buffer))

    @on(ScanInput.Scanned)
    def count(self, message: ScanInput.Scanned) -> None:
        self.messages += 1


async def test_a_callback_gets_each_code_at_once_and_no_message_is_posted() -> None:
    codes = [make_code(number) for number in range(30)]
    app = CallbackApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(ScanInput).focus()
        scanner_burst(app, scan_keys(codes[:15], "enter") + scan_keys(codes[15:], "tab"))
        for _ in range(200):
            if len(app.calls) == 30:
                break
            await pilot.pause()
        assert app.calls == [(code, "enter", "") for code in codes[:15]] + [(code, "tab", "") for code in codes[15:]]
        assert app.messages == 0


@pytest.mark.parametrize("terminator", ["enter", "tab"])
async def test_hundred_codes_in_one_burst_come_out_whole_and_in_order(terminator: str) -> None:
    codes = [make_code(number) for number in range(100)]
    app = ScanApp(expected=100)
    async with app.run_test(size=(100, 30)) as pilot:
        scanner_burst(app, scan_keys(codes, terminator))
        await wait_for_scans(app, pilot)
        assert app.scans == [(code, terminator) for code in codes]
        assert app.query_one(ScanInput).buffer == ""


async def test_a_slow_parent_still_gets_every_code_in_order() -> None:
    codes = [make_code(number) for number in range(100)]
    app = ScanApp(slow=True, expected=100)
    async with app.run_test(size=(100, 30)) as pilot:
        scanner_burst(app, scan_keys(codes[:50], "enter"))
        await pilot.pause()  # the second half arrives while the parent is busy with the first
        scanner_burst(app, scan_keys(codes[50:], "tab"))
        await wait_for_scans(app, pilot)
        assert app.texts == codes


async def test_codes_typed_key_by_key_end_at_enter_and_tab() -> None:
    app = ScanApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"MG1ABC", "enter", *"MG1DEF", "tab")
        await pilot.pause()
        assert app.scans == [("MG1ABC", "enter"), ("MG1DEF", "tab")]


async def test_terminals_that_send_line_feed_or_ctrl_m_end_codes_too() -> None:
    app = ScanApp(expected=2)
    async with app.run_test(size=(100, 30)) as pilot:
        scanner_burst(app, [*"MG1ABC", "ctrl+j"])
        event = events.Key("ctrl+m", "\r")
        event.set_sender(app)
        app.post_message(event)  # before any "MG1DEF" key: an empty code is no code
        scanner_burst(app, [*"MG1DEF", "ctrl+j"])
        await wait_for_scans(app, pilot)
        assert app.texts == ["MG1ABC", "MG1DEF"]


async def test_enter_or_tab_on_an_empty_field_sends_nothing() -> None:
    app = ScanApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "tab")
        await pilot.pause()
        assert app.scans == []


async def test_tab_does_not_move_focus_away_but_shift_tab_does() -> None:
    app = ScanApp()
    async with app.run_test(size=(100, 30)) as pilot:
        scan = app.query_one(ScanInput)
        await pilot.press("tab")
        assert app.focused is scan
        await pilot.press(*"MG1A", "tab")
        assert app.focused is scan
        assert app.texts == ["MG1A"]
        await pilot.press("shift+tab")  # keyboard users can still leave the field
        assert app.focused is app.query_one("#next", Button)


async def test_german_layout_characters_are_kept() -> None:
    # A US-set scanner on a QWERTZ laptop turns punctuation into these; the code parser decides.
    codes = ["MG1ßÖö´A", "MG1ü´ß#Ä"]
    app = ScanApp(expected=2)
    async with app.run_test(size=(100, 30)) as pilot:
        scanner_burst(app, scan_keys(codes))
        await wait_for_scans(app, pilot)
        assert app.texts == codes


async def test_complete_code_without_terminator_finishes_after_a_pause() -> None:
    code = make_code(7)
    app = ScanApp(is_complete=is_whole_code)
    async with app.run_test(size=(100, 30)) as pilot:
        scanner_burst(app, list(code))
        await pilot.pause(0.3)  # the idle timeout (0.15 s) under test
        assert app.scans == [(code, "idle")]
        assert app.query_one(ScanInput).buffer == ""


async def test_incomplete_code_without_terminator_waits_for_more_typing() -> None:
    app = ScanApp(is_complete=is_whole_code)
    async with app.run_test(size=(100, 30)) as pilot:
        scanner_burst(app, list("MG1AB"))
        await pilot.pause(0.3)
        scan = app.query_one(ScanInput)
        assert app.scans == []
        assert scan.buffer == "MG1AB"
        assert "MG1AB" in shown_text(scan)
        await pilot.press("enter")  # typed by hand, finished by hand
        assert app.scans == [("MG1AB", "enter")]


async def test_a_stray_incomplete_scan_does_not_block_the_next_code() -> None:
    code = make_code(3)
    app = ScanApp(is_complete=is_whole_code)
    async with app.run_test(size=(100, 30)) as pilot:
        scanner_burst(app, list("WIFI:S:x"))  # someone scanned a foreign QR code
        await pilot.pause(0.3)
        scanner_burst(app, list(code))
        await pilot.pause(0.3)
        assert app.scans == [(code, "idle")]


async def test_codes_without_terminator_back_to_back_are_split_by_pauses() -> None:
    codes = [make_code(number) for number in range(3)]
    app = ScanApp(is_complete=is_whole_code)
    async with app.run_test(size=(100, 30)) as pilot:
        for code in codes:
            scanner_burst(app, list(code))
            await pilot.pause(0.3)
        assert app.scans == [(code, "idle") for code in codes]


async def test_backspace_corrects_and_escape_clears_hand_typing() -> None:
    app = ScanApp(expected=2)
    async with app.run_test(size=(100, 30)) as pilot:
        scanner_burst(app, [*"MG1X", "backspace", "A", "enter", *"junk", "escape", *"MG1B", "enter"])
        await wait_for_scans(app, pilot)
        assert app.texts == ["MG1A", "MG1B"]


async def test_pasted_lines_are_separate_codes() -> None:
    app = ScanApp(expected=2)
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(ScanInput).post_message(events.Paste("MG1ABC\r\nMG1DEF\n"))
        await wait_for_scans(app, pilot)
        assert app.texts == ["MG1ABC", "MG1DEF"]


async def test_field_shows_prompt_typed_text_and_a_warning_without_focus() -> None:
    app = ScanApp()
    async with app.run_test(size=(100, 30)) as pilot:
        scan = app.query_one(ScanInput)
        assert "Bitte Einladung scannen" in shown_text(scan)
        await pilot.press(*"MG1Q")
        assert "MG1Q" in shown_text(scan)
        await pilot.press("escape")
        app.query_one("#next", Button).focus()
        await pilot.pause()
        assert "Scanner nicht bereit" in shown_text(scan)
        scan.focus()
        await pilot.pause()
        assert "Bitte Einladung scannen" in shown_text(scan)
        app.post_message(events.AppBlur())  # the terminal window lost focus: keys go elsewhere
        await pilot.pause()
        assert "Scanner nicht bereit" in shown_text(scan)
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert "Bitte Einladung scannen" in shown_text(scan)


async def test_long_input_shows_its_end() -> None:
    app = ScanApp()
    async with app.run_test(size=(40, 10)) as pilot:
        scanner_burst(app, list("A" * 60 + "ENDE"))
        await pilot.pause()
        scan = app.query_one(ScanInput)
        assert len(scan.buffer) == 64
        assert "AENDE" in shown_text(scan)


# --- KeySplitter ---------------------------------------------------------------------------------


def test_splitter_cuts_at_terminators_and_skips_empty_codes() -> None:
    splitter = KeySplitter()
    assert splitter.feed("MG1A") == []
    assert splitter.buffer == "MG1A"
    assert splitter.feed_terminator() == ["MG1A"]
    assert splitter.buffer == ""
    assert splitter.feed_terminator() == []


def test_splitter_feed_handles_cr_lf_and_tab_inside_text() -> None:
    splitter = KeySplitter()
    assert splitter.feed("A1\r\nB2\tC3\nD") == ["A1", "B2", "C3"]
    assert splitter.buffer == "D"


def test_splitter_idle_finishes_only_complete_codes() -> None:
    splitter = KeySplitter(is_complete=lambda text: len(text) == 4)
    splitter.feed("MG1")
    assert splitter.idle() == []
    assert splitter.buffer == "MG1"
    splitter.feed("A")
    assert splitter.idle() == ["MG1A"]
    assert splitter.buffer == ""


def test_splitter_without_is_complete_never_finishes_on_idle() -> None:
    splitter = KeySplitter()
    splitter.feed("MG1ABC")
    assert splitter.idle() == []
    assert splitter.buffer == "MG1ABC"


def test_splitter_drops_stray_text_before_a_complete_burst() -> None:
    splitter = KeySplitter(is_complete=lambda text: text.startswith("MG") and len(text) == 4)
    splitter.feed("xyz")
    assert splitter.idle() == []
    splitter.feed("MG1A")
    assert splitter.idle() == ["MG1A"]
    assert splitter.buffer == ""


def test_splitter_backspace_and_clear() -> None:
    splitter = KeySplitter()
    splitter.feed("MG1X")
    splitter.backspace()
    splitter.feed("A")
    assert splitter.buffer == "MG1A"
    splitter.clear()
    assert splitter.buffer == ""
    splitter.backspace()  # nothing to delete: no error
    assert splitter.feed_terminator() == []


_CODE_TEXT = st.text(st.characters(blacklist_characters="\r\n\t", blacklist_categories=["Cs"]), min_size=1)


@given(codes=st.lists(_CODE_TEXT, max_size=20), terminators=st.lists(st.sampled_from("\r\n\t"), min_size=1))
def test_splitter_returns_exactly_the_codes_fed(codes: list[str], terminators: list[str]) -> None:
    splitter = KeySplitter()
    stream = "".join(code + terminators[index % len(terminators)] for index, code in enumerate(codes))
    finished = []
    for char in stream:  # one key at a time, as the widget feeds it
        finished.extend(splitter.feed(char))
    assert finished == codes
    assert splitter.buffer == ""
