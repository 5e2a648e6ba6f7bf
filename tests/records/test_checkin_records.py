"""Check-ins: the one rule (active unless undone) and what follows from it, on both stores."""

from __future__ import annotations

from integra_tui.domain.models import CheckIn
from integra_tui.records import checkins


def _check_in(store, meeting_id: int, person_id: int, at: str = "2026-11-27T17:00:00+01:00") -> CheckIn:
    return checkins.add(store, CheckIn(meeting_id=meeting_id, person_id=person_id, at=at, station="Eingang"))


def test_an_undone_check_in_no_longer_counts(store) -> None:
    first = _check_in(store, 1, 10)
    _check_in(store, 1, 11)
    assert checkins.is_active(first) and checkins.first_active(store, 1, 10) == first
    checkins.undo(store, first.id, "2026-11-27T17:05:00+01:00", "Tür 2")
    undone = checkins.get(store, first.id)
    assert undone.undone_at and undone.undone_station == "Tür 2"
    assert not checkins.is_active(undone) and not checkins.is_active(checkins.stored_of_person(store, 10)[0])
    assert checkins.first_active(store, 1, 10) is None
    assert checkins.present_ids(store, 1) == [11] and checkins.count_present(store, 1) == 1
    assert [c.person_id for c in checkins.active_of_meeting(store, 1)] == [11]
    assert checkins.active_of_person(store, 10) == []
    assert len(checkins.stored_of_person(store, 10)) == 1  # recorded, never deleted


def test_present_people_are_counted_once_in_the_order_they_came(store) -> None:
    _check_in(store, 1, 12)
    _check_in(store, 1, 10)
    _check_in(store, 1, 12)  # a second active check-in (e.g. admitted at two doors at once)
    _check_in(store, 2, 10)
    assert checkins.present_ids(store, 1) == [12, 10]
    assert checkins.count_present(store, 2) == 1
    assert len(checkins.every_active(store)) == 4
    assert checkins.get(store, 999) is None
