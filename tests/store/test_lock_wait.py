"""A store lock another process holds for long: a bounded wait, a clear message, nothing written; then it works again.

The other process is real: a Python child that takes the lock file's ``flock`` and says so on its stdout,
then holds it until told on its stdin to let go. Nothing here sleeps: each step waits on the pipe.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from support.lock_holder import LockHolder

from integra_tui import i18n
from integra_tui.store.db import Store
from integra_tui.store.storage import JournaledStorage, StoreBusyError, StoreError


@pytest.fixture()
def quick_bound(monkeypatch):
    monkeypatch.setattr(JournaledStorage, "lock_wait_seconds", 0.2)  # the test's patience, not a timing


@pytest.fixture()
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("de")


def test_a_lock_held_elsewhere_makes_a_write_give_up_with_a_message_and_write_nothing(
    tmp_path: Path, quick_bound, german
) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("checkins", {"n": 1})
    holder = LockHolder(path)
    try:
        with pytest.raises(StoreBusyError) as raised:
            store.insert("checkins", {"n": 2})
        assert isinstance(raised.value, StoreError)  # shown wherever a store error is
        message = str(raised.value)
        assert "von einem anderen Programm belegt" in message and "nichts gespeichert" in message
        with pytest.raises(StoreBusyError):  # a read waits the same bounded time
            store.all("checkins")
        holder.release()
    finally:
        holder.stop()
    # Once the lock is free the same write goes through, and the refused one was never written.
    store.insert("checkins", {"n": 3})
    assert [doc["n"] for doc in store.all("checkins")] == [1, 3]
    store.close()
    with Store(path) as again:
        assert [doc["n"] for doc in again.all("checkins")] == [1, 3]


def test_the_message_is_in_english_too(tmp_path: Path, quick_bound, german) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    holder = LockHolder(path)
    try:
        i18n.set_language("en")
        with pytest.raises(StoreBusyError, match="in use by another program"):
            store.insert("checkins", {"n": 1})
    finally:
        holder.stop()
        store.close()


def test_opening_a_store_another_process_holds_gives_up_too(tmp_path: Path, quick_bound, german) -> None:
    path = tmp_path / "store.json"
    Store(path).close()
    holder = LockHolder(path)
    try:
        with pytest.raises(StoreBusyError):
            Store(path)
        holder.release()
    finally:
        holder.stop()
    with Store(path) as store:
        assert store.all("checkins") == []


def test_a_lock_let_go_within_the_bound_lets_the_waiting_write_through(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(JournaledStorage, "lock_wait_seconds", 60.0)
    path = tmp_path / "store.json"
    store = Store(path)
    holder = LockHolder(path)
    outcome: list[object] = []

    def write() -> None:
        try:
            outcome.append(store.insert("checkins", {"n": 1}))
        except StoreError as error:  # pragma: no cover - the failure this test looks for
            outcome.append(error)

    writer = threading.Thread(target=write)
    try:
        writer.start()
        assert not outcome  # it cannot have written while the other process holds the lock
        holder.release()
    finally:
        holder.stop()
    writer.join(timeout=60)
    assert outcome == [1]
    assert [doc["n"] for doc in store.all("checkins")] == [1]
    store.close()


def test_another_thread_holding_the_store_counts_against_the_same_bound(tmp_path: Path, quick_bound) -> None:
    """The app's refresh thread waiting for the lock holds the store for this process too: a check-in on the
    service thread gives up after the bound as well, instead of waiting behind it without one."""
    path = tmp_path / "store.json"
    store = Store(path)
    storage = store._storage
    holding, let_go = threading.Event(), threading.Event()

    def hold() -> None:
        with storage.reading():
            holding.set()
            let_go.wait(60)

    other = threading.Thread(target=hold)
    other.start()
    try:
        assert holding.wait(60)
        with pytest.raises(StoreBusyError):
            store.insert("checkins", {"n": 1})
    finally:
        let_go.set()
        other.join(60)
    store.insert("checkins", {"n": 2})
    assert [doc["n"] for doc in store.all("checkins")] == [2]
    store.close()
