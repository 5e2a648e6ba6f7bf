"""Hostile names and texts through every path: import, door, home, moderator, agenda editor, coordinator, display,
every export and the command line.

Names, notes and titles are built from what breaks terminal apps: markup brackets and tags
(``[/]``, ``[link=…]``, ``[@click=…]``, ``[bold red]``), slashes, emoji, right-to-left text with bidi
controls, combining marks, Ethiopic script, 300-character names, escape sequences and other control
characters. For each: nothing crashes; what a screen draws equals what is stored, which equals what
was typed or imported minus the control characters; and no control character reaches the terminal
or an exported file.

What a screen "draws" is read the way Textual draws it: a table cell through the DataTable's own cell
formatter, a Static's or an option's content through ``visualize`` (so a plain string would be read
as markup here exactly as on screen), rendered without a width limit, so long names are compared in
full. Every screen is also composed as the terminal gets it, and checked for control characters.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from support.pilot import press, settle
from textual import events
from textual.visual import Visual, visualize
from textual.widgets import DataTable, OptionList, Select
from textual.widgets._data_table import default_cell_formatter  # how a DataTable draws a cell

from integra_tui.cli import main as cli_main
from integra_tui.domain.clock import FakeClock
from integra_tui.domain.text import clean_line, has_controls
from integra_tui.io.exports.markdown import md_escape
from integra_tui.io.tabular import control_characters_removed
from integra_tui.services import moderation
from integra_tui.services.agenda import import_agenda
from integra_tui.services.checkin import check_in_person
from integra_tui.services.context import open_context
from integra_tui.services.exports import FORMATS, ExportRequest, run_export
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import import_invitees, invitees_of
from integra_tui.ui.app import make_app
from integra_tui.ui.text import typed

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)
EARLIER = date(2026, 9, 4)
SIZE = (120, 36)

# -- what the texts are made of --------------------------------------------------------------

FRAGMENTS = [
    "[",
    "]",
    "/",
    "\\",
    "[/]",
    "[/link]",
    "[link=https://example.org]",
    "[@click=app.quit]",
    "[bold red]",
    "[b]",
    "$name",
    "*",
    "`",
    "<b>",
    "&amp;",
    "😀",
    "👩\u200d👩\u200d👧",
    "🇩🇪",
    "مرحبا",
    "فرشته",
    "\u200c",
    "\u202e",
    "\u2066",
    "\u202c",
    "e\u0301",
    "ሳምራዊት ተኽለ",
    "Ömer",
    "Олена",
    "יעל",
    "\x1b[31m",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x07",
    "\x9b",
    "\x1b",
    "\x08",
    "a",
    "Z",
    "1",
    " ",
]
"""Pieces the texts are joined from. No line breaks (a pasted text keeps its first line, an imported cell
becomes one line: both tested elsewhere) and no NUL (a file holding one is binary, refused as such)."""


def _usable(text: str) -> bool:
    return bool(clean_line(text).strip()) and normal(text).casefold() not in {"name", "gruppe", "titel", "minuten"}


_short = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10).map("".join)
_long = st.lists(st.sampled_from(FRAGMENTS), min_size=60, max_size=90).map("".join).map(lambda t: t[:300])
hostile_text = st.one_of(_short, _short, _short, _long).filter(_usable)


@dataclass(frozen=True)
class Hostile:
    """One set of user texts, one for each kind of field."""

    name: str
    """An invitee in the imported list."""
    organisation: str
    walk_in: str
    """Someone who comes without an invitation (typed at the door)."""
    text: str
    """A note, an action item, a comment."""
    owner: str
    title: str
    """The meeting's and an agenda item's title."""
    presenter: str
    station: str


hostile = st.builds(
    Hostile,
    name=hostile_text,
    organisation=hostile_text,
    walk_in=hostile_text,
    text=hostile_text,
    owner=hostile_text,
    title=hostile_text,
    presenter=hostile_text,
    station=hostile_text,
).filter(lambda h: normal(h.name).casefold() != normal(h.walk_in).casefold())

# The strings issue 10 names, each through every field at least once (deterministic examples).
NAMED = [
    Hostile(
        name="x [/]",
        organisation="[link=https://example.org]klick[/link]",
        walk_in="x [/] [bold red]rot[/] [link=https://example.org]klick[/link]",
        text="Budget [vorläufig] prüfen",
        owner="[@click=app.quit]Gisela[/]",
        title="[bold red]Haushalt[/] 2027",
        presenter="Katrin [/] Vogel",
        station="Eingang [1]",
    ),
    Hostile(
        name="\u202eنهكلا\u202c فرشته\u200cاحمدی 👩\u200d👩\u200d👧",
        organisation="\x1b]8;;https://evil.example\x1b\\Verein\x1b]8;;\x1b\\ e\u0301",
        walk_in="ሳምራዊት ተኽለ \x1b[31m[/]\x1b[0m",
        text="Notiz \x07\x08 mit \u2066Isolat\u2069 und 🇩🇪 [b]",
        owner="Олена \x9b2J Коваленко",
        title="Tagesordnung \x1b]0;gekapert\x07 [/link]",
        presenter="\u202dיעל כהן\u202c",
        station="Tür \x1b[5m2",
    ),
    Hostile(
        name=("Müller-Lüdenscheidt [/] " * 13)[:300],
        organisation="ሳምራዊት " * 40,
        walk_in=("[link=https://example.org]" + "😀" * 120)[:300],
        text="[bold red]" + "e\u0301" * 140,
        owner="o" * 300,
        title=("[/] مرحبا " * 30)[:300],
        presenter="\u202e" + "p" * 280,
        station="S" * 80,
    ),
]


def normal(text: str) -> str:
    """What the app stores for a typed or imported name: controls out, one line, spaces collapsed, NFC."""
    return unicodedata.normalize("NFC", " ".join(clean_line(text).split()))


def collapsed(text: str) -> str:
    """What the moderation stores for a capture's text: controls out, one line, spaces collapsed."""
    return " ".join(clean_line(text).split())


NO_SHRINK = (Phase.explicit, Phase.generate)
"""Every example builds a store (and most start an app): a failure is reported as found, not shrunk for minutes."""
SLOW = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]

PILOT = settings(
    max_examples=2, deadline=None, derandomize=True, database=None, phases=NO_SHRINK, suppress_health_check=SLOW
)
"""Pilot tests start an app per example (several seconds each on a busy 2-core machine): two generated
examples, fixed by derandomize, besides the three named ones; the whole suite has a 10-minute budget."""
SERVICES = settings(
    max_examples=3, deadline=None, derandomize=True, database=None, phases=NO_SHRINK, suppress_health_check=SLOW
)
"""Tests without an app (but with every PDF export): three generated examples besides the named ones."""


def named(test):
    for case in reversed(NAMED):
        test = example(case)(test)
    return test


# -- a store holding the texts ---------------------------------------------------------------


class Store:
    """A fresh store whose meeting's list, agenda and an earlier meeting's action item hold ``h``'s texts.

    The list and the agenda are imported from CSV files. The meeting's title and the earlier action item
    are stored through the services as given, control characters and all (``raw``), as an old store or
    another program may hold them: the screens must clean them when they show them. Without ``raw``
    they are stored as the app's forms hand them over (cleaned).
    """

    def __init__(self, folder: Path, h: Hostile, raw: bool = True) -> None:
        self.folder = folder
        self.h = h
        self.clock = FakeClock(NOW)
        self.ctx = open_context(folder / "store.json", clock=self.clock)
        given = (lambda text: text) if raw else typed
        self.meeting = add_meeting(self.ctx, given(h.title), NOW.date(), NOW.time().replace(hour=17, minute=0))
        earlier = add_meeting(self.ctx, "Runder Tisch", EARLIER)
        self.action = moderation.add_capture(self.ctx, earlier.id, "action", given(h.text), owner=given(h.owner))
        self.report = import_invitees(self.ctx, self._invitee_file(), self.meeting.id)
        self.agenda_report = import_agenda(self.ctx, self._agenda_file(), self.meeting.id)
        self.person = next(p for _invitee, p in invitees_of(self.ctx, self.meeting.id) if p.name == normal(h.name))
        self.code = next(i.code for i, p in invitees_of(self.ctx, self.meeting.id) if p.id == self.person.id)

    def _invitee_file(self) -> Path:
        path = self.folder / "eingeladene.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(["Name", "Gruppe", "Organisation"])
            writer.writerow([self.h.name, "Kommune", self.h.organisation])
        return path

    def _agenda_file(self) -> Path:
        path = self.folder / "tagesordnung.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(["Titel", "Minuten", "Referent/in"])
            writer.writerow([self.h.title, "20", self.h.presenter])
            writer.writerow(["Pause", "10", ""])
        return path

    def check_in(self) -> None:
        check_in_person(self.ctx, self.meeting.id, self.person.id, normal(self.h.station), "search")

    def close(self) -> None:
        self.ctx.close()


def with_store(h: Hostile, body, raw: bool = True) -> None:
    """Run the async ``body(store)`` on a fresh store (Hypothesis runs many examples, one temporary folder each)."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder), h, raw)
        try:
            asyncio.run(body(store))
        finally:
            store.close()


# -- reading what is drawn -------------------------------------------------------------------

WIDE = 100_000
"""Render without a width limit, so a long name is read in full and not cut by the layout."""


def _strips_text(strips, strip_lines: bool = False) -> str:
    return "\n".join(strip.text.strip() if strip_lines else strip.text.rstrip() for strip in strips)


def drawn(widget, obj=None, *, markup: bool | None = None) -> str:
    """What ``widget`` draws for ``obj`` (default: its content, or its render), the way Textual draws it."""
    if obj is None:
        obj = widget.content if hasattr(widget, "content") and not isinstance(widget, DataTable) else widget.render()
    if markup is None:
        markup = getattr(widget, "_render_markup", True)
    visual = visualize(widget, obj, markup=markup)
    # Each line trimmed: a centred widget pads its lines to the (unlimited) width.
    return _strips_text(Visual.to_strips(widget, visual, WIDE, None, widget.visual_style), strip_lines=True)


def drawn_cells(table: DataTable) -> list[list[str]]:
    """Every cell of ``table`` as its cell formatter draws it (markup in a plain string is read here too)."""
    console = table.app.console
    options = console.options.update(width=WIDE)
    rows = []
    for row in table.ordered_rows:
        cells = []
        for value in table.get_row(row.key):
            renderable = default_cell_formatter(value, wrap=True, height=0)
            lines = console.render_lines(renderable, options, pad=False)
            cells.append("\n".join("".join(segment.text for segment in line).rstrip() for line in lines))
        rows.append(cells)
    return rows


def drawn_options(options: OptionList) -> list[str]:
    return [drawn(options, option.prompt, markup=options._markup) for option in options.options]


def squash(text: str) -> str:
    """``text`` without whitespace: wrapping a cell moves words to the next line and drops the spaces there."""
    return "".join(text.split())


def assert_wrapped(cell: str, expected: str) -> None:
    """A cell the screen wraps onto a few lines (cut with "…" after the last): the text, nothing altered."""
    shown = squash(cell)
    if shown.endswith("…") and not squash(expected).endswith("…"):
        assert squash(expected).startswith(shown.removesuffix("…")), (cell, expected)
    else:
        assert shown == squash(expected), (cell, expected)


def assert_terminal_safe(app) -> str:
    """Compose the screen as the terminal gets it: no control character in it. Returns its text."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        for segment in strip:
            assert not has_controls(segment.text) and "\n" not in segment.text, repr(segment.text)
    return _strips_text(strips)


async def paste(app, pilot, text: str) -> None:
    """Paste ``text`` into the focused field, as a helper pastes a name from an e-mail (the terminal sends the
    app a Paste event, which goes to the focused widget)."""
    app.post_message(events.Paste(text))
    await settle(app, pilot)


def pasted(text: str) -> str:
    """What a one-line field holds after ``text`` is pasted into it (its first line)."""
    return text.splitlines()[0] if text.splitlines() else ""


# -- the import ------------------------------------------------------------------------------


@settings(SERVICES, max_examples=20)
@named
@given(hostile)
def test_the_import_keeps_every_character_but_controls_and_names_the_line(h: Hostile) -> None:
    async def body(store: Store) -> None:
        assert store.person.name == normal(h.name)
        assert store.person.organisation == " ".join(clean_line(h.organisation).split())
        expected = [(2, control_characters_removed())] if has_controls(h.name + h.organisation) else []
        assert store.report.problems == expected
        items = [d for d in store.ctx.store.find("agenda_items", "meeting_id", store.meeting.id)]
        assert [(d["title"], d["presenter"]) for d in items] == [
            (collapsed(h.title), collapsed(h.presenter)),
            ("Pause", ""),
        ]
        expected = [(2, control_characters_removed())] if has_controls(h.title + h.presenter) else []
        assert store.agenda_report.problems == expected

    with_store(h, body)


# -- the door --------------------------------------------------------------------------------


@PILOT
@named
@given(hostile)
def test_the_door_scan_search_walk_in_and_undo(h: Hostile) -> None:
    from integra_tui.ui.screens.door import DoorScreen
    from integra_tui.ui.screens.door_dialogs import ConfirmDialog, PersonSearchDialog, UndoDialog
    from integra_tui.ui.screens.walk_in import CardDialog, WalkInDialog
    from integra_tui.ui.widgets.result_panel import ResultPanel

    name, station = normal(h.name), typed(h.station)
    walk_in = normal(pasted(h.walk_in))

    async def body(store: Store) -> None:
        DoorScreen.bell_gap = 0.01
        app = make_app(store.ctx, screen="door", meeting_id=store.meeting.id, station=h.station)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(app, pilot)
            screen = app.screen
            # Station in the title; the meeting (title and date) in the sub-title, its title cut when long.
            assert screen.title.startswith(f"Eingang · {station[:12]}") and "27.11.2026" in screen.sub_title
            assert clean_line(store.meeting.title) in screen.sub_title or screen.sub_title.startswith("27.11.2026 ")
            await press(app, pilot, *store.code, "enter")  # the scanner
            panel = screen.query_one(ResultPanel)
            assert panel.kind == "accepted"
            lines = drawn(panel).splitlines()
            assert name in lines and f"Kommune · {store.person.organisation}" in lines
            assert f"16:55 {name}" in drawn(screen.query_one("#door-recent")).splitlines()
            assert_terminal_safe(app)

            await press(app, pilot, "f2")
            assert isinstance(app.screen, PersonSearchDialog)
            await paste(app, pilot, h.name)
            assert store.person.id in [m.person.id for m in app.screen.matches]
            options = drawn_options(app.screen.query_one(OptionList))
            assert any(option.startswith(f"{name} · Kommune · schon da seit") for option in options), options
            assert_terminal_safe(app)
            await press(app, pilot, "enter")
            assert isinstance(app.screen, DoorScreen) and panel.kind == "duplicate"
            assert name in drawn(panel).splitlines()
            assert station in drawn(panel)

            await press(app, pilot, "f3")
            assert isinstance(app.screen, WalkInDialog)
            await paste(app, pilot, h.walk_in)
            app.screen.query_one(Select).value = "Ehrenamtlich"
            await press(app, pilot, "ctrl+s")
            assert isinstance(app.screen, DoorScreen) and panel.kind == "accepted"
            assert walk_in in drawn(panel).splitlines()
            await press(app, pilot, "f6")
            assert isinstance(app.screen, CardDialog)
            assert drawn(app.screen.query_one("#card-name")) == walk_in
            assert_terminal_safe(app)
            await press(app, pilot, "escape")

            await press(app, pilot, "f5")
            assert isinstance(app.screen, UndoDialog)
            options = drawn_options(app.screen.query_one(OptionList))
            assert options[0].endswith(f"  {walk_in} · Ehrenamtlich") and name in options[1]
            assert_terminal_safe(app)
            await press(app, pilot, "enter")
            assert isinstance(app.screen, ConfirmDialog)
            assert drawn(app.screen.query_one("#confirm-question")) == f"Den Check-in von {walk_in} zurücknehmen?"
            await press(app, pilot, "j")
            assert isinstance(app.screen, DoorScreen)
            assert_terminal_safe(app)
        people = {d["name"] for d in store.ctx.store.all("persons")}
        assert walk_in in people
        check_ins = store.ctx.store.find("checkins", "meeting_id", store.meeting.id)
        assert [bool(d.get("undone_at")) for d in check_ins] == [False, True]  # the walk-in's was taken back
        assert {d["station"] for d in check_ins} == {station}

    with_store(h, body)


# -- home and the coordinator ----------------------------------------------------------------


@PILOT
@named
@given(hostile)
def test_home_and_the_coordinators_screens(h: Hostile) -> None:
    from integra_tui.ui.screens.coordinator import CommentDialog

    name = normal(h.name)

    async def body(store: Store) -> None:
        store.check_in()
        title = clean_line(store.meeting.title)  # as stored, shown without its control characters
        text, owner = clean_line(store.action.text), clean_line(store.action.owner)
        app = make_app(store.ctx, meeting_id=store.meeting.id)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(app, pilot)
            invitees = drawn_cells(app.screen.query_one("#invitees", DataTable))
            assert [name, "Kommune", store.person.organisation, "✔"] in invitees
            meetings = drawn_cells(app.screen.query_one("#meetings", DataTable))
            assert title in [row[2] for row in meetings]
            assert_terminal_safe(app)

            await press(app, pilot, "n")  # the coordinator's screen
            table = app.screen.query_one("#followup-table", DataTable)
            row = next(r for r in drawn_cells(table) if r[0] == str(store.action.id))
            assert row[2:4] == [text, owner]
            assert_terminal_safe(app)
            table.move_cursor(row=[r[0] for r in drawn_cells(table)].index(str(store.action.id)))
            await press(app, pilot, "o")
            assert isinstance(app.screen, CommentDialog)
            assert drawn(app.screen.query_one("Label")) == f"Warum ist „{text}“ noch offen?"
            await paste(app, pilot, h.walk_in)
            await press(app, pilot, "enter")
            comment = store.ctx.store.get("captures", store.action.id)["history"][-1]["comment"]
            assert comment == collapsed(pasted(h.walk_in))  # as typed, without control characters
            row = next(r for r in drawn_cells(table) if r[0] == str(store.action.id))
            assert row[-1] == comment
            assert_terminal_safe(app)

            screen = app.screen
            meetings = screen.query_one("#export-meeting", Select).query_one(OptionList)
            assert f"27.11.2026 {title}" in drawn_options(meetings)
            await press(app, pilot, "p")  # the owner's engagement, on the Person tab
            result = drawn(screen.query_one("#person-result"))
            assert f"„{clean_line(store.action.owner)}“" in result  # nobody of that name: said, with the name
            assert_terminal_safe(app)

    with_store(h, body)


# -- the moderator, the agenda editor and the display ------------------------------------------


@PILOT
@named
@given(hostile)
def test_the_moderator_agenda_editor_and_display(h: Hostile) -> None:
    from integra_tui.ui.screens.capture_forms import CaptureForm, KeepOpenForm, ReviewDialog, SpeakerForm

    name, title, presenter = normal(h.name), collapsed(h.title), collapsed(h.presenter)
    note = collapsed(pasted(h.walk_in))

    async def body(store: Store) -> None:
        store.check_in()
        text, owner = clean_line(store.action.text), clean_line(store.action.owner)
        meeting_title = clean_line(store.meeting.title)
        app = make_app(store.ctx, screen="moderator", meeting_id=store.meeting.id)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(app, pilot)
            screen = app.screen
            agenda = drawn_cells(screen.query_one("#agenda", DataTable))
            assert agenda[0][3] == "Offene Punkte"
            shown_title = agenda[1][3]
            assert title.startswith(shown_title.removesuffix("…"))  # cut to the column, never altered
            await press(app, pilot, "space")  # "Offene Punkte": the earlier meeting's action item
            open_items = drawn_cells(screen.query_one("#open-items", DataTable))
            assert open_items[0] == ["Aufgaben", "", "", ""]  # each part under its heading, the text first
            assert open_items[1][1:] == [owner, "", "offen"]
            assert_wrapped(open_items[1][0], text)
            assert_terminal_safe(app)
            screen.query_one("#open-items", DataTable).focus()
            await press(app, pilot, "enter")
            assert isinstance(app.screen, ReviewDialog)
            assert drawn(app.screen.query_one("#dialog-message")) == f"{text}\nwer: {owner}"  # the text first
            assert_terminal_safe(app)
            await press(app, pilot, "o")
            assert isinstance(app.screen, KeepOpenForm)  # "noch offen": a comment and a due date, both optional
            await press(app, pilot, "enter")

            await press(app, pilot, "n")  # the imported item
            assert drawn(screen.query_one("#item-title")) == f"2/3 {title}"
            assert drawn(screen.query_one("#item-meta")) == f"Diskussion · {presenter}"
            assert screen.query_one("#captures-pane")._border_title.plain == f"Festgehalten zu „{title}“"

            await press(app, pilot, "r")
            assert isinstance(app.screen, SpeakerForm)
            await paste(app, pilot, h.name)
            assert drawn_options(app.screen.query_one("#speaker-matches", OptionList)) == [f"{name} (Kommune)"]
            await press(app, pilot, "enter")
            assert drawn_cells(screen.query_one("#speaker-queue", DataTable)) == [["1", name, "Kommune"]]
            await press(app, pilot, "w")
            assert drawn(screen.query_one("#current-speaker")).startswith(f"▶ {name} (Kommune) ")

            await press(app, pilot, "o")
            assert isinstance(app.screen, CaptureForm)
            assert drawn(app.screen.query_one("#form-item")) == f"zu: {title}"
            await paste(app, pilot, h.walk_in)
            await press(app, pilot, "enter")
            captures = drawn_cells(screen.query_one("#captures", DataTable))
            assert_wrapped(captures[0][1], note)
            assert_terminal_safe(app)
        stored = [c for c in moderation.captures_of(store.ctx, store.meeting.id)]
        assert [c.text for c in stored] == [note]

        app = make_app(store.ctx, screen="display", meeting_id=store.meeting.id)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert drawn(screen.query_one("#display-title")) == title
            assert drawn(screen.query_one("#display-presenter")) == f"Diskussion · {presenter}"
            speaker = drawn(screen.query_one("#display-speaker"))
            assert speaker.replace("\n", " ").startswith(f"Es spricht: {name} (Kommune) · "), speaker
            bar = drawn(screen.query_one("#display-bar"))
            assert bar.startswith(f"{meeting_title} – ") or bar.startswith("27.11.2026 "), bar
            assert_terminal_safe(app)

        app = make_app(store.ctx, screen="agenda_editor", meeting_id=store.meeting.id)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            screen = app.screen
            rows = drawn_cells(screen.query_one("#editor-items", DataTable))
            assert [title, "20", presenter, "Diskussion"] in [row[1:] for row in rows]
            assert drawn(screen.query_one("#editor-title")) == f"Tagesordnung: {meeting_title} am 27.11.2026"
            await press(app, pilot, "a")
            await paste(app, pilot, h.text)
            await press(app, pilot, "enter")
            rows = drawn_cells(screen.query_one("#editor-items", DataTable))
            assert rows[-1][1:] == [typed(pasted(h.text)), "10", "", "Diskussion"]
            assert_terminal_safe(app)

    with_store(h, body)


# -- every export and the command line -------------------------------------------------------


def _no_controls_in_file(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix in (".xlsx", ".pdf"):
        return  # binary; the xlsx cells and the pdf text are read below
    text = data.decode("utf-8-sig")
    if path.suffix == ".md":  # the Markdown keeps balanced isolates (FSI … PDI) around right-to-left names, on purpose
        text = re.sub("\u2068([^\u2066-\u2069]*)\u2069", r"\1", text)
    assert not has_controls(text), (path.name, [c for c in text if has_controls(c)][:5])


def _xlsx_texts(path: Path) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    texts = [str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    workbook.close()
    return texts


def _pdf_text(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    finally:
        document.close()


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli_main(list(args))
    return status, out.getvalue(), err.getvalue()


def _export_all(ctx, meeting_id: int, person_id: int, out: Path, formats: dict[str, tuple[str, ...]]) -> None:
    """Every export of ``formats``; none may crash, and no file or summary may hold a control character."""
    out.mkdir()
    for kind, kind_formats in formats.items():
        for fmt in kind_formats:
            request = ExportRequest(
                kind=kind,
                format=fmt,
                out=out / f"{kind}-{fmt}" if fmt == "folder" else out / f"{kind}.{fmt}",
                meeting_id=meeting_id,
                with_names=True,
                person=str(person_id) if kind == "engagement" else "",
            )
            result = run_export(ctx, request)
            assert not has_controls(result.summary)
            for path in result.paths:
                for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
                    if file.is_file():
                        _no_controls_in_file(file)


def _run_meeting(store: Store, h: Hostile) -> None:
    """The moderator's part through the services, with what the forms hand over: a speaker, an action, a note."""
    ctx, meeting_id = store.ctx, store.meeting.id
    item = moderation.next_item(ctx, meeting_id).current.id
    moderation.add_speaker(ctx, meeting_id, item, typed(h.name))
    moderation.next_speaker(ctx, meeting_id, item)
    moderation.add_capture(
        ctx, meeting_id, "action", typed(h.text), agenda_item_id=item, owner=typed(h.owner), due=date(2026, 12, 4)
    )
    moderation.add_capture(ctx, meeting_id, "note", typed(h.walk_in), agenda_item_id=item)


@SERVICES
@named
@given(hostile)
def test_every_export_and_the_command_line(h: Hostile) -> None:
    name, text, owner = normal(h.name), collapsed(typed(h.text)), collapsed(typed(h.owner))

    async def body(store: Store) -> None:
        store.check_in()
        _run_meeting(store, h)
        ctx, meeting_id = store.ctx, store.meeting.id
        title = store.meeting.title
        out = store.folder / "exporte"
        _export_all(ctx, meeting_id, store.person.id, out, FORMATS)

        rows = list(csv.reader(io.StringIO((out / "actions.csv").read_text("utf-8-sig")), delimiter=";"))
        cells = [cell.removeprefix("'") for row in rows for cell in row]
        assert text in cells and owner in cells
        assert text in [t.removeprefix("'") for t in _xlsx_texts(out / "actions.xlsx")]
        attendance = list(csv.reader(io.StringIO((out / "attendance.csv").read_text("utf-8-sig")), delimiter=";"))
        split = [sorted(" ".join(cell.removeprefix("'") for cell in row[:2]).split()) for row in attendance]
        assert sorted(name.split()) in split  # Nachname, Vorname
        assert text in [item["text"] for item in json.loads((out / "actions.json").read_text("utf-8"))["items"]]
        assert md_escape(text) in (out / "actions.md").read_text("utf-8")
        assert md_escape(title) in (out / "minutes.md").read_text("utf-8")
        _pdf_text(out / "minutes.pdf")  # opens and reads back

        db = str(store.folder / "store.json")
        for args in (
            ("meeting", "list"),
            ("followup", "list", "--every-status"),
            ("followup", "person", str(store.person.id)),
            ("privacy", "show", str(store.person.id)),
            ("import", "invitees", str(store.folder / "eingeladene.csv"), "--meeting", str(meeting_id)),
            ("checkin", store.code, "--meeting", str(meeting_id), "--station", h.station),
            ("export", "actions", "--meeting", str(meeting_id), "--out", str(store.folder / "cli.csv")),
        ):
            _status, stdout, stderr = _cli("--db", db, *args)
            assert not has_controls(stdout) and not has_controls(stderr), args
        assert title in _cli("--db", db, "meeting", "list")[1]
        listed = _cli("--db", db, "followup", "list", "--every-status")[1]
        assert f"{text} – {owner}" in listed
        # privacy show is a letter in plain text: the name as stored, no Markdown escapes
        letter = _cli("--db", db, "privacy", "show", str(store.person.id))[1]
        assert "".join(f"Guten Tag {name},".split()) in "".join(letter.split())  # the letter wraps long lines

    with_store(h, body, raw=False)


@SERVICES
@named
@given(hostile)
def test_tables_and_markdown_hold_no_control_characters_even_from_an_old_store(h: Hostile) -> None:
    """Texts stored with their control characters (an old store, another program): CSV, XLSX, Markdown and
    HTML are written without them, and the command line prints none."""

    async def body(store: Store) -> None:
        ctx, meeting_id = store.ctx, store.meeting.id
        item = moderation.next_item(ctx, meeting_id).current.id
        moderation.add_capture(ctx, meeting_id, "action", h.text, agenda_item_id=item, owner=h.owner)
        moderation.add_capture(ctx, meeting_id, "note", h.walk_in, agenda_item_id=item)
        formats = {"actions": ("csv", "xlsx", "md"), "minutes": ("md", "html"), "stats": ("csv", "md", "xlsx")}
        _export_all(ctx, meeting_id, store.person.id, store.folder / "exporte", formats)
        for cell in _xlsx_texts(store.folder / "exporte" / "actions.xlsx"):
            assert not has_controls(cell)
        db = str(store.folder / "store.json")
        for args in (
            ("meeting", "list"),
            ("followup", "list", "--every-status"),
            ("export", "actions", "--meeting", str(meeting_id), "--out", str(store.folder / "cli.csv")),
        ):
            _status, stdout, stderr = _cli("--db", db, *args)
            assert not has_controls(stdout) and not has_controls(stderr), args

    with_store(h, body, raw=True)
