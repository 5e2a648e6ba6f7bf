"""Transactions are all-or-nothing: one journal line when they succeed, nothing at all when they fail."""

from __future__ import annotations

import errno
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
import tinydb

from integra_tui.store import storage as storage_module
from integra_tui.store.db import Store
from integra_tui.store.storage import StoreCorruptError, StoreError


class Interrupted(Exception):
    pass


def _journal_lines(path: Path) -> list[bytes]:
    journal = path.with_name(path.name + ".journal")
    return journal.read_bytes().splitlines() if journal.exists() else []


def _seed(path: Path) -> Store:
    store = Store(path)
    store.insert("persons", {"name": "Jürgen Müller"})
    store.insert("codes", {"person_id": 1, "status": "active"})
    store.insert("captures", {"text": "Jürgen Müller berichtet"})
    return store


def test_a_transaction_is_one_journal_line_and_reads_its_own_writes(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = _seed(path)
    before = len(_journal_lines(path))
    other = Store(path)
    with store.transaction():
        store.update("persons", 1, {"name": "(vergessen)", "forgotten": True})
        assert store.get("persons", 1)["name"] == "(vergessen)"  # the block sees its own write
        assert store.find("persons", "forgotten", True)[0]["id"] == 1  # and so do the indexes
        store.update("codes", 1, {"status": "revoked"})
        store.table("captures").update({"text": "(entfernt)"}, doc_ids=[1])
        new_id = store.insert("speaker_events", {"kind": "scrubbed"})
    assert len(_journal_lines(path)) == before + 1
    assert other.get("persons", 1)["name"] == "(vergessen)"
    assert other.get("codes", 1)["status"] == "revoked"
    assert other.get("captures", 1)["text"] == "(entfernt)"
    assert other.get("speaker_events", new_id) == {"kind": "scrubbed", "id": new_id}
    other.close()
    store.close()


def test_an_exception_in_the_block_writes_nothing_and_restores_memory(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = _seed(path)
    assert store.find("codes", "status", "active")  # an index exists before the block
    journal_before = _journal_lines(path)
    generation = store.generation
    with pytest.raises(Interrupted):
        with store.transaction():
            store.update("persons", 1, {"name": "(vergessen)"})
            store.remove("captures", 1)
            store.update("codes", 1, {"status": "revoked"})
            store.insert("persons", {"name": "Neu"})
            store.table("speaker_events").truncate()
            raise Interrupted
    assert _journal_lines(path) == journal_before
    assert store.generation == generation
    assert [p["name"] for p in store.all("persons")] == ["Jürgen Müller"]
    assert store.get("captures", 1)["text"] == "Jürgen Müller berichtet"
    assert [c["id"] for c in store.find("codes", "status", "active")] == [1]
    assert store.find("codes", "status", "revoked") == []
    assert "speaker_events" not in store.table("x").storage.read()
    # Another process never saw any of it.
    with Store(path) as other:
        assert [p["name"] for p in other.all("persons")] == ["Jürgen Müller"]
        assert other.count("captures") == 1
    store.close()


def test_a_failed_nested_block_undoes_only_its_own_writes(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = _seed(path)
    with store.transaction():
        store.update("persons", 1, {"group": "Kommune"})
        with pytest.raises(Interrupted):
            with store.transaction():
                store.update("persons", 1, {"name": "halb"})
                store.insert("persons", {"name": "Geist"})
                raise Interrupted
        assert store.get("persons", 1)["name"] == "Jürgen Müller"
        store.insert("persons", {"name": "Anna"})
    with Store(path) as other:
        assert [(p["name"], p.get("group")) for p in other.all("persons")] == [
            ("Jürgen Müller", "Kommune"),
            ("Anna", None),
        ]
    store.close()


def test_a_failed_fsync_at_commit_raises_and_leaves_memory_as_before(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "store.json"
    store = _seed(path)
    journal_before = _journal_lines(path)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module, "_fdatasync", disk_full)
    with pytest.raises(StoreError) as caught:
        with store.transaction():
            store.update("persons", 1, {"name": "(vergessen)"})
            store.update("codes", 1, {"status": "revoked"})
    monkeypatch.undo()
    assert "Nicht gespeichert" in str(caught.value)
    assert _journal_lines(path) == journal_before
    assert store.get("persons", 1)["name"] == "Jürgen Müller"
    assert store.get("codes", 1)["status"] == "active"
    store.update("codes", 1, {"status": "revoked"})  # the store goes on working
    assert Store(path).get("codes", 1)["status"] == "revoked"
    store.close()


def test_ids_of_a_rolled_back_transaction_are_never_given_twice_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = _seed(path)
    with pytest.raises(Interrupted):
        with store.transaction():
            skipped = store.insert("persons", {"name": "nie gespeichert"})
            raise Interrupted
    writer = textwrap.dedent(
        """
        import sys
        from integra_tui.store.db import Store
        with Store(sys.argv[1]) as store:
            print(store.insert("persons", {"name": "anderer Prozess"}))
        """
    )
    other_id = int(subprocess.run([sys.executable, "-c", writer, str(path)], capture_output=True, text=True).stdout)
    mine = store.insert("persons", {"name": "hier"})
    assert len({other_id, mine}) == 2 and mine != other_id
    assert mine >= skipped
    store.close()
    with tinydb.TinyDB(path) as stock:
        names = sorted(d["name"] for d in stock.table("persons").all())
    assert names == ["Jürgen Müller", "anderer Prozess", "hier"]


def test_compaction_asked_for_inside_a_transaction_waits_for_its_commit(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = _seed(path)
    with pytest.raises(Interrupted):
        with store.transaction():
            store.update("persons", 1, {"name": "(vergessen)"})
            store.erase_history()
            raise Interrupted
    assert b"(vergessen)" not in path.read_bytes()  # nothing uncommitted reached the main file
    with store.transaction():
        store.update("persons", 1, {"name": "(vergessen)"})
        store.erase_history()
        assert _journal_lines(path)  # not yet: the line is written first
    assert not path.with_name("store.json.journal").exists()
    assert b'"name":"(vergessen)"' in path.read_bytes()
    assert path.with_name("store.json.bak").read_bytes() == path.read_bytes()  # no older copy kept
    store.close()


def test_a_complete_journal_line_is_applied_whole_or_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = _seed(path)
    store.close(compact=False)
    journal = path.with_name("store.json.journal")
    # A line with a valid CRC whose second operation is malformed: nothing of it may be applied.
    body = b'[["put","persons","1",{"name":"halb"}],["put","persons",7]]'
    journal.write_bytes(journal.read_bytes() + b"%08x %s\n" % (zlib.crc32(body), body))
    before = journal.read_bytes()
    with pytest.raises(StoreCorruptError) as caught:
        Store(path)
    assert "beschädigt" in str(caught.value) and "store.json.journal" in str(caught.value)
    assert journal.read_bytes() == before


@pytest.mark.parametrize(
    "body",
    [b"{}", b"[1]", b'[["frobnicate","persons"]]', b'[["del","persons",1]]', b'[["put","persons","1",[]]]', b"[[]]"],
)
def test_a_valid_crc_with_a_malformed_operation_is_a_clear_refusal(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "store.json"
    Store(path).close()
    journal = path.with_name("store.json.journal")
    journal.write_bytes(b"%08x %s\n" % (zlib.crc32(body), body))
    with pytest.raises(StoreCorruptError) as caught:
        Store(path)
    assert "Zeile 1" in str(caught.value)
    assert journal.read_bytes() == b"%08x %s\n" % (zlib.crc32(body), body)
