"""The agenda editor: add, edit, remove and reorder a meeting's agenda items with keys, or import a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from integra_tui.domain.agenda import ITEM_KINDS
from integra_tui.domain.models import Meeting
from integra_tui.i18n import N_, _, format_date
from integra_tui.services import agenda as agenda_service
from integra_tui.services import moderation
from integra_tui.services.meetings import get_meeting
from integra_tui.ui.labels import item_kind_label
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.reads import Reads
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.screens.capture_forms import FormDialog
from integra_tui.ui.text import literal, shown, typed
from integra_tui.ui.widgets.confirm import ConfirmDialog
from integra_tui.ui.widgets.key_footer import KeyFooter

__all__ = ["AgendaEditorScreen", "AgendaItemDraft", "AgendaItemForm", "EditorTable", "ImportForm"]

T = TypeVar("T")

HELP = N_(
    """# Tagesordnung bearbeiten

- **a** (oder Einfg) fügt einen Punkt hinzu, **Enter** bearbeitet den markierten, **Entf** entfernt ihn
  (ein schon behandelter Punkt bleibt für das Protokoll stehen).
- **Strg+↑ / Strg+↓** (oder **k / j**) verschiebt den markierten Punkt nach oben oder unten.
- **i** liest eine Tagesordnung aus einer CSV- oder Excel-Datei ein (Spalten Titel, Minuten,
  Referent/in, Art); Punkte mit gleichem Titel werden nicht doppelt angelegt.
- Im Formular eines Punkts steht sein Titel in bis zu zwei weiteren Sprachen für die Anzeige
  („ar=الترحيب; uk=Привітання“; Sprachen als Kürzel oder Name; leer: keine).
- Unten steht, wie viele Minuten geplant sind und wie viel Puffer bis zum geplanten Ende bleibt.
- ↪ markiert Punkte, die von einem früheren Treffen übernommen wurden. **Esc** führt zurück.
"""
)


class AgendaItemDraft:
    """What the item form collected."""

    def __init__(
        self, title: str, minutes: int, presenter: str, kind: str, translations: list[tuple[str, str]] | None = None
    ) -> None:
        self.title = title
        self.minutes = minutes
        self.presenter = presenter
        self.kind = kind
        self.translations = translations or []
        """The title in up to two further languages for the display, as (language as typed, title)."""


def translations_text(translations: list[dict[str, str]]) -> str:
    """An item's titles in further languages as the form shows them: "ar=الترحيب; uk=Привітання"."""
    return "; ".join(f"{t.get('language', '')}={t.get('title', '')}" for t in translations)


def parse_translations(text: str) -> list[tuple[str, str]] | None:
    """What was typed into the form's field: (language, title) pairs; None when a part has no "=" in it."""
    pairs = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        language, sep, title = part.partition("=")
        if not sep or not language.strip() or not title.strip():
            return None
        pairs.append((language.strip(), title.strip()))
    return pairs


class AgendaItemForm(FormDialog):
    """Title, planned minutes, presenter, kind and the title in further languages of one agenda item."""

    COMPACT_BELOW_ROWS = 30
    """At 80x24 the compact form (one-row fields), so all five fields fit the screen."""

    def __init__(self, doc: dict | None = None) -> None:
        super().__init__()
        self.doc = doc or {}

    def compose(self) -> ComposeResult:
        editing = bool(self.doc)
        with Vertical():
            yield Static(_("Punkt bearbeiten") if editing else _("Neuer Punkt"), classes="form-title")
            yield Label(_("Titel"), classes="form-label")
            title = shown(self.doc.get("title", ""), one_line=True)
            yield Input(title, id="item-title-input", select_on_focus=False)
            yield Label(_("Minuten"), classes="form-label")
            yield Input(str(self.doc.get("minutes", 10)), id="item-minutes", type="integer")
            yield Label(_("Referent/in oder Leitung"), classes="form-label")
            yield Input(shown(self.doc.get("presenter", ""), one_line=True), id="item-presenter")
            yield Label(_("Art"), classes="form-label")
            # "Offene Punkte" is added by the moderation itself, so it is only offered to the item that is one.
            kinds = [k for k in ITEM_KINDS if k != "open_items" or self.doc.get("kind") == "open_items"]
            yield Select(
                [(item_kind_label(kind), kind) for kind in kinds],
                value=self.doc.get("kind", "discussion"),
                allow_blank=False,
                id="item-kind",
            )
            yield Label(_("Titel in weiteren Sprachen für die Anzeige (bis zu zwei: ar=…; uk=…)"), classes="form-label")
            yield Input(
                shown(translations_text(self.doc.get("translations") or []), one_line=True),
                id="item-translations",
                placeholder="ar=الترحيب; uk=Привітання",
            )
            yield Static("", id="form-error", classes="form-error")
            yield Static(
                _("Enter speichert · Tab wechselt das Feld · Esc schließt ohne Speichern"), classes="form-hint"
            )

    def on_mount(self) -> None:
        title = self.query_one("#item-title-input", Input)
        title.cursor_position = len(title.value)
        title.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        title = typed(self.query_one("#item-title-input", Input).value)
        minutes_text = self.query_one("#item-minutes", Input).value.strip()
        error = self.query_one("#form-error", Static)
        if not title:
            error.update(_("Ein Tagesordnungspunkt braucht einen Titel."))
            return
        if not minutes_text.isdigit():
            error.update(_("Bitte die Minuten als ganze Zahl eingeben."))
            return
        if int(minutes_text) == 0:
            error.update(_("Ein Punkt von 0 Minuten passt in keine Tagesordnung: bitte mindestens 1 Minute planen."))
            self.query_one("#item-minutes", Input).focus()
            return
        translations = parse_translations(typed(self.query_one("#item-translations", Input).value))
        if translations is None:
            error.update(_("Weitere Sprachen bitte als Sprache=Titel, getrennt durch ; (z. B. ar=…; uk=…)."))
            self.query_one("#item-translations", Input).focus()
            return
        kind = self.query_one("#item-kind", Select).value
        presenter = typed(self.query_one("#item-presenter", Input).value)
        self.dismiss(AgendaItemDraft(title, int(minutes_text), presenter, str(kind), translations))


class ImportForm(FormDialog):
    """Ask for the file to import the agenda from."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Tagesordnung einlesen"), classes="form-title")
            yield Label(_("Datei (CSV oder XLSX)"), classes="form-label")
            yield Input(id="import-path")
            yield Static(_("Enter liest ein · Esc schließt"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = typed(event.value)
        self.dismiss(value or None)


class EditorTable(DataTable):
    """The agenda items; Enter edits the highlighted one."""

    BINDINGS = [Binding("enter", "screen.edit_item", N_("Bearbeiten"), tooltip=N_("Markierten Punkt bearbeiten"))]


class AgendaEditorScreen(IntegraScreen[None]):
    """One meeting's agenda as a list to edit with keys."""

    CSS_PATH = "moderator.tcss"
    HELP = HELP
    BINDINGS = [
        Binding("a,insert", "add_item", N_("Neu"), tooltip=N_("Punkt hinzufügen"), id="agenda.add"),
        Binding("delete", "remove_item", N_("Entfernen"), tooltip=N_("Markierten Punkt entfernen"), id="agenda.remove"),
        Binding(
            "ctrl+up,k",
            "move(-1)",
            N_("Nach oben"),
            tooltip=N_("Markierten Punkt nach oben schieben"),
            key_display="^↑",
            id="agenda.up",
        ),
        Binding(
            "ctrl+down,j",
            "move(1)",
            N_("Nach unten"),
            tooltip=N_("Markierten Punkt nach unten schieben"),
            key_display="^↓",
            id="agenda.down",
        ),
        Binding(
            "i", "import_agenda", N_("Einlesen"), tooltip=N_("Tagesordnung aus CSV/XLSX einlesen"), id="agenda.import"
        ),
        Binding("escape", "close", N_("Zurück"), tooltip=N_("Zurück"), id="agenda.close"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        """The meeting whose agenda is edited."""
        self.docs: list[dict] = []
        """The agenda items as last read."""
        self._reads = Reads()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="editor-body"):
            yield Static("", id="editor-title", classes="section-title")
            yield EditorTable(id="editor-items", cursor_type="row", zebra_stripes=True)
            yield Static("", id="editor-summary")
        yield KeyFooter(compact=True)  # at 80 columns Footer() cut i, Esc, F1 and ^q off the edge

    def on_mount(self) -> None:
        table = self.query_one("#editor-items", DataTable)
        table.add_column(_("Nr."), key="pos")
        table.add_column(_("Titel"), key="title")
        table.add_column(_("Min"), key="minutes")
        table.add_column(_("Referent/in"), key="presenter")
        table.add_column(_("Art"), key="kind")
        table.focus()
        self.load(prepare=True)

    def on_store_changed(self, message: StoreChanged) -> None:
        self.load()

    def load(self, prepare: bool = False, select: int | None = None) -> None:
        """Read the agenda on the service thread (first picking up deferred items waiting for it), then show it."""
        ctx, meeting_id, read = self.ctx, self.meeting_id, self._reads.start()

        def read_agenda() -> tuple[Meeting, list[dict[str, Any]]]:
            if prepare:
                moderation.pick_up_deferred(ctx, meeting_id)
            return get_meeting(ctx, meeting_id), agenda_service.agenda_docs(ctx, meeting_id)

        self.call_service(read_agenda, lambda agenda: self._show(read, *agenda, select))

    def _show(self, read: int, meeting: Meeting, docs: list[dict[str, Any]], select: int | None) -> None:
        if not self._reads.is_newest(read):
            return
        self.docs = docs
        table = self.query_one("#editor-items", DataTable)
        keep = select if select is not None else self._selected_id()
        table.clear()
        for number, doc in enumerate(docs, start=1):
            title = doc["title"]
            if doc.get("kind") == "open_items" and title == moderation.OPEN_ITEMS_TITLE:
                title = _("Offene Punkte")
            if doc.get("carried_over_from") is not None:
                title = f"↪ {title}"
            table.add_row(
                str(number),
                literal(title, one_line=True),
                str(doc.get("minutes", 0)),
                literal(doc.get("presenter", ""), one_line=True),
                literal(item_kind_label(doc.get("kind", ""))),
                key=str(doc["id"]),
            )
        if keep is not None:
            index = next((i for i, d in enumerate(docs) if d["id"] == keep), None)
            if index is not None:
                table.move_cursor(row=index)
        self.query_one("#editor-title", Static).update(
            literal(_("Tagesordnung: {title} am {date}").format(title=meeting.title, date=format_date(meeting.date)))
        )
        planned = sum(int(d.get("minutes") or 0) for d in docs)
        buffer = meeting.planned_minutes - planned
        self.query_one("#editor-summary", Static).update(
            _("{count} Punkte · {planned} Min geplant · Treffen {total} Min · Puffer {buffer} Min").format(
                count=len(docs), planned=planned, total=meeting.planned_minutes, buffer=buffer
            )
        )

    def _selected_id(self) -> int | None:
        table = self.query_one("#editor-items", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _selected_doc(self) -> dict | None:
        selected = self._selected_id()
        return next((d for d in self.docs if d["id"] == selected), None)

    def _write(self, call: Callable[[], T], select: int | None = None, message: str | Callable[[T], str] = "") -> None:
        """Run one change on the service thread and read the agenda after it in the same call, then show it.

        ``select`` -1: the row whose id ``call`` returned. ``message``: said once the change is made.
        """
        ctx, meeting_id = self.ctx, self.meeting_id

        def write_and_read() -> tuple[T, Meeting, list[dict[str, Any]]]:
            result = call()
            return result, get_meeting(ctx, meeting_id), agenda_service.agenda_docs(ctx, meeting_id)

        def done(written: tuple[T, Meeting, list[dict[str, Any]]]) -> None:
            result, meeting, docs = written
            said = message if isinstance(message, str) else message(result)
            if said:
                self.notify(said, timeout=4 if isinstance(message, str) else 6)
            # Shown as soon as the change is made: a key pressed next acts on the new list, not the one before.
            self._show(
                self._reads.start(), meeting, docs, result if select == -1 and isinstance(result, int) else select
            )

        self.call_service(write_and_read, done)

    def action_add_item(self) -> None:
        ctx = self.ctx

        def save(draft: AgendaItemDraft | None) -> None:
            if draft is not None:
                self._write(
                    lambda: agenda_service.add_agenda_item(
                        ctx,
                        self.meeting_id,
                        draft.title,
                        draft.minutes,
                        draft.presenter,
                        draft.kind,
                        translations=draft.translations,
                    ),
                    select=-1,
                )

        self.app.push_screen(AgendaItemForm(), save)

    def action_edit_item(self) -> None:
        doc = self._selected_doc()
        if doc is None:
            return
        ctx = self.ctx

        def save(draft: AgendaItemDraft | None) -> None:
            if draft is not None:
                self._write(
                    lambda: agenda_service.update_agenda_item(
                        ctx,
                        doc["id"],
                        title=draft.title,
                        minutes=draft.minutes,
                        presenter=draft.presenter,
                        kind=draft.kind,
                        translations=draft.translations,
                    ),
                    select=doc["id"],
                )

        self.app.push_screen(AgendaItemForm(doc), save)

    def action_remove_item(self) -> None:
        doc = self._selected_doc()
        if doc is None:
            return
        ctx = self.ctx

        def answer(value: str | None) -> None:
            if value == "yes":
                self._write(lambda: agenda_service.remove_agenda_item(ctx, doc["id"]), message=_("Punkt entfernt"))

        self.app.push_screen(ConfirmDialog(_("Punkt entfernen?"), doc["title"], _("Entfernen")), answer)

    def action_move(self, offset: int) -> None:
        doc = self._selected_doc()
        if doc is not None:
            ctx = self.ctx
            self._write(lambda: agenda_service.move_agenda_item(ctx, doc["id"], offset), select=doc["id"])

    def action_import_agenda(self) -> None:
        ctx = self.ctx

        def chosen(path: str | None) -> None:
            if path is None:
                return

            def summary(report: agenda_service.AgendaImportReport) -> str:
                return _(
                    "{added} Punkte eingelesen, {existing} schon vorhanden, {problems} Zeilen mit Problemen"
                ).format(added=report.added, existing=report.existing, problems=len(report.problems))

            meeting_id = self.meeting_id
            self._write(lambda: agenda_service.import_agenda(ctx, Path(path).expanduser(), meeting_id), message=summary)

        self.app.push_screen(ImportForm(), chosen)

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.dismiss(None)
