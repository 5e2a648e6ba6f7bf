"""Invitation files: print-ready PDF cards, one PNG or SVG per person with a mail-merge list, or an HTML page.

Every card shows the meeting, the person's name, a QR code of the person's invitation code (about
37 mm wide, readable from 30 cm) and the code in groups of four for typing it in by hand. This
module says what a card reads and writes the files; :mod:`integra_tui.io.cards` lays the cards
out and :mod:`integra_tui.io.fonts` chooses the fonts.

Names come in every script. PDF and PNG embed the bundled fonts (Latin, Cyrillic, Greek, Arabic
script, Hebrew, Ethiopic); a character none of them has prints as a stand-in, and the caller's
``warnings`` list gets a :class:`~integra_tui.io.fonts.FontWarning` saying on which pages (PDF) or
cards (PNG) that happened. SVG and HTML keep the text as it is, for the viewer's fonts.

Files appear complete or not at all (written to a temporary name, then renamed), and in the
per-person formats the mail-merge list is written last, so its presence means the set is complete.

Large sets are drawn by worker processes, one per idle core (:class:`~integra_tui.io.cards.CardWorkers`;
``workers=`` or ``INTEGRA_RENDER_WORKERS`` choose): texts, stand-ins and their warnings, fonts and
file names are settled here first, so the files are the same whatever the number of workers.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path

from babel.dates import format_date as babel_format_date

from integra_tui.domain.codes import format_code, parse_code
from integra_tui.i18n import _, catalog, current_language
from integra_tui.io.atomic import atomic_open, write_bytes_atomic
from integra_tui.io.cards import (
    QR_ENGINES,
    USER_TEXTS,
    CardTexts,
    CardWorkers,
    WorkerError,
    card_matrix,
    html_page,
    layout_card,
    pdf_bytes,
    svg_card,
    texts_of,
)
from integra_tui.io.exports.csv_xlsx import GERMAN, csv_bytes
from integra_tui.io.exports.documents import Sheet
from integra_tui.io.fonts import Face, FontWarning, NoFontError, StandIns, font_stack, uncovered

__all__ = [
    "CSV_NAME",
    "FORMATS",
    "HTML_NAME",
    "PDF_NAME",
    "RENDER_WORKERS_ENV",
    "InvitationCard",
    "InvitationError",
    "card_file_name",
    "characters_without_font",
    "write_invitations",
]

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


def _card_texts(card: InvitationCard, language: str, second_language: str | None) -> CardTexts:
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
    return CardTexts(
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


# --- fonts and stand-ins -------------------------------------------------------------------------


def _faces(texts: Iterable[str]) -> list[Face]:
    try:
        return font_stack(texts)
    except NoFontError as error:
        raise InvitationError(
            _("Keine Schrift für die Einladungen gefunden. Bitte installieren Sie integra-tui neu.")
        ) from error


def characters_without_font(cards: Iterable[InvitationCard]) -> frozenset[str]:
    """Characters of the cards' names, titles and places that no available font can print."""
    texts = [text for card in cards for text in (card.person_name, card.meeting_title, card.place)]
    return frozenset(chr(point) for point in uncovered(texts, _faces(texts)))


def _printable(texts: Sequence[CardTexts], stand_ins: StandIns, per_page: int, fmt: str) -> list[CardTexts]:
    """The card texts with stand-ins for what no font has, noting the page (PDF) or card number (PNG)."""
    printable = []
    for number, text in enumerate(texts, start=1):
        place = {"page": (number - 1) // per_page + 1} if fmt == "pdf" else {"card": number}
        printable.append(
            replace(text, **{field: stand_ins.text(getattr(text, field), **place) for field in USER_TEXTS})
        )
    return printable


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


def _write_mailmerge(path: Path, cards: Sequence[InvitationCard], names: Sequence[str]) -> None:
    """The list for a mail merge, as every CSV export writes it: German Excel dialect, formulas neutralised."""
    sheet = Sheet(
        title=CSV_NAME,
        headers=[_("Name"), _("E-Mail"), _("Code"), _("Datei")],
        rows=[
            [card.person_name, card.email, parse_code(card.code).code, name]
            for card, name in zip(cards, names, strict=True)
        ],
    )
    write_bytes_atomic(path, csv_bytes(sheet, GERMAN))


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
    qr_engine: str = "fast",
    warnings: list[FontWarning] | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Write invitations for ``cards`` into ``out_dir``; returns the files written.

    ``pdf``: ``einladungen.pdf``, A6 cards four to an A4 page with cut lines (``per_page=4``) or one
    per A6 page (``per_page=1``). ``png``/``svg``: one card file per person plus ``mailmerge.csv``.
    ``html``: ``einladungen.html``, printing like the PDF. Card texts are in ``language`` (default:
    the UI language), with the instruction repeated in English when ``english_line`` is set.
    ``warnings`` gets one :class:`FontWarning` when a PDF or PNG printed stand-ins for characters no
    font has. ``qr_engine`` (see :data:`~integra_tui.io.cards.QR_ENGINES`) exists for benchmarks.
    ``workers``: processes that render PDF and PNG cards (1: in this process; default: the
    ``INTEGRA_RENDER_WORKERS`` environment variable, else one per core for a large set of cards).
    Raises :class:`InvitationError`.
    """
    cards = list(cards)
    if not cards:
        raise InvitationError(_("Dieses Treffen hat keine Eingeladenen."))
    if fmt not in FORMATS:
        raise InvitationError(_("Unbekanntes Format {fmt}. Möglich sind: pdf, png, svg, html.").format(fmt=fmt))
    if per_page not in (1, 4):
        raise InvitationError(_("Auf eine Seite passen 1 oder 4 Einladungen, nicht {count}.").format(count=per_page))
    if qr_engine not in QR_ENGINES:
        raise ValueError(f"unknown QR engine: {qr_engine}")
    language = language or current_language()
    texts = [_card_texts(card, language, "en" if english_line else None) for card in cards]
    out_dir = Path(out_dir)
    _prepare_folder(out_dir)

    try:
        if fmt == "html":
            target = out_dir / HTML_NAME
            matrices = [card_matrix(text.code, qr_engine) for text in texts]
            with atomic_open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(html_page(texts, matrices, per_page, language))
            return [target]
        faces = _faces(texts_of(texts))
        stand_ins = StandIns(faces)
        if fmt in ("pdf", "png"):  # SVG keeps the text for the viewer's fonts
            texts = _printable(texts, stand_ins, per_page, fmt)
        if fmt == "pdf":
            target = out_dir / PDF_NAME
            count = _worker_count(workers, len(texts), _PDF_WORKERS_FROM)
            with CardWorkers(count) as pool:
                parts = _parts(len(texts), count, _PDF_CHUNK)
                chunks = pool.map("layouts", [(texts[part], faces, qr_engine) for part in parts])
                data = pdf_bytes(itertools.chain.from_iterable(chunks), per_page, faces)
            write_bytes_atomic(target, data)
            _note(warnings, stand_ins.warning(PDF_NAME))
            return [target]
        width = max(2, len(str(len(cards))))
        names = [card_file_name(number, card, fmt, width=width) for number, card in enumerate(cards, start=1)]
        targets = [out_dir / name for name in names]
        if fmt == "png":
            count = _worker_count(workers, len(texts), _PNG_WORKERS_FROM)
            with CardWorkers(count) as pool:
                parts = _parts(len(texts), count, _PNG_CHUNK)
                jobs = [(texts[part], targets[part], faces, qr_engine) for part in parts]
                for _done in pool.map("png", jobs):
                    pass
        else:
            for text, target in zip(texts, targets, strict=True):
                layout = layout_card(text, card_matrix(text.code, qr_engine), faces)
                write_bytes_atomic(target, svg_card(layout, faces, language).encode("utf-8"))
        # Written last: when the list is there, so is every file it names.
        _write_mailmerge(out_dir / CSV_NAME, cards, names)
        _note(warnings, stand_ins.warning(f"{out_dir.name}/"))
        return [*targets, out_dir / CSV_NAME]
    except OSError as error:
        raise InvitationError(
            _("Die Einladungen konnten nicht gespeichert werden ({reason}).").format(
                reason=error.strerror or error.__class__.__name__
            )
        ) from error
    except WorkerError as error:
        raise InvitationError(
            _("Die Einladungen konnten nicht erstellt werden: ein Hilfsprozess wurde beendet.")
        ) from error


# --- rendering in worker processes ---------------------------------------------------------------

RENDER_WORKERS_ENV = "INTEGRA_RENDER_WORKERS"
"""How many processes render cards: 1 renders in the app's own process (default: one per core)."""

_PNG_CHUNK = 24  # cards per task: a worker gets one at a time, so the workers finish together
_PDF_CHUNK = 100  # layouts per task; the PDF is drawn here as they arrive
_PNG_WORKERS_FROM = 300
"""Cards from which PNGs are drawn by workers of their own accord: a card takes about 3 ms, a worker's start 0.35 s."""
_PDF_WORKERS_FROM = 2_000
"""Cards from which workers lay out a PDF of their own accord: a layout takes about half a millisecond (the PDF
itself is drawn in this process in any case)."""
_MAX_WORKERS = 8


def _worker_count(requested: int | None, cards: int, minimum: int) -> int:
    """Processes for ``cards``: as asked, else as the environment says, else one per idle core from ``minimum`` on.

    Starting a worker costs about a third of a second of one core (a fresh interpreter importing
    Pillow and the fonts, their glyphs drawn anew), so a smaller set of cards is rendered in-process;
    so is any set while the machine's cores are busy anyway (load average), where more processes only compete.
    """
    if requested is None:
        configured = os.environ.get(RENDER_WORKERS_ENV, "").strip()
        if configured.isdigit() and int(configured) > 0:
            requested = int(configured)
    if requested is None:
        if cards < minimum:
            return 1
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not on Linux
            cores = os.cpu_count() or 1
        try:
            idle = cores - os.getloadavg()[0]
        except (AttributeError, OSError):  # Windows: no load average
            idle = cores
        requested = min(cores, int(idle + 0.5) + 1)
    return max(1, min(requested, cards, _MAX_WORKERS))


def _parts(count: int, workers: int, chunk: int) -> list[slice]:
    """Slices of ``count`` cards, ``chunk`` at most, so that every worker gets some."""
    size = max(1, min(chunk, math.ceil(count / workers)))
    return [slice(start, start + size) for start in range(0, count, size)]


def _note(warnings: list[FontWarning] | None, warning: FontWarning | None) -> None:
    if warnings is not None and warning is not None:
        warnings.append(warning)
