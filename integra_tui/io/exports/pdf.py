"""Exports as PDF (fpdf2): the minutes, the attendance list with a signature column, attendance confirmations.

Names come in every script: the fonts are the bundled ones :mod:`integra_tui.io.fonts` finds
(Latin, Cyrillic, Greek, Arabic script, Hebrew, Ethiopic), and text shaping joins Arabic letters
and orders right-to-left text. A character no font has prints as a stand-in; pass a ``warnings``
list and it gets one :class:`~integra_tui.io.fonts.FontWarning` naming the rows (attendance list)
or pages where that happened. Bold text is drawn as the regular outline with a thin stroke: the
packaged fonts are variable fonts whose bold instance would cost seconds to build.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple, cast

from integra_tui.domain.names import isolate
from integra_tui.domain.text import clean_line, clean_text, has_controls
from integra_tui.i18n import _, format_date, format_datetime
from integra_tui.io.exports.documents import (
    AttendanceDoc,
    Cell,
    EngagementDoc,
    ItemMinutes,
    MinutesDoc,
)
from integra_tui.io.exports.network_wording import capture_details, need_review_details, question_review_details
from integra_tui.io.exports.signin import SignInSheet
from integra_tui.io.exports.wording import (
    attendance_sentence,
    follow_up_details,
    item_status_text,
    item_time_text,
    meeting_line,
    signin_facts,
    speaking_rows,
)
from integra_tui.io.fonts import (
    Face,
    FontWarning,
    NoFontError,
    PdfStamps,
    StandIns,
    add_pdf_fonts,
    font_stack,
    quiet_pdf_output,
    runs,
)

__all__ = [
    "PdfFontError",
    "attendance_pdf",
    "engagement_pdf",
    "minutes_pdf",
    "pdf_font_paths",
    "pdf_text",
    "signin_pdf",
    "unicode_font_path",
]

BLANK_ATTENDANCE_ROWS = 5
"""Empty rows at the end of the attendance list, for people who came without being registered."""


class PdfFontError(Exception):
    """No font could be found to print the document; ``message`` says what to install."""


_ISOLATED = re.compile("(\u2068[^\u2066-\u2069]*\u2069)")
"""A name wrapped in FSI … PDI by ``domain.names.isolate``: the one bidi control a PDF keeps."""


def pdf_text(text: str) -> str:
    """``text`` as a PDF prints it: without control characters (also when stored before they were cleaned on input).

    Balanced FSI … PDI around a name (``domain.names.isolate``) stay: they keep several Arabic names in
    one line in their order. Line breaks stay, for paragraphs.
    """
    if not has_controls(text):
        return text
    return "".join(
        clean_text(part) if index % 2 == 0 else f"\u2068{clean_text(part[1:-1])}\u2069"
        for index, part in enumerate(_ISOLATED.split(text))
    )


def pdf_font_paths(texts: Iterable[str]) -> list[Path]:
    """The fonts to print ``texts`` with, main font first (shared with the invitations)."""
    return [face.path for face in _faces(texts)]


def _faces(texts: Iterable[str]) -> list[Face]:
    try:
        return font_stack(texts)
    except NoFontError as error:
        raise PdfFontError(
            _("Keine Schrift für PDF-Dateien gefunden. Bitte installieren Sie integra-tui neu.")
        ) from error


def unicode_font_path() -> Path:
    """The main Unicode font PDFs are printed with."""
    return pdf_font_paths([])[0]


def _strings(value: Any) -> Iterator[str]:
    """Every text inside a document (dataclasses, lists, tuples), to choose fonts that cover them."""
    found: list[str] = []
    _collect_strings(value, found)
    return iter(found)


def _collect_strings(value: Any, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect_strings(item, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for name in _field_names(type(value)):
            _collect_strings(getattr(value, name), found)


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in dataclasses.fields(kind))


class _Document:
    """An A4 page flow with a header line, page numbers and the few blocks our documents need.

    The one page setup of every PDF we print (also the network's documents, ``network_pdf``): an
    empty ``header_line`` leaves the header out, ``footer=False`` the footer (a letter has neither).
    """

    def __init__(
        self,
        title: str,
        header_line: str,
        texts: Iterable[str],
        created: datetime | None,
        orientation: str = "P",
        footer: bool = True,
    ) -> None:
        from fpdf import FPDF

        outer = self
        texts = list(texts) + [title, header_line]
        faces = _faces(texts)

        class _PDF(FPDF):
            def header(self) -> None:
                outer._page_header()

            def footer(self) -> None:
                outer._page_footer()

        pdf = _PDF(orientation=orientation, unit="mm", format="A4")
        pdf.set_margins(18, 16, 18)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_creator("integra-tui")
        pdf.set_title(clean_line(title))
        pdf.set_lang("de")
        self.families = add_pdf_fonts(pdf, faces)
        self.faces = tuple(faces)
        self.stamps = PdfStamps(pdf)
        self._widths: dict[tuple[str, int, float], float] = {}
        self._word_widths: dict[tuple[int, float], _WordWidths] = {}
        self.stand_ins = StandIns(faces)
        """Where stand-ins were printed for characters no font has."""
        self.pdf = pdf
        self._shaping = False
        try:
            pdf.set_text_shaping(True)
            pdf.set_text_shaping(False)
            self._can_shape = True
        except Exception:  # uharfbuzz missing: right-to-left names print unshaped, everything else is fine
            self._can_shape = False
        self.title = title
        self.header_line = header_line
        self.created = created
        self.with_footer = footer
        self._header_height: float | None = None
        self.font(10)

    # -- page furniture --------------------------------------------------------------------------
    def _page_header(self) -> None:
        if not self.header_line:
            return
        # Called in the middle of a page break: leave the shaping of the interrupted text as it was.
        before = self._shaping
        pdf = self.pdf
        self.font(8)
        header_line = self.printable(self.header_line)
        self.shape_for(header_line)
        pdf.set_text_color(110)
        # The same on every page: set once, then repeated (a long document has hundreds of pages).
        # A long title and address wrap onto further lines instead of running off the paper's edge.
        x, y = pdf.get_x(), pdf.get_y()
        if self._header_height is None:
            from fpdf.enums import MethodReturnValue

            # fpdf2 types every ``output`` choice as one union; LINES returns the list of lines.
            lines = cast(
                list[str], pdf.multi_cell(pdf.epw, 4, header_line, dry_run=True, output=MethodReturnValue.LINES)
            )
            self._header_height = 1 + 4 * max(1, len(lines))
        height = self._header_height

        def draw() -> None:
            pdf.set_xy(x, y + 0.5)
            pdf.multi_cell(pdf.epw, 4, header_line, align="L")

        self.stamps.draw(("header", header_line, self._shaping), x, y, draw)
        pdf.set_xy(pdf.l_margin, y + height)
        pdf.set_draw_color(180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(4)
        pdf.set_text_color(0)
        self.font(10)
        self._restore_shaping(before)

    def _page_footer(self) -> None:
        if not self.with_footer:
            return
        before = self._shaping
        pdf = self.pdf
        pdf.set_y(-13)
        self.font(8)
        self.shape_for("")
        pdf.set_text_color(110)
        left = (
            _("Erstellt am {when} mit integra-tui").format(when=format_datetime(self.created)) if self.created else ""
        )
        x, y = pdf.get_x(), pdf.get_y()
        self.stamps.draw(("footer", left, self._shaping), x, y, lambda: pdf.cell(pdf.epw / 2, 5, left))
        pdf.set_xy(x + pdf.epw / 2, y)
        pdf.cell(pdf.epw / 2, 5, _("Seite {page} von {pages}").format(page=pdf.page_no(), pages="{nb}"), align="R")
        pdf.set_text_color(0)
        self._restore_shaping(before)

    def _restore_shaping(self, wanted: bool) -> None:
        if wanted != self._shaping:
            self.pdf.set_text_shaping(wanted)
            self._shaping = wanted

    def shape_for(self, *texts: str) -> None:
        """Shape text (join Arabic letters, order right-to-left runs) only where a line needs it.

        Shaping makes line breaking many times slower, so lines in Latin, Cyrillic or Ethiopic
        script are set without it.
        """
        wanted = self._can_shape and any(_needs_shaping(text) for text in texts)
        if wanted != self._shaping:
            self.pdf.set_text_shaping(wanted)
            self._shaping = wanted

    def printable(self, text: str, row: int | None = None) -> str:
        """``text`` with stand-ins for what no font has, noted for the warning by ``row`` or else the page.

        Control characters go first (:func:`pdf_text`): they would print as boxes or as nothing.
        """
        text = pdf_text(text)
        if row is not None:
            return self.stand_ins.text(text, row=row)
        return self.stand_ins.text(text, page=max(1, self.pdf.page_no()))

    def warning(self, file_name: str) -> FontWarning | None:
        """The warning for this document saved as ``file_name``, or None when everything printed as it is."""
        return self.stand_ins.warning(file_name)

    # -- blocks ------------------------------------------------------------------------------------
    def font(self, size: float) -> None:
        """Switch to the main font at ``size`` points."""
        self.pdf.set_font(self.families[0], size=size)

    def bold(self, size: float, text: str, height: float | None = None, **cell: Any) -> None:
        """One line in bold (the outline stroked, wrapped where long), then to the next line."""
        height = height or size * 0.5
        self.font(size)
        text = self.printable(text)
        self.shape_for(text)
        with self.pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.018):
            self.pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="L", **cell)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading; level 1 is the document title."""
        size = {1: 17, 2: 13, 3: 11}[level]
        if level > 1:
            self.pdf.ln(3 if level == 2 else 1.5)
            # Keep a heading together with at least a few lines of what follows it.
            if self.pdf.get_y() + 25 > self.pdf.page_break_trigger:
                self.pdf.add_page()
        self.bold(size, text, size * 0.5)
        self.pdf.ln(1.5)
        self.font(10)

    def paragraph(self, text: str, size: float = 10, italic_grey: bool = False, align: str = "L") -> None:
        """A wrapped paragraph (``italic_grey``: a grey aside; ``align`` "R" for a letter's date)."""
        self.font(size)
        if italic_grey:
            self.pdf.set_text_color(90)
        text = self.printable(text)
        self.shape_for(text)
        self.pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align=align)
        self.pdf.set_text_color(0)
        self.pdf.ln(1)

    def labelled(self, label: str, text: str, size: float = 10) -> None:
        """'Frage: …' with the label in bold and the text wrapped after it."""
        self.font(size)
        label = self.printable(label)
        text = self.printable(text)
        self.shape_for(label, text)
        with self.pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.018):
            self.pdf.write(size * 0.5, label + " ")
        self.pdf.write(size * 0.5, text)
        self.pdf.ln(size * 0.5)
        self.pdf.ln(0.5)

    def bullets(self, lines: Sequence[str], size: float = 10) -> None:
        """A bulleted list with hanging indent.

        Set in one pass: each line is broken from the fonts' widths of its characters (measured once
        per character, not once per character per line as multi_cell does) and written line by line.
        A line that only a shaping engine orders right (right-to-left text in the lead, brackets
        around it, combining marks) goes through fpdf2's multi_cell as before.
        """
        pdf = self.pdf
        self.font(size)
        height = size * 0.5
        for line in lines:
            if pdf.will_page_break(height):
                pdf.add_page()  # the bullet and its first line start on the same page
            line = self.printable(line)
            if self._set_in_one_pass(line, size, height):
                continue
            pdf.set_x(pdf.l_margin + 2)
            self.shape_for(line)
            pdf.cell(4, height, "•")
            pdf.multi_cell(pdf.epw - 6, height, line, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)

    def _set_in_one_pass(self, text: str, size: float, height: float) -> bool:
        """A bullet line as multi_cell sets it, from widths measured once; False for text it must shape."""
        pieces = self._pieces(text)
        if pieces is None:
            return False
        pdf = self.pdf
        margin = pdf.c_margin
        lines = self._lines(pieces, pdf.epw - 6 - 2 * margin, size)
        if lines is None:
            return False
        self._restore_shaping(False)
        colour = pdf.text_color.serialize() if pdf.text_color is not None else ""
        for number, pieces_of_line in enumerate(lines):
            if number and pdf.will_page_break(height):
                pdf.add_page()
            y = pdf.get_y()
            baseline = y + height / 2 + 0.3 * size / pdf.k  # where cell() puts it
            if number == 0:
                bullet_x = pdf.l_margin + 2 + margin
                self.stamps.draw(
                    ("bullet", size, colour), bullet_x, y, lambda x=bullet_x, b=baseline: self._text(0, size, x, b, "•")
                )
            x = pdf.l_margin + 6 + margin
            for piece, width in pieces_of_line:
                self._draw_piece(piece, x, y, baseline, size, height)
                x += width
            pdf.set_xy(pdf.l_margin, y + height)
        return True

    def _lines(self, pieces: list[_Piece], width: float, size: float) -> list[list[tuple[_Piece, float]]] | None:
        """The lines of ``pieces`` in ``width`` (mm) at ``size``, as :func:`_break_lines` breaks them.

        Most lines are one piece in one font: those are broken from the widths of whole words, each
        measured once per font and size, without a piece per word (a third of the time of long minutes).
        """
        if len(pieces) == 1 and not pieces[0].shaped:
            face = pieces[0].face
            widths = self._word_widths.get((face, size))
            if widths is None:
                widths = self._word_widths[face, size] = _WordWidths(lambda char: self._char_width(char, face, size))
            plain = _break_plain(pieces[0].text, width, widths)
            if plain is not None:
                return [[(_Piece(text, face), line_width)] for text, line_width in plain]
        return _break_lines(pieces, width, lambda piece: self._piece_width(piece, size))

    def _pieces(self, text: str) -> list[_Piece] | None:
        """``text`` as pieces one font draws each; right-to-left runs as one piece to shape; None: shape it all."""
        if "\n" in text or (_needs_shaping(text) and not self._can_shape):
            return None if "\n" in text else [_Piece(piece, index) for piece, index in runs(text, self.faces)]
        if not _needs_shaping(text):
            return [_Piece(piece, index) for piece, index in runs(text, self.faces)]
        if _first_strong(text) != "L" or any(unicodedata.mirrored(char) for char in text):
            return None  # a right-to-left line, or brackets the shaping engine must mirror and order
        pieces: list[_Piece] = []
        position = 0
        for start, end in _rtl_runs(text):
            rtl = runs(text[start:end], self.faces)
            if len(rtl) != 1 or _needs_shaping(text[position:start]):
                return None
            pieces += [_Piece(piece, index) for piece, index in runs(text[position:start], self.faces)]
            pieces.append(_Piece(rtl[0][0], rtl[0][1], shaped=True))
            position = end
        if _needs_shaping(text[position:]):
            return None
        pieces += [_Piece(piece, index) for piece, index in runs(text[position:], self.faces)]
        return pieces

    def _piece_width(self, piece: _Piece, size: float) -> float:
        """Width in mm: unshaped text is the sum of its characters' widths (fpdf2 adds them up too)."""
        key = (piece.text, piece.face if not piece.shaped else -1 - piece.face, size)
        width = self._widths.get(key)
        if width is None:
            if piece.shaped:
                self._restore_shaping(True)
                self.pdf.set_font(self.families[piece.face], size=size)
                width = self.pdf.get_string_width(piece.text)
            else:
                width = sum(self._char_width(char, piece.face, size) for char in piece.text)
            if len(self._widths) < 200_000:  # words recur; whole lines rarely do
                self._widths[key] = width
        return width

    def _char_width(self, char: str, face: int, size: float) -> float:
        key = (char, face, size)
        width = self._widths.get(key)
        if width is None:
            self._restore_shaping(False)
            self.pdf.set_font(self.families[face], size=size)
            width = self._widths[key] = self.pdf.get_string_width(char)
        return width

    def _text(self, face: int, size: float, x: float, baseline: float, text: str) -> None:
        pdf = self.pdf
        family = self.families[face]
        if pdf.font_family != family or pdf.font_size_pt != size:
            pdf.set_font(family, size=size)
        pdf.text(x, baseline, text)

    def _draw_piece(self, piece: _Piece, x: float, y: float, baseline: float, size: float, height: float) -> None:
        pdf = self.pdf
        if not piece.shaped:
            self._text(piece.face, size, x, baseline, piece.text)
            return

        def shaped() -> None:
            self._restore_shaping(True)
            pdf.set_font(self.families[piece.face], size=size)
            pdf.set_xy(x - pdf.c_margin, y)
            pdf.cell(self._piece_width(piece, size) + 2 * pdf.c_margin, height, piece.text)
            self._restore_shaping(False)

        # A name in a list comes back again and again: shaped once, its operators repeated.
        colour = pdf.text_color.serialize() if pdf.text_color is not None else ""
        self.stamps.draw(("shaped", piece.text, piece.face, size, height, colour), x, y, shaped)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        widths: Sequence[float],
        padding: float = 1.2,
        size: float = 9,
        numbered: bool = False,
        sections: dict[int, str] | None = None,
        align: Sequence[str] | None = None,
    ) -> None:
        """A table with a grey heading row that repeats on every page; ``padding`` above and below each line (mm).

        ``numbered``: each row's first cell is its number, which warnings about stand-ins name.
        ``sections``: a line across the whole table before the row of that index (from 0), e.g. "Ohne Einladung".
        ``align``: each column's alignment ("L", "C", "R"); all left by default.
        """
        from fpdf.fonts import FontFace

        self.font(size)
        texts = [
            [
                self.printable(_pdf_text(value), row=values[0] if numbered and isinstance(values[0], int) else None)
                for value in values
            ]
            for values in rows
        ]
        sections = {index: self.printable(text) for index, text in (sections or {}).items()}
        self.shape_for(*headers, *(text for values in texts for text in values), *sections.values())
        heading = FontFace(emphasis=None, fill_color=(230, 230, 230))
        with self.pdf.table(
            col_widths=tuple(widths),
            width=self.pdf.epw,
            line_height=size * 0.45,
            padding=(padding, 1.2),
            v_align="MIDDLE",
            headings_style=heading,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            row = table.row()
            for header in headers:
                row.cell(self.printable(header))
            section_style = FontFace(fill_color=(245, 245, 245))
            for index, values in enumerate(texts):
                if index in sections:
                    table.row().cell(sections[index], colspan=len(headers), style=section_style)
                row = table.row()
                for column, text in enumerate(values):
                    if align is not None and align[column] != "L":
                        row.cell(text, align=align[column])
                    else:
                        row.cell(text)
        self.pdf.ln(2)
        self.font(10)

    def bytes(self) -> bytes:
        """The finished PDF."""
        with quiet_pdf_output():
            return bytes(self.pdf.output())

    def finish(self, warnings: list[FontWarning] | None, file_name: str) -> builtins.bytes:
        """The finished PDF; a warning about stand-ins goes to ``warnings``."""
        data = self.bytes()
        warning = self.warning(file_name)
        if warnings is not None and warning is not None:
            warnings.append(warning)
        return data


class _Piece(NamedTuple):
    """A stretch of one line that one font draws: as it is, or (``shaped``) through the shaping engine."""

    text: str
    face: int
    shaped: bool = False


def _rtl_runs(text: str) -> list[tuple[int, int]]:
    """Where right-to-left runs are in a left-to-right line, as the bidi algorithm resolves them.

    A run starts at a right-to-left letter and goes on up to the next left-to-right letter; what
    stands between two right-to-left letters (spaces, punctuation) or after them (digits) belongs to
    it, neutral characters at its end do not.
    """
    found = []
    index = 0
    while index < len(text):
        if unicodedata.bidirectional(text[index]) not in ("R", "AL"):
            index += 1
            continue
        start = end = index
        while index < len(text) and unicodedata.bidirectional(text[index]) != "L":
            if unicodedata.bidirectional(text[index]) in ("R", "AL", "EN", "AN", "NSM"):
                end = index + 1
            index += 1
        found.append((start, end))
        index = end
    return found


def _first_strong(text: str) -> str:
    """The bidi class (L or R) of the first strongly directed character in ``text``; '' when none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return ""


class _WordWidths(dict[str, float]):
    """Widths (mm) of words in one font at one size, each the sum of its characters' widths, measured once."""

    def __init__(self, char_width: Callable[[str], float]) -> None:
        super().__init__()
        self._char_width = char_width

    def __missing__(self, word: str) -> float:
        width = sum(self._char_width(char) for char in word)  # added up as _piece_width adds them
        if len(self) < 100_000:  # words recur; numbers and names in them do less
            self[word] = width
        return width


def _break_plain(text: str, width: float, widths: Mapping[str, float]) -> list[tuple[str, float]] | None:
    """One font's ``text`` broken at spaces as :func:`_break_lines` breaks it: each line with its width.

    None for what only that function handles: spaces in a row or at either end, a word wider than a line.
    """
    if not text or "  " in text or text[0] == " " or text[-1] == " ":
        return None
    space = widths[" "]
    lines: list[tuple[str, float]] = []
    words: list[str] = []
    line_width = 0.0
    for word in text.split(" "):
        word_width = widths[word]
        if words:
            if line_width + space + word_width > width:
                lines.append((" ".join(words), line_width))
                words, line_width = [], 0.0
            else:
                line_width += space
        if not words and word_width > width:
            return None
        words.append(word)
        line_width += word_width
    lines.append((" ".join(words), line_width))
    return lines


def _break_lines(pieces: list[_Piece], width: float, measure) -> list[list[tuple[_Piece, float]]] | None:  # noqa: ANN001
    """Greedy line breaks at spaces, as multi_cell makes them; a word wider than a line is cut by characters.

    Each line comes as its pieces with their widths. None when a right-to-left word would have to be cut.
    """
    # Words are what stands between spaces; one word may have parts in several fonts ("رحیمی,").
    words: list[list[_Piece]] = [[]]
    spaces: list[_Piece | None] = [None]  # the space before each word
    for piece in pieces:
        for number, part in enumerate(piece.text.split(" ")):
            if number:
                if words[-1]:
                    words.append([])
                    spaces.append(_Piece(" ", piece.face, piece.shaped))
                elif spaces[-1] is None and len(words) > 1:
                    spaces[-1] = _Piece(" ", piece.face, piece.shaped)
            if part:
                words[-1].append(_Piece(part, piece.face, piece.shaped))
    lines: list[list[tuple[_Piece, float]]] = []
    line: list[tuple[_Piece, float]] = []
    line_width = 0.0
    for word, space in zip(words, spaces, strict=True):
        if not word:
            continue
        parts = [(part, measure(part)) for part in word]
        word_width = sum(part_width for _part, part_width in parts)
        space_width = measure(space) if space is not None and line else 0.0
        if line and line_width + space_width + word_width > width:
            lines.append(line)
            line, line_width, space_width = [], 0.0, 0.0
        if line and space is not None:
            line.append((space, space_width))
            line_width += space_width
        if word_width > width and not line:
            if len(word) > 1 or word[0].shaped:
                return None  # the shaping engine knows where such a word may be cut
            cut = ""
            for char in word[0].text:  # a word wider than the line: broken by characters
                if cut and measure(_Piece(cut + char, word[0].face)) > width:
                    lines.append([(_Piece(cut, word[0].face), measure(_Piece(cut, word[0].face)))])
                    cut = char
                else:
                    cut += char
            parts = [(_Piece(cut, word[0].face), measure(_Piece(cut, word[0].face)))]
            word_width = parts[0][1]
        line += parts
        line_width += word_width
    if line:
        lines.append(line)
    return [_joined(line) for line in lines] or [[]]


def _joined(line: list[tuple[_Piece, float]]) -> list[tuple[_Piece, float]]:
    """Neighbouring parts of one font and kind as one piece again (a right-to-left run shapes as a whole)."""
    joined: list[tuple[_Piece, float]] = []
    texts: list[str] = []
    for part, part_width in line:
        if joined and joined[-1][0].face == part.face and joined[-1][0].shaped == part.shaped:
            texts.append(part.text)
            joined[-1] = (joined[-1][0], joined[-1][1] + part_width)
            continue
        if joined:
            joined[-1] = (joined[-1][0]._replace(text="".join(texts)), joined[-1][1])
        texts = [part.text]
        joined.append((part, part_width))
    if joined:
        joined[-1] = (joined[-1][0]._replace(text="".join(texts)), joined[-1][1])
    return joined


_BELOW_HEBREW = re.compile("[\\x00-\\u058f\\u2010-\\u2027\\u2030-\\u205e\\u20a0-\\u20bf]*")


def _needs_shaping(text: str) -> bool:
    """True for text with right-to-left letters or combining marks (Arabic, Hebrew, Indic scripts, ...)."""
    if _BELOW_HEBREW.fullmatch(text):
        return False  # Latin, Greek, Cyrillic and the like: most lines, decided in one step
    for char in text:
        if ord(char) < 0x0590:
            continue
        if unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.category(char) in ("Mn", "Mc"):
            return True
    return False


def _pdf_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _item_section(document: _Document, item: ItemMinutes, heading: str) -> None:
    document.heading(heading, 3)
    if item.number:
        document.paragraph(f"{item_time_text(item)} – {item_status_text(item)}", size=9, italic_grey=True)
    if item.choices:
        document.bullets(item.choices, size=9)
    for label, captured in (
        (_("Notizen"), item.notes),
        (_("Beschlüsse"), item.decisions),
        (_("Aufgaben"), item.actions),
        (_("Bedarfe"), item.needs),
        (_("Angebote"), item.offers),
        (_("Fragen"), item.questions),
        (_("Themenwünsche"), item.topic_wishes),
    ):
        if not captured:
            continue
        document.bold(10, label, 5.5)
        lines = []
        for line in captured:
            # As the Markdown minutes say it: votes on decisions, hands on wishes, answers, matched offers.
            details = capture_details(line if not line.owner else dataclasses.replace(line, owner=isolate(line.owner)))
            lines.append(line.text + (f" – {details}" if details else ""))
        document.bullets(lines)


def minutes_pdf(doc: MinutesDoc, warnings: list[FontWarning] | None = None, file_name: str = "Protokoll.pdf") -> bytes:
    """The minutes of a meeting as PDF; ``warnings`` gets the pages with stand-ins (as ``file_name``)."""
    header = _("Protokoll") + " – " + meeting_line(doc.title, doc.date, doc.start_time, doc.place)
    document = _Document(_("Protokoll: {title}").format(title=doc.title), header, _strings(doc), doc.created_at)
    pdf = document.pdf
    pdf.add_page()
    document.heading(_("Protokoll: {title}").format(title=doc.title))
    facts = [_("Datum: {date}").format(date=meeting_line("", doc.date, doc.start_time, doc.place).lstrip(", "))]
    if doc.topic:
        facts.append(_("Thema: {topic}").format(topic=doc.topic))
    if doc.started_at is not None:
        end = doc.ended_at.strftime("%H:%M") if doc.ended_at else "…"
        facts.append(_("Beginn und Ende: {start}–{end}").format(start=doc.started_at.strftime("%H:%M"), end=end))
    document.paragraph("\n".join(facts))

    document.heading(_("Anwesenheit"), 2)
    document.paragraph(attendance_sentence(doc))
    if doc.groups:
        # Invited and present apart from those who came without an invitation, as the Markdown minutes count them.
        document.table(
            [_("Gruppe"), _("Eingeladen"), _("davon anwesend"), _("ohne Einladung"), _("anwesend zusammen")],
            [[g.group, g.invited, g.present - g.walk_ins, g.walk_ins, g.present] for g in doc.groups],
            (3, 1.3, 1.3, 1.3, 1.3),
            align=("L", "R", "R", "R", "R"),
        )
    if doc.names is not None:
        document.heading(_("Anwesende"), 3)
        # Each name isolated (FSI … PDI): several Arabic names in one line keep their order.
        document.bullets([f"{group}: {', '.join(isolate(name) for name in names)}" for group, names in doc.names])

    document.heading(_("Tagesordnung"), 2)
    if not doc.items:
        document.paragraph(_("Keine Tagesordnungspunkte."))
    for item in doc.items:
        presenter = f" – {isolate(item.presenter)}" if item.presenter else ""
        _item_section(document, item, f"{_('TOP')} {item.number}: {item.title}{presenter}")
    if doc.other is not None:
        _item_section(document, doc.other, _("Sonstiges"))

    document.heading(_("Redezeit nach Gruppen"), 2)
    rows = speaking_rows(doc)
    if rows:
        document.table([_("Gruppe"), _("Redezeit"), _("Anteil")], rows, (3, 1.5, 1))
    else:
        document.paragraph(_("Keine Redezeiten erfasst."))

    document.heading(_("Offene Punkte aus früheren Treffen"), 2)
    if doc.follow_ups:
        document.bullets(
            [
                f"{line.text} – {follow_up_details(dataclasses.replace(line, owner=isolate(line.owner)))}"
                for line in doc.follow_ups
            ]
        )
    else:
        document.paragraph(_("Keine offenen Punkte."))
    if doc.open_needs:
        document.heading(_("Offene Bedarfe aus früheren Treffen"), 2)
        document.bullets(
            [
                f"{line.text} – {need_review_details(dataclasses.replace(line, owner=isolate(line.owner)))}"
                for line in doc.open_needs
            ]
        )
    if doc.open_questions:
        document.heading(_("Offene Fragen aus früheren Treffen"), 2)
        document.bullets([f"{line.text} – {question_review_details(line)}" for line in doc.open_questions])
    return document.finish(warnings, file_name)


def attendance_pdf(
    doc: AttendanceDoc,
    created: datetime | None = None,
    warnings: list[FontWarning] | None = None,
    file_name: str = "Teilnehmerliste.pdf",
) -> bytes:
    """The attendance list as funders ask for it: first name, last name, organisation, signature.

    ``warnings`` gets the rows (by their "Nr.") and pages with stand-ins, as ``file_name``.
    """
    line = meeting_line(doc.title, doc.date, doc.start_time, doc.place)
    document = _Document(_("Teilnehmerliste"), _("Teilnehmerliste") + " – " + line, _strings(doc), created)
    pdf = document.pdf
    pdf.add_page()
    document.heading(_("Teilnehmerliste"))
    document.paragraph(
        "\n".join(
            [
                _("Veranstaltung: {title}").format(title=doc.title),
                _("Datum: {date}").format(date=meeting_line("", doc.date, doc.start_time, "").lstrip(", ")),
                _("Ort: {place}").format(place=doc.place or "–"),
            ]
        )
    )
    rows: list[list[Cell]] = [
        [index, row.first_name, row.last_name, row.organisation, ""] for index, row in enumerate(doc.rows, start=1)
    ]
    rows += [[len(doc.rows) + extra, "", "", "", ""] for extra in range(1, BLANK_ATTENDANCE_ROWS + 1)]
    document.table(
        [_("Nr."), _("Vorname"), _("Nachname"), _("Organisation"), _("Unterschrift")],
        rows,
        (0.7, 2.6, 2.6, 4.2, 3.6),
        padding=2.6,
        size=9.5,
        numbered=True,
    )
    return document.finish(warnings, file_name)


def engagement_pdf(
    doc: EngagementDoc,
    created: datetime | None = None,
    warnings: list[FontWarning] | None = None,
    file_name: str = "Teilnahmebestaetigung.pdf",
) -> bytes:
    """An attendance confirmation (proof of voluntary engagement) as PDF; ``warnings`` as for the minutes."""
    document = _Document(
        _("Teilnahmebestätigung"), _("Teilnahmebestätigung") + " – " + doc.name, _strings(doc), created
    )
    pdf = document.pdf
    pdf.add_page()
    document.heading(_("Teilnahmebestätigung"))
    pdf.ln(4)
    who = doc.name + (f" ({doc.organisation})" if doc.organisation else "")
    document.paragraph(
        _(
            "Hiermit wird bestätigt, dass {name} an den folgenden Treffen des INTEGRA-Netzwerks teilgenommen hat:"
        ).format(name=who),
        size=11,
    )
    if doc.meetings:
        document.bullets(
            [f"{format_date(on)}: {title}" + (f", {place}" if place else "") for on, title, place in doc.meetings],
            size=11,
        )
    else:
        document.paragraph(_("Keine Teilnahme erfasst."), size=11)
    if doc.roles:
        document.heading(_("Mitwirkung"), 2)
        document.bullets(doc.roles, size=11)
    pdf.ln(6)
    document.paragraph(_("Ausgestellt am {date}.").format(date=format_date(doc.issued)), size=11)
    if doc.issuer:
        document.paragraph(doc.issuer, size=11)
    pdf.ln(18)
    y = pdf.get_y()
    pdf.line(pdf.l_margin, y, pdf.l_margin + 70, y)
    pdf.line(pdf.w - pdf.r_margin - 70, y, pdf.w - pdf.r_margin, y)
    document.font(8)
    pdf.set_xy(pdf.l_margin, y + 1)
    pdf.cell(70, 4, _("Ort, Datum"))
    pdf.set_xy(pdf.w - pdf.r_margin - 70, y + 1)
    pdf.cell(70, 4, _("Unterschrift, Stempel"))
    return document.finish(warnings, file_name)


def signin_pdf(
    doc: SignInSheet, warnings: list[FontWarning] | None = None, file_name: str = "Teilnehmerliste.pdf"
) -> bytes:
    """The sign-in list (Teilnehmerliste) as the funder's form asks for it, on A4 landscape.

    Before the meeting: the invited by last name with group and organisation, an empty signature
    cell each, then the blank rows for walk-ins. After it: the same with the check-in times, then
    the walk-ins under a line of their own. The head names organiser, event, topic, date, start
    and end and place; under the list come the data-protection note and the organiser's
    confirmation with lines for place, date and signature; every page says "Seite x von y".
    ``warnings`` gets the rows (by their "Nr.") with stand-ins, as ``file_name``.
    """
    heading = _("Teilnehmerliste mit Check-in-Zeiten") if doc.after else _("Teilnehmerliste zum Unterschreiben")
    line = meeting_line(doc.meeting_title, doc.date, doc.start, doc.place)
    organiser_line = ", ".join(part for part in (doc.organiser.name, doc.organiser.address) if part)
    header = f"{_('Teilnehmerliste')} – {line}" + (f" – {organiser_line}" if organiser_line else "")
    document = _Document(heading, header, _strings(doc), doc.created_at, orientation="L")
    pdf = document.pdf
    pdf.add_page()
    document.heading(heading)
    document.paragraph("\n".join(signin_facts(doc)))
    rows: list[list[Cell]] = []
    sections: dict[int, str] = {}
    for index, entry in enumerate(doc.rows):
        if entry.walk_in and not any(row.walk_in for row in doc.rows[:index]):
            sections[index] = _("Ohne Einladung gekommen")
        cells: list[Cell] = [entry.number, entry.last_name, entry.first_name, entry.group, entry.organisation]
        if doc.after:
            cells.append(entry.checked_in_at.strftime("%H:%M") if entry.checked_in_at is not None else "–")
        cells.append("")
        rows.append(cells)
    blank_start = len(doc.rows) + 1
    if doc.blank_rows:
        sections[len(rows)] = _("Ohne Einladung gekommen (bitte eintragen)")
    for number in range(blank_start, blank_start + doc.blank_rows):
        rows.append([number] + [""] * (len(doc.headers) - 1))
    widths = [0.8, 3, 2.6, 2.4, 3.6] + ([1.4] if doc.after else []) + [4.2]
    align = ["R", "L", "L", "L", "L"] + (["C"] if doc.after else []) + ["L"]
    document.table(doc.headers, rows, widths, padding=3.2, size=9.5, numbered=True, sections=sections, align=align)
    # The note and the confirmation stay together, on this page or the next.
    from fpdf.enums import MethodReturnValue

    document.font(8)
    note = document.printable(doc.privacy_note)
    document.shape_for(note)
    note_lines = len(cast(list[str], pdf.multi_cell(0, 4, note, dry_run=True, output=MethodReturnValue.LINES)))
    if pdf.will_page_break(4 * note_lines + 32):
        pdf.add_page()
    document.paragraph(doc.privacy_note, size=8)
    pdf.ln(2)
    document.paragraph(doc.confirmation, size=10)
    pdf.ln(14)
    y = pdf.get_y()
    pdf.set_draw_color(0)
    pdf.line(pdf.l_margin, y, pdf.l_margin + 80, y)
    pdf.line(pdf.w - pdf.r_margin - 100, y, pdf.w - pdf.r_margin, y)
    document.font(8)
    document.shape_for("")
    pdf.set_xy(pdf.l_margin, y + 1)
    pdf.cell(80, 4, _("Ort, Datum"))
    pdf.set_xy(pdf.w - pdf.r_margin - 100, y + 1)
    pdf.cell(100, 4, _("Unterschrift des Veranstalters"))
    return document.finish(warnings, file_name)
