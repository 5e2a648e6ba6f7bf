"""Cells of a DataTable: one that its column cuts with "…" (:func:`cut_cell`), one changed without
repainting the whole table (:func:`update_cell_quietly`), and the columns' widths (:func:`fit_columns`).

A cell holds the text as typed (what the hostile-text tests read) and is shown on one line; where its
column is narrower, the column's width cuts it with "…". Every table of the screens chooses its columns'
widths with :func:`fit_columns` (pure: the width, each column's rule and its longest text in, the widths out).

``DataTable.update_cell`` counts an update, and every render cache of the table is keyed by that count:
each call re-renders every cell of every row and repaints the whole widget. The moderator's agenda
changes one cell a second while an item runs (the time spent), so :func:`update_cell_quietly` puts the
value in place, drops only the cached renders of that one row and repaints only that row's lines. What
the user sees is the same as after ``update_cell``; the other rows are drawn from the caches.

It reaches into the table's caches (Textual 8's ``DataTable``); where they are not as expected it does
what ``update_cell`` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, ColumnKey, RowKey

from integra_tui.ui.text import literal

__all__ = ["FLEXIBLE_LEAST", "FitColumn", "cut_cell", "fit_columns", "longest_texts", "update_cell_quietly"]


def cut_cell(text: object, style: str = "") -> Text:
    """A cell holding ``text`` as typed, on one line, ending in "…" where its column is narrower."""
    cell = literal(text, style, one_line=True)
    cell.no_wrap, cell.overflow = True, "ellipsis"
    return cell


def update_cell_quietly(table: DataTable[Any], row_key: str, column_key: str, value: Any) -> None:
    """Put ``value`` in one cell and repaint only its row (the column keeps its width, as with ``update_cell``).

    Raises ``CellDoesNotExist`` for a row or column the table does not have.
    """
    row, column = RowKey(row_key), ColumnKey(column_key)
    try:
        index = table._row_locations.get(row)
        cells = table._data[row]
        caches = (table._row_renderable_cache, table._cell_render_cache, table._row_render_cache, table._line_cache)
        lines = [y for y, (key, _offset) in enumerate(table._y_offsets) if key == row]
    except (AttributeError, KeyError, TypeError):  # another Textual: its own way, the whole table
        table.update_cell(row_key, column_key, value)
        return
    if index is None or column not in table._column_locations:
        raise CellDoesNotExist(f"No cell exists for row_key={row!r}, column_key={column!r}.")
    cells[column] = value
    renderables, cell_renders, row_renders, line_renders = caches
    # The keys (Textual 8): renderables (update count, row index); a cell's render (row key, column key, ...);
    # a row's line (row key, line, ...); a table line (y among all lines, header first, ...).
    renderables.discard((table._update_count, index))
    for key in [key for key in cell_renders.keys() if key[0] == row and key[1] == column]:
        cell_renders.discard(key)
    for row_cache_key in [k for k in row_renders.keys() if k[0] == row]:
        row_renders.discard(row_cache_key)
    header = table.header_height if table.show_header else 0
    ys = {header + y for y in lines}
    for line_cache_key in [k for k in line_renders.keys() if k[0] in ys]:
        line_renders.discard(line_cache_key)
    table.refresh_row(index)


# -- the columns' widths ------------------------------------------------------------------------

FLEXIBLE_LEAST = 12
"""The fewest cells the flexible column gets, however narrow the table (the rest may then run out of sight)."""


@dataclass(frozen=True)
class FitColumn:
    """How one column of a table takes its share of the width (see :func:`fit_columns`).

    A column with none of the bounds below is kept whole: as wide as its longest text, never cut.
    """

    key: str
    most: int = 0
    """The most cells it takes (0: as many as its longest text); the flexible column's most cells too."""
    least: int = 0
    """The fewest cells it takes, whatever it holds now (the longest of its possible words)."""
    flexible: int = 0
    """Non-zero for the one column that takes the rest: the fewest cells it needs before others give way."""
    gives_way: int = 0
    """When the flexible column would get too few cells, columns leave in this order (1 first; 0: never)."""
    shrinks_to: int = 0
    """On the narrowest screens, after the others gave way, it gives up cells down to this many (0: never)."""
    shrinks_first_to: int = 0
    """Before it gives way, it gives up cells down to this many, and stays if that is enough (0: it leaves whole)."""
    share: tuple[int, int] = (0, 1)
    """A share (numerator, denominator) of what the other columns leave, within ``least`` and ``most``, whatever
    its texts: (0, 1) for none. While columns give way it counts with ``least``."""


def longest_texts(labels: Mapping[str, str], cells: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Each column's longest text in cells: its header in ``labels`` or one of its ``cells``."""
    return {
        key: max([cell_len(label), *(cell_len(text) for text in cells.get(key, ()))]) for key, label in labels.items()
    }


def fit_columns(
    width: int,
    columns: Sequence[FitColumn],
    longest: Mapping[str, int],
    *,
    padding: int = 2,
    scrollbar: int = 2,
) -> list[tuple[str, int]]:
    """The columns (key, width in cells, without padding) that fit a table ``width`` cells wide, in their order.

    ``longest`` is each column's longest text (:func:`longest_texts`), ``padding`` the cells around each
    column's text (both sides), ``scrollbar`` the cells kept for one. Each column is as wide as its longest
    text, within its bounds; a share column takes its share of what the others leave; the flexible one the
    rest (up to its ``most``, at least :data:`FLEXIBLE_LEAST`; what its ``most`` leaves goes to the last share
    column, if any). When that is less than it needs, columns give way in their order (one that may shrink
    first does so, and stays when that is enough); then those that may shrink do, so nothing is ever out of
    sight to the right.
    """
    widths = {}
    for column in columns:
        text = longest.get(column.key, 0)
        widths[column.key] = max(column.least, min(text, column.most) if column.most else text)
    flexible = next(column for column in columns if column.flexible)
    shares = [column for column in columns if column.share[0]]
    shown = [column.key for column in columns]
    leaving = sorted((c for c in columns if c.gives_way), key=lambda c: c.gives_way)

    def left_by_others() -> int:  # what the columns neither flexible nor a share leave
        kept = [key for key in shown if key != flexible.key and all(key != c.key for c in shares)]
        return width - scrollbar - padding * len(shown) - sum(widths[key] for key in kept)

    def room() -> int:  # the flexible column's, the shares at their least
        return left_by_others() - sum(c.least for c in shares if c.key in shown)

    for gone in [None, *leaving]:
        if gone is not None and gone.shrinks_first_to:
            widths[gone.key] = max(gone.shrinks_first_to, widths[gone.key] - (flexible.flexible - room()))
            if room() >= flexible.flexible:
                break
        if gone is not None:
            shown.remove(gone.key)
        if room() >= flexible.flexible:
            break
    for column in columns:  # the narrowest terminals: some give up cells before the flexible one does
        short = flexible.flexible - room()
        if short > 0 and column.shrinks_to and column.key in shown:
            widths[column.key] = max(column.shrinks_to, widths[column.key] - short)
    base = left_by_others()
    for column in shares:
        portion = base * column.share[0] // column.share[1]
        widths[column.key] = max(column.least, min(column.most, portion) if column.most else portion)
    rest = base - sum(widths[c.key] for c in shares if c.key in shown)
    widths[flexible.key] = max(FLEXIBLE_LEAST, rest)
    shared = [c.key for c in shares if c.key in shown]
    if flexible.most and widths[flexible.key] > flexible.most:
        if shared:  # the last share column takes what the flexible one leaves
            widths[shared[-1]] += widths[flexible.key] - flexible.most
        widths[flexible.key] = flexible.most
    return [(key, widths[key]) for key in shown]
