"""The coordinator's screen: open action items across meetings, the network between meetings, exports, statistics.

The tabs of the network (needs, questions, contacts and volunteers, planning) live in
``coordinator_network``, the dialogs in ``coordinator_dialogs``, what the export tab offers in
``coordinator_exports``.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)

from integra_tui.domain.models import Capture, Meeting, Person
from integra_tui.errors import IntegraError
from integra_tui.i18n import N_, _, format_date, ngettext
from integra_tui.io.exports.documents import status_label
from integra_tui.services import followup
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.exports import ExportRequest
from integra_tui.services.meetings import (
    current_meeting,
    get_meeting,
    groups,
    has_taken_place,
    list_meetings,
    meeting_caption,
)
from integra_tui.services.stats import RangeStats, range_stats
from integra_tui.services.texts import group_label, role_sentences
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.reads import Reads
from integra_tui.ui.screens.base import IntegraModal, IntegraScreen
from integra_tui.ui.screens.coordinator_exports import (
    LOOKS_AHEAD,
    WITHOUT_MEETING,
    default_meeting_id,
    formats_for,
    kind_labels,
    run_coordinator_export,
)
from integra_tui.ui.screens.coordinator_followup import NARROW_BELOW, column_labels, followup_columns
from integra_tui.ui.screens.coordinator_network import NetworkData, NetworkTabs, read_network
from integra_tui.ui.text import literal, shown, typed
from integra_tui.ui.widgets.key_footer import KeyFooter
from integra_tui.ui.widgets.table_cells import cut_cell

__all__ = ["CommentDialog", "CoordinatorScreen", "attendance_bars", "default_export_folder"]

HELP = N_(
    """# Nachbereitung und Netzwerk

Die Ziffern **1** bis **8** wechseln den Reiter (oder Tab bis zur Reiterleiste, dann ←/→). Die Tasten
unten in der Fußzeile gelten für den Reiter, der gerade offen ist; Strg+P zeigt alle Befehle.

**1 Offene Punkte**: alle offenen Aufgaben aus allen Treffen, überfällige zuerst. Das Fälligkeitsdatum ist
**rot**, wenn es überschritten ist, **gelb** am Tag selbst und **grün** davor.

- Filtern nach **Verantwortlich** (Teil des Namens genügt), **Gruppe** und **Fälligkeit**.
- **d** markiert die ausgewählte Aufgabe als erledigt, **o** als noch offen (mit Kommentar),
  **x** verwirft sie. Jede Änderung wird mit Datum festgehalten.
- **p** zeigt, an welchen Treffen die verantwortliche Person teilgenommen hat und welche Rollen sie hatte.

**2 Bedarfe**: alle Bedarfe nach Status und Thema, für welche Gruppe, wer sich kümmert, passende Angebote
und die Aufgaben, die daraus wurden. Namen derer, die einen Bedarf genannt haben, stehen hier nicht.

- **s** ändert den Status (offen, in Arbeit, gedeckt, nicht möglich), mit einem Kommentar, wenn Sie möchten.
- **m** führt den Bedarf mit einem Angebot zum selben Thema zusammen.
- **a** macht eine Aufgabe daraus: Wer kümmert sich? Bis wann?
- **w** hält fest, wer sich um den Bedarf kümmert.

**3 Fragen**: offene und beantwortete Fragen, nach Gruppe, nie mit dem Namen der fragenden Person.
**b** beantwortet die ausgewählte Frage: die Antwort und wer geantwortet hat.

**4 Kontakte**: wer sich engagieren möchte, bis jemand Kontakt aufgenommen hat (**k**: wer und was dabei
herauskam), und wer auf der Kontaktliste steht. **e** nimmt eine Einwilligung auf (Person, was sie anbietet,
wie sie erreichbar sein möchte), **z** zieht die Einwilligung der ausgewählten Person zurück.

**5 Planung**: die kommenden Treffen mit Thema und Referent/in, darunter die Themenwünsche mit Handzeichen.
**t** plant das ausgewählte Treffen (Thema, Referent/in aus der Gruppe Referent/in oder eine neue Person),
**u** übernimmt den ausgewählten Themenwunsch für ein Treffen, **l** schreibt den Einladungsbrief (PDF)
in den Export-Ordner.

**6 Export**: Art, Format und Treffen wählen, dann **Enter** in einem Textfeld oder **Strg+E**. Oben steht,
für welches Treffen exportiert wird: zuerst das letzte Treffen, das stattgefunden hat (die
Teilnehmerliste zum Unterschreiben und der Einladungsbrief: das heutige oder nächste Treffen). Dazu
kommen die Dateien des Netzwerks: Bedarfe, Fragen und Antworten, Kontaktliste. Die Dateien landen im
angegebenen Ordner; eine vorhandene Datei wird erst ersetzt, wenn die neue vollständig geschrieben ist.
CSV-Dateien öffnet deutsches Excel mit Doppelklick richtig.

**7 Statistik**: Eingeladene, Anwesende, Personen ohne Einladung, Erstbesucher und Wiederkehrende je Treffen,
mit einem kleinen Verlauf der Anwesenheit.

**8 Person**: Namen eingeben; zeigt besuchte Treffen und Rollen und erstellt eine Teilnahmebestätigung.
"""
)

_DUE_STYLES = {"overdue": "bold red", "today": "bold yellow", "later": "green", "none": "dim"}


def default_export_folder() -> Path:
    """Where the screen suggests to put exports: a folder INTEGRA-Exporte in the user's documents or home."""
    home = Path.home()
    for documents in (home / "Dokumente", home / "Documents"):
        if documents.is_dir():
            return documents / "INTEGRA-Exporte"
    return home / "INTEGRA-Exporte"


def attendance_bars(values: list[int], width: int = 8) -> list[str]:
    """One bar of block characters per value, the largest ``width`` blocks long ('█████▌')."""
    top = max(values, default=0)
    bars = []
    for value in values:
        eighths = round(value * width * 8 / top) if top else 0
        full, rest = divmod(eighths, 8)
        bars.append("█" * full + ("" if not rest else " ▏▎▍▌▋▊▉"[rest]))
    return bars


class CommentDialog(IntegraModal[str | None]):
    """Asks for a comment (why an item is still open, or dropped); Enter saves, Escape cancels."""

    DEFAULT_CSS = """
    CommentDialog { align: center middle; }
    CommentDialog #comment-box { width: 70; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    CommentDialog #comment-buttons { height: auto; margin-top: 1; }
    CommentDialog #comment-hint { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Abbrechen"), tooltip=N_("Schließen, ohne zu speichern"))]

    def __init__(self, question: str, required: bool = True) -> None:
        super().__init__()
        self.question = question
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical(id="comment-box"):
            yield Label(literal(self.question))
            yield Input(placeholder=_("Kommentar"), id="comment-input")
            yield Static("", id="comment-hint")
            with Horizontal(id="comment-buttons"):
                yield Button(_("Speichern"), variant="primary", id="comment-save")
                yield Button(_("Abbrechen"), id="comment-cancel")

    @on(Input.Submitted, "#comment-input")
    @on(Button.Pressed, "#comment-save")
    def _save(self) -> None:
        text = typed(self.query_one("#comment-input", Input).value)
        if self.required and not text:
            self.query_one("#comment-hint", Static).update(_("Bitte einen Kommentar eingeben."))
            return
        self.dismiss(text)

    @on(Button.Pressed, "#comment-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


TABS = (
    "tab-followup",
    "tab-needs",
    "tab-questions",
    "tab-contacts",
    "tab-planning",
    "tab-export",
    "tab-stats",
    "tab-person",
)
"""The tabs in their order; the digits 1 to 8 open them."""

_ACTION_TABS = {
    "mark": "tab-followup",
    "owner_engagement": "tab-followup",
    "need_status": "tab-needs",
    "need_match": "tab-needs",
    "need_action": "tab-needs",
    "need_owner": "tab-needs",
    "answer_question": "tab-questions",
    "volunteer_contacted": "tab-contacts",
    "give_consent": "tab-contacts",
    "withdraw_consent": "tab-contacts",
    "plan_meeting": "tab-planning",
    "plan_wish": "tab-planning",
    "speaker_letter": "tab-planning",
    "run_export": "tab-export",
}
"""The tab each action belongs to: its key is shown (and works) only there."""


def _tab_binding(number: int, tab: str, label: str, tooltip: str) -> Binding:
    return Binding(str(number), f"show_tab('{tab}')", label, show=False, tooltip=tooltip)


def _unnamed(error: IntegraError) -> None:
    """A meeting gone meanwhile: the caption stays as it is (a store error is a toast: ``call_service``)."""


def _export_default(ctx: Context, kind: str, opened_for: int | None) -> int | None:
    """The meeting a kind is for: the one the screen was opened for if it took place (or, for the kinds
    that look ahead, is still ahead), else the service's default (the latest meeting that took place)."""
    chosen = default_meeting_id(ctx, kind)
    if opened_for is not None and kind not in WITHOUT_MEETING:
        try:
            given = get_meeting(ctx, opened_for)
        except ServiceError:
            given = None
        if given is not None:
            ahead = kind in LOOKS_AHEAD
            if (ahead and given.date >= ctx.today()) or (not ahead and has_taken_place(ctx, given)):
                chosen = given.id
    return chosen


class CoordinatorScreen(NetworkTabs, IntegraScreen[None]):
    """Follow-up of open items, the network between meetings (needs, questions, contacts, planning), exports,
    statistics and engagement, in eight tabs."""

    CSS_PATH = "coordinator.tcss"
    HELP = HELP
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding(
            "d",
            "mark('done')",
            N_("Erledigt"),
            tooltip=N_("Ausgewählte Aufgabe als erledigt markieren"),
            id="coordinator-done",
        ),
        Binding(
            "o",
            "mark('open')",
            N_("Noch offen"),
            tooltip=N_("Ausgewählte Aufgabe bleibt offen; mit Kommentar"),
            id="coordinator-open",
        ),
        Binding(
            "x",
            "mark('dropped')",
            N_("Verwerfen"),
            tooltip=N_("Ausgewählte Aufgabe verwerfen"),
            id="coordinator-dropped",
        ),
        Binding(
            "p",
            "owner_engagement",
            N_("Person"),
            tooltip=N_("Treffen und Rollen der verantwortlichen Person zeigen"),
            id="coordinator-person",
        ),
        Binding("s", "need_status", N_("Status"), tooltip=N_("Status des ausgewählten Bedarfs ändern")),
        Binding("m", "need_match", N_("Angebot"), tooltip=N_("Bedarf mit einem passenden Angebot zusammenführen")),
        Binding("a", "need_action", N_("Aufgabe"), tooltip=N_("Aus dem Bedarf eine Aufgabe machen: Wer? Bis wann?")),
        Binding("w", "need_owner", N_("Wer kümmert sich"), tooltip=N_("Festhalten, wer sich um den Bedarf kümmert")),
        Binding("b", "answer_question", N_("Beantworten"), tooltip=N_("Ausgewählte Frage beantworten")),
        Binding("k", "volunteer_contacted", N_("Kontaktiert"), tooltip=N_("Festhalten, wer Kontakt aufgenommen hat")),
        Binding("e", "give_consent", N_("Einwilligung"), tooltip=N_("Einwilligung in die Kontaktliste aufnehmen")),
        Binding(
            "z", "withdraw_consent", N_("Zurückziehen"), tooltip=N_("Einwilligung der ausgewählten Person zurückziehen")
        ),
        Binding("t", "plan_meeting", N_("Planen"), tooltip=N_("Thema und Referent/in des Treffens planen")),
        Binding("u", "plan_wish", N_("Wunsch übernehmen"), tooltip=N_("Themenwunsch für ein Treffen übernehmen")),
        Binding("l", "speaker_letter", N_("Einladungsbrief"), tooltip=N_("Einladungsbrief an die Referentin (PDF)")),
        Binding(
            "ctrl+e",
            "run_export",
            N_("Exportieren"),
            tooltip=N_("Die gewählte Datei erstellen (auch Enter in einem Textfeld)"),
            id="coordinator-export",
            priority=True,  # also while a text field has the focus (which takes Ctrl+E for end-of-line otherwise)
        ),
        _tab_binding(1, "tab-followup", N_("Offene Punkte"), N_("Reiter Offene Punkte öffnen")),
        _tab_binding(2, "tab-needs", N_("Bedarfe"), N_("Reiter Bedarfe öffnen")),
        _tab_binding(3, "tab-questions", N_("Fragen"), N_("Reiter Fragen öffnen")),
        _tab_binding(4, "tab-contacts", N_("Kontakte"), N_("Reiter Kontakte öffnen")),
        _tab_binding(5, "tab-planning", N_("Planung"), N_("Reiter Planung öffnen")),
        _tab_binding(6, "tab-export", N_("Export"), N_("Reiter Export öffnen")),
        _tab_binding(7, "tab-stats", N_("Statistik"), N_("Reiter Statistik öffnen")),
        _tab_binding(8, "tab-person", N_("Person"), N_("Reiter Person öffnen")),
        Binding("f5", "reload", N_("Aktualisieren"), tooltip=N_("Listen neu laden"), id="coordinator-reload"),
        Binding("escape", "leave", N_("Zurück"), tooltip=N_("Zurück zur Startseite"), id="coordinator-leave"),
    ]

    def __init__(self, meeting_id: int | None = None, export_folder: Path | None = None) -> None:
        super().__init__()
        self.meeting_id: int | None = meeting_id
        """The meeting exports are for (None: the current meeting)."""
        self.export_folder: Path = export_folder or default_export_folder()
        """Where exported files go unless the user types another folder."""
        self.items: list[followup.FollowUpItem] = []
        """The action items the list shows, in its order."""
        self.last_export: list[Path] = []
        """The files the last export wrote."""
        self._reads = Reads()
        self._auto_meeting: int | None = None
        """The meeting the export tab chose by itself (a meeting the user chose is kept when the kind changes)."""
        self._meetings: dict[int, Meeting] = {}
        """The meetings as last read on the service thread (with the lists): what the export tab's caption names."""
        self._followup_columns: list[tuple[str, int]] = []
        """The open items' columns as laid out for the screen's width (``coordinator_followup``)."""

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="coordinator-tabs"):
            with TabPane(_("Offene Punkte"), id="tab-followup"):
                with Horizontal(id="followup-filters"):
                    yield Input(placeholder=_("Verantwortlich …"), id="filter-owner")
                    yield Select([], prompt=_("Alle Gruppen"), id="filter-group")
                    yield Select(
                        [
                            (_("überfällig"), "overdue"),
                            (_("heute fällig"), "today"),
                            (_("in 7 Tagen fällig"), "week"),
                            (_("ohne Datum"), "none"),
                        ],
                        prompt=_("Alle Fälligkeiten"),
                        id="filter-due",
                    )
                    yield Checkbox(_("auch erledigte"), id="filter-closed")
                yield DataTable(id="followup-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="followup-detail")
                yield Static("", id="followup-summary")
            with TabPane(_("Bedarfe"), id="tab-needs"):
                yield from self.compose_needs()
            with TabPane(_("Fragen"), id="tab-questions"):
                yield from self.compose_questions()
            with TabPane(_("Kontakte"), id="tab-contacts"):
                yield from self.compose_contacts()
            with TabPane(_("Planung"), id="tab-planning"):
                yield from self.compose_planning()
            with TabPane(_("Export"), id="tab-export"):
                yield Static("", id="export-caption")
                with VerticalScroll(id="export-form"):
                    with Horizontal(classes="form-row"):
                        yield Label(_("Was?"), classes="form-label")
                        yield Select(
                            [(label, kind) for kind, label in kind_labels().items()],
                            value="minutes",
                            allow_blank=False,
                            id="export-kind",
                        )
                    with Horizontal(classes="form-row"):
                        yield Label(_("Format"), classes="form-label")
                        yield Select(
                            [(f, f) for f in formats_for("minutes")],
                            value="pdf" if "pdf" in formats_for("minutes") else formats_for("minutes")[0],
                            allow_blank=False,
                            id="export-format",
                        )
                    with Horizontal(classes="form-row"):
                        yield Label(_("Treffen"), classes="form-label")
                        yield Select([], prompt=_("Noch kein Treffen hat stattgefunden"), id="export-meeting")
                    with Horizontal(classes="form-row"):
                        yield Label(_("Person (nur Teilnahmebestätigung)"), classes="form-label")
                        yield Input(placeholder=_("Nummer oder Name"), id="export-person")
                    with Horizontal(classes="form-row"):
                        yield Label(_("Ordner"), classes="form-label")
                        yield Input(str(self.export_folder), id="export-folder")
                    with Horizontal(id="export-options"):
                        yield Checkbox(_("Namen der Anwesenden ins Protokoll"), id="export-names")
                        yield Checkbox(_("CSV international (Komma, ISO-Datum)"), id="export-international")
                    with Horizontal(id="export-actions"):
                        yield Button(_("Exportieren"), variant="primary", id="export-run")
                        yield ProgressBar(total=100, show_eta=False, id="export-progress")
                    yield Static("", id="export-status")
            with TabPane(_("Statistik"), id="tab-stats"):
                yield Static(_("Anwesende je Treffen"), classes="section-title")
                yield Sparkline([], id="stats-sparkline")
                yield DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="stats-total")
            with TabPane(_("Person"), id="tab-person"):
                yield Input(placeholder=_("Name oder Nummer der Person, dann Enter"), id="person-query")
                yield Static("", id="person-result")
                yield Button(_("Teilnahmebestätigung (PDF)"), id="person-confirmation", disabled=True)
        yield KeyFooter(compact=True)  # at 80 columns Footer() cut each tab's last keys, Esc, ^q and F1

    def on_mount(self) -> None:
        self._layout_followup()
        self._word_filters()
        stats = self.query_one("#stats-table", DataTable)
        stats.add_columns(
            _("Datum"),
            _("Treffen"),
            _("Eingeladen"),
            _("Anwesend"),
            _("Ohne Einladung"),
            _("Erstmals"),
            _("Wiederkehrend"),
            _("Verlauf"),
        )
        self.setup_network_tables()
        ctx, opened_for = self.ctx, self.meeting_id

        def read_start() -> tuple[list[str], list[Meeting], int | None]:
            return groups(ctx), list_meetings(ctx), _export_default(ctx, "minutes", opened_for)

        self.call_service(read_start, lambda result: self._start(*result))

    def _start(self, group_names: list[str], meetings: list[Meeting], chosen: int | None) -> None:
        """Fill the filters and the export tab's meetings (read on the service thread), then load the lists."""
        self._meetings = {m.id: m for m in meetings}
        self.query_one("#filter-group", Select).set_options([(literal(group_label(g)), g) for g in group_names])
        chooser = self.query_one("#export-meeting", Select)
        chooser.set_options(
            [(literal(f"{format_date(m.date)} {m.title}", one_line=True), m.id) for m in reversed(meetings)]
        )
        self._choose_export_meeting("minutes", chosen)
        self.load()

    # -- which meeting -----------------------------------------------------------------------
    def _default_export_meeting(self, kind: str) -> None:
        """Choose the meeting a kind is for (read on the service thread, see :func:`_export_default`)."""
        ctx, opened_for = self.ctx, self.meeting_id
        self.call_service(
            lambda: _export_default(ctx, kind, opened_for), lambda chosen: self._choose_export_meeting(kind, chosen)
        )

    def _choose_export_meeting(self, kind: str, chosen: int | None) -> None:
        chooser = self.query_one("#export-meeting", Select)
        chooser.disabled = kind in WITHOUT_MEETING
        self._auto_meeting = chosen
        if chosen is None:
            chooser.clear()
        else:
            chooser.value = chosen
        self._show_caption()

    def export_meeting_id(self) -> int | None:
        """The meeting the export tab is on (None: none chosen, or the kind is for no one meeting)."""
        kind = str(self.query_one("#export-kind", Select).value)
        value = self.query_one("#export-meeting", Select).value
        if kind in WITHOUT_MEETING or value is Select.NULL:
            return None
        return int(value)  # type: ignore[arg-type]

    def _show_caption(self) -> None:
        """Say which meeting the export tab is on (in the tab and in the header), short below 100 columns."""
        kind = str(self.query_one("#export-kind", Select).value)
        meeting_id = self.export_meeting_id()
        caption_widget = self.query_one("#export-caption", Static)
        if kind in WITHOUT_MEETING:
            caption_widget.update(_("Für alle Treffen, nicht nur eines."))
            return
        if meeting_id is None:
            caption_widget.update(literal(_("Noch hat kein Treffen stattgefunden; bitte ein Treffen wählen."), "bold"))
            self.sub_title = ""
            return
        known = self._meetings.get(meeting_id)
        if known is not None:
            self._draw_caption(known)
            return
        ctx = self.ctx  # a meeting added since the lists were read: read on the service thread
        self.call_service(lambda: get_meeting(ctx, meeting_id), self._caption_read, failed=_unnamed, toast=False)

    def _caption_read(self, meeting: Meeting) -> None:
        """The chosen meeting, read on the service thread: named in the caption unless another was chosen since."""
        if self.export_meeting_id() != meeting.id:
            return  # another meeting (or a kind for no one meeting) was chosen since: its caption is drawn
        self._meetings[meeting.id] = meeting
        self._draw_caption(meeting)

    def _draw_caption(self, meeting: Meeting) -> None:
        caption_widget = self.query_one("#export-caption", Static)
        width = self.app.size.width
        wide = width >= 100
        prefix = _("Export für das Treffen: {caption}")
        room = max(20, width - len(prefix.format(caption="")) - 4)  # the tab's line: the title as long as it fits
        in_tab = meeting_caption(self.ctx, meeting, width=room)
        text = in_tab.long if len(in_tab.long) <= room else in_tab.short
        caption_widget.update(literal(prefix.format(caption=text), "bold"))
        in_header = meeting_caption(self.ctx, meeting, width=30)  # the header also holds the app's name
        self.sub_title = shown(in_header.long if wide else in_header.short, one_line=True)

    def on_resize(self) -> None:
        self._show_caption()
        self._layout_followup()
        self.layout_network()
        self._word_filters()

    def _word_filters(self) -> None:
        """The open items' filters in one row: below ``NARROW_BELOW`` columns, in shorter words."""
        narrow = self.app.size.width < NARROW_BELOW
        self.query_one("#filter-owner", Input).placeholder = _("Wer? …") if narrow else _("Verantwortlich …")
        self.query_one("#filter-due", Select).prompt = _("Fällig: alle") if narrow else _("Alle Fälligkeiten")

    @on(Select.Changed, "#export-meeting")
    def _meeting_changed(self) -> None:
        self._show_caption()

    # -- tabs and keys -----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys of a tab are shown and work on that tab only."""
        tab = _ACTION_TABS.get(action)
        if tab is None:
            return True
        try:
            return self.query_one(TabbedContent).active == tab
        except NoMatches:
            return False

    def action_show_tab(self, tab: str) -> None:
        """Open a tab and put the focus on its list (or its first field)."""
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        first = {
            "tab-followup": "#followup-table",
            "tab-needs": "#needs-table",
            "tab-questions": "#questions-table",
            "tab-contacts": "#volunteers-table",
            "tab-planning": "#plans-table",
            "tab-export": "#export-kind",
            "tab-stats": "#stats-table",
            "tab-person": "#person-query",
        }.get(tab)
        if first:
            self.query_one(first).focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#needs-table")
    def _need_highlighted(self) -> None:
        self.show_need_detail()

    @on(DataTable.RowHighlighted, "#questions-table")
    def _question_highlighted(self) -> None:
        self.show_question_detail()

    def export_folder_now(self) -> Path:
        """The folder the export tab names now."""
        return Path(typed(self.query_one("#export-folder", Input).value) or str(self.export_folder)).expanduser()

    def on_store_changed(self, message: StoreChanged) -> None:
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # -- loading -----------------------------------------------------------------------------
    def _filters(self) -> dict:
        group = self.query_one("#filter-group", Select).value
        due = self.query_one("#filter-due", Select).value
        return {
            "owner": typed(self.query_one("#filter-owner", Input).value),
            "group": "" if group is Select.NULL else str(group),
            "due": "all" if due is Select.NULL else str(due),
            "status": None if self.query_one("#filter-closed", Checkbox).value else "open",
        }

    def load(self) -> None:
        """Reload every tab's lists and the statistics with the filters as they are now (on the service thread)."""
        ctx, filters, network_filters, read = self.ctx, self._filters(), self.network_filters(), self._reads.start()

        def read_all() -> tuple[list[followup.FollowUpItem], RangeStats, NetworkData, list[Meeting]]:
            items = followup.action_items(
                ctx, status=filters["status"], owner=filters["owner"], group=filters["group"], due=filters["due"]
            )
            return items, range_stats(ctx), read_network(ctx, network_filters), list_meetings(ctx)

        self.call_service(read_all, lambda result: self._show(read, *result))

    def _show(
        self,
        read: int,
        items: list[followup.FollowUpItem],
        stats: RangeStats,
        network: NetworkData,
        meetings: list[Meeting],
    ) -> None:
        if not self._reads.is_newest(read):
            return  # the filters changed (or the store did) while this was read
        self._meetings = {m.id: m for m in meetings}
        self._show_caption()  # a meeting renamed meanwhile is named anew
        self.show_network(network)
        self.items = items
        self._fill_followup()
        overdue = sum(item.due_state == "overdue" and item.capture.status == "open" for item in items)
        self.query_one("#followup-summary", Static).update(
            ngettext(
                "{count} Aufgabe, davon {overdue} überfällig.",
                "{count} Aufgaben, davon {overdue} überfällig.",
                len(items),
            ).format(count=len(items), overdue=overdue)
        )
        stats_table = self.query_one("#stats-table", DataTable)
        stats_table.clear()
        present = [m.total.present for m in stats.meetings]
        bars = attendance_bars(present)
        for meeting_stats, bar in zip(stats.meetings, bars, strict=True):
            t = meeting_stats.total
            m = meeting_stats.meeting
            stats_table.add_row(
                format_date(m.date),
                literal(m.title, one_line=True),
                str(t.invited),
                str(t.present),
                str(t.walk_ins),
                str(t.first_time),
                str(t.returning),
                bar,
                key=str(m.id),
            )
        self.query_one("#stats-sparkline", Sparkline).data = [float(v) for v in present] or [0.0]
        total = stats.total
        self.query_one("#stats-total", Static).update(
            _(
                "{meetings} Treffen: {present} Anwesenheiten von {people} verschiedenen Personen, davon {first} zum ersten Mal."  # noqa: E501
            ).format(meetings=len(stats.meetings), present=total.present, people=total.distinct, first=total.first_time)
        )

    @on(Input.Changed, "#filter-owner")
    @on(Select.Changed, "#needs-status")
    @on(Select.Changed, "#needs-topic")
    @on(Select.Changed, "#questions-status")
    @on(Select.Changed, "#filter-group")
    @on(Select.Changed, "#filter-due")
    @on(Checkbox.Changed, "#filter-closed")
    def _filter_changed(self) -> None:
        self.load()

    # -- follow-up ---------------------------------------------------------------------------
    def _layout_followup(self) -> None:
        """Give the open items the columns that fit the screen's width (again only when that changes them)."""
        columns = followup_columns(self.app.size.width)
        if columns == self._followup_columns:
            return
        self._followup_columns = columns
        table = self.query_one("#followup-table", DataTable)
        labels = column_labels()
        table.clear(columns=True)
        for key, width in columns:
            table.add_column(labels[key], width=width, key=key)
        self._fill_followup()

    def _fill_followup(self) -> None:
        """Show ``self.items`` in the open items' columns, the cursor kept on its row."""
        table = self.query_one("#followup-table", DataTable)
        keep = table.cursor_row
        table.clear()
        widths = dict(self._followup_columns)

        for item in self.items:
            capture = item.capture
            style = _DUE_STYLES.get(item.due_state, "") if capture.status == "open" else "dim"
            cells = {
                "id": str(capture.id),
                "due": Text(format_date(capture.due) if capture.due else "–", style=style),
                "text": cut_cell(capture.text),
                "owner": cut_cell(capture.owner),
                "group": cut_cell(group_label(item.group) if item.group else ""),
                "meeting": format_date(item.meeting.date) if item.meeting else "",
                "status": status_label(capture.status),
                "comment": cut_cell(item.comment),
            }
            table.add_row(*(cells[key] for key in widths), key=str(capture.id))
        if self.items:
            table.move_cursor(row=min(max(keep, 0), len(self.items) - 1))
        self._show_followup_detail()

    @on(DataTable.RowHighlighted, "#followup-table")
    def _show_followup_detail(self) -> None:
        """Under the open items: all of the selected one (its text whole, meeting, group, latest comment)."""
        item = self._selected()
        detail = self.query_one("#followup-detail", Static)
        if item is None:
            detail.update("")
            return
        parts = [f"{item.capture.id}: {item.capture.text}"]
        if item.meeting is not None:
            parts.append(_("aus dem Treffen vom {date}").format(date=format_date(item.meeting.date)))
        if item.group:
            parts.append(_("Gruppe: {group}").format(group=group_label(item.group)))
        if item.comment:
            parts.append(_("Zuletzt: {comment}").format(comment=item.comment))
        detail.update(literal(" · ".join(parts), one_line=True))

    def _selected(self) -> followup.FollowUpItem | None:
        table = self.query_one("#followup-table", DataTable)
        if not self.items or table.cursor_row < 0 or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]

    def action_mark(self, status: str) -> None:
        """Mark the selected action item done, still open (asks for a comment) or dropped."""
        if self.query_one(TabbedContent).active != "tab-followup":
            return
        item = self._selected()
        if item is None:
            self.notify(_("Keine Aufgabe ausgewählt."), severity="warning")
            return
        if status == "done":
            self._set_status(item.id, status, "")
            return
        question = (
            _("Warum ist „{text}“ noch offen?")
            if status == "open"
            else _("Warum wird „{text}“ verworfen? (freiwillig)")
        ).format(text=item.capture.text)

        def chosen(comment: str | None) -> None:
            if comment is not None:
                self._set_status(item.id, status, comment)

        self.app.push_screen(CommentDialog(question, required=status == "open"), chosen)

    def _set_status(self, capture_id: int, status: str, comment: str) -> None:
        ctx = self.ctx

        def change() -> Capture:
            current = current_meeting(ctx)
            meeting_id = current.id if current and current.date == ctx.today() else None
            return followup.set_status(ctx, capture_id, status, comment, meeting_id)

        def changed(capture: Capture) -> None:
            self.notify(_("Aufgabe {id}: {status}").format(id=capture.id, status=status_label(capture.status)))
            self.load()

        def refused(error: IntegraError) -> None:  # a refusal is an error toast here, as it always was
            if isinstance(error, ServiceError):
                self.notify(str(error), severity="error")

        self.call_service(change, changed, failed=refused, toast=False)

    def action_owner_engagement(self) -> None:
        """Show the engagement of the selected item's owner on the Person tab."""
        item = self._selected()
        if item is None or not item.capture.owner:
            return
        self.query_one("#person-query", Input).value = shown(item.capture.owner, one_line=True)
        self.query_one(TabbedContent).active = "tab-person"
        self._look_up_person(item.capture.owner)

    # -- person ------------------------------------------------------------------------------
    @on(Input.Submitted, "#person-query")
    def _person_submitted(self, event: Input.Submitted) -> None:
        self._look_up_person(typed(event.value))

    def _look_up_person(self, text: str) -> None:
        from integra_tui.services.people import resolve_person

        ctx = self.ctx

        def look_up() -> tuple[Person, followup.Engagement]:
            person = resolve_person(ctx, text)
            return person, followup.person_engagement(ctx, person.id)

        def not_found(error: IntegraError) -> None:  # the refusal is said in the tab, not in a toast
            if isinstance(error, ServiceError):
                self.query_one("#person-result", Static).update(literal(error))
                self.query_one("#person-confirmation", Button).disabled = True

        self.call_service(look_up, lambda found: self._show_person(*found), failed=not_found, toast=False)

    def _show_person(self, person: Person, engagement: followup.Engagement) -> None:
        result = self.query_one("#person-result", Static)
        button = self.query_one("#person-confirmation", Button)
        lines = [_("{name}: {count} Treffen besucht").format(name=person.name, count=len(engagement.attended))]
        lines += [f"  • {format_date(m.date)} {m.title}" for m, _check_in in engagement.attended]
        roles = role_sentences(engagement)
        if roles:
            lines.append(_("Rollen:"))
            lines += [f"  • {role}" for role in roles]
        result.update(literal("\n".join(lines)))
        button.disabled = False
        self.query_one("#export-person", Input).value = str(person.id)

    @on(Button.Pressed, "#person-confirmation")
    def _confirmation(self) -> None:
        self.query_one("#export-kind", Select).value = "engagement"
        self.query_one("#export-format", Select).set_options([(f, f) for f in formats_for("engagement")])
        self.query_one("#export-format", Select).value = "pdf"
        self.query_one(TabbedContent).active = "tab-export"
        self.action_run_export()

    # -- export ------------------------------------------------------------------------------
    @on(Select.Changed, "#export-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        kind = str(event.value)
        offered = formats_for(kind)
        formats = self.query_one("#export-format", Select)
        previous = formats.value
        formats.set_options([(f, f) for f in offered])
        formats.value = previous if previous in offered else offered[0]
        chooser = self.query_one("#export-meeting", Select)
        if chooser.value is Select.NULL or chooser.value == self._auto_meeting:
            self._default_export_meeting(kind)  # the user chose no meeting of their own: the new kind's default
        else:
            chooser.disabled = kind in WITHOUT_MEETING
            self._show_caption()

    @on(Input.Submitted, "#export-person")
    @on(Input.Submitted, "#export-folder")
    def _export_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run_export()

    def export_request(self) -> ExportRequest:
        """The export the form describes."""
        kind = str(self.query_one("#export-kind", Select).value)
        return ExportRequest(
            kind=kind,
            format=str(self.query_one("#export-format", Select).value),
            meeting_id=self.export_meeting_id(),
            folder=self.export_folder_now(),
            with_names=self.query_one("#export-names", Checkbox).value,
            dialect="international" if self.query_one("#export-international", Checkbox).value else "de",
            person=typed(self.query_one("#export-person", Input).value),
        )

    @on(Button.Pressed, "#export-run")
    def action_run_export(self) -> None:
        """Start the export on the service thread; the progress bar follows it."""
        if self.query_one(TabbedContent).active != "tab-export":
            self.query_one(TabbedContent).active = "tab-export"
        if self.query_one("#export-run", Button).disabled:
            return  # an export is running
        request = self.export_request()
        self.query_one("#export-run", Button).disabled = True
        self.query_one("#export-progress", ProgressBar).update(progress=0)
        self.query_one("#export-status", Static).update(_("Export läuft …"))
        self._export(request)

    def _export(self, request: ExportRequest) -> None:
        ctx = self.ctx

        def progress(share: float, label: str) -> None:
            # Posted, never waited for: the service thread must not wait on the event loop (an app that
            # is quitting waits on the service thread).
            self.post_message(self.ExportProgress(share, label))

        def refused(error: IntegraError) -> None:  # the toast says it too (call_service)
            self.query_one("#export-run", Button).disabled = False
            self.query_one("#export-status", Static).update(literal(str(error), "bold red"))

        self.call_service(
            lambda: run_coordinator_export(ctx, request, progress),
            lambda result: self._export_done(result.paths, result.summary, [str(w) for w in result.warnings]),
            failed=refused,
        )

    class ExportProgress(Message):
        """How far the running export has got (posted from the service thread)."""

        bubble = False

        def __init__(self, share: float, label: str) -> None:
            super().__init__()
            self.share = share
            self.label = label

    def on_coordinator_screen_export_progress(self, message: ExportProgress) -> None:
        if self.query_one("#export-run", Button).disabled:  # a step reported after the end is not shown
            self._progress(message.share, message.label)

    def _progress(self, share: float, label: str) -> None:
        self.query_one("#export-progress", ProgressBar).update(progress=round(share * 100))
        self.query_one("#export-status", Static).update(literal(label))

    def _export_done(self, paths: list[Path], message: str, warnings: list[str] | None = None) -> None:
        self.query_one("#export-run", Button).disabled = False
        status = self.query_one("#export-status", Static)
        self.last_export = paths
        self.query_one("#export-progress", ProgressBar).update(progress=100)
        shown_text = literal(message)
        for warning in warnings or ():  # stand-ins printed for characters no font has: where to look
            shown_text.append("\n" + shown(warning), style="bold yellow")
        status.update(shown_text)
        self.notify(message)
        for warning in warnings or ():
            self.notify(warning, severity="warning", markup=False)
