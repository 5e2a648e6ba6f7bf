"""Invitation card layouts: what goes where on an A6 card, drawn as PDF, PNG, SVG or an HTML page.

One layout in millimetres serves the PDF, PNG and SVG cards; the HTML page lays itself out for the
browser. Texts arrive printable (:mod:`integra_tui.io.invitations` has replaced what no font has);
which font draws which character comes from :mod:`integra_tui.io.fonts`.

Thousands of cards of one meeting differ only in the name and the code, so the work is done once
where it can be: line breaks are cached, a PNG starts from a copy of the card drawn without name,
code and symbol (whose rows without them are compressed once), and a PDF line that needs no text
shaping (anything but right-to-left scripts and combining marks) is set directly from the fonts'
widths. A QR symbol is one filled path (PDF) or one pasted mask (PNG), not a rectangle per module.
"""

from __future__ import annotations

import collections
import html
import logging
import re
import struct
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from integra_tui.i18n import _
from integra_tui.io.atomic import write_files_atomic
from integra_tui.io.fonts import Face, PdfStamps, add_pdf_fonts, pil_font, quiet_pdf_output, runs, text_width_pt
from integra_tui.io.qr import Matrix, code_matrix, code_qr, qr_matrix, svg_path_data

__all__ = [
    "CARD_HEIGHT",
    "CARD_WIDTH",
    "PNG_COMPRESSION",
    "QR_ENGINES",
    "CardLayout",
    "CardTexts",
    "CardWorkers",
    "WorkerError",
    "card_layouts",
    "card_matrix",
    "html_page",
    "layout_card",
    "needs_shaping",
    "pdf_bytes",
    "png_bytes",
    "serve_card_worker",
    "svg_card",
    "texts_of",
    "write_png_cards",
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
    personal: bool = False  # the name and the code: what differs from card to card

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

    @cached_property
    def pdf_symbol(self) -> str:
        """PDF path data of the symbol's dark modules in points, from its top left corner (y upwards).

        One rectangle per run of dark modules in a row; a hair of overlap between rows keeps
        renderers from drawing light seams between them.
        """
        places, height, last_height = _symbol_units(self.module, len(self.matrix))
        last_row = len(self.matrix) - 1
        parts = []
        for row_index, row in enumerate(self.matrix):
            y = f"-{places[row_index]}" if row_index else "0.00"
            tall = height if row_index < last_row else last_height
            for run in _DARK_RUN.finditer(bytes(row)):
                start, end = run.span()
                parts.append(f"{places[start]} {y} {places[end - start]} -{tall} re")
        return " ".join(parts)


@lru_cache(maxsize=4096)
def _wrap(text: str, size: float, bold: bool, width: float, max_lines: int, faces: tuple[Face, ...]) -> tuple[str, ...]:
    """Greedy word wrap to ``width`` mm; the last allowed line ends in an ellipsis if text is left.

    Cached: the meeting's lines are the same on every card.
    """

    def fits(candidate: str) -> bool:
        return text_width_pt(candidate, size, bold, faces) * _PT <= width

    words = text.split()
    whole = " ".join(words)
    if whole and fits(whole):
        return (whole,)  # what the greedy loop below makes of a text that fits, in one measurement
    lines: list[str] = []
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
        personal: bool = False,
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
            line = _Line(piece, y, size, bold, grey, personal=personal)
            lines.append(line)
            y += line.height
        y += gap

    add(texts.heading.upper(), 8, grey=_GREY, gap=1.0)
    add(texts.title, 15, bold=True, max_lines=2, gap=0.8, shrink_to=12)
    add(texts.when, 11)
    add(texts.place, 11, max_lines=2, gap=3.0)
    add(texts.for_label, 8, grey=_GREY)
    add(texts.name, 18, bold=True, max_lines=2, shrink_to=11, personal=True)

    module = _QR_SYMBOL_MM / len(matrix)
    qr_top = y + _QR_GAP
    y = qr_top + _QR_SYMBOL_MM + _QR_GAP
    code_line = _Line(texts.grouped_code, y, 14, bold=True, personal=True)
    lines.append(code_line)
    y += code_line.height + 2.5
    add(texts.bring_along, 9, max_lines=2, gap=1.0)
    add(texts.bring_along_second, 8, grey=_GREY, max_lines=2)
    # Centre the content vertically on the card.
    shift = max(0.0, (CARD_HEIGHT - _MARGIN - y) / 2)
    lines = [
        _Line(line.text, line.top + shift, line.size, line.bold, line.grey, line.spacing, line.personal)
        for line in lines
    ]
    return CardLayout(tuple(lines), qr_top + shift, module, tuple(tuple(row) for row in matrix))


# --- PDF -----------------------------------------------------------------------------------------


def needs_shaping(text: str) -> bool:
    """True for text that only a shaping engine sets right: right-to-left letters, combining marks."""
    for char in text:
        if ord(char) < 0x0300:
            continue
        if unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.category(char) in ("Mn", "Mc", "Me"):
            return True
    return False


class _PdfCards:
    """Draws cards into one fpdf2 document, reusing what the cards share.

    A line every card has (all but the name and the code) is set once and then repeated, moved
    into place (:class:`~integra_tui.io.fonts.PdfStamps`), so thousands of cards cost about as
    much as their names.
    """

    def __init__(self, pdf, faces: Sequence[Face], families: Sequence[str], can_shape: bool) -> None:  # noqa: ANN001
        self.pdf = pdf
        self.faces = tuple(faces)
        self.families = tuple(families)
        self.can_shape = can_shape
        self.shaping = False
        self.widths: dict[tuple[str, int, float], float] = {}
        self.stamps = PdfStamps(pdf)

    def _shape(self, wanted: bool) -> None:
        if wanted != self.shaping:
            self.pdf.set_text_shaping(wanted)
            self.shaping = wanted

    def _width(self, piece: str, index: int, size: float) -> float:
        key = (piece, index, size)
        width = self.widths.get(key)
        if width is None:
            self.pdf.set_font(self.families[index], size=size)
            width = self.widths[key] = self.pdf.get_string_width(piece)
        return width

    def card(self, layout: CardLayout, left: float, top: float) -> None:
        pdf = self.pdf
        for line in layout.lines:
            if self.can_shape and needs_shaping(line.text):
                self._shaped(line, left, top)
            elif line.personal:
                self._runs(line, left, top)
            else:
                self._stamp(line, left, top)
        # The symbol: one filled path, placed where this card has it.
        x, y = (left + layout.qr_left) * pdf.k, (pdf.h - top - layout.qr_top) * pdf.k
        pdf._out(f"q 0 g 1 0 0 1 {x:.2f} {y:.2f} cm {layout.pdf_symbol} f Q")  # fpdf2 has no call for raw paths

    def _shaped(self, line: _Line, left: float, top: float) -> None:
        """A line that needs text shaping (right-to-left, combining marks): fpdf2's cell() does it all."""
        pdf = self.pdf
        self._shape(True)
        pdf.set_text_color(line.grey)
        pdf.set_font(self.families[0], size=line.size)
        pdf.set_xy(left + _MARGIN, top + line.top)
        inner = CARD_WIDTH - 2 * _MARGIN
        if line.bold:
            with pdf.local_context(text_mode="FILL_STROKE", line_width=line.size * 0.018, draw_color=line.grey):
                pdf.cell(w=inner, h=line.height, text=line.text, align="C")
        else:
            pdf.cell(w=inner, h=line.height, text=line.text, align="C")

    def _runs(self, line: _Line, left: float, top: float) -> None:
        """One line as fpdf2's ``cell(align="C")`` sets it, each piece in the font that has its glyphs."""
        pdf = self.pdf
        self._shape(False)
        pdf.set_text_color(line.grey)
        pieces = runs(line.text, self.faces)
        widths = [self._width(piece, index, line.size) for piece, index in pieces]
        x = left + CARD_WIDTH / 2 - sum(widths) / 2
        # cell() puts the baseline 0.3 font sizes below the middle of the line box.
        baseline = top + line.top + line.height / 2 + 0.3 * line.size / pdf.k
        if line.bold:
            # The packaged fonts are variable fonts; instancing a bold one costs seconds, so bold
            # is the regular outline drawn with a thin stroke, inside q/Q so that it cannot leak.
            # The stroke is as wide as fpdf2's cell() draws it: size * 0.018, taken as points.
            pdf._out(f"q {line.grey / 255:.3f} G {line.size * 0.018:.2f} w 2 Tr")
        for (piece, index), width in zip(pieces, widths, strict=True):
            pdf.set_font(self.families[index], size=line.size)
            pdf.text(x, baseline, piece)
            x += width
        if line.bold:
            pdf._out("Q")
            pdf.current_font_is_set_on_page = False  # Q took back the font the text set

    def _stamp(self, line: _Line, left: float, top: float) -> None:
        """A line every card has: set the first time, its operators repeated (moved) after that."""
        key = (line.text, line.size, line.bold, line.grey)
        self.stamps.draw(key, left, top + line.top, lambda: self._runs(line, left, top))


def pdf_bytes(layouts: Iterable[CardLayout], per_page: int, faces: Sequence[Face]) -> bytes:
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
        pdf.set_text_shaping(False)
        can_shape = True
    except Exception:  # uharfbuzz missing: text prints unshaped
        log.warning("uharfbuzz is not installed: right-to-left names print without text shaping")
        can_shape = False
    drawer = _PdfCards(pdf, faces, families, can_shape)

    def cut_lines() -> None:
        pdf.set_draw_color(190)
        pdf.set_line_width(0.2)
        pdf.set_dash_pattern(dash=2, gap=2)
        pdf.line(CARD_WIDTH, 0, CARD_WIDTH, 297)
        pdf.line(0, 148.5, 210, 148.5)
        pdf.set_dash_pattern()

    slot = 0
    for layout in layouts:
        if slot == 0:
            pdf.add_page()
        left, top = slots[slot]
        drawer.card(layout, left, top + (0.25 if per_page == 4 else 0.0))
        slot = (slot + 1) % len(slots)
        if slot == 0 and per_page == 4:
            cut_lines()
    if slot and per_page == 4:
        cut_lines()
    with quiet_pdf_output():
        return bytes(pdf.output())


def _dark_runs(row: Sequence[bool]) -> list[tuple[int, int]]:
    return [(run.start(), run.end() - run.start()) for run in _DARK_RUN.finditer(bytes(row))]


_DARK_RUN = re.compile(b"\x01+")


@lru_cache(maxsize=8)
def _symbol_units(module_mm: float, count: int) -> tuple[tuple[str, ...], str, str]:
    """Module counts 0..count as PDF numbers (points), and the heights of a row and of the last row."""
    module = module_mm * 72 / 25.4
    places = tuple(f"{index * module:.2f}" for index in range(count + 1))
    return places, f"{module + 0.03 * 72 / 25.4:.2f}", f"{module:.2f}"


# --- PNG -----------------------------------------------------------------------------------------

_PNG_DPI = 150
PNG_COMPRESSION = 3
"""zlib level for card PNGs: Pillow's default 6 takes more than twice as long for files a sixth smaller."""


def png_bytes(layout: CardLayout, faces: Sequence[Face], dpi: int = _PNG_DPI) -> bytes:
    """One card as a PNG at ``dpi``: grey levels only, stored through a grey palette."""
    from PIL import Image, ImageDraw

    faces = tuple(faces)
    scale = dpi / 25.4  # pixels per mm
    shared = tuple(line for line in layout.lines if not line.personal)
    image = _png_background(shared, faces, dpi).copy()
    draw = ImageDraw.Draw(image)
    for line in layout.lines:
        if line.personal:
            _png_line(draw, line, faces, scale, image.width / 2)
    # Whole pixels per module keep the symbol crisp.
    module_px = max(3, round(layout.module * scale))
    count = len(layout.matrix)
    size = module_px * count
    x0 = round((image.width - size) / 2)
    y0 = round(layout.qr_top * scale)
    dark = Image.frombytes("L", (count, count), bytes(255 if module else 0 for row in layout.matrix for module in row))
    image.paste(0, (x0, y0, x0 + size, y0 + size), dark.resize((size, size), Image.Resampling.NEAREST))
    return _png_file(image.tobytes(), image.width, dpi, _png_bands(shared, faces, dpi))


_GREY_LEVELS = bytes(value for level in range(256) for value in (level, level, level))
"""The palette of every card PNG: index n is grey level n."""
_PNG_BAND = 32
"""Rows compressed together: a band of a card that is as on the card without name and code is not compressed again."""


class _Bands:
    """The card without name, code and symbol in bands of rows: raw pixels, and each band as the PNG holds it."""

    def __init__(self, raw: bytes, width: int) -> None:
        self.raw = raw
        self.filtered: list[bytes] = []
        self.compressed: list[bytes] = []
        for start in range(0, len(raw), width * _PNG_BAND):
            band = _filtered(memoryview(raw)[start : start + width * _PNG_BAND], width)
            self.filtered.append(band)
            self.compressed.append(_deflated(band))


def _filtered(pixels: memoryview, width: int) -> bytes:
    """Rows of grey levels as a PNG stores them without filtering: each behind a zero byte."""
    return b"\x00" + b"\x00".join(pixels[start : start + width] for start in range(0, len(pixels), width))


def _deflated(band: bytes) -> bytes:
    """``band`` compressed on its own and ended on a byte boundary (a sync flush), so that bands join up."""
    compressor = zlib.compressobj(PNG_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(band) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def _png_file(raw: bytes, width: int, dpi: int, background: _Bands) -> bytes:
    """A PNG of the grey levels ``raw`` through a grey palette; bands as in ``background`` are copied, not compressed.

    Rows are stored unfiltered, as Pillow stores a palette image (filtering greyscale rows five
    ways took two thirds of the time, for the same pixels). Pillow compresses every card whole; a
    card differs from its background only where the name, the code and the symbol are, about a
    third of its rows.
    """
    view = memoryview(raw)
    step = width * _PNG_BAND
    parts = [b"\x78\x5e"]  # zlib's header (deflate, 32 KiB window)
    checksum = 1
    for number, start in enumerate(range(0, len(raw), step)):
        pixels = view[start : start + step]
        if pixels == memoryview(background.raw)[start : start + step]:
            checksum = zlib.adler32(background.filtered[number], checksum)
            parts.append(background.compressed[number])
            continue
        band = _filtered(pixels, width)
        checksum = zlib.adler32(band, checksum)
        parts.append(_deflated(band))
    parts.append(b"\x03\x00")  # the last block: empty, fixed codes
    parts.append(struct.pack(">I", checksum))
    height = len(raw) // width
    per_metre = int(dpi / 0.0254 + 0.5)  # as Pillow writes it
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),  # 8-bit palette
            _png_chunk(b"PLTE", _GREY_LEVELS),
            _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _png_chunk(b"IDAT", b"".join(parts)),
            _png_chunk(b"IEND", b""),
        ]
    )


@lru_cache(maxsize=8)
def _png_bands(lines: tuple[_Line, ...], faces: tuple[Face, ...], dpi: int) -> _Bands:
    image = _png_background(lines, faces, dpi)
    return _Bands(image.tobytes(), image.width)


@lru_cache(maxsize=8)
def _png_background(lines: tuple[_Line, ...], faces: tuple[Face, ...], dpi: int):  # noqa: ANN202
    """A card with the lines every card of the meeting has; cards differ in where they start only by the name."""
    from PIL import Image, ImageDraw

    scale = dpi / 25.4
    image = Image.new("L", (round(CARD_WIDTH * scale), round(CARD_HEIGHT * scale)), 255)
    draw = ImageDraw.Draw(image)
    for line in lines:
        _png_line(draw, line, faces, scale, image.width / 2)
    return image


def _png_line(draw, line: _Line, faces: Sequence[Face], scale: float, centre: float) -> None:  # noqa: ANN001
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


# --- many cards at once ---------------------------------------------------------------------------
#
# These run in worker processes as well as in-process (see invitations.write_invitations): plain
# functions of picklable arguments, the fonts passed in, nothing read from the caller's state.

QR_ENGINES = ("fast", "segno", "qrcode")
"""How card symbols are encoded: ``fast`` (the default) makes segno's symbol, module for module, in a
tenth of its time (:func:`integra_tui.io.qr.code_matrix`); ``segno`` and ``qrcode`` call those
libraries, for benchmarks."""


def card_matrix(code: str, engine: str = "fast") -> Matrix:
    """The QR modules of invitation code ``code`` (canonical), encoded by ``engine`` (see :data:`QR_ENGINES`)."""
    if engine == "fast":
        return code_matrix(code)
    if engine == "segno":
        return tuple(tuple(bool(module) for module in row) for row in code_qr(code).matrix)
    return tuple(tuple(row) for row in qr_matrix(code, engine=engine))


def _known(faces: Sequence[Face]) -> tuple[Face, ...]:
    """The fonts as the objects seen before, when they are equal to them.

    A worker gets its fonts anew with every task; the caches of line breaks and runs are keyed by
    them, and telling equal but distinct fonts apart compares thousands of code points on every
    look-up. One comparison per task makes every later look-up an identity check.
    """
    faces = tuple(faces)
    return _KNOWN_FACES.setdefault(faces, faces)


_KNOWN_FACES: dict[tuple[Face, ...], tuple[Face, ...]] = {}


def card_layouts(texts: Sequence[CardTexts], faces: Sequence[Face], engine: str = "fast") -> list[CardLayout]:
    """The layouts of the cards ``texts``, symbols included (with their PDF path, for a PDF drawn elsewhere)."""
    faces = _known(faces)
    layouts = [layout_card(text, card_matrix(text.code, engine), faces) for text in texts]
    for layout in layouts:
        _ = layout.pdf_symbol
    return layouts


def write_png_cards(
    texts: Sequence[CardTexts], targets: Sequence[Path], faces: Sequence[Face], engine: str = "fast"
) -> None:
    """Write one PNG card per text to its target, each file atomically, in order.

    A card is flushed to disk while the next one is drawn, and all of them side by side: one after
    the other, the flushes took longer than drawing the cards.
    """
    faces = _known(faces)
    write_files_atomic(
        (target, png_bytes(layout_card(text, card_matrix(text.code, engine), faces), faces))
        for text, target in zip(texts, targets, strict=True)
    )


# --- worker processes ----------------------------------------------------------------------------

_TASKS: dict[str, Callable[..., Any]] = {"layouts": card_layouts, "png": write_png_cards}

# What a worker runs: it takes this process's import path first, then serves tasks. A fresh
# interpreter (never fork: the app has threads, and a forked copy of a thread-holding process can
# hang) that imports the package as the app found it, installed or from a checkout, and never
# re-runs the caller's main module, as multiprocessing's spawn would for a script without a
# ``__main__`` guard.
_BOOT = (
    "import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
    "from integra_tui.io.cards import serve_card_worker; serve_card_worker()"
)


class WorkerError(Exception):
    """A worker process stopped without answering (killed, out of memory)."""


def serve_card_worker() -> None:
    """A worker process's loop: a task from standard input, its answer to standard output, until input ends.

    Nothing else reaches the terminal the app draws on: no log line, no Python warning, no print.
    """
    import os
    import pickle
    import sys
    import warnings

    answers = sys.stdout.buffer
    tasks = sys.stdin.buffer
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger().setLevel(logging.CRITICAL + 1)
    warnings.simplefilter("ignore")
    while True:
        try:
            name, args = pickle.load(tasks)
        except EOFError:
            return
        try:
            answer: tuple[bool, object] = (True, _TASKS[name](*args))
        except Exception as error:  # raised again in the caller, where it is handled
            answer = (False, error)
        try:
            data = pickle.dumps(answer)
        except Exception:  # an exception that does not pickle: its text does
            data = pickle.dumps((False, RuntimeError(repr(answer[1]))))
        answers.write(data)
        answers.flush()


class CardWorkers:
    """``count`` worker processes for card tasks (none for a count of 1: then the tasks run here).

    :meth:`map` hands out one chunk at a time to each worker and gives the answers back in the
    order of the chunks, so what is written does not depend on the number of workers. Use it as a
    context manager: on leaving, the workers finish what they were given (no file is written after
    the caller has returned) and stop.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self.processes: list = []
        self.waiting: collections.deque = collections.deque()  # workers with a task out, in task order

    def __enter__(self) -> CardWorkers:
        import pickle
        import subprocess
        import sys

        if self.count <= 1:
            return self
        try:
            for _ in range(self.count):
                process = subprocess.Popen(
                    [sys.executable, "-c", _BOOT],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
                self.processes.append(process)
                assert process.stdin is not None  # stdin=PIPE
                pickle.dump(sys.path, process.stdin)
                process.stdin.flush()
        except OSError:  # no interpreter to start: everything runs in this process
            self._stop(kill=True)
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        self._stop(kill=kind is not None and not issubclass(kind, Exception))

    def map(self, task: str, jobs: Iterable[tuple]) -> Iterator:
        """The answers of ``task`` for each job (a tuple of arguments), in order; a task's exception is raised."""
        import pickle

        function = _TASKS[task]
        if not self.processes:
            for job in jobs:
                yield function(*job)
            return
        pending = iter(jobs)

        def hand_out(process) -> None:  # noqa: ANN001
            job = next(pending, None)
            if job is None:
                return
            try:
                pickle.dump((task, job), process.stdin)
                process.stdin.flush()
            except OSError as error:
                raise WorkerError("a card worker stopped") from error
            self.waiting.append(process)

        for process in self.processes:
            hand_out(process)
        while self.waiting:
            process = self.waiting.popleft()
            ok, value = self._answer(process)
            if not ok:
                assert isinstance(value, BaseException)  # a task's exception, pickled back
                raise value
            hand_out(process)
            yield value

    @staticmethod
    def _answer(process) -> tuple[bool, object]:  # noqa: ANN001
        import pickle

        try:
            return pickle.load(process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError) as error:
            raise WorkerError("a card worker stopped") from error

    def _stop(self, kill: bool) -> None:
        if not kill:
            while self.waiting:  # let every worker finish what it was given
                try:
                    self._answer(self.waiting.popleft())
                except WorkerError:
                    pass
        self.waiting.clear()
        for process in self.processes:
            if kill:
                process.kill()
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except Exception:  # a worker that does not stop is stopped
                process.kill()
                process.wait()
        self.processes = []


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
