"""How printed papers look: headers that fit the paper, the minutes' parts, Arabic names in order, print setup.

Every PDF is read back with pypdfium2 (text and where each character stands); every XLSX with
openpyxl and as the XML a spreadsheet program reads.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import openpyxl
import pypdfium2 as pdfium
import pytest

from integra_tui.domain.names import isolate
from integra_tui.domain.organiser import Organiser
from integra_tui.io.exports.csv_xlsx import xlsx_bytes
from integra_tui.io.exports.documents import (
    ActionLine,
    AttendanceDoc,
    AttendanceRow,
    EngagementDoc,
    GroupCount,
    ItemMinutes,
    MinutesDoc,
    NeedReviewLine,
    QuestionReviewLine,
    Sheet,
    split_name,
)
from integra_tui.io.exports.network_documents import HandoutDoc, HandoutEntry, HandoutTopic
from integra_tui.io.exports.network_pdf import handout_pdf
from integra_tui.io.exports.pdf import attendance_pdf, engagement_pdf, minutes_pdf, signin_pdf
from integra_tui.io.exports.signin import SignInRow, SignInSheet

BERLIN = ZoneInfo("Europe/Berlin")
CREATED = datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)
LONG_TITLE = (
    "INTEGRA-Netzwerktreffen zu Wohnen, Arbeit und Ankommen in Lindenfeld mit Gästen aus Jobcenter, "
    "Ausländerbehörde, Wohnungsbaugesellschaft, Beratungsstellen der Wohlfahrtsverbände und vielen Ehrenamtlichen"
)[:200].ljust(200, "x")
LONG_PLACE = "Mehrgenerationenhaus Lindenfeld, Großer Saal im Erdgeschoss, Marktstraße 5, 12345 Lindenfeld"
ARABIC = ["احمد رحیمی", "فاطمه حسینی", "مریم کریمی"]


def _chars(data: bytes) -> list[tuple[list[str], list[tuple], float]]:
    """Per page: its characters, their boxes (left, bottom, right, top in points), and the page's width."""
    document = pdfium.PdfDocument(data)
    pages = []
    for page in document:
        text = page.get_textpage()
        count = text.count_chars()
        pages.append(
            ([text.get_text_range(i, 1) for i in range(count)], [text.get_charbox(i) for i in range(count)],
             page.get_width())
        )  # fmt: skip
    return pages


def _flat(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def _minutes(title: str = "INTEGRA-Netzwerktreffen", place: str = "MGH") -> MinutesDoc:
    item = ItemMinutes(1, "Wohnen in Lindenfeld", "Claudia Neumann", "done", 25, 25, 25 * 60)
    item.decisions.append(ActionLine(1, "decision", "Sprachcafé monatlich", votes=(12, 2, 1)))
    item.offers.append(ActionLine(2, "offer", "Begleitung zu Behördengängen, dienstags", group="Ehrenamtlich"))
    item.questions.append(
        ActionLine(3, "question", "Wer hilft beim Wohngeldantrag?", group="Zugewandert", answer="Die Wohngeldstelle",
                   answered_by="Jürgen Müller", status="answered")
    )  # fmt: skip
    item.topic_wishes.append(ActionLine(4, "topic_wish", "Führerschein auf Deutsch", topic="Mobilität", hands=9))
    return MinutesDoc(
        title=title,
        date=date(2026, 11, 27),
        start_time=time(17, 0),
        place=place,
        topic="Wohnen",
        started_at=None,
        ended_at=None,
        invited=5,
        present=6,
        walk_ins=2,
        groups=[GroupCount("Zugewandert", 4, 3, walk_ins=2), GroupCount("Kommune", 2, 2)],
        names=[("Ehrenamtlich", ARABIC)],
        items=[item],
        other=None,
        speaking=[],
        follow_ups=[],
        created_at=CREATED,
        open_needs=[
            NeedReviewLine(
                9,
                "Fahrradwerkstatt für Jugendliche",
                "Zugewandert",
                "Mobilität",
                "Olena",
                "INTEGRA",
                date(2026, 8, 27),
                "in_progress",
            )
        ],  # fmt: skip
        open_questions=[QuestionReviewLine(10, "Gibt es Kita-Plätze im Frühjahr?", "Ehrenamtlich", "", None)],
    )


def _signin(title: str = "INTEGRA-Netzwerktreffen", place: str = "MGH") -> SignInSheet:
    names = ["Jürgen Müller", "ሳምራዊት ተኽለ", *ARABIC]
    rows = [SignInRow(n, name, *split_name(name), "Zugewandert", "") for n, name in enumerate(names, start=1)]
    return SignInSheet(
        title, "Wohnen", date(2027, 2, 25), time(17, 0), time(19, 0), place,
        Organiser("Mehrgenerationenhaus Lindenfeld", "Marktstraße 5, 12345 Lindenfeld"), False, rows, 3,
        "Hinweis zum Datenschutz (Art. 13 DSGVO): …", "Die Richtigkeit der Angaben bestätigt:", CREATED,
        ["Nr.", "Nachname", "Vorname", "Gruppe", "Organisation", "Unterschrift"],
    )  # fmt: skip


def _papers(title: str, place: str) -> dict[str, bytes]:
    rows = [AttendanceRow("Jürgen Müller", "Jürgen", "Müller", "Kommune", "Stadt", None, "scan")]
    handout = HandoutDoc(title, [HandoutTopic("Wohnen", [HandoutEntry("Wer hilft?", "", "Die Stelle", "", None)])],
                         CREATED)  # fmt: skip
    return {
        "minutes": minutes_pdf(_minutes(title, place)),
        "attendance": attendance_pdf(AttendanceDoc(title, date(2026, 11, 27), time(17, 0), place, rows, 1), CREATED),
        "engagement": engagement_pdf(
            EngagementDoc(title, "", [(date(2026, 8, 27), title, place)], [], date(2026, 12, 2))
        ),
        "signin": signin_pdf(_signin(title, place)),
        "handout": handout_pdf(handout),
    }


@pytest.mark.parametrize("kind", ["minutes", "attendance", "engagement", "signin", "handout"])
def test_a_200_character_title_is_not_cut_at_the_paper_edge(kind) -> None:
    data = _papers(LONG_TITLE, LONG_PLACE)[kind]
    for chars, boxes, width in _chars(data):
        printed = [(char, box) for char, box in zip(chars, boxes, strict=True) if char.strip()]
        assert printed and all(box[2] <= width - 30 for _char, box in printed)  # inside the right margin
    first = _flat(data)[0]
    header = first.split(LONG_TITLE[:30])[0] + " ".join(LONG_TITLE.split())  # the whole title in the header
    assert header in first and first.index(header) < 40


def test_the_minutes_count_walk_ins_apart_and_print_votes_offers_questions_and_open_items() -> None:
    flat = " ".join(_flat(minutes_pdf(_minutes())))
    assert "Gruppe Eingeladen davon anwesend ohne Einladung anwesend zusammen" in flat
    assert "Zugewandert 3 2 2 4" in flat and "Kommune 2 2 0 2" in flat
    assert "Sprachcafé monatlich – Abstimmung: ja 12, nein 2, Enthaltung 1" in flat
    assert "Angebote" in flat and "Begleitung zu Behördengängen, dienstags – von: Ehrenamtlich" in flat
    assert (
        "Wer hilft beim Wohngeldantrag? – gefragt von: Zugewandert, Antwort: Die Wohngeldstelle (Jürgen Müller)" in flat
    )
    assert "Themenwünsche" in flat and "Führerschein auf Deutsch – Thema: Mobilität, 9 Handzeichen" in flat
    needs, questions = (
        flat.index("Offene Bedarfe aus früheren Treffen"),
        flat.index("Offene Fragen aus früheren Treffen"),
    )
    need = flat.index("Fahrradwerkstatt für Jugendliche – für: Zugewandert; Thema: Mobilität")
    question = flat.index("Gibt es Kita-Plätze im Frühjahr? – gefragt von: Ehrenamtlich; noch offen")
    assert needs < need < questions < question and "kümmert sich: Olena; jetzt: in Arbeit" in flat


def _left_to_right(data: bytes, names: list[str]) -> list[float]:
    """Where (x of the leftmost letter) each name stands on the line that holds the first name's first letter."""
    chars, boxes, _width = _chars(data)[0]
    firsts = {name: name.split()[0] for name in names}
    starts = [i for i, char in enumerate(chars) if char == firsts[names[0]][0]]
    line = (boxes[starts[0]][1] + boxes[starts[0]][3]) / 2
    on_line = [(char, box) for char, box in zip(chars, boxes, strict=True) if abs((box[1] + box[3]) / 2 - line) < 4]
    places = []
    for name in names:  # a letter only this name has on the line
        own = next(c for c in name if sum(c in other for other in names) == 1 and c.strip())
        places.append(min(box[0] for char, box in on_line if char == own))
    return places


def test_several_arabic_names_in_one_line_keep_their_order() -> None:
    """Isolated (FSI … PDI), three Persian names in a German line read left to right in the order written."""
    doc = _minutes()
    places = _left_to_right(minutes_pdf(doc), ARABIC)
    assert places == sorted(places), places
    # Without isolates the bidi algorithm would run them together and print the last name first.
    from integra_tui.io.exports.pdf import _Document

    document = _Document("T", "H", ARABIC, None)
    document.pdf.add_page()
    document.bullets(["Ehrenamtlich: " + ", ".join(ARABIC)])
    assert _left_to_right(document.bytes(), ARABIC) == sorted(_left_to_right(document.bytes(), ARABIC), reverse=True)
    document = _Document("T", "H", ARABIC, None)
    document.pdf.add_page()
    document.bullets(["Ehrenamtlich: " + ", ".join(isolate(name) for name in ARABIC)])
    assert _left_to_right(document.bytes(), ARABIC) == sorted(_left_to_right(document.bytes(), ARABIC))


def test_the_signin_pdf_keeps_arabic_and_ethiopic_names_and_numbers_rows() -> None:
    from integra_tui.io.fonts import FontWarning

    warnings: list[FontWarning] = []
    flat = " ".join(_flat(signin_pdf(_signin(), warnings)))
    assert warnings == []  # every name printed in its own script, no stand-ins
    assert "ተኽለ ሳምራዊት" in flat and "Müller Jürgen" in flat and "Seite 1 von 2" in flat
    # Shaped Arabic comes back from pdfium as joined glyphs; each name's letters are there.
    for name in ARABIC:
        assert all(letter in flat for letter in name.replace(" ", "")[:1] + name.replace(" ", "")[-1:]), name


# -- spreadsheets -----------------------------------------------------------------------------------


def _xml(data: bytes, part: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")


def test_a_wide_sheet_prints_landscape_one_page_wide_with_the_header_on_every_page() -> None:
    wide = Sheet("Aufgaben", ["Nr.", "Aufgabe", "Treffen", "Tagesordnungspunkt", "Verantwortlich", "Kommentar"],
                 [[n, "Raum klären und Flyer drucken " * 3, date(2026, 11, 27), "Punkt 2", "Jürgen Müller",
                   "Druckerei angefragt, Rückmeldung bis Freitag"] for n in range(1, 200)])  # fmt: skip
    narrow = Sheet("Kurz", ["Nr.", "Name"], [[1, "Anna"]])
    data = xlsx_bytes([wide, narrow])
    sheet1, sheet2 = _xml(data, "xl/worksheets/sheet1.xml"), _xml(data, "xl/worksheets/sheet2.xml")
    assert '<pageSetUpPr fitToPage="1"/>' in sheet1 and 'fitToWidth="1" fitToHeight="0"' in sheet1
    assert 'orientation="landscape"' in sheet1 and 'orientation="portrait"' in sheet2
    workbook = _xml(data, "xl/workbook.xml")
    assert re.search(
        r'<definedName name="_xlnm.Print_Titles" localSheetId="0">\'Aufgaben\'!\$1:\$1</definedName>', workbook
    )
    assert "localSheetId=\"1\">'Kurz'!$1:$1" in workbook
    book = openpyxl.load_workbook(io.BytesIO(data))
    first = book["Aufgaben"]
    assert first.page_setup.orientation == "landscape" and first.sheet_properties.pageSetUpPr.fitToPage
    assert (first.page_setup.fitToWidth, first.page_setup.fitToHeight) == (1, 0)
    assert first.print_title_rows == "$1:$1" and book["Kurz"].page_setup.orientation == "portrait"
    assert first["B2"].alignment.wrap_text and first["A1"].alignment.wrap_text and first["A1"].font.b
    assert first.oddFooter.right.text == "Seite &P von &N"
    assert first["C2"].value == datetime(2026, 11, 27) and first["C2"].number_format == "DD.MM.YYYY"
