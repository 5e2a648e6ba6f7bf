"""Writing an export's file: atomically and privately, a failure refused with the file's name; what was written.

Every export (``services.exports``, the network's files, the needs tables, the statistics) writes
through :func:`write_file`, so every file is complete or absent, readable only by its owner
(``io.atomic``), and a disk that refuses says which file in the user's language; an export returns
an :class:`ExportResult` (the files, one line for the user, and any font warnings of its PDFs).
The refusals around a file are said here once too: an unknown format (:func:`chosen_format`), an
unknown CSV dialect (:func:`csv_dialect`), no font to print a PDF with (:func:`rendered_pdf`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from integra_tui.errors import ServiceError
from integra_tui.i18n import _
from integra_tui.io.atomic import write_bytes_atomic
from integra_tui.io.exports.csv_xlsx import CsvDialect, dialect_named
from integra_tui.io.fonts import FontWarning

__all__ = ["ExportResult", "chosen_format", "csv_dialect", "rendered_pdf", "write_file"]


@dataclass
class ExportResult:
    """What an export wrote, with a one-line summary for the user."""

    paths: list[Path] = field(default_factory=list)
    summary: str = ""
    warnings: list[FontWarning] = field(default_factory=list)
    """One per written PDF that printed stand-ins for characters no font has; ``str()`` is the line to show."""


def write_file(path: Path, data: bytes | str) -> Path:
    """Write an export atomically and privately (0600, a missing folder 0700); a failure is refused naming the file."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        write_bytes_atomic(path, payload)
    except OSError as error:
        raise ServiceError(
            _("Die Datei {path} kann nicht geschrieben werden: {reason}").format(
                path=path, reason=error.strerror or error
            )
        ) from None
    return path


def chosen_format(fmt: str, out: Path | None, formats: tuple[str, ...]) -> str:
    """The format asked for, else the one ``out``'s suffix names (if offered), else the first; refused if unknown."""
    chosen = fmt.lower().lstrip(".")
    if not chosen and out is not None:
        suffix = out.suffix.lower().lstrip(".")
        chosen = {"markdown": "md"}.get(suffix, suffix)
        if chosen not in formats:
            chosen = ""
    chosen = chosen or formats[0]
    if chosen not in formats:
        raise ServiceError(
            _("Das Format {format} gibt es hier nicht; möglich: {formats}.").format(
                format=chosen, formats=", ".join(formats)
            )
        )
    return chosen


def csv_dialect(name: str) -> CsvDialect:
    """The CSV dialect called ``name`` (de, international); refused otherwise."""
    try:
        return dialect_named(name)
    except ValueError:
        raise ServiceError(
            _("Unbekannter CSV-Dialekt: {name} (möglich: de, international)").format(name=name)
        ) from None


def rendered_pdf(render: Callable[[], bytes]) -> bytes:
    """A PDF as ``render`` makes it; refused with what to install when no font can print it."""
    from integra_tui.io.exports.pdf import PdfFontError  # the PDF renderer is loaded when a PDF is made

    try:
        return render()
    except PdfFontError as error:
        raise ServiceError(str(error)) from None
