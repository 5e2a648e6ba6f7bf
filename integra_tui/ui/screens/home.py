"""The home screen: the meetings, the invitees of the selected one, the store in use, and the way to every station."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static

from integra_tui.domain.models import Invitee, Meeting, Person
from integra_tui.i18n import N_, _, format_date, gettext
from integra_tui.services import meetings as meeting_service
from integra_tui.services import people
from integra_tui.services.texts import group_label
from integra_tui.ui.caption import HEADER_CHROME, caption_text
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.reads import Reads
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.text import literal, shown
from integra_tui.ui.widgets.key_footer import KeyFooter
from integra_tui.ui.widgets.table_cells import FitColumn, cut_cell, fit_columns

__all__ = ["HomeScreen", "invitee_widths"]

_MEETING_COLUMNS = (N_("Nr."), N_("Datum"), N_("Titel"), N_("Eingeladen"), N_("Da"))
_INVITEE_COLUMNS = (
    ("name", N_("Name")),
    ("group", N_("Gruppe")),
    ("organisation", N_("Organisation")),
    ("here", N_("Da")),
)
_SCROLLBAR = 2
_HomeRead = tuple[int | None, list[meeting_service.MeetingSummary], list[tuple[Invitee, Person]], set[int]]
"""What the home screen reads in one call: the meeting shown, all meetings, its invitees, who is here."""
_PADDING = 2  # one cell either side of each column
_ORGANISATION_MIN = 10
_NAME_BEFORE_ORGANISATION = 36  # the cells a long name gets before the organisation gives up any

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
        self._invitees: list[tuple[Invitee, Person]] = []
        self._present: set[int] = set()
        self._invitee_widths: dict[str, int] = {}
        self._meeting_widths: list[int] = []
        self._invitee_rows: list[dict[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-body"):
            with Vertical(id="meetings-pane"):
                yield Static(_("Alle Treffen"), classes="section-title")
                yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
            with Vertical(id="invitees-pane"):
                yield Static("", id="invitees-title", classes="section-title")
                yield DataTable(id="invitees", cursor_type="row", zebra_stripes=True)
                yield Static("", id="invitee-detail")  # the highlighted invitee whole, when the columns cut
        yield Static(literal(_("Datenbank: {path}").format(path=self.ctx.path)), classes="store-path", id="store-path")
        yield KeyFooter(compact=True)  # at 80 columns Footer() cut r, ^q and F1 off the edge

    def on_mount(self) -> None:
        self.load()  # without a meeting given, the read picks the current one

    def on_store_changed(self, message: StoreChanged) -> None:
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        self._show_caption(event.size.width)
        self.call_after_refresh(self._fill_invitees)  # the columns' widths follow the pane's, once it is laid out

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
        """Read meetings and invitees on the service thread, then show them (the newest read wins)."""
        ctx, read, meeting_id = self.ctx, self._reads.start(), self.meeting_id

        def read_home() -> _HomeRead:
            shown_id = meeting_id
            if shown_id is None:
                current = meeting_service.current_meeting(ctx)
                shown_id = current.id if current else None
            summaries = meeting_service.summaries(ctx)
            invitees = people.invitees_of(ctx, shown_id) if shown_id else []
            present = people.present_person_ids(ctx, shown_id) if shown_id else set()
            return shown_id, summaries, invitees, present

        self.call_service(read_home, lambda result: self._show(read, *result))

    def _show(
        self,
        read: int,
        meeting_id: int | None,
        summaries: list[meeting_service.MeetingSummary],
        invitees: list[tuple[Invitee, Person]],
        present: set[int],
    ) -> None:
        if not self._reads.is_newest(read):
            return  # a newer read is on its way
        self.meeting_id = meeting_id
        table = self.query_one("#meetings", DataTable)
        rows = [
            [
                str(summary.meeting.id),
                format_date(summary.meeting.date),
                shown(summary.meeting.title, one_line=True),
                str(summary.invited),
                str(summary.present),
            ]
            for summary in summaries
        ]
        # Widths set here, not measured by the table: a table filled from a service call's result is drawn
        # before it measures its new rows, and kept the empty table's widths (headers only).
        labels = [gettext(label) for label in _MEETING_COLUMNS]
        widths = [max([cell_len(label), *(cell_len(row[i]) for row in rows)]) for i, label in enumerate(labels)]
        if widths != self._meeting_widths:
            self._meeting_widths = widths
            table.clear(columns=True)
            for label, width in zip(labels, widths, strict=True):
                table.add_column(label, width=width)
        else:
            table.clear()
        cursor_row = 0
        for row_index, (summary, row) in enumerate(zip(summaries, rows, strict=True)):
            table.add_row(*(literal(cell) for cell in row), key=str(summary.meeting.id))
            if summary.meeting.id == self.meeting_id:
                cursor_row = row_index
                self._meeting = summary.meeting
        if summaries:
            table.move_cursor(row=cursor_row)
        self._invitees, self._present = invitees, present
        self._fill_invitees()
        self._show_caption(self.app.size.width)
        title = self.query_one("#invitees-title", Static)
        if self.meeting_id:
            invited = sum(1 for invitee, _person in invitees if not invitee.walk_in)  # as the door counts
            title.update(_("Eingeladene ({present} von {invited} da)").format(present=len(present), invited=invited))
        else:
            title.update(_("Noch kein Treffen: integra-tui demo legt ein Demo-Treffen an."))

    def _fill_invitees(self) -> None:
        """Show the invitees read last in columns that fit the pane: a long name ends in "…", never pushes the rest out.

        Each cell holds the text as typed (a row's value is the whole name); its column's width cuts it.
        """
        listing = self.query_one("#invitees", DataTable)
        rows = [
            {
                "name": person.name,
                "group": group_label(person.group),
                "organisation": person.organisation,
                "here": "✔" if person.id in self._present else "",
            }
            for _invitee, person in self._invitees
        ]
        labels = {key: gettext(label) for key, label in _INVITEE_COLUMNS}
        wanted = {
            key: max([cell_len(labels[key]), *(cell_len(shown(row[key], one_line=True)) for row in rows)])
            for key in labels
        }
        widths = invitee_widths(self.query_one("#invitees-pane").size.width or self.app.size.width * 3 // 5, wanted)
        highlighted = listing.ordered_rows[listing.cursor_row].key if listing.row_count else None
        self._invitee_rows = rows
        if widths != self._invitee_widths:
            self._invitee_widths = widths
            listing.clear(columns=True)
            for key, width in widths.items():
                listing.add_column(labels[key], width=width, key=key)
        else:
            listing.clear()
        for (invitee, _person), row in zip(self._invitees, rows, strict=True):
            listing.add_row(*(cut_cell(row[key]) for key in widths), key=str(invitee.id))
        if highlighted is not None and highlighted in listing.rows:
            # A reload (another station checked someone in) keeps the person one was looking at in view,
            # instead of throwing the list back to its top.
            listing.move_cursor(row=listing.get_row_index(highlighted))
        self._show_invitee()

    @on(DataTable.RowHighlighted, "#invitees")
    def _show_invitee(self) -> None:
        """Under the list, the highlighted invitee's name, group and organisation as typed, when their column cuts
        the name or the group (an organisation cut or left out is not worth the line on its own)."""
        listing = self.query_one("#invitees", DataTable)
        detail = self.query_one("#invitee-detail", Static)
        cut = False
        if 0 <= listing.cursor_row < min(listing.row_count, len(self._invitee_rows)):
            row = self._invitee_rows[listing.cursor_row]
            cut = any(cell_len(shown(row[key], one_line=True)) > self._invitee_widths[key] for key in ("name", "group"))
            whole = " · ".join(row[key] for key in ("name", "group", "organisation") if row[key])
            detail.update(literal(whole, one_line=True) if cut else "")
        detail.display = cut

    @on(DataTable.RowHighlighted, "#meetings")
    def _meeting_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None or event.cursor_row != event.data_table.cursor_row:
            return  # an older highlight: refilling the table put the cursor back on the shown meeting since
        chosen = int(event.row_key.value)
        if chosen != self.meeting_id:
            self.meeting_id = chosen
            self.load()


def invitee_widths(width: int, wanted: dict[str, int]) -> dict[str, int]:
    """The invitee columns (key: width in cells, without padding) for a table ``width`` cells wide, in their order.

    ``wanted`` is each column's longest text (or header). What fits keeps its width. Otherwise the name gets up to
    ``_NAME_BEFORE_ORGANISATION`` cells (whole if shorter) while the organisation can give up cells down to
    ``_ORGANISATION_MIN``; below that the organisation column gives way to the name (the line under the list names
    it), which then has the room, cut where it is longer. So the group and "Da" stay on the screen whatever the
    length of a name.
    """
    columns = [
        FitColumn("name", flexible=min(wanted["name"], _NAME_BEFORE_ORGANISATION), most=wanted["name"]),
        FitColumn("group"),
        FitColumn("organisation", gives_way=1, shrinks_first_to=_ORGANISATION_MIN),
        FitColumn("here"),
    ]
    return dict(fit_columns(width, columns, wanted, padding=_PADDING, scrollbar=_SCROLLBAR))
