"""Invitation files: print-ready PDF cards, one PNG or SVG per person with a mail-merge list, or an HTML page.

Every card shows the meeting, the person's name, a QR code of the person's invitation code (about
37 mm wide, readable from 30 cm) and the code in groups of four for typing it in by hand.

Names come in every script. PDF and PNG embed Unicode fonts that are pip dependencies (Noto Sans
and Noto Sans Arabic from ``fontpkg-noto-sans`` / ``fontpkg-noto-sans-arabic``); characters they
lack (Ethiopic, CJK, ...) are looked up in the machine's installed fonts. What no font covers is
reported by :func:`characters_without_font`, so the caller can warn before printing.

Files appear complete or not at all (written to a temporary name, then renamed), and in the
per-person formats the mail-merge list is written last, so its presence means the set is complete.
"""

from __future__ import annotations

import csv
import html
import io
import logging
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from PIL import Image, ImageDraw, ImageFont, features

from integra_tui.domain.codes import format_code, parse_code
from integra_tui.i18n import _, catalog, current_language
from integra_tui.io.atomic import atomic_open, write_bytes_atomic
from integra_tui.io.qr import code_qr, qr_matrix, svg_path_data

__all__ = [
    "CSV_NAME",
    "FORMATS",
    "HTML_NAME",
    "PDF_NAME",
    "InvitationCard",
    "InvitationError",
    "card_file_name",
    "characters_without_font",
    "font_stack",
    "write_invitations",
]

log = logging.getLogger(__name__)

FORMATS = ("pdf", "png", "svg", "html")
"""Output formats of :func:`write_invitations`."""

PDF_NAME = "einladungen.pdf"
HTML_NAME = "einladungen.html"
CSV_NAME = "mailmerge.csv"


@dataclass(frozen=True)
class InvitationCard:
    """What one invitation shows; ``code`` is the person's canonical invitation code."""

    meeting_title: str
    meeting_date: date
    start_time: time | None
    place: str
    person_name: str
    code: str
    person_id: int
    email: str = ""
    """Only written to the mail-merge list of the per-person formats."""
    personal_card: bool = False
    """A personal card valid for every meeting: card wording, and the issue date instead of a meeting's."""


class InvitationError(Exception):
    """Invitations could not be written; the message is for the user (translated)."""


def N_(message: str) -> str:
    """Mark a card text for translation; it is translated later into the card's language."""
    return message


# Card texts: translated into the card's language, which need not be the UI language.
_INVITATION = N_("Einladung")
_INVITATION_FOR = N_("Persönliche Einladung für")
_AT_TIME = N_("{time} Uhr")
_BRING_ALONG = N_("Bitte bringen Sie diese Einladung mit. Der Code wird am Eingang gescannt.")
_CARD = N_("Persönliche Karte")
_CARD_FOR = N_("Persönliche Karte für")
_CARD_ISSUED = N_("ausgestellt am {date}")
_CARD_BRING_ALONG = N_("Bringen Sie diese Karte zu jedem Treffen mit. Der Code wird am Eingang gescannt.")


def _translate(message: str, language: str) -> str:
    if language == "de":
        return message
    translated = catalog(language).get(message)
    return translated if isinstance(translated, str) and translated else message


# --- card texts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CardTexts:
    heading: str
    title: str
    when: str
    place: str
    for_label: str
    name: str
    code: str
    grouped_code: str
    bring_along: str
    bring_along_second: str


def _when(card: InvitationCard, language: str) -> str:
    if card.personal_card:
        issued = card.meeting_date.strftime("%d.%m.%Y") if language == "de" else card.meeting_date.isoformat()
        return _translate(_CARD_ISSUED, language).format(date=issued)
    if language == "de":
        weekday = babel_format_date(card.meeting_date, "EEEE", locale="de_DE")
        text = f"{weekday}, {card.meeting_date.strftime('%d.%m.%Y')}"
    else:
        text = babel_format_date(card.meeting_date, "EEEE, d MMMM y", locale="en_GB")
    if card.start_time is not None:
        text += ", " + _translate(_AT_TIME, language).format(time=card.start_time.strftime("%H:%M"))
    return text


def _texts_of(texts: Iterable[_CardTexts]) -> list[str]:
    """Every piece of text the cards print."""
    return [
        piece
        for text in texts
        for piece in (
            text.heading,
            text.title,
            text.when,
            text.place,
            text.for_label,
            text.name,
            text.grouped_code,
            text.bring_along,
            text.bring_along_second,
        )
    ]


def _card_texts(card: InvitationCard, language: str, second_language: str | None) -> _CardTexts:
    parsed = parse_code(card.code)
    if not parsed.ok:
        raise InvitationError(
            _("Der Einladungscode für Person {person_id} ist ungültig.").format(person_id=card.person_id)
        )
    heading, for_label, bring_along = (
        (_CARD, _CARD_FOR, _CARD_BRING_ALONG) if card.personal_card else (_INVITATION, _INVITATION_FOR, _BRING_ALONG)
    )
    second = ""
    if second_language and second_language != language:
        second = _translate(bring_along, second_language)
    return _CardTexts(
        heading=_translate(heading, language),
        title=card.meeting_title.strip(),
        when=_when(card, language),
        place=card.place.strip(),
        for_label=_translate(for_label, language),
        name=" ".join(card.person_name.split()),
        code=parsed.code,
        grouped_code=format_code(parsed.code),
        bring_along=_translate(bring_along, language),
        bring_along_second=second,
    )


# --- fonts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Face:
    path: Path
    covers: frozenset[int]


@lru_cache(maxsize=None)
def _covered(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (empty when it cannot be read)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:  # a broken or unsupported font file is simply not used
        return frozenset()


def _packaged_font_paths() -> list[Path]:
    """Fonts installed as Python packages (fontpkg): Noto Sans, then Noto Sans Arabic."""
    paths = []
    try:
        import fontpkg
    except ImportError:
        return paths
    for family in ("Noto Sans", "Noto Sans Arabic"):
        try:
            paths.append(Path(fontpkg.path(family)))
        except Exception:  # fontpkg raises its own errors for a family that is not installed
            continue
    return paths


def _system_font_folders() -> list[Path]:
    home = Path.home()
    folders = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library/Fonts",
    ]
    if sys.platform == "win32":
        folders.insert(0, Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts")
    return [folder for folder in folders if folder.is_dir()]


@lru_cache(maxsize=1)
def _system_font_paths() -> tuple[Path, ...]:
    """Installed TrueType fonts, the likeliest useful first (regular sans faces)."""
    found = []
    for folder in _system_font_folders():
        for path in folder.rglob("*"):
            if path.suffix.lower() in (".ttf", ".otf") and path.is_file():
                found.append(path)
                if len(found) >= 5000:
                    break

    def rank(path: Path) -> tuple[int, str]:
        name = path.name.lower()
        regular = "regular" in name or not re.search(
            r"bold|italic|oblique|light|thin|black|medium|semi|extra|condensed|mono", name
        )
        return (0 if "sans" in name and regular else 1 if regular else 2, name)

    return tuple(sorted(found, key=rank))


_DEJAVU = ("dejavusans.ttf",)


def _needed(texts: Iterable[str]) -> set[int]:
    return {
        ord(char)
        for text in texts
        for char in text
        if not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zs")
    }


def font_stack(texts: Iterable[str]) -> list[_Face]:
    """The fonts to print ``texts`` with: packaged ones first, installed ones for what they lack."""
    faces = [_Face(path, _covered(path)) for path in _packaged_font_paths()]
    if not faces:  # installed without the font packages: try a common system font
        for path in _system_font_paths():
            if path.name.lower() in _DEJAVU:
                faces.append(_Face(path, _covered(path)))
                break
    if not faces:
        raise InvitationError(
            _("Keine Schrift für die Einladungen gefunden. Bitte installieren Sie das Paket fontpkg-noto-sans.")
        )
    missing = _needed(texts) - set().union(*(face.covers for face in faces))
    if missing:
        for path in _system_font_paths():
            covers = _covered(path)
            if covers & missing:
                faces.append(_Face(path, covers))
                missing -= covers
                if not missing:
                    break
    return faces


def characters_without_font(cards: Iterable[InvitationCard]) -> frozenset[str]:
    """Characters of the cards' names, titles and places that no available font can print."""
    texts = [text for card in cards for text in (card.person_name, card.meeting_title, card.place)]
    faces = font_stack(texts)
    covered = set().union(*(face.covers for face in faces))
    return frozenset(chr(point) for point in _needed(texts) - covered)


def _runs(text: str, faces: Sequence[_Face]) -> list[tuple[str, int]]:
    """``text`` split into pieces that one font each can print: (piece, index into ``faces``)."""
    runs: list[tuple[str, int]] = []
    for char in text:
        point = ord(char)
        if (
            runs
            and (char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Cf"))
            and point in faces[runs[-1][1]].covers
        ):
            index = runs[-1][1]  # spaces and combining marks stay with what they follow
        else:
            index = next((i for i, face in enumerate(faces) if point in face.covers), 0)
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0] + char, index)
        else:
            runs.append((char, index))
    return runs


_RAQM = features.check("raqm")
_MEASURE_PX = 100  # size of the fonts text is measured with


@lru_cache(maxsize=256)
def _pil_font(path: Path, size_px: int) -> ImageFont.FreeTypeFont:
    layout = ImageFont.Layout.RAQM if _RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), size_px, layout_engine=layout)


def _text_width_pt(text: str, size_pt: float, bold: bool, faces: Sequence[_Face]) -> float:
    """How wide ``text`` prints at ``size_pt`` (points), measured with the fonts themselves."""
    width = sum(_pil_font(faces[index].path, _MEASURE_PX).getlength(piece) for piece, index in _runs(text, faces))
    return width * size_pt / _MEASURE_PX * (1.03 if bold else 1.0)


# --- layout (millimetres, shared by PDF, PNG and SVG) --------------------------------------------

CARD_WIDTH = 105.0
CARD_HEIGHT = 148.0
_MARGIN = 8.0
_QR_SYMBOL_MM = 36.0  # the symbol without its quiet zone: readable from 30 cm
_QR_GAP = 5.0  # white above and below the symbol; with the line boxes' own white about 4 modules
_PT = 25.4 / 72  # millimetres per point
_DARK = 0
_GREY = 90


@dataclass(frozen=True)
class _Line:
    text: str
    top: float  # mm from the card's top edge
    size: float  # pt
    bold: bool = False
    grey: int = _DARK
    spacing: float = 0.0  # extra mm between characters

    @property
    def height(self) -> float:
        return self.size * _PT * 1.3

    @property
    def baseline(self) -> float:
        return self.top + self.size * _PT * 1.02


@dataclass(frozen=True)
class _Layout:
    lines: tuple[_Line, ...]
    qr_top: float
    module: float  # mm per QR module
    matrix: tuple[tuple[bool, ...], ...]

    @property
    def qr_left(self) -> float:
        return (CARD_WIDTH - self.module * len(self.matrix)) / 2


@lru_cache(maxsize=4096)
def _wrap(
    text: str, size: float, bold: bool, width: float, max_lines: int, faces: tuple[_Face, ...]
) -> tuple[str, ...]:
    """Greedy word wrap to ``width`` mm; the last allowed line ends in an ellipsis if text is left.

    Cached: the meeting's lines are the same on every card.
    """

    def fits(candidate: str) -> bool:
        return _text_width_pt(candidate, size, bold, faces) * _PT <= width

    lines: list[str] = []
    words = text.split()
    current = ""
    index = 0
    while index < len(words):
        word = words[index]
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            index += 1
            continue
        if not current:  # one word wider than the line: break it by characters
            cut = len(word)
            while cut > 1 and not fits(word[:cut]):
                cut -= 1
            lines.append(word[:cut])
            words[index] = word[cut:]
        else:
            lines.append(current)
            current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        index = len(words)
    if index < len(words) or len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return tuple(lines)


def _layout(texts: _CardTexts, matrix: Sequence[Sequence[bool]], faces: Sequence[_Face]) -> _Layout:
    faces = tuple(faces)
    width = CARD_WIDTH - 2 * _MARGIN
    lines: list[_Line] = []
    y = _MARGIN

    def add(
        text: str,
        size: float,
        *,
        bold: bool = False,
        grey: int = _DARK,
        max_lines: int = 1,
        gap: float = 0.0,
        shrink_to: float = 0.0,
    ) -> None:
        nonlocal y
        if not text:
            return
        pieces = _wrap(text, size, bold, width, max_lines, faces)
        # Rather a smaller font than a cut-off name.
        while pieces[-1].endswith("…") and size - 1 >= shrink_to > 0:
            size -= 1
            pieces = _wrap(text, size, bold, width, max_lines, faces)
        for piece in pieces:
            line = _Line(piece, y, size, bold, grey)
            lines.append(line)
            y += line.height
        y += gap

    add(texts.heading.upper(), 8, grey=_GREY, gap=1.0)
    add(texts.title, 15, bold=True, max_lines=2, gap=0.8, shrink_to=12)
    add(texts.when, 11)
    add(texts.place, 11, max_lines=2, gap=3.0)
    add(texts.for_label, 8, grey=_GREY)
    add(texts.name, 18, bold=True, max_lines=2, shrink_to=11)

    module = _QR_SYMBOL_MM / len(matrix)
    qr_top = y + _QR_GAP
    y = qr_top + _QR_SYMBOL_MM + _QR_GAP
    code_line = _Line(texts.grouped_code, y, 14, bold=True)
    lines.append(code_line)
    y += code_line.height + 2.5
    add(texts.bring_along, 9, max_lines=2, gap=1.0)
    add(texts.bring_along_second, 8, grey=_GREY, max_lines=2)
    # Centre the content vertically on the card.
    shift = max(0.0, (CARD_HEIGHT - _MARGIN - y) / 2)
    lines = [replace(line, top=line.top + shift) for line in lines]
    return _Layout(tuple(lines), qr_top + shift, module, tuple(tuple(row) for row in matrix))


# --- PDF -----------------------------------------------------------------------------------------


def _pdf_bytes(layouts: Sequence[_Layout], per_page: int, faces: Sequence[_Face]) -> bytes:
    from fpdf import FPDF

    if per_page == 4:
        pdf = FPDF(unit="mm", format="A4")
        slots = [(0.0, 0.0), (CARD_WIDTH, 0.0), (0.0, 148.5), (CARD_WIDTH, 148.5)]
    else:
        pdf = FPDF(unit="mm", format=(CARD_WIDTH, CARD_HEIGHT))
        slots = [(0.0, 0.0)]
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("integra-tui")
    pdf.set_title(_("Einladungen"))
    families = []
    for index, face in enumerate(faces):
        family = f"card{index}"
        pdf.add_font(family, fname=str(face.path))
        families.append(family)
    pdf.set_font(families[0], size=10)
    if len(families) > 1:
        pdf.set_fallback_fonts(families[1:], exact_match=False)
    try:
        pdf.set_text_shaping(True)  # joins Arabic letters and orders right-to-left text
    except Exception:  # uharfbuzz missing: text prints unshaped
        log.warning("uharfbuzz is not installed: right-to-left names print without text shaping")

    for start in range(0, len(layouts), len(slots)):
        pdf.add_page()
        for (left, top), layout in zip(slots, layouts[start : start + len(slots)]):
            _pdf_card(pdf, layout, left, top + (0.25 if per_page == 4 else 0.0), families[0])
        if per_page == 4:
            pdf.set_draw_color(190)
            pdf.set_line_width(0.2)
            pdf.set_dash_pattern(dash=2, gap=2)
            pdf.line(CARD_WIDTH, 0, CARD_WIDTH, 297)
            pdf.line(0, 148.5, 210, 148.5)
            pdf.set_dash_pattern()
    # fpdf2 logs the characters a font lacks and fontTools the glyphs it keeps: parts of
    # names, which must not reach a log.
    fpdf_log = logging.getLogger("fpdf.output")
    fonttools_log = logging.getLogger("fontTools")
    fonttools_level = fonttools_log.level
    fpdf_log.addFilter(_drop_glyph_reports)
    fonttools_log.setLevel(logging.WARNING)
    try:
        return bytes(pdf.output())
    finally:
        fpdf_log.removeFilter(_drop_glyph_reports)
        fonttools_log.setLevel(fonttools_level)


def _drop_glyph_reports(record: logging.LogRecord) -> bool:
    return "missing the following glyphs" not in str(record.msg)


def _pdf_card(pdf, layout: _Layout, left: float, top: float, family: str) -> None:  # noqa: ANN001
    inner = CARD_WIDTH - 2 * _MARGIN
    for line in layout.lines:
        pdf.set_font(family, size=line.size)
        pdf.set_text_color(line.grey)
        pdf.set_xy(left + _MARGIN, top + line.top)
        if line.bold:
            # The packaged fonts are variable fonts; instancing a bold one costs seconds, so bold
            # is the regular outline drawn with a thin stroke (inside q/Q, so it cannot leak).
            with pdf.local_context(text_mode="FILL_STROKE", line_width=line.size * 0.018, draw_color=line.grey):
                pdf.cell(w=inner, h=line.height, text=line.text, align="C")
        else:
            pdf.cell(w=inner, h=line.height, text=line.text, align="C")
    pdf.set_fill_color(0)
    module = layout.module
    x0, y0 = left + layout.qr_left, top + layout.qr_top
    last_row = len(layout.matrix) - 1
    for row_index, row in enumerate(layout.matrix):
        # A hair of overlap between rows keeps renderers from drawing light seams between them.
        height = module + (0.03 if row_index < last_row else 0.0)
        for start, length in _dark_runs(row):
            pdf.rect(x0 + start * module, y0 + row_index * module, length * module, height, style="F")


def _dark_runs(row: Sequence[bool]) -> list[tuple[int, int]]:
    runs = []
    x = 0
    while x < len(row):
        if row[x]:
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append((start, x - start))
        else:
            x += 1
    return runs


# --- PNG -----------------------------------------------------------------------------------------

_PNG_DPI = 150


def _png_bytes(layout: _Layout, faces: Sequence[_Face], dpi: int = _PNG_DPI) -> bytes:
    scale = dpi / 25.4  # pixels per mm
    image = Image.new("L", (round(CARD_WIDTH * scale), round(CARD_HEIGHT * scale)), 255)
    draw = ImageDraw.Draw(image)
    centre = image.width / 2
    for line in layout.lines:
        size_px = max(6, round(line.size * _PT * scale))
        runs = _runs(line.text, faces)
        fonts = [_pil_font(faces[index].path, size_px) for _piece, index in runs]
        stroke = max(1, round(size_px * 0.03)) if line.bold else 0
        widths = [font.getlength(piece) for (piece, _index), font in zip(runs, fonts)]
        x = centre - sum(widths) / 2
        baseline = line.baseline * scale
        for (piece, _index), font, width in zip(runs, fonts, widths):
            draw.text(
                (x, baseline), piece, font=font, fill=line.grey, anchor="ls", stroke_width=stroke, stroke_fill=line.grey
            )
            x += width
    # Whole pixels per module keep the symbol crisp.
    module_px = max(3, round(layout.module * scale))
    size = module_px * len(layout.matrix)
    x0 = round((image.width - size) / 2)
    y0 = round(layout.qr_top * scale)
    for row_index, row in enumerate(layout.matrix):
        for start, length in _dark_runs(row):
            draw.rectangle(
                [
                    x0 + start * module_px,
                    y0 + row_index * module_px,
                    x0 + (start + length) * module_px - 1,
                    y0 + (row_index + 1) * module_px - 1,
                ],
                fill=0,
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, dpi=(dpi, dpi))
    return buffer.getvalue()


# --- SVG and HTML --------------------------------------------------------------------------------

_FONT_FAMILY = "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Ethiopic', 'DejaVu Sans', Arial, sans-serif"


@lru_cache(maxsize=None)
def _family_name(path: Path) -> str:
    """The family name a font file declares (for CSS/SVG font-family lists)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return str(font["name"].getBestFamilyName() or path.stem)
    except Exception:  # unreadable name table: the file name is the next best thing
        return path.stem


def _svg_card(layout: _Layout, faces: Sequence[_Face], language: str) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH:g}mm" height="{CARD_HEIGHT:g}mm" '
        f'viewBox="0 0 {CARD_WIDTH:g} {CARD_HEIGHT:g}" xml:lang="{language}">',
        f'<rect width="{CARD_WIDTH:g}" height="{CARD_HEIGHT:g}" fill="#fff"/>',
    ]
    for line in layout.lines:
        colour = "#000" if line.grey == _DARK else "#5a5a5a"
        weight = ' font-weight="bold"' if line.bold else ""
        # Each piece names the font family that has its glyphs, for viewers without font fallback.
        pieces = "".join(
            f"<tspan font-family=\"'{html.escape(_family_name(faces[index].path))}', {_FONT_FAMILY}\">{html.escape(piece, quote=False)}</tspan>"
            if index
            else html.escape(piece, quote=False)
            for piece, index in _runs(line.text, faces)
        )
        parts.append(
            f'<text x="{CARD_WIDTH / 2:g}" y="{line.baseline:.2f}" font-size="{line.size * _PT:.2f}" '
            f'font-family="{_FONT_FAMILY}" text-anchor="middle" fill="{colour}"{weight}>{pieces}</text>'
        )
    parts.append(_svg_qr_group(layout))
    parts.append("</svg>\n")
    return "".join(parts)


def _svg_qr_group(layout: _Layout) -> str:
    return (
        f'<path transform="translate({layout.qr_left:.3f} {layout.qr_top:.3f}) scale({layout.module:.4f})" '
        f'fill="#000" shape-rendering="crispEdges" d="{svg_path_data(layout.matrix)}"/>'
    )


def _html_qr(matrix: Sequence[Sequence[bool]]) -> str:
    size = len(matrix) + 8
    return (
        f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" shape-rendering="crispEdges" d="{svg_path_data(matrix, offset=4)}"/></svg>'
    )


_HTML_STYLE = """
@page { size: %(page)s; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: %(font)s; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { width: %(sheet_w)s; height: %(sheet_h)s; display: grid; overflow: hidden;
  grid-template-columns: repeat(%(cols)d, 105mm); grid-template-rows: repeat(%(rows)d, %(row_h)s);
  break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.card { padding: 6mm 8mm; display: flex; flex-direction: column; align-items: center; text-align: center;
  overflow: hidden; %(cut)s }
.heading, .for { font-size: 8pt; color: #5a5a5a; letter-spacing: 0.05em; }
.heading { text-transform: uppercase; margin-bottom: 1mm; }
.title { font-size: 15pt; font-weight: bold; margin: 0 0 0.8mm; line-height: 1.3;
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.when, .place { font-size: 11pt; line-height: 1.3; }
.place { margin-bottom: 3mm; }
.name { font-size: 18pt; font-weight: bold; line-height: 1.3; }
.qr { width: %(qr_total)smm; height: %(qr_total)smm; flex: none; }
.code { font-size: 14pt; font-weight: bold; margin: 0 0 2.5mm; white-space: nowrap; }
.bring { font-size: 9pt; line-height: 1.3; margin-bottom: 1mm; }
.second { font-size: 8pt; line-height: 1.3; color: #5a5a5a; }
"""


def _html_page(
    texts: Sequence[_CardTexts], matrices: Sequence[Sequence[Sequence[bool]]], per_page: int, language: str
) -> str:
    quiet = 4 * _QR_SYMBOL_MM / len(matrices[0]) if matrices else 0
    style = _HTML_STYLE % {
        "page": "A4" if per_page == 4 else "105mm 148mm",
        "font": _FONT_FAMILY,
        "sheet_w": "210mm" if per_page == 4 else "105mm",
        "sheet_h": "297mm" if per_page == 4 else "148mm",
        "cols": 2 if per_page == 4 else 1,
        "rows": 2 if per_page == 4 else 1,
        "row_h": "148.5mm" if per_page == 4 else "148mm",
        "cut": "border: 0.2mm dashed #bbb;" if per_page == 4 else "",
        "qr_total": f"{_QR_SYMBOL_MM + 2 * quiet:.2f}",
    }
    cards = []
    for text, matrix in zip(texts, matrices):
        second = (
            f'<div class="second" lang="en">{html.escape(text.bring_along_second)}</div>'
            if text.bring_along_second
            else ""
        )
        cards.append(
            '<section class="card">'
            f'<div class="heading">{html.escape(text.heading)}</div>'
            f'<div class="title" dir="auto">{html.escape(text.title)}</div>'
            f'<div class="when">{html.escape(text.when)}</div>'
            f'<div class="place" dir="auto">{html.escape(text.place)}</div>'
            f'<div class="for">{html.escape(text.for_label)}</div>'
            f'<div class="name" dir="auto">{html.escape(text.name)}</div>'
            f"{_html_qr(matrix)}"
            f'<div class="code">{html.escape(text.grouped_code)}</div>'
            f'<div class="bring">{html.escape(text.bring_along)}</div>'
            f"{second}</section>"
        )
    sheets = [
        '<div class="sheet">' + "".join(cards[start : start + per_page]) + "</div>"
        for start in range(0, len(cards), per_page)
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(_('Einladungen'))}</title><style>{style}</style></head>"
        f"<body>{''.join(sheets)}</body></html>\n"
    )


# --- files ---------------------------------------------------------------------------------------

_TRANSLITERATION = {
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
    "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "å": "a", "Å": "A",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l", "Ł": "L", "ı": "i",
}  # fmt: skip


def _slug(name: str, person_id: int) -> str:
    """An ASCII file-name part for ``name``; the person's number when nothing Latin is left."""
    text = "".join(_TRANSLITERATION.get(char, char) for char in name)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > 40:  # shorten at a word boundary where there is one
        cut = slug[:41].rfind("-")
        slug = slug[: cut if cut >= 20 else 40].strip("-")
    return slug or f"person-{person_id}"


def card_file_name(number: int, card: InvitationCard, extension: str, *, width: int = 2) -> str:
    """``<nn>-<ascii-slug-of-name>-<code>.<extension>``: safe on every file system."""
    code = parse_code(card.code).code or "code"
    return f"{number:0{width}d}-{_slug(card.person_name, card.person_id)}-{code}.{extension}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _write_mailmerge(path: Path, cards: Sequence[InvitationCard], names: Sequence[str]) -> None:
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([_("Name"), _("E-Mail"), _("Code"), _("Datei")])
        for card, name in zip(cards, names):
            writer.writerow(
                [_csv_cell(value) for value in (card.person_name, card.email, parse_code(card.code).code, name)]
            )


def _prepare_folder(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvitationError(
            _("Der Ordner {folder} kann nicht angelegt werden ({reason}).").format(
                folder=out_dir, reason=error.strerror or error.__class__.__name__
            )
        ) from error
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise InvitationError(_("In den Ordner {folder} kann nicht geschrieben werden.").format(folder=out_dir))


def write_invitations(
    cards: Iterable[InvitationCard],
    out_dir: Path,
    fmt: str = "pdf",
    per_page: int = 4,
    *,
    language: str | None = None,
    english_line: bool = True,
    qr_engine: str = "segno",
) -> list[Path]:
    """Write invitations for ``cards`` into ``out_dir``; returns the files written.

    ``pdf``: ``einladungen.pdf``, A6 cards four to an A4 page with cut lines (``per_page=4``) or one
    per A6 page (``per_page=1``). ``png``/``svg``: one card file per person plus ``mailmerge.csv``.
    ``html``: ``einladungen.html``, printing like the PDF. Card texts are in ``language`` (default:
    the UI language), with the instruction repeated in English when ``english_line`` is set.
    ``qr_engine`` ("segno" or "qrcode") exists for benchmarks. Raises :class:`InvitationError`.
    """
    cards = list(cards)
    if not cards:
        raise InvitationError(_("Dieses Treffen hat keine Eingeladenen."))
    if fmt not in FORMATS:
        raise InvitationError(_("Unbekanntes Format {fmt}. Möglich sind: pdf, png, svg, html.").format(fmt=fmt))
    if per_page not in (1, 4):
        raise InvitationError(_("Auf eine Seite passen 1 oder 4 Einladungen, nicht {count}.").format(count=per_page))
    language = language or current_language()
    texts = [_card_texts(card, language, "en" if english_line else None) for card in cards]
    out_dir = Path(out_dir)
    _prepare_folder(out_dir)

    matrices = []
    for text in texts:
        if qr_engine == "segno":
            matrices.append([[bool(module) for module in row] for row in code_qr(text.code).matrix])
        else:
            matrices.append(qr_matrix(text.code, engine=qr_engine))

    try:
        if fmt == "html":
            target = out_dir / HTML_NAME
            with atomic_open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(_html_page(texts, matrices, per_page, language))
            return [target]
        faces = font_stack(_texts_of(texts))
        unprintable = _needed(_texts_of(texts)) - set().union(*(face.covers for face in faces))
        if unprintable:  # the count only: the characters themselves are parts of names
            log.warning("%d distinct characters on the invitations have no font", len(unprintable))
        layouts = [_layout(text, matrix, faces) for text, matrix in zip(texts, matrices)]
        if fmt == "pdf":
            target = out_dir / PDF_NAME
            write_bytes_atomic(target, _pdf_bytes(layouts, per_page, faces))
            return [target]
        width = max(2, len(str(len(cards))))
        names = [card_file_name(number, card, fmt, width=width) for number, card in enumerate(cards, start=1)]
        written = []
        for name, layout in zip(names, layouts):
            target = out_dir / name
            if fmt == "png":
                write_bytes_atomic(target, _png_bytes(layout, faces))
            else:
                write_bytes_atomic(target, _svg_card(layout, faces, language).encode("utf-8"))
            written.append(target)
        # Written last: when the list is there, so is every file it names.
        _write_mailmerge(out_dir / CSV_NAME, cards, names)
        written.append(out_dir / CSV_NAME)
        return written
    except OSError as error:
        raise InvitationError(
            _("Die Einladungen konnten nicht gespeichert werden ({reason}).").format(
                reason=error.strerror or error.__class__.__name__
            )
        ) from error
