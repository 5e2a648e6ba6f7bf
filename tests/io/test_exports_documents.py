"""Markdown, HTML and PDF renderers: the sections a reader looks for, names in every script, nothing injected."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium

from integra_tui.io.exports.documents import (
    ActionLine,
    AttendanceDoc,
    AttendanceRow,
    EngagementDoc,
    FollowUpLine,
    GroupCount,
    ItemMinutes,
    MinutesDoc,
    split_name,
)
from integra_tui.io.exports.html import markdown_to_html
from integra_tui.io.exports.markdown import md_escape, minutes_markdown
from integra_tui.io.exports.pdf import BLANK_ATTENDANCE_ROWS, attendance_pdf, engagement_pdf, minutes_pdf

BERLIN = ZoneInfo("Europe/Berlin")
NAMES = ["Jürgen Müller", "Олена Коваленко", "احمد رحیمی", "ሳምራዊት ተኽለ", "Ömer Şengül"]


def _pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def _minutes() -> MinutesDoc:
    item = ItemMinutes(
        1,
        "Vortrag <b>Arbeit</b>",
        "Claudia Neumann",
        "done",
        25,
        30,
        29 * 60 + 30,
        ["Überziehung (17:42 Uhr): 5 Min. mehr"],
    )
    item.decisions.append(ActionLine(1, "decision", "Sprachcafé monatlich"))
    item.actions.append(ActionLine(2, "action", "*Praktika* sammeln", owner="Олена Коваленко", due=date(2027, 1, 15)))
    return MinutesDoc(
        title="INTEGRA-Netzwerktreffen",
        date=date(2026, 11, 27),
        start_time=time(17, 0),
        place="Mehrgenerationenhaus",
        topic="Arbeitsmarkt",
        started_at=datetime(2026, 11, 27, 17, 2, tzinfo=BERLIN),
        ended_at=datetime(2026, 11, 27, 18, 59, tzinfo=BERLIN),
        invited=7,
        present=6,
        walk_ins=1,
        groups=[GroupCount("Kommune", 1, 1), GroupCount("Zugewandert", 2, 2)],
        names=[("Zugewandert", ["Олена Коваленко", "ሳምራዊት ተኽለ"])],
        items=[item],
        other=None,
        speaking=[("Kommune", 240.0), ("Zugewandert", 180.0)],
        follow_ups=[
            FollowUpLine(
                7,
                "Flyer drucken",
                "Gisela Hartmann",
                date(2026, 12, 15),
                "INTEGRA",
                date(2026, 8, 27),
                "open",
                "Druckerei angefragt",
            )
        ],
        created_at=datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN),
    )


def test_minutes_markdown_has_every_section_and_escapes_user_text() -> None:
    text = minutes_markdown(_minutes())
    for heading in (
        "# Protokoll: INTEGRA-Netzwerktreffen",
        "## Anwesenheit",
        "## Tagesordnung",
        "## Redezeit nach Gruppen",
        "## Offene Punkte aus früheren Treffen",
    ):
        assert heading in text
    assert (
        "5 von 6 Eingeladenen" not in text
        and "5 von 7 Eingeladenen anwesend, dazu 1 ohne Einladung; insgesamt 6 Personen." in text
    )
    assert "geplant 25 Min. (mit Änderungen 30 Min.), tatsächlich 29:30 Min." in text
    assert "| Kommune | 4:00 Min. | 57 % |" in text
    assert "\\*Praktika\\* sammeln" in text and "\\<b\\>" in text
    assert "jetzt: offen (Druckerei angefragt)" in text


def test_minutes_html_shows_user_markup_as_text() -> None:
    page = markdown_to_html(minutes_markdown(_minutes()), "Protokoll")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<h2>Anwesenheit</h2>" in page and "<table>" in page
    assert "<b>" not in page and "&lt;b&gt;Arbeit&lt;/b&gt;" in page
    assert "*Praktika* sammeln" in page and "<em>Praktika</em>" not in page


def test_md_escape_keeps_dates_and_breaks_list_starts() -> None:
    assert md_escape("27.11.2026") == "27\\.11.2026"
    assert md_escape("- nicht als Liste") == "\\- nicht als Liste"
    assert md_escape("a | b\nc") == "a \\| b c"


def test_minutes_pdf_prints_sections_and_names_in_every_script() -> None:
    text = _pdf_text(minutes_pdf(_minutes()))
    assert "Protokoll: INTEGRA-Netzwerktreffen" in text
    for expected in (
        "Anwesenheit",
        "Tagesordnung",
        "Redezeit nach Gruppen",
        "Offene Punkte aus früheren Treffen",
        "Олена Коваленко",
        "ሳምራዊት ተኽለ",
        "Sprachcafé monatlich",
    ):
        assert expected in text


def test_attendance_pdf_has_names_signature_column_and_blank_rows() -> None:
    rows = [AttendanceRow(name, *split_name(name), "Kommune", "Stadt", None, "scan") for name in NAMES]
    doc = AttendanceDoc("INTEGRA-Netzwerktreffen", date(2026, 11, 27), time(17, 0), "Mehrgenerationenhaus", rows, 7)
    data = attendance_pdf(doc)
    text = _pdf_text(data)
    for header in ("Vorname", "Nachname", "Organisation", "Unterschrift"):
        assert header in text
    assert (
        "Veranstaltung: INTEGRA-Netzwerktreffen" in text
        and "Datum: 27.11.2026, 17:00 Uhr" in text
        and "Ort: Mehrgenerationenhaus" in text
    )
    for name in ("Jürgen", "Müller", "Олена", "Коваленко", "ሳምራዊት", "ተኽለ", "Şengül"):
        assert name in text
    # Arabic is shaped and laid out right to left; text extraction gives its letters in visual order.
    assert "احمد" in text and "م" in text
    blank_numbers = range(len(NAMES) + 1, len(NAMES) + BLANK_ATTENDANCE_ROWS + 1)
    assert "\r\n".join(str(n) for n in blank_numbers) in text


def test_engagement_pdf_names_the_person_and_the_meetings() -> None:
    doc = EngagementDoc(
        "Олена Коваленко",
        "Sprachcafé",
        [(date(2026, 8, 27), "INTEGRA-Netzwerktreffen", "MGH")],
        ["1 Redebeitrag am 27.11.2026"],
        date(2026, 12, 2),
    )
    text = _pdf_text(engagement_pdf(doc))
    assert "Teilnahmebestätigung" in text and "Олена Коваленко (Sprachcafé)" in text
    assert "27.08.2026: INTEGRA-Netzwerktreffen, MGH" in text and "Ausgestellt am 02.12.2026." in text
    assert "Unterschrift, Stempel" in text


def test_split_name() -> None:
    assert split_name("Jürgen Müller") == ("Jürgen", "Müller")
    assert split_name("Ludwig van der Berg") == ("Ludwig", "van der Berg")
    assert split_name("Klaus-Dieter Fröhlich") == ("Klaus-Dieter", "Fröhlich")
    assert split_name("Madonna") == ("", "Madonna")


# --- long minutes, set in one pass ---------------------------------------------------------------

OWNERS = ["Jürgen Müller", "Олена Коваленко", "احمد رحیمی", "ሳምራዊት ተኽለ", "Γιώργος Παπαδόπουλος"]


def _long_minutes(count: int) -> MinutesDoc:
    doc = _minutes()
    item = doc.items[0]
    for number in range(count):
        text = f"Aufgabe {number}: Raum klären, Flyer drucken; „Sprachcafé“" + " und mehr" * (number % 4)
        item.actions.append(ActionLine(100 + number, "action", text, owner=OWNERS[number % len(OWNERS)]))
    return doc


def test_long_minutes_print_every_capture_with_header_and_page_number_on_every_page() -> None:
    data = minutes_pdf(_long_minutes(400))
    document = pdfium.PdfDocument(data)
    pages = [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    assert len(pages) > 10
    for number, page in enumerate(pages, start=1):
        assert page.startswith("Protokoll – INTEGRA-Netzwerktreffen, 27.11.2026"), number
        assert f"Seite {number} von {len(pages)}" in page and "Erstellt am 02.12.2026" in page
    flat = " ".join(pages)
    for number in range(400):
        assert f"Aufgabe {number}: Raum klären" in flat, number
    assert flat.count("Verantwortlich") == 400 + 2  # and the two of _minutes()
    for owner in OWNERS[:2] + OWNERS[3:]:  # pdfium reads a line with the Arabic name back in its own order
        for word in owner.split():
            assert flat.count(word) >= 80, word


def test_one_pass_lines_break_where_multi_cell_breaks_them() -> None:
    """The bullets' own line breaking against fpdf2's multi_cell, for Latin, Cyrillic, Ethiopic and overlong words."""
    from fpdf.enums import MethodReturnValue

    from integra_tui.io.exports.pdf import _break_lines, _Document

    document = _Document("T", "H", [*OWNERS, "Wortohnepause" * 9], None)
    pdf = document.pdf
    pdf.add_page()
    width = pdf.epw - 6
    texts = [
        "Kurz",
        "Aufgabe 17: Raum klären, Flyer drucken; „Sprachcafé“ – Verantwortlich: Олена Коваленко, fällig 15.01.2027",
        "Eine Zeile " * 30,
        "Tigrinya ሳምራዊት ተኽለ und Griechisch Γιώργος Παπαδόπουλος mit mehr Text, der umbrechen muss, weil er lang ist",
        "Wortohnepause" * 9 + " und danach normal weiter",
    ]
    for text in texts:
        document.font(10)
        expected = pdf.multi_cell(width, 5, text, dry_run=True, output=MethodReturnValue.LINES)
        pieces = document._pieces(text)
        general = _break_lines(pieces, width - 2 * pdf.c_margin, lambda piece: document._piece_width(piece, 10))
        lines = document._lines(pieces, width - 2 * pdf.c_margin, 10)  # what the bullets use
        for found in (general, lines):
            assert found is not None
            assert ["".join(piece.text for piece, _width in line) for line in found] == [
                line.rstrip() for line in expected
            ]


def test_lines_in_one_font_break_as_the_general_breaking_does() -> None:
    """The short way for a line in one font gives the same lines and widths as the way for lines of several fonts."""
    import random

    from integra_tui.io.exports.pdf import _break_lines, _Document

    words = ["Aufgabe", "17:", "Raum", "klären,", "Flyer", "„Sprachcafé“", "–", "Олена", "Коваленко", "x", "W" * 40]
    rnd = random.Random(16)
    texts = [" ".join(rnd.choices(words, k=rnd.randint(1, 40))) for _ in range(300)]
    texts += ["", " führend", "endend ", "zwei  Leerzeichen", "W" * 120, "Kurz " + "W" * 120]
    document = _Document("T", "H", words, None)
    document.pdf.add_page()
    width = document.pdf.epw - 6 - 2 * document.pdf.c_margin
    plain = 0
    for text in texts:
        for size in (9, 10, 11):
            pieces = document._pieces(text)
            assert pieces is not None
            expected = _break_lines(pieces, width, lambda piece, size=size: document._piece_width(piece, size))
            assert document._lines(pieces, width, size) == expected, (text, size)
            plain += len(pieces) == 1 and "  " not in text and text.strip() == text and "W" * 120 not in text
    assert plain > 500  # most texts went the short way


def test_a_right_to_left_name_in_a_german_line_reads_from_the_right() -> None:
    """The name is shaped as a run of its own: its first letter stands right of its last, the line stays in order."""
    doc = _minutes()
    doc.items[0].actions = [ActionLine(5, "action", "Persisch پرستو ژاله‌گر und Hebräisch דוד כהן, Ende", owner="")]
    document = pdfium.PdfDocument(minutes_pdf(doc))
    page = document[0].get_textpage()
    chars = [(page.get_text_range(index, 1), page.get_charbox(index)) for index in range(page.count_chars())]
    start = "".join(char[:1] or "?" for char, _box in chars).index("Persisch")
    middle = (chars[start][1][1] + chars[start][1][3]) / 2  # of the line, from the P of "Persisch"
    boxes: dict[str, list[float]] = {}
    for char, box in chars:
        if abs((box[1] + box[3]) / 2 - middle) < 7:  # on that line (a glyph's box is its ink only)
            boxes.setdefault(char, []).append(box[0])
    assert min(boxes["پ"]) > max(boxes["گ"])  # پرستو (first) right of ژاله‌گر (second)
    assert min(boxes["ד"]) > max(boxes["כ"])  # דוד right of כהן
    assert max(boxes["P"]) < min(boxes["گ"]) and max(boxes["ה"]) < min(boxes["E"])  # German around it in order


def test_stand_ins_in_a_long_list_name_the_page_they_print_on() -> None:
    from integra_tui.io import fonts

    doc = _long_minutes(300)
    doc.items[0].actions[250].text = "Anna 😀 bringt Kuchen"
    warnings: list[fonts.FontWarning] = []
    data = minutes_pdf(doc, warnings, "P.pdf")
    document = pdfium.PdfDocument(data)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    [where] = [number for number, page in enumerate(pages, start=1) if "Anna [?] bringt Kuchen" in page]
    assert warnings == [fonts.FontWarning("P.pdf", pages=(where,))] and where > 1
