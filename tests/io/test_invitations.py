"""Invitation files: every card's QR code reads back as the person's code, in every format and size."""

from __future__ import annotations

import csv
import importlib.util
import io
import logging
import math
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from integra_tui import i18n
from integra_tui.domain.codes import format_code, new_code
from integra_tui.io import cards as cards_module
from integra_tui.io import fonts, invitations
from integra_tui.io.atomic import atomic_open, write_text_atomic
from integra_tui.io.invitations import (
    InvitationCard,
    InvitationError,
    card_file_name,
    characters_without_font,
    write_invitations,
)


def _qr_helpers():  # noqa: ANN202
    """decode_qr and rasterise_svg from test_qr.py (tests are imported by path, not as a package)."""
    spec = importlib.util.spec_from_file_location("_invitations_qr_helpers", Path(__file__).with_name("test_qr.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.decode_qr, module.rasterise_svg


decode_qr, rasterise_svg = _qr_helpers()

NAMES = [
    "Jürgen Groß",
    "Анна Петрова",
    "Γιώργος Παπαδόπουλος",
    "محمد الأحمد",
    "Nguyễn Thị Hương",
    "Łukasz Żółć",
    "Maria-Theresia von Hohenzollern-Sigmaringen zu Oberndorf am Neckar",
    '=HYPERLINK("http://evil.example","klick")',
    "Ayşe Yılmaz",
]


def _cards(names: list[str] = NAMES, *, start_time: time | None = time(14, 0)) -> list[InvitationCard]:
    rnd = random.Random(4711)
    return [
        InvitationCard(
            meeting_title="INTEGRA-Netzwerktreffen Herbst 2026",
            meeting_date=date(2026, 11, 27),
            start_time=start_time,
            place="Mehrgenerationenhaus, Lindenstraße 12, Saal 2",
            person_name=name,
            code=new_code(rnd),
            person_id=number,
            email=f"person{number}@example.org" if number % 2 else "",
        )
        for number, name in enumerate(names, start=1)
    ]


@pytest.fixture(scope="module")
def cards() -> list[InvitationCard]:
    return _cards()


def _pages(pdf: Path, dpi: int) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil() for page in document]
    finally:
        document.close()


def _pdf_text(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
        return texts
    finally:
        document.close()


def _leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.startswith(".") or path.suffix == ".part"]


# --- PDF -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def four_up(cards: list[InvitationCard], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf4")
    assert write_invitations(cards, folder, "pdf", per_page=4) == [folder / "einladungen.pdf"]
    return folder / "einladungen.pdf"


@pytest.mark.parametrize("dpi", [300, 100])
def test_pdf_four_to_a_page_decodes_at_print_and_screen_resolution(
    four_up: Path, cards: list[InvitationCard], dpi: int
) -> None:
    pages = _pages(four_up, dpi)
    assert len(pages) == math.ceil(len(cards) / 4)
    for number, page in enumerate(pages):
        expected = {card.code for card in cards[number * 4 : number * 4 + 4]}
        assert set(decode_qr(page)) == expected, f"page {number + 1} at {dpi} dpi"


def test_pdf_four_up_is_a4_and_only_the_pdf_is_left(four_up: Path) -> None:
    document = pypdfium2.PdfDocument(four_up)
    width, height = document[0].get_size()
    document.close()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert sorted(path.name for path in four_up.parent.iterdir()) == ["einladungen.pdf"]


def test_pdf_qr_code_is_large_enough_to_read_from_30_cm(four_up: Path) -> None:
    dpi = 300
    page = _pages(four_up, dpi)[0]
    import zxingcpp

    for result in zxingcpp.read_barcodes(page):
        side_px = result.position.top_right.x - result.position.top_left.x
        side_mm = side_px / dpi * 25.4
        assert 35 <= side_mm <= 40, side_mm


def test_pdf_shows_the_meeting_the_name_and_the_grouped_code(four_up: Path, cards: list[InvitationCard]) -> None:
    text = "\n".join(_pdf_text(four_up))
    flat = " ".join(text.split())
    assert "Freitag, 27.11.2026, 14:00 Uhr" in flat
    assert "INTEGRA-Netzwerktreffen Herbst 2026" in flat
    for card in cards:
        assert format_code(card.code) in flat
    for name in (
        "Jürgen Groß",
        "Анна Петрова",
        "Γιώργος Παπαδόπουλος",
        "Nguyễn Thị Hương",
        "Łukasz Żółć",
        "Ayşe Yılmaz",
    ):
        assert name in flat, name
    assert "Bitte bringen Sie diese Einladung mit. Der Code wird am Eingang gescannt." in flat
    assert "Please bring this invitation with you." in flat


def test_pdf_embeds_unicode_fonts_not_latin1_core_fonts(four_up: Path) -> None:
    data = four_up.read_bytes()
    assert b"/FontFile2" in data
    assert b"/Helvetica" not in data and b"/Times" not in data


def test_pdf_one_a6_card_per_page(cards: list[InvitationCard], tmp_path: Path) -> None:
    [pdf] = write_invitations(cards[:3], tmp_path, "pdf", per_page=1)
    document = pypdfium2.PdfDocument(pdf)
    width, height = document[0].get_size()
    document.close()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)
    for dpi in (300, 100):
        assert [decode_qr(page) for page in _pages(pdf, dpi)] == [[card.code] for card in cards[:3]]


def test_pdf_in_english_and_without_time(tmp_path: Path) -> None:
    [pdf] = write_invitations(_cards(NAMES[:1], start_time=None), tmp_path, "pdf", language="en")
    flat = " ".join(_pdf_text(pdf)[0].split())
    assert "Friday, 27 November 2026" in flat
    assert "Uhr" not in flat and "14:00" not in flat
    assert "Personal invitation for" in flat
    assert flat.count("Please bring this invitation with you.") == 1  # no second English line


def test_pdf_without_english_line(tmp_path: Path) -> None:
    [pdf] = write_invitations(_cards(NAMES[:1]), tmp_path, "pdf", english_line=False)
    assert "Please bring" not in _pdf_text(pdf)[0]


def test_names_in_covered_scripts_leave_no_missing_glyph_report(
    cards: list[InvitationCard], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert characters_without_font(cards) == frozenset()
    with caplog.at_level(logging.DEBUG):
        write_invitations(cards, tmp_path, "pdf")
    assert not [record for record in caplog.records if "missing" in record.getMessage()]
    # Nor does any log line carry letters of the names (fontTools lists the glyphs it keeps).
    assert not [record for record in caplog.records if "Glyph names" in record.getMessage()]


def test_characters_no_font_has_are_reported_but_never_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    unassigned = "\u0378"  # not a character in any Unicode version: no font can have it
    card = _cards(["Tom" + unassigned])[0]
    assert characters_without_font([card]) == frozenset({unassigned})
    warnings: list[fonts.FontWarning] = []
    with caplog.at_level(logging.DEBUG):
        [pdf] = write_invitations([card], tmp_path, "pdf", warnings=warnings)
    assert decode_qr(_pages(pdf, 150)[0]) == [card.code]
    for record in caplog.records:
        assert unassigned not in record.getMessage() and "Tom" not in record.getMessage()
    assert "Tom[?]" in " ".join(_pdf_text(pdf)[0].split())  # a visible stand-in, not a gap
    assert warnings == [fonts.FontWarning("einladungen.pdf", pages=(1,))]


# --- PNG -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def png_folder(cards: list[InvitationCard], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("png")
    return folder, write_invitations(cards, folder, "png")


def test_png_one_file_per_person_that_decodes_big_and_small(
    png_folder: tuple[Path, list[Path]], cards: list[InvitationCard]
) -> None:
    folder, written = png_folder
    pngs = [path for path in written if path.suffix == ".png"]
    assert len(pngs) == len(cards)
    for path, card in zip(pngs, cards, strict=True):
        image = Image.open(path)
        assert decode_qr(image) == [card.code], path.name
        small = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
        assert decode_qr(small) == [card.code], path.name
    assert sorted(path.name for path in folder.iterdir()) == sorted(path.name for path in written)


@pytest.mark.parametrize("height", [1, 31, 32, 33, 874])
def test_a_png_holds_exactly_the_grey_levels_drawn(height: int) -> None:
    """Bands as on the background are copied, the others compressed anew: the file decodes to every pixel."""
    rnd = random.Random(height)
    width = 61
    background = bytes(rnd.choice((0, 128, 255)) for _ in range(width * height))
    card = bytearray(background)
    for row in range(0, height, 7):  # some rows changed, most as on the background
        card[row * width + rnd.randrange(width)] = rnd.randrange(256)
    bands = cards_module._Bands(background, width)
    for raw in (background, bytes(card), bytes(255 - value for value in background)):
        image = Image.open(io.BytesIO(cards_module._png_file(raw, width, 150, bands)))
        image.load()
        assert image.mode == "P" and image.size == (width, height) and round(image.info["dpi"][0]) == 150
        assert image.convert("L").tobytes() == raw


def test_png_file_names_are_ascii_numbered_and_carry_the_code(
    png_folder: tuple[Path, list[Path]], cards: list[InvitationCard]
) -> None:
    _folder, written = png_folder
    names = [path.name for path in written if path.suffix == ".png"]
    assert names[0] == f"01-juergen-gross-{cards[0].code}.png"
    assert names[1] == f"02-person-2-{cards[1].code}.png"  # Cyrillic: the person's number instead
    assert names[3] == f"04-person-4-{cards[3].code}.png"  # Arabic
    assert names[5] == f"06-lukasz-zolc-{cards[5].code}.png"
    for name in names:
        assert re.fullmatch(r"\d{2}-[a-z0-9-]{1,40}-MG1[0-9A-X]{17}\.png", name), name


def test_long_names_are_shortened_at_a_word_boundary() -> None:
    card = _cards([NAMES[6]])[0]
    assert card_file_name(8, card, "png") == f"08-maria-theresia-von-hohenzollern-{card.code}.png"


def test_file_names_are_safe_whatever_the_name() -> None:
    card = _cards(["../../etc/passwd CON: <>|?*"])[0]
    name = card_file_name(7, card, "png")
    assert name == f"07-etc-passwd-con-{card.code}.png"
    assert card_file_name(7, card, "png", width=3).startswith("007-")


def test_mailmerge_list_for_excel(png_folder: tuple[Path, list[Path]], cards: list[InvitationCard]) -> None:
    folder, written = png_folder
    assert written[-1] == folder / "mailmerge.csv"
    raw = written[-1].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Name", "E-Mail", "Code", "Datei"]
    assert len(rows) == len(cards) + 1
    assert rows[1] == ["Jürgen Groß", "person1@example.org", cards[0].code, written[0].name]
    assert rows[2][1] == ""
    assert rows[4][0] == "محمد الأحمد"
    # A name that is a formula is written as text, not run by the spreadsheet.
    assert rows[8][0] == "'" + NAMES[7]
    assert all((folder / row[3]).is_file() for row in rows[1:])


@pytest.mark.parametrize("value", ["=1+1", "+49 170", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_formula_injection_is_neutralised(value: str, tmp_path: Path) -> None:
    cards = _cards([value, "Anna " + value])
    invitations._write_mailmerge(tmp_path / "mailmerge.csv", cards, ["1.png", "2.png"])
    raw = (tmp_path / "mailmerge.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the German Excel dialect of every CSV export
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    kept = value.replace("\r", "\n")  # a lone carriage return is a line break of another system: one plain break
    assert [row[0] for row in rows[1:]] == ["'" + kept, "Anna " + kept]


# --- SVG and HTML --------------------------------------------------------------------------------


def test_svg_cards_decode_when_rasterised_independently(cards: list[InvitationCard], tmp_path: Path) -> None:
    written = write_invitations(cards[:4], tmp_path, "svg")
    svgs = [path for path in written if path.suffix == ".svg"]
    assert [path.name for path in written[-1:]] == ["mailmerge.csv"]
    for path, card in zip(svgs, cards[:4], strict=True):
        text = path.read_text(encoding="utf-8")
        assert card.person_name in text
        assert format_code(card.code) in text
        image = rasterise_svg(text, pixels_per_unit=6)  # 6 px per mm
        assert decode_qr(image) == [card.code], path.name


def test_svg_escapes_markup_in_names(tmp_path: Path) -> None:
    card = _cards(['<script>alert("x")</script> & Co'])[0]
    [svg, _csv] = write_invitations([card], tmp_path, "svg")
    text = svg.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert decode_qr(rasterise_svg(text, pixels_per_unit=5)) == [card.code]


def test_html_page_prints_four_cards_per_a4_sheet_and_every_qr_decodes(
    cards: list[InvitationCard], tmp_path: Path
) -> None:
    [page] = write_invitations(cards, tmp_path, "html")
    assert page.name == "einladungen.html"
    text = page.read_text(encoding="utf-8")
    assert "@page { size: A4" in text
    assert text.count('<div class="sheet">') == math.ceil(len(cards) / 4)
    assert "<script" not in text.lower() and "http://" not in text.replace("http://www.w3.org/2000/svg", "").replace(
        "http://evil.example", ""
    )
    svgs = re.findall(r'<svg class="qr".*?</svg>', text, flags=re.S)
    assert len(svgs) == len(cards)
    for svg, card in zip(svgs, cards, strict=True):
        assert decode_qr(rasterise_svg(svg, pixels_per_unit=6)) == [card.code]
    for card in cards:
        assert format_code(card.code) in text
    assert "Jürgen Groß" in text and "محمد الأحمد" in text
    assert "&quot;" in text  # the formula-looking name is escaped, not raw markup


def test_html_one_card_per_a6_page(cards: list[InvitationCard], tmp_path: Path) -> None:
    [page] = write_invitations(cards[:2], tmp_path, "html", per_page=1)
    text = page.read_text(encoding="utf-8")
    assert "@page { size: 105mm 148mm" in text
    assert text.count('<div class="sheet">') == 2


# --- errors and atomic writes --------------------------------------------------------------------


def test_no_cards_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvitationError, match="Dieses Treffen hat keine Eingeladenen."):
        write_invitations([], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_errors_speak_the_ui_language(tmp_path: Path) -> None:
    i18n.set_language("en")
    try:
        with pytest.raises(InvitationError, match="This meeting has no invitees."):
            write_invitations([], tmp_path)
    finally:
        i18n.set_language("de")


@pytest.mark.parametrize(("fmt", "per_page"), [("docx", 4), ("pdf", 3)])
def test_unknown_format_or_page_layout_is_refused(
    cards: list[InvitationCard], tmp_path: Path, fmt: str, per_page: int
) -> None:
    with pytest.raises(InvitationError):
        write_invitations(cards, tmp_path / "out", fmt, per_page=per_page)
    assert not (tmp_path / "out").exists()


def test_a_broken_code_is_refused_before_anything_is_written(cards: list[InvitationCard], tmp_path: Path) -> None:
    broken = [*cards[:2], InvitationCard("T", date(2026, 1, 1), None, "P", "N", cards[2].code[:-1], 42)]
    with pytest.raises(InvitationError, match="42"):
        write_invitations(broken, tmp_path / "out", "png")
    assert not (tmp_path / "out").exists()


def test_unwritable_folder_gives_a_clear_message(cards: list[InvitationCard], tmp_path: Path) -> None:
    blocker = tmp_path / "datei.txt"
    blocker.write_text("kein Ordner")
    with pytest.raises(InvitationError) as caught:
        write_invitations(cards, blocker / "einladungen", "pdf")
    message = str(caught.value)
    assert message.startswith("Der Ordner") and str(blocker / "einladungen") in message
    assert "Traceback" not in message and "Errno" not in message


def test_failure_half_way_leaves_no_partial_files_and_no_list(
    cards: list[InvitationCard], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = cards_module.png_bytes
    calls = []

    def fail_on_third(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(cards_module, "png_bytes", fail_on_third)
    with pytest.raises(InvitationError, match="No space left on device"):
        write_invitations(cards, tmp_path, "png", workers=1)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert len(names) == 2 and all(name.endswith(".png") for name in names)
    assert "mailmerge.csv" not in names  # the list is written last: without it the set is incomplete
    assert _leftovers(tmp_path) == []


def test_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "einladungen.pdf"
    write_text_atomic(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_open(target, "wb") as handle:
            handle.write(b"half of the new")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_a_failed_pdf_keeps_the_previous_pdf(
    cards: list[InvitationCard], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [pdf] = write_invitations(cards[:1], tmp_path, "pdf")
    before = pdf.read_bytes()

    def broken_writer(target, data):  # noqa: ANN001, ANN202
        with atomic_open(target, "wb") as handle:
            handle.write(data[: len(data) // 2])
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(invitations, "write_bytes_atomic", broken_writer)
    with pytest.raises(InvitationError):
        write_invitations(cards, tmp_path, "pdf")
    assert pdf.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_both_qr_engines_make_readable_cards(cards: list[InvitationCard], tmp_path: Path) -> None:
    written = write_invitations(cards[:2], tmp_path, "png", qr_engine="qrcode")
    assert [path.suffix for path in written] == [".png", ".png", ".csv"]
    for path, card in zip(written[:2], cards[:2], strict=True):
        assert decode_qr(Image.open(path)) == [card.code]


def test_without_font_packages_a_system_font_is_used(
    cards: list[InvitationCard], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fonts.SYSTEM_FONTS_ENV, "1")  # this test is about the machine's fonts
    dejavu = [path for path in fonts._system_font_paths() if path.name == "DejaVuSans.ttf"]
    if not dejavu:
        pytest.skip("no DejaVu Sans installed on this machine")
    monkeypatch.setattr(fonts, "bundled_faces", lambda: ())
    [pdf] = write_invitations(cards[:4], tmp_path, "pdf")
    assert b"DejaVuSans" in pdf.read_bytes()
    assert set(decode_qr(_pages(pdf, 100)[0])) == {card.code for card in cards[:4]}


def test_no_font_at_all_is_a_clear_error(
    cards: list[InvitationCard], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "bundled_faces", lambda: ())
    monkeypatch.setattr(fonts, "_system_font_paths", lambda: ())
    with pytest.raises(InvitationError, match="Keine Schrift"):
        write_invitations(cards, tmp_path, "pdf")
    assert _leftovers(tmp_path) == [] and not (tmp_path / "einladungen.pdf").exists()


def test_html_printed_by_a_real_browser_decodes(cards: list[InvitationCard], tmp_path: Path) -> None:
    """Where Chromium is installed, print the page to PDF as a user would and read every card."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("no Chromium on this machine")
    [page] = write_invitations(cards, tmp_path, "html")
    printed = tmp_path / "printed.pdf"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={printed}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pages = _pages(printed, 100)
    assert len(pages) == math.ceil(len(cards) / 4)
    for number, image in enumerate(pages):
        assert set(decode_qr(image)) == {card.code for card in cards[number * 4 : number * 4 + 4]}


# --- rendering in worker processes ---------------------------------------------------------------


def _page_texts_and_pixels(pdf: Path) -> tuple[list[str], list[bytes]]:
    return _pdf_text(pdf), [page.tobytes() for page in _pages(pdf, 60)]


def test_png_cards_from_two_workers_are_the_files_one_process_writes(tmp_path: Path) -> None:
    many = _cards(NAMES * 3)  # 27 cards in chunks for both workers
    alone = write_invitations(many, tmp_path / "alone", "png", workers=1)
    shared = write_invitations(many, tmp_path / "shared", "png", workers=2)
    assert [path.name for path in shared] == [path.name for path in alone]
    for one, other in zip(alone, shared, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name
    assert _leftovers(tmp_path / "shared") == []


def test_a_pdf_drawn_from_workers_layouts_shows_the_same_pages(tmp_path: Path) -> None:
    many = _cards(NAMES * 3)
    [alone] = write_invitations(many, tmp_path / "alone", "pdf", workers=1)
    [shared] = write_invitations(many, tmp_path / "shared", "pdf", workers=2)
    assert _page_texts_and_pixels(shared) == _page_texts_and_pixels(alone)
    for number, page in enumerate(_pages(shared, 100)):
        assert set(decode_qr(page)) == {card.code for card in many[number * 4 : number * 4 + 4]}


@pytest.mark.parametrize("workers", [1, 2])
def test_stand_ins_are_noted_by_page_and_card_whoever_draws(tmp_path: Path, workers: int) -> None:
    names = ["Jürgen", *(["Olena"] * 8), "王芳", *(["Anna"] * 6), "Anna 😀"]  # cards 10 and 17
    warnings: list[fonts.FontWarning] = []
    write_invitations(_cards(names), tmp_path / "pdf", "pdf", warnings=warnings, workers=workers)
    write_invitations(_cards(names), tmp_path / "karten", "png", warnings=warnings, workers=workers)
    assert warnings == [
        fonts.FontWarning("einladungen.pdf", pages=(3, 5)),
        fonts.FontWarning("karten/", cards=(10, 17)),
    ]


def test_every_page_prints_the_lines_all_cards_share(tmp_path: Path) -> None:
    """Lines set once and repeated (title, date, place, instructions) are on every page, in every font."""
    ethiopic_title = "ስብሰባ INTEGRA"  # drawn with the Ethiopic fallback font, on every page
    many = [replace(card, meeting_title=ethiopic_title, place="Γειτονιά 12") for card in _cards(NAMES * 2)]
    for per_page in (4, 1):
        [pdf] = write_invitations(many, tmp_path / str(per_page), "pdf", per_page=per_page)
        texts = _pdf_text(pdf)
        assert len(texts) == math.ceil(len(many) / per_page)
        for number, text in enumerate(texts, start=1):
            flat = " ".join(text.split())
            for line in (ethiopic_title, "Γειτονιά 12", "Freitag, 27.11.2026, 14:00 Uhr", "Persönliche Einladung für"):
                assert flat.count(line) == min(per_page, len(many) - (number - 1) * per_page), (per_page, number, line)


def test_a_worker_failing_half_way_leaves_no_list_and_no_partial_files(tmp_path: Path) -> None:
    many = _cards(NAMES * 3)
    blocked = card_file_name(20, many[19], "png")
    (tmp_path / blocked).mkdir()  # card 20 cannot replace a folder
    with pytest.raises(InvitationError, match="konnten nicht gespeichert werden"):
        write_invitations(many, tmp_path, "png", workers=2)
    assert not (tmp_path / "mailmerge.csv").exists()
    assert _leftovers(tmp_path) == []


SCRIPT_WITHOUT_MAIN_GUARD = """
import random, sys
from datetime import date
from pathlib import Path
from integra_tui.domain.codes import new_code
from integra_tui.io.invitations import InvitationCard, write_invitations

out = Path(sys.argv[1])
with open(out / "runs.txt", "a") as runs:  # a side effect a worker must never repeat
    runs.write("run\\n")
rnd = random.Random(1)
cards = [
    InvitationCard("Treffen", date(2026, 11, 27), None, "MGH", f"Person {n}", new_code(rnd), n) for n in range(1, 13)
]
write_invitations(cards, out / "karten", "png", workers=2)
write_invitations(cards, out / "pdf", "pdf", workers=2)
print("done")
"""


def test_workers_never_run_the_callers_script_again(tmp_path: Path) -> None:
    """A script without ``if __name__ == "__main__"`` (multiprocessing's spawn would re-run it in every worker)."""
    script = tmp_path / "make_cards.py"
    script.write_text(SCRIPT_WITHOUT_MAIN_GUARD, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "done\n" and result.stderr == ""
    assert (tmp_path / "runs.txt").read_text() == "run\n"
    pngs = sorted((tmp_path / "karten").glob("*.png"))
    assert len(pngs) == 12 and (tmp_path / "karten" / "mailmerge.csv").is_file()
    assert len(_pages(tmp_path / "pdf" / "einladungen.pdf", 60)) == 3


def test_the_command_line_renders_in_workers_and_prints_nothing_else(tmp_path: Path) -> None:
    """The app as a coordinator starts it (``python -m integra_tui``), told to use two worker processes."""
    env = {**os.environ, invitations.RENDER_WORKERS_ENV: "2"}
    env.pop("INTEGRA_LANG", None)
    db = tmp_path / "store.json"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "integra_tui", "--db", str(db), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)

    assert cli("demo", "--no-open").returncode == 0
    result = cli("invitations", "make", "--out", str(tmp_path / "karten"), "--format", "png")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    pngs = sorted((tmp_path / "karten").glob("*.png"))
    assert len(pngs) == 40
    with (tmp_path / "karten" / "mailmerge.csv").open(encoding="utf-8-sig") as handle:
        listed = {row["Code"] for row in csv.DictReader(handle, delimiter=";")}
    assert {decode_qr(Image.open(path))[0] for path in pngs} == listed


def test_a_worker_that_dies_is_a_clear_error_not_a_hang(tmp_path: Path) -> None:
    texts = [invitations._card_texts(card, "de", "en") for card in _cards(NAMES[:4])]
    faces = fonts.font_stack(cards_module.texts_of(texts))
    with cards_module.CardWorkers(2) as pool:
        assert len(pool.processes) == 2
        for process in pool.processes:
            process.kill()
            process.wait()
        with pytest.raises(cards_module.WorkerError):
            list(pool.map("layouts", [(texts[:2], faces, "fast"), (texts[2:], faces, "fast")]))
    assert pool.processes == []


def test_the_message_for_a_stopped_worker_is_the_users(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(self, task, jobs):  # noqa: ANN001, ANN202
        raise cards_module.WorkerError("a card worker stopped")
        yield  # pragma: no cover

    monkeypatch.setattr(cards_module.CardWorkers, "map", broken)
    with pytest.raises(InvitationError, match="ein Hilfsprozess wurde beendet"):
        write_invitations(_cards(NAMES), tmp_path, "png", workers=1)
    assert not (tmp_path / "mailmerge.csv").exists()
