"""The store loses nothing: real files, real processes, SIGKILL, concurrent writers, corrupt files."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tinydb

from integra_tui.store.db import Store
from integra_tui.store.storage import SCHEMA_VERSION, StoreCorruptError, StoreTooNewError

WRITER = textwrap.dedent(
    """
    import sys
    from integra_tui.store.db import Store
    store = Store(sys.argv[1])
    tag, count = sys.argv[2], int(sys.argv[3])
    for n in range(count):
        doc_id = store.insert("checkins", {"tag": tag, "n": n, "name": "Şengül Müller"})
        print(doc_id, n, flush=True)
    store.close()
    """
)


def _spawn_writer(path: Path, tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), tag, str(count)], stdout=subprocess.PIPE, text=True
    )


def test_a_closed_store_is_a_plain_tinydb_file(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    with Store(path) as store:
        store.insert("persons", {"name": "فاطمة الزهراء", "group": "Zugewandert"})
        store.insert("persons", {"name": "Олена Коваль"})
        store.update("persons", 1, {"group": "Ehrenamtlich"})
    assert not (tmp_path / "store.json.journal").exists()
    with tinydb.TinyDB(path) as stock:
        names = [doc["name"] for doc in stock.table("persons").all()]
        assert names == ["فاطمة الزهراء", "Олена Коваль"]
        assert stock.table("persons").get(doc_id=1)["group"] == "Ehrenamtlich"
        assert stock.table("meta").get(doc_id=1)["schema_version"] == SCHEMA_VERSION


def test_sigkill_during_a_burst_keeps_every_returned_write(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path).close()
    writer = _spawn_writer(path, "burst", 100_000)
    confirmed = []
    assert writer.stdout is not None
    for line in writer.stdout:
        confirmed.append(tuple(int(x) for x in line.split()))
        if len(confirmed) == 300:
            writer.send_signal(signal.SIGKILL)
            break
    writer.wait()
    assert writer.returncode == -signal.SIGKILL
    # The killed process left a journal behind; a new process reads it whole.
    assert (tmp_path / "store.json.journal").exists()
    with Store(path) as store:
        stored = {doc["id"]: doc["n"] for doc in store.all("checkins")}
    for doc_id, n in confirmed:
        assert stored[doc_id] == n
    with tinydb.TinyDB(path) as stock:
        assert len(stock.table("checkins")) == len(stored) >= 300


def test_four_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    Store(path).close()
    writers = [_spawn_writer(path, f"w{i}", 200) for i in range(4)]
    outputs = [w.communicate()[0] for w in writers]
    assert all(w.returncode == 0 for w in writers)
    returned_ids = [int(line.split()[0]) for out in outputs for line in out.splitlines()]
    assert len(returned_ids) == len(set(returned_ids)) == 800
    with tinydb.TinyDB(path) as stock:
        docs = stock.table("checkins").all()
    assert len(docs) == 800
    for i in range(4):
        assert sorted(d["n"] for d in docs if d["tag"] == f"w{i}") == list(range(200))


def test_a_second_instance_sees_the_first_ones_writes(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    first, second = Store(path), Store(path)
    first.insert("checkins", {"person_id": 7})
    assert second.find("checkins", "person_id", 7)
    second.insert("checkins", {"person_id": 8})
    assert [d["person_id"] for d in first.all("checkins")] == [7, 8]
    generation = first.generation
    second.update("checkins", 1, {"person_id": 9})
    assert first.refresh() != generation
    assert first.find("checkins", "person_id", 7) == []
    assert first.find_one("checkins", "person_id", 9)["id"] == 1
    second.close()  # compacts: the first instance must reload the new main file
    first.insert("checkins", {"person_id": 10})
    assert [d["person_id"] for d in first.all("checkins")] == [9, 8, 10]
    first.close()


def test_may_have_changed_says_when_a_refresh_would_find_another_instances_writes(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    first, second = Store(path), Store(path)
    first.insert("checkins", {"person_id": 7})
    second.refresh()
    assert not second.may_have_changed()  # as last read: the app's poll starts no worker
    first.insert("checkins", {"person_id": 8})
    assert second.may_have_changed()  # the journal grew
    second.refresh()
    assert not second.may_have_changed()
    second.insert("checkins", {"person_id": 9})
    assert not second.may_have_changed()  # its own write is read already (its generation says it changed)
    first.close()  # folds the journal into a new main file
    assert second.may_have_changed()
    assert [d["person_id"] for d in second.all("checkins")] == [7, 8, 9]
    assert not second.may_have_changed()
    second.close()
    assert not second.may_have_changed()  # a closed store has nothing to look for


def test_a_corrupt_store_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    with Store(path) as store:
        store.insert("persons", {"name": "Anna"})
    with Store(path) as store:  # a second session makes a backup of the first one's file
        store.insert("persons", {"name": "Ben"})
    damaged = path.read_bytes()[:-7] + b"\x00garbage"
    path.write_bytes(damaged)
    with pytest.raises(StoreCorruptError) as caught:
        Store(path)
    message = str(caught.value)
    assert str(path) in message and "store.json.bak" in message
    assert path.read_bytes() == damaged
    backup = json.loads((tmp_path / "store.json.bak").read_text())
    assert [d["name"] for d in backup["persons"].values()] == ["Anna"]


def test_a_torn_journal_line_is_dropped_and_later_writes_go_on(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    journal = tmp_path / "store.json.journal"
    with open(journal, "ab") as handle:
        handle.write(b'1234abcd [["put","persons","2",{"na')  # a write cut off by power loss
    other = Store(path)
    assert [d["name"] for d in other.all("persons")] == ["Anna"]
    other.insert("persons", {"name": "Ben"})
    assert [d["name"] for d in store.all("persons")] == ["Anna", "Ben"]
    other.close()
    store.close()
    with tinydb.TinyDB(path) as stock:
        assert [d["name"] for d in stock.table("persons").all()] == ["Anna", "Ben"]


def test_damage_in_the_middle_of_the_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    # Three good journal lines, then the middle one damaged on disk.
    store = Store(path)
    for n in range(3):
        store.insert("persons", {"n": n})
    journal = tmp_path / "store.json.journal"
    lines = journal.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b'"n":1', b'"n":7')
    journal.write_bytes(b"\n".join(lines))
    os.close(store._storage._lock_fd)  # simulate the process dying without closing
    with pytest.raises(StoreCorruptError):
        Store(path)


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text(json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}}))
    before = path.read_bytes()
    with pytest.raises(StoreTooNewError) as caught:
        Store(path)
    assert "neueren Version" in str(caught.value)
    assert path.read_bytes() == before


def test_store_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "private" / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    files = [path, tmp_path / "private" / "store.json.journal", tmp_path / "private" / "store.json.lock"]
    store.compact()
    store.insert("persons", {"name": "Ben"})
    files.append(tmp_path / "private" / "store.json.bak")
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    store.close()


def test_an_interrupted_compaction_replays_to_the_same_state(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    for n in range(5):
        store.insert("persons", {"n": n})
    store.update("persons", 2, {"n": 20})
    store.remove("persons", 3)
    journal_bytes = (tmp_path / "store.json.journal").read_bytes()
    store.close()
    # Crash after the new main file replaced the old one but before the journal was removed.
    (tmp_path / "store.json.journal").write_bytes(journal_bytes)
    with Store(path) as again:
        assert [(d["id"], d["n"]) for d in again.all("persons")] == [(1, 0), (2, 20), (4, 3), (5, 4)]
        assert again.insert("persons", {"n": 6}) == 6


def test_erase_history_leaves_no_older_copy_in_journal_or_backup(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Geheimname"})
    store.compact()
    store.update("persons", 1, {"name": "(gelöscht)"})
    store.compact()
    assert b"Geheimname" in (tmp_path / "store.json.bak").read_bytes()  # an ordinary backup keeps the old file
    store.insert("persons", {"name": "Zweiter Geheimname"})
    store.update("persons", 2, {"name": "(gelöscht)"})
    store.erase_history()
    for file in tmp_path.iterdir():
        assert b"Geheimname" not in file.read_bytes(), file
    store.close()


def test_a_failed_write_is_reported_not_acknowledged_and_leaves_no_trace(tmp_path: Path, monkeypatch) -> None:
    import errno

    from integra_tui.store import storage as storage_module
    from integra_tui.store.storage import StoreError

    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("checkins", {"n": 1})

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module, "_fdatasync", disk_full)
    with pytest.raises(StoreError) as caught:
        store.insert("checkins", {"n": 2})
    assert "Nicht gespeichert" in str(caught.value) and "No space left" in str(caught.value)
    monkeypatch.undo()
    assert [d["n"] for d in store.all("checkins")] == [1]
    other = Store(path)  # another process never sees the write that was refused
    assert [d["n"] for d in other.all("checkins")] == [1]
    store.insert("checkins", {"n": 3})  # the store goes on working (an id may be skipped)
    assert [d["n"] for d in other.all("checkins")] == [1, 3]
    other.close()
    store.close()
