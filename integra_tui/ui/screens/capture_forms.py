"""The moderator's small forms: capture an action item, decision, need or note; add a speaker; and the short dialogs.

Every form is a ModalScreen: Enter saves, Escape closes without saving. The forms only collect and
check what was typed; the moderator's screen stores the result durably (services.moderation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from integra_tui.domain.due_dates import parse_due_date
from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Capture, Person
from integra_tui.domain.names import NAME_CHOOSE, NAME_EMPTY, NAME_PERSON
from integra_tui.domain.names import match_name as match_people
from integra_tui.domain.speakers import format_speaking_time
from integra_tui.domain.votes import parse_hands, parse_show_of_hands
from integra_tui.errors import IntegraError
from integra_tui.i18n import N_, _, format_date
from integra_tui.services.moderation import NameMatch, name_match_text, parse_speaking_time, person_label
from integra_tui.services.network_texts import need_status_label, refused
from integra_tui.services.people import fold
from integra_tui.services.texts import due_hint, due_question, group_label
from integra_tui.ui.labels import capture_kind_label
from integra_tui.ui.screens.base import IntegraModal
from integra_tui.ui.text import literal, shown, typed
from integra_tui.ui.widgets.confirm import ChoiceDialog, ConfirmDialog

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
/* A short terminal (80x24): one-row fields, no gaps, a top border only, so a form docked at the bottom
   leaves the moderator's countdown and current item in sight and still shows its own hints. */
FormDialog.-short > Vertical { border: none; border-top: thick $accent; max-height: 100%; }
FormDialog.-short .form-label, FormDialog.-short .form-hint, FormDialog.-short .form-question { margin-top: 0; }
FormDialog.-short .form-buttons { margin-top: 0; }
FormDialog.-short OptionList { max-height: 4; }
FormDialog Input.-textual-compact { background: $boost; }
FormDialog Input.-textual-compact:focus { background: $accent 30%; }
/* Short and narrow (80x24): the form takes the whole width and the rows below the countdown (the agenda's and the
   speakers'), so the panes under it no longer frame its lines like empty boxes; a bar left of each field marks it,
   empty or not, where a faint background alone does not show. */
FormDialog.-short.-narrow > Vertical { width: 100%; max-width: 100%; }
FormDialog.-short.-narrow Input.-textual-compact { border-left: outer $accent 50% !important; }
FormDialog.-short.-narrow Input.-textual-compact:focus { border-left: outer $accent !important; }
"""


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


class FormDialog(IntegraModal[Any]):
    """Shared frame: a bordered box in the middle; Escape closes."""

    DEFAULT_CSS = FORMS_CSS
    SCOPED_CSS = False
    BINDINGS = [
        Binding("escape", "cancel", N_("Abbrechen"), tooltip=N_("Schließen, ohne zu speichern")),
        # Priority: the app moves the focus as it takes the Tab from its queue, before it hands on the keys
        # typed after it. Handled by the field, the Tab would wait in the field's queue behind those keys,
        # and a name typed fast after it (a burst from the terminal) would land in the field left.
        Binding("tab", "next_field", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
    ]
    COMPACT_BELOW_ROWS = 0
    """A terminal with fewer rows gets the compact form (class ``-short``: one-row fields, no gaps); 0: never.
    The moderator's forms: below 40 rows (80x24, 120x36), so the countdown above them stays in sight."""
    NARROW_BELOW_COLUMNS = 100
    """A compact form on a terminal with fewer columns takes its whole width (class ``-narrow``)."""
    ROWS_KEPT_ABOVE = 0
    """A compact, narrow form reaches up to this many rows below the top (0: as high as its fields); the moderator's
    forms: 8, the meeting bar and the timer pane under 120 columns (moderator.tcss), whose rows stay in sight."""

    def __init__(self) -> None:
        super().__init__()

    def on_mount(self) -> None:
        self._fit_height()

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        short = self.app.size.height < self.COMPACT_BELOW_ROWS
        narrow = short and self.app.size.width < self.NARROW_BELOW_COLUMNS
        self.set_class(short, "-short")
        self.set_class(narrow, "-narrow")
        if self.ROWS_KEPT_ABOVE:
            for frame in self.query_children(Vertical):
                frame.styles.min_height = self.app.size.height - self.ROWS_KEPT_ABOVE if narrow else None
        for widget in self.query("Input, OptionList, Checkbox"):
            if isinstance(widget, (Input, OptionList, Checkbox)):
                widget.compact = short

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_next_field(self) -> None:
        if self.before_next_field():
            self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def before_next_field(self) -> bool:
        """Tab leaves the focused field: what the form does first (False: the focus stays, e.g. a choice opened)."""
        return True


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
    votes: str = ""
    """A decision's show of hands as typed ("12 2 1": ja, nein, Enthaltung), "" for none."""
    hands: str = ""
    """A topic wish's show of hands as typed (a count), "" for none."""


GROUP_KINDS = ("need", "offer", "question", "topic_wish")
"""Kinds that name a group (for whom, from whom, who asks), never a person."""


def hands_refusal(kind: str, text: str) -> str:
    """Why a typed show of hands cannot be saved ("" when it can, or when nothing was typed): the form stays
    open with it, so a mistyped count never closes the form and loses what was typed."""
    if not text:
        return ""
    try:
        parse_show_of_hands(text) if kind == "decision" else parse_hands(text)
    except DomainError as error:
        return str(refused(error))
    return ""


def _end_input(
    value: str,
    *,
    id: str,  # noqa: A002 - Input's own keyword
    suggester: Suggester | None = None,
    type: Literal["integer", "number", "text"] = "text",  # noqa: A002 - Input's own keyword
) -> Input:
    """An input that opens with the cursor after its text, nothing selected (typing adds, never replaces)."""
    field = Input(value, select_on_focus=False, id=id, suggester=suggester, type=type)
    field.cursor_position = len(value)
    return field


class CaptureForm(FormDialog):
    """One form for every kind: action item (what, who, due), decision (with a show of hands), need, offer,
    question, topic wish (with a group; a topic wish with hands), note. Docked at the bottom of the screen,
    so the countdown above stays in sight."""

    DEFAULT_CSS = FORMS_CSS + "CaptureForm { align: center bottom; }"
    COMPACT_BELOW_ROWS = 40
    ROWS_KEPT_ABOVE = 8

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
        match_name: Callable[[str], NameMatch] | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.item_title = item_title
        self.today = today
        self.next_meeting = next_meeting
        self.owners = list(owners)
        self.groups = list(groups)
        self.capture = capture
        self.match_name = match_name
        """What a typed owner means (one person, a choice, a new name); None: the owner is kept as typed."""
        self.due: date | None = capture.due if capture else None
        """The due date understood from the field (or picked from the candidates)."""

    def compose(self) -> ComposeResult:
        editing = self.capture is not None
        capture = self.capture
        title = (_("{kind} bearbeiten") if editing else _("Neu: {kind}")).format(kind=capture_kind_label(self.kind))
        text_label = {
            "action": _("Was ist zu tun?"),
            "decision": _("Was wurde beschlossen?"),
            "need": _("Was wird gebraucht?"),
            "offer": _("Was wird angeboten?"),
            "question": _("Was wird gefragt?"),
            "topic_wish": _("Welches Thema wird gewünscht?"),
            "note": _("Notiz"),
        }.get(self.kind, _("Text"))
        with Vertical():
            yield Static(title, classes="form-title")
            if self.item_title:
                yield Static(literal(_("zu: {item}").format(item=self.item_title)), classes="form-hint", id="form-item")
            yield Label(text_label, classes="form-label")
            yield _end_input(shown(capture.text, one_line=True) if capture else "", id="capture-text")
            if self.kind == "action":
                yield Label(_("Wer? (Name, Organisation oder Gruppe)"), classes="form-label")
                yield _end_input(
                    shown(capture.owner, one_line=True) if capture else "",
                    id="capture-owner",
                    suggester=FoldedSuggester(self.owners),
                )
                yield Static("", id="owner-hint", classes="form-hint")
                yield OptionList(id="owner-matches", classes="-hidden")
                yield Label(_("Bis wann? (z. B. 15.1., in 2 Wochen, nächstes Treffen)"), classes="form-label")
                due_text = format_date(capture.due) if capture and capture.due else ""
                yield _end_input(due_text, id="capture-due")
                yield Static("", id="due-hint", classes="form-hint")
                yield Static("", id="due-question", classes="form-question -hidden")
                yield OptionList(id="due-candidates", classes="-hidden")
            if self.kind in GROUP_KINDS:
                group_text = {
                    "need": _("Für welche Gruppe?"),
                    "offer": _("Von welcher Gruppe?"),
                    "question": _("Welche Gruppe fragt?"),
                    "topic_wish": _("Welche Gruppe wünscht es? (optional)"),
                }[self.kind]
                yield Label(group_text, classes="form-label")
                labels = [group_label(g) for g in self.groups]
                initial = group_label(capture.group) if capture and capture.group else ""
                yield _end_input(shown(initial, one_line=True), id="capture-group", suggester=FoldedSuggester(labels))
            if self.kind == "decision" and not editing:
                yield Label(_("Abstimmung: ja nein Enthaltung (z. B. 12 2 1; leer: keine)"), classes="form-label")
                yield _end_input("", id="capture-votes")
            if self.kind == "topic_wish" and not editing:
                yield Label(_("Handzeichen dafür (Anzahl; leer: nicht gezählt)"), classes="form-label")
                yield _end_input("", id="capture-hands", type="integer")
            yield Static("", id="form-error", classes="form-error")
            yield Static(
                _("Enter speichert · Tab wechselt das Feld · Esc schließt ohne Speichern"), classes="form-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#capture-text", Input).focus()
        if self.capture is not None and self.kind == "action":
            self._owner_changed()
            self._show_due_hint()

    def _value(self, selector: str) -> str:
        found = self.query(selector)
        return typed(found.first(Input).value) if found else ""

    def _show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(literal(message))

    # -- the owner: what the screen suggests is what is saved ------------------------------

    def _owner_match(self) -> NameMatch | None:
        owner = self._value("#capture-owner")
        if self.match_name is None or not owner or any(fold(owner) == fold(o) for o in self.owners if o):
            return None  # kept as typed: nothing to match, or a name, organisation or group offered as it is
        return self.match_name(owner)

    @on(Input.Changed, "#capture-owner")
    def _owner_changed(self) -> None:
        match = self._owner_match()
        self.query_one("#owner-hint", Static).update(literal(name_match_text(match)) if match else "")
        self.query_one("#owner-matches", OptionList).add_class("-hidden")

    def _take_owner(self) -> bool:
        """Put the single matching person into the owner field; with several, offer them. False: a choice is open."""
        match = self._owner_match()
        if match is None:
            return True
        owner = self.query_one("#capture-owner", Input)
        if match.kind == NAME_PERSON and match.person is not None:
            with owner.prevent(Input.Changed):
                owner.value = shown(match.person.name, one_line=True)
                owner.cursor_position = len(owner.value)
            self.query_one("#owner-hint", Static).update(literal(name_match_text(match)))
            return True
        if match.kind == NAME_CHOOSE:
            options = self.query_one("#owner-matches", OptionList)
            options.clear_options()
            for person in match.choices:
                options.add_option(Option(literal(person_label(person)), id=str(person.id)))
            options.remove_class("-hidden")
            options.highlighted = 0
            options.focus()
            return False
        return True

    @on(OptionList.OptionSelected, "#owner-matches")
    def _owner_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        match = self._owner_match()
        person = next((p for p in (match.choices if match else ()) if str(p.id) == event.option.id), None)
        owner = self.query_one("#capture-owner", Input)
        if person is not None:
            with owner.prevent(Input.Changed):
                owner.value = shown(person.name, one_line=True)
                owner.cursor_position = len(owner.value)
            self.query_one("#owner-hint", Static).update(literal(_("→ {person}").format(person=person_label(person))))
        event.option_list.add_class("-hidden")
        self.query_one("#capture-due", Input).focus()

    def before_next_field(self) -> bool:
        owner = self.query("#capture-owner")
        return not (owner and self.focused is owner.first() and not self._take_owner())

    # -- the due date: what the parser understood, while typing ------------------------------

    def _show_due_hint(self) -> None:
        text = self._value("#capture-due")
        result = parse_due_date(text, self.today, self.next_meeting)
        self.query_one("#due-hint", Static).update(literal(due_hint(result)) if text else "")

    def _ask_about_due(self, message: str, candidates: Sequence[date]) -> None:
        self.query_one("#due-hint").add_class("-hidden")  # it says the same as the question: one line for both
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
        for widget in self.query("#due-hint"):
            widget.remove_class("-hidden")

    @on(Input.Changed, "#capture-due")
    def _due_changed(self) -> None:
        self._clear_question()
        self._show_due_hint()

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
        if self.kind == "action":
            if not self._take_owner():
                return
            if due is None:
                typed = self._value("#capture-due")
                result = parse_due_date(typed, self.today, self.next_meeting)
                if result.unclear:
                    self._show_error("")
                    self._ask_about_due(due_question(result), result.candidates)
                    if not result.candidates:
                        self.query_one("#capture-due", Input).focus()
                    return
                due = result.due
        for selector in ("#capture-votes", "#capture-hands"):
            problem = hands_refusal(self.kind, self._value(selector))
            if problem:
                self._show_error(problem)
                self.query_one(selector, Input).focus()
                return
        self.dismiss(
            CaptureDraft(
                kind=self.kind,
                text=text,
                owner=self._value("#capture-owner"),
                due=due if self.kind == "action" else None,
                group=self._value("#capture-group"),
                capture_id=self.capture.id if self.capture else None,
                votes=self._value("#capture-votes"),
                hands=self._value("#capture-hands"),
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
    new_name: bool = False
    """Nobody known matched the name: it is saved as a new free name."""


class SpeakerForm(FormDialog):
    """Add someone to the speakers' list: type to search those checked in, or enter any name.

    Enter or Tab take the single person the form shows ("→ Sabine Kröger (Ehrenamtlich)"); with several
    matches the form offers them to choose; a name nobody matches is saved as a new free name, as the
    form says under the field. Docked at the bottom, so the countdown stays in sight.
    """

    DEFAULT_CSS = FORMS_CSS + "SpeakerForm { align: center bottom; }"
    COMPACT_BELOW_ROWS = 40
    ROWS_KEPT_ABOVE = 8

    def __init__(
        self,
        people: Sequence[Person],
        groups: Sequence[str] = (),
        match_name: Callable[[str], NameMatch] | None = None,
    ) -> None:
        super().__init__()
        self.people = list(people)
        self.groups = list(groups)
        self.match_name = match_name or (lambda typed_name: match_people(typed_name, self.people, ()))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Auf die Redeliste"), classes="form-title")
            yield Label(_("Name (Suche unter den Anwesenden oder freier Text)"), classes="form-label")
            yield _end_input("", id="speaker-name", suggester=FoldedSuggester(p.name for p in self.people))
            yield Static("", id="speaker-hint", classes="form-hint")
            yield OptionList(id="speaker-matches", classes="-hidden")
            yield Label(_("Gruppe (optional, für Unbekannte)"), classes="form-label")
            yield _end_input("", id="speaker-group", suggester=FoldedSuggester(group_label(g) for g in self.groups))
            yield Checkbox(_("Zur Geschäftsordnung (kommt vor allen anderen dran)"), id="speaker-point-of-order")
            yield Static("", id="form-error", classes="form-error")
            yield Static(
                _("Enter übernimmt · ↓ wählt aus der Liste · Strg+G Geschäftsordnung · Esc schließt"),
                classes="form-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#speaker-name", Input).focus()

    def _match(self) -> NameMatch:
        return self.match_name(typed(self.query_one("#speaker-name", Input).value))

    @on(Input.Changed, "#speaker-name")
    def _search(self, event: Input.Changed) -> None:
        match = self._match()
        self.query_one("#speaker-hint", Static).update(literal(name_match_text(match)))
        matches = self.query_one("#speaker-matches", OptionList)
        matches.clear_options()
        needle = fold(typed(event.value))
        found = list(match.choices) or [p for p in self.people if needle and needle in fold(p.name)][:6]
        if match.kind == NAME_PERSON and match.person is not None and match.person not in found:
            found.insert(0, match.person)
        for person in found:
            matches.add_option(Option(literal(person_label(person)), id=str(person.id)))
        matches.set_class(not found, "-hidden")

    def on_key(self, event) -> None:  # noqa: ANN001 - a textual.events.Key
        if event.key == "ctrl+g":  # from any field: toggle point of order without leaving the name
            event.stop()
            self.query_one("#speaker-point-of-order", Checkbox).toggle()
            return
        name = self.query_one("#speaker-name", Input)
        matches = self.query_one("#speaker-matches", OptionList)
        if event.key == "down" and self.focused is name and matches.option_count:
            event.stop()
            matches.focus()
            matches.highlighted = 0

    def before_next_field(self) -> bool:
        name = self.query_one("#speaker-name", Input)
        if self.focused is not name:
            return True
        match = self._match()
        if match.kind == NAME_PERSON and match.person is not None:
            with name.prevent(Input.Changed):
                name.value = shown(match.person.name, one_line=True)
                name.cursor_position = len(name.value)
        elif match.kind == NAME_CHOOSE:
            matches = self.query_one("#speaker-matches", OptionList)
            matches.focus()
            matches.highlighted = 0
            return False
        return True

    @on(OptionList.OptionSelected, "#speaker-matches")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        person = next(p for p in self.people if str(p.id) == event.option.id)
        self.dismiss(SpeakerDraft(person.name, person.group, person.id, self._point_of_order()))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        match = self._match()
        if match.kind == NAME_EMPTY:
            self.query_one("#form-error", Static).update(_("Bitte einen Namen angeben."))
            return
        if match.kind == NAME_CHOOSE:
            self.query_one("#form-error", Static).update(literal(name_match_text(match)))
            matches = self.query_one("#speaker-matches", OptionList)
            matches.focus()
            matches.highlighted = 0
            return
        if match.kind == NAME_PERSON and match.person is not None:
            person = match.person
            self.dismiss(SpeakerDraft(person.name, person.group, person.id, self._point_of_order()))
            return
        self.dismiss(
            SpeakerDraft(
                match.typed,
                typed(self.query_one("#speaker-group", Input).value),
                point_of_order=self._point_of_order(),
                new_name=True,
            )
        )

    def _point_of_order(self) -> bool:
        return self.query_one("#speaker-point-of-order", Checkbox).value


# -- dialogs -----------------------------------------------------------------------------


class DeferDialog(ChoiceDialog):
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


def last_comment(capture: Capture) -> str:
    """The newest comment in an entry's history ("" when none was given)."""
    return next((h.get("comment", "") for h in reversed(capture.history or []) if h.get("comment")), "")


def _review_message(capture: Capture) -> str:
    """The entry's text first, then who, until when, and the last comment."""
    lines = [capture.text]
    details = []
    if capture.owner:
        details.append(_("wer: {owner}").format(owner=capture.owner))
    if capture.group:
        details.append(group_label(capture.group))
    if capture.due:
        details.append(_("bis {date}").format(date=format_date(capture.due)))
    if details:
        lines.append(" · ".join(details))
    comment = last_comment(capture)
    if comment:
        lines.append(_("Zuletzt: {comment}").format(comment=comment))
    return "\n".join(lines)


class ReviewDialog(ChoiceDialog):
    """An earlier meeting's action item, its text first: done, still open, or dropped."""

    def __init__(self, capture: Capture) -> None:
        super().__init__(
            _("Offene Aufgabe"),
            _review_message(capture),
            [("e", "done", _("Erledigt")), ("o", "open", _("Noch offen")), ("f", "dropped", _("Entfällt"))],
        )


@dataclass(frozen=True)
class KeepOpenDraft:
    """An action item kept open: an optional comment and an optional new due date."""

    comment: str = ""
    due: date | None = None


class KeepOpenForm(FormDialog):
    """ "Noch offen": why (optional) and until when now (optional); shows the last comment."""

    DEFAULT_CSS = FORMS_CSS + "KeepOpenForm { align: center bottom; }"
    COMPACT_BELOW_ROWS = 40
    ROWS_KEPT_ABOVE = 8

    def __init__(self, capture: Capture, *, today: date, next_meeting: date | None = None) -> None:
        super().__init__()
        self.capture = capture
        self.today = today
        self.next_meeting = next_meeting

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Bleibt offen"), classes="form-title")
            yield Static(literal(_review_message(self.capture)), classes="form-hint", id="keep-open-entry")
            yield Label(_("Kommentar (optional): was geschieht als Nächstes?"), classes="form-label")
            yield _end_input("", id="keep-open-comment")
            yield Label(_("Neues Fälligkeitsdatum (optional, z. B. 15.1., nächstes Treffen)"), classes="form-label")
            yield _end_input("", id="keep-open-due")
            yield Static("", id="due-hint", classes="form-hint")
            yield Static("", id="form-error", classes="form-error")
            yield Static(_("Enter speichert · Esc schließt ohne Speichern"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#keep-open-comment", Input).focus()

    @on(Input.Changed, "#keep-open-due")
    def _due_changed(self, event: Input.Changed) -> None:
        text = typed(event.value)
        hint = due_hint(parse_due_date(text, self.today, self.next_meeting)) if text else ""
        self.query_one("#due-hint", Static).update(literal(hint))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = typed(self.query_one("#keep-open-due", Input).value)
        result = parse_due_date(text, self.today, self.next_meeting)
        if text and (result.unclear or result.due is None):
            self.query_one("#form-error", Static).update(literal(due_hint(result) or _("Datum nicht verstanden.")))
            self.query_one("#keep-open-due", Input).focus()
            return
        self.dismiss(KeepOpenDraft(typed(self.query_one("#keep-open-comment", Input).value), result.due))


class NeedReviewDialog(ChoiceDialog):
    """An earlier meeting's need: its status now, or turn it into an action item."""

    def __init__(self, capture: Capture) -> None:
        status = need_status_label(capture.status or "open")
        super().__init__(
            _("Offener Bedarf ({status})").format(status=status),
            _review_message(capture),
            [
                ("i", "in_progress", need_status_label("in_progress")),
                ("g", "met", need_status_label("met")),
                ("n", "not_possible", need_status_label("not_possible")),
                ("o", "open", need_status_label("open")),
                ("a", "action", _("Aufgabe daraus")),
            ],
        )


class CommentForm(FormDialog):
    """One line of text (a comment, an answer); closes with it, or None on Esc."""

    DEFAULT_CSS = FORMS_CSS + "CommentForm { align: center bottom; }"
    COMPACT_BELOW_ROWS = 40
    ROWS_KEPT_ABOVE = 8

    def __init__(self, title: str, entry: str, label: str, *, required: bool = False, second: str = "") -> None:
        """``second``: the label of an optional second line (who answered), "" for none."""
        super().__init__()
        self.title_text = title
        self.entry = entry
        self.label = label
        self.required = required
        self.second = second

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.title_text), classes="form-title")
            yield Static(literal(self.entry), classes="form-hint", id="comment-entry")
            yield Label(self.label, classes="form-label")
            yield _end_input("", id="comment-text")
            if self.second:
                yield Label(self.second, classes="form-label")
                yield _end_input("", id="comment-second")
            yield Static("", id="form-error", classes="form-error")
            yield Static(_("Enter speichert · Tab wechselt das Feld · Esc schließt"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#comment-text", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = typed(self.query_one("#comment-text", Input).value)
        if self.required and not text:
            self.query_one("#form-error", Static).update(_("Bitte den Text eingeben."))
            self.query_one("#comment-text", Input).focus()
            return
        second = self.query("#comment-second")
        self.dismiss((text, typed(second.first(Input).value) if second else ""))


class HandsForm(FormDialog):
    """A show of hands on a decision (ja nein Enthaltung) or on a topic wish (a count)."""

    DEFAULT_CSS = FORMS_CSS + "HandsForm { align: center bottom; }"
    COMPACT_BELOW_ROWS = 40
    ROWS_KEPT_ABOVE = 8

    def __init__(self, capture: Capture) -> None:
        super().__init__()
        self.capture = capture

    def compose(self) -> ComposeResult:
        decision = self.capture.kind == "decision"
        with Vertical():
            yield Static(_("Abstimmung") if decision else _("Handzeichen"), classes="form-title")
            yield Static(literal(self.capture.text), classes="form-hint")
            yield Label(
                _("ja nein Enthaltung, z. B. 12 2 1 (leer: keine Abstimmung)")
                if decision
                else _("Wie viele Hände? (leer: nicht gezählt)"),
                classes="form-label",
            )
            yield _end_input("", id="hands-text")
            yield Static("", id="form-error", classes="form-error")
            yield Static(_("Enter speichert · Esc schließt"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#hands-text", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = typed(self.query_one("#hands-text", Input).value)
        problem = hands_refusal(self.capture.kind, text)
        if problem:
            self.query_one("#form-error", Static).update(literal(problem))
            return
        self.dismiss(text)


class StageForm(FormDialog):
    """A message for the display ("Bitte zum Schluss kommen"): typed or picked; Strg+L takes it off."""

    DEFAULT_CSS = FORMS_CSS + "StageForm { align: center bottom; }"
    COMPACT_BELOW_ROWS = 40
    ROWS_KEPT_ABOVE = 8
    BINDINGS = [Binding("ctrl+l", "clear_message", N_("Anzeige leeren"), tooltip=N_("Nimmt die Nachricht weg"))]

    def __init__(self, presets: Sequence[str], current: str = "") -> None:
        super().__init__()
        self.presets = list(presets)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Nachricht an die Anzeige"), classes="form-title")
            if self.current:
                yield Static(literal(_("Jetzt angezeigt: {text}").format(text=self.current)), classes="form-hint")
            yield Label(_("Text (oder ↓ einen Vorschlag wählen)"), classes="form-label")
            yield _end_input("", id="stage-text")
            yield OptionList(*[Option(literal(p), id=str(n)) for n, p in enumerate(self.presets)], id="stage-presets")
            yield Static(_("Enter zeigt an · Strg+L nimmt die Nachricht weg · Esc schließt"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#stage-text", Input).focus()

    def on_key(self, event) -> None:  # noqa: ANN001 - a textual.events.Key
        presets = self.query_one("#stage-presets", OptionList)
        if event.key == "down" and self.focused is self.query_one("#stage-text"):
            event.stop()
            presets.focus()
            presets.highlighted = 0

    @on(OptionList.OptionSelected, "#stage-presets")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.presets[int(str(event.option.id))])

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = typed(event.value)
        if text:
            self.dismiss(text)

    def action_clear_message(self) -> None:
        self.dismiss("")


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
            yield Label(
                _("Redezeit pro Person in Minuten, z. B. 2 oder 2:30 (leer: keine Begrenzung)"), classes="form-label"
            )
            yield _end_input(format_speaking_time(self.initial.speaker_seconds), id="speaker-seconds")
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
        except ValueError:
            self.query_one("#form-error", Static).update(_("Bitte Zahlen eingeben."))
            return
        try:
            seconds = parse_speaking_time(self.query_one("#speaker-seconds", Input).value)
        except IntegraError as error:
            self.query_one("#form-error", Static).update(literal(str(error)))
            return
        first_time = self.query_one("#first-time", Checkbox).value
        self.dismiss(SettingsDraft(minutes, percent, seconds if seconds else None, first_time))
