"""Records of meetings, the group list and moderation settings, on both stores."""

from __future__ import annotations

from datetime import date, time

import pytest

from integra_tui.domain.groups import DEFAULT_GROUPS
from integra_tui.domain.models import Meeting, ModerationSettings
from integra_tui.records import groups, meetings, settings


def test_a_meeting_round_trips(store) -> None:
    added = meetings.add(store, Meeting(title="Runder Tisch", date=date(2026, 11, 27), start_time=time(17, 0)))
    assert meetings.get(store, added.id) == added
    assert meetings.get(store, None) is None and meetings.get(store, 99) is None
    meetings.set_status(store, added.id, "running")
    meetings.set_date(store, added.id, date(2026, 11, 28))
    again = meetings.get(store, added.id)
    assert (again.status, again.date) == ("running", date(2026, 11, 28))
    assert [m.id for m in meetings.every(store)] == [added.id]


def test_the_demo_meeting_is_marked(store) -> None:
    plain = meetings.add(store, Meeting(title="A", date=date(2026, 1, 1)))
    demo = meetings.add(store, Meeting(title="Demo", date=date(2026, 1, 2)))
    meetings.mark_demo(store, demo.id)
    assert [m.id for m in meetings.demo_meetings(store)] == [demo.id]
    assert plain.id not in {m.id for m in meetings.demo_meetings(store)}


def test_groups_are_given_once_and_kept_in_order(store) -> None:
    assert groups.names(store) == []
    groups.ensure(store, DEFAULT_GROUPS)
    groups.ensure(store, ("Andere",))  # a store that has groups keeps its own
    assert groups.names(store) == list(DEFAULT_GROUPS)


def test_moderation_settings_default_and_change(store) -> None:
    assert settings.moderation(store, 1) == ModerationSettings()
    settings.update_moderation(store, 1, {"warning_minutes": 3})
    settings.update_moderation(store, 1, {"speaker_seconds": 90})
    assert settings.moderation(store, 1) == ModerationSettings(warning_minutes=3, speaker_seconds=90)
    assert settings.moderation(store, 2) == ModerationSettings()
    with pytest.raises(ValueError):
        settings.update_moderation(store, 1, {"colour": "red"})


def test_a_new_meeting_takes_the_items_earlier_meetings_left_waiting(store) -> None:
    from integra_tui.domain.models import AgendaEntry
    from integra_tui.records import agenda_items

    autumn = meetings.add(store, Meeting(title="Herbst", date=date(2026, 11, 27)))
    talk = AgendaEntry(meeting_id=autumn.id, title="Vortrag", minutes=20, position=1)
    agenda_items.add(store, talk)
    agenda_items.mark_deferred(store, talk.id, "2026-11-27T17:30:00+01:00")
    earlier = meetings.add(store, Meeting(title="Sommer", date=date(2026, 6, 1)))  # before it: takes nothing
    assert meetings.take_deferred(store, earlier) == 0
    winter = meetings.add_planned(store, Meeting(title="Winter", date=date(2027, 2, 26)))
    assert winter.id and meetings.get(store, winter.id) == winter
    copies = agenda_items.of_meeting(store, winter.id)
    assert [(c.title, c.carried_over_from, c.carried_over_item_id) for c in copies] == [("Vortrag", autumn.id, talk.id)]
    assert agenda_items.get(store, talk.id).carried_to == winter.id
    assert meetings.take_deferred(store, winter) == 0  # taken once: no longer waiting
