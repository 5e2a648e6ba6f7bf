"""The door's dialogs: find a person by name, pick a check-in to undo and confirm it, and at check-in record
the person's consent to the contact list or that they want to help ("möchte sich engagieren")."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import Person
from integra_tui.errors import IntegraError
from integra_tui.i18n import N_, _, format_date, format_time
from integra_tui.services import contacts, volunteers
from integra_tui.services.checkin import DoorMatch, RecentCheckIn, find_for_door, recent_check_ins
from integra_tui.services.contacts import ConsentState
from integra_tui.services.texts import group_label
from integra_tui.ui.screens.base import IntegraModal
from integra_tui.ui.text import literal, shown, typed
from integra_tui.ui.widgets.confirm import ConfirmDialog

__all__ = ["ContactConsentDialog", "PersonSearchDialog", "UndoDialog", "VolunteerDialog"]

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90%;
    max-width: 90;
    height: 90%;
    max-height: 34;
    border: thick $accent;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; color: $accent; padding: 0 0 1 0; }}
{name} .dialog-hint {{ color: $text-muted; }}
{name} OptionList {{ height: 1fr; }}
"""


class PersonSearchDialog(IntegraModal[int | None]):
    """Type part of a name; this meeting's invitees are listed first, then everyone else known.

    Enter checks in the highlighted person (the first one while typing); Escape closes.
    """

    DEFAULT_CSS = _DIALOG_CSS.format(name="PersonSearchDialog")
    AUTO_FOCUS = "#search-text"
    BINDINGS = [
        Binding("escape", "dismiss_empty", N_("Abbrechen"), tooltip=N_("Suche schließen, zurück zum Scannen")),
        Binding("down", "focus_results", N_("Zur Liste"), show=False),
    ]

    def __init__(self, meeting_id: int) -> None:
        """Search for the meeting ``meeting_id``."""
        super().__init__()
        self.meeting_id = meeting_id
        """The meeting the picked person is checked in to."""
        self.matches: list[DoorMatch] = []
        """What the last search found, in the order shown."""
        self._shown_for: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Person suchen"), classes="dialog-title")
            yield Input(placeholder=_("Name oder Teil des Namens"), id="search-text")
            yield OptionList(id="search-results")
            yield Static(_("Enter: einchecken · Pfeiltasten: auswählen · Esc: abbrechen"), classes="dialog-hint")
        yield Footer()

    @on(Input.Changed, "#search-text")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, text: str) -> None:
        """Look the name up on the service thread (a scan over everyone known); the newest text's answer is shown."""
        ctx, meeting_id = self.ctx, self.meeting_id
        self.call_service(lambda: find_for_door(ctx, meeting_id, typed(text)), lambda found: self._show(text, found))

    def _show(self, text: str, matches: list[DoorMatch]) -> None:
        if text != self.query_one("#search-text", Input).value:
            return  # an older search finished after a newer one
        self.matches = matches
        self._shown_for = text
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        options: list[Option | None] = []
        invited = [m for m in matches if m.invited]
        others = [m for m in matches if not m.invited]
        if invited:
            options.append(Option(_("Eingeladen zu diesem Treffen"), disabled=True))
            options.extend(_option(m) for m in invited)
        if others:
            if invited:
                options.append(None)
            options.append(Option(_("Weitere bekannte Personen"), disabled=True))
            options.extend(_option(m) for m in others)
        if not matches and text.strip():
            options.append(Option(_("Niemand gefunden. F3 nimmt eine neue Person auf."), disabled=True))
        results.add_options(options)
        first = next((index for index, option in enumerate(results.options) if not option.disabled), None)
        results.highlighted = first

    @on(Input.Submitted, "#search-text")
    def _submitted(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.highlighted is None:
            return
        option = results.get_option_at_index(results.highlighted)
        if option.id is not None and not option.disabled:
            self.dismiss(int(option.id))

    @on(OptionList.OptionSelected, "#search-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_focus_results(self) -> None:
        self.query_one("#search-results", OptionList).focus()

    def action_dismiss_empty(self) -> None:
        self.dismiss(None)


def _option(match: DoorMatch) -> Option:
    person = match.person
    parts = [person.name]
    if person.group:
        parts.append(group_label(person.group))
    if match.checked_in_at:
        parts.append(_("schon da seit {time}").format(time=format_time(from_iso(match.checked_in_at))))
    return Option(literal(" · ".join(parts)), id=str(person.id))


class UndoDialog(IntegraModal[int | None]):
    """The last check-ins; the one picked is taken back after a confirmation."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="UndoDialog")
    AUTO_FOCUS = "#undo-list"
    BINDINGS = [Binding("escape", "dismiss_empty", N_("Abbrechen"), tooltip=N_("Nichts zurücknehmen"))]

    shown: int = 20
    """How many of the last check-ins are offered."""

    def __init__(self, meeting_id: int) -> None:
        """Offer the last check-ins of the meeting ``meeting_id``."""
        super().__init__()
        self.meeting_id = meeting_id
        self.recent: list[RecentCheckIn] = []
        """The check-ins offered, newest first."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Check-in zurücknehmen"), classes="dialog-title")
            yield OptionList(id="undo-list")
            yield Static(_("Enter: diesen Check-in zurücknehmen · Esc: abbrechen"), classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        ctx, meeting_id, count = self.ctx, self.meeting_id, self.shown
        self.call_service(lambda: recent_check_ins(ctx, meeting_id, count), self._show_recent)

    def _show_recent(self, recent: list[RecentCheckIn]) -> None:
        self.recent = recent
        listing = self.query_one("#undo-list", OptionList)
        if not self.recent:
            listing.add_option(Option(_("Noch niemand eingecheckt."), disabled=True))
            return
        listing.add_options(
            Option(
                literal(f"{format_time(from_iso(r.check_in.at))}  {r.name} · {group_label(r.group)}"),
                id=str(r.check_in.id),
            )
            for r in self.recent
        )
        listing.highlighted = 0

    @on(OptionList.OptionSelected, "#undo-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        checkin_id = int(event.option.id)
        name = next((r.name for r in self.recent if r.check_in.id == checkin_id), "")
        question = _("Den Check-in von {name} zurücknehmen?").format(name=name)

        def confirmed(answer: str | None) -> None:
            if answer == "yes":
                self.dismiss(checkin_id)

        self.app.push_screen(ConfirmDialog(question, "", _("Zurücknehmen"), no_label=_("Nein")), confirmed)

    def action_dismiss_empty(self) -> None:
        self.dismiss(None)


_FORM_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90%; max-width: 76; height: auto; max-height: 100%;
    border: thick $accent; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; color: $accent; }}
{name} .dialog-hint {{ color: $text-muted; }}
{name} .dialog-state {{ color: $text-muted; }}
{name} .dialog-error {{ color: $text-error; text-style: bold; }}
{name} Horizontal {{ height: auto; }}
{name} Horizontal > Checkbox {{ width: 1fr; }}
"""


class ContactConsentDialog(IntegraModal[str | None]):
    """The person agrees to be on the network's contact list: what they offer, how to reach them; Enter saves.

    The stored address and number are never shown (only whether there is one): the helper ticks the way,
    the list prints it. Dismissed with the confirmation to show once the consent is on disk.
    """

    DEFAULT_CSS = _FORM_CSS.format(name="ContactConsentDialog")
    AUTO_FOCUS = "#consent-offer"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Speichern"), tooltip=N_("Die Einwilligung speichern")),
        Binding("escape", "cancel", N_("Abbrechen"), tooltip=N_("Nichts speichern, zurück zum Scannen")),
    ]

    def __init__(self, person: Person, meeting_id: int | None) -> None:
        """Record the consent of ``person``, given at the meeting ``meeting_id``."""
        super().__init__()
        self.person = person
        """Whose consent it is."""
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        has_email, has_phone = bool(self.person.email), bool(self.person.phone)
        with Vertical():
            yield Static(
                literal(_("Kontaktliste: {name}").format(name=self.person.name), one_line=True), classes="dialog-title"
            )
            yield Static("", id="consent-state", classes="dialog-state")
            offer = Input(placeholder=_("z. B. Begleitung zu Behördengängen, dienstags"), id="consent-offer")
            offer.border_title = _("Was bietet die Person an? (freiwillig)")
            yield offer
            yield Static(_("Erreichbar über:"), classes="dialog-hint")
            with Horizontal():
                yield Checkbox(
                    _("E-Mail") if has_email else _("E-Mail (keine gespeichert)"),
                    value=has_email,
                    disabled=not has_email,
                    id="consent-email",
                )
                yield Checkbox(
                    _("Telefon") if has_phone else _("Telefon (keins gespeichert)"),
                    value=has_phone and not has_email,
                    disabled=not has_phone,
                    id="consent-phone",
                )
            note = Input(placeholder=_("z. B. über das Sprachcafé, donnerstags"), id="consent-note")
            note.border_title = _("Anders erreichbar")
            yield note
            yield Static("", id="consent-error", classes="dialog-error")
            yield Static(_("Enter: speichern · Tab: nächstes Feld · Esc: abbrechen"), classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        ctx, person_id = self.ctx, self.person.id
        self.call_service(lambda: contacts.consent_of(ctx, person_id), self._show_state)

    def _show_state(self, state: ConsentState) -> None:
        if state.holds and state.consent is not None:
            day = format_date(from_iso(state.consent.given_at).astimezone(self.ctx.tz).date())
            self.query_one("#consent-state", Static).update(
                _("Steht schon auf der Kontaktliste (seit {date}); Speichern ersetzt die Angaben.").format(date=day)
            )
            if state.consent.offer:
                self.query_one("#consent-offer", Input).value = shown(state.consent.offer, one_line=True)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Store the consent; the dialog closes only once it is stored (a refusal is said in the dialog)."""
        channels = [
            channel
            for channel, selector in (("email", "#consent-email"), ("phone", "#consent-phone"))
            if self.query_one(selector, Checkbox).value
        ]
        ctx, person_id, meeting_id = self.ctx, self.person.id, self.meeting_id
        offer = typed(self.query_one("#consent-offer", Input).value)
        reach_note = typed(self.query_one("#consent-note", Input).value)

        def refused(error: IntegraError) -> None:
            self.query_one("#consent-error", Static).update(literal(error))

        self.call_service(
            lambda: contacts.give_consent(
                ctx, person_id, offer=offer, channels=channels, reach_note=reach_note, meeting_id=meeting_id
            ),
            lambda _consent: self.dismiss(
                _("Gespeichert: {name} steht auf der Kontaktliste.").format(name=self.person.name)
            ),
            failed=refused,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class VolunteerDialog(IntegraModal[str | None]):
    """The person wants to help ("möchte sich engagieren"): what and when, both optional; Enter saves."""

    DEFAULT_CSS = _FORM_CSS.format(name="VolunteerDialog")
    AUTO_FOCUS = "#volunteer-what"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Speichern"), tooltip=N_("Vormerken, dass die Person sich engagieren möchte")),
        Binding("escape", "cancel", N_("Abbrechen"), tooltip=N_("Nichts speichern, zurück zum Scannen")),
    ]

    def __init__(self, person: Person, meeting_id: int | None) -> None:
        """Mark ``person`` at the meeting ``meeting_id``."""
        super().__init__()
        self.person = person
        """Who wants to help."""
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                literal(_("Möchte sich engagieren: {name}").format(name=self.person.name), one_line=True),
                classes="dialog-title",
            )
            what = Input(placeholder=_("z. B. Fahrradwerkstatt, Sprachcafé, Hausaufgabenhilfe"), id="volunteer-what")
            what.border_title = _("Wobei? (freiwillig)")
            yield what
            when = Input(placeholder=_("z. B. dienstags nachmittags"), id="volunteer-when")
            when.border_title = _("Wann? (freiwillig)")
            yield when
            yield Static("", id="volunteer-error", classes="dialog-error")
            yield Static(_("Enter: speichern · Tab: nächstes Feld · Esc: abbrechen"), classes="dialog-hint")
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Store the mark; the dialog closes only once it is stored."""
        ctx, person_id, meeting_id = self.ctx, self.person.id, self.meeting_id
        what = typed(self.query_one("#volunteer-what", Input).value)
        when = typed(self.query_one("#volunteer-when", Input).value)

        def refused(error: IntegraError) -> None:
            self.query_one("#volunteer-error", Static).update(literal(error))

        self.call_service(
            lambda: volunteers.mark_volunteer(ctx, person_id, what=what, when=when, meeting_id=meeting_id),
            lambda _mark: self.dismiss(_("Gespeichert: {name} möchte sich engagieren.").format(name=self.person.name)),
            failed=refused,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
