"""Cells of a DataTable: one that its column cuts with "…" (:func:`cut_cell`), and one changed without
repainting the whole table (:func:`update_cell_quietly`).

A cell holds the text as typed (what the hostile-text tests read) and is shown on one line; where its
column is narrower, the column's width cuts it with "…". The column widths are the screen's to choose.

``DataTable.update_cell`` counts an update, and every render cache of the table is keyed by that count:
each call re-renders every cell of every row and repaints the whole widget. The moderator's agenda
changes one cell a second while an item runs (the time spent), so :func:`update_cell_quietly` puts the
value in place, drops only the cached renders of that one row and repaints only that row's lines. What
the user sees is the same as after ``update_cell``; the other rows are drawn from the caches.

It reaches into the table's caches (Textual 8's ``DataTable``); where they are not as expected it does
what ``update_cell`` does.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, ColumnKey, RowKey

from integra_tui.ui.text import literal

__all__ = ["cut_cell", "update_cell_quietly"]


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
