"""The columns of the coordinator's open items and needs board: which fit a terminal's width, and how wide each is.

Number, due date, group, meeting and status have fixed widths (their longest text or header); who is
responsible and the latest comment a share of what is left, within bounds; the task text the rest.
When the task would get fewer than ``TASK_MIN`` cells, the meeting goes first, then the group, then
the comment: the line under the table names them for the selected item.

The needs board (:func:`needs_columns`) works the same way on what it holds: each column as wide as
its longest text, within bounds; the need's text the rest. When the text would get fewer than
``NEED_TEXT_MIN`` cells, the comment goes first, then the action items, the offers, the group and the
topic (its filter stays): the detail under the board shows all of the selected need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len

from integra_tui.i18n import N_, format_date, gettext
from integra_tui.io.exports.documents import status_label

__all__ = [
    "COLUMNS",
    "NARROW_BELOW",
    "FitColumn",
    "NEED_COLUMNS",
    "NEED_TEXT_MIN",
    "TASK_MIN",
    "column_labels",
    "fit_columns",
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

_GIVE_WAY = ("meeting", "group", "comment")
_OWNER = (14, 24)
_COMMENT = (12, 32)
_SCROLLBAR = 2
_PADDING = 2  # one cell either side of each column


def column_labels() -> dict[str, str]:
    """The columns' headers in the language shown."""
    return {key: gettext(label) for key, label in COLUMNS.items()}


def _share(room: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], room * 2 // 9))


def followup_columns(width: int) -> list[tuple[str, int]]:
    """The columns (key, width in cells) of the open items for a table ``width`` cells wide, in order."""
    labels = column_labels()
    statuses = max(cell_len(status_label(s)) for s in ("open", "done", "dropped"))
    dates = max(cell_len(format_date(date(2026, month, 28))) for month in range(1, 13))  # "28.09.2026", "28 Sep 2026"
    fixed = {"id": 4, "due": dates, "group": 12, "meeting": dates, "status": statuses}
    fixed = {key: max(cells, cell_len(labels[key])) for key, cells in fixed.items()}
    shown = list(COLUMNS)
    room = 0
    for leaving in (None, *_GIVE_WAY):
        if leaving is not None:
            shown.remove(leaving)
        room = width - _SCROLLBAR - _PADDING * len(shown) - sum(fixed.get(key, 0) for key in shown)
        least = _OWNER[0] + (_COMMENT[0] if "comment" in shown else 0)
        if room - least >= TASK_MIN:
            break
    owner = _share(room, _OWNER)
    comment = _share(room, _COMMENT) if "comment" in shown else 0
    widths = {**fixed, "owner": owner, "comment": comment, "text": max(12, room - owner - comment)}
    return [(key, widths[key]) for key in shown]


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
    return fit_columns(
        width,
        [
            FitColumn("id"),
            FitColumn("status", least=max([0, *(cell_len(text) for text in status_words)])),
            FitColumn("topic", most=16, gives_way=5),
            FitColumn("group", most=13, gives_way=4),
            FitColumn("text", flexible=NEED_TEXT_MIN),
            FitColumn("owner", most=26, shrinks_to=_NEED_OWNER_LEAST),
            FitColumn("offers", gives_way=3),
            FitColumn("actions", gives_way=2),
            FitColumn("comment", most=30, gives_way=1),
        ],
        need_column_labels(),
        cells,
    )


@dataclass(frozen=True)
class FitColumn:
    """How one column of a table takes its share of the width (see :func:`fit_columns`)."""

    key: str
    most: int = 0
    """The most cells it takes (0: as many as its longest text)."""
    least: int = 0
    """The fewest cells it takes, whatever it holds now (the longest of its possible words)."""
    flexible: int = 0
    """Non-zero for the one column that takes the rest: the fewest cells it needs before others give way."""
    gives_way: int = 0
    """When the flexible column would get too few cells, columns leave in this order (1 first; 0: never)."""
    shrinks_to: int = 0
    """On the narrowest screens, after the others gave way, it gives up cells down to this many (0: never)."""


def fit_columns(
    width: int, columns: list[FitColumn], labels: dict[str, str], cells: dict[str, list[str]]
) -> list[tuple[str, int]]:
    """The columns (key, width in cells) that fit a table ``width`` cells wide, in their order.

    Each column is as wide as its longest text in ``cells`` (or its header in ``labels``), within its
    bounds; the flexible one takes the rest. When that is less than it needs, columns give way in
    their order, then those that may shrink do, so nothing is ever out of sight to the right.
    """
    widths = {}
    for column in columns:
        longest = max([cell_len(labels[column.key]), *(cell_len(text) for text in cells.get(column.key, []))])
        widths[column.key] = max(column.least, min(longest, column.most) if column.most else longest)
    flexible = next(column for column in columns if column.flexible)
    shown = [column.key for column in columns]
    leaving = sorted((c for c in columns if c.gives_way), key=lambda c: c.gives_way)

    def room() -> int:
        return width - _SCROLLBAR - _PADDING * len(shown) - sum(widths[key] for key in shown if key != flexible.key)

    for gone in [None, *leaving]:
        if gone is not None:
            shown.remove(gone.key)
        if room() >= flexible.flexible:
            break
    for column in columns:  # the narrowest terminals: some give up cells before the flexible one does
        short = flexible.flexible - room()
        if short > 0 and column.shrinks_to and column.key in shown:
            widths[column.key] = max(column.shrinks_to, widths[column.key] - short)
    widths[flexible.key] = max(12, room())
    return [(key, widths[key]) for key in shown]
