"""Every use case that changes more than one document does it inside one transaction.

The store makes a transaction all-or-nothing (one journal line), so a use case whose writes all
belong to one outermost ``transaction()`` block is never left half done by a kill or a full disk.
These tests record, for each write, which outermost block it belongs to (None: outside any).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.io.demo_data import demo_paths
from integra_tui.services import agenda, checkin, invitations, moderation, privacy
from integra_tui.services.context import Context, open_context
from integra_tui.services.invitations import issue_code
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person, import_invitees, invite

BERLIN = ZoneInfo("Europe/Berlin")


class RecordingStore:
    """The real store, noting for every write the outermost transaction block it happens in."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._depth = 0
        self._blocks = 0
        self.writes: list[tuple[int | None, str, str]] = []

    @contextmanager
    def transaction(self) -> Iterator[RecordingStore]:
        if self._depth == 0:
            self._blocks += 1
        self._depth += 1
        try:
            with self._store.transaction():
                yield self
        finally:
            self._depth -= 1

    def _note(self, what: str, table: str) -> None:
        self.writes.append((self._blocks if self._depth else None, what, table))

    def insert(self, table: str, doc: Any) -> int:
        self._note("insert", table)
        return self._store.insert(table, doc)

    def insert_many(self, table: str, docs: Any) -> list[int]:
        self._note("insert_many", table)
        return self._store.insert_many(table, docs)

    def update(self, table: str, doc_id: int, fields: Any) -> None:
        self._note("update", table)
        self._store.update(table, doc_id, fields)

    def remove(self, table: str, doc_id: int) -> None:
        self._note("remove", table)
        self._store.remove(table, doc_id)

    def table(self, name: str) -> Any:
        real, recording = self._store.table(name), self

        class Table:
            def insert_multiple(self, documents: Any) -> list[int]:
                recording._note("insert_multiple", name)
                return real.insert_multiple(documents)

        return Table()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def blocks_of_the_last(self, call: Any) -> set[int | None]:
        """Run ``call`` and return the blocks its writes happened in (one block: all or nothing)."""
        before = len(self.writes)
        call()
        assert len(self.writes) > before + 1, "a use case of one write needs no test here"
        return {block for block, _what, _table in self.writes[before:]}


@pytest.fixture()
def ctx(tmp_path: Path) -> Iterator[Context]:
    context = open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)))
    yield context
    context.close()


@pytest.fixture()
def recorded(ctx: Context) -> RecordingStore:
    recording = RecordingStore(ctx.store)
    ctx.store = recording  # type: ignore[assignment]
    return recording


def _meeting(ctx: Context, on: date = date(2026, 11, 27)) -> int:
    meeting = add_meeting(ctx, "Runder Tisch", on, time(17, 0), place="MGH")
    for title, minutes in (("Begrüßung", 10), ("Vortrag", 25), ("Austausch", 20)):
        agenda.add_agenda_item(ctx, meeting.id, title, minutes)
    return meeting.id


def _one(blocks: set[int | None]) -> bool:
    return len(blocks) == 1 and None not in blocks


def test_imports_are_one_transaction(ctx, recorded) -> None:
    invitees_csv, agenda_csv = demo_paths()
    meeting = add_meeting(ctx, "Demo", date(2026, 11, 27))
    assert _one(recorded.blocks_of_the_last(lambda: import_invitees(ctx, invitees_csv, meeting.id)))
    assert _one(recorded.blocks_of_the_last(lambda: agenda.import_agenda(ctx, agenda_csv, meeting.id)))


def test_a_walk_in_is_one_transaction(ctx, recorded) -> None:
    meeting_id = _meeting(ctx)
    blocks = recorded.blocks_of_the_last(
        lambda: checkin.register_walk_in(ctx, meeting_id, "Amal Haddad", "Zugewandert")
    )
    assert _one(blocks)
    tables = {table for _b, _what, table in recorded.writes}
    assert {"persons", "invitees", "codes", "checkins"} <= tables


def test_a_card_that_invites_its_holder_is_one_transaction(ctx, recorded) -> None:
    meeting_id = _meeting(ctx)
    person = add_person(ctx, Person(name="Ben Kaya", group="Kommune"))
    card = invitations.issue_card(ctx, person.id).code
    assert _one(recorded.blocks_of_the_last(lambda: checkin.check_in_code(ctx, meeting_id, card)))


def test_invitations_and_new_codes_are_one_transaction_each(ctx, recorded) -> None:
    meeting_id = _meeting(ctx)
    person = add_person(ctx, Person(name="Ben Kaya", group="Kommune"))
    assert _one(recorded.blocks_of_the_last(lambda: invite(ctx, meeting_id, person.id)))
    invitee = invite(ctx, meeting_id, person.id)
    assert _one(recorded.blocks_of_the_last(lambda: issue_code(ctx, invitee.id)))
    assert _one(recorded.blocks_of_the_last(lambda: invitations.issue_card(ctx, person.id, new=True)))


def test_deferring_is_one_transaction(ctx, recorded) -> None:
    meeting_id = _meeting(ctx)
    add_meeting(ctx, "Winter", date(2027, 2, 26))
    moderation.next_item(ctx, meeting_id)
    assert _one(recorded.blocks_of_the_last(lambda: moderation.defer_item(ctx, meeting_id)))  # moved, copy made
    assert _one(recorded.blocks_of_the_last(lambda: moderation.previous_item(ctx, meeting_id)))  # copy taken back


def test_deferring_with_a_new_meeting_is_one_transaction(ctx, recorded) -> None:
    meeting_id = _meeting(ctx)
    moderation.next_item(ctx, meeting_id)
    blocks = recorded.blocks_of_the_last(lambda: moderation.defer_item(ctx, meeting_id, overrun=True, create_next=True))
    assert _one(blocks)


def test_the_next_meeting_takes_the_deferred_list_in_one_transaction(ctx, recorded) -> None:
    meeting_id = _meeting(ctx)
    first = agenda.agenda_entries(ctx, meeting_id)[1].id
    moderation.defer_item(ctx, meeting_id, first)  # no next meeting yet: it waits
    before = len(recorded.writes)
    blocks = recorded.blocks_of_the_last(lambda: add_meeting(ctx, "Winter", date(2027, 2, 26)))
    assert _one(blocks)
    written = [(what, table) for _b, what, table in recorded.writes[before:]]
    assert written[0] == ("insert", "meetings") and ("insert", "agenda_items") in written  # the meeting, the copy


def test_overrun_choices_and_leaving_an_item_are_one_transaction(ctx, recorded) -> None:
    meeting_id = _meeting(ctx)
    item = agenda.agenda_entries(ctx, meeting_id)[0].id
    # Starting the first item starts the meeting too: two events and the meeting's status.
    assert _one(recorded.blocks_of_the_last(lambda: moderation.next_item(ctx, meeting_id)))
    moderation.take_time(ctx, meeting_id, 5)  # one event names both items: nothing to tear apart
    moderation.add_speaker(ctx, meeting_id, item, "Anna")
    moderation.next_speaker(ctx, meeting_id, item)
    # Leaving the item ends the speech on it: timer events and the speaker's stop together.
    assert _one(recorded.blocks_of_the_last(lambda: moderation.next_item(ctx, meeting_id)))
    # Deferring the rest of an overrun item: the event, the marked item and its copy (see above).
    add_meeting(ctx, "Winter", date(2027, 2, 26))
    assert _one(recorded.blocks_of_the_last(lambda: moderation.defer_item(ctx, meeting_id, overrun=True)))


def test_forget_and_purge_are_one_transaction_each(scenario) -> None:
    recording = RecordingStore(scenario.ctx.store)
    scenario.ctx.store = recording  # type: ignore[assignment]
    person_id = scenario.people["Jürgen Müller"]
    assert _one(recording.blocks_of_the_last(lambda: privacy.forget_person(scenario.ctx, person_id)))
    scenario.clock.set(scenario.clock.now().replace(year=2028))
    assert _one(recording.blocks_of_the_last(lambda: privacy.purge(scenario.ctx, date(2026, 11, 28))))
    scenario.ctx.store = recording._store
