"""The home screen: the meetings, the invitees of the selected one, the store in use, and the way to every station."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from integra_tui.domain.models import Invitee, Meeting, Person
from integra_tui.i18n import N_, _, format_date
from integra_tui.services import meetings as meeting_service
from integra_tui.services import people
from integra_tui.services.texts import group_label
from integra_tui.ui.caption import HEADER_CHROME, caption_text
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.reads import Reads
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.text import literal, shown

__all__ = ["HomeScreen"]

HELP = N_(
    """# Startseite

Hier sehen Sie **alle Treffen** (links) und die **Eingeladenen** des ausgewählten Treffens (rechts).

- Mit den Pfeiltasten wählen Sie ein Treffen; rechts erscheinen seine Eingeladenen und wer schon da ist (✔).
- Die Tasten unten in der Fußzeile öffnen die Stationen: den **Eingang** (Check-in), die **Moderation**
  und die **Nachbereitung**. Mit **Strg+P** finden Sie jede Aktion auch über die Befehlssuche.
- Oben steht das ausgewählte Treffen (Titel und Datum): dafür öffnen die Tasten den Eingang und die Moderation.
- Unten steht, in welcher Datei alles gespeichert wird. Jede Eingabe ist sofort gespeichert.
- **F1** zeigt auf jedem Bildschirm diese Hilfe, **Strg+Q** beendet die App.
"""
)


class HomeScreen(IntegraScreen[None]):
    """Meetings on the left, the selected meeting's invitees on the right."""

    CSS_PATH = "home.tcss"
    HELP = HELP
    BINDINGS = [
        Binding(
            "e",
            "open_door",
            N_("Eingang"),
            tooltip=N_("Check-in am Eingang für das ausgewählte Treffen öffnen"),
            id="open-door",
        ),
        Binding(
            "m",
            "open_moderator",
            N_("Moderation"),
            tooltip=N_("Tagesordnung, Redeliste und Absprachen des ausgewählten Treffens"),
            id="open-moderator",
        ),
        Binding(
            "n",
            "open_coordinator",
            N_("Nachbereitung"),
            tooltip=N_("Offene Aufgaben, Exporte und Statistik nach dem Treffen"),
            id="open-coordinator",
        ),
        Binding(
            "q",
            "show_code",
            N_("QR-Code zeigen"),
            tooltip=N_("Den Code der markierten eingeladenen Person als QR-Code zeigen"),
            id="show-code",
        ),
        Binding("r", "reload", N_("Aktualisieren"), tooltip=N_("Liste neu laden"), id="reload"),
    ]

    def __init__(self, meeting_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id: int | None = meeting_id
        """The meeting whose invitees are shown."""
        self._reads = Reads()
        self._meeting: Meeting | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-body"):
            with Vertical(id="meetings-pane"):
                yield Static(_("Alle Treffen"), classes="section-title")
                yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
            with Vertical(id="invitees-pane"):
                yield Static("", id="invitees-title", classes="section-title")
                yield DataTable(id="invitees", cursor_type="row", zebra_stripes=True)
        yield Static(literal(_("Datenbank: {path}").format(path=self.ctx.path)), classes="store-path", id="store-path")
        yield Footer()

    def on_mount(self) -> None:
        meetings = self.query_one("#meetings", DataTable)
        meetings.add_columns(_("Nr."), _("Datum"), _("Titel"), _("Eingeladen"), _("Da"))
        invitees = self.query_one("#invitees", DataTable)
        invitees.add_columns(_("Name"), _("Gruppe"), _("Organisation"), _("Da"))
        if self.meeting_id is None:
            current = meeting_service.current_meeting(self.ctx)
            self.meeting_id = current.id if current else None
        self.load()

    def on_store_changed(self, message: StoreChanged) -> None:
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        self._show_caption(event.size.width)

    def _show_caption(self, width: int) -> None:
        """Which meeting the keys open, in the title bar (the long form where it fits)."""
        if self._meeting is None:
            self.sub_title = None
            return
        room = width - HEADER_CHROME - len(self.app.title or "")
        self.sub_title = shown(caption_text(self.ctx, self._meeting, room), one_line=True)

    def action_reload(self) -> None:
        self.load()

    def action_open_door(self) -> None:
        """Open the door (check-in) for the selected meeting."""
        from integra_tui.ui.screens.door import DoorScreen

        self.app.push_screen(DoorScreen(meeting_id=self.meeting_id))

    def action_open_moderator(self) -> None:
        """Open the moderator's screen for the selected meeting."""
        from integra_tui.ui.screens.moderator import ModeratorScreen

        self.app.push_screen(ModeratorScreen(meeting_id=self.meeting_id))

    def action_show_code(self) -> None:
        """Show the highlighted invitee's code as a QR code (to photograph it, or to test a scanner)."""
        from integra_tui.ui.screens.person_code import PersonCodeScreen

        table = self.query_one("#invitees", DataTable)
        if not table.row_count:
            self.notify(_("Bitte zuerst ein Treffen mit Eingeladenen wählen."), severity="warning")
            return
        row_key = table.ordered_rows[table.cursor_row].key.value
        if row_key is not None:
            self.app.push_screen(PersonCodeScreen.for_invitee(int(row_key)))

    def action_open_coordinator(self) -> None:
        """Open the coordinator's screen (follow-up, exports, statistics) for the selected meeting."""
        from integra_tui.ui.screens.coordinator import CoordinatorScreen

        self.app.push_screen(CoordinatorScreen(meeting_id=self.meeting_id))

    def load(self) -> None:
        """Read meetings and invitees off the UI thread, then show them (the newest read wins)."""
        self._load(self._reads.start(), self.meeting_id)

    # Still a thread worker of its own, not ``call_service``: shown from the service worker, the refilled
    # invitee table drew rows with the widths of the empty table (tests/ui/test_hostile_text.py); to look into.
    @work(thread=True, group="home-load")
    def _load(self, read: int, meeting_id: int | None) -> None:
        ctx = self.ctx
        summaries = meeting_service.summaries(ctx)
        invitees = people.invitees_of(ctx, meeting_id) if meeting_id else []
        present = people.present_person_ids(ctx, meeting_id) if meeting_id else set()
        self.app.call_from_thread(self._show, read, summaries, invitees, present)

    def _show(
        self,
        read: int,
        summaries: list[meeting_service.MeetingSummary],
        invitees: list[tuple[Invitee, Person]],
        present: set[int],
    ) -> None:
        if not self._reads.is_newest(read):
            return  # a newer read is on its way
        table = self.query_one("#meetings", DataTable)
        table.clear()
        cursor_row = 0
        for row_index, summary in enumerate(summaries):
            m = summary.meeting
            table.add_row(
                str(m.id),
                format_date(m.date),
                literal(m.title, one_line=True),
                str(summary.invited),
                str(summary.present),
                key=str(m.id),
            )
            if m.id == self.meeting_id:
                cursor_row = row_index
                self._meeting = m
        if summaries:
            table.move_cursor(row=cursor_row)
        listing = self.query_one("#invitees", DataTable)
        highlighted = listing.ordered_rows[listing.cursor_row].key if listing.row_count else None
        listing.clear()
        for invitee, person in invitees:
            listing.add_row(
                literal(person.name, one_line=True),
                literal(group_label(person.group), one_line=True),
                literal(person.organisation, one_line=True),
                "✔" if person.id in present else "",
                key=str(invitee.id),
            )
        if highlighted is not None and highlighted in listing.rows:
            # A reload (another station checked someone in) keeps the person one was looking at in view,
            # instead of throwing the list back to its top.
            listing.move_cursor(row=listing.get_row_index(highlighted))
        self._show_caption(self.app.size.width)
        title = self.query_one("#invitees-title", Static)
        if self.meeting_id:
            invited = sum(1 for invitee, _person in invitees if not invitee.walk_in)  # as the door counts
            title.update(_("Eingeladene ({present} von {invited} da)").format(present=len(present), invited=invited))
        else:
            title.update(_("Noch kein Treffen: integra-tui demo legt ein Demo-Treffen an."))

    @on(DataTable.RowHighlighted, "#meetings")
    def _meeting_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None or event.cursor_row != event.data_table.cursor_row:
            return  # an older highlight: refilling the table put the cursor back on the shown meeting since
        chosen = int(event.row_key.value)
        if chosen != self.meeting_id:
            self.meeting_id = chosen
            self.load()
