"""Fonts that print every name: the bundled Noto fonts, which font covers which character, stand-ins for the rest.

Bundled with the app (pip dependencies, all SIL Open Font License 1.1) and found inside those
installed packages, never through the system:

- Noto Sans (``fontpkg-noto-sans``): Latin with Turkish, Vietnamese and Kurdish letters, Cyrillic, Greek;
- Noto Sans Arabic (``justmytype-intl-rtl``): Arabic, Persian/Dari, Pashto, Urdu, Sorani Kurdish;
- Noto Sans Hebrew (``justmytype-intl-rtl``): Hebrew;
- Noto Sans Ethiopic (``justmytype-intl-africa``): Tigrinya, Amharic.

Fonts installed on the machine are used in addition, for characters the bundled ones lack, unless
``INTEGRA_SYSTEM_FONTS=0`` (the tests set it, so they prove what ``pip install`` alone brings).

A character that no font covers is never left out: :class:`StandIns` prints letters transliterated
(王芳 as "WangFang") and anything else as ``[?]``, and remembers where, in the numbering of the file
(rows, pages, cards); its :class:`FontWarning` is the one German line the user gets about that file.

The bundled fonts are variable fonts, and PDF knows no variable fonts: a viewer draws a variable
font's default instance. That is the regular weight for all but Noto Sans Hebrew, whose default is
Thin, so such a face is instanced once at regular weight and cached (:func:`print_path`); Pillow
draws the same file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from integra_tui.i18n import _

__all__ = [
    "BUNDLED",
    "CACHE_ENV",
    "MARKER",
    "SYSTEM_FONTS_ENV",
    "Face",
    "FontWarning",
    "NoFontError",
    "PdfStamps",
    "StandIns",
    "add_pdf_fonts",
    "bundled_faces",
    "covered",
    "font_stack",
    "needed",
    "pil_font",
    "print_path",
    "quiet_pdf_output",
    "runs",
    "stand_in",
    "system_fonts_allowed",
    "text_width_pt",
    "uncovered",
]

log = logging.getLogger(__name__)

SYSTEM_FONTS_ENV = "INTEGRA_SYSTEM_FONTS"
"""Set to ``0`` to use only the bundled fonts (no fonts installed on the machine)."""

CACHE_ENV = "INTEGRA_FONT_CACHE"
"""A folder for the regular-weight instances of variable fonts (default: the user's cache folder)."""

MARKER = "[?]"
"""What prints for characters that no font has and that cannot be transliterated (emoji, symbols)."""

BUNDLED: tuple[tuple[str, tuple[str, ...]], ...] = (
    # (file name start, packages that ship it): the first is the main font, the rest in fallback order.
    ("NotoSans", ("fontpkg_noto_sans",)),
    ("NotoSansArabic", ("justmytype_intl_rtl", "fontpkg_noto_sans_arabic")),
    ("NotoSansHebrew", ("justmytype_intl_rtl",)),
    ("NotoSansEthiopic", ("justmytype_intl_africa",)),
)
"""The bundled fonts and the Python packages they are found in."""


class NoFontError(Exception):
    """Not a single font was found (a broken installation); the message says what to install."""


@dataclass(frozen=True)
class Face:
    """One font file and the characters it has glyphs for."""

    path: Path
    covers: frozenset[int]
    bundled: bool = True
    """True for the fonts that come with the app, False for one found on the machine."""


@lru_cache(maxsize=None)
def covered(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (empty when it cannot be read)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:  # a broken or unsupported font file is simply not used
        return frozenset()


# -- finding fonts --------------------------------------------------------------------------------


def _package_font(stem: str, package: str) -> Path | None:
    """The upright font file ``stem`` (``NotoSans`` matches ``NotoSans[wdth,wght].ttf``) inside ``package``."""
    try:
        root = Path(str(resources.files(package)))
    except (ImportError, TypeError):  # not installed
        return None
    pattern = re.compile(re.escape(stem) + r"(\[[^\]]*\]|-Regular)?\.(ttf|otf)$", re.I)
    found = sorted(path for path in root.rglob("*") if pattern.match(path.name) and path.is_file())
    return found[0] if found else None


def _packaged_font_paths() -> list[Path]:
    """The bundled fonts that are installed, main font first."""
    paths = []
    for stem, packages in BUNDLED:
        for package in packages:
            path = _package_font(stem, package)
            if path is not None:
                paths.append(path)
                break
        else:
            log.debug("bundled font %s is not installed", stem)  # its characters print as stand-ins
    return paths


@lru_cache(maxsize=1)
def _bundled() -> tuple[Face, ...]:
    return tuple(Face(path, covered(path)) for path in _packaged_font_paths())


def bundled_faces() -> tuple[Face, ...]:
    """The fonts that come with the app, main font first (found once, then cached)."""
    return _bundled()


def system_fonts_allowed() -> bool:
    """False when ``INTEGRA_SYSTEM_FONTS`` is 0/no/off: only the bundled fonts are used."""
    return os.environ.get(SYSTEM_FONTS_ENV, "").strip().lower() not in ("0", "no", "off", "false")


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
def _scanned_system_fonts() -> tuple[Path, ...]:
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


def _system_font_paths() -> tuple[Path, ...]:
    """Installed TrueType fonts, the likeliest useful first (regular sans faces); none when not allowed."""
    return _scanned_system_fonts() if system_fonts_allowed() else ()


def _needs_glyph(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def needed(texts: Iterable[str]) -> set[int]:
    """The code points in ``texts`` that need a glyph (not spaces or invisible format characters)."""
    chars: set[str] = set()
    for text in set(texts):  # thousands of cards repeat the same few texts
        chars.update(text)
    return {ord(char) for char in chars if _needs_glyph(char)}


def font_stack(texts: Iterable[str]) -> list[Face]:
    """The fonts to print ``texts`` with: the main font, the bundled ones they need, installed ones for the rest.

    Raises :class:`NoFontError` when there is not a single font.
    """
    points = needed(texts)
    bundled = list(bundled_faces())
    faces = bundled[:1] + [face for face in bundled[1:] if face.covers & points]
    if not faces:  # installed without the font packages: try a common system font
        for path in _system_font_paths():
            if path.name.lower() == "dejavusans.ttf":
                faces.append(Face(path, covered(path), bundled=False))
                break
    if not faces:
        raise NoFontError(
            _("Keine Schrift gefunden. Bitte installieren Sie integra-tui neu (pip install integra-tui).")
        )
    missing = points - set().union(*(face.covers for face in faces))
    if missing:
        for path in _system_font_paths():
            covers = covered(path)
            if covers & missing and all(face.path != path for face in faces):
                faces.append(Face(path, covers, bundled=False))
                missing -= covers
                if not missing:
                    break
    return faces


@lru_cache(maxsize=64)
def _covered_by(faces: tuple[Face, ...]) -> frozenset[int]:
    return frozenset().union(*(face.covers for face in faces))


def uncovered(texts: Iterable[str], faces: Sequence[Face]) -> set[int]:
    """The code points in ``texts`` that none of ``faces`` can print."""
    return needed(texts) - _covered_by(tuple(faces))


def runs(text: str, faces: Sequence[Face]) -> list[tuple[str, int]]:
    """``text`` split into pieces that one font each can print: (piece, index into ``faces``)."""
    if not text:
        return []
    if faces[0].covers.issuperset(map(ord, text)):
        return [(text, 0)]  # the main font has it all: most lines of most documents
    return list(_runs(text, tuple(faces)))


@lru_cache(maxsize=4096)
def _runs(text: str, faces: tuple[Face, ...]) -> tuple[tuple[str, int], ...]:
    found: list[tuple[str, int]] = []
    for char in text:
        point = ord(char)
        if (
            found
            and (char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Cf"))
            and point in faces[found[-1][1]].covers
        ):
            index = found[-1][1]  # spaces and combining marks stay with what they follow
        else:
            index = next((i for i, face in enumerate(faces) if point in face.covers), 0)
        if found and found[-1][1] == index:
            found[-1] = (found[-1][0] + char, index)
        else:
            found.append((char, index))
    return tuple(found)


# -- stand-ins ------------------------------------------------------------------------------------

_KEPT_AS_IS = "\n\r\t "
_ATTACHED = ("Mn", "Me", "Mc", "Cf", "Sk")  # marks, joiners, selectors, skin tones: part of what they follow


def _transliterated(letters: str) -> str:
    try:
        from anyascii import anyascii
    except ImportError:  # installed without it: the marker is still visible
        return ""
    text = anyascii(letters)
    return text if re.fullmatch(r"[A-Za-z0-9' .-]*[A-Za-z0-9][A-Za-z0-9' .-]*", text) else ""


def _replacement(piece: str) -> str:
    """What prints for ``piece``, characters no font has: letters transliterated, the rest as the marker."""
    parts: list[str] = []
    letters = ""
    for char in piece + "\0":
        if char != "\0" and unicodedata.category(char)[0] in "LNM":
            letters += char
            continue
        if letters:
            parts.append(_transliterated(letters) or MARKER)
            letters = ""
        if char != "\0" and unicodedata.category(char) not in _ATTACHED and (not parts or parts[-1] != MARKER):
            parts.append(MARKER)
    return "".join(parts) or MARKER


def stand_in(text: str, faces: Sequence[Face]) -> str:
    """``text`` as it can print with ``faces``: what no font has is transliterated or marked, never dropped."""
    have = _covered_by(tuple(faces))
    if have.issuperset(map(ord, text)) or all(ord(char) in have or char in _KEPT_AS_IS for char in text):
        return text
    out: list[str] = []
    pending = ""  # characters no font has, waiting to be replaced together
    for char in text:
        if pending and unicodedata.category(char) in _ATTACHED:
            pending += char  # a joiner, selector or mark inside what is being replaced (an emoji sequence)
        elif ord(char) in have or char in _KEPT_AS_IS:
            if pending:
                out.append(_replacement(pending))
                pending = ""
            out.append(char)
        elif not _needs_glyph(char):
            if char.isspace():  # a space the fonts lack (e.g. ideographic): an ordinary one
                if pending:
                    out.append(_replacement(pending))
                    pending = ""
                out.append(" ")
            # else: an invisible format character no font has is left out: nothing was visible
        else:
            pending += char
    if pending:
        out.append(_replacement(pending))
    return "".join(out)


@dataclass(frozen=True)
class FontWarning:
    """One written file printed stand-ins for characters no available font has; where, in the file's numbering."""

    file: str
    """The file's name (or a folder's, for a set of card files)."""
    rows: tuple[int, ...] = ()
    """Numbered rows of a list (the attendance list's "Nr.")."""
    pages: tuple[int, ...] = ()
    """Pages, for text outside numbered rows."""
    cards: tuple[int, ...] = ()
    """Numbered card files (the number their names start with, the row in the mail-merge list)."""

    @property
    def message(self) -> str:
        """The German (or English) line for the user; names no name, only where to look."""
        where = []
        if self.rows:
            where.append(_("Zeile {numbers}").format(numbers=", ".join(map(str, self.rows))))
        if self.pages:
            where.append(_("Seite {numbers}").format(numbers=", ".join(map(str, self.pages))))
        if self.cards:
            width = max(2, len(str(max(self.cards))))
            where.append(_("Karte {numbers}").format(numbers=", ".join(f"{n:0{width}d}" for n in self.cards)))
        place = f"{self.file}, {'; '.join(where)}" if where else self.file
        return _(
            "Warnung: {place}: Zeichen, die keine mitgelieferte Schrift darstellen kann, "
            "sind ersatzweise gedruckt (umschrieben oder als {marker})."
        ).format(place=place, marker=MARKER)

    def __str__(self) -> str:
        return self.message


class StandIns:
    """Makes texts printable with ``faces`` and remembers where it printed stand-ins.

    A renderer passes every piece of user text through :meth:`text` with its place (a row number, a
    page, a card); :meth:`warning` then says where, for the file written.
    """

    def __init__(self, faces: Sequence[Face]) -> None:
        self.faces = tuple(faces)
        self.rows: set[int] = set()
        self.pages: set[int] = set()
        self.cards: set[int] = set()

    def text(self, text: str, *, row: int | None = None, page: int | None = None, card: int | None = None) -> str:
        """``text`` with stand-ins where needed; a replacement is noted at the places given."""
        printable = stand_in(text, self.faces)
        if printable != text and uncovered([text], self.faces):  # not only invisible characters left out
            for place, numbers in ((row, self.rows), (page, self.pages), (card, self.cards)):
                if place is not None:
                    numbers.add(place)
        return printable

    def __bool__(self) -> bool:
        return bool(self.rows or self.pages or self.cards)

    def warning(self, file: str) -> FontWarning | None:
        """The warning for ``file``, or None when everything printed as it is."""
        if not self:
            return None
        return FontWarning(file, tuple(sorted(self.rows)), tuple(sorted(self.pages)), tuple(sorted(self.cards)))


# -- files to print with --------------------------------------------------------------------------


def _default_axes(path: Path) -> dict[str, float]:
    """A variable font's axes whose default is not the regular instance (wght 400, wdth 100), with that value."""
    from fontTools.ttLib import TTFont

    regular = {"wght": 400.0, "wdth": 100.0}
    try:
        with TTFont(path, lazy=True) as font:
            if "fvar" not in font:
                return {}
            axes = font["fvar"].axes
            return {
                axis.axisTag: regular[axis.axisTag]
                for axis in axes
                if axis.axisTag in regular
                and axis.defaultValue != regular[axis.axisTag]
                and axis.minValue <= regular[axis.axisTag] <= axis.maxValue
            }
    except Exception:  # unreadable: drawn as it is
        return {}


def _cache_folder() -> Path:
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("integra-tui")) / "fonts"


@lru_cache(maxsize=None)
def print_path(path: Path) -> Path:
    """The file to embed or draw for font ``path``: the font itself, or its cached regular-weight instance."""
    axes = _default_axes(path)
    if not axes:
        return path
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    from integra_tui.io.atomic import write_bytes_atomic

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    name = f"{re.sub(r'[^A-Za-z0-9]+', '', path.stem)}-regular-{digest}.ttf"
    user = getattr(os, "getuid", lambda: "user")()  # one folder per user where the platform has users
    for folder in (_cache_folder(), Path(tempfile.gettempdir()) / f"integra-tui-fonts-{user}"):
        target = folder / name
        if target.is_file() and target.stat().st_size > 0:
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with TTFont(path) as font:
                instancer.instantiateVariableFont(font, axes, inplace=True, static=True)
                buffer = io.BytesIO()
                font.save(buffer)
            write_bytes_atomic(target, buffer.getvalue())  # two processes at once: either file is whole
            return target
        except OSError:
            continue
    return path  # no folder to cache in: drawn as the variable font's default


@contextlib.contextmanager
def quiet_pdf_output() -> Iterator[None]:
    """While fpdf2 writes a PDF: no English log line about missing glyphs (parts of names) reaches anyone.

    The stand-ins have replaced what no font has, and the caller's :class:`FontWarning` says so in German.
    """
    fonttools_log = logging.getLogger("fontTools")
    fonttools_level = fonttools_log.level
    loggers = [logging.getLogger(name) for name in ("fpdf.output", "fpdf.fonts", "fpdf.fpdf", "fpdf")]
    for logger in loggers:
        logger.addFilter(_drop_glyph_reports)
    fonttools_log.setLevel(logging.WARNING)  # fontTools lists the glyphs it keeps at INFO
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(_drop_glyph_reports)
        fonttools_log.setLevel(fonttools_level)


def _drop_glyph_reports(record: logging.LogRecord) -> bool:
    message = str(record.msg)
    return "missing the following glyphs" not in message and "is missing the '.notdef' glyph" not in message


def add_pdf_fonts(pdf: Any, faces: Sequence[Face], prefix: str = "font") -> list[str]:
    """Add ``faces`` to an fpdf2 document, the first as main font and the others as its fallbacks."""
    families = []
    for index, face in enumerate(faces):
        family = f"{prefix}{index}"
        pdf.add_font(family, fname=str(print_path(face.path)))
        families.append(family)
    if len(families) > 1:
        pdf.set_fallback_fonts(families[1:], exact_match=False)
    return families


class PdfStamps:
    """Content-stream operators of what a PDF shows again and again (a card's shared lines, a name in a list).

    :meth:`draw` lets fpdf2 set a thing the first time and keeps the operators that came out; every
    further time they are written again, moved into place with ``cm`` inside ``q``/``Q``, which
    costs next to nothing. That needs three fpdf2 internals, used here and nowhere else: ``_out``
    (raw content), ``_resource_catalog`` (the fonts a page uses) and ``current_font_is_set_on_page``.
    Should a later fpdf2 lack them, everything is simply drawn each time (slower, same output).
    """

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self._kept: dict[Any, tuple[str, float, float, tuple[int, ...]]] = {}
        try:
            from fpdf.enums import PDFResourceType

            self._font = PDFResourceType.FONT
            self.enabled = callable(pdf._out) and callable(pdf._resource_catalog.add)
        except (ImportError, AttributeError):  # another fpdf2: draw every time
            self.enabled = False

    def draw(self, key: Any, x: float, y: float, draw: Any) -> None:
        """Run ``draw()``, which draws at (``x``, ``y``), or repeat what it drew for ``key`` moved there.

        ``key`` must say everything the drawing depends on but the position (text, font, size, colour).
        """
        pdf = self.pdf
        if not self.enabled:
            draw()
            return
        kept = self._kept.get(key)
        if kept is None:
            recorded: list[str] = []
            pdf.current_font_is_set_on_page = False  # so that the operators set their own font
            pdf._out = recorded.append  # the instance attribute shadows the method while recording
            try:
                draw()
            finally:
                del pdf._out
            operators = "\n".join(str(part) for part in recorded)
            fonts = tuple(sorted({int(number) for number in _FONT_OPERATOR.findall(operators)}))
            self._kept[key] = (operators, x, y, fonts)
            pdf._out(operators)
            return
        operators, first_x, first_y, fonts = kept
        for font in fonts:  # a page lists the fonts its content uses
            pdf._resource_catalog.add(self._font, font, pdf.page)
        pdf._out(f"q 1 0 0 1 {(x - first_x) * pdf.k:.2f} {(first_y - y) * pdf.k:.2f} cm\n{operators}\nQ")
        pdf.current_font_is_set_on_page = False  # Q took back the font the operators set


_FONT_OPERATOR = re.compile(r"/F(\d+)\s+[-+]?[\d.]+\s+Tf")


# -- drawing with Pillow --------------------------------------------------------------------------

_MEASURE_PX = 100  # size of the fonts text is measured with


@lru_cache(maxsize=1)
def _raqm() -> bool:
    from PIL import features

    return bool(features.check("raqm"))


@lru_cache(maxsize=256)
def pil_font(path: Path, size_px: int) -> Any:
    """Pillow's font for ``path`` at ``size_px`` (complex text layout where Pillow has it)."""
    from PIL import ImageFont

    layout = ImageFont.Layout.RAQM if _raqm() else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(print_path(path)), size_px, layout_engine=layout)


def text_width_pt(text: str, size_pt: float, bold: bool, faces: Sequence[Face]) -> float:
    """How wide ``text`` prints at ``size_pt`` (points), measured with the fonts themselves."""
    width = sum(pil_font(faces[index].path, _MEASURE_PX).getlength(piece) for piece, index in runs(text, faces))
    return width * size_pt / _MEASURE_PX * (1.03 if bold else 1.0)
