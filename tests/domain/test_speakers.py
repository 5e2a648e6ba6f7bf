"""The speakers' list: queue order, first-time priority, moving up, per-speaker time, balance by group."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integra_tui.domain import speakers
from integra_tui.domain.clock import FakeClock
from integra_tui.domain.speakers import SpeakerError, SpeakerEvent, SpeakersState, compute_speakers
from integra_tui.services.texts import refusal


@contextmanager
def refused(kind: type[Exception], match: str) -> Iterator[None]:
    """The command is refused, and what the moderator is told matches ``match`` (worded by services.texts)."""
    with pytest.raises(kind) as caught:
        yield
    assert re.search(match, refusal(caught.value)), refusal(caught.value)


BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 11, 27, 14, 30, tzinfo=BERLIN)
PRESENT = ["Kommune", "Landkreis", "Ehrenamtlich", "Zugewandert", "Ehrenamtlich"]


class SpeakersList:
    """One meeting's speaker events, a fake clock, and the options the moderator chose."""

    def __init__(self, first_time_priority: bool = False, time_limit_seconds: int | None = None) -> None:
        self.clock = FakeClock(T0)
        self.events: list[SpeakerEvent] = []
        self.first_time_priority = first_time_priority
        self.time_limit_seconds = time_limit_seconds

    def state(self, item_id: int = 1) -> SpeakersState:
        return compute_speakers(
            self.events,
            item_id,
            self.clock.now(),
            groups_present=PRESENT,
            first_time_priority=self.first_time_priority,
            time_limit_seconds=self.time_limit_seconds,
        )

    def do(self, command, *args, item_id: int = 1, **kwargs) -> SpeakersState:
        self.events.extend(command(self.state(item_id), self.clock.now(), *args, **kwargs))
        return self.state(item_id)

    def add(self, name: str, group: str, item_id: int = 1, **kwargs) -> int:
        state = self.do(speakers.add_speaker, name, group, item_id=item_id, **kwargs)
        return next(e.entry_id for e in state.queue if e.name == name)

    def speak(self, seconds: float, item_id: int = 1, entry_id: int | None = None) -> None:
        self.do(speakers.start_speaker, entry_id, item_id=item_id)
        self.clock.advance(seconds=seconds)
        self.do(speakers.stop_speaker, item_id=item_id)


def names(state: SpeakersState) -> list[str]:
    return [e.name for e in state.queue]


def test_queue_keeps_the_order_of_adding() -> None:
    board = SpeakersList()
    for name, group in [("Ayşe", "Zugewandert"), ("Bernd", "Kommune"), ("Олена", "Ehrenamtlich")]:
        board.add(name, group)
    assert names(board.state()) == ["Ayşe", "Bernd", "Олена"]
    assert board.state().current is None


def test_start_takes_the_first_in_the_queue_and_stop_records_who_spoke() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    board.add("Bernd", "Kommune")
    state = board.do(speakers.start_speaker)
    assert state.current is not None and state.current.entry.name == "Ayşe"
    assert names(state) == ["Bernd"]
    board.clock.advance(seconds=75)
    state = board.do(speakers.stop_speaker)
    assert state.current is None
    assert state.spoken == ("Ayşe",)


def test_starting_the_next_speaker_stops_the_previous_one() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    board.add("Bernd", "Kommune")
    board.do(speakers.start_speaker)
    board.clock.advance(seconds=40)
    state = board.do(speakers.start_speaker)
    assert state.current.entry.name == "Bernd"
    assert state.spoken == ("Ayşe", "Bernd")
    assert state.group_seconds_item["Zugewandert"] == 40


def test_a_chosen_entry_can_be_given_the_floor_out_of_turn() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    bernd = board.add("Bernd", "Kommune")
    state = board.do(speakers.start_speaker, bernd)
    assert state.current.entry.name == "Bernd"
    assert names(state) == ["Ayşe"]


def test_first_time_speakers_go_first_when_the_option_is_on() -> None:
    board = SpeakersList(first_time_priority=True)
    board.add("Ayşe", "Zugewandert")
    board.speak(60)
    board.add("Ayşe", "Zugewandert")  # wants to speak again
    board.add("Bernd", "Kommune")
    board.add("Carla", "Landkreis")
    state = board.state()
    assert names(state) == ["Bernd", "Carla", "Ayşe"]
    assert [e.has_spoken for e in state.queue] == [False, False, True]


def test_without_the_option_the_order_stays_as_added() -> None:
    board = SpeakersList(first_time_priority=False)
    board.add("Ayşe", "Zugewandert")
    board.speak(60)
    board.add("Ayşe", "Zugewandert")
    board.add("Bernd", "Kommune")
    state = board.state()
    assert names(state) == ["Ayşe", "Bernd"]
    assert state.queue[0].has_spoken


def test_having_spoken_counts_per_item() -> None:
    board = SpeakersList(first_time_priority=True)
    board.add("Ayşe", "Zugewandert", item_id=1)
    board.speak(30, item_id=1)
    board.add("Ayşe", "Zugewandert", item_id=2)
    board.add("Bernd", "Kommune", item_id=2)
    state = board.state(2)
    assert names(state) == ["Ayşe", "Bernd"]
    assert not state.queue[0].has_spoken


def test_the_same_person_is_recognised_by_id_even_if_the_name_is_typed_differently() -> None:
    board = SpeakersList(first_time_priority=True)
    board.add("Ayşe Yılmaz", "Zugewandert", person_id=7)
    board.speak(30)
    board.add("Ayse Yilmaz", "Zugewandert", person_id=7)
    board.add("Bernd", "Kommune")
    assert names(board.state()) == ["Bernd", "Ayse Yilmaz"]


def test_points_of_order_go_ahead_of_regular_speakers() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    board.add("Bernd", "Kommune")
    board.add("Carla", "Landkreis", point_of_order=True)
    assert names(board.state()) == ["Carla", "Ayşe", "Bernd"]


def test_move_up_swaps_with_the_one_before() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    board.add("Bernd", "Kommune")
    carla = board.add("Carla", "Landkreis")
    state = board.do(speakers.move_up, carla)
    assert names(state) == ["Ayşe", "Carla", "Bernd"]
    state = board.do(speakers.move_up, carla)
    assert names(state) == ["Carla", "Ayşe", "Bernd"]
    with refused(SpeakerError, "ganz vorn"):
        board.do(speakers.move_up, carla)


def test_move_up_does_not_jump_over_first_time_speakers() -> None:
    board = SpeakersList(first_time_priority=True)
    board.add("Ayşe", "Zugewandert")
    board.speak(10)
    board.add("Bernd", "Kommune")
    ayse = board.add("Ayşe", "Zugewandert")
    assert names(board.state()) == ["Bernd", "Ayşe"]
    with refused(SpeakerError, "Vorrang"):
        board.do(speakers.move_up, ayse)


def test_move_up_within_the_repeat_speakers() -> None:
    board = SpeakersList(first_time_priority=True)
    board.add("Ayşe", "Zugewandert")
    board.speak(10)
    board.add("Bernd", "Kommune")
    board.speak(10)
    board.add("Ayşe", "Zugewandert")
    bernd = board.add("Bernd", "Kommune")
    board.add("Carla", "Landkreis")
    assert names(board.state()) == ["Carla", "Ayşe", "Bernd"]
    assert names(board.do(speakers.move_up, bernd)) == ["Carla", "Bernd", "Ayşe"]


def test_remove_takes_an_entry_off_the_list() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    bernd = board.add("Bernd", "Kommune")
    state = board.do(speakers.remove_speaker, bernd)
    assert names(state) == ["Ayşe"]
    with refused(SpeakerError, "nicht auf der Redeliste"):
        board.do(speakers.remove_speaker, bernd)


def test_adding_someone_already_waiting_is_refused() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    with refused(SpeakerError, "schon auf der Redeliste"):
        board.add("  ayşe ", "Zugewandert")
    with refused(SpeakerError, "Namen"):
        board.add("   ", "Kommune")


def test_entry_ids_are_unique_across_items() -> None:
    board = SpeakersList()
    first = board.add("Ayşe", "Zugewandert", item_id=1)
    second = board.add("Bernd", "Kommune", item_id=2)
    assert first != second


def test_per_speaker_time_limit_counts_down_warns_and_overruns() -> None:
    board = SpeakersList(time_limit_seconds=180)
    board.add("Ayşe", "Zugewandert")
    board.do(speakers.start_speaker)
    board.clock.advance(seconds=140)
    current = board.state().current
    assert current.remaining_seconds == 40
    assert current.phase == "normal"
    board.clock.advance(seconds=10)
    assert board.state().current.phase == "warning"  # 30 seconds before the limit
    board.clock.advance(seconds=35)
    current = board.state().current
    assert current.phase == "overrun"
    assert current.remaining_seconds == -5


def test_without_a_limit_the_speaker_only_counts_up() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    board.do(speakers.start_speaker)
    board.clock.advance(minutes=20)
    current = board.state().current
    assert current.elapsed_seconds == 1200
    assert current.remaining_seconds is None
    assert current.phase == "normal"


def test_pausing_a_speaker_stops_their_clock() -> None:
    board = SpeakersList(time_limit_seconds=120)
    board.add("Ayşe", "Zugewandert")
    board.do(speakers.start_speaker)
    board.clock.advance(seconds=30)
    state = board.do(speakers.pause_speaker)
    assert state.current.paused
    board.clock.advance(seconds=300)
    assert board.state().current.elapsed_seconds == 30
    with pytest.raises(SpeakerError):
        board.do(speakers.pause_speaker)
    board.do(speakers.resume_speaker)
    board.clock.advance(seconds=15)
    assert board.state().current.elapsed_seconds == 45
    assert board.state().current.remaining_seconds == 75
    with pytest.raises(SpeakerError):
        board.do(speakers.resume_speaker)


def test_commands_without_a_speaker_are_refused() -> None:
    board = SpeakersList()
    with refused(SpeakerError, "leer"):
        board.do(speakers.start_speaker)
    with refused(SpeakerError, "spricht niemand"):
        board.do(speakers.stop_speaker)
    with refused(SpeakerError, "spricht niemand"):
        board.do(speakers.pause_speaker)


def test_balance_by_group_for_the_item_and_the_meeting() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert", item_id=1)
    board.add("Bernd", "Kommune", item_id=1)
    board.add("Dieter", "Kommune", item_id=1)
    board.speak(120, item_id=1)
    board.speak(60, item_id=1)
    board.speak(30, item_id=1)
    board.add("Bernd", "Kommune", item_id=2)
    board.speak(45, item_id=2)
    board.add("Carla", "Landkreis", item_id=2)
    board.do(speakers.start_speaker, item_id=2)
    board.clock.advance(seconds=20)  # Carla is still speaking: her time counts already

    item1 = board.state(1)
    assert item1.group_seconds_item == {
        "Kommune": 90,
        "Landkreis": 0,
        "Ehrenamtlich": 0,
        "Zugewandert": 120,
    }
    assert item1.groups_silent_item == ("Landkreis", "Ehrenamtlich")

    item2 = board.state(2)
    assert item2.group_seconds_item["Kommune"] == 45
    assert item2.group_seconds_item["Landkreis"] == 20
    assert item2.groups_silent_item == ("Ehrenamtlich", "Zugewandert")
    assert item2.group_seconds_meeting == {
        "Kommune": 135,
        "Landkreis": 20,
        "Ehrenamtlich": 0,
        "Zugewandert": 120,
    }
    assert item2.groups_silent_meeting == ("Ehrenamtlich",)


def test_no_per_person_totals_are_exposed() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    board.speak(60)
    state = board.state()
    exposed = set(vars(state))
    assert not any("person" in name for name in exposed)
    assert "Ayşe" not in state.group_seconds_item and "Ayşe" not in state.group_seconds_meeting


def test_state_is_recomputed_from_stored_events_after_a_restart() -> None:
    board = SpeakersList(time_limit_seconds=180)
    board.add("Ayşe", "Zugewandert")
    board.add("Bernd", "Kommune")
    board.do(speakers.start_speaker)
    board.clock.advance(seconds=50)
    stored = [SpeakerEvent.from_doc(e.to_doc()) for e in board.events]
    state = compute_speakers(stored, 1, T0 + timedelta(seconds=90), time_limit_seconds=180)
    assert state.current.entry.name == "Ayşe"
    assert state.current.elapsed_seconds == 90
    assert [e.name for e in state.queue] == ["Bernd"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Kommune", "Landkreis", "Zugewandert"]), st.integers(0, 600)), max_size=12))
def test_group_totals_add_up_to_all_speaking_time(speeches: list[tuple[str, int]]) -> None:
    board = SpeakersList()
    for number, (group, seconds) in enumerate(speeches):
        board.add(f"Person {number}", group)
        board.speak(seconds)
    state = board.state()
    assert sum(state.group_seconds_item.values()) == sum(seconds for _group, seconds in speeches)
    for group in ("Kommune", "Landkreis", "Zugewandert"):
        assert state.group_seconds_meeting.get(group, 0) == sum(s for g, s in speeches if g == group)


# -- speaking time typed in minutes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2", 120),
        ("2:30", 150),
        ("2,5", 150),
        ("2.5", 150),
        ("0,5", 30),
        ("1,25", 75),
        (" 3 ", 180),
        ("2 min", 120),
        ("2:30 Min.", 150),
        ("90 s", 90),
        ("45sek", 45),
        ("30", 1800),
    ],
)
def test_speaking_time_is_typed_in_minutes(text: str, seconds: int) -> None:
    assert speakers.parse_speaking_time(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "  ", "kein", "Keine", "-"])
def test_no_speaking_time_means_no_limit(text: str) -> None:
    assert speakers.parse_speaking_time(text) is None


@pytest.mark.parametrize("text", ["zwei", "2:75", "1:2:3", "-2", "2,5,1", "2 h"])
def test_speaking_time_not_understood_is_refused_with_how_to_type_it(text: str) -> None:
    with refused(SpeakerError, r"nicht verstanden\. Bitte in Minuten angeben, z\. B\. 2, 2:30"):
        speakers.parse_speaking_time(text)


def test_seconds_typed_as_before_are_refused_not_taken_as_two_hours() -> None:
    with refused(SpeakerError, r"„120“ ist länger als 30 Minuten"):
        speakers.parse_speaking_time("120")


@pytest.mark.parametrize(("seconds", "text"), [(120, "2"), (150, "2:30"), (45, "0:45"), (None, ""), (0, "")])
def test_the_form_shows_the_speaking_time_in_minutes(seconds: int | None, text: str) -> None:
    assert speakers.format_speaking_time(seconds) == text
    if text:
        assert speakers.parse_speaking_time(text) == seconds


# -- waiting speakers when the item changes --------------------------------------------------


def test_waiting_speakers_stay_on_their_item_and_can_be_carried_to_the_next() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    board.add("Bernd", "Kommune", point_of_order=True)
    board.add("Олена", "Ehrenamtlich", item_id=2)
    # Item 1 is left (the agenda moved on): nobody on its list is lost.
    assert names(board.state(1)) == ["Bernd", "Ayşe"]
    events = speakers.carry_waiting(board.state(1), board.state(2), board.clock.now())
    board.events.extend(events)
    assert names(board.state(1)) == []
    target = board.state(2)
    assert names(target) == ["Bernd", "Олена", "Ayşe"]  # a point of order still goes first
    carried = {e.name: e for e in target.queue}
    assert carried["Ayşe"].group == "Zugewandert" and carried["Bernd"].point_of_order
    assert len({e.entry_id for e in target.queue}) == 3  # new entries, no id reused


def test_someone_already_waiting_on_the_target_is_not_added_twice() -> None:
    board = SpeakersList()
    board.add("Ayşe", "Zugewandert")
    board.add("ayşe", "Zugewandert", item_id=2)
    board.events.extend(speakers.carry_waiting(board.state(1), board.state(2), board.clock.now()))
    assert names(board.state(2)) == ["ayşe"] and names(board.state(1)) == []


def test_carrying_from_an_empty_list_or_to_the_same_item_is_refused() -> None:
    board = SpeakersList()
    with refused(SpeakerError, "wartet niemand"):
        speakers.carry_waiting(board.state(1), board.state(2), board.clock.now())
    board.add("Ayşe", "Zugewandert")
    with refused(SpeakerError, "schon auf diesem Punkt"):
        speakers.carry_waiting(board.state(1), board.state(1), board.clock.now())
