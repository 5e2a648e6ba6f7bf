"""The moderator's row builders without a pilot: what the panes would show, from a real store's view at ``now``."""

from __future__ import annotations

from datetime import date, time

from integra_tui.services import moderation as mod
from integra_tui.services.meetings import add_meeting
from integra_tui.ui.screens.moderator import rows


def view_at(ctx, meeting):
    view = mod.load_view(ctx, meeting.id)
    now = ctx.now()
    state = view.agenda(now)
    speakers = view.speakers(state.current.id, now) if state.current is not None else None
    return view, state, speakers, now


def test_before_the_start_the_next_item_waits_for_the_space_bar(ctx, meeting) -> None:
    view, state, speakers, now = view_at(ctx, meeting)
    texts = rows.timer_texts(state)
    assert (texts.title, texts.countdown, texts.status) == (
        "Als Nächstes: Begrüßung",
        "10:00",
        "Leertaste startet den Punkt.",
    )
    assert not texts.overrun
    agenda = rows.agenda_rows(state)
    assert len(agenda) == 7
    assert [r[1] for r in agenda] == [" "] * 7 and all(r[4] == "" for r in agenda)  # nothing started, nothing spent
    assert agenda[0][2] == "Begrüßung" and agenda[0][3] == "10"
    assert rows.current_speaker(speakers) == ("Kein Punkt läuft.", None)
    assert rows.queue_rows(speakers) == () and rows.balance_text(speakers) == ""
    assert rows.captures_title(state) == "Festgehalten (ohne Punkt)"
    bar = rows.bar_texts(state, now)
    assert bar.clock == "Uhr 16:55:00" and bar.so_far == "Plan 00:00 · Ist 00:00"


def test_a_running_item_counts_down_then_overruns_with_its_choices(ctx, meeting, clock) -> None:
    mod.next_item(ctx, meeting.id)
    clock.advance(minutes=3)
    _view, state, _speakers, _now = view_at(ctx, meeting)
    texts = rows.timer_texts(state)
    assert (texts.title, texts.countdown, texts.status) == ("1/7 Begrüßung", "07:00", "läuft · 03:00 von 10:00")
    first = rows.agenda_rows(state)[0]
    assert first[1] == "▶" and first[4] == "03:00"
    clock.advance(minutes=9)
    _view, state, _speakers, _now = view_at(ctx, meeting)
    texts = rows.timer_texts(state)
    assert texts.overrun and texts.status.startswith("überzogen · 12:00 von 10:00")
    assert rows.overrun_hint() == "x +5 Min · t Zeit nehmen · d Rest vertagen"
    mod.extend_item(ctx, meeting.id, rows.OVERRUN_MINUTES)
    _view, state, _speakers, _now = view_at(ctx, meeting)
    assert rows.status_line(state.current).endswith("(+5 Min)")
    assert rows.agenda_rows(state)[0][3] == "10 + 5"  # the plan and the change


def test_the_meeting_ended_shows_the_time_spent(ctx, meeting, clock) -> None:
    mod.next_item(ctx, meeting.id)
    clock.advance(minutes=4)
    mod.end_meeting(ctx, meeting.id)
    clock.advance(minutes=30)
    _view, state, _speakers, _now = view_at(ctx, meeting)
    texts = rows.timer_texts(state)
    assert texts.title == "Das Treffen ist beendet." and texts.countdown == "04:00"


def test_speakers_queue_current_speaker_and_group_balance(ctx, meeting, clock) -> None:
    state = mod.next_item(ctx, meeting.id)
    item = state.current_item_id
    mod.add_speaker(ctx, meeting.id, item, "Gisela Hartmann")
    mod.add_speaker(ctx, meeting.id, item, "Frei Genannt", "Interessiert")
    mod.add_speaker(ctx, meeting.id, item, "Zur Ordnung", point_of_order=True)
    _view, _state, speakers, _now = view_at(ctx, meeting)
    queue = rows.queue_rows(speakers)
    assert [(r[1], r[2]) for r in queue] == [("1", "§ Zur Ordnung"), ("2", "Gisela Hartmann"), ("3", "Frei Genannt")]
    assert rows.current_speaker(speakers)[0] == "Niemand spricht."
    mod.next_speaker(ctx, meeting.id, item)
    clock.advance(seconds=90)
    _view, _state, speakers, _now = view_at(ctx, meeting)
    text, _phase = rows.current_speaker(speakers)
    assert text.startswith("▶ Zur Ordnung") and "01:30" in text
    assert [r[1] for r in rows.queue_rows(speakers)] == ["1", "2"]
    assert rows.balance_text(speakers).startswith("Redezeit: Punkt · Treffen")


def test_captures_show_owner_due_date_and_votes_and_text_as_typed(ctx, meeting) -> None:
    state = mod.next_item(ctx, meeting.id)
    item = state.current_item_id
    mod.add_capture(
        ctx, meeting.id, "action", "Flyer [bold]drucken[/]", agenda_item_id=item, owner="Ömer", due=date(2026, 12, 4)
    )
    mod.add_capture(ctx, meeting.id, "decision", "Sommerfest", agenda_item_id=item, votes="12 2 1")
    mod.add_capture(ctx, meeting.id, "note", "ohne Punkt")
    view, state, _speakers, _now = view_at(ctx, meeting)
    captured = rows.capture_rows(view, item)
    assert [r[1:] for r in captured] == [
        ("Aufgabe", "Flyer [bold]drucken[/] · Ömer · bis Fr, 04.12.2026", "Ömer · bis Fr, 04.12.2026"),
        ("Beschluss", "Sommerfest · ja 12 · nein 2 · Enthaltung 1", "ja 12 · nein 2 · Enthaltung 1"),
    ]
    assert [r[2] for r in rows.capture_rows(view, None)] == ["ohne Punkt"]
    assert rows.captures_title(state) == "Festgehalten zu „Begrüßung“"


def test_the_open_items_review_groups_its_parts_under_headings(ctx, meeting) -> None:
    earlier = add_meeting(ctx, "Vorheriges Treffen", date(2026, 8, 27), time(17, 0))
    mod.add_capture(ctx, earlier.id, "action", "Raum buchen", owner="Gisela Hartmann", due=date(2026, 11, 20))
    mod.add_capture(ctx, earlier.id, "need", "Dolmetscher", group="Zugewandert")
    mod.add_capture(ctx, earlier.id, "question", "Wer zahlt den Bus?", group="Kommune")
    view = mod.load_view(ctx, meeting.id)
    built = rows.open_item_rows(view, meeting.id)
    assert [r[1] for r in built] == [
        "Aufgaben",
        "Raum buchen",
        "Bedarfe",
        "Dolmetscher",
        "Fragen",
        "Wer zahlt den Bus?",
    ]
    assert [r[0] < 0 for r in built] == [True, False, True, False, True, False]
    assert built[1][2:] == ("Gisela Hartmann", "20.11.2026", "offen", "")
    assert built[5][4] == "offen"


def test_cut_and_wrap_fit_the_cells() -> None:
    assert rows.cut("Bericht aus dem Landkreis", 10) == "Bericht a…"
    assert rows.cut("kurz", 10) == "kurz"
    assert rows.wrap("eins zwei drei vier fünf sechs", 10, lines=2) == "eins zwei\ndrei vier…"


def test_the_bar_turns_late_when_the_projected_end_passes_the_plan(ctx, meeting, clock) -> None:
    mod.next_item(ctx, meeting.id)
    _view, state, _speakers, now = view_at(ctx, meeting)
    assert not rows.bar_texts(state, now).late
    clock.advance(minutes=40)
    _view, state, _speakers, now = view_at(ctx, meeting)
    assert rows.bar_texts(state, now).late


def test_a_long_capture_keeps_who_and_until_when_on_a_line_of_their_own() -> None:
    line = "Flyer für das Sommerfest drucken und in allen Einrichtungen verteilen · Sabine Kröger · bis Fr, 15.01.2027"
    cell = rows.capture_cell(line, "Sabine Kröger · bis Fr, 15.01.2027", 40)
    assert cell.splitlines() == [
        "Flyer für das Sommerfest drucken und in",
        "allen Einrichtungen verteilen",
        "· Sabine Kröger · bis Fr, 15.01.2027",
    ]
    narrow = rows.capture_cell(line, "Sabine Kröger · bis Fr, 15.01.2027", 24).splitlines()
    assert narrow[1].endswith("…") and narrow[2:] == ["· Sabine Kröger · bis", "Fr, 15.01.2027"]
    assert rows.capture_cell("Kurz · Ömer", "Ömer", 40) == "Kurz · Ömer"
