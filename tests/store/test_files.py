"""Files that are not what they seem, and no stray copies: symlinks, outside writes, damaged lines, leftovers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import tinydb

from integra_tui.store.db import Store
from integra_tui.store.storage import StoreChangedOutsideError, StoreCorruptError, StoreError

DEAD_PID = 99_999_999


# -- stray copies ------------------------------------------------------------------------------
def test_open_removes_temporary_copies_of_dead_processes_only(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path).close()
    dead = [tmp_path / f".store.json.{DEAD_PID}.tmp", tmp_path / f".store.json.{DEAD_PID}.bak"]
    live_pid = os.getppid()  # the test runner's parent: certainly alive
    live = tmp_path / f".store.json.{live_pid}.tmp"
    other_store = tmp_path / f".other.json.{DEAD_PID}.tmp"
    for file in [*dead, live, other_store]:
        file.write_text('{"persons":{"1":{"name":"Geheimname"}}}')
    Store(path).close()
    assert [f.exists() for f in dead] == [False, False]
    assert live.exists() and other_store.exists()


def test_erase_history_removes_every_temporary_copy_and_leaves_main_and_a_same_backup(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Geheimname"})
    store.compact()
    store.insert("persons", {"name": "Noch ein Geheimname"})
    live = tmp_path / f".store.json.{os.getppid()}.tmp"  # left by a process that holds no lock: stray too
    live.write_bytes(path.read_bytes())
    store.update("persons", 1, {"name": "(vergessen)"})
    store.update("persons", 2, {"name": "(vergessen)"})
    store.erase_history()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.json", "store.json.bak", "store.json.lock"]
    assert (tmp_path / "store.json.bak").read_bytes() == path.read_bytes()
    for file in tmp_path.iterdir():
        assert b"Geheimname" not in file.read_bytes(), file
    store.close()


# -- symbolic links ----------------------------------------------------------------------------
def test_a_store_path_that_is_a_link_works_on_the_real_file_and_keeps_the_link(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    real = stick / "integra.json"
    link = tmp_path / "home" / "integra.json"
    link.parent.mkdir()
    link.symlink_to(real)
    store = Store(link)
    assert store.real_path == real and store.path == link
    assert store.display_path == f"{real} ← {link}"
    store.insert("persons", {"name": "Anna"})
    store.compact()
    store.insert("persons", {"name": "Ben"})
    store.close()
    assert link.is_symlink() and link.resolve() == real
    assert sorted(p.name for p in link.parent.iterdir()) == ["integra.json"]  # nothing beside the link
    assert {"integra.json", "integra.json.bak", "integra.json.lock"} <= {p.name for p in stick.iterdir()}
    with tinydb.TinyDB(real, encoding="utf-8") as stock:
        assert [d["name"] for d in stock.table("persons").all()] == ["Anna", "Ben"]
    plain = Store(tmp_path / "plain.json")
    assert plain.display_path == str(tmp_path / "plain.json")
    plain.close()


def test_a_link_to_a_folder_that_is_not_there_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    link = tmp_path / "integra.json"
    link.symlink_to(tmp_path / "usb" / "integra.json")
    with pytest.raises(StoreError) as caught:
        Store(link)
    assert "USB-Stick" in str(caught.value)
    assert not (tmp_path / "usb").exists()


@pytest.mark.parametrize("suffix", [".journal", ".lock"])
def test_a_link_planted_at_the_journal_or_lock_is_refused_and_its_target_untouched(tmp_path: Path, suffix) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    store.close()
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    os.chmod(victim, 0o644)
    planted = tmp_path / ("store.json" + suffix)
    planted.unlink(missing_ok=True)
    planted.symlink_to(victim)
    with pytest.raises(StoreError) as caught:
        store = Store(path)
        store.insert("persons", {"name": "Ben"})
    assert "symbolischer Verweis" in str(caught.value) and "store.json" + suffix in str(caught.value)
    assert victim.read_text() == "do not touch"
    assert oct(victim.stat().st_mode & 0o777) == oct(0o644)


def test_a_link_planted_at_the_temporary_name_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    (tmp_path / f".store.json.{os.getpid()}.tmp").symlink_to(victim)
    with pytest.raises(StoreError) as caught:
        store.compact()
    assert "symbolischer Verweis" in str(caught.value)
    assert victim.read_text() == "do not touch"
    assert store.get("persons", 1)["name"] == "Anna"  # the journal still holds the write
    (tmp_path / f".store.json.{os.getpid()}.tmp").unlink()
    (tmp_path / f".store.json.{os.getpid()}.bak").symlink_to(victim)
    with pytest.raises(StoreError):
        store.compact()
    assert victim.read_text() == "do not touch"
    (tmp_path / f".store.json.{os.getpid()}.bak").unlink()
    store.close()
    with tinydb.TinyDB(path) as stock:
        assert stock.table("persons").get(doc_id=1)["name"] == "Anna"


# -- another program writes the main file ----------------------------------------------------------
STOCK_WRITE = """
import sys, tinydb
with tinydb.TinyDB(sys.argv[1], encoding="utf-8") as db:
    db.table("persons").insert({"name": "von Hand eingetragen"})
"""


def _stock_write(path: Path) -> None:
    subprocess.run([sys.executable, "-c", STOCK_WRITE, str(path)], check=True)


def test_a_stock_tinydb_write_while_the_app_runs_is_kept_and_writing_stops(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    store.compact()
    store.insert("persons", {"name": "Ben"})  # in the journal only
    _stock_write(path)  # stock TinyDB knows nothing of Ben: its id 2 collides with Ben's
    outside = path.read_bytes()
    with pytest.raises(StoreChangedOutsideError) as caught:
        store.insert("persons", {"name": "Cem"})
    message = str(caught.value)
    copies = sorted(tmp_path.glob("store.json.app-*.json"))
    assert len(copies) == 1 and str(copies[0]) in message and str(path) in message
    assert "anderen Programm" in message and "store.json.journal" in message
    assert path.read_bytes() == outside  # never overwritten
    with tinydb.TinyDB(copies[0], encoding="utf-8") as stock:  # the app's version, complete
        assert [d["name"] for d in stock.table("persons").all()] == ["Anna", "Ben"]
    assert oct(copies[0].stat().st_mode & 0o777) == oct(0o600)
    assert [d["name"] for d in store.all("persons")] == ["Anna", "Ben"]  # reads go on, from the app's version
    assert store.outside_change == message
    with pytest.raises(StoreChangedOutsideError):
        store.erase_history()
    store.close()  # folds nothing in
    assert path.read_bytes() == outside and (tmp_path / "store.json.journal").exists()
    # A new instance refuses as well until the user decides...
    with pytest.raises(StoreChangedOutsideError):
        Store(path)
    # ...and the user keeps the app's version: copies it over the main file, opens again.
    copies[0].replace(path)
    with Store(path) as again:
        assert [d["name"] for d in again.all("persons")] == ["Anna", "Ben"]
        again.insert("persons", {"name": "Cem"})
    with tinydb.TinyDB(path, encoding="utf-8") as stock:
        assert [d["name"] for d in stock.table("persons").all()] == ["Anna", "Ben", "Cem"]


def test_keeping_the_other_programs_version_means_setting_copy_and_journal_aside(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    store.compact()
    store.insert("persons", {"name": "Ben"})
    _stock_write(path)
    with pytest.raises(StoreChangedOutsideError):
        store.insert("persons", {"name": "Cem"})
    store.close()
    [copy] = tmp_path.glob("store.json.app-*.json")
    aside = tmp_path / "aside"
    aside.mkdir()
    copy.rename(aside / copy.name)
    with pytest.raises(StoreChangedOutsideError):  # the journal would replay Ben over the other program's id 2
        Store(path)
    (tmp_path / "store.json.journal").rename(aside / "store.json.journal")
    with Store(path) as again:
        assert [d["name"] for d in again.all("persons")] == ["Anna", "von Hand eingetragen"]


def test_a_file_changed_while_no_app_had_pending_changes_is_simply_read(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    with Store(path) as store:
        store.insert("persons", {"name": "Anna"})
    _stock_write(path)
    with Store(path) as store:
        assert [d["name"] for d in store.all("persons")] == ["Anna", "von Hand eingetragen"]
        store.insert("persons", {"name": "Ben"})
    with tinydb.TinyDB(path, encoding="utf-8") as stock:
        assert [d["name"] for d in stock.table("persons").all()] == ["Anna", "von Hand eingetragen", "Ben"]


def test_another_instances_compaction_is_not_mistaken_for_an_outside_write(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    first = Store(path)
    first.insert("persons", {"name": "Anna"})
    compactor = (
        "import sys\nfrom integra_tui.store.db import Store\n"
        "s = Store(sys.argv[1]); s.insert('persons', {'name': 'Ben'}); s.compact(); s.close()"
    )
    for _ in range(3):
        subprocess.run([sys.executable, "-c", compactor, str(path)], check=True)
        first.insert("persons", {"name": "Cem"})
    assert first.outside_change is None
    assert [d["name"] for d in first.all("persons")] == ["Anna", "Ben", "Cem"] * 1 + ["Ben", "Cem"] * 2
    os.utime(path)  # touched, same bytes: not a change either
    first.insert("persons", {"name": "Dana"})
    first.close()
    assert not list(tmp_path.glob("*.app-*"))


# -- damaged journal lines ----------------------------------------------------------------------
def test_a_damaged_complete_last_line_is_refused_and_the_journal_kept(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    store.insert("persons", {"name": "Ben"})
    store.close(compact=False)
    journal = tmp_path / "store.json.journal"
    damaged = journal.read_bytes().replace(b'"Ben"', b'"Bxn"')  # the last line, newline and all
    journal.write_bytes(damaged)
    with pytest.raises(StoreCorruptError) as caught:
        Store(path)
    assert "Zeile 2" in str(caught.value) and "store.json.journal" in str(caught.value)
    assert journal.read_bytes() == damaged


def test_only_a_last_line_without_its_newline_is_a_torn_write(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    store.close(compact=False)
    journal = tmp_path / "store.json.journal"
    body = b'[["put","persons","2",{"name":"Ben"}]]'
    journal.write_bytes(journal.read_bytes() + b"%08x %s" % (zlib.crc32(body), body))  # no newline
    with Store(path) as again:
        assert [d["name"] for d in again.all("persons")] == ["Anna"]


# -- close policy -------------------------------------------------------------------------------
def _big_store(path: Path, people: int) -> None:
    with Store(path) as store:
        store.table("persons").insert_multiple({"name": f"Person {n}", "group": "Kommune"} for n in range(people))


def test_the_close_policy_folds_small_stores_and_large_journals_only(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "store.json"
    journal = tmp_path / "store.json.journal"
    _big_store(path, 10)
    with Store(path) as store:  # default close: the TUI's clean exit folds the journal in
        store.insert("checkins", {"person_id": 1})
    assert not journal.exists()
    store = Store(path)
    store.insert("checkins", {"person_id": 2})
    store.close(compact=None)  # a small store: rewriting costs nothing, so it is folded in
    assert not journal.exists()

    monkeypatch.setattr(Store(path)._storage.__class__, "fold_small_store_bytes", 1000)
    _big_store(path, 200)  # now the main file counts as big
    size = path.stat().st_size
    store = Store(path)
    store.insert("checkins", {"person_id": 3})  # a CLI check-in
    store.close(compact=None)
    assert journal.exists() and path.stat().st_size == size  # no rewrite for one record
    with Store(path) as store:
        assert store.count("checkins") == 3
        for n in range(200):  # the journal grows to a quarter of the main file...
            store.insert("checkins", {"person_id": n, "note": "x" * 20})
            if journal.stat().st_size >= size / 4:
                break
        store.close(compact=None)
    assert not journal.exists()  # ...and the next command's close folds it in
    store = Store(path)
    store.insert("checkins", {"person_id": 4})
    store.close(compact=False)
    assert journal.exists()
    with tinydb.TinyDB(path, encoding="utf-8") as stock:  # without the journal: the state before
        assert len(stock.table("checkins")) == len(Store(path).all("checkins")) - 1


# -- the file stays standard JSON ---------------------------------------------------------------
def test_the_main_file_is_standard_json_that_stock_tinydb_reads(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    names = ["Şengül Yılmaz", "Nguyễn Thị Hương", "Олена Коваль", "فاطمة", "ሰላም ተስፋይ", "אבי", "😀 Emoji"]
    with Store(path) as store:
        for name in names:
            store.insert("persons", {"name": name, "n": 10**20, "ratio": 0.5, "tags": ["a", {"b": None}]})
    json.loads(path.read_bytes().decode("utf-8"))  # standard JSON, UTF-8
    with tinydb.TinyDB(path, encoding="utf-8") as stock:
        docs = stock.table("persons").all()
    assert [d["name"] for d in docs] == names and docs[0]["n"] == 10**20


def test_close_without_arguments_follows_the_stores_close_policy(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "store.json"
    journal = tmp_path / "store.json.journal"
    from integra_tui.store.storage import JournaledStorage

    monkeypatch.setattr(JournaledStorage, "fold_small_store_bytes", 10)
    _big_store(path, 50)
    store = Store(path)
    store.close_policy = None  # what the CLI sets for a command
    store.insert("checkins", {"person_id": 1})
    store.close()
    assert journal.exists()
    store = Store(path)  # the TUI keeps the default: its clean exit folds the journal in
    assert store.close_policy is True
    store.close()
    assert not journal.exists()
