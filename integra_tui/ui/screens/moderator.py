"""The moderator's screen: the agenda against a large countdown, the speakers' list, and what is agreed.

Every key press is stored as an event at once (services.moderation) and the screen shows what the
events say at ``now``: the countdown ticks locally once a second, and a change made by another
process (the second screen, another terminal) arrives through StoreChanged.
Store work runs on one background thread, in the order the keys were pressed.
"""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import partial
from typing import Any

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Digits, Footer, Header, Static

from integra_tui.domain import agenda as timer
from integra_tui.domain.agenda import AgendaState, ItemState, format_countdown, format_duration
from integra_tui.domain.due_dates import parse_due_date
from integra_tui.domain.models import Capture
from integra_tui.domain.speakers import SpeakersState
from integra_tui.errors import IntegraError
from integra_tui.i18n import _, format_date, format_time
from integra_tui.services import moderation, needs
from integra_tui.services.context import ServiceError
from integra_tui.services.meetings import current_meeting, meeting_caption
from integra_tui.services.network_texts import need_status_label
from integra_tui.services.texts import due_hint, group_label, weekday_date
from integra_tui.ui.labels import capture_kind_label, item_kind_label, item_title, status_icon
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.screens.agenda_editor import AgendaEditorScreen
from integra_tui.ui.screens.capture_forms import (
    CaptureDraft,
    CaptureForm,
    CommentForm,
    DeferDialog,
    HandsForm,
    KeepOpenDraft,
    KeepOpenForm,
    NeedReviewDialog,
    ReviewDialog,
    SettingsDraft,
    SettingsForm,
    SpeakerDraft,
    SpeakerForm,
    StageForm,
    TakeTimeDialog,
)
from integra_tui.ui.text import literal, shown
from integra_tui.ui.widgets.confirm import ChoiceDialog, ConfirmDialog

__all__ = [
    "EXTEND_GROUP",
    "OVERRUN_MINUTES",
    "AgendaTable",
    "CaptureTable",
    "KeyFooter",
    "ModeratorScreen",
    "OpenItemsTable",
    "SpeakerQueue",
    "item_kind_label",
    "item_title",
    "status_icon",
    "status_line",
]

OVERRUN_MINUTES = 5
"""Minutes the overrun choices (extend, take from a later item) grant at one key press."""

EXTEND_GROUP = Binding.Group(_("+1/+5 Min"), compact=True)

HELP = _(
    """# Moderation

Oben stehen die **Uhrzeit**, die **geplante und die tatsächliche Zeit** der bisher behandelten Punkte
und das **voraussichtliche Ende** (jetzt plus die geplante Zeit der noch offenen Punkte); es wird rot,
wenn es nach dem geplanten Ende liegt.

## Tagesordnung
- **Leertaste** startet den nächsten Punkt, pausiert ihn und setzt ihn fort. **n** schließt den Punkt
  ab und startet den nächsten, **p** geht zum zuletzt abgeschlossenen Punkt zurück.
- **+** (oder Strg+↑) gibt eine Minute mehr, **`*`** (oder Umschalt+↑) fünf Minuten. Die Zeit kommt aus dem
  Puffer des Treffens, solange er reicht; danach wird das Treffen länger.
- **s** lässt einen Punkt aus (überspringt ihn), **v** verschiebt auf das nächste Treffen: dort steht der Punkt dann als
  „übernommen“. Gibt es noch kein nächstes Treffen, können Sie eines ein Quartal später anlegen
  oder den Punkt auf die Liste der verschobenen Punkte setzen; das nächste Treffen, das Sie hier
  oder in der Tagesordnung öffnen, übernimmt sie.
- **s** und **v** wirken auf den markierten Punkt der Tagesordnung (sonst auf den laufenden);
  beim laufenden Punkt fragen sie vorher nach. **Enter** startet den markierten Punkt.
- Warten beim Wechsel noch Leute auf der Redeliste, fragt die Moderation, ob sie zum nächsten
  Punkt mitgenommen werden (sonst bleiben sie beim alten Punkt stehen).
- Der Bereich mit dem Cursor hat einen hellen Rahmen; **Tab** wechselt den Bereich.
- Läuft ein Punkt über die Zeit, zählt die Uhr rot weiter (+03:12) und es gibt drei Tasten:
  **x** fünf Minuten mehr (aus dem Puffer, wenn er reicht), **t** fünf Minuten von einem späteren
  Punkt (Umschalt+T: Punkt auswählen), **d** den Rest auf das nächste Treffen verschieben (fragt
  vorher nach). Die Wahl kommt ins Protokoll. Vor dem Überziehen sagen diese Tasten, warum sie
  noch nichts tun; mehr Zeit gibt es dann mit **+** und **`*`**.
- **m** schickt eine Nachricht an die Anzeige („Bitte zum Schluss kommen“); Strg+L im Formular
  nimmt sie wieder weg.
- **Strg+Q** fragt während eines laufenden Treffens, ob die App wirklich beendet werden soll.
- **F2** bearbeitet die Tagesordnung, **F3** die Warnzeit und die Redezeit (in Minuten, z. B. `2` oder
  `2:30`), **Strg+E** beendet das Treffen.
  **Strg+P** sucht jede Aktion mit Namen, auch die, die unten nicht stehen.

## Redeliste
- **r** setzt jemanden auf die Liste (Suche unter den Anwesenden oder freier Name). Enter oder Tab
  übernehmen die eine passende Person, die das Formular zeigt; passen mehrere, wählen Sie aus;
  passt niemand, wird der Name als neuer Name gespeichert (das Formular sagt es). **w** erteilt
  der/dem Nächsten das Wort (ist niemand mehr auf der Liste, endet der Redebeitrag), **u** hält die
  Redezeit an und lässt sie weiterlaufen.
- In der Liste: **Entf** streicht, **h** rückt nach oben. **f** schaltet „Wer noch nicht gesprochen
  hat, kommt zuerst“ ein und aus (↺ = hat zu diesem Punkt schon gesprochen).
- Unten steht die Redezeit je Gruppe für den Punkt und das ganze Treffen; ○ heißt: diese Gruppe hat
  zu diesem Punkt noch nicht gesprochen.

## Festhalten
- **a** Aufgabe (was, wer, bis wann), **e** Beschluss (mit Abstimmung ja/nein/Enthaltung, z. B. `12 2 1`),
  **b** Bedarf (was, für welche Gruppe), **g** Angebot, **c** Frage (welche Gruppe fragt),
  **k** Themenwunsch (mit Handzeichen), **o** Notiz. Enter speichert, Esc schließt. Alles gehört
  automatisch zum laufenden Punkt. Die Formulare stehen unten, die Uhr bleibt sichtbar.
- „Wer?“ übernimmt wie die Redeliste die eine passende Person (Enter oder Tab).
- „Bis wann“ versteht z. B. `15.1.`, `15.01.2027`, `in 2 Wochen`, `nächstes Treffen`, `Freitag`;
  unter dem Feld steht, welches Datum verstanden wurde. Ist ein Datum unklar, fragt das Formular
  nach und bietet Daten zur Auswahl an.
- In der Liste „Festgehalten“: **Enter** bearbeitet, **Entf** entfernt (bleibt vermerkt), **z** trägt
  die Abstimmung eines Beschlusses oder die Handzeichen eines Themenwunschs ein.
- Beim Punkt „Offene Punkte“ stehen die offenen Aufgaben, Bedarfe und Fragen früherer Treffen;
  **Enter** setzt eine Aufgabe auf erledigt, noch offen (mit Kommentar und neuem Datum, beides
  freiwillig) oder entfällt, ändert den Status eines Bedarfs (oder macht eine Aufgabe daraus) und
  beantwortet eine Frage.
"""
)


def status_line(item: ItemState) -> str:
    """How far the item is: "läuft · 07:12 von 25:00" and the like."""
    elapsed = format_duration(item.elapsed_seconds)
    planned = format_duration(item.planned_seconds)
    if item.status == timer.PAUSED:
        text = _("pausiert · {elapsed} von {planned}")
    elif item.phase == timer.OVERRUN:
        text = _("überzogen · {elapsed} von {planned}")
    else:
        text = _("läuft · {elapsed} von {planned}")
    text = text.format(elapsed=elapsed, planned=planned)
    extra = sum(c.minutes for c in item.choices)
    if extra:
        text += " " + _("(+{minutes} Min)").format(minutes=extra)
    return text


def votes_text(votes: dict[str, int]) -> str:
    """A decision's show of hands in one line: "ja 12 · nein 2 · Enthaltung 1"."""
    return _("ja {yes} · nein {no} · Enthaltung {abstain}").format(
        yes=votes.get("yes", 0), no=votes.get("no", 0), abstain=votes.get("abstain", 0)
    )


def open_item_rows(view: moderation.MeetingView, meeting_id: int | None) -> tuple[tuple[int, str, str, str, str], ...]:
    """The open-items review as rows (id, entry, who, due, status): action items, then needs, then questions,
    each part under a heading row (a negative id). ✓ marks what was reviewed in this meeting."""

    def reviewed(capture: Capture) -> str:
        return " ✓" if any(h.get("meeting_id") == meeting_id for h in capture.history or []) else ""

    labels = {"open": _("offen"), "done": _("erledigt"), "dropped": _("entfällt")}
    rows: list[tuple[int, str, str, str, str]] = []
    if view.open_action_items:
        rows.append((-1, _("Aufgaben"), "", "", ""))
        rows.extend(
            (
                c.id,
                c.text,
                c.owner,
                format_date(c.due) if c.due else "",
                labels.get(c.status or "open", c.status or "") + reviewed(c),
            )
            for c in view.open_action_items
        )
    if view.open_needs:
        rows.append((-2, _("Bedarfe"), "", "", ""))
        rows.extend(
            (
                c.id,
                c.text,
                " · ".join(p for p in (group_label(c.group) if c.group else "", c.owner) if p),
                "",
                need_status_label(c.status or "open") + reviewed(c),
            )
            for c in view.open_needs
        )
    if view.open_questions:
        rows.append((-3, _("Fragen"), "", "", ""))
        rows.extend(
            (
                c.id,
                c.text,
                group_label(c.group) if c.group else "",
                "",
                (_("beantwortet") if c.answer else _("offen")) + reviewed(c),
            )
            for c in view.open_questions
        )
    return tuple(rows)


def _speaker_clock(seconds: float) -> str:
    return format_countdown(seconds)


def _capture_text(capture: Capture) -> str:
    """A capture in one line: the text, then who (or the group) and the due date."""
    parts = [capture.text]
    who = capture.owner or (group_label(capture.group) if capture.group else "")
    if who:
        parts.append(who)
    if capture.due:
        parts.append(_("bis {date}").format(date=weekday_date(capture.due)))
    if capture.votes is not None:
        parts.append(votes_text(capture.votes))
    if capture.hands is not None:
        parts.append(_("{count} Hände").format(count=capture.hands))
    return " · ".join(parts)


def _room(table: DataTable, *columns: str | list[str]) -> int:
    """Cells left for a table's last column after the other ``columns`` (their texts), padding and a scrollbar."""
    used = 0
    for texts in columns:
        used += max(cell_len(t) for t in ([texts] if isinstance(texts, str) else texts)) + 2 * table.cell_padding
    return max(8, table.scrollable_content_region.width - used - 2 * table.cell_padding - 2)


def _clear(table: DataTable) -> None:
    """Empty a table and let its auto-width columns shrink back to their headers."""
    table.clear()
    for column in table.columns.values():
        if column.auto_width:
            column.content_width = column.label.cell_len


def _wrap(text: str, width: int, lines: int = 3) -> str:
    """Wrap onto at most ``lines`` lines of ``width`` cells (the last one cut with an ellipsis)."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[: lines - 1] + [_cut(" ".join(wrapped[lines - 1 :]), width)]
    return "\n".join(wrapped)


def _cut(text: str, width: int) -> str:
    """Shorten to ``width`` cells with an ellipsis (tables would otherwise scroll sideways)."""
    return text if cell_len(text) <= width else text[: max(1, width - 1)] + "…"


class KeyFooter(Footer):
    """The footer, wrapping its keys onto a second line when one is not wide enough, so every key stays visible."""

    MAX_ROWS = 3

    class Rewrap(Message):
        """The screen's width changed: lay the keys out again."""

    def on_key_footer_rewrap(self, message: Rewrap) -> None:
        # Recomposed from the footer's own queue, so its keys bind to the footer.
        self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        palette = [w for w in widgets if w.has_class("-command-palette")]
        keys = [w for w in widgets if w not in palette]
        width = max(20, self.app.size.width - sum(self._cells(w) + 2 for w in palette))
        rows: list[list[Widget]] = [[]]
        used = 0
        for key in keys:
            need = self._cells(key)
            if rows[-1] and used + need > width and len(rows) < self.MAX_ROWS:
                rows.append([])
                used = 0
            rows[-1].append(key)
            used += need
        for row in rows:
            yield HorizontalGroup(*row, classes="key-row")
        yield from palette

    @classmethod
    def _cells(cls, widget: Widget) -> int:
        """Cells a footer entry takes in the compact style: a key, a group of keys, or a group's label."""
        if hasattr(widget, "key_display"):  # FooterKey: "key label" and a margin
            description = getattr(widget, "description", "")
            return cell_len(widget.key_display) + (cell_len(description) + 1 if description else 0) + 1
        children = getattr(widget, "_pending_children", None)
        if children:  # KeyGroup: its keys side by side, a margin and padding
            return sum(cls._cells(child) for child in children) + 2
        return cell_len(str(getattr(widget, "content", ""))) + 1  # FooterLabel, with its margin


class _FittedTable(DataTable):
    """A table whose last column is cut to its width; tells the screen when its size changes."""

    def on_resize(self) -> None:
        redraw = getattr(self.screen, "redraw_tables", None)
        if redraw is not None:
            self.call_after_refresh(redraw)


class AgendaTable(_FittedTable):
    """The agenda, one row per item; Enter starts the highlighted item."""

    BINDINGS = [
        Binding("enter", "select_cursor", _("Punkt starten"), tooltip=_("Startet den markierten Punkt"), show=False)
    ]


class SpeakerQueue(DataTable):
    """The waiting speakers of the current item."""

    BINDINGS = [
        Binding("delete", "remove_speaker", _("Streichen"), tooltip=_("Nimmt die markierte Person von der Redeliste")),
        Binding("h", "move_up", _("Nach oben"), tooltip=_("Rückt die markierte Person einen Platz vor")),
    ]

    def action_remove_speaker(self) -> None:
        """Take the highlighted entry off the list."""
        self.screen.remove_highlighted_speaker()  # type: ignore[attr-defined]

    def action_move_up(self) -> None:
        """Move the highlighted entry one place up."""
        self.screen.move_highlighted_speaker_up()  # type: ignore[attr-defined]


class CaptureTable(_FittedTable):
    """What was captured for the current item."""

    BINDINGS = [
        Binding("enter", "edit_capture", _("Bearbeiten"), tooltip=_("Öffnet den markierten Eintrag")),
        Binding(
            "delete", "remove_capture", _("Entfernen"), tooltip=_("Entfernt den markierten Eintrag (bleibt vermerkt)")
        ),
        Binding(
            "z",
            "hands",
            _("Abstimmung"),
            tooltip=_("Abstimmung eines Beschlusses oder Handzeichen eines Themenwunschs eintragen"),
        ),
    ]

    def action_hands(self) -> None:
        """Enter the show of hands of the highlighted decision or topic wish."""
        self.screen.hands_highlighted_capture()  # type: ignore[attr-defined]

    def action_edit_capture(self) -> None:
        """Edit the highlighted capture."""
        self.screen.edit_highlighted_capture()  # type: ignore[attr-defined]

    def action_remove_capture(self) -> None:
        """Remove the highlighted capture."""
        self.screen.remove_highlighted_capture()  # type: ignore[attr-defined]


class OpenItemsTable(DataTable):
    """Earlier meetings' open action items, needs and questions, each in its own part, while "Offene Punkte" runs."""

    BINDINGS = [
        Binding(
            "enter",
            "review",
            _("Status setzen"),
            tooltip=_("Aufgabe: erledigt, noch offen oder entfällt · Bedarf: Status · Frage: beantworten"),
        )
    ]

    def action_review(self) -> None:
        """Mark the highlighted action item."""
        self.screen.review_highlighted_item()  # type: ignore[attr-defined]


class ModeratorScreen(Screen[None]):
    """The agenda, the countdown, the speakers' list and the captures of one meeting."""

    CSS_PATH = "moderator.tcss"
    HELP = HELP
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding(
            "space",
            "toggle_item",
            _("Start/Pause"),
            tooltip=_("Startet den nächsten Punkt, pausiert ihn oder setzt ihn fort"),
            key_display="␣",
            id="moderator.toggle",
        ),
        Binding("n", "next_item", _("Weiter"), tooltip=_("Punkt abschließen, nächsten starten"), id="moderator.next"),
        Binding(
            "plus,ctrl+up",
            "extend(1)",
            _("+1 Min"),
            group=EXTEND_GROUP,
            tooltip=_("Eine Minute mehr (aus dem Puffer, solange er reicht)"),
            key_display="+",
            id="moderator.extend1",
        ),
        Binding(
            "asterisk,shift+up",
            "extend(5)",
            _("+5 Min"),
            group=EXTEND_GROUP,
            tooltip=_("Fünf Minuten mehr (aus dem Puffer, solange er reicht)"),
            key_display="*",
            id="moderator.extend5",
        ),
        Binding(
            "x",
            "overrun_extend",
            _("Überzug: +5"),
            tooltip=_("Überzogen: fünf Minuten mehr, aus dem Puffer wenn möglich"),
            id="moderator.overrun_extend",
        ),
        Binding(
            "t",
            "overrun_take",
            _("Zeit nehmen"),
            tooltip=_("Überzogen: fünf Minuten von einem späteren Punkt"),
            id="moderator.overrun_take",
        ),
        Binding(
            "T",
            "overrun_take_choose",
            _("Zeit von …"),
            tooltip=_("Überzogen: den Punkt wählen, der fünf Minuten abgibt"),
            show=False,
            id="moderator.overrun_take_choose",
        ),
        Binding(
            "d",
            "overrun_defer",
            _("Rest vertagen"),
            tooltip=_("Überzogen: den Rest auf das nächste Treffen verschieben"),
            id="moderator.overrun_defer",
        ),
        Binding(
            "a",
            "capture('action')",
            _("Aufgabe"),
            tooltip=_("Aufgabe festhalten: was, wer, bis wann"),
            id="moderator.action",
        ),
        Binding(
            "e",
            "capture('decision')",
            _("Beschluss"),
            tooltip=_("Beschluss festhalten, mit Abstimmung"),
            id="moderator.decision",
        ),
        Binding(
            "b",
            "capture('need')",
            _("Bedarf"),
            tooltip=_("Bedarf festhalten: was, für welche Gruppe"),
            id="moderator.need",
        ),
        Binding("o", "capture('note')", _("Notiz"), tooltip=_("Notiz festhalten"), id="moderator.note"),
        Binding(
            "g",
            "capture('offer')",
            _("Angebot"),
            tooltip=_("Angebot festhalten: was, von welcher Gruppe"),
            show=False,
            id="moderator.offer",
        ),
        Binding(
            "c",
            "capture('question')",
            _("Frage"),
            tooltip=_("Frage festhalten: was, welche Gruppe fragt"),
            show=False,
            id="moderator.question",
        ),
        Binding(
            "k",
            "capture('topic_wish')",
            _("Themenwunsch"),
            tooltip=_("Themenwunsch für kommende Treffen festhalten, mit Handzeichen"),
            show=False,
            id="moderator.topic_wish",
        ),
        Binding(
            "m",
            "stage_message",
            _("Anzeige"),
            tooltip=_("Nachricht an die Anzeige schicken oder wegnehmen"),
            show=False,
            id="moderator.stage",
        ),
        Binding(
            "r", "add_speaker", _("Redner"), tooltip=_("Jemanden auf die Redeliste setzen"), id="moderator.add_speaker"
        ),
        Binding(
            "w",
            "next_speaker",
            _("Nächste/r"),
            tooltip=_("Der/dem Nächsten auf der Redeliste das Wort erteilen"),
            id="moderator.next_speaker",
        ),
        Binding(
            "s",
            "skip_item",
            _("Auslassen"),
            tooltip=_("Markierten oder laufenden Punkt überspringen"),
            id="moderator.skip",
        ),
        Binding(
            "v",
            "defer_item",
            _("Verschieben"),
            tooltip=_("Markierten oder laufenden Punkt auf das nächste Treffen verschieben"),
            id="moderator.defer",
        ),
        Binding(
            "p",
            "previous_item",
            _("Zurück"),
            tooltip=_("Macht den letzten Wechsel rückgängig: zurück zum zuletzt abgeschlossenen Punkt"),
            id="moderator.previous",
        ),
        Binding(
            "u",
            "speaker_clock",
            _("Redezeit anhalten"),
            tooltip=_("Redezeit anhalten oder weiterlaufen lassen"),
            show=False,
            id="moderator.speaker_clock",
        ),
        Binding(
            "f",
            "toggle_first_time",
            _("Erstredner zuerst"),
            tooltip=_("Wer noch nicht gesprochen hat, kommt zuerst dran (ein/aus)"),
            show=False,
            id="moderator.first_time",
        ),
        Binding("f2", "edit_agenda", _("Agenda"), tooltip=_("Tagesordnung bearbeiten"), id="moderator.edit_agenda"),
        Binding(
            "f3",
            "settings",
            _("Einstellungen"),
            tooltip=_("Warnzeit, Redezeit, Erstredner"),
            show=False,
            id="moderator.settings",
        ),
        Binding(
            "ctrl+e",
            "end_meeting",
            _("Treffen beenden"),
            tooltip=_("Beendet das Treffen"),
            show=False,
            id="moderator.end",
        ),
        Binding(
            "escape", "leave", _("Startseite"), tooltip=_("Zurück zur Startseite"), show=False, id="moderator.leave"
        ),
        # Before an overrun the overrun keys say why they do nothing yet (the choices above are then off).
        Binding("x", "not_overrun", show=False, system=True),
        Binding("t", "not_overrun", show=False, system=True),
        Binding("T", "not_overrun", show=False, system=True),
        Binding("d", "not_overrun", show=False, system=True),
    ]
    OVERRUN_ACTIONS = frozenset({"overrun_extend", "overrun_take", "overrun_take_choose", "overrun_defer"})
    CAPTURE_KINDS_SHOWN = ("action", "decision", "need", "note", "offer", "question", "topic_wish")

    def __init__(self, meeting_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id: int | None = meeting_id
        """The meeting being moderated."""
        self.view: moderation.MeetingView | None = None
        """What was last read from the store."""
        self.state: AgendaState | None = None
        """The agenda at the last tick."""
        self.speakers: SpeakersState | None = None
        """The current item's speakers' list at the last tick."""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="moderator")
        self._overrun = False
        self._agenda_rows: tuple = ()
        self._queue_rows: tuple = ()
        self._capture_rows: tuple = ()
        self._open_rows: tuple = ()
        self._current_id: int | None = None
        self._quit_asked = False

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="meeting-bar"):
            yield Static("", id="caption")
            yield Static("", id="clock")
            yield Static("", id="so-far")
            yield Static("", id="projected")
        with Vertical(id="mod-body"):
            with Vertical(id="timer-pane"):
                yield Static("", id="item-title")
                yield Static("", id="item-meta")
                with Horizontal(id="countdown-row"):
                    yield Digits("--:--", id="countdown")
                    with Vertical(id="countdown-side"):
                        yield Static("", id="item-status")
                        yield Static("", id="buffer")
                yield Static("", id="overrun-hint")
            with Vertical(id="speakers-pane"):
                yield Static("", id="current-speaker")
                yield SpeakerQueue(id="speaker-queue", cursor_type="row", show_header=False)
                yield Static("", id="balance")
            with Vertical(id="agenda-pane"):
                yield AgendaTable(id="agenda", cursor_type="row", zebra_stripes=True)
            with Vertical(id="captures-pane"):
                yield OpenItemsTable(id="open-items", cursor_type="row")
                yield CaptureTable(id="captures", cursor_type="row")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#speakers-pane").border_title = _("Redeliste")
        self.query_one("#agenda-pane").border_title = _("Tagesordnung")
        self.query_one("#captures-pane").border_title = _("Festgehalten")
        agenda = self.query_one("#agenda", AgendaTable)
        agenda.add_column(" ", key="status", width=1)
        agenda.add_column(_("Plan"), key="planned")
        agenda.add_column(_("Ist"), key="actual")
        agenda.add_column(_("Punkt"), key="title")
        queue = self.query_one("#speaker-queue", SpeakerQueue)
        queue.add_column("#", key="pos")
        queue.add_column(_("Name"), key="name")
        queue.add_column(_("Gruppe"), key="group")
        captures = self.query_one("#captures", CaptureTable)
        captures.add_column(_("Art"), key="kind")
        captures.add_column(_("Eintrag"), key="text")
        open_items = self.query_one("#open-items", OpenItemsTable)
        open_items.add_column(_("Eintrag"), key="text")
        open_items.add_column(_("Wer"), key="owner")
        open_items.add_column(_("Fällig"), key="due")
        open_items.add_column(_("Status"), key="status")
        open_items.display = False
        agenda.focus()
        if self.meeting_id is None:
            meeting = current_meeting(self.app.ctx)
            self.meeting_id = meeting.id if meeting else None
        if self.meeting_id is None:
            self.query_one("#item-title", Static).update(
                _("Es gibt noch kein Treffen. Legen Sie eines an: integra-tui meeting add … oder integra-tui demo")
            )
            return
        self._run(partial(moderation.prepare_meeting, self.app.ctx, self.meeting_id))
        self.set_interval(1.0, self.tick)

    def on_unmount(self) -> None:
        self._executor.shutdown(wait=False)

    def on_resize(self) -> None:
        # Narrower or wider: the footer rewraps its keys, the tables recut their titles (once laid out).
        footer = self.query_one(KeyFooter)
        footer.post_message(KeyFooter.Rewrap())

    def redraw_tables(self) -> None:
        """Fill the tables again (their width changed)."""
        self._agenda_rows = ()
        self._capture_rows = ()
        self.tick()

    def on_store_changed(self, message: StoreChanged) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a form or the agenda editor: changes made meanwhile (by anyone) show up.
        if self.view is not None:
            self.reload()

    # -- store work, in order, off the UI thread ------------------------------------------

    def reload(self) -> None:
        """Read the meeting again (after another process changed it)."""
        if self.meeting_id is not None:
            self._run(None)

    def _run(self, call: Callable[[], Any] | None, done: Callable[[Any], None] | None = None) -> None:
        self._run_worker(call, done)

    @work(group="moderator-store")
    async def _run_worker(self, call: Callable[[], Any] | None, done: Callable[[Any], None] | None) -> None:
        ctx, meeting_id = self.app.ctx, self.meeting_id
        assert meeting_id is not None

        def job() -> tuple[Any, moderation.MeetingView]:
            result = call() if call is not None else None
            return result, moderation.load_view(ctx, meeting_id)

        try:
            result, view = await asyncio.get_running_loop().run_in_executor(self._executor, job)
        except ServiceError as error:
            self.notify(str(error), severity="warning", timeout=6)
            return
        except IntegraError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.view = view
        self.tick()
        if done is not None:
            done(result)

    def command(
        self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None, **kwargs: Any
    ) -> None:
        """Run a service function ``fn(ctx, meeting_id, *args)`` in order, then redraw; refusals become notices."""
        if self.meeting_id is None:
            return
        self._run(partial(fn, self.app.ctx, self.meeting_id, *args, **kwargs), done)

    # -- drawing --------------------------------------------------------------------------

    def tick(self) -> None:
        """Recompute the agenda and the speakers' list at ``now`` from what was read, and show them."""
        view = self.view
        if view is None:
            return
        now = self.app.ctx.now()
        state = view.agenda(now)
        self.state = state
        current = state.current
        self.speakers = view.speakers(current.id, now) if current is not None else None
        self._draw_bar(state, now)
        self._draw_timer(state)
        self._draw_agenda(state)
        self._draw_speakers(self.speakers)
        self._draw_captures(view, state)
        overrun = current is not None and current.phase == timer.OVERRUN
        if overrun != self._overrun:
            self._overrun = overrun
            self.refresh_bindings()

    def _draw_bar(self, state: AgendaState, now: datetime) -> None:
        view = self.view
        if view is not None:
            caption = meeting_caption(self.app.ctx, view.meeting, 30)
            wide = self.size.width >= 120
            self.query_one("#caption", Static).update(literal(caption.long if wide else caption.short))
        self.query_one("#clock", Static).update(_("Uhr {time}").format(time=now.strftime("%H:%M:%S")))
        self.query_one("#so-far", Static).update(
            _("Plan {planned} · Ist {actual}").format(
                planned=format_duration(state.planned_seconds_so_far),
                actual=format_duration(state.actual_seconds_so_far),
            )
        )
        projected = self.query_one("#projected", Static)
        projected.update(
            _("Ende ca. {projected} (geplant {planned})").format(
                projected=format_time(state.projected_end.astimezone(now.tzinfo)),
                planned=format_time(state.planned_end.astimezone(now.tzinfo)),
            )
        )
        projected.set_class(state.projected_end_late, "-late")

    def _draw_timer(self, state: AgendaState) -> None:
        title = self.query_one("#item-title", Static)
        meta = self.query_one("#item-meta", Static)
        digits = self.query_one("#countdown", Digits)
        status = self.query_one("#item-status", Static)
        hint = self.query_one("#overrun-hint", Static)
        current = state.current
        for phase in timer.PHASES:
            digits.set_class(current is not None and current.phase == phase, f"-{phase}")
        digits.set_class(current is not None and current.status == timer.PAUSED, "-paused")
        digits.set_class(current is None, "-idle")
        hint.display = current is not None and current.phase == timer.OVERRUN
        self.query_one("#timer-pane").set_class(hint.display, "-overrun")
        buffer = state.buffer_minutes_left
        self.query_one("#buffer", Static).update(
            _("Puffer {minutes} Min").format(minutes=buffer)
            if buffer >= 0
            else _("kein Puffer ({minutes} Min zu viel geplant)").format(minutes=-buffer)
        )
        if current is None:
            upcoming = next((s for s in state.items if s.status == timer.PENDING), None)
            if state.meeting_ended_at is not None:
                title.update(_("Das Treffen ist beendet."))
                meta.update("")
                digits.update(format_duration(state.actual_seconds_so_far))
                status.update(_("Ende {time}").format(time=format_time(state.meeting_ended_at)))
            elif upcoming is not None:
                title.update(literal(_("Als Nächstes: {title}").format(title=item_title(upcoming.item))))
                meta.update(literal(self._meta(upcoming)))
                digits.update(format_countdown(upcoming.planned_seconds))
                status.update(_("Leertaste startet den Punkt."))
            else:
                title.update(_("Alle Punkte sind behandelt."))
                meta.update("")
                digits.update("--:--")
                status.update(_("Strg+E beendet das Treffen."))
            return
        position = [s.id for s in state.items].index(current.id) + 1
        title.update(literal(f"{position}/{len(state.items)} {item_title(current.item)}"))
        meta.update(literal(self._meta(current)))
        digits.update(format_countdown(current.remaining_seconds))
        status.update(status_line(current))
        if current.phase == timer.OVERRUN:
            hint.update(self._overrun_hint(state))

    def _meta(self, item: ItemState) -> str:
        parts = [item_kind_label(item.item.kind)]
        if item.item.presenter:
            parts.append(item.item.presenter)
        if item.item.carried_over_from is not None:
            parts.append(_("übernommen"))
        return " · ".join(parts)

    def _overrun_hint(self, state: AgendaState) -> str:
        return _("x +{minutes} Min · t Zeit nehmen · d Rest vertagen").format(minutes=OVERRUN_MINUTES)

    def _draw_agenda(self, state: AgendaState) -> None:
        table = self.query_one("#agenda", AgendaTable)
        rows = tuple(
            (
                s.id,
                status_icon(s.status),
                shown(item_title(s.item), one_line=True),
                s.plan_text,
                self._actual(s),
                s.item.carried_over_from is not None,
            )
            for s in state.items
        )
        structure = tuple((r[0], r[1], r[2], r[3], r[5]) for r in rows)
        if structure != tuple((r[0], r[1], r[2], r[3], r[5]) for r in self._agenda_rows):
            highlighted = self._highlighted_key(table)
            _clear(table)
            room = _room(table, "x", [_("Plan"), *(r[3] for r in rows)], [_("Ist"), "00:00"])
            for item_id, icon, title, planned, actual, carried in rows:
                label = f"↪ {title}" if carried else title
                table.add_row(icon, planned, actual, literal(_cut(label, room)), key=str(item_id))
            if state.current_item_id != self._current_id or highlighted is None:
                highlighted = state.current_item_id or next(
                    (s.id for s in state.items if s.status == timer.PENDING), None
                )
            self._move_to(table, highlighted)
        elif state.current is not None:
            table.update_cell(str(state.current.id), "actual", self._actual(state.current))
        self._current_id = state.current_item_id
        self._agenda_rows = rows

    @staticmethod
    def _actual(item: ItemState) -> str:
        if item.started_at is None:
            return ""
        return format_duration(item.elapsed_seconds)

    @staticmethod
    def _highlighted_key(table: DataTable) -> int | None:
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - an empty or shrinking table has no cursor row
            return None
        return int(key) if key is not None else None

    @staticmethod
    def _move_to(table: DataTable, key: int | None) -> None:
        if key is None:
            return
        try:
            table.move_cursor(row=table.get_row_index(str(key)))
        except Exception:  # noqa: BLE001 - the row is gone
            pass

    def _draw_speakers(self, speakers: SpeakersState | None) -> None:
        view = self.view
        assert view is not None
        title = _("Redeliste")
        if view.settings.first_time_priority:
            title += " · " + _("Erstredner zuerst")
        self.query_one("#speakers-pane").border_title = title
        current = self.query_one("#current-speaker", Static)
        queue = self.query_one("#speaker-queue", SpeakerQueue)
        balance = self.query_one("#balance", Static)
        if speakers is None:
            current.update(_("Kein Punkt läuft."))
            for phase in timer.PHASES:
                current.set_class(False, f"-{phase}")
            self._fill_queue(queue, ())
            balance.update("")
            return
        speech = speakers.current
        if speech is None:
            current.update(
                _("Niemand spricht.") if speakers.queue else _("Niemand spricht · r setzt jemanden auf die Liste")
            )
        else:
            group = f" ({group_label(speech.entry.group)})" if speech.entry.group else ""
            clock = format_duration(speech.elapsed_seconds)
            if speech.remaining_seconds is not None:
                clock = _speaker_clock(speech.remaining_seconds)
            paused = " ‖" if speech.paused else ""
            current.update(literal(f"▶ {speech.entry.name}{group} {clock}{paused}"))
        for phase in timer.PHASES:
            current.set_class(
                speech is not None and speech.phase == phase and speech.remaining_seconds is not None, f"-{phase}"
            )
        rows = tuple(
            (
                e.entry_id,
                str(n),
                ("§ " if e.point_of_order else "") + e.name + (" ↺" if e.has_spoken else ""),
                group_label(e.group) if e.group else "",
            )
            for n, e in enumerate(speakers.queue, start=1)
        )
        self._fill_queue(queue, rows)
        balance.update(literal(self._balance_text(speakers)))

    def _fill_queue(self, queue: SpeakerQueue, rows: tuple) -> None:
        if rows == self._queue_rows:
            return
        highlighted = self._highlighted_key(queue)
        _clear(queue)
        for entry_id, position, name, group in rows:
            queue.add_row(position, literal(name), literal(group), key=str(entry_id))
        self._move_to(queue, highlighted)
        self._queue_rows = rows

    def _balance_text(self, speakers: SpeakersState) -> str:
        groups = list(dict.fromkeys([*speakers.group_seconds_meeting, *speakers.group_seconds_item]))
        if not groups:
            return ""
        lines = [_("Redezeit: Punkt · Treffen")]
        for group in groups:
            mark = "○" if group in speakers.groups_silent_item else "●"
            label = group_label(group) if group else _("ohne Gruppe")
            item = format_duration(speakers.group_seconds_item.get(group, 0.0))
            meeting = format_duration(speakers.group_seconds_meeting.get(group, 0.0))
            lines.append(f"{mark} {label[:14]:<14} {item:>5} · {meeting:>5}")
        return "\n".join(lines)

    def _draw_captures(self, view: moderation.MeetingView, state: AgendaState) -> None:
        current = state.current
        item_id = current.id if current is not None else None
        pane = self.query_one("#captures-pane")
        if current is None:
            pane.border_title = _("Festgehalten (ohne Punkt)")
        else:
            pane.border_title = literal(
                _("Festgehalten zu „{title}“").format(title=shown(item_title(current.item), one_line=True))
            )
        rows = tuple(
            (c.id, capture_kind_label(c.kind), shown(_capture_text(c), one_line=True))
            for c in view.captures_for(item_id)
        )
        table = self.query_one("#captures", CaptureTable)
        if rows != self._capture_rows:
            highlighted = self._highlighted_key(table)
            _clear(table)
            room = _room(table, [_("Art"), *(r[1] for r in rows)])
            for capture_id, kind, text in rows:
                table.add_row(kind, literal(_wrap(text, room)), key=str(capture_id), height=None)
            self._move_to(table, highlighted)
            self._capture_rows = rows
        open_table = self.query_one("#open-items", OpenItemsTable)
        showing = current is not None and current.item.kind == "open_items"
        open_table.display = showing
        if not showing:
            return
        open_rows = open_item_rows(view, self.meeting_id)
        if open_rows != self._open_rows:
            highlighted = self._highlighted_key(open_table)
            _clear(open_table)
            room = _room(
                open_table,
                [_("Wer"), *(r[2] for r in open_rows)],
                [_("Fällig"), *(r[3] for r in open_rows)],
                [_("Status"), *(r[4] for r in open_rows)],
            )
            room = max(14, room)  # the task first and readable: wrapped onto lines, never cut to a stub
            for capture_id, text, *cells in open_rows:
                label = literal(text, style="bold") if capture_id < 0 else literal(_wrap(text, room))
                open_table.add_row(label, *(literal(cell) for cell in cells), key=str(capture_id), height=None)
            if highlighted is None or highlighted < 0:
                highlighted = next((r[0] for r in open_rows if r[0] >= 0), None)
            self._move_to(open_table, highlighted)
            self._open_rows = open_rows

    # -- bindings -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The overrun choices are shown only while the current item is overrun."""
        if action in self.OVERRUN_ACTIONS:
            return self._overrun
        if action == "not_overrun":
            return not self._overrun
        return True

    def action_not_overrun(self) -> None:
        """An overrun key pressed before an overrun: say why nothing happened, and what gives time now."""
        if self.state is None or self.state.current is None:
            self.notify(_("Gerade läuft kein Tagesordnungspunkt."), severity="warning")
            return
        self.notify(
            _(
                "„{title}“ hat seine Zeit noch nicht überzogen: x, t und d wirken erst dann. "
                "Mehr Zeit jetzt: + (eine Minute) oder * (fünf Minuten)."
            ).format(title=item_title(self.state.current.item)),
            severity="warning",
            timeout=6,
        )

    def _notify_done(self, message: str) -> Callable[[Any], None]:
        return lambda _result: self.notify(message, timeout=4)

    def action_toggle_item(self) -> None:
        self.command(moderation.toggle_item)

    def action_next_item(self) -> None:
        left = self.state.current_item_id if self.state else None
        self.command(moderation.next_item, done=lambda _result: self._offer_carry(left))

    def _offer_carry(self, item_id: int | None) -> None:
        """Speakers still waiting on the item just left: carry them to the running item, or keep them there."""
        if item_id is None or self.view is None:
            return
        left = next((w for w in self.view.left_waiting(self.app.ctx.now()) if w.item.id == item_id), None)
        if left is None:
            return
        message = moderation.left_waiting_text(left)
        current = self.state.current if self.state else None
        if current is None:
            self.notify(message, timeout=8)
            return

        def answer(value: str | None) -> None:
            if value == "carry":
                self.command(
                    moderation.carry_waiting_speakers,
                    item_id,
                    current.id,
                    done=self._notify_done(
                        _("Die Redeliste geht bei „{title}“ weiter.").format(title=item_title(current.item))
                    ),
                )
            else:
                self.notify(message + " " + _("Sie bleiben dort stehen."), timeout=6)

        self.app.push_screen(
            ChoiceDialog(
                _("Redeliste mitnehmen?"),
                message + " " + _("Zu „{title}“ mitnehmen?").format(title=item_title(current.item)),
                [("j", "carry", _("Mitnehmen")), ("n", "keep", _("Stehen lassen"))],
            ),
            answer,
        )

    def _confirm_running(self, target: ItemState, title: str, yes_label: str, then: Callable[[], None]) -> None:
        """Ask before a destructive key acts on the running item (it says what was captured there)."""
        if self.state is None or target.id != self.state.current_item_id:
            then()
            return
        count = len(self.view.captures_for(target.id)) if self.view else 0
        message = _("„{title}“ läuft gerade.").format(title=item_title(target.item))
        if count:
            message += " " + _("Festgehalten: {count} Einträge (sie bleiben beim Punkt).").format(count=count)

        def answer(value: str | None) -> None:
            if value == "yes":
                then()

        self.app.push_screen(ConfirmDialog(title, message, yes_label), answer)

    def action_previous_item(self) -> None:
        self.command(moderation.previous_item)

    def action_extend(self, minutes: int) -> None:
        def done(result: tuple[AgendaState, str]) -> None:
            _state, choice = result
            if choice == timer.CHOICE_BUFFER:
                self.notify(_("+{minutes} Min aus dem Puffer").format(minutes=minutes), timeout=4)
            else:
                self.notify(_("+{minutes} Min, das Treffen wird länger").format(minutes=minutes), timeout=4)

        self.command(moderation.extend_item, minutes, done=done)

    def _target_item(self) -> ItemState | None:
        """The item "s" and "v" act on: the highlighted one if the agenda has focus, else the current one."""
        state = self.state
        if state is None:
            return None
        table = self.query_one("#agenda", AgendaTable)
        key = self._highlighted_key(table) if self.focused is table else None
        if key is not None and state.has_item(key):
            return state.item(key)
        return state.current

    def action_skip_item(self) -> None:
        target = self._target_item()
        if target is None:
            self.notify(_("Gerade läuft kein Tagesordnungspunkt."), severity="warning")
            return

        def skip() -> None:
            def done(_result: Any) -> None:
                self.notify(
                    _("„{title}“ übersprungen – p macht es rückgängig").format(title=item_title(target.item)),
                    timeout=6,
                )
                self._offer_carry(target.id)

            self.command(moderation.skip_item, target.id, done=done)

        self._confirm_running(target, _("Laufenden Punkt auslassen?"), _("Auslassen"), skip)

    def action_defer_item(self) -> None:
        target = self._target_item()
        if target is None:
            self.notify(_("Gerade läuft kein Tagesordnungspunkt."), severity="warning")
            return
        self._confirm_running(
            target, _("Laufenden Punkt verschieben?"), _("Verschieben"), lambda: self._defer(target, overrun=False)
        )

    def _defer(self, target: ItemState, overrun: bool) -> None:
        view = self.view
        assert view is not None
        if target.status not in (timer.PENDING, timer.RUNNING, timer.PAUSED):
            self.notify(_("Dieser Punkt ist schon abgeschlossen."), severity="warning")
            return

        def done(result: moderation.DeferResult) -> None:
            self._offer_carry(target.id)
            title = item_title(target.item)
            if result.target is None:
                self.notify(_("„{title}“ steht auf der Liste der verschobenen Punkte.").format(title=title), timeout=6)
            elif result.created:
                self.notify(
                    _("Treffen am {date} angelegt; „{title}“ steht dort auf der Tagesordnung.").format(
                        date=format_date(result.target.date), title=title
                    ),
                    timeout=6,
                )
            else:
                self.notify(
                    _("„{title}“ auf das Treffen am {date} verschoben.").format(
                        title=title, date=format_date(result.target.date)
                    ),
                    timeout=6,
                )

        if view.next_meeting is not None:
            self.command(moderation.defer_item, target.id, overrun=overrun, done=done)
            return

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            self.command(moderation.defer_item, target.id, overrun=overrun, create_next=answer == "create", done=done)

        self.app.push_screen(DeferDialog(item_title(target.item), moderation.quarter_later(view.meeting)), chosen)

    def action_overrun_extend(self) -> None:
        self.action_extend(OVERRUN_MINUTES)

    def action_overrun_take(self) -> None:
        def done(result: tuple[AgendaState, timer.AgendaItem]) -> None:
            _state, donor = result
            self.notify(
                _("{minutes} Min von „{title}“ genommen").format(minutes=OVERRUN_MINUTES, title=item_title(donor)),
                timeout=5,
            )

        self.command(moderation.take_time, OVERRUN_MINUTES, done=done)

    def action_overrun_take_choose(self) -> None:
        state = self.state
        if state is None or state.current is None:
            return
        order = [s.id for s in state.items]
        position = order.index(state.current.id)
        options = [
            (s.id, f"{item_title(s.item)} ({s.planned_minutes} Min)")
            for s in state.items
            if s.status == timer.PENDING and order.index(s.id) > position and s.planned_minutes >= OVERRUN_MINUTES
        ]
        if not options:
            self.notify(_("Kein späterer Punkt hat noch genug Minuten."), severity="warning")
            return

        def taken(result: tuple[AgendaState, timer.AgendaItem]) -> None:
            self.notify(
                _("{minutes} Min von „{title}“ genommen").format(minutes=OVERRUN_MINUTES, title=item_title(result[1])),
                timeout=5,
            )

        def chosen(item_id: int | None) -> None:
            if item_id is not None:
                self.command(moderation.take_time, OVERRUN_MINUTES, item_id, done=taken)

        self.app.push_screen(TakeTimeDialog(OVERRUN_MINUTES, options), chosen)

    def action_overrun_defer(self) -> None:
        if self.state is not None and self.state.current is not None:
            current = self.state.current
            self._confirm_running(
                current,
                _("Rest auf das nächste Treffen?"),
                _("Rest vertagen"),
                lambda: self._defer(current, overrun=True),
            )

    @on(DataTable.RowSelected, "#agenda")
    def _start_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None or self.state is None:
            return
        item_id = int(event.row_key.value)
        if item_id == self.state.current_item_id:
            return
        self.command(moderation.start_item, item_id)

    # -- captures -------------------------------------------------------------------------

    def _capture_form(self, kind: str, capture: Capture | None = None) -> CaptureForm:
        view = self.view
        assert view is not None
        item_id = (
            capture.agenda_item_id if capture is not None else (self.state.current_item_id if self.state else None)
        )
        item = view.item(item_id) if item_id is not None else None
        return CaptureForm(
            kind,
            item_title(item) if item else "",
            today=self.app.ctx.today(),
            next_meeting=view.next_meeting.date if view.next_meeting else None,
            owners=view.owner_names,
            groups=[
                *view.groups_present,
                *[g for g in moderation.groups(self.app.ctx) if g not in view.groups_present],
            ],
            capture=capture,
            match_name=partial(moderation.match_in_view, view),
        )

    def action_capture(self, kind: str) -> None:
        if self.view is None:
            return
        item_id = self.state.current_item_id if self.state else None

        def save(draft: CaptureDraft | None) -> None:
            if draft is None:
                return
            self.command(
                lambda ctx, meeting_id: moderation.add_capture(
                    ctx,
                    meeting_id,
                    draft.kind,
                    draft.text,
                    agenda_item_id=item_id,
                    owner=draft.owner,
                    due=draft.due,
                    group=draft.group,
                    votes=draft.votes or None,
                    hands=draft.hands or None,
                ),
                done=lambda capture: self.notify(
                    str(
                        _("{kind} gespeichert: {entry}").format(
                            kind=capture_kind_label(draft.kind), entry=shown(_capture_text(capture), one_line=True)
                        )
                    ),
                    timeout=5,
                ),
            )

        self.app.push_screen(self._capture_form(kind), save)

    def _highlighted_capture(self) -> Capture | None:
        key = self._highlighted_key(self.query_one("#captures", CaptureTable))
        if key is None or self.view is None:
            return None
        return next((c for c in self.view.captures if c.id == key), None)

    def edit_highlighted_capture(self) -> None:
        """Open the highlighted capture in its form; saving replaces it."""
        capture = self._highlighted_capture()
        if capture is None:
            return

        def save(draft: CaptureDraft | None) -> None:
            if draft is None or draft.capture_id is None:
                return
            self.command(
                lambda ctx, _meeting_id: moderation.update_capture(
                    ctx, draft.capture_id, text=draft.text, owner=draft.owner, due=draft.due, group=draft.group
                ),
                done=self._notify_done(_("Änderung gespeichert")),
            )

        self.app.push_screen(self._capture_form(capture.kind, capture), save)

    def remove_highlighted_capture(self) -> None:
        """Remove the highlighted capture after a yes (the removal is recorded)."""
        capture = self._highlighted_capture()
        if capture is None:
            return

        def answer(value: str | None) -> None:
            if value == "yes":
                self.command(
                    lambda ctx, _meeting_id: moderation.remove_capture(ctx, capture.id),
                    done=self._notify_done(_("Eintrag entfernt")),
                )

        self.app.push_screen(
            ConfirmDialog(
                _("Eintrag entfernen?"), f"{capture_kind_label(capture.kind)}: {capture.text}", _("Entfernen")
            ),
            answer,
        )

    def hands_highlighted_capture(self) -> None:
        """Enter the show of hands of the highlighted decision (ja nein Enthaltung) or topic wish (a count)."""
        capture = self._highlighted_capture()
        if capture is None:
            return
        if capture.kind not in ("decision", "topic_wish"):
            self.notify(_("Abstimmen lässt sich über einen Beschluss, Handzeichen gibt es bei einem Themenwunsch."))
            return

        def save(text: str | None) -> None:
            if text is None:
                return
            if capture.kind == "decision":
                call = partial(moderation.set_show_of_hands, votes=text or None)
            else:
                call = partial(moderation.set_hands, hands=text or None)
            self.command(lambda ctx, _meeting_id: call(ctx, capture.id), done=self._notify_done(_("Gezählt")))

        self.app.push_screen(HandsForm(capture), save)

    def _open_entries(self) -> list[Capture]:
        view = self.view
        if view is None:
            return []
        return [*view.open_action_items, *view.open_needs, *view.open_questions]

    def review_highlighted_item(self) -> None:
        """Review the highlighted earlier entry: an action item's status, a need's status, a question's answer."""
        key = self._highlighted_key(self.query_one("#open-items", OpenItemsTable))
        capture = next((c for c in self._open_entries() if c.id == key), None)
        if capture is None:
            return
        if capture.kind == "need":
            self._review_need(capture)
        elif capture.kind == "question":
            self._answer_question(capture)
        else:
            self._review_action(capture)

    def _review_action(self, capture: Capture) -> None:
        view = self.view
        assert view is not None
        next_date = view.next_meeting.date if view.next_meeting else None

        def kept(draft: KeepOpenDraft | None) -> None:
            if draft is not None:
                self.command(
                    lambda ctx, meeting_id: moderation.review_action_item(
                        ctx, capture.id, "open", meeting_id, draft.comment, due=draft.due
                    ),
                    done=self._notify_done(_("Bleibt offen")),
                )

        def chosen(status: str | None) -> None:
            if status == "open":
                self.app.push_screen(KeepOpenForm(capture, today=self.app.ctx.today(), next_meeting=next_date), kept)
            elif status is not None:
                self.command(lambda ctx, meeting_id: moderation.review_action_item(ctx, capture.id, status, meeting_id))

        self.app.push_screen(ReviewDialog(capture), chosen)

    def _review_need(self, capture: Capture) -> None:
        def to_action(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            owner, due_text = answer
            view = self.view
            next_date = view.next_meeting.date if view is not None and view.next_meeting else None
            result = parse_due_date(due_text, self.app.ctx.today(), next_date)
            if due_text and (result.unclear or result.due is None):
                self.notify(str(due_hint(result) or _("Datum nicht verstanden.")), severity="warning", timeout=6)
                return
            self.command(
                lambda ctx, meeting_id: needs.turn_into_action(ctx, capture.id, meeting_id, owner, result.due),
                done=self._notify_done(_("Aufgabe angelegt; der Bedarf ist in Arbeit.")),
            )

        def commented(status: str) -> Callable[[tuple[str, str] | None], None]:
            def save(answer: tuple[str, str] | None) -> None:
                if answer is not None:
                    self.command(
                        lambda ctx, meeting_id: moderation.review_need(ctx, capture.id, status, meeting_id, answer[0]),
                        done=self._notify_done(_("Bedarf: {status}").format(status=need_status_label(status))),
                    )

            return save

        def chosen(status: str | None) -> None:
            if status is None:
                return
            if status == "action":
                self.app.push_screen(
                    CommentForm(
                        _("Aufgabe aus dem Bedarf"),
                        capture.text,
                        _("Wer kümmert sich?"),
                        required=True,
                        second=_("Bis wann? (optional, z. B. 15.1., nächstes Treffen)"),
                    ),
                    to_action,
                )
                return
            self.app.push_screen(
                CommentForm(
                    _("Bedarf: {status}").format(status=need_status_label(status)),
                    capture.text,
                    _("Kommentar (optional): was geschieht als Nächstes?"),
                ),
                commented(status),
            )

        self.app.push_screen(NeedReviewDialog(capture), chosen)

    def _answer_question(self, capture: Capture) -> None:
        def save(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self.command(
                    lambda ctx, meeting_id: moderation.answer_question(
                        ctx, capture.id, answer[0], answer[1], meeting_id
                    ),
                    done=self._notify_done(_("Antwort gespeichert")),
                )

        self.app.push_screen(
            CommentForm(
                _("Frage beantworten"),
                capture.text,
                _("Antwort"),
                required=True,
                second=_("Wer hat geantwortet? (optional)"),
            ),
            save,
        )

    # -- speakers -------------------------------------------------------------------------

    def _current_item_id(self) -> int | None:
        if self.state is None or self.state.current_item_id is None:
            self.notify(_("Erst einen Punkt starten, dann gibt es eine Redeliste."), severity="warning")
            return None
        return self.state.current_item_id

    def action_add_speaker(self) -> None:
        item_id = self._current_item_id()
        if item_id is None or self.view is None:
            return
        view = self.view

        def add(draft: SpeakerDraft | None) -> None:
            if draft is None:
                return
            message = (
                _("„{name}“ als neuer Name auf der Redeliste.")
                if draft.new_name
                else _("{name} steht auf der Redeliste.")
            ).format(name=draft.name)
            self.command(
                moderation.add_speaker,
                item_id,
                draft.name,
                draft.group,
                draft.person_id,
                draft.point_of_order,
                done=lambda _result: self.notify(message, timeout=4),
            )

        groups = [*view.groups_present, *[g for g in moderation.groups(self.app.ctx) if g not in view.groups_present]]
        self.app.push_screen(SpeakerForm(view.people, groups, partial(moderation.match_in_view, view)), add)

    def action_next_speaker(self) -> None:
        item_id = self._current_item_id()
        if item_id is not None:
            self.command(moderation.next_speaker, item_id)

    def action_speaker_clock(self) -> None:
        item_id = self._current_item_id()
        if item_id is not None:
            self.command(moderation.toggle_speaker_clock, item_id)

    def action_toggle_first_time(self) -> None:
        if self.view is None:
            return
        enabled = not self.view.settings.first_time_priority
        message = _("Erstredner zuerst: an") if enabled else _("Erstredner zuerst: aus")
        self.command(moderation.update_settings, first_time_priority=enabled, done=self._notify_done(message))

    def remove_highlighted_speaker(self) -> None:
        """Take the highlighted person off the list."""
        item_id = self._current_item_id()
        key = self._highlighted_key(self.query_one("#speaker-queue", SpeakerQueue))
        if item_id is not None and key is not None:
            self.command(moderation.remove_speaker, item_id, key)

    def move_highlighted_speaker_up(self) -> None:
        """Move the highlighted person one place up, keeping the cursor on them."""
        item_id = self._current_item_id()
        key = self._highlighted_key(self.query_one("#speaker-queue", SpeakerQueue))
        if item_id is not None and key is not None:
            self.command(moderation.move_speaker_up, item_id, key)

    # -- the rest -------------------------------------------------------------------------

    def action_settings(self) -> None:
        if self.view is None:
            return
        s = self.view.settings

        def save(draft: SettingsDraft | None) -> None:
            if draft is not None:
                self.command(
                    moderation.update_settings,
                    warning_minutes=draft.warning_minutes,
                    warning_percent=draft.warning_percent,
                    speaker_seconds=draft.speaker_seconds,
                    first_time_priority=draft.first_time_priority,
                    done=self._notify_done(_("Einstellungen gespeichert")),
                )

        self.app.push_screen(
            SettingsForm(s.warning_minutes, s.warning_percent, s.speaker_seconds, s.first_time_priority), save
        )

    def action_stage_message(self) -> None:
        if self.view is None:
            return
        current = self.view.stage.text if self.view.stage is not None else ""

        def send(text: str | None) -> None:
            if text is None:
                return
            if text:
                self.command(
                    moderation.send_stage_message,
                    text,
                    done=lambda _result: self.notify(str(_("Auf der Anzeige: {text}").format(text=text)), timeout=4),
                )
            else:
                self.command(
                    moderation.clear_stage_message, done=self._notify_done(_("Die Anzeige zeigt keine Nachricht mehr."))
                )

        self.app.push_screen(StageForm(moderation.stage_presets(), current), send)

    def ask_before_quit(self) -> bool:
        """Ctrl+Q while the meeting runs: ask first (True: the question is open). Asked once; a second Ctrl+Q quits."""
        state = self.state
        running = state is not None and state.current is not None and state.meeting_ended_at is None
        if not running or self._quit_asked:
            return False
        self._quit_asked = True

        def answer(value: str | None) -> None:
            self._quit_asked = False
            if value == "yes":
                self.app.exit()

        self.app.push_screen(
            ConfirmDialog(
                _("App beenden?"),
                _("Das Treffen läuft noch. Alles ist gespeichert; die Uhr läuft weiter, auch wenn die App zu ist."),
                _("Beenden"),
            ),
            answer,
        )
        return True

    def action_edit_agenda(self) -> None:
        if self.meeting_id is None:
            return
        self.app.push_screen(AgendaEditorScreen(self.meeting_id), lambda _result: self.reload())

    def action_end_meeting(self) -> None:
        def answer(value: str | None) -> None:
            if value == "yes":
                self.command(moderation.end_meeting, done=self._notify_done(_("Das Treffen ist beendet.")))

        self.app.push_screen(
            ConfirmDialog(
                _("Treffen beenden?"),
                _("Der laufende Punkt wird abgeschlossen, die Uhr hält an."),
                _("Treffen beenden"),
            ),
            answer,
        )

    def action_leave(self) -> None:
        # The first screen sits on Textual's default screen; only a screen opened from another one goes back.
        if len(self.app.screen_stack) > 2:
            self.dismiss(None)
