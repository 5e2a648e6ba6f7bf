"""Every TinyDB operation behaves on our storage as on stock TinyDB's JSONStorage (TinyDB's test style).

Each case runs twice: on ``tinydb.TinyDB(path)`` (JSONStorage) and on a :class:`Store`'s TinyDB.
The expected values are what stock TinyDB does; the last case also compares the files themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest
import tinydb
from tinydb import Query, where
from tinydb.table import Document

from integra_tui.store.db import Store

Item = Query()


@pytest.fixture(params=["json", "journaled"])
def db(request, tmp_path: Path) -> Iterator[tinydb.TinyDB]:
    if request.param == "json":
        database = tinydb.TinyDB(tmp_path / "stock.json", encoding="utf-8")
        yield database
        database.close()
    else:
        store = Store(tmp_path / "ours.json")
        database = store._db
        database.drop_tables()  # start empty, as a fresh JSONStorage file does
        yield database
        store.close()


def _reopen_tables(db: tinydb.TinyDB) -> dict:
    """What a fresh stock TinyDB reads from the file (after the journal is folded in)."""
    path = Path(db.storage._handle.name) if hasattr(db.storage, "_handle") else db.storage.path
    if not hasattr(db.storage, "_handle"):
        db.storage.compact()
    else:
        db.storage.flush() if hasattr(db.storage, "flush") else None
    return json.loads(path.read_text(encoding="utf-8"))


def test_insert_and_document_ids(db) -> None:
    table = db.table("t")
    assert table.insert({"a": 1}) == 1
    assert table.insert({"a": 2}) == 2
    assert table.insert(Document({"a": 10}, doc_id=10)) == 10
    assert table.insert({"a": 11}) == 11
    with pytest.raises(ValueError):
        table.insert(Document({"a": 0}, doc_id=2))
    with pytest.raises(ValueError):
        table.insert([1, 2])  # type: ignore[arg-type]
    assert [d.doc_id for d in table.all()] == [1, 2, 10, 11]
    table.remove(doc_ids=[11])
    # Stock TinyDB may hand out 11 again here (its id counter resets after a failed Document insert);
    # ours never gives an id twice while the process runs. Both give one above every id in use.
    assert table.insert({"a": 12}) > 10


def test_insert_multiple(db) -> None:
    table = db.table("t")
    assert table.insert_multiple([{"a": 1}, {"a": 2}, Document({"a": 5}, doc_id=5)]) == [1, 2, 5]
    # Fresh ids, colliding with none in use (stock fills the gap below 5, ours continues above it).
    assert set(table.insert_multiple(({"a": n} for n in range(2)))).isdisjoint({1, 2, 5})
    with pytest.raises(ValueError):
        table.insert_multiple([{"a": 1}, Document({"a": 1}, doc_id=1)])
    assert len(table) == 5


def test_update_with_fields_callable_condition_and_ids(db) -> None:
    table = db.table("t")
    table.insert_multiple([{"a": 1, "n": [1]}, {"a": 2}, {"a": 3}])
    assert table.update({"b": True}, Item.a >= 2) == [2, 3]
    assert table.update({"c": 1}, doc_ids=[1, 99]) == [1]

    def grow(doc: dict) -> None:
        doc["n"] = doc.get("n", []) + [9]

    assert table.update(grow, doc_ids=[1]) == [1]
    assert table.get(doc_id=1) == {"a": 1, "n": [1, 9], "c": 1}
    assert table.update({"all": 1}) == [1, 2, 3]
    assert table.update_multiple([({"m": "x"}, Item.a == 1), ({"m": "y"}, Item.a == 3)]) == [1, 3]
    assert [d.get("m") for d in table.all()] == ["x", None, "y"]
    assert table.search(Item.b == True) == [{"a": 2, "b": True, "all": 1}, {"a": 3, "b": True, "all": 1, "m": "y"}]  # noqa: E712


def test_upsert(db) -> None:
    table = db.table("t")
    table.insert({"name": "Anna", "n": 1})
    assert table.upsert({"name": "Anna", "n": 2}, Item.name == "Anna") == [1]
    assert table.upsert({"name": "Ben", "n": 1}, Item.name == "Ben") == [2]
    assert table.upsert(Document({"name": "Cem"}, doc_id=7)) == [7]
    assert table.upsert(Document({"n": 3}, doc_id=7)) == [7]
    with pytest.raises(ValueError):
        table.upsert({"name": "Dana"})
    assert table.get(doc_id=7) == {"name": "Cem", "n": 3}
    assert [d["n"] for d in table.all()] == [2, 1, 3]


def test_remove_and_truncate(db) -> None:
    table = db.table("t")
    table.insert_multiple([{"a": n} for n in range(5)])
    assert table.remove(Item.a < 2) == [1, 2]
    assert table.remove(doc_ids=[3, 42]) == [3]
    with pytest.raises(RuntimeError):
        table.remove()
    assert [d.doc_id for d in table] == [4, 5]
    table.truncate()
    assert len(table) == 0 and "t" in db.tables()  # the empty table stays in the file
    assert table.insert({"a": 9}) == 1  # ids start again


def test_search_get_contains_count(db) -> None:
    table = db.table("t")
    table.insert_multiple([{"a": 1, "g": "x"}, {"a": 2, "g": "y"}, {"a": 3, "g": "x"}])
    assert [d["a"] for d in table.search(where("g") == "x")] == [1, 3]
    assert table.get(Item.a == 2).doc_id == 2
    assert table.get(doc_id=3) == {"a": 3, "g": "x"} and table.get(doc_id=99) is None
    assert [d["a"] for d in table.get(doc_ids=[1, 3])] == [1, 3]
    assert table.contains(Item.g == "y") and table.contains(doc_id=1) and not table.contains(doc_id=9)
    assert table.count(Item.g == "x") == 2 and len(table) == 3
    assert len(db.table("nothing")) == 0 and db.table("nothing").all() == []


def test_drop_table_drop_tables_and_persist_empty(db) -> None:
    db.table("a").insert({"x": 1})
    db.table("b").insert({"x": 2})
    db.table("kept", persist_empty=True)
    db.table("not_kept")
    assert db.tables() == {"a", "b", "kept"}
    db.drop_table("a")
    db.drop_table("never_there")
    assert db.tables() == {"b", "kept"}
    assert db.table("a").all() == []
    db.drop_tables()
    assert db.tables() == set()
    assert db.table("b").insert({"x": 3}) == 1


def test_the_default_table_and_the_files_match(db, tmp_path: Path) -> None:
    db.insert({"n": 1})
    db.table("people").insert_multiple([{"name": "Şengül"}, {"name": "Олена"}])
    db.table("people").update({"group": "Kommune"}, doc_ids=[2])
    db.table("empty", persist_empty=True)
    db.table("gone").insert({"x": 1})
    db.table("gone").truncate()
    assert len(db) == 1 and db.all() == [{"n": 1}]
    expected = {
        "_default": {"1": {"n": 1}},
        "people": {"1": {"name": "Şengül"}, "2": {"name": "Олена", "group": "Kommune"}},
        "empty": {},
        "gone": {},
    }
    assert _reopen_tables(db) == expected
