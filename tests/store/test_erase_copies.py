"""Erasing history (forget, purge) leaves no copy of the app's data beside the store, decided ones included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integra_tui.store.db import Store
from integra_tui.store.storage import StoreChangedOutsideError

STOCK_WRITE = """
import sys, tinydb
with tinydb.TinyDB(sys.argv[1], encoding="utf-8") as db:
    db.table("persons").insert({"name": "von Hand eingetragen"})
"""


def test_erasing_removes_the_apps_copy_once_the_user_copied_it_back(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    store.compact()
    store.insert("persons", {"name": "Geheimname"})  # in the journal only
    subprocess.run([sys.executable, "-c", STOCK_WRITE, str(path)], check=True)
    with pytest.raises(StoreChangedOutsideError):
        store.insert("persons", {"name": "Cem"})
    store.close()
    [copy] = tmp_path.glob("store.json.app-*.json")
    with pytest.raises(StoreChangedOutsideError):  # undecided: the copy is what the user decides about
        Store(path).close()
    assert copy.exists()
    shutil.copy(copy, path)  # the user keeps the app's version, as the message says: copy it over the main file
    with Store(path) as again:
        assert copy.exists()  # opening alone keeps it
        again.update("persons", 2, {"name": "(gelöscht)"})
        again.erase_history()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.json", "store.json.bak", "store.json.lock"]
    for file in tmp_path.iterdir():
        assert b"Geheimname" not in file.read_bytes(), file
