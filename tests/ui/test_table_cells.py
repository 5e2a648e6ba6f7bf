"""The tables' one column fitter (ui.widgets.table_cells.fit_columns), without a pilot: widths in, widths out."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from integra_tui.ui.widgets.table_cells import FLEXIBLE_LEAST, FitColumn, fit_columns, longest_texts

HOSTILE = "[/] [link=x] محمد ሰላም " + "ሰ" * 151 + "م" * 127
LABELS = {"id": "Nr.", "name": "Name", "text": "Eintrag", "group": "Gruppe", "due": "Fällig", "comment": "Kommentar"}
CELLS = {
    "id": ["12", "7"],
    "name": [HOSTILE, "Georg Lehmann"],
    "text": ["Kita-Plätze anfragen", "Raum buchen"],
    "group": ["Zugewandert"],
    "due": ["14.10.2026"],
    "comment": ["Anfrage läuft seit Oktober"],
}
COLUMNS = [
    FitColumn("id"),
    FitColumn("name", most=30, shrinks_to=8),
    FitColumn("text", flexible=20),
    FitColumn("group", most=13, gives_way=2),
    FitColumn("due"),
    FitColumn("comment", most=30, gives_way=1),
]


def used(fitted: list[tuple[str, int]], padding: int = 2, scrollbar: int = 2) -> int:
    return sum(width for _key, width in fitted) + padding * len(fitted) + scrollbar


def test_the_longest_texts_count_cells_of_headers_and_cells_as_typed() -> None:
    assert len(HOSTILE) == 300
    longest = longest_texts(LABELS, CELLS)
    assert longest["name"] == cell_len(HOSTILE) and longest["id"] == 3 and longest["comment"] == 26
    assert longest_texts({"x": "Da"}, {}) == {"x": 2}  # an empty column: its header


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 160, 240])
def test_the_columns_fit_in_their_order_and_the_whole_ones_stay_whole(width) -> None:
    fitted = fit_columns(width, COLUMNS, longest_texts(LABELS, CELLS))
    widths = dict(fitted)
    assert list(widths) == [c.key for c in COLUMNS if c.key in widths]  # in their order; some may give way
    assert {"id", "name", "text", "due"} <= set(widths)  # those that never give way
    assert widths["id"] == 3 and widths["due"] == 10  # no bounds: whole, never cut, on every terminal
    assert 8 <= widths["name"] <= 30  # a 300-character name is cut to its bound
    if width >= 60:
        assert used(fitted) <= width, fitted  # nothing out of sight to the right
        assert widths["text"] >= 20


def test_on_a_wide_terminal_the_flexible_column_takes_the_rest() -> None:
    fitted = fit_columns(160, COLUMNS, longest_texts(LABELS, CELLS))
    widths = dict(fitted)
    assert widths == {"id": 3, "name": 30, "text": widths["text"], "group": 11, "due": 10, "comment": 26}
    assert used(fitted) == 160  # every cell of the width is used: the text has the rest
    assert widths["text"] == 160 - 2 - 2 * 6 - (3 + 30 + 11 + 10 + 26)


def test_on_narrow_terminals_columns_give_way_in_their_order_then_some_shrink() -> None:
    longest = longest_texts(LABELS, CELLS)
    assert [key for key, _w in fit_columns(100, COLUMNS, longest)] == ["id", "name", "text", "group", "due"]
    assert [key for key, _w in fit_columns(80, COLUMNS, longest)] == ["id", "name", "text", "due"]
    narrow = dict(fit_columns(48, COLUMNS, longest))  # the name gives up cells down to its 8, the text has the rest
    assert narrow == {"id": 3, "name": 8, "text": 17, "due": 10}
    tiny = dict(fit_columns(20, COLUMNS, longest))  # narrower than any fit: the name at its least, text at least 12
    assert tiny["name"] == 8 and tiny["text"] == FLEXIBLE_LEAST


def test_a_column_may_give_up_cells_before_it_gives_way() -> None:
    columns = [FitColumn("name", flexible=21, most=21), FitColumn("organisation", gives_way=1, shrinks_first_to=10)]
    longest = {"name": 21, "organisation": 40}
    assert fit_columns(80, columns, longest) == [("name", 21), ("organisation", 40)]  # all fits: each its longest
    assert fit_columns(60, columns, longest) == [("name", 21), ("organisation", 33)]  # gives up 7 cells, stays
    assert fit_columns(44, columns, longest) == [("name", 21), ("organisation", 17)]
    assert fit_columns(36, columns, longest) == [("name", 21)]  # under 10 cells: it gives way, the name has room


def test_a_share_column_takes_its_share_and_what_the_flexible_one_leaves() -> None:
    columns = [FitColumn("text", flexible=20, most=15), FitColumn("comment", share=(2, 5), most=30)]
    assert fit_columns(100, columns, {"text": 15, "comment": 60}) == [("text", 15), ("comment", 79)]
    columns = [FitColumn("text", flexible=20), FitColumn("owner", least=14, most=24, share=(2, 9))]
    assert fit_columns(100, columns, {"text": 7, "owner": 14}) == [("text", 74), ("owner", 20)]  # 94 * 2 // 9
