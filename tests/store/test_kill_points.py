"""SIGKILL after every durable step of a transaction, a compaction and an erasure: nothing half-done, nothing lost.

Each run starts from the same files, a child process is killed right after its N-th durable step
(``INTEGRA_TEST_CRASHPOINT``), and the store is opened again: it is either untouched or fully
changed, every acknowledged write is there, and after the erasure is finished no file in the
folder holds the erased name.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import tinydb

from integra_tui.store.db import Store

NAME = "Jürgen Müller"
DEAD_PID = 99_999_999  # above any pid_max: no process has it

FORGET = textwrap.dedent(
    """
    import sys
    from integra_tui.store.db import Store

    def forget(store):
        with store.transaction():
            for person in store.find("persons", "name", "Jürgen Müller"):
                store.update("persons", person["id"], {"name": "(vergessen)", "forgotten": True})
            for code in store.find("codes", "person_id", 1):
                store.update("codes", code["id"], {"status": "revoked"})
            for capture in store.search("captures", lambda d: "Müller" in d.get("text", "")):
                store.update("captures", capture["id"], {"text": "(entfernt)"})
            if not store.find("audit", "person_id", 1):
                store.insert("audit", {"person_id": 1, "what": "forgotten"})
        store.erase_history()

    store = Store(sys.argv[1])
    forget(store)
    print("done", flush=True)
    store.close()
    """
)


def _forget_in_process(store: Store) -> None:
    namespace: dict = {}
    exec(FORGET.split("store = Store")[0], namespace)
    namespace["forget"](store)


def _all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _holds_name(raw: bytes) -> bool:
    return "Müller".encode() in raw or b"M\\u00fcller" in raw


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A store with the person in the main file, the journal and a stray temporary copy of a dead process."""
    folder = tmp_path / "template"
    path = folder / "store.json"
    store = Store(path)
    store.insert("persons", {"name": NAME, "group": "Zugewandert"})
    store.insert("persons", {"name": "Anna Schmidt"})
    store.insert("codes", {"person_id": 1, "status": "active", "code": "MG1ABC"})
    store.insert("captures", {"text": "Jürgen Müller berichtet vom Asylverfahren"})
    store.compact()
    store.compact()  # the backup now holds the name too
    store.insert("captures", {"text": "Frage an Jürgen Müller"})
    store.insert("checkins", {"person_id": 2})
    store.close(compact=False)
    (folder / f".store.json.{DEAD_PID}.tmp").write_bytes(path.read_bytes())
    assert any(_holds_name(raw) for name, raw in _all_bytes(folder).items() if name != "store.json")
    return folder


def _state(store: Store) -> str:
    person = store.get("persons", 1)
    code = store.get("codes", 1)
    texts = [c["text"] for c in store.all("captures")]
    if person["name"] == NAME:
        assert code["status"] == "active" and texts[0].startswith(NAME) and not store.all("audit")
        return "untouched"
    assert person["name"] == "(vergessen)" and person["forgotten"] is True
    assert code["status"] == "revoked" and texts == ["(entfernt)", "(entfernt)"]
    assert [a["what"] for a in store.all("audit")] == ["forgotten"]
    return "changed"


def test_a_forget_killed_at_every_durable_step_is_all_or_nothing_and_finishes_on_the_second_run(
    tmp_path: Path, template: Path, crashpoints
) -> None:
    folder = tmp_path / "run"
    path = folder / "store.json"
    outcomes: dict[str, str] = {}

    def prepare() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(template, folder)

    def check(number: int, name: str) -> None:
        with Store(path) as store:
            outcomes[f"{number}:{name}"] = _state(store)
            assert [p["name"] for p in store.all("persons")][1] == "Anna Schmidt"  # acknowledged before: kept
            assert store.count("checkins") == 1
            _forget_in_process(store)  # the second forget finishes the job
            assert _state(store) == "changed"
        leftovers = [name for name, raw in _all_bytes(folder).items() if _holds_name(raw)]
        assert leftovers == [], (number, name, leftovers)
        assert sorted(p.name for p in folder.iterdir()) == ["store.json", "store.json.bak", "store.json.lock"]
        with tinydb.TinyDB(path, encoding="utf-8") as stock:
            assert stock.table("persons").get(doc_id=1)["name"] == "(vergessen)"

    points = crashpoints.kill_at_every_point(FORGET, str(path), prepare=prepare, check=check)
    # The run passes the transaction's fsync, the stray copy's removal and every step of the erasure.
    assert points[0] == "stray-unlink" and "journal-fsync" in points
    for step in ("temp-fsync", "record-fsync", "backup-link", "backup-replace", "main-replace", "journal-unlink"):
        assert step in points
    # Killed before the transaction's line was fsynced: untouched; from that fsync on: fully changed.
    durable = points.index("journal-fsync")
    assert [outcomes[f"{n}:{name}"] for n, name in enumerate(points, start=1)] == ["untouched"] * durable + [
        "changed"
    ] * (len(points) - durable)


def test_a_kill_before_the_transaction_is_durable_leaves_the_store_untouched(
    tmp_path: Path, template: Path, crashpoints
) -> None:
    folder = tmp_path / "run"
    shutil.copytree(template, folder)
    path = folder / "store.json"
    Store(path).close(compact=False)  # removes the stray copy, so the first step is the transaction's
    outcome = crashpoints.run_snippet(FORGET, str(path), crash_at="journal-fsync:1")
    assert outcome.killed and outcome.point == "journal-fsync"
    # The line is on disk: the forget is complete although the process never said "done".
    assert "done" not in outcome.stdout
    with Store(path) as store:
        assert _state(store) == "changed"
    # A kill one step earlier is what a lost power supply before the fsync amounts to: no line.
    shutil.rmtree(folder)
    shutil.copytree(template, folder)
    journal = folder / "store.json.journal"
    good = journal.read_bytes()
    outcome = crashpoints.run_snippet(FORGET, str(path), crash_at="journal-fsync:1")
    assert outcome.killed
    journal.write_bytes(good + journal.read_bytes()[len(good) : -1])  # the last line without its newline: torn
    with Store(path) as store:
        assert _state(store) == "untouched"


COMPACT = textwrap.dedent(
    """
    import sys
    from integra_tui.store.db import Store
    store = Store(sys.argv[1])
    store.compact()
    store.close(compact=False)
    """
)


def test_a_compaction_killed_at_every_step_keeps_every_acknowledged_write(tmp_path: Path, crashpoints) -> None:
    template = tmp_path / "template"
    path = template / "store.json"
    store = Store(path)
    acknowledged = [store.insert("checkins", {"n": n, "name": "Şengül"}) for n in range(50)]
    store.update("checkins", 3, {"n": 300})
    store.remove("checkins", 4)
    store.close(compact=False)
    folder = tmp_path / "run"
    run_path = folder / "store.json"

    def prepare() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(template, folder)

    def check(number: int, name: str) -> None:
        with Store(run_path) as again:  # opens without "changed by another program": a kill is no outside write
            docs = {d["id"]: d["n"] for d in again.all("checkins")}
            assert sorted(docs) == [i for i in acknowledged if i != 4]
            assert docs[3] == 300 and docs[50] == 49
            again.insert("checkins", {"n": 51})
        assert not [p.name for p in folder.iterdir() if p.name.endswith((".tmp",)) or ".bak" in p.name[1:-4]]
        with tinydb.TinyDB(run_path, encoding="utf-8") as stock:
            assert len(stock.table("checkins")) == 50

    points = crashpoints.kill_at_every_point(COMPACT, str(run_path), prepare=prepare, check=check)
    assert points == [
        "temp-fsync",
        "record-fsync",
        "backup-link",
        "backup-replace",
        "main-replace",
        "folder-fsync",
        "journal-unlink",
    ]


def test_an_unset_crash_hook_costs_nothing_and_trace_reports_without_dying(tmp_path: Path, crashpoints) -> None:
    path = tmp_path / "store.json"
    Store(path).close()
    clean = crashpoints.run_snippet(COMPACT, str(path))
    assert clean.returncode == 0 and clean.passed == []
    from integra_tui.store import storage

    assert storage._crash is None  # the hook is armed only by the environment of a child process


def test_a_step_named_alone_stops_at_its_first_pass(tmp_path: Path, crashpoints) -> None:
    path = tmp_path / "store.json"
    store = Store(path)
    store.insert("persons", {"name": "Anna"})
    store.close(compact=False)
    outcome = crashpoints.run_snippet(COMPACT, str(path), crash_at="main-replace")
    assert outcome.killed and outcome.point == "main-replace" and outcome.passed == ["main-replace"]
    with Store(path) as again:  # the new main file is in place, the journal still there: the same data
        assert [d["name"] for d in again.all("persons")] == ["Anna"]
