"""Agenda items: order, removal recorded not deleted, the deferred list and carrying an item over, on both stores."""

from __future__ import annotations

from integra_tui.domain.models import AgendaEntry
from integra_tui.records import agenda_items


def _item(store, meeting_id: int, title: str, position: int | None = None, presenter: str = "") -> AgendaEntry:
    entry = AgendaEntry(
        meeting_id=meeting_id,
        title=title,
        minutes=10,
        presenter=presenter,
        position=agenda_items.next_position(store, meeting_id) if position is None else position,
    )
    agenda_items.add(store, entry)
    return entry


def test_the_agenda_is_in_position_order_and_a_removed_item_leaves_it(store) -> None:
    a, b = _item(store, 1, "A"), _item(store, 1, "B")
    first = _item(store, 1, "Offene Punkte", position=0)
    assert [i.title for i in agenda_items.of_meeting(store, 1)] == ["Offene Punkte", "A", "B"]
    assert agenda_items.next_position(store, 1) == 3 and agenda_items.next_position(store, 2) == 1
    agenda_items.remove(store, a.id, "2026-11-27T17:00:00+01:00")
    assert [i.title for i in agenda_items.of_meeting(store, 1)] == ["Offene Punkte", "B"]
    assert len(agenda_items.of_meeting(store, 1, include_removed=True)) == 3
    assert not agenda_items.is_on_agenda(agenda_items.get(store, a.id))
    assert agenda_items.get_on_agenda(store, a.id) is None and agenda_items.get_on_agenda(store, b.id) == b
    agenda_items.set_position(store, first.id, 9)
    agenda_items.edit(store, b.id, title="B neu", minutes=None)
    assert [(i.title, i.minutes) for i in agenda_items.of_meeting(store, 1)] == [("B neu", 10), ("Offene Punkte", 10)]


def test_a_deferred_item_waits_until_a_meeting_takes_it_over(store) -> None:
    talk = _item(store, 1, "Vortrag", presenter="Claudia Neumann (IHK)")
    agenda_items.mark_deferred(store, talk.id, "2026-11-27T17:30:00+01:00")
    waiting = agenda_items.waiting_from(store, {1})
    assert [i.id for i in waiting] == [talk.id] and agenda_items.is_waiting(waiting[0])
    assert agenda_items.waiting_from(store, {2}) == []
    copy_id = agenda_items.carry(store, waiting[0], 2)
    copy = agenda_items.get(store, copy_id)
    assert (copy.meeting_id, copy.title, copy.carried_over_from, copy.carried_over_item_id) == (
        2,
        "Vortrag",
        1,
        talk.id,
    )
    assert agenda_items.get(store, talk.id).carried_to == 2
    assert agenda_items.waiting_from(store, {1}) == []
    assert [c.id for c in agenda_items.copies_of(store, talk.id)] == [copy_id]
    agenda_items.clear_deferral(store, talk.id)
    assert not agenda_items.get(store, talk.id).deferred_at


def test_a_removed_deferred_item_does_not_wait(store) -> None:
    item = _item(store, 1, "Austausch")
    agenda_items.mark_deferred(store, item.id, "t")
    agenda_items.remove(store, item.id, "t")
    assert agenda_items.waiting_from(store, {1}) == []


def test_presenter_fields_that_name_a_person(store) -> None:
    talk = _item(store, 1, "Vortrag", presenter="Claudia Neumann (IHK)")
    _item(store, 1, "Andere", presenter="Claudia Neumann-Schulz")
    assert [i.id for i in agenda_items.presented_by(store, "claudia neumann")] == [talk.id]
    assert [d["id"] for d in agenda_items.stored_presented_by(store, "claudia neumann")] == [talk.id]
    agenda_items.set_presenter(store, talk.id, "(gelöscht) (IHK)")
    assert agenda_items.presented_by(store, "claudia neumann") == []
    assert agenda_items.presented_by(store, "") == []


def test_the_timer_sees_the_agenda_in_its_order_without_removed_items(store) -> None:
    a, b = _item(store, 1, "A"), _item(store, 1, "B", position=0)
    gone = _item(store, 1, "C")
    agenda_items.remove(store, gone.id, "t")
    shown = [(i.id, i.title, i.minutes) for i in agenda_items.timer_items(store, 1)]
    assert shown == [(b.id, "B", 10), (a.id, "A", 10)]
    assert agenda_items.timer_items(store, 2) == []
