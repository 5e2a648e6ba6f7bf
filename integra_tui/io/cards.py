"""Invitation card layouts: what goes where on an A6 card, drawn as PDF, PNG, SVG or an HTML page.

One layout in millimetres serves the PDF, PNG and SVG cards; the HTML page lays itself out for the
browser. Texts arrive printable (:mod:`integra_tui.io.invitations` has replaced what no font has);
which font draws which character comes from :mod:`integra_tui.io.fonts`.
"""

from __future__ import annotations

import html
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from integra_tui.i18n import _
from integra_tui.io.fonts import Face, add_pdf_fonts, pil_font, quiet_pdf_output, runs, text_width_pt
from integra_tui.io.qr import svg_path_data

__all__ = [
    "CARD_HEIGHT",
    "CARD_WIDTH",
    "CardLayout",
    "CardTexts",
    "html_page",
    "layout_card",
    "pdf_bytes",
    "png_bytes",
    "svg_card",
    "texts_of",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardTexts:
    """Every text one card prints, already in the card's language."""

    heading: str
    title: str
    when: str
    place: str
    for_label: str
    name: str
    code: str
    """The canonical code, which the QR symbol holds."""
    grouped_code: str
    bring_along: str
    bring_along_second: str


USER_TEXTS = ("title", "place", "name")
"""The fields of :class:`CardTexts` that hold what people typed or imported (the rest is ours)."""


def texts_of(texts: Iterable[CardTexts]) -> list[str]:
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
class CardLayout:
    """Where everything goes on one card (millimetres from the top left corner)."""

    lines: tuple[_Line, ...]
    qr_top: float
    module: float  # mm per QR module
    matrix: tuple[tuple[bool, ...], ...]

    @property
    def qr_left(self) -> float:
        return (CARD_WIDTH - self.module * len(self.matrix)) / 2


@lru_cache(maxsize=4096)
def _wrap(text: str, size: float, bold: bool, width: float, max_lines: int, faces: tuple[Face, ...]) -> tuple[str, ...]:
    """Greedy word wrap to ``width`` mm; the last allowed line ends in an ellipsis if text is left.

    Cached: the meeting's lines are the same on every card.
    """

    def fits(candidate: str) -> bool:
        return text_width_pt(candidate, size, bold, faces) * _PT <= width

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


def layout_card(texts: CardTexts, matrix: Sequence[Sequence[bool]], faces: Sequence[Face]) -> CardLayout:
    """Lay one card out: texts wrapped and shrunk to fit, the QR symbol in the middle, all centred."""
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
    return CardLayout(tuple(lines), qr_top + shift, module, tuple(tuple(row) for row in matrix))


# --- PDF -----------------------------------------------------------------------------------------


def pdf_bytes(layouts: Sequence[CardLayout], per_page: int, faces: Sequence[Face]) -> bytes:
    """The cards as one PDF: four A6 cards to an A4 page with cut lines, or one per A6 page."""
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
    families = add_pdf_fonts(pdf, faces, "card")
    pdf.set_font(families[0], size=10)
    try:
        pdf.set_text_shaping(True)  # joins Arabic letters and orders right-to-left text
    except Exception:  # uharfbuzz missing: text prints unshaped
        log.warning("uharfbuzz is not installed: right-to-left names print without text shaping")

    for start in range(0, len(layouts), len(slots)):
        pdf.add_page()
        for (left, top), layout in zip(slots, layouts[start : start + len(slots)], strict=False):
            _pdf_card(pdf, layout, left, top + (0.25 if per_page == 4 else 0.0), families[0])
        if per_page == 4:
            pdf.set_draw_color(190)
            pdf.set_line_width(0.2)
            pdf.set_dash_pattern(dash=2, gap=2)
            pdf.line(CARD_WIDTH, 0, CARD_WIDTH, 297)
            pdf.line(0, 148.5, 210, 148.5)
            pdf.set_dash_pattern()
    with quiet_pdf_output():
        return bytes(pdf.output())


def _pdf_card(pdf, layout: CardLayout, left: float, top: float, family: str) -> None:  # noqa: ANN001
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


def png_bytes(layout: CardLayout, faces: Sequence[Face], dpi: int = _PNG_DPI) -> bytes:
    """One card as a greyscale PNG at ``dpi``."""
    from PIL import Image, ImageDraw

    scale = dpi / 25.4  # pixels per mm
    image = Image.new("L", (round(CARD_WIDTH * scale), round(CARD_HEIGHT * scale)), 255)
    draw = ImageDraw.Draw(image)
    centre = image.width / 2
    for line in layout.lines:
        size_px = max(6, round(line.size * _PT * scale))
        pieces = runs(line.text, faces)
        fonts = [pil_font(faces[index].path, size_px) for _piece, index in pieces]
        stroke = max(1, round(size_px * 0.03)) if line.bold else 0
        widths = [font.getlength(piece) for (piece, _index), font in zip(pieces, fonts, strict=True)]
        x = centre - sum(widths) / 2
        baseline = line.baseline * scale
        for (piece, _index), font, width in zip(pieces, fonts, widths, strict=True):
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

_FONT_FAMILY = (
    "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Ethiopic', 'DejaVu Sans', Arial, sans-serif"
)


@lru_cache(maxsize=None)
def _family_name(path: Path) -> str:
    """The family name a font file declares (for CSS/SVG font-family lists)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return str(font["name"].getBestFamilyName() or path.stem)
    except Exception:  # unreadable name table: the file name is the next best thing
        return path.stem


def svg_card(layout: CardLayout, faces: Sequence[Face], language: str) -> str:
    """One card as SVG; the viewer's fonts draw the text, each piece names the family that has its glyphs."""
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
            f"<tspan font-family=\"'{html.escape(_family_name(faces[index].path))}', {_FONT_FAMILY}\">"
            f"{html.escape(piece, quote=False)}</tspan>"
            if index
            else html.escape(piece, quote=False)
            for piece, index in runs(line.text, faces)
        )
        parts.append(
            f'<text x="{CARD_WIDTH / 2:g}" y="{line.baseline:.2f}" font-size="{line.size * _PT:.2f}" '
            f'font-family="{_FONT_FAMILY}" text-anchor="middle" fill="{colour}"{weight}>{pieces}</text>'
        )
    parts.append(_svg_qr_group(layout))
    parts.append("</svg>\n")
    return "".join(parts)


def _svg_qr_group(layout: CardLayout) -> str:
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


def html_page(
    texts: Sequence[CardTexts], matrices: Sequence[Sequence[Sequence[bool]]], per_page: int, language: str
) -> str:
    """All cards as one HTML page that prints like the PDF (the browser's fonts draw the text)."""
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
    for text, matrix in zip(texts, matrices, strict=True):
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
