"""The moderator's small forms: capture an action item, decision, need or note; add a speaker; and the short dialogs.

Every form is a ModalScreen: Enter saves, Escape closes without saving. The forms only collect and
check what was typed; the moderator's screen stores the result durably (services.moderation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from integra_tui.domain.due_dates import parse_due_date
from integra_tui.domain.models import Capture, Person
from integra_tui.i18n import _, format_date
from integra_tui.services.people import fold
from integra_tui.services.texts import due_question, group_label
from integra_tui.ui.text import literal, shown, typed

__all__ = [
    "FORMS_CSS",
    "CaptureDraft",
    "CaptureForm",
    "ConfirmDialog",
    "DeferDialog",
    "FormDialog",
    "FoldedSuggester",
    "ReviewDialog",
    "SettingsDraft",
    "SettingsForm",
    "SpeakerDraft",
    "SpeakerForm",
    "TakeTimeDialog",
    "capture_kind_label",
]

FORMS_CSS = """
FormDialog { align: center middle; }
FormDialog > Vertical {
    width: 76; max-width: 96%; height: auto; max-height: 96%;
    border: thick $accent; background: $surface; padding: 0 1;
}
FormDialog .form-title { text-style: bold; color: $accent; height: auto; }
FormDialog .form-label { height: 1; margin-top: 1; color: $text-muted; }
FormDialog Input { margin: 0; }
FormDialog .form-question { color: $warning; text-style: bold; height: auto; margin-top: 1; }
FormDialog .form-error { color: $error; height: auto; }
FormDialog OptionList { height: auto; max-height: 8; }
FormDialog .form-hint { color: $text-muted; height: auto; margin-top: 1; }
FormDialog .form-buttons { height: auto; margin-top: 1; }
FormDialog .form-buttons Button { margin-right: 1; min-width: 10; }
FormDialog .-hidden { display: none; }
"""


def capture_kind_label(kind: str) -> str:
    """The UI name of a capture kind."""
    labels = {"action": _("Aufgabe"), "decision": _("Entscheidung"), "need": _("Bedarf"), "note": _("Notiz")}
    return labels.get(kind, kind)


class FoldedSuggester(Suggester):
    """Completes from a list ignoring case and accents: "omer" completes to "Ömer Şengül"."""

    def __init__(self, suggestions: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._suggestions = [(fold(s), shown(s, one_line=True)) for s in suggestions if s]

    async def get_suggestion(self, value: str) -> str | None:
        """The first suggestion whose folded form starts with the folded value."""
        needle = fold(value)
        if not needle:
            return None
        for folded, original in self._suggestions:
            if folded.startswith(needle) and len(original) > len(value):
                return original
        return None


class FormDialog(ModalScreen):
    """Shared frame: a bordered box in the middle; Escape closes."""

    DEFAULT_CSS = FORMS_CSS
    SCOPED_CSS = False
    BINDINGS = [Binding("escape", "cancel", _("Abbrechen"), tooltip=_("Schließen, ohne zu speichern"))]

    def __init__(self) -> None:
        super().__init__()

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- captures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaptureDraft:
    """What the capture form collected; ``capture_id`` is set when an existing capture was edited."""

    kind: str
    text: str
    owner: str = ""
    due: date | None = None
    group: str = ""
    capture_id: int | None = None


class CaptureForm(FormDialog):
    """One form for the four kinds: action item (what, who, due), decision, need (what, group), note."""

    def __init__(
        self,
        kind: str,
        item_title: str,
        *,
        today: date,
        next_meeting: date | None = None,
        owners: Sequence[str] = (),
        groups: Sequence[str] = (),
        capture: Capture | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.item_title = item_title
        self.today = today
        self.next_meeting = next_meeting
        self.owners = list(owners)
        self.groups = list(groups)
        self.capture = capture
        self.due: date | None = capture.due if capture else None
        """The due date understood from the field (or picked from the candidates)."""

    def compose(self) -> ComposeResult:
        editing = self.capture is not None
        title = (_("{kind} bearbeiten") if editing else _("Neu: {kind}")).format(kind=capture_kind_label(self.kind))
        text_label = {
            "action": _("Was ist zu tun?"),
            "decision": _("Was wurde entschieden?"),
            "need": _("Was wird gebraucht?"),
            "note": _("Notiz"),
        }.get(self.kind, _("Text"))
        with Vertical():
            yield Static(title, classes="form-title")
            if self.item_title:
                yield Static(literal(_("zu: {item}").format(item=self.item_title)), classes="form-hint", id="form-item")
            yield Label(text_label, classes="form-label")
            yield Input(shown(self.capture.text, one_line=True) if editing else "", id="capture-text")
            if self.kind == "action":
                yield Label(_("Wer? (Name, Organisation oder Gruppe)"), classes="form-label")
                yield Input(
                    shown(self.capture.owner, one_line=True) if editing else "",
                    id="capture-owner",
                    suggester=FoldedSuggester(self.owners),
                )
                yield Label(_("Bis wann? (z. B. 15.1., in 2 Wochen, nächstes Treffen)"), classes="form-label")
                due_text = format_date(self.capture.due) if editing and self.capture.due else ""
                yield Input(due_text, id="capture-due")
                yield Static("", id="due-question", classes="form-question -hidden")
                yield OptionList(id="due-candidates", classes="-hidden")
            if self.kind == "need":
                yield Label(_("Für welche Gruppe?"), classes="form-label")
                labels = [group_label(g) for g in self.groups]
                initial = group_label(self.capture.group) if editing and self.capture.group else ""
                yield Input(shown(initial, one_line=True), id="capture-group", suggester=FoldedSuggester(labels))
            yield Static("", id="form-error", classes="form-error")
            yield Static(
                _("Enter speichert · Tab wechselt das Feld · Esc schließt ohne Speichern"), classes="form-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#capture-text", Input).focus()

    def _value(self, selector: str) -> str:
        found = self.query(selector)
        return typed(found.first(Input).value) if found else ""

    def _show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(literal(message))

    def _ask_about_due(self, message: str, candidates: Sequence[date]) -> None:
        question = self.query_one("#due-question", Static)
        question.update(literal(message))
        question.remove_class("-hidden")
        options = self.query_one("#due-candidates", OptionList)
        options.clear_options()
        for candidate in candidates:
            options.add_option(
                Option(
                    _("{weekday}, {date}").format(weekday=_weekday(candidate), date=format_date(candidate)),
                    id=candidate.isoformat(),
                )
            )
        options.set_class(not candidates, "-hidden")
        if candidates:
            options.highlighted = 0
            options.focus()

    def _clear_question(self) -> None:
        for selector in ("#due-question", "#due-candidates"):
            for widget in self.query(selector):
                widget.add_class("-hidden")

    @on(Input.Changed, "#capture-due")
    def _due_changed(self) -> None:
        self._clear_question()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    @on(OptionList.OptionSelected, "#due-candidates")
    def _candidate_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        picked = date.fromisoformat(str(event.option.id))
        due_input = self.query_one("#capture-due", Input)
        with due_input.prevent(Input.Changed):
            due_input.value = format_date(picked)
        self._clear_question()
        self.save(due=picked)

    def save(self, due: date | None = None) -> None:
        """Check what was typed; close with the draft, or keep the form open with the question or error."""
        text = self._value("#capture-text")
        if not text:
            self._show_error(_("Bitte den Text eingeben."))
            self.query_one("#capture-text", Input).focus()
            return
        if self.kind == "action" and due is None:
            typed = self._value("#capture-due")
            result = parse_due_date(typed, self.today, self.next_meeting)
            if result.unclear:
                self._show_error("")
                self._ask_about_due(due_question(result), result.candidates)
                if not result.candidates:
                    self.query_one("#capture-due", Input).focus()
                return
            due = result.due
        self.dismiss(
            CaptureDraft(
                kind=self.kind,
                text=text,
                owner=self._value("#capture-owner"),
                due=due if self.kind == "action" else None,
                group=self._value("#capture-group"),
                capture_id=self.capture.id if self.capture else None,
            )
        )


def _weekday(day: date) -> str:
    names = (_("Mo"), _("Di"), _("Mi"), _("Do"), _("Fr"), _("Sa"), _("So"))
    return names[day.weekday()]


# -- the speakers' list ------------------------------------------------------------------


@dataclass(frozen=True)
class SpeakerDraft:
    """Who asked to speak: a name (of a known person or free text) and, optionally, a group."""

    name: str
    group: str = ""
    person_id: int | None = None
    point_of_order: bool = False
    """A point of order (Geschäftsordnung): goes ahead of everyone waiting."""


class SpeakerForm(FormDialog):
    """Add someone to the speakers' list: type to search those checked in, or enter any name."""

    def __init__(self, people: Sequence[Person], groups: Sequence[str] = ()) -> None:
        super().__init__()
        self.people = list(people)
        self.groups = list(groups)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Auf die Redeliste"), classes="form-title")
            yield Label(_("Name (Suche unter den Anwesenden oder freier Text)"), classes="form-label")
            yield Input(id="speaker-name", suggester=FoldedSuggester(p.name for p in self.people))
            yield OptionList(id="speaker-matches", classes="-hidden")
            yield Label(_("Gruppe (optional, für Unbekannte)"), classes="form-label")
            yield Input(id="speaker-group", suggester=FoldedSuggester(group_label(g) for g in self.groups))
            yield Checkbox(_("Zur Geschäftsordnung (kommt vor allen anderen dran)"), id="speaker-point-of-order")
            yield Static("", id="form-error", classes="form-error")
            yield Static(
                _("Enter übernimmt · ↓ wählt aus der Liste · Strg+G Geschäftsordnung · Esc schließt"),
                classes="form-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#speaker-name", Input).focus()

    @on(Input.Changed, "#speaker-name")
    def _search(self, event: Input.Changed) -> None:
        needle = fold(typed(event.value))
        matches = self.query_one("#speaker-matches", OptionList)
        matches.clear_options()
        found = [p for p in self.people if needle and needle in fold(p.name)][:6]
        for person in found:
            label = f"{person.name} ({group_label(person.group)})" if person.group else person.name
            matches.add_option(Option(literal(label), id=str(person.id)))
        matches.set_class(not found, "-hidden")

    def on_key(self, event) -> None:
        if event.key == "ctrl+g":  # from any field: toggle point of order without leaving the name
            event.stop()
            self.query_one("#speaker-point-of-order", Checkbox).toggle()
            return
        matches = self.query_one("#speaker-matches", OptionList)
        if event.key == "down" and self.focused is self.query_one("#speaker-name") and matches.option_count:
            event.stop()
            matches.focus()
            matches.highlighted = 0

    @on(OptionList.OptionSelected, "#speaker-matches")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        person = next(p for p in self.people if str(p.id) == event.option.id)
        self.dismiss(SpeakerDraft(person.name, person.group, person.id, self._point_of_order()))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = typed(self.query_one("#speaker-name", Input).value)
        if not name:
            self.query_one("#form-error", Static).update(_("Bitte einen Namen angeben."))
            return
        self.dismiss(
            SpeakerDraft(
                name, typed(self.query_one("#speaker-group", Input).value), point_of_order=self._point_of_order()
            )
        )

    def _point_of_order(self) -> bool:
        return self.query_one("#speaker-point-of-order", Checkbox).value


# -- dialogs -----------------------------------------------------------------------------


class _ChoiceDialog(FormDialog):
    """A question with a few answers, each on a key and a button."""

    def __init__(self, title: str, message: str, choices: Sequence[tuple[str, str, str]]) -> None:
        """``choices``: (key, value, label); the dialog closes with the value of the chosen answer."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.title_text), classes="form-title")
            yield Static(literal(self.message), classes="form-hint", id="dialog-message")
            with Horizontal(classes="form-buttons"):
                for key, value, label in self.choices:
                    yield Button(Content(f"{key}: {label}"), id=f"choice-{value}")
            yield Static(_("Esc: abbrechen"), classes="form-hint")

    def on_key(self, event) -> None:
        for key, value, _label in self.choices:
            if event.key == key or (event.character and event.character == key):
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id).removeprefix("choice-"))


class DeferDialog(_ChoiceDialog):
    """No next meeting exists: create one a quarter later, or keep the item on the deferred list."""

    def __init__(self, item_title: str, proposed: date) -> None:
        super().__init__(
            _("Kein nächstes Treffen"),
            _(
                "„{item}“ soll auf das nächste Treffen, aber es ist noch keines angelegt. "
                "Ein Treffen am {date} (ein Quartal später) anlegen, oder den Punkt auf die Liste "
                "der verschobenen Punkte setzen? Das nächste Treffen, das Sie hier öffnen, übernimmt sie."
            ).format(item=item_title, date=format_date(proposed)),
            [("j", "create", _("Treffen anlegen")), ("l", "list", _("Auf die Liste"))],
        )


class ReviewDialog(_ChoiceDialog):
    """An earlier meeting's action item: done, still open, or dropped."""

    def __init__(self, capture: Capture) -> None:
        owner = _(" (wer: {owner})").format(owner=capture.owner) if capture.owner else ""
        super().__init__(
            _("Offener Punkt"),
            f"{capture.text}{owner}",
            [("e", "done", _("Erledigt")), ("o", "open", _("Noch offen")), ("f", "dropped", _("Entfällt"))],
        )


class ConfirmDialog(_ChoiceDialog):
    """A yes/no question; closes with "yes" or None."""

    def __init__(self, title: str, message: str, yes_label: str) -> None:
        super().__init__(title, message, [("j", "yes", yes_label)])


class TakeTimeDialog(FormDialog):
    """Choose the later item that gives minutes to the current one."""

    def __init__(self, minutes: int, options: Sequence[tuple[int, str]]) -> None:
        """``options``: (item id, label) of the pending later items that have enough minutes."""
        super().__init__()
        self.minutes = minutes
        self.options = list(options)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("{minutes} Minuten nehmen von …").format(minutes=self.minutes), classes="form-title")
            yield OptionList(*[Option(literal(label), id=str(item_id)) for item_id, label in self.options], id="donors")
            yield Static(_("Enter wählt · Esc schließt"), classes="form-hint")

    def on_mount(self) -> None:
        donors = self.query_one("#donors", OptionList)
        donors.focus()
        if self.options:
            donors.highlighted = 0

    @on(OptionList.OptionSelected, "#donors")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(str(event.option.id)))


@dataclass(frozen=True)
class SettingsDraft:
    """The moderation settings as the form collected them."""

    warning_minutes: float
    warning_percent: float
    speaker_seconds: int | None
    first_time_priority: bool


class SettingsForm(FormDialog):
    """When the countdown warns, speaking time per speaker, first-time priority."""

    def __init__(
        self, warning_minutes: float, warning_percent: float, speaker_seconds: int | None, first_time_priority: bool
    ) -> None:
        super().__init__()
        self.initial = SettingsDraft(warning_minutes, warning_percent, speaker_seconds, first_time_priority)

    def compose(self) -> ComposeResult:
        def number(value: float | None) -> str:
            return "" if value is None else f"{value:g}"

        with Vertical():
            yield Static(_("Einstellungen der Moderation"), classes="form-title")
            yield Label(_("Warnung bei so vielen Minuten Restzeit"), classes="form-label")
            yield Input(number(self.initial.warning_minutes), id="warning-minutes", type="number")
            yield Label(_("… oder bei so viel Prozent Restzeit (was zuerst eintritt)"), classes="form-label")
            yield Input(number(self.initial.warning_percent), id="warning-percent", type="number")
            yield Label(_("Redezeit pro Person in Sekunden (leer: keine Begrenzung)"), classes="form-label")
            yield Input(number(self.initial.speaker_seconds), id="speaker-seconds", type="integer")
            yield Checkbox(
                _("Wer noch nicht gesprochen hat, kommt zuerst dran"), self.initial.first_time_priority, id="first-time"
            )
            yield Static("", id="form-error", classes="form-error")
            yield Static(_("Enter speichert · Esc schließt"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#warning-minutes", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            minutes = float(self.query_one("#warning-minutes", Input).value or 0)
            percent = float(self.query_one("#warning-percent", Input).value or 0)
            seconds_text = self.query_one("#speaker-seconds", Input).value.strip()
            seconds = int(seconds_text) if seconds_text else None
        except ValueError:
            self.query_one("#form-error", Static).update(_("Bitte Zahlen eingeben."))
            return
        first_time = self.query_one("#first-time", Checkbox).value
        self.dismiss(SettingsDraft(minutes, percent, seconds if seconds else None, first_time))
