"""Tables are parsed when first used: one check-in on a big store reads the tables it needs, and nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

import tinydb

from integra_tui.store.db import Store


def _big(path: Path) -> None:
    tables = {
        "meta": {"1": {"schema_version": 1}},
        "persons": {str(n): {"name": f"Person {n}", "languages": ["Deutsch"]} for n in range(1, 301)},
        "codes": {str(n): {"code": f"C{n}", "person_id": n} for n in range(1, 301)},
        "agenda_items": {"1": {"title": "Begrüßung ‮ّ"}},
    }
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")


def test_one_person_is_read_without_parsing_every_table(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    _big(path)
    store = Store(path)
    try:
        assert store.get("persons", 7) == {"name": "Person 7", "languages": ["Deutsch"], "id": 7}
        assert store.get("persons", 999) is None
        assert store.find_one("codes", "code", "C9") == {"code": "C9", "person_id": 9, "id": 9}
        unread = store._storage._data.unread()  # type: ignore[attr-defined]
        assert "persons" in unread and "agenda_items" in unread and "codes" not in unread
        assert store.insert("persons", {"name": "Amal Haddad"}) == 301  # the next id, though it was unread
    finally:
        store.close(compact=True)
    back = tinydb.TinyDB(path, encoding="utf-8")
    assert back.table("persons").get(doc_id=301) == {"name": "Amal Haddad"}
    assert back.table("agenda_items").get(doc_id=1) == {"title": "Begrüßung ‮ّ"}
    assert len(back.table("codes")) == 300
    back.close()


def test_a_table_left_unread_is_written_back_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    _big(path)
    before = json.loads(path.read_text(encoding="utf-8"))
    store = Store(path)
    store.insert("checkins", {"person_id": 1})
    store.close(compact=True)
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after.pop("checkins") == {"1": {"person_id": 1}}
    assert after == before


def test_a_damaged_table_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text('{"meta": {"1": {"schema_version": 1}}, "persons": [1, 2]}', encoding="utf-8")
    try:
        Store(path)
    except Exception as error:  # noqa: BLE001 - the store's own error, with its message
        assert "beschädigt" in str(error) or "damaged" in str(error)
    else:
        raise AssertionError("a table that is not an object must be refused at open")
