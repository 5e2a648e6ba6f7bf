"""Every name prints from what pip installs: every PDF and PNG writer, every listed script, stand-ins and warnings.

These tests run with the machine's fonts hidden (the session fixture ``bundled_fonts_only``), so a
pass here means a fresh laptop with nothing but Python prints the same.
"""

from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from PIL import Image

from integra_tui.domain.codes import new_code
from integra_tui.io import fonts
from integra_tui.io.exports.documents import (
    ActionLine,
    AttendanceDoc,
    AttendanceRow,
    EngagementDoc,
    ItemMinutes,
    MinutesDoc,
    split_name,
)
from integra_tui.io.exports.pdf import attendance_pdf, engagement_pdf, minutes_pdf
from integra_tui.io.invitations import InvitationCard, write_invitations

BERLIN = ZoneInfo("Europe/Berlin")

NAMES = {
    "Tigrinya": "ሳምራዊት ተኽለ",
    "Amharic": "አበበ ቢቂላ",
    "Arabic": "محمد الأحمد",
    "Persian": "پرستو ژاله‌گر",  # with a zero-width non-joiner, as Persian writes it
    "Pashto": "ښکلا ځدراڼ",
    "Urdu": "عائشہ ٹھاکر",
    "Sorani": "ڕێزان ئەحمەد",
    "Hebrew": "דוד כהן",
    "Cyrillic": "Олена Коваленко",
    "Greek": "Γιώργος Παπαδόπουλος",
    "Turkish": "Ayşe Yılmaz",
    "Vietnamese": "Nguyễn Thị Hương",
    "Kurmanji": "Rêzan Şêxmûs",
}
"""One name per script or language the round table invites."""

UNSHIPPED = {"王芳 Li": "WangFang Li", "Anna 😀": "Anna [?]", "ᏣᎳᎩ Smith": "TsaLaGi Smith"}
"""Names with characters no bundled font has (CJK, emoji, Cherokee) and what prints instead."""


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _letters(text: str) -> Counter[str]:
    """The letters of ``text`` as extraction gives them back: NFKC folds Arabic presentation forms."""
    return Counter(char for char in unicodedata.normalize("NFKC", text) if char.isalpha())


def _pdf_text(data: bytes | Path) -> str:
    document = pdfium.PdfDocument(data.read_bytes() if isinstance(data, Path) else data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _assert_every_name_prints(text: str, names: tuple[str, ...] = tuple(NAMES.values())) -> None:
    """Left-to-right names word by word; right-to-left ones (shaped, extracted in visual order) by their letters."""
    flat = unicodedata.normalize("NFC", " ".join(text.split()))
    rtl = Counter()
    for name in names:
        if _is_rtl(name):
            rtl += _letters(name)
        else:
            for word in name.split():
                assert word in flat, word
    missing = rtl - _letters(text)
    assert not missing, f"right-to-left letters missing from the PDF: {''.join(missing.elements())}"


# -- the bundled fonts ----------------------------------------------------------------------------


def test_the_bundled_fonts_come_from_python_packages_not_from_the_system() -> None:
    faces = fonts.bundled_faces()
    assert [face.path.name.split("[")[0] for face in faces] == [
        "NotoSans",
        "NotoSansArabic",
        "NotoSansHebrew",
        "NotoSansEthiopic",
    ]
    for face in faces:
        assert "site-packages" in face.path.parts or ".venv" in str(face.path) or "dist-packages" in face.path.parts
        assert not str(face.path).startswith(("/usr/share/fonts", "/usr/local/share/fonts"))
    assert fonts.system_fonts_allowed() is False  # the session fixture hides the machine's fonts
    assert all(face.bundled for face in fonts.font_stack([*NAMES.values(), *UNSHIPPED]))


@pytest.mark.parametrize("script", NAMES)
def test_every_listed_script_is_covered_by_the_bundled_fonts(script: str) -> None:
    assert fonts.uncovered([NAMES[script]], fonts.bundled_faces()) == set()


def test_hebrew_prints_at_regular_weight_not_the_variable_fonts_thin_default() -> None:
    from fontTools.ttLib import TTFont

    hebrew = next(face for face in fonts.bundled_faces() if "Hebrew" in face.path.name)
    with TTFont(hebrew.path, lazy=True) as variable:
        assert {axis.axisTag: axis.defaultValue for axis in variable["fvar"].axes}["wght"] == 100
    printed = fonts.print_path(hebrew.path)
    assert printed != hebrew.path
    with TTFont(printed, lazy=True) as static:
        assert "fvar" not in static and static["OS/2"].usWeightClass == 400
    ethiopic = next(face for face in fonts.bundled_faces() if "Ethiopic" in face.path.name)
    assert fonts.print_path(ethiopic.path) == ethiopic.path  # its default is already regular


def test_stand_ins_transliterate_letters_and_mark_the_rest() -> None:
    faces = fonts.bundled_faces()
    for name, printed in UNSHIPPED.items():
        assert fonts.stand_in(name, faces) == printed
    assert fonts.stand_in("Tom 👨‍👩‍👧 X", faces) == "Tom [?] X"  # one marker for one emoji sequence
    assert fonts.stand_in("a\u3000b", faces) == "a b"
    for name in NAMES.values():
        assert fonts.stand_in(name, faces) == name


# -- every PDF writer -----------------------------------------------------------------------------


def _minutes(names: list[str], title: str = "INTEGRA-Netzwerktreffen") -> MinutesDoc:
    item = ItemMinutes(1, "Arbeit", names[0], "done", 25, 30, 29 * 60, [])
    item.actions.append(ActionLine(2, "action", "Praktika sammeln", owner=names[-1], due=date(2027, 1, 15)))
    return MinutesDoc(
        title=title,
        date=date(2026, 11, 27),
        start_time=time(17, 0),
        place="Mehrgenerationenhaus",
        topic="",
        started_at=datetime(2026, 11, 27, 17, 2, tzinfo=BERLIN),
        ended_at=datetime(2026, 11, 27, 18, 59, tzinfo=BERLIN),
        invited=len(names),
        present=len(names),
        walk_ins=0,
        groups=[],
        names=[("Zugewandert", names)],
        items=[item],
        other=None,
        speaking=[],
        follow_ups=[],
        created_at=datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN),
    )


def _attendance(names: list[str]) -> AttendanceDoc:
    rows = [AttendanceRow(name, *split_name(name), "Zugewandert", "", None, "scan") for name in names]
    return AttendanceDoc("INTEGRA-Netzwerktreffen", date(2026, 11, 27), time(17, 0), "MGH", rows, len(names))


def _cards(names: list[str]) -> list[InvitationCard]:
    return [
        InvitationCard("INTEGRA", date(2026, 11, 27), time(17, 0), "MGH", name, new_code(), number)
        for number, name in enumerate(names, start=1)
    ]


def test_minutes_print_every_name_in_every_script() -> None:
    warnings: list[fonts.FontWarning] = []
    _assert_every_name_prints(_pdf_text(minutes_pdf(_minutes(list(NAMES.values())), warnings)))
    assert warnings == []


def test_attendance_list_prints_every_name_in_every_script() -> None:
    warnings: list[fonts.FontWarning] = []
    _assert_every_name_prints(_pdf_text(attendance_pdf(_attendance(list(NAMES.values())), warnings=warnings)))
    assert warnings == []


@pytest.mark.parametrize("script", NAMES)
def test_engagement_confirmation_prints_the_name_in_every_script(script: str) -> None:
    doc = EngagementDoc(NAMES[script], "", [(date(2026, 8, 27), "INTEGRA", "MGH")], [], date(2026, 12, 2))
    warnings: list[fonts.FontWarning] = []
    text = _pdf_text(engagement_pdf(doc, warnings=warnings))
    _assert_every_name_prints(text, (NAMES[script],))  # alone in its document: its letters are its own
    assert "bestätigt, dass  " not in text and warnings == []


def test_invitation_pdf_prints_every_name_in_every_script(tmp_path: Path) -> None:
    warnings: list[fonts.FontWarning] = []
    [pdf] = write_invitations(_cards(list(NAMES.values())), tmp_path, "pdf", warnings=warnings)
    _assert_every_name_prints(_pdf_text(pdf))
    assert warnings == []


def test_png_cards_draw_every_name_with_real_glyphs_not_empty_boxes() -> None:
    """Each character is drawn by a font that has it: its glyph differs from that font's .notdef box."""
    faces = fonts.font_stack(NAMES.values())
    notdef = "\u0378"  # not a character: every font draws its .notdef box for it
    for name in NAMES.values():
        for piece, index in fonts.runs(name, faces):
            font = fonts.pil_font(faces[index].path, 40)
            box = font.getmask(notdef).getbbox(), bytes(font.getmask(notdef))
            for char in piece:
                if char.isspace() or unicodedata.category(char) == "Cf":
                    continue
                mask = font.getmask(char)
                assert (mask.getbbox(), bytes(mask)) != box, f"{name}: U+{ord(char):04X} draws as .notdef"


def test_png_card_of_a_name_differs_from_the_card_of_its_stand_in(tmp_path: Path) -> None:
    """The name line really carries the name's glyphs (a blank or boxed name would look like the marker)."""
    written = write_invitations(_cards([NAMES["Tigrinya"], NAMES["Hebrew"], "[?]"]), tmp_path, "png")
    images = [Image.open(path).convert("L") for path in written[:3]]
    tigrinya, hebrew, marker = (image.tobytes() for image in images)
    assert len({tigrinya, hebrew, marker}) == 3


# -- stand-ins and the warning --------------------------------------------------------------------


def test_attendance_list_prints_stand_ins_and_names_the_rows(caplog: pytest.LogCaptureFixture) -> None:
    names = ["Jürgen Müller", "王芳 Li", NAMES["Tigrinya"], "Anna 😀"]
    doc = _attendance(names)
    numbers = {row.name: number for number, row in enumerate(doc.rows, start=1)}
    warnings: list[fonts.FontWarning] = []
    with caplog.at_level(logging.DEBUG):
        text = _pdf_text(attendance_pdf(doc, warnings=warnings, file_name="Teilnehmerliste.pdf"))
    flat = " ".join(text.split())
    assert "WangFang Li" in flat and "Anna [?]" in flat and NAMES["Tigrinya"] in flat
    assert warnings == [fonts.FontWarning("Teilnehmerliste.pdf", rows=(numbers["王芳 Li"], numbers["Anna 😀"]))]
    line = str(warnings[0])
    assert line.startswith(f"Warnung: Teilnehmerliste.pdf, Zeile {numbers['王芳 Li']}, {numbers['Anna 😀']}: ")
    assert "Anna" not in line and "王" not in line  # where to look, never whose name it is
    assert not [record for record in caplog.records if "missing" in record.getMessage()]


def test_minutes_name_the_pages_where_stand_ins_print() -> None:
    warnings: list[fonts.FontWarning] = []
    text = _pdf_text(minutes_pdf(_minutes(["Anna 😀", "Jürgen Müller"], title="Treffen ☃︎ 🎄"), warnings, "P.pdf"))
    assert "Anna [?]" in text and "Treffen" in text
    [warning] = warnings
    assert warning.file == "P.pdf" and warning.pages and warning.pages[0] == 1 and not warning.rows


def test_engagement_confirmation_never_reads_that_nobody_took_part() -> None:
    doc = EngagementDoc("王芳", "", [(date(2026, 8, 27), "INTEGRA", "MGH")], [], date(2026, 12, 2))
    warnings: list[fonts.FontWarning] = []
    text = " ".join(_pdf_text(engagement_pdf(doc, warnings=warnings, file_name="B.pdf")).split())
    assert "bestätigt, dass WangFang an den folgenden Treffen" in text
    assert warnings == [fonts.FontWarning("B.pdf", pages=(1,))]


def test_png_cards_name_the_card_numbers(tmp_path: Path) -> None:
    warnings: list[fonts.FontWarning] = []
    written = write_invitations(
        _cards(["Jürgen", "王芳", "Олена", "Anna 😀"]), tmp_path / "karten", "png", warnings=warnings
    )
    assert warnings == [fonts.FontWarning("karten/", cards=(2, 4))]
    assert str(warnings[0]).startswith("Warnung: karten/, Karte 02, 04: ")
    assert [path.name[:3] for path in written[:4]] == ["01-", "02-", "03-", "04-"]


def test_no_fpdf2_log_line_reaches_the_user_even_without_stand_ins(caplog: pytest.LogCaptureFixture) -> None:
    """fpdf2 reports missing glyphs in English with the characters themselves; that must never show."""
    faces = fonts.bundled_faces()[:1]
    from fpdf import FPDF

    pdf = FPDF()
    families = fonts.add_pdf_fonts(pdf, faces)
    pdf.add_page()
    pdf.set_font(families[0], size=10)
    pdf.cell(text="王")  # printed raw on purpose: the font has no glyph for it
    with caplog.at_level(logging.DEBUG), fonts.quiet_pdf_output():
        pdf.output()
    assert not [record for record in caplog.records if "missing the following glyphs" in record.getMessage()]
