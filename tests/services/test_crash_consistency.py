"""Kill forget, purge, a walk-in, an undo, a deferral and an import at every durable step, with real processes.

Each use case runs in a child process through its real entry point (the command line for
``privacy forget``, ``privacy purge`` and ``import invitees``; the door's and the moderator's
services, as the TUI calls them, for a walk-in, an undo and deferring the running item to a meeting
created a quarter later) on a copy of one store: two meetings that were really run and a third that
has just begun; a person with invitations to both, codes, a personal card, check-ins at both
meetings, a speaker's entry, action items they own, notes that name them (one typed in decomposed
Unicode, as a Mac keyboard writes it) and an agenda item they present. The main file, the backup,
an unfolded journal, a stray temporary copy left by a killed process and the app's copy saved at an
outside change the user has since decided all hold the name.

A clean run is traced first (``INTEGRA_TEST_CRASHPOINT=trace``: every durable step it passes).
Then, for every step N, the files are restored, the use case is killed with SIGKILL right after
step N and the store is opened again:

* every table is as before the use case or as after the clean run, nothing in between, and the
  switch is exactly the use case's journal line;
* once the child printed its answer (the use case was acknowledged), the change is there;
* the restart leaves no temporary file of the killed process;
* for forget and purge, the same command run again finishes the job and says so: then the store
  holds what a clean run leaves, no file in the store's folder holds a forgotten name (UTF-8 and
  JSON escapes, NFC and NFD, as typed and in the folded search form) and only the main file, its
  backup and the lock file are left.

Exports a user wrote earlier are files of the user's, not of the store: none is made here.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from integra_tui.cli import main
from integra_tui.domain.names import fold
from integra_tui.services import checkin, invitations, moderation
from integra_tui.services.agenda import add_agenda_item
from integra_tui.services.meetings import add_meeting
from integra_tui.services.moderation import start_item, start_meeting
from integra_tui.services.people import invite
from integra_tui.store.storage import JournaledStorage


def _by_path(name: str, path: Path) -> Any:
    """A helper module of another test folder (the folders are not packages)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


TESTS = Path(__file__).resolve().parents[1]
crashpoints = _by_path("integra_store_crashpoints", TESTS / "store" / "crashpoints.py")
export_scenario = _by_path("integra_export_scenario", TESTS / "services" / "export_scenario.py")

BERLIN = ZoneInfo("Europe/Berlin")
DEAD_PID = 99_999_999  # above any pid_max: no process has it
AT_THE_DOOR = "2026-12-10T17:05:00+01:00"  # five minutes into the third meeting
IN_THE_MEETING = "2026-12-10T17:20:00+01:00"  # the moderator defers the running item
THE_DAY_BEFORE = "2026-12-09T10:00:00+01:00"  # the coordinator imports a late invitation list
NEXT_DAY = "2026-12-11T10:00:00+01:00"  # the coordinator's privacy commands
FORGOTTEN = "Jürgen Müller"
PURGED = ("Jürgen Müller", "Олена Коваленко")  # not invited to the third meeting: not seen since 27.11.
PURGE_BEFORE = "2026-12-01"
WALK_IN = "Şengül Yılmaz"
STORE_FILES = ["store.json", "store.json.bak", "store.json.lock"]
APP_COPY = "store.json.app-20261201-093000.json"
"""The app's version saved when another program wrote the main file; the user has decided since."""


@dataclass(frozen=True)
class Template:
    """The store every run starts from, and what the checks need to know about it."""

    folder: Path
    people: dict[str, int]
    emails: dict[str, str]
    third: int
    """The meeting at the door."""
    mistaken: int
    """An active check-in at the door that the undo takes back."""
    running: int
    """The agenda item running at the third meeting (the one deferred)."""
    invitation_list: Path
    """A CSV list of people to invite to the third meeting, two new and one known."""
    tables: dict[str, Any]
    codes: frozenset[str]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("crash-consistency") / "template"
    scenario = export_scenario.build(folder)
    ctx, people = scenario.ctx, scenario.people
    second = scenario.second
    ctx.store.compact()  # the main file holds the names ...
    invitations.issue_card(ctx, people[FORGOTTEN])
    moderation.add_capture(ctx, second, "note", "Jürgen Müller berichtet vom Asylverfahren")
    moderation.add_capture(ctx, second, "note", _nfd("Termin für Jürgen Müller beim Jobcenter"))
    moderation.add_capture(ctx, second, "action", "Wohnungsangebote weitergeben", owner=_nfd(FORGOTTEN))
    ctx.store.compact()  # ... and so does the backup
    third = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2026, 12, 10), time(17, 0), place="Mehrgenerationenhaus")
    running = add_agenda_item(
        ctx, third.id, "Bericht aus der Ausländerbehörde", 15, "Jürgen Müller (Stadtverwaltung Lindenfeld)"
    )
    for name, person_id in people.items():
        if name not in PURGED:
            invite(ctx, third.id, person_id)
    scenario.clock.set(datetime(2026, 12, 10, 16, 50, tzinfo=BERLIN))
    mistaken = checkin.check_in_person(ctx, third.id, people["Gisela Hartmann"], station="Eingang")
    assert mistaken.accepted
    scenario.clock.set(datetime(2026, 12, 10, 17, 0, tzinfo=BERLIN))
    start_meeting(ctx, third.id)
    start_item(ctx, third.id, running)
    ctx.fold_on_close(False)  # the latest writes wait in the journal
    ctx.close()
    main_file = folder / "store.json"
    (folder / f".store.json.{DEAD_PID}.tmp").write_bytes(main_file.read_bytes())  # a compaction killed long ago
    (folder / APP_COPY).write_bytes(main_file.read_bytes())  # copied back by the user: the incident is decided
    emails = {name: f"p{index}@example.org" for index, name in enumerate(p[0] for p in export_scenario.PEOPLE)}
    needles = _needles(FORGOTTEN, emails[FORGOTTEN])
    assert sorted(_holders(folder, needles)) == sorted(
        [f".store.json.{DEAD_PID}.tmp", *STORE_FILES[:2], "store.json.journal", APP_COPY]
    )
    side = tmp_path_factory.mktemp("crash-consistency") / "side"
    shutil.copytree(folder, side)  # opening removes the stray copy: the template keeps it
    tables = _restart(side, frozenset())
    codes = frozenset(doc["code"] for doc in tables["codes"].values())
    invitation_list = folder.parent / "Nachmeldungen.csv"  # beside the store's folder, not in it
    invitation_list.write_text(
        "Name,Gruppe,E-Mail\n"
        "Mariam Haidari,Zugewandert,mariam@example.org\n"
        "Tomasz Nowak,Ehrenamtlich,tomasz@example.org\n"
        "Gisela Hartmann,Ehrenamtlich,p2@example.org\n",
        encoding="utf-8",
    )
    return Template(
        folder, dict(people), emails, third.id, mistaken.check_in.id, running, invitation_list, tables, codes
    )


# -- reading the files --------------------------------------------------------------------------


def _needles(*texts: str) -> dict[str, list[bytes]]:
    """Each word of ``texts`` as the store could hold it: UTF-8 and JSON escapes, NFC and NFD, folded too."""
    found: dict[str, list[bytes]] = {}
    for text in texts:
        for word in text.split():
            forms = {unicodedata.normalize(form, w) for w in (word, fold(word)) for form in ("NFC", "NFD")}
            raw = set()
            for form in forms:
                raw.add(form.encode())
                raw.add(json.dumps(form).strip('"').encode("ascii"))  # \u00fc, as stock TinyDB writes it
            found[word] = sorted(raw)
    return found


def _holders(folder: Path, needles: dict[str, list[bytes]]) -> dict[str, list[str]]:
    """Which files of the folder hold which of the words (ignoring ASCII case, so \\u00FC counts too)."""
    holders = {}
    for path in sorted(folder.iterdir()):
        raw = path.read_bytes().lower()
        words = [word for word, forms in needles.items() if any(form.lower() in raw for form in forms)]
        if words:
            holders[path.name] = words
    return holders


def _replace(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [_replace(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, names) for k, v in value.items()}
    return value


def _tables(path: Path, known_codes: frozenset[str]) -> dict[str, Any]:
    """Every table of the store at ``path`` as it opens now; codes drawn by the run named by their order.

    A walk-in draws random codes, different in every run: they are compared by where they stand.
    """
    storage = JournaledStorage(path, create=False)
    try:
        data = storage.read()
    finally:
        storage.close(compact=False)
    drawn = [
        doc["code"]
        for _id, doc in sorted(data.get("codes", {}).items(), key=lambda kv: int(kv[0]))
        if doc.get("code") not in known_codes
    ]
    return _replace(data, {code: f"<code drawn {n}>" for n, code in enumerate(drawn, start=1)})


def _restart(folder: Path, known_codes: frozenset[str]) -> dict[str, Any]:
    """Open the store again, as the next start of the app does; its tables, and no temporary file is left.

    The app's copy of a decided incident stays until something erases data (forget, purge).
    """
    tables = _tables(folder / "store.json", known_codes)
    kept = {*STORE_FILES, "store.json.journal", APP_COPY}
    leftovers = [p.name for p in folder.iterdir() if p.name not in kept]
    assert leftovers == [], f"the restart left {leftovers}"
    return tables


def _differences(tables: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """The documents in which two stores differ, as table/id."""
    found = []
    for name in sorted(set(tables) | set(other)):
        mine, theirs = tables.get(name, {}), other.get(name, {})
        found += [f"{name}/{i}" for i in sorted(set(mine) | set(theirs)) if mine.get(i) != theirs.get(i)]
    return found


# -- the use cases ------------------------------------------------------------------------------

CLI = """
import os, sys
os.environ["INTEGRA_FAKE_NOW"] = sys.argv[1]
from integra_tui.cli import main
sys.exit(main(sys.argv[2:]))
"""

SERVICES = """
import sys
from datetime import datetime
from integra_tui.domain.clock import FakeClock
from integra_tui.services import checkin, moderation
from integra_tui.services.context import open_context

db, at, action, number = sys.argv[1:]
ctx = open_context(db, clock=FakeClock(datetime.fromisoformat(at)))
ctx.fold_on_close(True)  # as the TUI's clean exit
if action == "walk-in":
    result = checkin.register_walk_in(
        ctx, int(number), "Şengül Yılmaz", "Zugewandert", organisation="Frauencafé",
        email="sengul@example.org", consent_contact=True, station="Eingang",
    )
    assert result.accepted, result
    print("acknowledged: walk-in", result.person.id, flush=True)
elif action == "defer":
    meeting_id, item_id = map(int, number.split(","))
    result = moderation.defer_item(ctx, meeting_id, item_id, create_next=True)
    assert result.created and result.target is not None, result
    print("acknowledged: defer to", result.target.id, flush=True)
else:
    check_in = checkin.undo_check_in(ctx, int(number), station="Eingang")
    print("acknowledged: undo", check_in.id, flush=True)
ctx.close()
"""

COMPACTION = (
    "temp-fsync",
    "record-fsync",
    "backup-link",
    "backup-replace",
    "main-replace",
    "folder-fsync",
    "journal-unlink",
)
ERASURE = ("journal-fsync", *COMPACTION, "app-copy-unlink", "backup-link", "backup-replace", "folder-fsync")


@dataclass(frozen=True)
class UseCase:
    """One use case as its entry point runs it, and what a clean run of it changes."""

    name: str
    snippet: str
    args: Callable[[Template, Path], list[str]]
    acknowledged: str
    """What the child prints once the use case has returned (and only then)."""
    changes: frozenset[str]
    """The tables a clean run changes."""
    points: tuple[str, ...]
    """The durable steps of a clean run, in order (the trace)."""
    again: Callable[[Template, Path], list[str]] | None = None
    """The command that finishes the job when run again (forget, purge)."""
    forgets: tuple[str, ...] = ()
    done_again: str = ""
    """What the command says when run again after the change was complete."""


def _db(folder: Path) -> str:
    return str(folder / "store.json")


def _forget_args(t: Template, folder: Path) -> list[str]:
    return [NEXT_DAY, "privacy", "forget", str(t.people[FORGOTTEN]), "--yes", "--db", _db(folder)]


def _purge_args(t: Template, folder: Path) -> list[str]:
    return [NEXT_DAY, "privacy", "purge", "--before", PURGE_BEFORE, "--yes", "--db", _db(folder)]


PRIVACY_TABLES = frozenset({"persons", "codes", "captures", "speaker_events", "agenda_items"})

CASES = {
    case.name: case
    for case in (
        UseCase(
            "forget",
            CLI,
            _forget_args,
            "Gelöscht: Person 1;",
            PRIVACY_TABLES,
            ("stray-unlink", *ERASURE),
            again=_forget_args,
            forgets=(FORGOTTEN,),
            done_again="es war nichts mehr zu tun. Alte Kopien (Journal, Sicherung) sind entfernt.",
        ),
        UseCase(
            "purge",
            CLI,
            _purge_args,
            "2 Personen gelöscht.",
            PRIVACY_TABLES,
            ("stray-unlink", *ERASURE),
            again=_purge_args,
            forgets=PURGED,
            done_again="nichts zu löschen",
        ),
        UseCase(
            "walk-in",
            SERVICES,
            lambda t, folder: [_db(folder), AT_THE_DOOR, "walk-in", str(t.third)],
            "acknowledged: walk-in",
            frozenset({"persons", "invitees", "checkins", "codes"}),
            ("stray-unlink", "journal-fsync", *COMPACTION),
        ),
        UseCase(
            "undo",
            SERVICES,
            lambda t, folder: [_db(folder), AT_THE_DOOR, "undo", str(t.mistaken)],
            "acknowledged: undo",
            frozenset({"checkins"}),
            ("stray-unlink", "journal-fsync", *COMPACTION),
        ),
        UseCase(
            "defer",
            SERVICES,
            lambda t, folder: [_db(folder), IN_THE_MEETING, "defer", f"{t.third},{t.running}"],
            "acknowledged: defer to",
            frozenset({"meetings", "agenda_items", "timer_events"}),
            ("stray-unlink", "journal-fsync", *COMPACTION),
        ),
        UseCase(
            "import",
            CLI,
            lambda t, folder: [
                THE_DAY_BEFORE,
                "import",
                "invitees",
                str(t.invitation_list),
                "--meeting",
                str(t.third),
                "--db",
                _db(folder),
            ],
            "2 neue Personen, 1 schon bekannt; 2 eingeladen, 1 waren schon eingeladen.",
            frozenset({"persons", "invitees", "codes"}),
            ("stray-unlink", "journal-fsync", *COMPACTION),
        ),
    )
}


@dataclass
class CleanRun:
    """A use case run without a kill, traced: its steps, its answer and the tables it leaves."""

    points: list[str]
    stdout: str
    tables: dict[str, Any]
    again_stdout: str = ""


@dataclass
class CleanRuns:
    template: Template
    root: Path
    runs: dict[str, CleanRun] = field(default_factory=dict)

    def of(self, case: UseCase) -> CleanRun:
        if case.name not in self.runs:
            folder = self.root / case.name
            shutil.copytree(self.template.folder, folder)
            outcome = crashpoints.run_snippet(case.snippet, *case.args(self.template, folder), crash_at="trace")
            assert outcome.returncode == 0, outcome.stderr
            assert case.acknowledged in outcome.stdout, outcome.stdout
            tables = _restart(folder, self.template.codes)
            changed = {
                name
                for name in set(tables) | set(self.template.tables)
                if tables.get(name) != self.template.tables.get(name)
            }
            assert changed == case.changes, changed
            self.runs[case.name] = CleanRun(outcome.passed, outcome.stdout, tables)
        return self.runs[case.name]


@pytest.fixture(scope="module")
def clean_runs(template: Template, tmp_path_factory: pytest.TempPathFactory) -> CleanRuns:
    return CleanRuns(template, tmp_path_factory.mktemp("clean"))


def _run_again(case: UseCase, t: Template, folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> str:
    """The same command once more, as the coordinator would type it after the crash (in this process)."""
    assert case.again is not None
    at, *argv = case.again(t, folder)
    monkeypatch.setenv("INTEGRA_FAKE_NOW", at)
    capsys.readouterr()
    assert main(argv) == 0
    return capsys.readouterr().out


KILLS = [
    pytest.param(case.name, number, point, id=f"{case.name}-{number:02}-{point}")
    for case in CASES.values()
    for number, point in enumerate(case.points, start=1)
]


@pytest.mark.parametrize(("case_name", "number", "point"), KILLS)
def test_a_use_case_killed_after_a_durable_step_is_all_or_nothing(
    case_name: str,
    number: int,
    point: str,
    template: Template,
    clean_runs: CleanRuns,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = CASES[case_name]
    clean = clean_runs.of(case)
    assert tuple(clean.points) == case.points, f"the durable steps of a clean {case.name} changed: {clean.points}"
    folder = tmp_path / "store"
    shutil.copytree(template.folder, folder)

    outcome = crashpoints.run_snippet(case.snippet, *case.args(template, folder), crash_at=number)
    assert outcome.killed and outcome.point == point, (outcome.returncode, outcome.passed, outcome.stderr)

    tables = _restart(folder, template.codes)
    committed = number >= case.points.index("journal-fsync") + 1
    expected = clean.tables if committed else template.tables
    state = "untouched" if tables == template.tables else "fully changed" if tables == clean.tables else "half changed"
    assert tables == expected, (
        f"{case.name} killed after step {number} ({point}) left the store {state}, expected "
        f"{'fully changed' if committed else 'untouched'}; it differs in {_differences(tables, expected)[:12]}"
    )
    if case.acknowledged in outcome.stdout:  # answered before the kill: the change must be there
        assert committed

    if case.again is None:
        return
    said = _run_again(case, template, folder, capsys, monkeypatch)
    if committed:
        assert case.done_again in said, said
    else:
        assert case.acknowledged in said, said
    assert _tables(folder / "store.json", template.codes) == clean.tables
    names = {}
    for name in case.forgets:
        names |= _needles(name, template.emails[name])
    assert _holders(folder, names) == {}, f"after {case.name} killed at {number} ({point}) and run again"
    assert sorted(p.name for p in folder.iterdir()) == STORE_FILES


def test_forgetting_by_name_again_after_a_kill_leaves_no_copy_of_the_name(
    template: Template, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed once its line was durable, the person is forgotten: the name typed again finds nobody, and
    no old copy (the main file, the backup) keeps it."""
    folder = tmp_path / "store"
    shutil.copytree(template.folder, folder)
    case = CASES["forget"]
    outcome = crashpoints.run_snippet(case.snippet, *case.args(template, folder), crash_at="journal-fsync")
    assert outcome.killed and "Gelöscht werden Name" in outcome.stdout and case.acknowledged not in outcome.stdout
    needles = _needles(FORGOTTEN, template.emails[FORGOTTEN])
    assert _holders(folder, needles)  # the main file and the backup still hold the name: the kill came first
    monkeypatch.setenv("INTEGRA_FAKE_NOW", NEXT_DAY)
    capsys.readouterr()
    assert main(["privacy", "forget", FORGOTTEN, "--yes", "--db", _db(folder)]) == 1
    assert "Niemand heißt „Jürgen Müller“" in capsys.readouterr().err
    assert _holders(folder, needles) == {}
    assert sorted(p.name for p in folder.iterdir()) == STORE_FILES
