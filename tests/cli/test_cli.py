"""The command line as a coordinator uses it: real processes, a real store file, exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import tinydb


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTEGRA_DB": str(tmp_path / "store.json")}
    env.pop("INTEGRA_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "integra_tui", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_meeting_add_prints_the_id_and_list_shows_counts(tmp_path: Path) -> None:
    added = run(
        tmp_path,
        "meeting",
        "add",
        "--title",
        "INTEGRA Netzwerktreffen",
        "--date",
        "2027-02-25",
        "--time",
        "17:00",
        "--place",
        "MGH",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "1"
    listing = run(tmp_path, "meeting", "list")
    assert "25.02.2027 17:00  INTEGRA Netzwerktreffen  (0 eingeladen, 0 anwesend)" in listing.stdout
    english = run(tmp_path, "meeting", "list", "--lang", "en")
    assert "(0 invited, 0 present)" in english.stdout


def test_a_refused_action_exits_1_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = run(tmp_path, "meeting", "add", "--title", "X", "--date", "31.02.2027")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Fehler: Unbekanntes Datum: 31.02.2027 (erwartet z. B. 2026-11-27 oder 27.11.2026)"
    ]
    english = run(tmp_path, "--lang", "en", "meeting", "add", "--title", "X", "--date", "soon")
    assert english.stderr.strip().startswith("Error: Unknown date: soon")
    assert "Traceback" not in result.stderr + english.stderr


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    assert run(tmp_path, "meeting", "frobnicate").returncode == 2
    assert run(tmp_path, "meeting", "add", "--date", "2027-01-01").returncode == 2


def test_db_option_beats_the_environment(tmp_path: Path) -> None:
    other = tmp_path / "other" / "elsewhere.json"
    assert run(tmp_path, "meeting", "add", "--title", "A", "--date", "2027-01-01", "--db", str(other)).returncode == 0
    with tinydb.TinyDB(other) as stock:
        assert stock.table("meetings").all()[0]["title"] == "A"
    assert not (tmp_path / "store.json").exists()


def test_import_reports_bad_rows_and_adds_nobody_twice(tmp_path: Path) -> None:
    run(tmp_path, "meeting", "add", "--title", "A", "--date", "2027-01-01")
    csv_file = tmp_path / "liste.csv"
    csv_file.write_bytes(
        "Vorname;Nachname;Gruppe\nJürgen;Müller;Kommune\n;;Landkreis\nОлена;Коваль;Ehrenamtlich\n".encode("utf-8-sig")
    )
    first = run(tmp_path, "import", "invitees", str(csv_file))
    assert first.returncode == 0, first.stderr
    assert "2 neue Personen" in first.stdout and "2 eingeladen" in first.stdout
    assert "Zeile 3" in first.stderr
    again = run(tmp_path, "import", "invitees", str(csv_file))
    assert "0 neue Personen, 2 schon bekannt; 0 eingeladen, 2 waren schon eingeladen." in again.stdout
    with tinydb.TinyDB(tmp_path / "store.json") as stock:
        assert sorted(p["name"] for p in stock.table("persons").all()) == ["Jürgen Müller", "Олена Коваль"]


def test_import_of_something_that_is_not_a_table_changes_nothing(tmp_path: Path) -> None:
    run(tmp_path, "meeting", "add", "--title", "A", "--date", "2027-01-01")
    before = (tmp_path / "store.json").read_bytes()
    picture = tmp_path / "foto.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    result = run(tmp_path, "import", "invitees", str(picture))
    assert result.returncode == 1
    assert "foto.png" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "store.json").read_bytes() == before


def test_demo_creates_the_meeting_once_and_refreshes_it(tmp_path: Path) -> None:
    first = run(tmp_path, "demo", "--no-open")
    assert first.returncode == 0, first.stderr
    assert "40 Eingeladene" in first.stdout
    second = run(tmp_path, "demo", "--no-open")
    assert second.returncode == 0
    with tinydb.TinyDB(tmp_path / "store.json") as stock:
        assert len(stock.table("meetings")) == 1
        assert len(stock.table("persons")) == 40
        assert len(stock.table("invitees")) == 40
        assert len(stock.table("agenda_items")) == 7


def test_a_corrupt_store_stops_the_cli_with_the_file_named(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    store.write_text("{ this is not json")
    result = run(tmp_path, "meeting", "list")
    assert result.returncode == 1
    assert str(store) in result.stderr and "beschädigt" in result.stderr
    assert store.read_text() == "{ this is not json"


def test_usage_errors_come_in_the_users_language(tmp_path: Path) -> None:
    german = run(tmp_path, "meeting", "add", "--date", "2027-01-01")
    assert german.returncode == 2
    assert german.stderr.startswith("Aufruf: integra-tui meeting add")
    assert "Fehler: diese Angaben fehlen: --title" in german.stderr
    english = run(tmp_path, "--lang", "en", "meeting", "add", "--date", "2027-01-01")
    assert "error: the following arguments are required: --title" in english.stderr


def test_settings_organiser_is_stored_and_printed_on_the_papers(tmp_path: Path) -> None:
    empty = run(tmp_path, "settings", "show")
    assert empty.returncode == 0 and "Veranstalter: –" in empty.stdout
    changed = run(
        tmp_path, "settings", "organiser", "--name", "Mehrgenerationenhaus Lindenfeld", "--address",
        "Marktstraße 5, 12345 Lindenfeld", "--signatory", "Katrin Vogel, Koordination",
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "Gespeichert." in changed.stdout and "Anschrift: Marktstraße 5, 12345 Lindenfeld" in changed.stdout
    shown = run(tmp_path, "settings", "show").stdout
    assert "Veranstalter: Mehrgenerationenhaus Lindenfeld" in shown and "Kontakt für Datenschutzfragen: –" in shown
    too_long = run(tmp_path, "settings", "organiser", "--contact", "x" * 300)
    assert too_long.returncode == 1 and too_long.stderr.startswith("Fehler: Kontakt für Datenschutzfragen ist zu lang")


def test_output_into_a_closed_pipe_ends_quietly_and_keeps_the_work(tmp_path: Path) -> None:
    # `integra-tui … | head`: the reader is gone before the command prints (here: before it starts).
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "INTEGRA_DB": str(tmp_path / "store.json")}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "integra_tui", "demo", "--no-open"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr
    assert done.returncode == 0
    with tinydb.TinyDB(tmp_path / "store.json") as stock:
        assert len(stock.table("invitees")) == 40
