"""Tables are parsed when first used: one check-in on a big store reads the tables it needs, and nothing is lost."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import tinydb

from integra_tui.store import storage
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


# -- a big table still unread answers its first lookups from its bytes ------------------------------


def _tricky_tables(rng: random.Random) -> dict[str, dict[str, dict]]:
    """Codes and persons with decoys: nested objects keyed like documents, JSON inside texts, escapes."""
    codes: dict[str, dict] = {}
    persons: dict[str, dict] = {}
    for n in range(1, 401):
        code = f"C{rng.randrange(60)}"  # shared by several documents now and then
        doc: dict = {"code": code, "person_id": n}
        shape = rng.randrange(6)
        if shape == 0:
            doc["extra"] = {str(rng.randrange(1, 401)): {"code": f"C{rng.randrange(60)}"}}  # nested, keyed like a doc
        elif shape == 1:
            doc["note"] = 'Ö {"%d": {"code": "C%d"}}, "x\\"' % (rng.randrange(400), rng.randrange(60))
        elif shape == 2:
            doc["old"] = [f"C{rng.randrange(60)}", {"code": f"C{rng.randrange(60)}"}]
        elif shape == 3:
            doc["code"] = {"code": code}  # not a text: never equal to one
        codes[str(n)] = doc
        persons[str(n)] = {"name": f'Person {n} "Ö" {{}}', "more": {str(n + 1): {"name": "decoy"}}}
    return {"meta": {"1": {"schema_version": 1}}, "codes": codes, "persons": persons}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("writer", ["store", "json-ascii", "json-spaced"])
def test_lookups_from_the_bytes_find_exactly_what_the_parsed_table_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, writer: str
) -> None:
    monkeypatch.setattr(storage, "_SMALL_TABLE_BYTES", 100)  # every table here counts as big
    monkeypatch.setattr(storage, "_PICKS_BEFORE_PARSE", 10_000)
    tables = _tricky_tables(random.Random(seed))
    path = tmp_path / "store.json"
    if writer == "store":  # written by the app itself (msgspec)
        store = Store(path)
        with store._storage.transaction():
            store._storage.commit([["put", name, i, doc] for name, docs in tables.items() for i, doc in docs.items()])
        store.close(compact=True)
    elif writer == "json-ascii":  # stock TinyDB's way: every non-ASCII letter escaped
        path.write_text(json.dumps(tables), encoding="utf-8")
    else:
        path.write_text(json.dumps(tables, ensure_ascii=False, indent=2), encoding="utf-8")
    store = Store(path)
    try:

        def expect(value: object) -> list[dict]:
            return [{**doc, "id": int(i)} for i, doc in tables["codes"].items() if doc.get("code") == value]

        for value in [f"C{n}" for n in range(62)] + ["Person 3"]:
            assert store.find("codes", "code", value) == expect(value), value
        for person_id in (1, 2, 200, 400, 401, 0):
            doc = tables["persons"].get(str(person_id))
            assert store.get("persons", person_id) == (None if doc is None else {**doc, "id": person_id})
        unread = store._storage._data.unread()  # type: ignore[attr-defined]
        assert "persons" in unread
        assert ("codes" in unread) is (writer != "json-ascii")  # escapes elsewhere in the table: it is parsed
        for value in ["", "C1\\", 7, None]:  # not plain text: the parsed table answers
            assert store.find("codes", "code", value) == expect(value), value
    finally:
        store.close(compact=False)


def test_a_long_running_app_parses_and_indexes_a_table_after_a_few_lookups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "_SMALL_TABLE_BYTES", 100)
    path = tmp_path / "store.json"
    _big(path)
    store = Store(path)
    try:
        for n in range(1, storage._PICKS_BEFORE_PARSE + 1):
            assert store.find_one("codes", "code", f"C{n}") == {"code": f"C{n}", "person_id": n, "id": n}
            assert "codes" in store._storage._data.unread()  # type: ignore[attr-defined]
        assert store.find_one("codes", "code", "C299") == {"code": "C299", "person_id": 299, "id": 299}
        assert "codes" not in store._storage._data.unread()  # type: ignore[attr-defined]
    finally:
        store.close(compact=False)


def test_what_another_process_wrote_to_an_unread_table_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "_SMALL_TABLE_BYTES", 100)
    path = tmp_path / "store.json"
    _big(path)
    first = Store(path)
    second = Store(path)
    try:
        assert first.find_one("codes", "code", "NEW1") is None
        second.update("codes", 5, {"code": "NEW1"})
        second.insert("persons", {"name": "Amal Haddad"})
        assert first.find_one("codes", "code", "NEW1") == {"code": "NEW1", "person_id": 5, "id": 5}
        assert first.find_one("codes", "code", "C5") is None
        assert first.get("persons", 301) == {"name": "Amal Haddad", "id": 301}
    finally:
        second.close(compact=False)
        first.close(compact=False)


def test_the_once_a_second_look_for_changes_reads_nothing_while_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.json"
    _big(path)
    watcher, writer = Store(path), Store(path)
    locks: list[bool] = []
    real_lock = storage._lock
    monkeypatch.setattr(storage, "_lock", lambda fd, exclusive: (locks.append(exclusive), real_lock(fd, exclusive)))
    try:
        generation = watcher.refresh()
        locks.clear()
        assert [watcher.refresh() for _ in range(3)] == [generation] * 3
        assert locks == []  # two stat calls each, no lock, no read
        writer.insert("checkins", {"person_id": 7})
        assert watcher.refresh() != generation  # a grown journal: read under the lock
        assert watcher.find_one("checkins", "person_id", 7) == {"person_id": 7, "id": 1}
        generation = watcher.refresh()
        writer.compact()  # a new main file, no journal
        assert watcher.refresh() != generation
        assert watcher.count("checkins") == 1
    finally:
        writer.close(compact=False)
        watcher.close(compact=False)


def test_one_field_of_many_documents_is_read_from_an_unread_table_and_matches_the_parsed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "_SMALL_TABLE_BYTES", 100)
    path = tmp_path / "store.json"
    people = {str(n): {"name": f"P{n}", "group": f"G{n % 3}"} for n in range(1, 201)}
    people["5"] = {"name": "no group"}
    people["6"] = {"name": "a list", "group": ["Kommune"]}
    invitees = {str(n): {"meeting_id": 1 + n % 2, "person_id": n, "walk_in": n % 5 == 0} for n in range(1, 201)}
    path.write_text(json.dumps({"persons": people, "invitees": invitees}), encoding="utf-8")
    ids = list(range(0, 205))
    expected = {i: people[str(i)].get("group", "-") if str(i) in people else "-" for i in ids}
    store = Store(path)
    try:
        assert store.field_of("persons", ids, "group", "-") == expected
        assert "persons" in store._storage._data.unread()  # type: ignore[attr-defined]
        store.update("persons", 7, {"group": "Neu"})  # a write parses the table; the answer follows it
        assert store.field_of("persons", ids, "group", "-") == {**expected, 7: "Neu"}
        invited = store.values_of("invitees", "meeting_id", 2, "person_id", lambda doc: not doc.get("walk_in"))
        assert sorted(invited) == [n for n in range(1, 201) if n % 2 == 1 and n % 5 != 0]
        assert sorted(store.values_of("invitees", "meeting_id", 1, "person_id")) == list(range(2, 201, 2))
        assert store.values_of("invitees", "meeting_id", 3, "person_id") == []
    finally:
        store.close(compact=False)
