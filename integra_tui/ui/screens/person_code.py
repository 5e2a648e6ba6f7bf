"""A person's code on screen: name, QR code and grouped code, to photograph or to test a scanner on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from integra_tui.errors import IntegraError
from integra_tui.i18n import N_, _
from integra_tui.services.invitations import PersonCode, code_for_invitee
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.reads import Reads
from integra_tui.ui.screens.base import IntegraModal, TranslatedBindings
from integra_tui.ui.text import literal
from integra_tui.ui.widgets.qr_view import QRView

__all__ = ["InviteeCodeScreen", "PersonCodeScreen"]

HELP = N_(
    """# QR-Code einer Person

Hier steht der **aktuelle Code** einer Person als QR-Code, mit Namen und dem Code zum Abtippen.

- Die Person kann den QR-Code mit dem Handy **fotografieren** und das Foto am Eingang zeigen.
- Helfende können hier einen **Scanner ausprobieren**: den Scanner auf den Bildschirm richten.
- Wird der Code neu ausgestellt, zeigt dieses Fenster gleich den neuen.
- **Escape** schließt das Fenster.
"""
)


class PersonCodeScreen(ModalScreen[None], TranslatedBindings[None]):
    """Shows one person's code as a scannable QR code; Escape closes it.

    Give it the name and code directly (e.g. a walk-in's new card; it needs no store, so it works in any
    app), or an invitee id with :meth:`for_invitee`: then it is an :class:`InviteeCodeScreen`, which reads
    the invitee's current code and follows later changes.
    """

    DEFAULT_CSS = """
    PersonCodeScreen { align: center middle; }
    PersonCodeScreen > Vertical {
        width: 56; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 2;
    }
    PersonCodeScreen Static { width: 100%; text-align: center; }
    PersonCodeScreen #person-code-name { text-style: bold; margin-top: 1; }
    PersonCodeScreen #person-code-caption { color: $text-muted; }
    PersonCodeScreen Center { height: auto; margin: 1 0; }
    PersonCodeScreen #person-code-code { text-style: bold; }
    PersonCodeScreen #person-code-hint { color: $text-muted; margin-bottom: 1; }
    """
    HELP = HELP
    BINDINGS = [
        Binding("escape", "close", N_("Schließen"), tooltip=N_("QR-Code schließen"), id="close-code"),
    ]

    def __init__(self, name: str = "", code: str = "", caption: str = "", *, invitee_id: int | None = None) -> None:
        """Show ``code`` for ``name``; or, with ``invitee_id``, that invitee's current code."""
        super().__init__()
        self.invitee_id = invitee_id
        """The invitee whose code is read from the store; None when name and code were given."""
        self.person_code: PersonCode | None = PersonCode(name, code, caption) if code else None
        """What is shown: name, code and caption (None while loading or when there is no code)."""
        self._reads = Reads()

    @classmethod
    def for_invitee(cls, invitee_id: int) -> "PersonCodeScreen":
        """The screen for one invitee's current invitation code (row key of the home's invitee list)."""
        return InviteeCodeScreen(invitee_id=invitee_id)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="person-code-name", markup=False)
            yield Static("", id="person-code-caption", markup=False)
            with Center():
                yield QRView("", id="person-code-qr")
            yield Static("", id="person-code-code", markup=False)
            yield Static(
                _("Zum Fotografieren oder um einen Scanner zu testen. Escape schließt."), id="person-code-hint"
            )
        yield Footer()

    def on_mount(self) -> None:
        if self.invitee_id is not None:
            self.query_one("#person-code-name", Static).update(_("Code wird geladen …"))
            self.load()
        else:
            self._show(self.person_code)

    def load(self) -> None:
        """Show the code again (only a code read from the store can change)."""
        self._show(self.person_code)

    def _show(self, found: PersonCode | None) -> None:
        self.person_code = found
        if found is None:
            self._show_problem(_("Kein Code vorhanden."))
            return
        self.query_one("#person-code-name", Static).update(literal(found.name))
        self.query_one("#person-code-caption", Static).update(literal(found.caption))
        self.query_one("#person-code-qr", QRView).content = found.code
        self.query_one("#person-code-code", Static).update(literal(found.grouped))

    def _show_problem(self, message: str) -> None:
        self.person_code = None
        self.query_one("#person-code-name", Static).update(literal(message))
        self.query_one("#person-code-caption", Static).update("")
        self.query_one("#person-code-qr", QRView).content = ""
        self.query_one("#person-code-code", Static).update("")

    def action_close(self) -> None:
        """Close the code and go back."""
        self.dismiss(None)


class InviteeCodeScreen(PersonCodeScreen, IntegraModal[None]):
    """An invitee's current code, read from the store on the service thread; a re-issued code replaces it."""

    def on_store_changed(self, message: StoreChanged) -> None:
        # A code re-issued in another window or process: show the new one, never a stale one.
        if self.invitee_id is not None:
            self.load()

    def load(self) -> None:
        """Read the invitee's current code on the service thread, then show it (the newest read wins)."""
        read, ctx, invitee_id = self._reads.start(), self.ctx, self.invitee_id
        assert invitee_id is not None

        def shown_if_newest(found: PersonCode | None) -> None:
            if self._reads.is_newest(read):
                self._show(found)

        def failed(error: IntegraError) -> None:
            if self._reads.is_newest(read):
                self._show_problem(str(error))

        self.call_service(lambda: code_for_invitee(ctx, invitee_id), shown_if_newest, failed=failed)
