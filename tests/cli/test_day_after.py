"""The day after, in real processes on a moved clock: commands that look back export the meeting that took place.

A meeting on 01.12.2026 is run through the real services (check-ins, the agenda, captures, an item
deferred into a new meeting a quarter later, the end). Then the command line runs the way the
coordinator runs it, the clock fixed through the ``INTEGRA_FAKE_NOW`` test hook: the next morning,
a quarter later (the day before the new meeting), and across the change of summer time. The
exports must take the meeting that happened, never the empty one the deferral created ("0 von 0
Eingeladenen anwesend"), and every output line names the meeting it acted on; the commands that
look ahead (sign-in list, imports, check-in) take the new meeting.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.services import checkin, moderation
from integra_tui.services.agenda import add_agenda_item
from integra_tui.services.context import open_context
from integra_tui.services.meetings import add_meeting, list_meetings
from integra_tui.services.people import add_person, invite

BERLIN = ZoneInfo("Europe/Berlin")

PEOPLE = [
    ("Sabine Kröger", "Ehrenamtlich", "Besuchsdienst"),
    ("Jürgen Müller", "Kommune", "Stadtverwaltung"),
    ("Олена Коваленко", "Zugewandert", ""),
    ("احمد رحیمی", "Ehrenamtlich", "Sprachcafé"),
]


def run(db: Path, now: str, *args: str) -> subprocess.CompletedProcess[str]:
    """One command in its own process, its clock standing still at ``now``."""
    env = {**os.environ, "INTEGRA_FAKE_NOW": now}
    env.pop("INTEGRA_LANG", None)
    env.pop("INTEGRA_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "integra_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def ok(db: Path, now: str, *args: str) -> str:
    result = run(db, now, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _held_meeting(folder: Path, on: date, start: time, end_minutes: int) -> Path:
    """A store with one meeting held on ``on``; deferring its last item creates the next one a quarter later."""
    clock = FakeClock(datetime.combine(on, start, tzinfo=BERLIN))
    clock.advance(minutes=-30)
    db = folder / "store.json"
    ctx = open_context(db, clock=clock)
    meeting = add_meeting(ctx, "INTEGRA-Netzwerktreffen", on, start, place="MGH", topic="Ehrenamt")
    people = {}
    for name, group, organisation in PEOPLE:
        people[name] = add_person(ctx, Person(name=name, group=group, organisation=organisation)).id
        invite(ctx, meeting.id, people[name])
    for name in ("Sabine Kröger", "Олена Коваленко", "احمد رحیمی"):
        clock.advance(minutes=3)
        checkin.check_in_person(ctx, meeting.id, people[name], station="Eingang")
    checkin.register_walk_in(ctx, meeting.id, "Emre Aksoy", "Interessiert")
    talk = add_agenda_item(ctx, meeting.id, "Austausch", 30)
    later = add_agenda_item(ctx, meeting.id, "Bedarfe sammeln", 20)
    clock.set(datetime.combine(on, start, tzinfo=BERLIN))
    moderation.start_item(ctx, meeting.id, talk)
    moderation.add_capture(
        ctx, meeting.id, "action", "Flyer drucken", agenda_item_id=talk, owner="Sabine Kröger", due=date(2027, 1, 15)
    )
    moderation.add_capture(ctx, meeting.id, "decision", "Sprachcafé monatlich", agenda_item_id=talk)
    clock.advance(minutes=end_minutes - 5)
    moderation.next_item(ctx, meeting.id)
    result = moderation.defer_item(ctx, meeting.id, later, create_next=True)
    assert result.created and result.target is not None
    clock.advance(minutes=5)
    moderation.end_meeting(ctx, meeting.id)
    assert [m.date for m in list_meetings(ctx)] == [on, result.target.date]
    ctx.close()
    return db


@pytest.fixture(scope="module")
def december(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The meeting of 01.12.2026, 17:00 to 18:30; the deferral created the meeting of 02.03.2027."""
    return _held_meeting(tmp_path_factory.mktemp("december"), date(2026, 12, 1), time(17, 0), 90)


DAY_AFTER = "2026-12-02T09:00:00+01:00"
QUARTER_LATER = "2027-03-01T18:00:00+01:00"  # the evening before the new meeting


@pytest.mark.parametrize("now", [DAY_AFTER, QUARTER_LATER])
def test_the_minutes_are_those_of_the_meeting_that_took_place(december: Path, tmp_path: Path, now: str) -> None:
    out = tmp_path / "Protokoll.md"
    line = ok(december, now, "export", "minutes", "--format", "md", "--out", str(out))
    assert line == f"Protokoll des Treffens vom 01.12.2026 („INTEGRA-Netzwerktreffen“) nach {out} geschrieben."
    text = out.read_text(encoding="utf-8")
    assert "INTEGRA-Netzwerktreffen, 01.12.2026, 17:00 Uhr" in text
    assert "3 von 4 Eingeladenen anwesend, dazu 1 ohne Einladung; insgesamt 4 Personen." in text
    assert "0 von 0 Eingeladenen" not in text
    assert "Flyer drucken" in text and "Sprachcafé monatlich" in text


def test_actions_attendance_and_stats_the_day_after(december: Path, tmp_path: Path) -> None:
    actions = tmp_path / "Aufgaben.csv"
    line = ok(december, DAY_AFTER, "export", "actions", "--out", str(actions))
    assert line == (
        "1 Aufgabe (und 1 weitere Einträge) des Treffens vom 01.12.2026 („INTEGRA-Netzwerktreffen“) "
        f"nach {actions} geschrieben."
    )
    rows = list(csv.DictReader(io.StringIO(actions.read_bytes().decode("utf-8-sig")), delimiter=";"))
    flyer = next(r for r in rows if r["Text"] == "Flyer drucken")
    assert flyer["Gruppe"] == "Ehrenamtlich"  # the owner's group, known from the person
    assert {r["Art"] for r in rows} == {"Aufgabe", "Beschluss"}

    attendance = tmp_path / "Teilnehmerliste.csv"
    line = ok(december, DAY_AFTER, "export", "attendance", "--format", "csv", "--out", str(attendance))
    assert line == (
        f"4 Personen in der Teilnehmerliste des Treffens vom 01.12.2026 („INTEGRA-Netzwerktreffen“): {attendance}."
    )

    stats = tmp_path / "Statistik.csv"
    line = ok(december, DAY_AFTER, "export", "stats", "--out", str(stats))
    assert line == (
        f"Statistik über 1 Treffen (01.12.2026–01.12.2026) nach {stats} geschrieben. "
        "1 Treffen, das noch nicht stattgefunden hat, ist nicht mitgezählt."
    )
    rows = list(csv.reader(io.StringIO(stats.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert not any("02.03.2027" in cell for row in rows for cell in row)


def test_commands_that_look_ahead_take_the_next_meeting(december: Path, tmp_path: Path) -> None:
    signin = tmp_path / "Unterschriften.csv"
    line = ok(december, DAY_AFTER, "export", "signin", "--out", str(signin))
    assert line.startswith("Teilnehmerliste zum Unterschreiben des Treffens vom 02.03.2027 („INTEGRA-Netzwerktreffen“)")
    agenda = tmp_path / "agenda.csv"
    agenda.write_text("Titel;Minuten\nRückblick;10\nStille;0\n", encoding="utf-8")
    result = run(december, DAY_AFTER, "import", "agenda", str(agenda))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Treffen vom 02.03.2027 („INTEGRA-Netzwerktreffen“): 1 Tagesordnungspunkte übernommen, 0 waren schon da."
    )
    assert "Zeile 3: Die Dauer „0“ liegt nicht zwischen 1 und 360 Minuten" in result.stderr


def test_with_no_meeting_held_yet_the_exports_refuse_instead_of_writing_an_empty_file(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    ok(db, DAY_AFTER, "meeting", "add", "--title", "Winter", "--date", "2027-03-02")
    out = tmp_path / "Protokoll.md"
    result = run(db, DAY_AFTER, "export", "minutes", "--format", "md", "--out", str(out))
    assert result.returncode == 1 and not out.exists()
    assert result.stderr.strip().startswith("Fehler: Noch hat kein Treffen stattgefunden")
    assert "--meeting" in result.stderr and "Traceback" not in result.stderr


def test_across_the_change_of_summer_time(tmp_path: Path) -> None:
    """A meeting on Saturday 24.10.2026 until 00:30, the night the clocks go back; exported after, at 02:30 CET."""
    db = _held_meeting(tmp_path, date(2026, 10, 24), time(23, 0), 90)
    out = tmp_path / "Protokoll.md"
    line = ok(db, "2026-10-25T01:30:00+00:00", "export", "minutes", "--format", "md", "--out", str(out))
    assert line.startswith("Protokoll des Treffens vom 24.10.2026 ")
    text = out.read_text(encoding="utf-8")
    # 23:00 to 00:30 summer time (+02:00), shown as such after the clocks went back to +01:00.
    assert "**Beginn und Ende:** 23:00–23:30" not in text
    assert "**Beginn und Ende:** 23:00–00:30" in text
    attendance = tmp_path / "Teilnehmerliste.csv"
    ok(db, "2026-10-25T01:30:00+00:00", "export", "attendance", "--format", "csv", "--out", str(attendance))
    rows = csv.DictReader(io.StringIO(attendance.read_bytes().decode("utf-8-sig")), delimiter=";")
    times = [r["Check-in"] for r in rows]
    assert "24.10.2026 22:33" in times  # 20:33 UTC, in summer time


def test_the_moved_clock_of_the_test_hook_is_checked(tmp_path: Path) -> None:
    result = run(tmp_path / "store.json", "gestern", "meeting", "list")
    assert result.returncode == 1 and "INTEGRA_FAKE_NOW ist keine gültige Zeitangabe: gestern" in result.stderr


def test_check_in_and_follow_up_name_the_meeting_they_acted_on(december: Path, tmp_path: Path) -> None:
    for part in december.parent.glob(december.name + "*"):  # this test changes the store: a copy, journal too
        shutil.copy(part, tmp_path / part.name)
    december = tmp_path / december.name
    ctx = open_context(december)
    try:
        code = next(i.code for i in invitees_of_first(ctx))
        action = next(c for c in moderation.captures_of(ctx, 1) if c.kind == "action")
    finally:
        ctx.close()
    refused = run(december, DAY_AFTER, "checkin", code)  # looks ahead: the new meeting, not yesterday's
    assert refused.returncode == 4
    assert (
        refused.stderr.strip() == "Die Einladung gilt für ein anderes Treffen (am 01.12.2026). (Treffen vom 02.03.2027)"
    )
    line = ok(december, DAY_AFTER, "followup", "set", str(action.id), "erledigt")
    assert line == f"Aufgabe {action.id} („Flyer drucken“, aus dem Treffen vom 01.12.2026) ist jetzt: erledigt."


def invitees_of_first(ctx):
    from integra_tui.services.people import invitees_of

    return [invitee for invitee, _person in invitees_of(ctx, 1)]
