"""The invitations commands as a coordinator runs them: real processes, files decoded back to the store's codes."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from integra_tui.services import people
from integra_tui.services.context import open_context

UNPRINTABLE = "\U0010fffd"  # a private-use character: no font has a glyph for it
SMALL_LIST = (
    "Name;Gruppe;E-Mail\nJürgen Groß;Kommune;jg@example.org\nАнна Петрова;Zugewandert;\n"
    "Anna Schmidt;Ehrenamtlich;as@example.org\n"
)


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The clock stands still a week before "Kleine Runde" (3 December 2026): the demo is that day's meeting,
    # whatever the date the suite runs on (on 3 December the small meeting was today's and taken instead).
    env = {**os.environ, "INTEGRA_FAKE_NOW": "2026-11-26T10:00:00+01:00"}
    env.pop("INTEGRA_LANG", None)
    env.pop("INTEGRA_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "integra_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def ok(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run(db, *args)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the 40-person demo (meeting 1) and a small meeting 2 with three invitees."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "store.json"
    ok(db, "demo", "--no-open")
    ok(db, "meeting", "add", "--title", "Kleine Runde", "--date", "2026-12-03", "--time", "18:00", "--place", "MGH")
    (folder / "klein.csv").write_text(SMALL_LIST, encoding="utf-8")
    ok(db, "import", "invitees", str(folder / "klein.csv"), "--meeting", "2")
    return db


@pytest.fixture()
def db(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template store for one test."""
    copy = tmp_path / "store" / "store.json"
    copy.parent.mkdir()
    shutil.copy(template, copy)
    return copy


def store_codes(db: Path, meeting_id: int) -> dict[str, str]:
    """Name -> current invitation code, as the store holds them."""
    ctx = open_context(db)
    try:
        return {person.name: invitee.code for invitee, person in people.invitees_of(ctx, meeting_id)}
    finally:
        ctx.close()


def code_record(db: Path, code: str) -> dict:
    ctx = open_context(db)
    try:
        return ctx.store.find_one("codes", "code", code)
    finally:
        ctx.close()


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


def pdf_codes(pdf: Path) -> list[str]:
    """Every QR code on every page, pages rendered at 150 dpi."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        found = []
        for page in document:
            found += decode(page.render(scale=150 / 72).to_pil())
        return found
    finally:
        document.close()


def visible_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- make ------------------------------------------------------------------------------------------


def test_make_twice_keeps_every_persons_code(db: Path, tmp_path: Path) -> None:
    codes = store_codes(db, 2)
    first = ok(db, "invitations", "make", "--meeting", "2", "--out", str(tmp_path / "eins"))
    second = ok(db, "invitations", "make", "--meeting", "2", "--out", str(tmp_path / "zwei"))
    pdf = tmp_path / "eins" / "einladungen.pdf"
    assert first.stdout.strip() == f"3 Einladungen für „Kleine Runde“ am 03.12.2026 geschrieben: {pdf}"
    assert first.stderr == "" and "zwei" in second.stdout
    assert store_codes(db, 2) == codes
    assert sorted(pdf_codes(pdf)) == sorted(pdf_codes(tmp_path / "zwei" / "einladungen.pdf")) == sorted(codes.values())


def test_make_for_the_40_person_demo_prints_every_code_once(db: Path, tmp_path: Path) -> None:
    result = ok(db, "invitations", "make", "--out", str(tmp_path / "demo"))  # the demo is today's meeting
    assert result.stdout.startswith("40 Einladungen für „INTEGRA-Netzwerktreffen (Demo)“")
    assert sorted(pdf_codes(tmp_path / "demo" / "einladungen.pdf")) == sorted(store_codes(db, 1).values())


def test_make_png_writes_one_card_per_person_and_the_mailmerge_list_in_english(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "png"
    result = ok(db, "--lang", "en", "invitations", "make", "--meeting", "2", "--out", str(out), "--format", "png")
    assert (
        result.stdout.strip()
        == f"3 invitations for “Kleine Runde” on 3 Dec 2026 written: 3 PNG files in {out}, mail-merge list: "
        f"{out / 'mailmerge.csv'}"
    )
    codes = store_codes(db, 2)
    with (out / "mailmerge.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    assert {row[0]: (row[1], row[2]) for row in rows} == {
        "Jürgen Groß": ("jg@example.org", codes["Jürgen Groß"]),
        "Анна Петрова": ("", codes["Анна Петрова"]),
        "Anna Schmidt": ("as@example.org", codes["Anna Schmidt"]),
    }
    for name, _email, code, file_name in rows:
        with Image.open(out / file_name) as image:
            assert decode(image) == [code], name


def test_names_that_cannot_print_are_warned_about_by_page_not_by_name(db: Path, tmp_path: Path) -> None:
    odd_name = f"Unbekannt{UNPRINTABLE} Seltsam"
    (tmp_path / "seltsam.csv").write_text(f"Name;Gruppe\n{odd_name};Interessiert\n", encoding="utf-8")
    ok(db, "import", "invitees", str(tmp_path / "seltsam.csv"), "--meeting", "2")
    ctx = open_context(db)
    odd_id = people.resolve_person(ctx, odd_name).id
    ctx.close()
    result = ok(db, "invitations", "make", "--meeting", "2", "--out", str(tmp_path / "out"), "--per-page", "1")
    assert result.stdout.startswith("4 Einladungen")
    pdf = tmp_path / "out" / "einladungen.pdf"
    pages = [page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf)]
    [number] = [n for n, text in enumerate(pages, start=1) if "Unbekannt[?] Seltsam" in " ".join(text.split())]
    assert result.stderr.splitlines() == [
        f"Warnung: einladungen.pdf, Seite {number}: Zeichen, die keine mitgelieferte Schrift darstellen kann, "
        "sind ersatzweise gedruckt (umschrieben oder als [?])."
    ]  # one German line: no English fpdf2 log, and neither the name nor the person's number
    assert (
        "Unbekannt" not in result.stderr and UNPRINTABLE not in result.stderr and f"Nr. {odd_id}" not in result.stderr
    )
    assert len(pdf_codes(pdf)) == 4


# --- reissue -----------------------------------------------------------------------------------------


def test_reissue_by_name_gives_a_new_code_and_writes_only_that_persons_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok(db, "invitations", "make", "--meeting", "2", "--out", str(out))
    old = store_codes(db, 2)["Jürgen Groß"]
    result = ok(db, "invitations", "reissue", "jürgen groß", "--meeting", "2", "--out", str(out))
    new = store_codes(db, 2)["Jürgen Groß"]
    assert new != old
    single = out / f"einladung-juergen-gross-{new}.pdf"
    assert visible_files(out) == sorted(["einladungen.pdf", single.name])
    assert pdf_codes(single) == [new]
    assert "Neuer Code für Jürgen Groß (Treffen vom " in result.stdout and str(single) in result.stdout
    assert (code_record(db, old)["status"], code_record(db, old)["replaced_by"]) == ("replaced", new)
    assert store_codes(db, 2)["Anna Schmidt"] in pdf_codes(out / "einladungen.pdf")  # the others are unchanged


def test_the_old_code_of_a_reissued_invitation_is_refused_at_the_door(db: Path) -> None:
    old = store_codes(db, 2)["Anna Schmidt"]
    ok(db, "invitations", "reissue", "Schmidt", "--meeting", "2")
    refused = run(db, "--lang", "en", "checkin", old, "--meeting", "2")
    assert refused.returncode == 4
    assert "replaced by a newer" in refused.stderr
    assert run(db, "checkin", store_codes(db, 2)["Anna Schmidt"], "--meeting", "2").returncode == 0


# --- personal cards ----------------------------------------------------------------------------------


def test_a_personal_card_admits_to_the_current_meeting_until_replaced(db: Path, tmp_path: Path) -> None:
    ctx = open_context(db)
    holder = people.resolve_person(ctx, "Анна Петрова")
    ctx.close()
    issued = ok(db, "invitations", "card", str(holder.id), "--out", str(tmp_path / "karte"))
    (card_file,) = (tmp_path / "karte").iterdir()
    (card_code,) = pdf_codes(card_file)
    record = code_record(db, card_code)
    assert (record["kind"], record["meeting_id"], record["person_id"]) == ("card", None, holder.id)
    assert card_file.name == f"karte-person-{holder.id}-{card_code}.pdf"  # no Latin letters in the name
    assert "Persönliche Karte für Анна Петрова" in issued.stdout
    kept = ok(db, "invitations", "card", str(holder.id))
    assert "hat schon eine persönliche Karte" in kept.stdout

    # The demo (today) is the current meeting; she is not invited to it, the card admits her anyway.
    assert run(db, "checkin", card_code).returncode == 0
    renewed = ok(db, "--lang", "en", "invitations", "card", str(holder.id), "--new")
    assert "New personal card for Анна Петрова" in renewed.stdout
    refused = run(db, "--lang", "en", "checkin", card_code, "--meeting", "2")
    assert refused.returncode == 4 and "replaced by a newer" in refused.stderr


# --- refusals ----------------------------------------------------------------------------------------


def refused(db: Path, *args: str) -> str:
    result = run(db, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_meeting_without_invitees_is_refused_and_writes_nothing(db: Path, tmp_path: Path) -> None:
    ok(db, "meeting", "add", "--title", "Leer", "--date", "2027-01-14")
    message = refused(db, "invitations", "make", "--meeting", "3", "--out", str(tmp_path / "out"))
    assert message.startswith("Fehler: Das Treffen 3 (Leer) hat keine Eingeladenen.")
    assert not (tmp_path / "out").exists()


def test_an_unwritable_folder_is_refused_without_stray_files_or_a_new_code(db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notizen.txt"
    blocker.write_text("eine Datei, kein Ordner")
    message = refused(db, "invitations", "make", "--meeting", "2", "--out", str(blocker / "einladungen"))
    assert message.startswith("Fehler: ") and str(blocker) in message
    codes = store_codes(db, 2)
    refused(db, "invitations", "reissue", "Anna Schmidt", "--meeting", "2", "--out", str(blocker / "x"))
    refused(db, "invitations", "card", "Anna Schmidt", "--out", str(blocker / "x"))
    assert store_codes(db, 2) == codes
    assert visible_files(tmp_path) == ["notizen.txt", "store"]
    assert blocker.read_text() == "eine Datei, kein Ordner"


def test_an_unknown_person_and_an_ambiguous_name_are_refused(db: Path) -> None:
    codes = store_codes(db, 2)
    assert (
        refused(db, "invitations", "reissue", "Niemand Sonst", "--meeting", "2")
        == "Fehler: Niemand heißt „Niemand Sonst“."
    )
    assert refused(db, "invitations", "card", "999") == "Fehler: Es gibt keine Person mit der Nummer 999."
    ambiguous = refused(db, "invitations", "reissue", "anna", "--meeting", "2")
    assert "passt auf mehrere Personen" in ambiguous and "bitte die Nummer angeben" in ambiguous
    english = refused(db, "--lang", "en", "invitations", "reissue", "Niemand Sonst")
    assert english.startswith("Error: ")
    assert store_codes(db, 2) == codes


def test_reissue_for_someone_not_invited_to_the_meeting_is_refused(db: Path) -> None:
    message = refused(db, "invitations", "reissue", "Anna Schmidt", "--meeting", "1")
    assert message == "Fehler: Anna Schmidt ist zum Treffen 1 (INTEGRA-Netzwerktreffen (Demo)) nicht eingeladen."
