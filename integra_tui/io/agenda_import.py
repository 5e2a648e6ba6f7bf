"""Turning an agenda table (title, minutes, presenter, kind) into agenda items, with every problem by line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from integra_tui.domain.languages import GERMAN, find_language
from integra_tui.domain.models import MAX_TITLE_TRANSLATIONS
from integra_tui.i18n import _
from integra_tui.io.tabular import (
    ImportFileError,
    ImportProblem,
    Table,
    collapse_spaces,
    control_characters_removed,
    find_columns,
    header_key,
)

__all__ = [
    "AGENDA_KINDS",
    "MAX_ITEM_MINUTES",
    "AgendaImport",
    "ImportProblem",
    "ImportedAgendaItem",
    "kind_label",
    "parse_agenda",
    "parse_minutes",
    "translation_columns",
]

AGENDA_KINDS = ("talk", "discussion", "break")
"""The kinds of agenda item, as stored; ``kind_label`` gives the UI text."""

MAX_ITEM_MINUTES = 360
"""Longer than this is taken for a mistake (often a clock time such as 14:00 in the duration column)."""

TITLE_HEADERS = (
    "titel",
    "title",
    "thema",
    "topic",
    "tagesordnungspunkt",
    "programmpunkt",
    "agendapunkt",
    "punkt",
    "inhalt",
    "item",
    "agendaitem",
    "top",
)
MINUTES_HEADERS = (
    "minuten",
    "minutes",
    "min",
    "mins",
    "dauer",
    "dauerinminuten",
    "dauermin",
    "dauerminuten",
    "duration",
    "durationmin",
    "durationminutes",
    "länge",
    "zeitbedarf",
    "zeit",
    "time",
)
PRESENTER_HEADERS = (
    "referentin",
    "referent",
    "referentinnen",
    "referenten",
    "presenter",
    "speaker",
    "moderation",
    "moderator",
    "moderatorin",
    "vortragende",
    "vortragender",
    "leitung",
    "verantwortlich",
    "verantwortliche",
    "redner",
    "rednerin",
    "sprecher",
    "sprecherin",
    "facilitator",
    "host",
    "wer",
    "who",
)
KIND_HEADERS = ("art", "typ", "kind", "type", "format", "form")

_KINDS = {
    "talk": (
        "talk",
        "vortrag",
        "präsentation",
        "presentation",
        "input",
        "impuls",
        "impulsvortrag",
        "referat",
        "keynote",
        "lecture",
        "bericht",
        "report",
        "information",
        "info",
        "begrüßung",
        "welcome",
    ),
    "discussion": (
        "discussion",
        "diskussion",
        "austausch",
        "exchange",
        "gespräch",
        "aussprache",
        "arbeitsphase",
        "gruppenarbeit",
        "workshop",
        "dialog",
        "beratung",
        "runde",
        "brainstorming",
    ),
    "break": ("break", "pause", "kaffeepause", "mittagspause", "coffeebreak", "lunch", "lunchbreak"),
}
_KIND_BY_KEY = {alias: kind for kind, aliases in _KINDS.items() for alias in aliases}
_TOTAL_TITLES = frozenset({"summe", "gesamt", "insgesamt", "gesamtdauer", "gesamtzeit", "total", "sum"})

_UNIT_MINUTES = r"(?:min|mins|minute|minuten|minutes|m|')"
_UNIT_HOURS = r"(?:h|std|stunde|stunden|hour|hours|hr|hrs)"


@dataclass
class ImportedAgendaItem:
    """One agenda item read from the table."""

    line: int
    title: str
    minutes: int
    presenter: str = ""
    kind: str = "discussion"
    """One of AGENDA_KINDS."""
    translations: list[tuple[str, str]] = field(default_factory=list)
    """The title in further languages: (language code, title), from columns such as "Titel (Arabisch)"."""


@dataclass
class AgendaImport:
    """The result of reading an agenda: the items in order and the problems, each with its line."""

    items: list[ImportedAgendaItem]
    problems: list[ImportProblem]

    @property
    def total_minutes(self) -> int:
        """The planned length of all items together."""
        return sum(item.minutes for item in self.items)


def kind_label(kind: str) -> str:
    """The UI text for an agenda kind ('break' -> 'Pause')."""
    labels = {"talk": _("Vortrag"), "discussion": _("Diskussion"), "break": _("Pause")}
    return labels.get(kind, kind)


def parse_minutes(text: str) -> int | None:
    """Minutes from '15', '15 min', 'ca. 20', '0:15', '1:30' (90), '1,5 h' (90), '1 h 30 min'; None if not understood.

    Only whole minutes count: '7,5' is not understood.
    """
    value = text.strip().casefold().replace(",", ".")
    value = re.sub(r"^(?:ca\.?|circa|etwa|approx\.?|~)\s*", "", value).rstrip(".").strip()
    if match := re.fullmatch(rf"(\d+)(?:\.0+)?\s*{_UNIT_MINUTES}?", value):
        return int(match.group(1))
    if match := re.fullmatch(rf"(\d+):(\d\d)(?::(\d\d))?(?:\s*{_UNIT_HOURS})?", value):
        if match.group(3) and match.group(3) != "00":
            return None
        if int(match.group(2)) >= 60:
            return None
        return int(match.group(1)) * 60 + int(match.group(2))
    if match := re.fullmatch(rf"(\d+(?:\.\d+)?)\s*{_UNIT_HOURS}", value):
        minutes = float(match.group(1)) * 60
        return int(minutes) if minutes.is_integer() else None
    if match := re.fullmatch(rf"(\d+)\s*{_UNIT_HOURS}\.?\s*(\d+)\s*{_UNIT_MINUTES}?", value):
        if int(match.group(2)) >= 60:
            return None
        return int(match.group(1)) * 60 + int(match.group(2))
    return None


_BRACKETED = re.compile(r"\((.*?)\)|\[(.*?)\]")


def translation_columns(headers: Sequence[str]) -> list[tuple[str, str]]:
    """(header, language code) of the columns holding the title in a further language, left to right.

    A title header with a language in brackets or after it: "Titel (Arabisch)", "Titel Ukrainisch",
    "Title (ar)", "Thema EN". A German one ("Titel (Deutsch)") is the title itself.
    """
    found = []
    for header in headers:
        base = header_key(_BRACKETED.sub("", header))
        inner = [m.group(1) or m.group(2) or "" for m in _BRACKETED.finditer(header)]
        language = None
        if base in TITLE_HEADERS and inner:
            language = next((hit for text in inner if (hit := find_language(text)) is not None), None)
        elif base not in TITLE_HEADERS:
            for alias in TITLE_HEADERS:
                if base.startswith(alias) and len(base) > len(alias):
                    language = find_language(base[len(alias) :])
                    if language is not None:
                        break
        if language is not None and language is not GERMAN:
            found.append((header, language.code))
    return found


def parse_agenda(table: Table) -> AgendaImport:
    """Read the agenda items in ``table`` in order; unusable rows are skipped and reported, by line.

    Raises ImportFileError when there is no title or no duration column, or no rows at all.
    """
    headers = table.headers
    translated = translation_columns(headers)
    translated_headers = {header for header, _code in translated}
    title_columns = [h for h in find_columns(headers, TITLE_HEADERS) if h not in translated_headers]
    minutes_columns = find_columns(headers, MINUTES_HEADERS)
    presenter_columns = find_columns(headers, PRESENTER_HEADERS)
    kind_columns = find_columns(headers, KIND_HEADERS)
    missing = []
    if not title_columns:
        missing.append(_("„Titel“ (oder Thema, TOP, Title)"))
    if not minutes_columns:
        missing.append(_("„Minuten“ (oder Dauer, Minutes)"))
    if missing:
        raise ImportFileError(
            _("In der Datei {name} fehlen nötige Spalten: {missing}. Gefundene Spalten: {found}.").format(
                name=table.name,
                missing=", ".join(missing),
                found=", ".join(f"„{h}“" for h in headers),
            )
        )
    if not table.rows:
        raise ImportFileError(
            _("Die Datei {name} enthält Spaltenüberschriften, aber keine Einträge.").format(name=table.name)
        )

    items: list[ImportedAgendaItem] = []
    problems: list[ImportProblem] = []
    overflow = set(table.overflow_lines)
    controls = set(table.control_lines)

    def report(line: int, message: str) -> None:
        problems.append(ImportProblem(line, message))

    languages_seen: list[str] = []
    kept: list[tuple[str, str]] = []
    for header, code in translated:
        if code in languages_seen:
            report(
                1, _("Spalte „{header}“: diese Sprache hat schon eine Spalte – nicht übernommen.").format(header=header)
            )
        elif len(kept) >= MAX_TITLE_TRANSLATIONS:
            report(
                1,
                _("Spalte „{header}“: höchstens {maximum} weitere Sprachen für die Titel – nicht übernommen.").format(
                    header=header, maximum=MAX_TITLE_TRANSLATIONS
                ),
            )
        else:
            languages_seen.append(code)
            kept.append((header, code))

    if table.header_line in controls:
        report(table.header_line, control_characters_removed())
    for line, cells in table.rows:
        if line in controls:
            report(line, control_characters_removed())
        title = collapse_spaces(next((cells[h] for h in title_columns if cells.get(h)), ""))
        raw_minutes = collapse_spaces(next((cells[h] for h in minutes_columns if cells.get(h)), ""))
        presenter = collapse_spaces(next((cells[h] for h in presenter_columns if cells.get(h)), ""))
        raw_kind = collapse_spaces(next((cells[h] for h in kind_columns if cells.get(h)), ""))
        if line in overflow:
            report(
                line,
                _(
                    "mehr Zellen als Spalten – steht ein Trennzeichen in einem Wert "
                    "ohne Anführungszeichen? Bitte prüfen."
                ),
            )
        if header_key(title) in _TOTAL_TITLES:
            report(line, _("Summenzeile „{title}“ übersprungen.").format(title=title))
            continue
        if not title:
            report(line, _("kein Titel – Zeile übersprungen."))
            continue
        if not raw_minutes:
            report(line, _("„{title}“ hat keine Dauer – übersprungen.").format(title=title))
            continue
        minutes = parse_minutes(raw_minutes)
        if minutes is None:
            report(
                line,
                _(
                    "Dauer „{minutes}“ nicht verstanden (erwartet z. B. 15, 15 min oder 1:30) – „{title}“ übersprungen."
                ).format(minutes=raw_minutes, title=title),
            )
            continue
        if not 0 < minutes <= MAX_ITEM_MINUTES:
            report(
                line,
                _(
                    "Die Dauer „{minutes}“ liegt nicht zwischen 1 und {maximum} Minuten – „{title}“ übersprungen."
                ).format(minutes=raw_minutes, maximum=MAX_ITEM_MINUTES, title=title),
            )
            continue
        kind = _KIND_BY_KEY.get(header_key(raw_kind)) if raw_kind else None
        if kind is None:
            guessed = _guess_kind(title)
            if raw_kind:
                report(
                    line,
                    _("Art „{kind}“ unbekannt (Vortrag, Diskussion oder Pause) – als „{guess}“ übernommen.").format(
                        kind=raw_kind, guess=kind_label(guessed)
                    ),
                )
            kind = guessed
        translations = [(code, collapse_spaces(cells.get(header, ""))) for header, code in kept]
        items.append(
            ImportedAgendaItem(
                line=line,
                title=title,
                minutes=minutes,
                presenter=presenter,
                kind=kind,
                translations=[(code, text) for code, text in translations if text],
            )
        )
    return AgendaImport(items=items, problems=problems)


def _guess_kind(title: str) -> str:
    """A break if the title says so, a talk if it starts with 'Vortrag'/'Impuls', else a discussion."""
    folded = title.casefold()
    if re.search(r"pause|\bbreak\b", folded):
        return "break"
    if re.match(r"(vortrag|impuls|input|referat|keynote|talk)\b", folded):
        return "talk"
    return "discussion"
