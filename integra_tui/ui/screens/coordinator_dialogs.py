"""The coordinator's small dialogs between the meetings: a form of a few fields, and a choice with an optional comment.

Each is a ModalScreen: Enter saves (in the last field, or in any field when every required one is
filled), Escape closes without saving. They only collect and check what was typed; the screen hands
it to the services. Every text a user or the store gave is shown through ``ui.text``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from integra_tui.domain.due_dates import parse_due_date
from integra_tui.i18n import N_, _
from integra_tui.services.texts import due_hint, due_question
from integra_tui.ui.screens.base import IntegraModal
from integra_tui.ui.text import literal, shown, typed

__all__ = ["ChoiceDialog", "Field", "FieldsDialog"]

DIALOG_CSS = """
FieldsDialog, ChoiceDialog { align: center middle; }
FieldsDialog > VerticalScroll, ChoiceDialog > VerticalScroll {
    width: 76; max-width: 96%; height: auto; max-height: 100%;
    border: thick $accent; background: $surface; padding: 0 1;
}
FieldsDialog .dialog-title, ChoiceDialog .dialog-title { text-style: bold; color: $accent; height: auto; }
FieldsDialog .dialog-label, ChoiceDialog .dialog-label { height: 1; color: $text-muted; }
FieldsDialog .dialog-hint, ChoiceDialog .dialog-hint { color: $text-muted; height: auto; }
FieldsDialog .dialog-due { color: $success; height: auto; }
FieldsDialog .dialog-error, ChoiceDialog .dialog-error { color: $error; height: auto; }
ChoiceDialog OptionList { height: auto; max-height: 10; }
"""


@dataclass(frozen=True)
class Field:
    """One line of a :class:`FieldsDialog`."""

    id: str
    label: str
    value: str = ""
    placeholder: str = ""
    required: str = ""
    """The message shown when the field is left empty ("" : it may be empty)."""
    due: bool = False
    """A due date: what the parser understood is shown under the field while typing."""


class FieldsDialog(IntegraModal[dict[str, object] | None]):
    """A few labelled fields; returns their typed values by id (a due field: a ``date`` or None)."""

    DEFAULT_CSS = DIALOG_CSS
    SCOPED_CSS = False
    BINDINGS = [Binding("escape", "cancel", N_("Abbrechen"), tooltip=N_("Schließen, ohne zu speichern"))]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        *,
        note: str = "",
        today: date | None = None,
        check: Callable[[dict[str, object]], str] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.note = note
        self.today = today or date.today()
        self.check = check
        """Called with the values before closing; a non-empty answer is shown as the error and keeps the dialog open."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(literal(self.title_text), classes="dialog-title")
            if self.note:
                yield Static(literal(self.note), classes="dialog-hint")
            for field in self.fields:
                yield Label(literal(field.label), classes="dialog-label")
                yield Input(shown(field.value, one_line=True), placeholder=field.placeholder, id=f"field-{field.id}")
                if field.due:
                    yield Static("", id=f"due-{field.id}", classes="dialog-due")
            yield Static("", id="dialog-error", classes="dialog-error")
            yield Static(
                _("Enter speichert · Tab wechselt das Feld · Esc schließt ohne Speichern"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        first = self.query(Input).first()
        first.focus()
        first.cursor_position = len(first.value)  # the cursor at the end, nothing selected
        for field in self.fields:
            if field.due:
                self._show_due(field.id)

    def _show_due(self, field_id: str) -> None:
        text = typed(self.query_one(f"#field-{field_id}", Input).value)
        hint = due_hint(parse_due_date(text, self.today)) if text else ""
        self.query_one(f"#due-{field_id}", Static).update(literal(hint))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        field_id = (event.input.id or "").removeprefix("field-")
        if any(f.id == field_id and f.due for f in self.fields):
            self._show_due(field_id)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def values(self) -> tuple[dict[str, object], str]:
        """The values as typed, and the first complaint about them ("" when none)."""
        values: dict[str, object] = {}
        for field in self.fields:
            text = typed(self.query_one(f"#field-{field.id}", Input).value)
            if field.required and not text:
                return values, field.required
            if field.due:
                if not text:
                    values[field.id] = None
                    continue
                result = parse_due_date(text, self.today)
                if result.unclear or result.due is None:
                    return values, due_question(result) or _("Das Datum ist nicht zu verstehen: {text}").format(
                        text=text
                    )
                values[field.id] = result.due
            else:
                values[field.id] = text
        return values, ""

    def save(self) -> None:
        """Close with the values, or say what is missing."""
        values, complaint = self.values()
        if not complaint and self.check is not None:
            complaint = self.check(values)
        if complaint:
            self.query_one("#dialog-error", Static).update(literal(complaint))
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(IntegraModal[tuple[str, str] | None]):
    """Choose one of a few options (↑/↓, Enter), optionally with a comment; returns (value, comment)."""

    DEFAULT_CSS = DIALOG_CSS
    SCOPED_CSS = False
    BINDINGS = [Binding("escape", "cancel", N_("Abbrechen"), tooltip=N_("Schließen, ohne zu speichern"))]

    def __init__(
        self,
        title: str,
        options: Sequence[tuple[str, str]],
        *,
        note: str = "",
        comment_label: str = "",
        comment: str = "",
        highlighted: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        """(label, value) pairs; labels are shown literally."""
        self.note = note
        self.comment_label = comment_label
        """Empty: no comment field."""
        self.comment = comment
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(literal(self.title_text), classes="dialog-title")
            if self.note:
                yield Static(literal(self.note), classes="dialog-hint")
            yield OptionList(
                *[Option(literal(label, one_line=True), id=value) for label, value in self.options], id="choice-list"
            )
            if self.comment_label:
                yield Label(literal(self.comment_label), classes="dialog-label")
                yield Input(shown(self.comment, one_line=True), id="choice-comment")
            yield Static("", id="dialog-error", classes="dialog-error")
            hint = (
                _("↑/↓ wählt · Tab zum Kommentar · Enter speichert · Esc schließt ohne Speichern")
                if self.comment_label
                else _("↑/↓ wählt · Enter übernimmt · Esc schließt ohne Speichern")
            )
            yield Static(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        chooser = self.query_one("#choice-list", OptionList)
        chooser.focus()
        values = [value for _label, value in self.options]
        chooser.highlighted = values.index(self.highlighted) if self.highlighted in values else 0

    def _chosen(self) -> str | None:
        chooser = self.query_one("#choice-list", OptionList)
        if chooser.highlighted is None or not self.options:
            return None
        return self.options[chooser.highlighted][1]

    def _answer(self) -> None:
        value = self._chosen()
        if value is None:
            self.query_one("#dialog-error", Static).update(_("Bitte eine Möglichkeit wählen."))
            return
        comment = typed(self.query_one("#choice-comment", Input).value) if self.comment_label else ""
        self.dismiss((value, comment))

    @on(OptionList.OptionSelected, "#choice-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._answer()

    @on(Input.Submitted, "#choice-comment")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer()

    def action_cancel(self) -> None:
        self.dismiss(None)
