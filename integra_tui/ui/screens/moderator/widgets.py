"""The moderator's widgets: the four tables, which post messages to the screen (the footer: ui.widgets.key_footer).

A table never calls its screen: a key pressed in it becomes a message naming the highlighted row
(``SpeakerQueue.Remove``, ``CaptureTable.Edit`` ...), and the screen, which owns the store calls,
handles it. The helpers below read and keep a table's cursor by row key across a refill.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from integra_tui.i18n import N_
from integra_tui.ui.widgets.key_footer import KeyFooter

__all__ = [
    "AgendaTable",
    "CaptureTable",
    "FittedTable",
    "KeyFooter",
    "OpenItemsTable",
    "SpeakerQueue",
    "clear_table",
    "highlighted_key",
    "move_to",
    "room_for_last_column",
]


# -- table helpers -------------------------------------------------------------------------------


def highlighted_key(table: DataTable[object]) -> int | None:
    """The row key (an id) under the table's cursor, None for an empty table."""
    if not table.row_count:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except Exception:  # noqa: BLE001 - an empty or shrinking table has no cursor row
        return None
    return int(key) if key is not None else None


def move_to(table: DataTable[object], key: int | None) -> None:
    """Put the cursor on the row with ``key`` (nothing happens when it is gone)."""
    if key is None:
        return
    try:
        table.move_cursor(row=table.get_row_index(str(key)))
    except Exception:  # noqa: BLE001 - the row is gone
        pass


def clear_table(table: DataTable[object]) -> None:
    """Empty a table and let its auto-width columns shrink back to their headers."""
    table.clear()
    for column in table.columns.values():
        if column.auto_width:
            column.content_width = column.label.cell_len


def room_for_last_column(table: DataTable[object], *columns: str | list[str]) -> int:
    """Cells left for a table's last column after the other ``columns`` (their texts), padding and a scrollbar."""
    used = 0
    for texts in columns:
        used += max(cell_len(t) for t in ([texts] if isinstance(texts, str) else texts)) + 2 * table.cell_padding
    return max(8, table.scrollable_content_region.width - used - 2 * table.cell_padding - 2)


class _RowMessage(Message):
    """A key pressed on a table's row: which table, and the row's key (None: the table is empty)."""

    def __init__(self, table: DataTable[object], key: int | None) -> None:
        super().__init__()
        self.table = table
        self.key = key
        """The highlighted row's key (an entry or capture id), None when no row is highlighted."""

    @property
    def control(self) -> DataTable[object]:
        """The table the key was pressed in (for ``@on(..., "#selector")``)."""
        return self.table


class FittedTable(DataTable[object]):
    """A table whose last column is cut to its width; says so when its size changes (it is refilled)."""

    class Resized(Message):
        """The table's size changed: its rows are cut again to the new width."""

        def __init__(self, table: FittedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> FittedTable:
            return self.table

    def on_resize(self) -> None:
        self.call_after_refresh(self.post_message, self.Resized(self))


class AgendaTable(FittedTable):
    """The agenda, one row per item; Enter starts the highlighted item (``DataTable.RowSelected``)."""

    BINDINGS = [
        Binding("enter", "select_cursor", N_("Punkt starten"), tooltip=N_("Startet den markierten Punkt"), show=False)
    ]


class SpeakerQueue(DataTable[object]):
    """The waiting speakers of the current item."""

    BINDINGS = [
        Binding(
            "delete", "remove_speaker", N_("Streichen"), tooltip=N_("Nimmt die markierte Person von der Redeliste")
        ),
        Binding("h", "move_up", N_("Nach oben"), tooltip=N_("Rückt die markierte Person einen Platz vor")),
    ]

    class Remove(_RowMessage):
        """Take the highlighted person off the list."""

    class MoveUp(_RowMessage):
        """Move the highlighted person one place up."""

    def action_remove_speaker(self) -> None:
        """Take the highlighted entry off the list."""
        self.post_message(self.Remove(self, highlighted_key(self)))

    def action_move_up(self) -> None:
        """Move the highlighted entry one place up."""
        self.post_message(self.MoveUp(self, highlighted_key(self)))


class CaptureTable(FittedTable):
    """What was captured for the current item."""

    BINDINGS = [
        Binding("enter", "edit_capture", N_("Bearbeiten"), tooltip=N_("Öffnet den markierten Eintrag")),
        Binding(
            "delete", "remove_capture", N_("Entfernen"), tooltip=N_("Entfernt den markierten Eintrag (bleibt vermerkt)")
        ),
        Binding(
            "z",
            "hands",
            N_("Abstimmung"),
            tooltip=N_("Abstimmung eines Beschlusses oder Handzeichen eines Themenwunschs eintragen"),
        ),
    ]

    class Edit(_RowMessage):
        """Open the highlighted capture in its form."""

    class Remove(_RowMessage):
        """Remove the highlighted capture (after a yes)."""

    class Hands(_RowMessage):
        """Enter the show of hands of the highlighted decision or topic wish."""

    def action_hands(self) -> None:
        """Enter the show of hands of the highlighted decision or topic wish."""
        self.post_message(self.Hands(self, highlighted_key(self)))

    def action_edit_capture(self) -> None:
        """Edit the highlighted capture."""
        self.post_message(self.Edit(self, highlighted_key(self)))

    def action_remove_capture(self) -> None:
        """Remove the highlighted capture."""
        self.post_message(self.Remove(self, highlighted_key(self)))


class OpenItemsTable(FittedTable):
    """Earlier meetings' open action items, needs and questions, each in its own part, while "Offene Punkte" runs."""

    BINDINGS = [
        Binding(
            "enter",
            "review",
            N_("Status setzen"),
            tooltip=N_("Aufgabe: erledigt, noch offen oder entfällt · Bedarf: Status · Frage: beantworten"),
        )
    ]

    class Review(_RowMessage):
        """Review the highlighted entry (a heading row has a negative key)."""

    def action_review(self) -> None:
        """Review the highlighted entry."""
        self.post_message(self.Review(self, highlighted_key(self)))
