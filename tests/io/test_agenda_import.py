"""Reading agendas: header variants, durations in every common spelling, kinds, bad rows by line, the demo agenda."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import openpyxl
import pytest

from integra_tui import i18n
from integra_tui.io.agenda_import import kind_label, parse_agenda, parse_minutes
from integra_tui.io.demo_data import demo_paths
from integra_tui.io.tabular import ImportFileError, read_table


def read(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "tagesordnung.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return parse_agenda(read_table(path))


def summary(result) -> list[tuple[int, str, int, str, str]]:
    return [(i.line, i.title, i.minutes, i.presenter, i.kind) for i in result.items]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("15", 15),
        (" 15 ", 15),
        ("15 min", 15),
        ("15min", 15),
        ("15 Min.", 15),
        ("15 Minuten", 15),
        ("15'", 15),
        ("ca. 20", 20),
        ("15.0", 15),
        ("0:15", 15),
        ("00:15", 15),
        ("00:15:00", 15),
        ("1:30", 90),
        ("1:30 h", 90),
        ("1 h", 60),
        ("1,5 h", 90),
        ("1.5 Std", 90),
        ("2 Stunden", 120),
        ("1 h 30 min", 90),
        ("1h30", 90),
        ("1 Std. 15 Min.", 75),
    ],
)
def test_minutes_understood(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "abc", "fünfzehn", "7,5", "1:75", "0:15:30", "15 Tage", "-5", "1,25 h x"])
def test_minutes_not_understood(text: str) -> None:
    assert parse_minutes(text) is None


def test_german_excel_agenda(tmp_path: Path) -> None:
    text = (
        "Titel;Minuten;Referent(in);Art\r\n"
        "Begrüßung;10;Katrin Vogel;Vortrag\r\n"
        "Vorstellungsrunde;15 min;;Austausch\r\n"
        "Kaffeepause;0:10;;\r\n"
        "Vortrag: Ausbildung im Handwerk;25;Halil Demir;\r\n"
        "Bedarfe sammeln;20;;\r\n"
    )
    result = read(tmp_path, text, "cp1252")
    assert result.problems == []
    assert summary(result) == [
        (2, "Begrüßung", 10, "Katrin Vogel", "talk"),
        (3, "Vorstellungsrunde", 15, "", "discussion"),
        (4, "Kaffeepause", 10, "", "break"),
        (5, "Vortrag: Ausbildung im Handwerk", 25, "Halil Demir", "talk"),
        (6, "Bedarfe sammeln", 20, "", "discussion"),
    ]
    assert result.total_minutes == 80


@pytest.mark.parametrize(
    "header",
    [
        "title,minutes,presenter,kind",
        "Thema,Dauer,Referent/in,Typ",
        "Tagesordnungspunkt,Dauer (Min.),Moderation,Art",
        "TOP,Min,Referentin,Type",
        "Title,Duration,Speaker,Kind",
    ],
)
def test_header_variants(tmp_path: Path, header: str) -> None:
    result = read(tmp_path, f"{header}\nPause,10,,break\nRückblick,1:30,Eva Ost,talk\n")
    assert summary(result) == [(2, "Pause", 10, "", "break"), (3, "Rückblick", 90, "Eva Ost", "talk")]


def test_numbered_top_column_next_to_the_topic(tmp_path: Path) -> None:
    result = read(tmp_path, "TOP;Thema;Dauer\n1;Begrüßung;10\n2;Austausch;20\n")
    assert [item.title for item in result.items] == ["Begrüßung", "Austausch"]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Vortrag", "talk"),
        ("talk", "talk"),
        ("Impuls", "talk"),
        ("Präsentation", "talk"),
        ("Diskussion", "discussion"),
        ("discussion", "discussion"),
        ("Austausch", "discussion"),
        ("Pause", "break"),
        ("BREAK", "break"),
        ("Kaffeepause", "break"),
    ],
)
def test_kinds(tmp_path: Path, written: str, kind: str) -> None:
    result = read(tmp_path, f"Titel;Minuten;Art\nPunkt;10;{written}\n")
    assert [item.kind for item in result.items] == [kind]
    assert result.problems == []


def test_bad_rows_reported_by_line_good_rows_kept(tmp_path: Path) -> None:
    text = (
        "Titel;Minuten;Art\n"  # 1
        "Begrüßung;10;\n"  # 2
        "Vorstellungsrunde;viertel Stunde;\n"  # 3: not understood
        ";15;\n"  # 4: no title
        "\n"  # 5
        "Austausch;;\n"  # 6: no duration
        "Mittag;14:00;\n"  # 7: a clock time, far too long
        "Stille;0;\n"  # 8: zero
        "Tanz;10;Tanz\n"  # 9: unknown kind, kept as discussion
        "Summe;65;\n"  # 10: a total row
        "Absprachen;15;Diskussion\n"  # 11
    )
    result = read(tmp_path, text)
    assert [(i.line, i.title, i.kind) for i in result.items] == [
        (2, "Begrüßung", "discussion"),
        (9, "Tanz", "discussion"),
        (11, "Absprachen", "discussion"),
    ]
    assert [(p.line, p.message) for p in result.problems] == [
        (
            3,
            "Dauer „viertel Stunde“ nicht verstanden (erwartet z. B. 15, 15 min oder 1:30) – "
            "„Vorstellungsrunde“ übersprungen.",
        ),
        (4, "kein Titel – Zeile übersprungen."),
        (6, "„Austausch“ hat keine Dauer – übersprungen."),
        (7, "Die Dauer „14:00“ liegt nicht zwischen 1 und 360 Minuten – „Mittag“ übersprungen."),
        (8, "Die Dauer „0“ liegt nicht zwischen 1 und 360 Minuten – „Stille“ übersprungen."),
        (9, "Art „Tanz“ unbekannt (Vortrag, Diskussion oder Pause) – als „Diskussion“ übernommen."),
        (10, "Summenzeile „Summe“ übersprungen."),
    ]


def test_xlsx_agenda_with_durations_typed_as_times(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Thema", "Dauer", "Moderation"])
    sheet.append(["Begrüßung", 10, "Katrin Vogel"])
    sheet.append(["Vortrag", time(0, 25), "Claudia Neumann"])
    sheet.append(["Workshop", time(1, 30), None])
    path = tmp_path / "agenda.xlsx"
    workbook.save(path)
    result = parse_agenda(read_table(path))
    assert [(i.line, i.minutes) for i in result.items] == [(2, 10), (3, 25), (4, 90)]
    assert result.problems == []


@pytest.mark.parametrize(
    ("header", "missing"),
    [("Titel;Referent", "„Minuten“"), ("Minuten;Referent", "„Titel“"), ("Name;Gruppe", "„Titel“")],
)
def test_missing_columns_name_the_file_and_the_column(tmp_path: Path, header: str, missing: str) -> None:
    with pytest.raises(ImportFileError) as raised:
        read(tmp_path, f"{header}\nx;y\n")
    assert "tagesordnung.csv" in raised.value.message
    assert missing in raised.value.message
    assert "Gefundene Spalten" in raised.value.message


def test_headers_without_rows(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="keine Einträge"):
        read(tmp_path, "Titel;Minuten\n")


def test_kind_labels_follow_the_language() -> None:
    assert [kind_label(k) for k in ("talk", "discussion", "break")] == ["Vortrag", "Diskussion", "Pause"]
    i18n.set_language("en")
    try:
        assert [kind_label(k) for k in ("talk", "discussion", "break")] == ["Talk", "Discussion", "Break"]
    finally:
        i18n.set_language("de")


def test_demo_agenda() -> None:
    _invitees, agenda = demo_paths()
    assert agenda.read_bytes().split(b"\r\n", 1)[0] == "\ufeffTitel;Minuten;Referent(in);Art".encode()
    result = parse_agenda(read_table(agenda))
    assert result.problems == []
    assert [(i.title, i.minutes, i.kind) for i in result.items] == [
        ("Begrüßung", 10, "talk"),
        ("Vorstellungsrunde", 15, "discussion"),
        ("Vortrag: Integration in den Arbeitsmarkt", 25, "talk"),
        ("Austausch im Ehrenamt", 20, "discussion"),
        ("Pause", 10, "break"),
        ("Bedarfe sammeln", 20, "discussion"),
        ("Absprachen und nächster Termin", 15, "discussion"),
    ]
    assert result.total_minutes == 115
    assert "IHK" in result.items[2].presenter
