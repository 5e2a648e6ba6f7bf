"""The door as a helper uses it: codes typed the way a scanner types them, and what the screen and store then show."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.pilot import screen_text, settle, until
from textual import events
from textual.geometry import Region
from textual.widgets import Checkbox, Digits, Input, OptionList, Select, Static

from integra_tui import i18n
from integra_tui.domain.clock import FakeClock
from integra_tui.domain.codes import format_code, new_code, simulate_us_scanner_on_qwertz
from integra_tui.domain.models import Person
from integra_tui.io.qr import make_qr
from integra_tui.services.context import open_context
from integra_tui.services.invitations import issue_code
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person, invite, invitees_of
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.door import DoorScreen
from integra_tui.ui.screens.door_dialogs import ConfirmDialog, PersonSearchDialog, UndoDialog
from integra_tui.ui.screens.walk_in import CardDialog, WalkInDialog
from integra_tui.ui.widgets.confirm import ChoiceDialog
from integra_tui.ui.widgets.key_footer import KeyFooter
from integra_tui.ui.widgets.qr_view import QRView
from integra_tui.ui.widgets.result_panel import ResultPanel
from integra_tui.ui.widgets.scan_input import ScanInput

BERLIN = ZoneInfo("Europe/Berlin")
SIZE = (100, 30)


@pytest.fixture(autouse=True)
def quick_bells(monkeypatch):
    monkeypatch.setattr(DoorScreen, "bell_gap", 0.01)
    monkeypatch.setattr(DoorScreen, "count_delay", 0)  # recount as soon as the panel is drawn


@pytest.fixture(autouse=True)
def scanner_speed(monkeypatch):
    """Let ``pilot.press`` send keys about as fast as a scanner does.

    Between two keys the pilot waits until the process looks idle, sampling in 20 ms steps
    (``textual._wait``): at least 40 ms a key, five times slower than a scanner's 8 ms. With 2 ms
    steps (and the same 10 % CPU threshold for "idle") a key follows the previous one as soon as
    the app has handled it, in about 10 ms.
    """
    monkeypatch.setattr("textual._wait.SLEEP_GRANULARITY", 0.002)
    monkeypatch.setattr("textual._wait.SLEEP_IDLE", 0.0002)


def _code_of(ctx, meeting, name: str) -> str:
    return next(inv.code for inv, person in invitees_of(ctx, meeting.id) if person.name == name)


def _door_app(ctx, **options):
    return make_app(ctx, screen="door", station="Eingang 1", **options)


def scan_keys(text: str, terminator: str | None = "enter") -> list[str]:
    """The key presses a keyboard-wedge scanner sends for ``text``."""
    return [*text, *([terminator] if terminator else [])]


def panel(app) -> ResultPanel:
    return app.screen.query_one(ResultPanel)


def on_screen(widget) -> str:
    """The text a widget draws in its place on the screen (cut off where it does not fit)."""
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size)))


def present_count(app) -> str:
    return str(app.screen.query_one("#present-digits", Digits).value)


def side_text(app) -> str:
    return "\n".join(
        str(app.screen.query_one(f"#{part}", Static).content) for part in ("door-invited", "door-groups", "door-recent")
    )


def active_check_ins(ctx, meeting_id: int) -> list[dict]:
    ctx.store.refresh()
    return [d for d in ctx.store.find("checkins", "meeting_id", meeting_id) if not d.get("undone_at")]


# -- scanning --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_a_scan_ending_in_enter_is_welcomed_in_green_and_stored(ctx, meeting, size) -> None:
    code = _code_of(ctx, meeting, "Jürgen Müller")
    app = _door_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, ScanInput)
        assert "Bitte Einladung scannen" in panel(app).text
        assert app.screen.title == "Eingang · Eingang 1"
        await pilot.press(*scan_keys(code))
        await settle(app, pilot)
        shown = panel(app).text
        assert "Willkommen!" in shown and "Jürgen Müller" in shown and "Kommune" in shown
        assert panel(app).kind == "accepted"
        await until(pilot, lambda: present_count(app) == "1")  # the recount runs in a worker of its own
        await until(pilot, lambda: "von 40 eingeladen" in side_text(app) and "Jürgen Müller" in side_text(app))
        assert isinstance(app.focused, ScanInput)
        # Panel, counts and last check-ins are all on the screen at this size.
        screen_region = app.screen.region
        for selector in ("#result", "#present-digits", "#door-groups", "#door-recent", "#scan"):
            widget = app.screen.query_one(selector)
            assert widget.region.height > 0 and screen_region.contains_region(widget.region), selector
        assert panel(app).region.height >= 12
        drawn = on_screen(panel(app))
        assert "Willkommen!" in drawn and "Jürgen Müller" in drawn and "Eingecheckt" in drawn
        assert "Jürgen Müller" in on_screen(app.screen.query_one("#door-recent"))
    stored = active_check_ins(ctx, meeting.id)
    assert [(d["method"], d["station"], d["code"]) for d in stored] == [("scan", "Eingang 1", code)]


async def test_the_one_door_is_named_once_in_the_title(ctx, meeting) -> None:
    app = make_app(ctx, screen="door")  # no --station: the default
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.title == "Eingang"  # not "Eingang · Eingang"
        assert "27.11.2026" in app.screen.sub_title


async def test_scanners_ending_in_tab_or_nothing_are_understood_too(ctx, meeting) -> None:
    tab_code = _code_of(ctx, meeting, "Sabine Kröger")
    silent_code = _code_of(ctx, meeting, "Hanna Weiß")
    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(tab_code, "tab"))
        await settle(app, pilot)
        assert "Sabine Kröger" in panel(app).text
        assert isinstance(app.focused, ScanInput)  # Tab did not move the focus away
        await pilot.press(*scan_keys(silent_code, None))
        # No terminator: the complete code is finished after ~150 ms of silence.
        await until(pilot, lambda: "Hanna Weiß" in panel(app).text)
        await settle(app, pilot)
        await until(pilot, lambda: present_count(app) == "2")
    assert sorted(d["code"] for d in active_check_ins(ctx, meeting.id)) == sorted([tab_code, silent_code])


async def test_a_us_set_scanner_on_a_german_layout_is_read_right(ctx, meeting) -> None:
    code = _code_of(ctx, meeting, "Ömer Şengül")
    # The printed code with hyphens, as a US-set scanner types it on QWERTZ with Caps Lock on.
    typed = simulate_us_scanner_on_qwertz(format_code(code).replace(" ", "-"), caps_lock=True)
    assert "ß" in typed and typed != code
    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(typed))
        await settle(app, pilot)
        assert "Ömer Şengül" in panel(app).text and panel(app).kind == "accepted"
    assert [d["code"] for d in active_check_ins(ctx, meeting.id)] == [code]


async def test_a_second_scan_shows_orange_with_the_first_check_in(ctx, meeting, clock) -> None:
    code = _code_of(ctx, meeting, "Jürgen Müller")
    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(code))
        await settle(app, pilot)
        clock.advance(minutes=12)
        await pilot.press(*scan_keys(code))
        await settle(app, pilot)
        shown = panel(app).text
        assert panel(app).kind == "duplicate"
        assert "Schon eingecheckt" in shown and "Jürgen Müller" in shown
        assert "16:55" in shown and "Eingang 1" in shown
        await until(pilot, lambda: present_count(app) == "1")
    assert len(active_check_ins(ctx, meeting.id)) == 1


async def test_each_refusal_is_red_and_says_why_and_what_to_do(ctx, meeting) -> None:
    replaced_invitee = next(inv for inv, person in invitees_of(ctx, meeting.id) if person.name == "Hanna Weiß")
    issue_code(ctx, replaced_invitee.id)
    good = _code_of(ctx, meeting, "Jürgen Müller")
    damaged = good[:6] + ("0" if good[6] != "0" else "1") + good[7:]
    cases = [
        ("https://example.org/ticket/42", "Kein Code von uns"),
        (damaged, "Prüfzeichen"),
        (replaced_invitee.code, "neuere ersetzt"),
        (new_code(), "Code unbekannt"),
    ]
    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for text, expected in cases:
            await pilot.press(*scan_keys(text))
            await settle(app, pilot)
            assert panel(app).kind == "refused", text
            assert expected in panel(app).text, text
            assert "F2" in panel(app).text  # what to do: search the name
        assert present_count(app) == "0"
    assert active_check_ins(ctx, meeting.id) == []


async def test_another_meetings_invitation_shows_its_date_and_f4_admits_anyway(ctx, meeting) -> None:
    spring = add_meeting(ctx, "Frühjahrstreffen", date(2027, 3, 11))
    guest = add_person(ctx, Person(name="Lina Hoffmann", group="Interessiert"))
    spring_code = invite(ctx, spring.id, guest.id).code
    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")  # nothing to admit yet
        await settle(app, pilot)
        assert active_check_ins(ctx, meeting.id) == []
        await pilot.press(*scan_keys(spring_code))
        await settle(app, pilot)
        assert panel(app).kind == "refused"
        assert "11.03.2027" in panel(app).text and "Lina Hoffmann" in panel(app).text and "F4" in panel(app).text
        await pilot.press("f4")
        await settle(app, pilot)
        assert panel(app).kind == "accepted" and "Lina Hoffmann" in panel(app).text
        await until(pilot, lambda: present_count(app) == "1")
        await until(pilot, lambda: "1 ohne Einladung" in side_text(app))
    assert [d["method"] for d in active_check_ins(ctx, meeting.id)] == ["override"]


async def test_each_outcome_has_its_bell_pattern(ctx, meeting) -> None:
    code = _code_of(ctx, meeting, "Jürgen Müller")
    app = _door_app(ctx)
    rung: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        app.bell = lambda: rung.append(1)  # type: ignore[method-assign]
        await settle(app, pilot)
        counts = []
        for text in (code, code, "hello"):  # accepted, duplicate, refused
            rung.clear()
            await pilot.press(*scan_keys(text))
            await settle(app, pilot)
            await until(pilot, lambda: app.screen.bells_due == 0)  # every bell of this outcome has rung
            counts.append(len(rung))
    assert counts == [1, 2, 3]


async def test_the_panel_returns_to_the_scan_prompt_by_itself(ctx, meeting, monkeypatch) -> None:
    monkeypatch.setattr(ResultPanel, "reset_seconds", 0.5)
    kinds: list[str] = []  # every kind shown, so a busy machine reaching the reset first is no failure
    original = ResultPanel._set

    def recording(self, kind, *args):  # noqa: ANN001, ANN202
        kinds.append(kind)
        return original(self, kind, *args)

    monkeypatch.setattr(ResultPanel, "_set", recording)
    code = _code_of(ctx, meeting, "Jürgen Müller")
    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(code))
        assert "accepted" in kinds
        await until(pilot, lambda: panel(app).kind == "idle")
        assert "Bitte Einladung scannen" in panel(app).text
        assert "Jürgen Müller" not in panel(app).text


async def _many_invitees(ctx, count: int) -> tuple[int, list[tuple[str, int]]]:
    big = add_meeting(ctx, "Großes Treffen", ctx.today())
    people_and_codes = []
    for number in range(count):
        person = add_person(ctx, Person(name=f"Gast {number:03d}", group="Interessiert"))
        people_and_codes.append((invite(ctx, big.id, person.id).code, person.id))
    return big.id, people_and_codes


async def test_a_burst_of_100_scans_gives_100_check_ins_none_lost_or_merged(ctx) -> None:
    meeting_id, invited = await _many_invitees(ctx, 100)
    keys = [key for code, _pid in invited for key in scan_keys(code)]
    app = _door_app(ctx, meeting_id=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*keys)
        await settle(app, pilot)
        assert "Gast 099" in panel(app).text and panel(app).kind == "accepted"
        await until(pilot, lambda: present_count(app) == "100")
    stored = active_check_ins(ctx, meeting_id)
    assert sorted(d["person_id"] for d in stored) == sorted(pid for _code, pid in invited)
    assert [d["code"] for d in stored] == [code for code, _pid in invited]  # in scan order


async def test_keys_arriving_while_a_check_in_is_saved_are_kept_in_order(ctx) -> None:
    """All keys of 30 scans queued at once, before the first is handled, as a fast scanner does."""
    meeting_id, invited = await _many_invitees(ctx, 30)
    app = _door_app(ctx, meeting_id=meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        scan_input = app.screen.query_one(ScanInput)
        for code, _pid in invited:
            for key in scan_keys(code):
                event = events.Key(key, "\r" if key == "enter" else key)
                event.set_sender(app)
                scan_input.post_message(event)
        await until(pilot, lambda: "Gast 029" in panel(app).text)
        await settle(app, pilot)
    assert [d["code"] for d in active_check_ins(ctx, meeting_id)] == [code for code, _pid in invited]


async def test_counts_follow_check_ins_of_another_station_on_the_same_store(ctx, meeting, tmp_path) -> None:
    other = open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 17, 1, tzinfo=BERLIN)))
    from integra_tui.services.checkin import check_in_code

    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert present_count(app) == "0"
        check_in_code(other, meeting.id, _code_of(other, meeting, "Aylin Doğan"), station="Eingang 2")
        app.check_store()  # what the app's one-second poll does
        await settle(app, pilot)
        await until(pilot, lambda: present_count(app) == "1")
        await until(pilot, lambda: "Aylin Doğan" in side_text(app))
        # This station now sees her as already checked in, at the other station.
        await pilot.press(*scan_keys(_code_of(ctx, meeting, "Aylin Doğan")))
        await settle(app, pilot)
        assert panel(app).kind == "duplicate" and "Eingang 2" in panel(app).text and "17:01" in panel(app).text
    other.close()


# -- without an invitation -------------------------------------------------------------------


async def test_search_finds_names_without_case_or_accents_and_checks_in(ctx, meeting) -> None:
    add_person(ctx, Person(name="Anton Müller", group="Interessiert"))  # known, not invited: not for the door
    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, PersonSearchDialog)
        assert isinstance(app.focused, Input)  # the dialog has the focus while open
        await pilot.press(*"muller")
        await settle(app, pilot)
        names = [m.person.name for m in dialog.matches]
        assert "Jürgen Müller" in names and "Anton Müller" not in names  # this meeting's people only
        results = dialog.query_one(OptionList)
        assert "Jürgen Müller" in str(results.get_option_at_index(results.highlighted).prompt)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen)
        assert isinstance(app.focused, ScanInput)  # back to scanning
        assert "Jürgen Müller" in panel(app).text and panel(app).kind == "accepted"

        await pilot.press("f2", *"SENGUL")
        await settle(app, pilot)
        assert [m.person.name for m in app.screen.matches] == ["Ömer Şengül"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen) and isinstance(app.focused, ScanInput)
    assert [(d["method"]) for d in active_check_ins(ctx, meeting.id)] == ["search"]


async def test_a_walk_in_takes_name_and_group_and_gets_their_own_qr_code(ctx, meeting) -> None:
    app = _door_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, WalkInDialog)
        await pilot.press(*"Zofia Nowak", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, WalkInDialog)  # no group yet: said, nothing stored
        assert "Gruppe" in str(app.screen.query_one("#walkin-error", Static).content)
        assert active_check_ins(ctx, meeting.id) == []
        app.screen.query_one(Select).value = "Ehrenamtlich"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen) and isinstance(app.focused, ScanInput)
        assert "Zofia Nowak" in panel(app).text and panel(app).kind == "accepted"
        await until(pilot, lambda: "1 ohne Einladung" in side_text(app))
        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, CardDialog)
        card_code = app.screen.query_one(QRView).content
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.focused, ScanInput)
    stored = active_check_ins(ctx, meeting.id)
    assert [d["method"] for d in stored] == ["walkin"]
    person = ctx.store.get("persons", stored[0]["person_id"])
    assert person["card_code"] == card_code
    invitee = ctx.store.find("invitees", "person_id", person["id"])
    assert [(d["meeting_id"], d["walk_in"]) for d in invitee] == [(meeting.id, True)]


async def test_undo_asks_first_and_records_the_undo(ctx, meeting) -> None:
    first = _code_of(ctx, meeting, "Jürgen Müller")
    second = _code_of(ctx, meeting, "Sabine Kröger")
    app = _door_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(first), *scan_keys(second))
        await settle(app, pilot)
        await until(pilot, lambda: present_count(app) == "2")
        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, UndoDialog)
        await pilot.press("enter")  # the newest: Sabine Kröger
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Sabine Kröger" in str(app.screen.query_one("#confirm-question", Static).content)
        await pilot.press("n")  # no: nothing changes
        await settle(app, pilot)
        assert len(active_check_ins(ctx, meeting.id)) == 2
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen) and isinstance(app.focused, ScanInput)
        await until(pilot, lambda: present_count(app) == "1")
    records = ctx.store.find("checkins", "meeting_id", meeting.id)
    assert len(records) == 2  # recorded, not deleted
    undone = [d for d in records if d.get("undone_at")]
    assert [(d["code"], d["undone_station"]) for d in undone] == [(second, "Eingang 1")]


async def test_the_door_opens_from_home_and_escape_goes_back(ctx, meeting) -> None:
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen) and app.screen.meeting_id == meeting.id
        assert isinstance(app.focused, ScanInput)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, DoorScreen)


async def test_the_door_speaks_english_too(ctx, meeting) -> None:
    code = _code_of(ctx, meeting, "Jürgen Müller")
    i18n.set_language("en")
    try:
        app = _door_app(ctx)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press(*scan_keys(code))
            await settle(app, pilot)
            assert "Welcome!" in panel(app).text and "Municipality" in panel(app).text
    finally:
        i18n.set_language("de")


# -- camera ----------------------------------------------------------------------------------


def _qr_video(path: Path, segments: list[tuple[str | None, float]], fps: int = 10) -> Path:
    """A video showing each (code or blank, seconds) in turn, the way a camera would see invitations."""
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    side = 240
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (side, side))
    assert writer.isOpened()
    for content, seconds in segments:
        frame = np.full((side, side, 3), 255, dtype=np.uint8)
        if content is not None:
            matrix = np.array(make_qr(content).matrix, dtype=np.uint8)
            scale = (side - 40) // (matrix.shape[0] + 8)
            image = np.kron(1 - matrix, np.ones((scale, scale), dtype=np.uint8)) * 255
            image = np.pad(image, 4 * scale, constant_values=255)
            offset = (side - image.shape[0]) // 2
            frame[offset : offset + image.shape[0], offset : offset + image.shape[1]] = image[:, :, None]
        for _frame in range(int(seconds * fps)):
            writer.write(frame)
    writer.release()
    return path


async def test_the_camera_checks_in_each_held_up_code_once(ctx, meeting, tmp_path) -> None:
    first = _code_of(ctx, meeting, "Jürgen Müller")
    second = _code_of(ctx, meeting, "Sabine Kröger")
    # The first invitation is held up for 4 seconds, the second for 2, then the first once more briefly.
    video = _qr_video(tmp_path / "door.avi", [(None, 0.5), (first, 4.0), (None, 1.0), (second, 2.0), (first, 0.5)])
    app = _door_app(ctx, camera=str(video))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await settle(app, pilot)
        await until(pilot, lambda: present_count(app) == "2")
        assert panel(app).kind == "duplicate"  # the first code came back: shown, not stored again
    stored = active_check_ins(ctx, meeting.id)
    assert [(d["code"], d["method"]) for d in stored] == [(first, "camera"), (second, "camera")]


@pytest.mark.parametrize("engine", ["opencv", "zxing"])
def test_both_decoders_read_the_video_and_count_each_held_code_once(tmp_path, engine) -> None:
    from integra_tui.io.camera import read_codes

    first, second = new_code(), new_code()
    video = _qr_video(tmp_path / "codes.avi", [(first, 4.0), (None, 1.0), (second, 2.0), (first, 0.5)])
    assert list(read_codes(str(video), engine=engine)) == [first, second, first]


def test_without_opencv_the_camera_says_how_to_install_it(monkeypatch) -> None:
    from integra_tui.io.camera import CameraUnavailable, load_cv2

    monkeypatch.setitem(sys.modules, "cv2", None)
    with pytest.raises(CameraUnavailable, match=r"integra-tui\[camera\]"):
        load_cv2()


def test_a_code_held_in_view_counts_once_until_it_was_away_for_a_while() -> None:
    from integra_tui.io.camera import RepeatFilter

    repeats = RepeatFilter(hold_seconds=3.0)
    sightings = [("A", t / 10) for t in range(0, 80)]  # 8 seconds in view
    assert sum(repeats.accept(code, at) for code, at in sightings) == 1
    assert repeats.accept("B", 8.0) is True
    assert repeats.accept("A", 8.5) is False  # away for half a second only
    assert repeats.accept("A", 12.0) is True  # away for 3.5 seconds: a new scan


# -- issue 15 and 13 at the door: greetings, contact list, wish to help, which meeting ----------


SIZES = [(120, 36), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("name", "greetings"),
    [
        ("مريم حداد", ["أهلاً وسهلاً", "Welcome"]),  # Arabisch, Deutsch, Englisch
        ("Олена Коваленко", ["Ласкаво просимо", "Добро пожаловать"]),  # Ukrainisch, Russisch, Deutsch
        ("ሳምራዊት ተኽለ", ["እንቋዕ ብደሓን መጻእኩም"]),  # Tigrinya, Deutsch
    ],
)
async def test_the_welcome_greets_in_the_persons_languages_german_first(ctx, meeting, size, name, greetings) -> None:
    app = _door_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(_code_of(ctx, meeting, name)))
        await settle(app, pilot)
        lines = panel(app).text.splitlines()
        assert lines[0] == "Willkommen!"  # German first
        assert lines[1].split("   ") == greetings  # then each further language, in the order given
        drawn = on_screen(panel(app))
        for greeting in greetings:
            assert greeting in drawn  # every script reaches the terminal, none cut at 80 columns
        assert name in drawn


async def test_only_german_for_a_german_speaker_or_unknown_languages(ctx, meeting) -> None:
    stranger = add_person(ctx, Person(name="Kim Stern", group="Interessiert", languages=["Klingonisch", "Deutsch"]))
    invite(ctx, meeting.id, stranger.id)
    app = _door_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(_code_of(ctx, meeting, "Hanna Weiß")))
        await settle(app, pilot)
        assert panel(app).text.splitlines()[:2] == ["Willkommen!", "Hanna Weiß"]
        await pilot.press(*scan_keys(_code_of(ctx, meeting, "Kim Stern")))
        await settle(app, pilot)
        assert panel(app).text.splitlines()[:2] == ["Willkommen!", "Kim Stern"]


@pytest.mark.parametrize("size", SIZES)
async def test_f7_puts_the_person_on_the_contact_list_in_a_few_keys(ctx, meeting, size) -> None:
    from integra_tui.services.contacts import consent_of
    from integra_tui.ui.screens.door_dialogs import ContactConsentDialog

    app = _door_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert "Kontaktliste" not in screen_text(app).splitlines()[-1]  # nobody checked in yet: no F7
        await pilot.press(*scan_keys(_code_of(ctx, meeting, "Jürgen Müller")))
        await settle(app, pilot)
        assert "F7 Kontaktliste" in on_screen(panel(app))
        await pilot.press("f7")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactConsentDialog)
        drawn = screen_text(app)
        assert "Kontaktliste: Jürgen Müller" in drawn
        # The stored address and number are never shown, only that there is one.
        assert "j.mueller@example.de" not in drawn and "5550101" not in drawn
        await pilot.press(*"Fahrradwerkstatt", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen) and isinstance(app.focused, ScanInput)
        note = " ".join(on_screen(app.screen.query_one("#door-note")).split())
        assert "Gespeichert: Jürgen Müller steht auf der Kontaktliste." in note
    # On disk, as another instance reads it.
    other = open_context(ctx.path, clock=ctx.clock)
    try:
        state = consent_of(other, ctx.store.find("persons", "name", "Jürgen Müller")[0]["id"])
    finally:
        other.close()
    assert state.holds and state.consent is not None
    assert (state.consent.offer, state.consent.channels, state.consent.meeting_id) == (
        "Fahrradwerkstatt",
        ["email"],
        meeting.id,
    )


async def test_a_consent_without_any_way_to_reach_is_refused_in_the_dialog(ctx, meeting) -> None:
    from integra_tui.services.contacts import consent_of
    from integra_tui.ui.screens.door_dialogs import ContactConsentDialog

    app = _door_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # ሳምራዊት ተኽለ has neither e-mail nor phone stored.
        await pilot.press(*scan_keys(_code_of(ctx, meeting, "ሳምራዊት ተኽለ")))
        await settle(app, pilot)
        await pilot.press("f7", *"Kochen", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactConsentDialog)  # nothing saved, the reason said
        assert "erreichbar" in str(app.screen.query_one("#consent-error", Static).content)
        await pilot.press("tab", "tab", "tab", *"über das Sprachcafé", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen)
        assert "steht auf der Kontaktliste" in " ".join(on_screen(app.screen.query_one("#door-note")).split())
    person_id = ctx.store.find("persons", "name", "ሳምራዊት ተኽለ")[0]["id"]
    consent = consent_of(ctx, person_id).consent
    assert consent is not None and consent.reach_note == "über das Sprachcafé" and consent.offer == "Kochen"


@pytest.mark.parametrize("size", SIZES)
async def test_f8_marks_that_the_person_wants_to_help(ctx, meeting, size) -> None:
    from integra_tui.services.volunteers import marks_of, waiting
    from integra_tui.ui.screens.door_dialogs import VolunteerDialog

    app = _door_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(_code_of(ctx, meeting, "Hanna Weiß")))
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, VolunteerDialog)
        assert "Möchte sich engagieren: Hanna Weiß" in screen_text(app)
        await pilot.press(*"Hausaufgabenhilfe", "tab", *"dienstags", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen)
        assert "Hanna Weiß möchte sich engagieren" in " ".join(on_screen(app.screen.query_one("#door-note")).split())
        # The next person's check-in takes the confirmation away: it was about Hanna.
        await pilot.press(*scan_keys(_code_of(ctx, meeting, "Jürgen Müller")))
        await settle(app, pilot)
        assert on_screen(app.screen.query_one("#door-note")).strip() == ""
    person_id = ctx.store.find("persons", "name", "Hanna Weiß")[0]["id"]
    marks = marks_of(ctx, person_id)
    assert [(m.what, m.when, m.meeting_id) for m in marks] == [("Hausaufgabenhilfe", "dienstags", meeting.id)]
    assert [row.person.name for row in waiting(ctx)] == ["Hanna Weiß"]


async def test_escape_in_the_dialogs_saves_nothing(ctx, meeting) -> None:
    from integra_tui.services.contacts import consent_of
    from integra_tui.services.volunteers import marks_of

    app = _door_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*scan_keys(_code_of(ctx, meeting, "Jürgen Müller")))
        await settle(app, pilot)
        await pilot.press("f7", *"Radfahren", "escape", "f8", *"Kochen", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen)
        assert on_screen(app.screen.query_one("#door-note")).strip() == ""
    person_id = ctx.store.find("persons", "name", "Jürgen Müller")[0]["id"]
    assert consent_of(ctx, person_id).consent is None and marks_of(ctx, person_id) == []


@pytest.mark.parametrize("size", SIZES)
async def test_the_door_and_the_walk_in_form_say_which_meeting(ctx, meeting, size) -> None:
    app = _door_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        header = screen_text(app).splitlines()[0]
        assert "27.11.2026" in header and "INTEGRA" in header and "Eingang 1" in header
        if size[0] >= 120:
            assert "INTEGRA-Netzwerktreffen (Demo) – Fr, 27.11.2026, 17:00 Uhr (heute)" in header
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, WalkInDialog)
        meeting_line = on_screen(app.screen.query_one("#walkin-meeting"))
        assert "27.11.2026" in meeting_line and "INTEGRA" in meeting_line


def _petra(ctx):
    """Petra Schäfer of the demo: known without an e-mail address, Landkreis, an organisation and a phone number."""
    return next(p for p in ctx.store.all("persons") if p["name"] == "Petra Schäfer")


async def _type_walk_in(app, pilot, name: str, group: str) -> None:
    await settle(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)
    await pilot.press(*name)
    app.screen.query_one(Select).value = group
    await pilot.press("ctrl+s")
    await settle(app, pilot)


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
async def test_a_walk_in_with_a_known_name_is_asked_about_and_no_makes_a_new_person(ctx, meeting, size) -> None:
    petra = _petra(ctx)
    app = _door_app(ctx)
    async with app.run_test(size=size) as pilot:
        await _type_walk_in(app, pilot, "Petra Schäfer", "Interessiert")
        assert isinstance(app.screen, ChoiceDialog)  # asked, nothing stored yet
        assert active_check_ins(ctx, meeting.id) == []
        question = " ".join(" ".join(on_screen(w) for w in app.screen.query("Static, Button")).split())
        assert "Ist das Petra Schäfer (Landkreis, Landratsamt Eichwald" in question
        assert "Nein, neue Person anlegen" in question and "Ja, diese Person einchecken" in question
        assert "5550108" not in question  # enough to tell namesakes apart, no contact data
        await pilot.press("escape")  # not sure yet: back to the form, still nothing stored
        await settle(app, pilot)
        assert isinstance(app.screen, WalkInDialog) and active_check_ins(ctx, meeting.id) == []
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen) and panel(app).kind == "accepted"
        assert "Petra Schäfer" in panel(app).text and "Interessiert" in panel(app).text
        for stored in ("Landkreis", "Bildungskoordination", "5550108"):
            assert stored not in panel(app).text and stored not in on_screen(panel(app)), stored
        await pilot.press("f7")
        await settle(app, pilot)
        # The new person has no number, and Petra's is not hinted at.
        assert str(app.screen.query_one("#consent-phone", Checkbox).label) == "Telefon (keins gespeichert)"
        assert "5550108" not in screen_text(app)
    (stored_check_in,) = active_check_ins(ctx, meeting.id)
    assert stored_check_in["person_id"] != petra["id"]
    new = ctx.store.get("persons", stored_check_in["person_id"])
    assert (new["name"], new["group"], new["organisation"], new["phone"]) == ("Petra Schäfer", "Interessiert", "", "")
    assert ctx.store.get("persons", petra["id"]) == petra  # her record is untouched


async def test_a_walk_in_with_a_known_name_is_that_person_only_when_the_helper_says_yes(ctx, meeting) -> None:
    petra = _petra(ctx)
    persons_before = ctx.store.count("persons")
    app = _door_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_walk_in(app, pilot, "petra schäfer", "Interessiert")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("j")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen) and panel(app).kind == "accepted"
        assert "Petra Schäfer" in panel(app).text
        await pilot.press("f6")  # her own card, for next time
        await settle(app, pilot)
        assert isinstance(app.screen, CardDialog)
    ctx.store.refresh()
    assert [d["person_id"] for d in active_check_ins(ctx, meeting.id)] == [petra["id"]]
    assert ctx.store.count("persons") == persons_before
    assert ctx.store.get("persons", petra["id"])["group"] == "Landkreis"  # what was typed changed nothing


async def test_a_walk_in_can_be_marked_at_once_from_the_panel(ctx, meeting) -> None:
    from integra_tui.services.volunteers import waiting

    app = _door_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press(*"Zofia Nowak")
        app.screen.query_one(Select).value = "Interessiert"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen) and "Zofia Nowak" in panel(app).text
        await pilot.press("f8", *"Fahrradwerkstatt", "enter")
        await settle(app, pilot)
        assert "Zofia Nowak möchte sich engagieren" in " ".join(on_screen(app.screen.query_one("#door-note")).split())
    assert [(row.person.name, row.mark.what) for row in waiting(ctx)] == [("Zofia Nowak", "Fahrradwerkstatt")]


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
async def test_every_door_key_is_in_the_footer_at_80_columns_too(ctx, meeting, size) -> None:
    """After a walk-in every key of the door is on (F6 card, F7 contact list, F8 help): each one is shown, with
    F1 and ^q, or the footer says where the rest are ("^p alle Tasten")."""
    app = _door_app(ctx)
    async with app.run_test(size=size) as pilot:
        await _type_walk_in(app, pilot, "Zofia Nowak", "Interessiert")
        assert isinstance(app.screen, DoorScreen) and "Zofia Nowak" in panel(app).text
        footer = app.screen.query_one(KeyFooter)
        wanted = {"f2": "Name suchen", "f3": "Ohne Einladung", "f5": "Rückgängig", "f6": "QR-Code zeigen"}
        wanted |= {"f7": "Kontaktliste", "f8": "Engagieren", "^q": "Beenden", "f1": "Hilfe"}

        def lines() -> list[str]:
            return screen_text(app).splitlines()[footer.region.y : footer.region.bottom]

        await until(pilot, lambda: "f8 Engagieren" in "\n".join(lines()) or "^p alle Tasten" in "\n".join(lines()))
        text = "\n".join(lines())
        assert "f1 Hilfe" in text and "^q Beenden" in text
        missing = [key for key, label in wanted.items() if f"{key} {label}" not in text]
        assert not missing or "^p alle Tasten" in text, (missing, text)
        assert footer.region.bottom <= size[1]
