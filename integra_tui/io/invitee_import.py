"""Turning a coordinator's list of invitees (a Table) into people to store, with every problem by line.

Pure parsing: nothing is stored here. Names are kept exactly as written (only surrounding and
repeated whitespace is removed), so names in any script survive unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from integra_tui.domain.groups import DEFAULT_GROUPS, canonical_group
from integra_tui.i18n import _
from integra_tui.io.tabular import (
    ImportFileError,
    ImportProblem,
    StreamRow,
    Table,
    TableStream,
    collapse_spaces,
    control_characters_removed,
    find_columns,
    header_key,
)

__all__ = [
    "ImportProblem",
    "ImportedPerson",
    "InviteeImport",
    "dedupe_key",
    "parse_invitee_stream",
    "parse_invitees",
    "split_languages",
]

# Header keys (see tabular.header_key) per field, best first.
NAME_HEADERS = (
    "name",
    "namen",
    "vollständigername",
    "vollername",
    "fullname",
    "teilnehmerin",
    "teilnehmer",
    "teilnehmende",
    "person",
    "participant",
)
NAME_COMMA_HEADERS = ("namevorname", "nachnamevorname", "lastnamefirstname", "surnamefirstname")
"""Headers of a single column holding "Müller, Jürgen"; the two parts are turned round."""
FIRST_NAME_HEADERS = ("vorname", "vornamen", "firstname", "givenname", "forename", "rufname", "first")
LAST_NAME_HEADERS = ("nachname", "familienname", "zuname", "lastname", "surname", "familyname", "last")
GROUP_HEADERS = (
    "gruppe",
    "group",
    "zielgruppe",
    "teilnehmergruppe",
    "gruppen",
    "groups",
    "kategorie",
    "category",
    "rolle",
    "role",
)
ORGANISATION_HEADERS = (
    "organisation",
    "organization",
    "institution",
    "verein",
    "einrichtung",
    "träger",
    "firma",
    "company",
    "unternehmen",
    "arbeitgeber",
    "employer",
    "behörde",
    "dienststelle",
    "organisationinstitution",
)
EMAIL_HEADERS = (
    "email",
    "emailadresse",
    "mail",
    "mailadresse",
    "emailaddress",
    "emails",
    "eposta",
    "epost",
)
PHONE_HEADERS = (
    "telefon",
    "phone",
    "tel",
    "telefonnummer",
    "telnr",
    "phonenumber",
    "handy",
    "handynummer",
    "mobil",
    "mobile",
    "mobilnummer",
    "mobiltelefon",
    "mobilephone",
    "cell",
    "cellphone",
    "rufnummer",
    "festnetz",
)
LANGUAGE_HEADERS = (
    "sprachen",
    "sprache",
    "languages",
    "language",
    "sprachkenntnisse",
    "gesprochenesprachen",
    "spokenlanguages",
)

_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@(?!-)[^@\s<>(),;:\"\[\]\\_]+\.[^\W\d_]{2,}$")
_EMAIL_SPLIT = re.compile(r"[\s,;]+")
_EXCEL_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
_LANGUAGE_SPLIT = re.compile(r"\s*(?:[,;/|&+\n\r]|\bund\b|\band\b)\s*", re.IGNORECASE)


@dataclass(slots=True)
class ImportedPerson:
    """One person read from the list, ready for the store service."""

    line: int
    name: str
    group: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    languages: list[str] = field(default_factory=list)
    unknown_group: bool = False
    """True when ``group`` is not one of the known groups (kept as written, and reported)."""


@dataclass
class InviteeImport:
    """The result of reading a list: the people to import and the problems, each with its line."""

    people: list[ImportedPerson]
    problems: list[ImportProblem]


class _Named(Protocol):
    name: str
    email: str


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFC", collapse_spaces(unicodedata.normalize("NFC", name)).casefold())


def dedupe_key(person: _Named) -> str:
    """The identity used to add nobody twice: normalised name, plus the lower-case e-mail if there is one.

    The name is NFC-normalised, case-folded and whitespace-collapsed, so 'JÜRGEN  Müller' and
    'Jürgen Müller' (in either Unicode form) are the same person. Works on any object with
    ``name`` and ``email``, so the store can apply it to people it already has.
    """
    name = _name_key(person.name)
    email = person.email.strip().lower()
    return f"{name}\t{email}" if email else name


def parse_invitees(table: Table, known_groups: Sequence[str] = DEFAULT_GROUPS) -> InviteeImport:
    """Read the people in ``table``; rows that cannot be used are skipped and reported, by line.

    Raises ImportFileError when the table has no name column or no rows at all.
    """
    overflow = set(table.overflow_lines)
    controls = set(table.control_lines)
    rows = (StreamRow(line, cells, line in overflow, line in controls) for line, cells in table.rows)
    header_line = table.header_line if table.header_line in controls else None
    return _parse(table.name, table.headers, header_line, rows, known_groups)


def parse_invitee_stream(stream: TableStream, known_groups: Sequence[str] = DEFAULT_GROUPS) -> InviteeImport:
    """As :func:`parse_invitees`, reading the rows one by one: only the people found stay in memory."""
    header_line = stream.header_line if stream.header_control else None
    return _parse(stream.name, stream.headers, header_line, stream.rows(), known_groups)


def _parse(
    name_of_file: str,
    headers: list[str],
    header_control_line: int | None,
    rows: Iterable[StreamRow],
    known_groups: Sequence[str],
) -> InviteeImport:
    columns = _Columns.find(name_of_file, headers)
    people: list[ImportedPerson] = []
    problems: list[ImportProblem] = []
    by_name: dict[str, list[ImportedPerson]] = {}
    header_keys = {header: header_key(header) for header in headers}
    group_cache: dict[str, str | None] = {}  # most lists name a handful of groups, 100,000 times over

    def report(line: int, message: str) -> None:
        problems.append(ImportProblem(line, message))

    if header_control_line is not None:
        report(header_control_line, control_characters_removed())
    empty = True
    for line, cells, overflowing, control in rows:
        empty = False
        if control:
            report(line, control_characters_removed())
        if _is_repeated_header(cells, header_keys):
            report(line, _("wiederholte Kopfzeile – übersprungen."))
            continue
        if overflowing:
            report(
                line,
                _(
                    "mehr Zellen als Spalten – steht ein Trennzeichen in einem Wert "
                    "ohne Anführungszeichen? Bitte prüfen."
                ),
            )
        name = columns.name(cells)
        if not name:
            report(line, _("kein Name – Zeile übersprungen."))
            continue
        person = ImportedPerson(line=line, name=name)

        person.organisation = collapse_spaces(_first(cells, columns.organisation))

        raw_group = collapse_spaces(_first(cells, columns.group))
        if raw_group:
            if raw_group in group_cache:
                group = group_cache[raw_group]
            else:
                group = group_cache[raw_group] = canonical_group(raw_group, known_groups)
            if group is None:
                person.group, person.unknown_group = raw_group, True
                report(
                    line,
                    _("Gruppe „{group}“ ist unbekannt – so übernommen, bitte prüfen.").format(group=raw_group),
                )
            else:
                person.group = group

        raw_email = _first(cells, columns.email)
        if raw_email:
            email, several = _clean_email(raw_email)
            if not email:
                report(
                    line,
                    _("„{email}“ ist keine gültige E-Mail-Adresse – {name} wurde ohne E-Mail übernommen.").format(
                        email=raw_email, name=name
                    ),
                )
            elif several:
                report(
                    line,
                    _("mehrere E-Mail-Adressen – nur die erste ({email}) wurde übernommen.").format(email=email),
                )
            person.email = email

        phone = collapse_spaces(_first(cells, columns.phone))
        if _EXCEL_NUMBER.match(phone):
            report(
                line,
                _(
                    "Die Telefonnummer „{phone}“ hat Excel als Zahl verstümmelt – {name} wurde "
                    "ohne Telefonnummer übernommen."
                ).format(phone=phone, name=name),
            )
            phone = ""
        person.phone = phone

        person.languages = split_languages(" , ".join(cells.get(header, "") for header in columns.languages))

        key = _name_key(name)
        earlier = next((p for p in by_name.get(key, []) if _same_person(p, person)), None)
        if earlier is None:
            people.append(person)
            by_name.setdefault(key, []).append(person)
            continue
        if _merge_into(earlier, person):
            message = _("{name} steht schon in Zeile {first} – nur einmal übernommen, fehlende Angaben ergänzt.")
        else:
            message = _("{name} steht schon in Zeile {first} – nur einmal übernommen.")
        report(line, message.format(name=name, first=earlier.line))
    if empty:
        raise ImportFileError(
            _("Die Datei {name} enthält Spaltenüberschriften, aber keine Einträge.").format(name=name_of_file)
        )
    return InviteeImport(people=people, problems=problems)


def split_languages(text: str) -> list[str]:
    """'Deutsch, Arabisch und Englisch' -> ['Deutsch', 'Arabisch', 'Englisch'] (each once, order kept)."""
    result: list[str] = []
    seen: set[str] = set()
    for part in _LANGUAGE_SPLIT.split(text):
        language = collapse_spaces(part)
        if language and language.casefold() not in seen:
            seen.add(language.casefold())
            result.append(language)
    return result


@dataclass
class _Columns:
    """Which headers of the table hold which field."""

    first: list[str]
    last: list[str]
    full: list[str]
    comma: list[str]
    group: list[str]
    organisation: list[str]
    email: list[str]
    phone: list[str]
    languages: list[str]

    @classmethod
    def find(cls, file_name: str, headers: list[str]) -> _Columns:
        columns = cls(
            first=find_columns(headers, FIRST_NAME_HEADERS),
            last=find_columns(headers, LAST_NAME_HEADERS),
            full=find_columns(headers, NAME_HEADERS),
            comma=find_columns(headers, NAME_COMMA_HEADERS),
            group=find_columns(headers, GROUP_HEADERS),
            organisation=find_columns(headers, ORGANISATION_HEADERS),
            email=find_columns(headers, EMAIL_HEADERS),
            phone=find_columns(headers, PHONE_HEADERS),
            languages=find_columns(headers, LANGUAGE_HEADERS),
        )
        # German forms often say "Name; Vorname": there "Name" is the family name.
        plain_name = [h for h in columns.full if header_key(h) == "name"]
        if columns.first and not columns.last and plain_name:
            columns.last = plain_name[:1]
            columns.full = [h for h in columns.full if h != plain_name[0]]
        if not (columns.first or columns.last or columns.full or columns.comma):
            raise ImportFileError(
                _(
                    "In der Datei {name} fehlt eine Spalte mit dem Namen. Gefundene Spalten: {found}. "
                    "Erwartet: „Name“ oder „Vorname“ und „Nachname“ (englisch „Name“ oder „First name“ "
                    "und „Last name“), dazu wahlweise Gruppe, Organisation, E-Mail, Telefon, Sprachen."
                ).format(name=file_name, found=", ".join(f"„{h}“" for h in headers))
            )
        return columns

    def name(self, cells: dict[str, str]) -> str:
        """The person's name from this row: 'Vorname Nachname', or the name column, or '' if none."""
        first = collapse_spaces(_first(cells, self.first))
        last = collapse_spaces(_first(cells, self.last))
        if first or last:
            return f"{first} {last}".strip()
        full = collapse_spaces(_first(cells, self.full))
        if full:
            return full
        turned = collapse_spaces(_first(cells, self.comma))
        if turned.count(",") == 1:
            family, given = (part.strip() for part in turned.split(","))
            return f"{given} {family}".strip()
        return turned


def _first(cells: dict[str, str], headers: list[str]) -> str:
    """The first non-empty cell among ``headers``."""
    return next((cells[h] for h in headers if cells.get(h)), "")


def _is_repeated_header(cells: dict[str, str], header_keys: dict[str, str]) -> bool:
    filled = [(header, value) for header, value in cells.items() if value]
    return len(filled) > 1 and all(header_key(value) == header_keys[header] for header, value in filled)


def _clean_email(raw: str) -> tuple[str, bool]:
    """(the first valid address in ``raw`` or '', whether there were several)."""
    text = raw.strip()
    bracketed = re.search(r"<([^<>]+)>", text)
    if bracketed:  # "Jürgen Müller <j.mueller@example.de>"
        text = bracketed.group(1)
    text = re.sub(r"\(.*?\)", " ", text)  # "a@example.de (privat)"
    parts = [p for p in _EMAIL_SPLIT.split(text) if p]
    addresses = [re.sub(r"^mailto:", "", p, flags=re.IGNORECASE) for p in parts]
    if len(addresses) > 1 and all("@" in a for a in addresses):
        valid = [a for a in addresses if _valid_email(a)]
        return (valid[0], True) if valid else ("", False)
    if len(addresses) == 1 and _valid_email(addresses[0]):
        return addresses[0], False
    return "", False


def _valid_email(address: str) -> bool:
    if not _EMAIL.match(address) or ".." in address:
        return False
    local, domain = address.rsplit("@", 1)
    return not (local.startswith(".") or local.endswith(".") or domain.startswith(".") or "-." in domain)


def _same_person(earlier: ImportedPerson, later: ImportedPerson) -> bool:
    """Same name (checked by the caller) and the same e-mail or the same organisation.

    Two different e-mail addresses mean two people, even at the same organisation.
    """
    if earlier.email and later.email:
        return earlier.email.lower() == later.email.lower()
    return earlier.organisation.casefold() == later.organisation.casefold()


def _merge_into(earlier: ImportedPerson, later: ImportedPerson) -> bool:
    """Fill what ``earlier`` lacks from ``later``; True if anything was added."""
    added = False
    for attribute in ("organisation", "email", "phone"):
        if not getattr(earlier, attribute) and getattr(later, attribute):
            setattr(earlier, attribute, getattr(later, attribute))
            added = True
    if not earlier.group and later.group:
        earlier.group, earlier.unknown_group = later.group, later.unknown_group
        added = True
    known = {language.casefold() for language in earlier.languages}
    for language in later.languages:
        if language.casefold() not in known:
            earlier.languages.append(language)
            known.add(language.casefold())
            added = True
    return added
