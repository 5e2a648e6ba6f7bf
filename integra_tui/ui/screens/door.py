"""The door: a check-in station that answers every scan at once, big and in colour, and loses none.

Every check-in (scan, camera, name search, F4) is stored on the app's one service thread
(``IntegraScreen.call_service``), never on the event loop: the screen keeps drawing and the scanner
keeps typing while a check-in waits for the store (another program may hold its lock for a moment).
Check-ins run one at a time in the order they were scanned, and each outcome is shown when its
check-in is stored, for that scan: "Willkommen!" only once it is on disk. A scan that takes longer
than a frame shows "Moment … wird gespeichert" until its outcome comes; a store that stays busy
answers "Nicht gespeichert!" (the scan was not recorded; scanning again works once the store is free).
"""

from __future__ import annotations

import threading
from typing import Any, Callable, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Digits, Header, Static

from integra_tui.domain.clock import from_iso
from integra_tui.domain.codes import looks_complete
from integra_tui.domain.models import Meeting, Person
from integra_tui.domain.names import shorten
from integra_tui.errors import IntegraError, ServiceError
from integra_tui.i18n import N_, _, format_time
from integra_tui.services.checkin import (
    DEFAULT_STATION,
    DoorCounts,
    Outcome,
    RecentCheckIn,
    ScanResult,
    admit_anyway,
    check_in_code,
    check_in_person,
    door_counts,
    recent_check_ins,
    undo_check_in,
)
from integra_tui.services.context import resolve_meeting
from integra_tui.services.texts import group_label
from integra_tui.services.welcome import greetings_for_person
from integra_tui.ui.caption import HEADER_CHROME, caption_text
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.text import literal, shown, typed
from integra_tui.ui.widgets.key_footer import KeyFooter
from integra_tui.ui.widgets.result_panel import ResultPanel
from integra_tui.ui.widgets.scan_input import ScanInput

__all__ = ["DoorScreen", "door_screen"]

HELP = N_(
    """# Eingang (Check-in)

Halten Sie die **Einladung** (den QR-Code) unter den Scanner. Das große Feld zeigt sofort das Ergebnis:

- **Grün – Willkommen!** Die Person ist eingecheckt. Ein Piepton.
- **Orange – Schon eingecheckt.** Die Person war schon da; Uhrzeit und Station der ersten Anmeldung stehen dabei. Zwei Pieptöne. Nichts weiter zu tun.
- **Rot – Nicht eingelassen.** Der Grund steht im Feld (fremder Code, beschädigt, ersetzt, anderes Treffen, unbekannt). Drei Pieptöne.

Nach einigen Sekunden erscheint wieder „Bitte Einladung scannen“. Sie können auch einfach weiterscannen.

**Ohne Einladung**

- **F2 – Name suchen:** ein Teil des Namens genügt, Groß- und Kleinschreibung und Akzente egal („muller“ findet „Müller“). Mit den Pfeiltasten wählen, mit Enter einchecken.
- **F3 – Ohne Einladung:** Name und Gruppe genügen. Danach zeigt **F6** den eigenen QR-Code fürs nächste Mal.
- **F4 – Trotzdem einlassen:** nur bei einer Einladung für ein anderes Treffen.
- **F5 – Rückgängig:** einen versehentlichen Check-in zurücknehmen (mit Rückfrage).

**Beim Check-in (für die Person, deren Name zuletzt im Feld stand)**

- **F7 – Kontaktliste:** die Person möchte auf die Kontaktliste des Netzwerks. Was sie anbietet eintippen, Enter.
  E-Mail oder Telefon ist schon angekreuzt, wenn gespeichert (die Adresse selbst wird nicht gezeigt).
- **F8 – Engagieren:** die Person möchte sich engagieren. Wobei und wann eintippen (beides freiwillig), Enter.
- Unter dem Feld steht „Gespeichert: …“, sobald es auf der Festplatte ist.

Sprachen: Hat die Person Sprachen angegeben, grüßt das grüne Feld auch in diesen Sprachen.
Oben steht, zu welchem Treffen eingecheckt wird (Titel und Datum).

Rechts stehen die Zahlen (anwesend von eingeladen, nach Gruppen) und die letzten Check-ins, auch die von anderen Stationen.
Jeder Check-in ist gespeichert, sobald „Willkommen!“ erscheint.
"""  # noqa: E501 (Markdown paragraphs: one line each, as translated)
)


class DoorScreen(IntegraScreen[None]):
    """Scan field, the big result panel, and beside it the live counts and the last check-ins."""

    CSS_PATH = "door.tcss"
    HELP = HELP
    AUTO_FOCUS = "#scan"
    BINDINGS = [
        Binding(
            "f2",
            "search_person",
            N_("Name suchen"),
            tooltip=N_("Person ohne Einladung über den Namen finden und einchecken"),
            id="door-search",
        ),
        Binding(
            "f3",
            "walk_in",
            N_("Ohne Einladung"),
            tooltip=N_("Neue Person mit Name und Gruppe aufnehmen und einchecken"),
            id="door-walk-in",
        ),
        Binding(
            "f4",
            "admit_anyway",
            N_("Trotzdem einlassen"),
            tooltip=N_("Einladung für ein anderes Treffen: die Person zu diesem Treffen einlassen"),
            id="door-admit",
        ),
        Binding(
            "f5",
            "undo_check_in",
            N_("Rückgängig"),
            tooltip=N_("Einen der letzten Check-ins zurücknehmen"),
            id="door-undo",
        ),
        Binding(
            "f6",
            "show_card",
            N_("QR-Code zeigen"),
            tooltip=N_("Den eigenen QR-Code der zuletzt aufgenommenen Person zeigen"),
            id="door-card",
        ),
        Binding(
            "f7",
            "contact_consent",
            N_("Kontaktliste"),
            tooltip=N_("Die zuletzt eingecheckte Person möchte auf die Kontaktliste des Netzwerks"),
            id="door-consent",
        ),
        Binding(
            "f8",
            "mark_volunteer",
            N_("Engagieren"),
            tooltip=N_("Die zuletzt eingecheckte Person möchte sich engagieren (wobei, wann)"),
            id="door-volunteer",
        ),
        Binding("escape", "leave", N_("Zurück"), tooltip=N_("Zurück zur Startseite"), id="door-leave"),
    ]

    bell_gap: ClassVar[float] = 0.25
    """Seconds between the bells of one outcome (1 accepted, 2 duplicate, 3 refused)."""

    count_delay: ClassVar[float] = 0.05
    """Seconds between showing an outcome and recounting beside it (0: right after the next refresh).
    The recount runs in a thread; started at once it would hold up the frame with the outcome."""

    pending_after: ClassVar[float] = 1 / 60
    """Seconds a check-in may take before the panel says it is being stored (one frame at 60 fps): a normal
    check-in (about a millisecond) is answered before it, so the panel does not flicker."""

    pending_after_outcome: ClassVar[float] = 1.0
    """While a later scan is still being stored, how long an outcome stays readable before the panel says so."""

    recent_count: ClassVar[int] = 15
    """How many of the last check-ins are listed beside the panel."""

    class CameraRead(Message):
        """The camera saw a new code (posted from the camera's thread)."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code
            """The decoded text of the QR code."""

    def __init__(self, meeting_id: int | None = None, station: str | None = None, camera: str | None = None) -> None:
        """Open the door for ``meeting_id`` (default: the current meeting) as station ``station``."""
        super().__init__()
        self.meeting_id: int | None = meeting_id
        """The meeting people are checked in to."""
        self.station: str = typed(station or "") or DEFAULT_STATION
        """This station's name, recorded with every check-in."""
        self.camera: str | None = camera
        """The camera device (number or video file) to read QR codes from, or None."""
        self.last_result: ScanResult | None = None
        """The outcome shown last."""
        self.last_card: tuple[str, str] | None = None
        """(name, card code) of the last walk-in, for F6."""
        self.checked_in: Person | None = None
        """The person last checked in (or found already in) here: F7 and F8 record their consent or wish to help."""
        self.meeting: Meeting | None = None
        """The meeting people are checked in to, once resolved."""
        self._side_wanted = False
        """A recount was asked for since the last one started (all on the event loop: no lock)."""
        self._side_running = False
        self._group_cache: dict[int, str] = {}
        self._asked_meeting_id = meeting_id
        self._opening = True
        """The meeting is being looked up (on the service thread): scans wait in :attr:`_early_scans`."""
        self._open_again = False
        """The store was busy when the meeting was looked up: the next scan looks again."""
        self._early_scans: list[tuple[str, str]] = []
        self._storing = 0
        """Check-ins asked for whose outcome has not come back yet (all on the event loop: no lock)."""
        self._pending_timer: Timer | None = None
        self._camera_stop = threading.Event()
        self.bells_due = 0
        """Bells of the outcomes shown that are still to ring (they ring :attr:`bell_gap` apart)."""

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="door-body"):
            with Vertical(id="door-main"):
                yield ScanInput(id="scan", is_complete=looks_complete, on_scanned=self._scanned)
                yield ResultPanel(id="result")
                yield Static("", id="door-note", markup=False)
            with Vertical(id="door-side"):
                yield Static(_("Anwesend"), classes="section-title")
                yield Digits("0", id="present-digits")
                yield Static("", id="door-invited", markup=False)
                yield Static("", id="door-groups", markup=False)
                yield Static(_("Zuletzt"), classes="section-title")
                yield Static("", id="door-recent", markup=False)
        yield KeyFooter(compact=True)  # F2 to F8, F1 and ^q: wrapped onto a second line at 80 columns

    def on_mount(self) -> None:
        panel = self.query_one(ResultPanel)
        panel.idle_advice = _("F2 Name suchen · F3 ohne Einladung · F5 Rückgängig")
        self.title = _("Eingang")
        self._look_up_meeting()

    def _look_up_meeting(self) -> None:
        self._opening = True
        ctx, meeting_id = self.ctx, self._asked_meeting_id
        self.call_service(lambda: resolve_meeting(ctx, meeting_id), self._opened, failed=self._no_meeting, toast=False)

    def _no_meeting(self, error: IntegraError) -> None:
        self.meeting_id = None
        self._open_again = not isinstance(error, ServiceError)  # a busy store, not a missing meeting
        self.query_one(ResultPanel).show("error", _("Kein Treffen"), detail=str(error), hold=True)
        self._open_early_scans()

    def _open_early_scans(self) -> None:
        """Check in what was scanned while the meeting was looked up, in order."""
        self._opening = False
        early, self._early_scans = self._early_scans, []
        self._storing -= len(early)
        for text, method in early:
            self.process_scan(text, method)

    def _opened(self, meeting: Meeting) -> None:
        panel = self.query_one(ResultPanel)
        self.meeting_id = meeting.id
        self.meeting = meeting
        # A long station name is cut in the title bar, so the meeting's title and date always fit beside it.
        if self.station == DEFAULT_STATION:  # one door: "Eingang", not "Eingang · Eingang"
            self.title = _("Eingang")
        else:
            self.title = shown(_("Eingang · {station}").format(station=shorten(self.station, 24)), one_line=True)
        self._show_caption(self.app.size.width)
        if panel.kind != "pending":
            panel.show_idle()
        self.request_side_refresh()
        self._open_early_scans()
        if self.camera is not None:
            self._run_camera(self.camera)

    def _show_caption(self, width: int) -> None:
        if self.meeting is not None:
            room = max(32, width - HEADER_CHROME - len(self.title or ""))
            self.sub_title = shown(caption_text(self.ctx, self.meeting, room), one_line=True)

    def on_resize(self, event: events.Resize) -> None:
        self._show_caption(event.size.width)

    def on_unmount(self) -> None:
        self._camera_stop.set()

    def on_screen_resume(self) -> None:
        # After every dialog the scanner must type into the scan field again.
        self.query_one("#scan", ScanInput).focus()
        self.request_side_refresh()  # other stations' check-ins while a dialog was on top

    # -- the scan pipeline ---------------------------------------------------------------------
    def _scanned(self, text: str, terminator: str) -> None:
        # Called from the scan field's key handler; the outcome comes back from the service thread.
        self.process_scan(text, "scan")

    def on_door_screen_camera_read(self, message: CameraRead) -> None:
        self.process_scan(message.code, "camera")

    def process_scan(self, text: str, method: str = "scan") -> None:
        """Check in whoever ``text`` admits, after every check-in asked for before; show the outcome once it
        is stored (accepted only then)."""
        if self._open_again:  # the store was busy at the start: the meeting is looked up with this scan
            self._open_again = False
            self._look_up_meeting()
        if self._opening:  # the meeting is still being looked up: checked in right after, in order
            self._early_scans.append((text, method))
            self._storing += 1
            self._arm_pending(self.pending_after)
            return
        if self.meeting_id is None:
            self._show_failure(_("Es gibt noch kein Treffen, zu dem eingecheckt werden kann."))
            return
        ctx, meeting_id, station = self.ctx, self.meeting_id, self.station
        self.store_check_in(lambda: check_in_code(ctx, meeting_id, text, station, method))

    def store_check_in(self, check_in: Callable[[], ScanResult]) -> None:
        """Run ``check_in`` on the service thread, after every call asked for before, and show its outcome
        when it is stored; a store that cannot take it shows "Nicht gespeichert!"."""
        self._storing += 1
        self._arm_pending(self.pending_after)
        self.call_service(check_in, self._stored, failed=self._not_stored, toast=False)

    def _stored(self, result: ScanResult) -> None:
        self._answered()
        self.show_result(result)

    def _not_stored(self, error: IntegraError) -> None:
        self._answered()
        self._show_failure(str(error))

    def _answered(self) -> None:
        self._storing -= 1
        if self._pending_timer is not None:
            self._pending_timer.stop()
            self._pending_timer = None
        if self._storing:  # a later scan is still being stored: said once this outcome could be read
            self._arm_pending(self.pending_after_outcome)

    def _arm_pending(self, delay: float) -> None:
        if self._pending_timer is None:
            self._pending_timer = self.set_timer(delay, self._show_pending, name="door-pending")

    def _show_pending(self) -> None:
        self._pending_timer = None
        if not self._storing:
            return
        offered_override = self._pending_override() is not None
        self.query_one(ResultPanel).show(
            "pending", _("Moment …"), detail=_("Wird gespeichert …"), advice=_("Bitte kurz warten."), hold=True
        )
        if offered_override:
            self.refresh_bindings()  # F4 belonged to the outcome that was on view

    def show_result(self, result: ScanResult) -> None:
        """Put ``result`` on the panel, ring its bell pattern and refresh the counts."""
        self.last_result = result
        panel = self.query_one(ResultPanel)
        offered_override = self._pending_override() is not None
        kind, headline, name, detail, advice = _panel_text(result)
        greeting = ""
        if result.outcome is Outcome.ACCEPTED:
            # German is the headline; then the person's further languages (unknown ones are left out).
            greeting = "   ".join(g.text for g in greetings_for_person(result.person)[1:])
        panel.show(kind, headline, name, detail, advice, token=result, greeting=greeting)
        note = self.query_one("#door-note", Static)
        if str(note.content):
            note.update("")  # a confirmation belongs to the person before
        if result.outcome in (Outcome.ACCEPTED, Outcome.DUPLICATE) and result.person is not None:
            changed = self.checked_in is None
            self.checked_in = result.person
            if changed:
                self.refresh_bindings()  # F7 and F8 come into the footer
        self.ring(1 if result.outcome is Outcome.ACCEPTED else 2 if result.outcome is Outcome.DUPLICATE else 3)
        if offered_override or result.outcome is Outcome.OTHER_MEETING:
            self.refresh_bindings()  # F4 comes or goes; the footer is rebuilt only then (it costs a frame)
        if not result.outcome.refused:
            # Recounted once the panel is on screen: the recount must not delay the answer.
            if self.count_delay > 0:
                self.set_timer(self.count_delay, self.request_side_refresh, name="door-recount")
            else:
                self.call_after_refresh(self.request_side_refresh)

    def _show_failure(self, reason: str) -> None:
        self.query_one(ResultPanel).show(
            "error",
            _("Nicht gespeichert!"),
            detail=reason,
            advice=_("Bitte noch einmal versuchen. Klappt es wieder nicht: Namen auf Papier notieren."),
        )
        self.ring(3)

    def ring(self, times: int) -> None:
        """Ring the terminal bell ``times`` times, a little apart so they can be counted."""
        self.app.bell()
        self.bells_due += times - 1
        for number in range(1, times):
            self.set_timer(self.bell_gap * number, self._ring_once)

    def _ring_once(self) -> None:
        self.bells_due -= 1
        self.app.bell()

    # -- counts and the last check-ins ---------------------------------------------------------
    def on_result_panel_idle(self, message: ResultPanel.Idle) -> None:
        if isinstance(self.last_result, ScanResult) and self.last_result.outcome is Outcome.OTHER_MEETING:
            self.refresh_bindings()  # F4 (admit anyway) only while its result is on view

    def on_store_changed(self, message: StoreChanged) -> None:
        self.request_side_refresh()

    def request_side_refresh(self) -> None:
        """Recount on the service thread; requests during a recount are folded into one more recount."""
        if self.meeting_id is None:
            return
        self._side_wanted = True
        if not self._side_running:
            self._recount()

    def _recount(self) -> None:
        ctx, meeting_id, groups, count = self.ctx, self.meeting_id, self._group_cache, self.recent_count
        assert meeting_id is not None
        self._side_wanted = False
        self._side_running = True

        def recount() -> tuple[DoorCounts, list[RecentCheckIn]]:
            return door_counts(ctx, meeting_id, groups), recent_check_ins(ctx, meeting_id, count)

        self.call_service(recount, self._recounted, failed=self._recount_failed)

    def _recounted(self, side: tuple[DoorCounts, list[RecentCheckIn]]) -> None:
        self._side_running = False
        self._show_side(*side)
        if self._side_wanted:
            self._recount()

    def _recount_failed(self, _error: IntegraError) -> None:
        self._side_running = False
        if self._side_wanted:
            self._recount()

    def _show_side(self, counts: DoorCounts, recent: list[RecentCheckIn]) -> None:
        self.query_one("#present-digits", Digits).update(str(counts.present))
        invited = _("von {invited} eingeladen").format(invited=counts.invited)
        if counts.walk_ins:
            invited += "\n" + _("{walk_ins} ohne Einladung").format(walk_ins=counts.walk_ins)
        _set_text(self.query_one("#door-invited", Static), invited)
        lines = [
            f"{shown(group_label(g.group) or '–', one_line=True)[:16]:<16} {g.present:>4}/{g.invited}"
            for g in counts.per_group
        ]
        _set_text(self.query_one("#door-groups", Static), "\n".join(lines))
        recent_lines = [f"{format_time(from_iso(r.check_in.at))} {shown(r.name, one_line=True)}" for r in recent]
        _set_text(self.query_one("#door-recent", Static), "\n".join(recent_lines) or _("noch niemand"))

    # -- without an invitation -----------------------------------------------------------------
    def action_search_person(self) -> None:
        """Find a person by name and check them in (method "search")."""
        from integra_tui.ui.screens.door_dialogs import PersonSearchDialog

        if self.meeting_id is None:
            return
        self.app.push_screen(PersonSearchDialog(self.meeting_id), self._searched)

    def _searched(self, person_id: int | None) -> None:
        if person_id is None or self.meeting_id is None:
            return
        ctx, meeting_id, station = self.ctx, self.meeting_id, self.station
        self.store_check_in(lambda: check_in_person(ctx, meeting_id, person_id, station, "search"))

    def action_walk_in(self) -> None:
        """Take in someone without an invitation: name and group (method "walkin")."""
        from integra_tui.ui.screens.walk_in import WalkInDialog

        if self.meeting_id is None:
            return
        caption = caption_text(self.ctx, self.meeting, 60) if self.meeting is not None else ""
        self.app.push_screen(WalkInDialog(self.meeting_id, self.station, caption), self._walked_in)

    def _walked_in(self, result: ScanResult | None) -> None:
        if result is None:
            return
        if result.person is not None and result.code:
            self.last_card = (result.person.name, result.code)
            self.refresh_bindings()  # F6 shows the card now
        self.show_result(result)

    def action_show_card(self) -> None:
        """Show the last walk-in their own QR code for next time."""
        from integra_tui.ui.screens.walk_in import CardDialog

        if self.last_card is not None:
            self.app.push_screen(CardDialog(*self.last_card))

    def action_admit_anyway(self) -> None:
        """Admit the holder of an invitation for another meeting (method "override")."""
        result = self._pending_override()
        if result is None or self.meeting_id is None:
            return
        ctx, meeting_id, station, code = self.ctx, self.meeting_id, self.station, result.code
        self.store_check_in(lambda: admit_anyway(ctx, meeting_id, code, station))

    def _pending_override(self) -> ScanResult | None:
        panel = self.query_one(ResultPanel)
        token = panel.token
        if isinstance(token, ScanResult) and token.outcome is Outcome.OTHER_MEETING:
            return token
        return None

    def action_undo_check_in(self) -> None:
        """Pick one of the last check-ins and take it back, after a confirmation."""
        from integra_tui.ui.screens.door_dialogs import UndoDialog

        if self.meeting_id is None:
            return
        self.app.push_screen(UndoDialog(self.meeting_id), self._undo_chosen)

    def _undo_chosen(self, checkin_id: int | None) -> None:
        if checkin_id is None:
            return
        ctx, station = self.ctx, self.station
        self.call_service(lambda: undo_check_in(ctx, checkin_id, station), self._undone)

    def _undone(self, _result: object) -> None:
        self.notify(_("Check-in zurückgenommen."))
        self.query_one(ResultPanel).show_idle()
        self.request_side_refresh()

    # -- at check-in: contact list, wish to help ---------------------------------------------------
    def action_contact_consent(self) -> None:
        """Record that the person last checked in wants to be on the network's contact list."""
        from integra_tui.ui.screens.door_dialogs import ContactConsentDialog

        if self.checked_in is not None:
            self.app.push_screen(ContactConsentDialog(self.checked_in, self.meeting_id), self._saved)

    def action_mark_volunteer(self) -> None:
        """Record that the person last checked in wants to help ("möchte sich engagieren")."""
        from integra_tui.ui.screens.door_dialogs import VolunteerDialog

        if self.checked_in is not None:
            self.app.push_screen(VolunteerDialog(self.checked_in, self.meeting_id), self._saved)

    def _saved(self, confirmation: str | None) -> None:
        # The dialogs close with a confirmation only once the service has stored it.
        if confirmation:
            now = format_time(self.ctx.now())
            self.query_one("#door-note", Static).update(literal(f"✔ {now} {confirmation}"))
            self.notify(confirmation)

    def action_leave(self) -> None:
        """Back to the screen the door was opened from."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "admit_anyway":
            return self._pending_override() is not None if self.is_mounted else False
        if action == "show_card":
            return self.last_card is not None
        if action in ("contact_consent", "mark_volunteer"):
            return self.checked_in is not None
        if action == "leave":
            return len(self.app.screen_stack) > 2
        return True

    # -- camera -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="door-camera")
    def _run_camera(self, device: str) -> None:
        from integra_tui.io.camera import CameraUnavailable, parse_device, read_codes

        try:
            for code in read_codes(parse_device(device), stop=self._camera_stop):
                self.post_message(self.CameraRead(code))
        except CameraUnavailable as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=15)


def _set_text(widget: Static, text: str) -> None:
    """Update a side text (names in it shown literally); a new layout (which costs a frame) only when its
    number of lines changed."""
    before = str(widget.content)
    text = shown(text)
    if text != before:
        widget.update(literal(text), layout=text.count("\n") != before.count("\n"))


def _panel_text(result: ScanResult) -> tuple[Any, str, str, str, str]:
    """(kind, headline, name, detail, advice) for the panel: plain German on what to do next."""
    person = result.person
    name = person.name if person else ""
    group = group_label(person.group) if person and person.group else ""
    outcome = result.outcome
    if outcome is Outcome.ACCEPTED:
        detail = " · ".join(part for part in (group, person.organisation if person else "") if part)
        return (
            "accepted",
            _("Willkommen!"),
            name,
            detail,
            _("Eingecheckt. Bitte eintreten.") + "\n" + _("F7 Kontaktliste · F8 möchte sich engagieren"),
        )
    if outcome is Outcome.DUPLICATE:
        detail = _("Erster Check-in {when}.").format(when=result.first_check_in_text())
        return "duplicate", _("Schon eingecheckt"), name, detail, _("Nichts weiter zu tun: bitte eintreten lassen.")
    if outcome is Outcome.NOT_OURS:
        return (
            "refused",
            _("Kein Code von uns"),
            "",
            result.reason(),
            _("Bitte nach der Einladung fragen oder mit F2 den Namen suchen."),
        )
    if outcome is Outcome.DAMAGED:
        return (
            "refused",
            _("Code beschädigt"),
            "",
            result.reason(),
            _("Bitte noch einmal scannen, sonst mit F2 den Namen suchen."),
        )
    if outcome is Outcome.REPLACED:
        return (
            "refused",
            _("Einladung ersetzt"),
            name,
            result.reason(),
            _("Bitte die neue Einladung scannen oder mit F2 den Namen suchen."),
        )
    if outcome is Outcome.OTHER_MEETING:
        return (
            "refused",
            _("Einladung für ein anderes Treffen"),
            name,
            result.reason(),
            _("Mit F4 trotzdem zu diesem Treffen einlassen."),
        )
    return (
        "refused",
        _("Code unbekannt"),
        "",
        result.reason(),
        _("Bitte mit F2 den Namen suchen oder mit F3 ohne Einladung aufnehmen."),
    )


def door_screen(app: Any, options: dict[str, Any]) -> DoorScreen:
    """The app's screen factory for ``make_app(ctx, screen="door", meeting_id=..., station=..., camera=...)``."""
    return DoorScreen(
        meeting_id=options.get("meeting_id"), station=options.get("station"), camera=options.get("camera")
    )
