"""The columns of the coordinator's open items and needs board: which fit a terminal's width, and how wide each is.

Number, due date, group, meeting and status have fixed widths (their longest text or header); who is
responsible and the latest comment a share of what is left, within bounds; the task text the rest.
When the task would get fewer than ``TASK_MIN`` cells, the meeting goes first, then the group, then
the comment: the line under the table names them for the selected item.

The needs board (:func:`needs_columns`) works the same way on what it holds: each column as wide as
its longest text, within bounds; the need's text the rest. When the text would get fewer than
``NEED_TEXT_MIN`` cells, the comment goes first, then the action items, the offers, the group and the
topic (its filter stays): the detail under the board shows all of the selected need.

Both are fitted by the tables' one fitter, :func:`integra_tui.ui.widgets.table_cells.fit_columns`.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len

from integra_tui.i18n import N_, format_date, gettext
from integra_tui.io.exports.documents import status_label
from integra_tui.ui.widgets.table_cells import FitColumn, fit_columns, longest_texts

__all__ = [
    "COLUMNS",
    "NARROW_BELOW",
    "NEED_COLUMNS",
    "NEED_TEXT_MIN",
    "TASK_MIN",
    "column_labels",
    "followup_columns",
    "need_column_labels",
    "needs_columns",
]

NARROW_BELOW = 100
"""Below this many columns the filters above the open items use their shorter words and widths."""

COLUMNS = {
    "id": N_("Nr."),
    "due": N_("Fällig"),
    "text": N_("Aufgabe"),
    "owner": N_("Verantwortlich"),
    "group": N_("Gruppe"),
    "meeting": N_("aus Treffen"),
    "status": N_("Status"),
    "comment": N_("Kommentar"),
}
"""Every column the open items can show, in their order, with their headers."""

TASK_MIN = 36
"""The task text's fewest cells before a column of less use gives way."""

_OWNER = (14, 24)
_COMMENT = (12, 32)
_SHARE = (2, 9)  # of the room the fixed columns leave: the owner's and the comment's each


def column_labels() -> dict[str, str]:
    """The columns' headers in the language shown."""
    return {key: gettext(label) for key, label in COLUMNS.items()}


def followup_columns(width: int) -> list[tuple[str, int]]:
    """The columns (key, width in cells) of the open items for a table ``width`` cells wide, in order."""
    labels = column_labels()
    statuses = max(cell_len(status_label(s)) for s in ("open", "done", "dropped"))
    dates = max(cell_len(format_date(date(2026, month, 28))) for month in range(1, 13))  # "28.09.2026", "28 Sep 2026"
    columns = [
        FitColumn("id", least=4),
        FitColumn("due", least=dates),
        FitColumn("text", flexible=TASK_MIN),
        FitColumn("owner", least=_OWNER[0], most=_OWNER[1], share=_SHARE),
        FitColumn("group", least=12, gives_way=2),
        FitColumn("meeting", least=dates, gives_way=1),
        FitColumn("status", least=statuses),
        FitColumn("comment", least=_COMMENT[0], most=_COMMENT[1], share=_SHARE, gives_way=3),
    ]
    return fit_columns(width, columns, {key: cell_len(label) for key, label in labels.items()})


NEED_COLUMNS = {
    "id": N_("Nr."),
    "status": N_("Status"),
    "topic": N_("Thema"),
    "group": N_("Für"),
    "text": N_("Bedarf"),
    "owner": N_("Wer kümmert sich"),
    "offers": N_("Angebote"),
    "actions": N_("Aufgaben"),
    "comment": N_("Kommentar"),
}
"""Every column the needs board can show, in their order, with their headers."""

NEED_TEXT_MIN = 24
"""The need's text's fewest cells before a column of less use gives way."""

_NEED_OWNER_LEAST = 12


def need_column_labels() -> dict[str, str]:
    """The needs board's headers in the language shown."""
    return {key: gettext(label) for key, label in NEED_COLUMNS.items()}


def needs_columns(width: int, cells: dict[str, list[str]]) -> list[tuple[str, int]]:
    """The columns (key, width in cells) of the needs board for a table ``width`` cells wide, in order.

    ``cells`` holds each column's texts as shown: a column is as wide as its longest (or its header),
    up to its bound; the status as wide as its longest word, whatever the board holds now.
    """
    status_words = cells.get("status_words", [])
    columns = [
        FitColumn("id"),
        FitColumn("status", least=max([0, *(cell_len(text) for text in status_words)])),
        FitColumn("topic", most=16, gives_way=5),
        FitColumn("group", most=13, gives_way=4),
        FitColumn("text", flexible=NEED_TEXT_MIN),
        FitColumn("owner", most=26, shrinks_to=_NEED_OWNER_LEAST),
        FitColumn("offers", gives_way=3),
        FitColumn("actions", gives_way=2),
        FitColumn("comment", most=30, gives_way=1),
    ]
    return fit_columns(width, columns, longest_texts(need_column_labels(), cells))
