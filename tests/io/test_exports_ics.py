"""ICS export: all-day events on the due date that calendars import, parsed back with icalendar."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from integra_tui.io.exports.documents import ActionLine
from integra_tui.io.exports.ics import action_items_ics, action_uid

STAMP = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def _lines() -> list[ActionLine]:
    return [
        ActionLine(
            1,
            "action",
            "Raum klären, danach; Flyer \\ drucken",
            "INTEGRA",
            date(2026, 11, 27),
            "Begrüßung",
            "Jürgen Müller",
            due=date(2027, 1, 15),
            meeting_id=2,
        ),
        ActionLine(2, "action", "Ohne Datum", meeting_id=2),
        ActionLine(3, "decision", "Beschluss mit Datum", due=date(2027, 1, 1), meeting_id=2),
        ActionLine(4, "action", "Verworfen", due=date(2027, 2, 1), status="dropped", meeting_id=2),
        ActionLine(
            5, "action", "Олена: Praktika", owner="Олена Коваленко", due=date(2027, 3, 1), status="done", meeting_id=2
        ),
    ]


def _events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_one_all_day_event_per_action_item_with_a_due_date() -> None:
    data = action_items_ics(_lines(), "INTEGRA – Aufgaben", STAMP)
    events = _events(data)
    assert [str(e["UID"]) for e in events] == [action_uid(line) for line in _lines() if line.id in (1, 4, 5)]
    first = events[0]
    assert first["DTSTART"].dt == date(2027, 1, 15) and not isinstance(first["DTSTART"].dt, datetime)
    assert first["DTEND"].dt == date(2027, 1, 16)
    assert b"DTSTART;VALUE=DATE:20270115" in data
    assert str(first["SUMMARY"]) == "Raum klären, danach; Flyer \\ drucken (Jürgen Müller)"
    assert "Tagesordnungspunkt: Begrüßung" in str(first["DESCRIPTION"])
    assert str(first["TRANSP"]) == "TRANSPARENT"


def test_calendar_headers_and_statuses() -> None:
    calendar = Calendar.from_ical(action_items_ics(_lines(), "INTEGRA – Aufgaben", STAMP))
    assert str(calendar["VERSION"]) == "2.0" and "integra-tui" in str(calendar["PRODID"])
    assert str(calendar["METHOD"]) == "PUBLISH"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert str(events[action_uid(_lines()[3])]["STATUS"]) == "CANCELLED"
    assert str(events[action_uid(_lines()[4])]["SUMMARY"]).startswith("Erledigt: Олена: Praktika")
    assert all(e["DTSTAMP"].dt == STAMP for e in events.values())


def test_uids_are_stable_across_exports() -> None:
    first = [str(e["UID"]) for e in _events(action_items_ics(_lines(), "x", STAMP))]
    again = [
        str(e["UID"])
        for e in _events(action_items_ics(list(reversed(_lines())), "x", datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC"))))
    ]
    assert sorted(first) == sorted(again) and len(set(first)) == 3


def test_lines_are_folded_for_strict_importers() -> None:
    long_text = "Sehr lange Aufgabe " * 10
    data = action_items_ics([ActionLine(9, "action", long_text, due=date(2027, 1, 1), meeting_id=1)], "x", STAMP)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert str(_events(data)[0]["SUMMARY"]) == long_text
