"""Walk-in at the door: name and group check a new person in within seconds; their own QR code for next time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Input, Select, Static

from integra_tui.domain.models import Person
from integra_tui.errors import IntegraError
from integra_tui.i18n import N_, _
from integra_tui.services.checkin import ScanResult, register_walk_in, walk_in_namesakes
from integra_tui.services.meetings import groups
from integra_tui.services.texts import group_label
from integra_tui.ui.screens.base import IntegraModal
from integra_tui.ui.text import literal, typed
from integra_tui.ui.widgets.confirm import ChoiceDialog
from integra_tui.ui.widgets.qr_view import QRView

__all__ = ["CardDialog", "WalkInDialog"]


class WalkInDialog(IntegraModal[ScanResult | None]):
    """Name and group (required), organisation, e-mail, phone and consents (optional); Ctrl+S checks in."""

    DEFAULT_CSS = """
    WalkInDialog { align: center middle; }
    WalkInDialog > Vertical {
        width: 90%; max-width: 80; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    WalkInDialog .dialog-title { text-style: bold; color: $accent; }
    WalkInDialog #walkin-meeting { color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    WalkInDialog VerticalScroll { height: auto; max-height: 1fr; }
    WalkInDialog Horizontal { height: auto; }
    WalkInDialog Horizontal > * { width: 1fr; }
    WalkInDialog #walkin-error { color: $text-error; text-style: bold; }
    WalkInDialog #walkin-buttons { align-horizontal: right; }
    WalkInDialog #walkin-buttons Button { width: auto; margin-left: 1; }
    """
    AUTO_FOCUS = "#walkin-name"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Einchecken"), tooltip=N_("Die Person aufnehmen und einchecken")),
        Binding("escape", "cancel", N_("Abbrechen"), tooltip=N_("Nichts speichern, zurück zum Scannen")),
    ]

    def __init__(self, meeting_id: int, station: str, caption: str = "") -> None:
        """Take in a walk-in for ``meeting_id`` at ``station``; ``caption`` says which meeting (title and date)."""
        super().__init__()
        self.meeting_id = meeting_id
        self.station = station
        self.caption = caption
        """Which meeting the person is checked in to, as the dialog says it."""
        self.saving = False
        """A save is on the service thread: a second Ctrl+S or Enter meanwhile does nothing (no second person)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Ohne Einladung aufnehmen"), classes="dialog-title")
            yield Static(
                literal(_("Zum Treffen: {caption}").format(caption=self.caption), one_line=True),
                id="walkin-meeting",
            )
            with VerticalScroll():
                name = Input(placeholder=_("Vor- und Nachname"), id="walkin-name")
                name.border_title = _("Name (Pflicht)")
                yield name
                group: Select[str] = Select([], prompt=_("Gruppe wählen (Pflicht)"), id="walkin-group")
                group.border_title = _("Gruppe (Pflicht)")
                yield group
                organisation = Input(id="walkin-organisation")
                organisation.border_title = _("Organisation")
                yield organisation
                with Horizontal():
                    email = Input(id="walkin-email")
                    email.border_title = _("E-Mail")
                    yield email
                    phone = Input(id="walkin-phone")
                    phone.border_title = _("Telefon")
                    yield phone
                with Horizontal():
                    yield Checkbox(_("Kontakt erlaubt"), id="walkin-consent-contact")
                    yield Checkbox(_("Fotos erlaubt"), id="walkin-consent-photo")
            yield Static("", id="walkin-error", markup=False)
            with Horizontal(id="walkin-buttons"):
                yield Button(_("Abbrechen"), id="walkin-cancel")
                yield Button(_("Einchecken"), id="walkin-save", variant="success")
        yield Footer()

    def on_mount(self) -> None:
        ctx = self.ctx
        self.call_service(lambda: groups(ctx), self._show_groups)

    def _show_groups(self, names: list[str]) -> None:
        self.query_one("#walkin-group", Select).set_options([(literal(group_label(g)), g) for g in names])

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#walkin-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#walkin-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Register and check in; a missing name or group is said in the dialog, nothing is stored.

        When people of the same name are known, the helper is asked first whether the walk-in is one of
        them; only a "yes" checks that person in, anything else is a new person (never a silent merge).
        """
        if self.saving:
            return
        group = self.query_one("#walkin-group", Select).value
        name = typed(self.query_one("#walkin-name", Input).value)
        ctx, group_name = self.ctx, group if isinstance(group, str) else ""
        self._saving(True)
        self.call_service(
            lambda: walk_in_namesakes(ctx, name, group_name),
            lambda namesakes: self._namesakes_found(name, namesakes),
            failed=self._refused,
            toast=False,
        )

    def _namesakes_found(self, name: str, namesakes: list[Person]) -> None:
        if not namesakes:
            self._register(None)
            return
        self._saving(False)
        self.app.push_screen(_same_person_question(name, namesakes), self._answered)

    def _answered(self, answer: str | None) -> None:
        if answer is None:  # Esc: back to the form, nothing stored
            self.query_one("#walkin-name", Input).focus()
            return
        self._register(int(answer.removeprefix("p")) if answer.startswith("p") else None)

    def _register(self, same_as: int | None) -> None:
        group = self.query_one("#walkin-group", Select).value
        ctx, meeting_id, station = self.ctx, self.meeting_id, self.station
        name = typed(self.query_one("#walkin-name", Input).value)
        group_name = group if isinstance(group, str) else ""
        organisation = typed(self.query_one("#walkin-organisation", Input).value)
        email = typed(self.query_one("#walkin-email", Input).value)
        phone = typed(self.query_one("#walkin-phone", Input).value)
        consent_contact = self.query_one("#walkin-consent-contact", Checkbox).value
        consent_photo = self.query_one("#walkin-consent-photo", Checkbox).value
        self._saving(True)
        self.call_service(
            lambda: register_walk_in(
                ctx,
                meeting_id,
                name,
                group_name,
                organisation=organisation,
                email=email,
                phone=phone,
                consent_contact=consent_contact,
                consent_photo=consent_photo,
                station=station,
                same_as=same_as,
            ),
            self.dismiss,
            failed=self._refused,
            toast=False,
        )

    def _saving(self, saving: bool) -> None:
        self.saving = saving
        self.query_one("#walkin-save", Button).disabled = saving

    def _refused(self, error: IntegraError) -> None:
        self._saving(False)
        self._show_error(error)

    def _show_error(self, error: IntegraError) -> None:
        self.query_one("#walkin-error", Static).update(literal(error))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _same_person_question(name: str, namesakes: list[Person]) -> ChoiceDialog:
    """Is the walk-in one of the people of that name? "j" (or 1, 2, ...) checks them in, "n" adds a new person.

    "Nein" comes first and has the focus, so an Enter pressed out of habit adds a new person: only a
    deliberate "yes" checks someone in as a stored person.
    """

    def who(person: Person) -> str:
        details = ", ".join(part for part in (group_label(person.group), person.organisation) if part)
        return f"{person.name} ({details})" if details else person.name

    new = ("n", "new", _("Nein, neue Person anlegen"))
    if len(namesakes) == 1:
        message = _("„{name}“ ist schon bekannt. Ist das {who}?").format(name=name, who=who(namesakes[0]))
        return ChoiceDialog(
            _("Dieselbe Person?"), message, [new, ("j", f"p{namesakes[0].id}", _("Ja, diese Person einchecken"))]
        )
    shown = namesakes[:9]
    lines = [_("„{name}“ gibt es schon mehrmals. Ist es eine dieser Personen?").format(name=name)]
    lines += [f"{number}: {who(person)}" for number, person in enumerate(shown, start=1)]
    choices = [
        (str(number), f"p{person.id}", _("Ja, {number}").format(number=number))
        for number, person in enumerate(shown, start=1)
    ]
    return ChoiceDialog(_("Dieselbe Person?"), "\n".join(lines), [new, *choices])


class CardDialog(IntegraModal[None]):
    """A person's own QR code, to photograph or keep for the next meeting; any key closes it."""

    DEFAULT_CSS = """
    CardDialog { align: center middle; }
    CardDialog > Vertical {
        width: 50; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 2;
        align-horizontal: center;
    }
    CardDialog Static { width: 100%; text-align: center; }
    CardDialog #card-title { text-style: bold; }
    CardDialog QRView { margin: 1 0; }
    """
    BINDINGS = [
        Binding("escape", "dismiss", N_("Schließen"), tooltip=N_("Zurück zum Scannen")),
        Binding("enter", "dismiss", N_("Schließen"), show=False),
    ]

    def __init__(self, name: str, code: str) -> None:
        """Show ``code`` as a QR code for ``name``."""
        super().__init__()
        self.person_name = name
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Ihr QR-Code für das nächste Treffen"), id="card-title")
            yield Static(literal(self.person_name), id="card-name")
            yield QRView(self.code, id="card-qr")
            yield Static(_("Bitte mit dem Handy fotografieren. Esc schließt."), id="card-hint")
        yield Footer()
