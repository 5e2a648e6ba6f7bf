"""Reading invitee lists: header variants, groups, bad rows reported by line, duplicates, the demo list."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from integra_tui import i18n
from integra_tui.domain.groups import DEFAULT_GROUPS, canonical_group
from integra_tui.io.demo_data import demo_paths
from integra_tui.io.invitee_import import dedupe_key, parse_invitees, split_languages
from integra_tui.io.tabular import ImportFileError, read_table
from integra_tui.services.texts import group_label


def read(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "liste.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return parse_invitees(read_table(path), DEFAULT_GROUPS)


def problems(result) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in result.problems]


# --- columns ------------------------------------------------------------------------------------


def test_german_excel_list_with_first_and_last_name(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "Vorname;Nachname;Gruppe;Organisation;E-Mail;Telefon;Sprachen\r\n"
        "Jürgen;Müller;Kommune;Stadtverwaltung;j.mueller@example.de;0151 5550101;Deutsch, Englisch\r\n"
        "Bärbel;Groß;;;;;\r\n",
        "cp1252",
    )
    assert result.problems == []
    jurgen, barbel = result.people
    assert (jurgen.line, jurgen.name, jurgen.group, jurgen.organisation) == (
        2,
        "Jürgen Müller",
        "Kommune",
        "Stadtverwaltung",
    )
    assert (jurgen.email, jurgen.phone, jurgen.languages) == (
        "j.mueller@example.de",
        "0151 5550101",
        ["Deutsch", "Englisch"],
    )
    assert (barbel.name, barbel.group, barbel.unknown_group, barbel.languages) == ("Bärbel Groß", "", False, [])


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        ("Name;Gruppe", "Олена Коваленко;Zugewandert", "Олена Коваленко"),
        ("NAME ;Gruppe", "Eva Ost;Kommune", "Eva Ost"),
        ("Full name;Group", "Eva Ost;Kommune", "Eva Ost"),
        ("First name;Last name;Group", "Eva;Ost;Kommune", "Eva Ost"),
        ("Firstname;Lastname;Group", "Eva;Ost;Kommune", "Eva Ost"),
        ("Given name;Surname;Group", "Eva;Ost;Kommune", "Eva Ost"),
        ("Given name;Family name;Group", "Eva;Ost;Kommune", "Eva Ost"),
        ("vorname;familienname;gruppe", "Eva;Ost;Kommune", "Eva Ost"),
        ("Nachname;Vorname;Gruppe", "Ost;Eva;Kommune", "Eva Ost"),
        # German forms: "Name" next to "Vorname" is the family name.
        ("Name;Vorname;Gruppe", "Ost;Eva;Kommune", "Eva Ost"),
        ("Name, Vorname;Gruppe", "Ost, Eva;Kommune", "Eva Ost"),
        ("Teilnehmer/in;Gruppe", "Eva Ost;Kommune", "Eva Ost"),
    ],
)
def test_name_header_variants(tmp_path: Path, header: str, row: str, expected: str) -> None:
    result = read(tmp_path, f"{header}\n{row}\n")
    assert [p.name for p in result.people] == [expected]
    assert result.people[0].group == row.rsplit(";", 1)[1]
    assert result.problems == []


@pytest.mark.parametrize(
    "headers",
    [
        ("Name", "Group", "Organization", "Email", "Phone", "Languages"),
        ("name", "GRUPPE", "Institution", "Mail", "Tel", "sprachen"),
        ("Name", "Gruppe", "Verein", "E-Mail-Adresse", "Handy", "Sprache"),
        ("Name", "Zielgruppe", "Organisation", "E-Mail (dienstlich)", "Mobil", "Sprachkenntnisse"),
    ],
)
def test_other_header_variants(tmp_path: Path, headers: tuple[str, ...]) -> None:
    text = ";".join(headers) + "\nEva Ost;Kommune;Brückenwerk e.V.;eva@example.org;0151 5550100;Deutsch/Englisch\n"
    (person,) = read(tmp_path, text).people
    assert (person.group, person.organisation, person.email, person.phone, person.languages) == (
        "Kommune",
        "Brückenwerk e.V.",
        "eva@example.org",
        "0151 5550100",
        ["Deutsch", "Englisch"],
    )


def test_xlsx_with_english_headers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["First name", "Last name", "Group", "Email", "Phone"])
    sheet.append(["ሳምራዊት", "ተኽለ", "newcomer", None, None])
    sheet.append([None, None, None, None, None])
    sheet.append(["Дмитро", "Шевчук", "Volunteer", "d.s@example.org", "0151 5550126"])
    sheet.append([None, "Nur Nachname", "speaker", None, None])
    sheet.append([None, None, "Kommune", "x@example.org", None])
    path = tmp_path / "invitees.xlsx"
    workbook.save(path)

    result = parse_invitees(read_table(path), DEFAULT_GROUPS)
    assert [(p.line, p.name, p.group) for p in result.people] == [
        (2, "ሳምራዊት ተኽለ", "Zugewandert"),
        (4, "Дмитро Шевчук", "Ehrenamtlich"),
        (5, "Nur Nachname", "Referent/in"),
    ]
    assert problems(result) == [(6, "kein Name – Zeile übersprungen.")]


def test_no_name_column_lists_found_and_expected_headers(tmp_path: Path) -> None:
    path = tmp_path / "adressen.csv"
    path.write_text("E-Mail;Telefon;Ort\na@example.org;0151;Lindenfeld\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as raised:
        parse_invitees(read_table(path), DEFAULT_GROUPS)
    message = raised.value.message
    assert "adressen.csv" in message
    assert "„E-Mail“, „Telefon“, „Ort“" in message
    assert "„Vorname“ und „Nachname“" in message


def test_headers_without_rows(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="liste.csv enthält Spaltenüberschriften, aber keine Einträge"):
        read(tmp_path, "Name;Gruppe\n")


# --- problems by line ---------------------------------------------------------------------------


def test_bad_rows_are_reported_with_their_lines_and_good_rows_kept(tmp_path: Path) -> None:
    text = (
        "Vorname;Nachname;Gruppe;E-Mail\n"  # 1
        "Eva;Ost;Kommune;eva@example.org\n"  # 2
        ";;Landkreis;niemand@example.org\n"  # 3: no name
        "\n"  # 4
        "Ole;Nord;Presse;ole(at)example.org\n"  # 5: unknown group, bad e-mail
        "Ali;Demir;;\n"  # 6: no group is fine
        ";;;\n"  # 7: empty, skipped silently
        ";;Kommune;\n"  # 8: no name
    )
    result = read(tmp_path, text)
    assert [(p.line, p.name) for p in result.people] == [(2, "Eva Ost"), (5, "Ole Nord"), (6, "Ali Demir")]
    assert problems(result) == [
        (3, "kein Name – Zeile übersprungen."),
        (5, "Gruppe „Presse“ ist unbekannt – so übernommen, bitte prüfen."),
        (5, "„ole(at)example.org“ ist keine gültige E-Mail-Adresse – Ole Nord wurde ohne E-Mail übernommen."),
        (8, "kein Name – Zeile übersprungen."),
    ]
    ole = result.people[1]
    assert (ole.group, ole.unknown_group, ole.email) == ("Presse", True, "")
    assert str(result.problems[0]) == "Zeile 3: kein Name – Zeile übersprungen."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("eva@example.org", "eva@example.org"),
        (" Eva.Ost@Example.ORG ", "Eva.Ost@Example.ORG"),
        ("mailto:eva@example.org", "eva@example.org"),
        ("Eva Ost <eva@example.org>", "eva@example.org"),
        ("eva@example.org (privat)", "eva@example.org"),
        ("jürgen@müller.example.de", "jürgen@müller.example.de"),
    ],
)
def test_valid_email_forms(tmp_path: Path, raw: str, expected: str) -> None:
    result = read(tmp_path, f"Name;E-Mail\nEva Ost;{raw}\n")
    assert result.problems == []
    assert result.people[0].email == expected


@pytest.mark.parametrize(
    "raw",
    [
        "eva",
        "eva@",
        "@example.org",
        "eva@example",
        "eva@@example.org",
        "eva @example.org",
        "eva@example..org",
        "eva@exa mple.org",
    ],
)
def test_invalid_email_is_reported_and_person_kept_without_it(tmp_path: Path, raw: str) -> None:
    result = read(tmp_path, f"Name;E-Mail\nEva Ost;{raw}\n")
    assert [(p.name, p.email) for p in result.people] == [("Eva Ost", "")]
    assert [p.line for p in result.problems] == [2]
    assert "keine gültige E-Mail-Adresse" in result.problems[0].message


def test_two_emails_in_one_cell_take_the_first(tmp_path: Path) -> None:
    result = read(tmp_path, 'Name;E-Mail\nEva Ost;"eva@example.org; eva.privat@example.de"\n')
    assert result.people[0].email == "eva@example.org"
    assert problems(result) == [(2, "mehrere E-Mail-Adressen – nur die erste (eva@example.org) wurde übernommen.")]


def test_phone_that_excel_turned_into_a_number_is_dropped_and_reported(tmp_path: Path) -> None:
    result = read(tmp_path, "Name;Telefon\nEva Ost;1,51555E+11\nOle Nord;0151 5550102\n")
    assert [p.phone for p in result.people] == ["", "0151 5550102"]
    assert [p.line for p in result.problems] == [2]


def test_shifted_row_is_reported(tmp_path: Path) -> None:
    result = read(tmp_path, "Name,Gruppe\nMüller, Jürgen,Kommune\n")
    assert [p.line for p in result.problems] == [2, 2]
    assert "mehr Zellen als Spalten" in result.problems[0].message


def test_repeated_header_row_is_skipped(tmp_path: Path) -> None:
    result = read(tmp_path, "Name;Gruppe\nEva Ost;Kommune\nName;Gruppe\nOle Nord;Landkreis\n")
    assert [p.name for p in result.people] == ["Eva Ost", "Ole Nord"]
    assert problems(result) == [(3, "wiederholte Kopfzeile – übersprungen.")]


def test_problems_in_english(tmp_path: Path) -> None:
    i18n.set_language("en")
    try:
        result = read(tmp_path, "Name;Gruppe\n;Kommune\n")
        assert str(result.problems[0]) == "Line 2: no name – row skipped."
    finally:
        i18n.set_language("de")


# --- groups -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("kommune", "Kommune"),
        (" LANDKREIS ", "Landkreis"),
        ("Municipality", "Kommune"),
        ("district", "Landkreis"),
        ("professional", "Hauptamtlich"),
        ("Staff", "Hauptamtlich"),
        ("volunteer", "Ehrenamtlich"),
        ("Ehrenamt", "Ehrenamtlich"),
        ("immigrant", "Zugewandert"),
        ("Newcomer", "Zugewandert"),
        ("interested", "Interessiert"),
        ("resident", "Interessiert"),
        ("speaker", "Referent/in"),
        ("Referentin", "Referent/in"),
        ("Referent*in", "Referent/in"),
        ("referent/in", "Referent/in"),
    ],
)
def test_group_spellings_map_to_the_stored_name(tmp_path: Path, written: str, canonical: str) -> None:
    result = read(tmp_path, f"Name;Gruppe\nEva Ost;{written}\n")
    assert (result.people[0].group, result.people[0].unknown_group) == (canonical, False)
    assert result.problems == []


def test_known_groups_decide_what_is_unknown() -> None:
    known = ["Kommune", "Beirat"]
    assert canonical_group("beirat", known) == "Beirat"
    assert canonical_group("municipality", known) == "Kommune"
    assert canonical_group("volunteer", known) is None  # Ehrenamtlich is not among them
    assert canonical_group("", known) is None


def test_group_labels_in_english() -> None:
    assert group_label("Referent/in") == "Referent/in"
    i18n.set_language("en")
    try:
        assert [group_label(g) for g in DEFAULT_GROUPS] == [
            "Municipality",
            "District",
            "Professional",
            "Volunteer",
            "Newcomer",
            "Interested resident",
            "Speaker",
        ]
        assert group_label("Presse") == "Presse"
    finally:
        i18n.set_language("de")


# --- languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deutsch, Arabisch und Englisch", ["Deutsch", "Arabisch", "Englisch"]),
        ("Deutsch/Englisch; Französisch", ["Deutsch", "Englisch", "Französisch"]),
        ("Tigrinya and Arabic", ["Tigrinya", "Arabic"]),
        ("Deutsch, deutsch", ["Deutsch"]),
        ("Kurdisch (Kurmandschi)", ["Kurdisch (Kurmandschi)"]),
        ("Bundesdeutsch", ["Bundesdeutsch"]),  # "und" only as a word
        ("", []),
    ],
)
def test_languages_are_split(text: str, expected: list[str]) -> None:
    assert split_languages(text) == expected


# --- duplicates ---------------------------------------------------------------------------------


def test_same_name_and_email_is_one_person(tmp_path: Path) -> None:
    text = "Name;E-Mail;Telefon\nEva Ost;eva@example.org;\n  EVA   ost ;EVA@example.org;0151 5550100\n"
    result = read(tmp_path, text)
    assert [(p.line, p.name, p.phone) for p in result.people] == [(2, "Eva Ost", "0151 5550100")]
    assert problems(result) == [
        (3, "EVA ost steht schon in Zeile 2 – nur einmal übernommen, fehlende Angaben ergänzt.")
    ]


def test_same_name_and_organisation_is_one_person(tmp_path: Path) -> None:
    result = read(tmp_path, "Name;Organisation\nAli Demir;Jobcenter\nAli Demir;jobcenter\nAli Demir;IHK\n")
    assert [(p.line, p.organisation) for p in result.people] == [(2, "Jobcenter"), (4, "IHK")]
    assert problems(result) == [(3, "Ali Demir steht schon in Zeile 2 – nur einmal übernommen.")]


def test_same_name_with_different_emails_are_two_people(tmp_path: Path) -> None:
    result = read(
        tmp_path, "Name;Organisation;E-Mail\nAli Demir;Jobcenter;a1@example.org\nAli Demir;Jobcenter;a2@example.org\n"
    )
    assert len(result.people) == 2
    assert result.problems == []


def test_unicode_forms_of_one_name_are_one_person(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "Jürgen Müller")
    decomposed = unicodedata.normalize("NFD", "Jürgen Müller")
    result = read(tmp_path, f"Name;E-Mail\n{composed};j@example.de\n{decomposed};j@example.de\n")
    assert [p.name for p in result.people] == [composed]
    assert [p.line for p in result.problems] == [3]


def test_dedupe_key() -> None:
    plain = SimpleNamespace(name="Jürgen Müller", email="")
    messy = SimpleNamespace(name="  JÜRGEN\u00a0 " + unicodedata.normalize("NFD", "müller"), email="")
    with_email = SimpleNamespace(name="Jürgen Müller", email="J.Mueller@Example.DE ")
    assert dedupe_key(plain) == dedupe_key(messy) == "jürgen müller"
    assert dedupe_key(with_email) == "jürgen müller\tj.mueller@example.de"
    assert dedupe_key(with_email) != dedupe_key(plain)
    assert dedupe_key(SimpleNamespace(name="فاطمة الزهراء", email="")) == "فاطمة الزهراء"


def test_names_keep_their_exact_form(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Ömer Şengül")
    zwnj = "زهرا\u200cاحمدی"  # Persian zero-width non-joiner belongs to the name
    result = read(tmp_path, f"Name\n{decomposed}\n{zwnj}\n")
    assert [p.name.encode() for p in result.people] == [decomposed.encode(), zwnj.encode()]


# --- the demo list ------------------------------------------------------------------------------


def _script(name: str) -> str:
    letter = next(char for char in name if char.isalpha())
    return unicodedata.name(letter).split()[0]


def test_demo_invitees_parse_cleanly_and_cover_groups_and_scripts() -> None:
    invitees, _agenda = demo_paths()
    raw = invitees.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\r\n", 1)[0] == "\ufeffVorname;Nachname;Gruppe;Organisation;E-Mail;Telefon;Sprachen".encode()
    result = parse_invitees(read_table(invitees), DEFAULT_GROUPS)
    assert result.problems == []
    assert 35 <= len(result.people) <= 45
    assert {p.group for p in result.people} == set(DEFAULT_GROUPS)
    assert not any(p.unknown_group for p in result.people)
    scripts = {_script(p.name) for p in result.people}
    assert {"LATIN", "ARABIC", "CYRILLIC", "ETHIOPIC"} <= scripts
    names = {p.name for p in result.people}
    assert {"Jürgen Müller", "Ömer Şengül", "فاطمة الزهراء", "ሳምራዊት ተኽለ"} <= names
    emails = [p.email for p in result.people if p.email]
    assert emails and all(e.endswith(("@example.org", "@example.de")) for e in emails)
    assert sum(1 for p in result.people if not p.email) >= 10
    assert sum(1 for p in result.people if not p.phone) >= 10
    assert all(p.phone.startswith("0151 555") for p in result.people if p.phone)
    assert len({dedupe_key(p) for p in result.people}) == len(result.people)
