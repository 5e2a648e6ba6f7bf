"""Invitation use cases: files keep each person's code, re-issue and cards replace codes the door then refuses."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
import zxingcpp

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.codes import format_code, parse_code
from integra_tui.domain.models import Person
from integra_tui.services import invitations, meetings, people
from integra_tui.services.context import ServiceError, open_context

BERLIN = ZoneInfo("Europe/Berlin")
UNPRINTABLE = "\U0010fffd"  # a private-use character: no font has a glyph for it


@pytest.fixture()
def ctx(tmp_path: Path):
    context = open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)))
    yield context
    context.close()


@pytest.fixture()
def meeting(ctx):
    """A meeting with three invitees, one walk-in and one invitee who asked to be forgotten."""
    meeting = meetings.add_meeting(ctx, "Netzwerktreffen Winter", date(2026, 11, 27), time(17, 0), place="MGH, Saal 2")
    for name, email in (("Jürgen Groß", "jg@example.org"), ("Анна Петрова", ""), ("محمد الأحمد", "m@example.org")):
        person = people.add_person(ctx, Person(name=name, email=email))
        people.invite(ctx, meeting.id, person.id)
    walk_in = people.add_person(ctx, Person(name="Spontan Gekommen"))
    people.invite(ctx, meeting.id, walk_in.id, walk_in=True)
    gone = people.add_person(ctx, Person(name="Vergessen Werden"))
    people.invite(ctx, meeting.id, gone.id)
    ctx.store.update("persons", gone.id, {"forgotten": True})
    return meeting


def _person(ctx, name: str) -> Person:
    return people.resolve_person(ctx, name)


def _store_codes(ctx, meeting_id: int) -> dict[str, str]:
    """Name -> current invitation code of the meeting's invited (not walk-in, not forgotten) people."""
    return {p.name: i.code for i, p in people.invitees_of(ctx, meeting_id) if not i.walk_in and not p.forgotten}


def _pdf_codes(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        found = []
        for page in document:
            found += [
                result.text for result in zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil().convert("L"))
            ]
        return found
    finally:
        document.close()


def _status(ctx, code: str) -> str:
    return ctx.store.find_one("codes", "code", code)["status"]


def test_cards_show_the_meeting_and_each_invited_persons_current_code(ctx, meeting) -> None:
    cards = invitations.invitation_cards(ctx, meeting)
    assert {card.person_name: card.code for card in cards} == _store_codes(ctx, meeting.id)
    assert len(cards) == 3  # the walk-in is already here, the forgotten person gets nothing
    groß = next(card for card in cards if card.person_name == "Jürgen Groß")
    assert (groß.meeting_title, groß.meeting_date, groß.start_time, groß.place, groß.email) == (
        "Netzwerktreffen Winter",
        date(2026, 11, 27),
        time(17, 0),
        "MGH, Saal 2",
        "jg@example.org",
    )


def test_making_invitations_twice_prints_the_same_codes(ctx, meeting, tmp_path: Path) -> None:
    before = _store_codes(ctx, meeting.id)
    first = invitations.make_invitations(ctx, meeting.id, tmp_path / "one")
    second = invitations.make_invitations(ctx, meeting.id, tmp_path / "two")
    assert first.count == second.count == 3
    assert _store_codes(ctx, meeting.id) == before
    assert sorted(_pdf_codes(first.files[0])) == sorted(_pdf_codes(second.files[0])) == sorted(before.values())
    assert not first.warnings


def test_a_meeting_without_invitees_is_refused_and_writes_nothing(ctx, tmp_path: Path) -> None:
    empty = meetings.add_meeting(ctx, "Leer", date(2026, 12, 3))
    with pytest.raises(ServiceError, match="keine Eingeladenen"):
        invitations.make_invitations(ctx, empty.id, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_reissue_gives_a_new_code_and_the_door_refuses_the_old_one(ctx, meeting) -> None:
    from integra_tui.services.checkin import Outcome, check_in_code

    anna = _person(ctx, "Анна")
    old = _store_codes(ctx, meeting.id)[anna.name]
    done = invitations.reissue_invitation(ctx, anna.id, meeting.id)
    assert done.old_code == old and done.code != old and parse_code(done.code).ok
    assert _store_codes(ctx, meeting.id)[anna.name] == done.code
    assert _status(ctx, old) == "replaced" and _status(ctx, done.code) == "active"
    assert done.files == []
    refused = check_in_code(ctx, meeting.id, old)
    assert refused.outcome is Outcome.REPLACED
    assert check_in_code(ctx, meeting.id, done.code).outcome is Outcome.ACCEPTED


def test_reissue_with_a_folder_writes_only_that_persons_file_under_its_own_name(ctx, meeting, tmp_path: Path) -> None:
    out = tmp_path / "out"
    invitations.make_invitations(ctx, meeting.id, out)
    meeting_set = (out / "einladungen.pdf").read_bytes()
    groß = _person(ctx, "jurgen gross")
    done = invitations.reissue_invitation(ctx, groß.id, meeting.id, out)
    assert [path.name for path in done.files] == [f"einladung-juergen-gross-{done.code}.pdf"]
    assert _pdf_codes(done.files[0]) == [done.code]
    assert (out / "einladungen.pdf").read_bytes() == meeting_set  # the meeting's set is untouched
    assert sorted(path.name for path in out.iterdir()) == sorted(["einladungen.pdf", done.files[0].name])


def test_reissue_into_an_unwritable_folder_changes_no_code(ctx, meeting, tmp_path: Path) -> None:
    blocker = tmp_path / "eine-datei"
    blocker.write_text("kein Ordner")
    anna = _person(ctx, "Анна")
    before = _store_codes(ctx, meeting.id)
    with pytest.raises(ServiceError, match="eine-datei"):
        invitations.reissue_invitation(ctx, anna.id, meeting.id, blocker / "einladungen")
    assert _store_codes(ctx, meeting.id) == before


def test_reissue_for_someone_not_invited_is_refused(ctx, meeting) -> None:
    stranger = people.add_person(ctx, Person(name="Nicht Eingeladen"))
    with pytest.raises(ServiceError, match="nicht eingeladen"):
        invitations.reissue_invitation(ctx, stranger.id, meeting.id)


def test_a_personal_card_is_kept_until_replaced_and_admits_to_the_current_meeting(ctx, meeting) -> None:
    from integra_tui.services.checkin import Outcome, check_in_code

    stranger = people.add_person(ctx, Person(name="Karten Halterin"))
    first = invitations.issue_card(ctx, stranger.id)
    assert first.created and not first.old_code
    record = ctx.store.find_one("codes", "code", first.code)
    assert (record["kind"], record["meeting_id"], record["person_id"], record["status"]) == (
        "card",
        None,
        stranger.id,
        "active",
    )
    assert people.get_person(ctx, stranger.id).card_code == first.code
    again = invitations.issue_card(ctx, stranger.id)
    assert (again.code, again.created) == (first.code, False)

    renewed = invitations.issue_card(ctx, stranger.id, new=True)
    assert renewed.created and renewed.old_code == first.code and renewed.code != first.code
    assert people.get_person(ctx, stranger.id).card_code == renewed.code
    assert _status(ctx, first.code) == "replaced"
    assert check_in_code(ctx, meeting.id, first.code).outcome is Outcome.REPLACED
    admitted = check_in_code(ctx, meeting.id, renewed.code)
    assert admitted.outcome is Outcome.ACCEPTED and admitted.person.id == stranger.id


def test_a_card_file_holds_the_card_code(ctx, meeting, tmp_path: Path) -> None:
    groß = _person(ctx, "Jürgen")
    done = invitations.write_card(ctx, groß.id, tmp_path, fmt="pdf", per_page=1)
    assert done.files == [tmp_path / f"karte-juergen-gross-{done.code}.pdf"]
    assert _pdf_codes(done.files[0]) == [done.code]
    text = pypdfium2.PdfDocument(done.files[0])[0].get_textpage().get_text_range()
    assert "Persönliche Karte" in text and "jedem Treffen" in text
    assert "Einladung" not in text  # a card is not an invitation to one meeting


def test_names_no_font_can_print_get_a_stand_in_and_a_warning_by_page_or_card(ctx, meeting, tmp_path: Path) -> None:
    from integra_tui.io.fonts import FontWarning

    odd = people.add_person(ctx, Person(name=f"Seltsam {UNPRINTABLE} Test"))
    people.invite(ctx, meeting.id, odd.id)
    cards = invitations.invitation_cards(ctx, meeting)
    number = next(n for n, card in enumerate(cards, start=1) if card.person_id == odd.id)
    one_per_page = invitations.make_invitations(ctx, meeting.id, tmp_path / "pdf", per_page=1)
    assert one_per_page.warnings == [FontWarning("einladungen.pdf", pages=(number,))]
    page = pypdfium2.PdfDocument(one_per_page.files[0])[number - 1].get_textpage().get_text_range()
    assert "Seltsam [?] Test" in " ".join(page.split())
    pngs = invitations.make_invitations(ctx, meeting.id, tmp_path / "png", fmt="png")
    assert pngs.warnings == [FontWarning("png/", cards=(number,))]
    assert "Seltsam" not in str(pngs.warnings[0])  # the warning says where, not whose name


def test_the_code_shown_for_an_invitee_is_the_current_one(ctx, meeting) -> None:
    anna = _person(ctx, "Анна")
    invitee = next(i for i, p in people.invitees_of(ctx, meeting.id) if p.id == anna.id)
    shown = invitations.code_for_invitee(ctx, invitee.id)
    assert (shown.name, shown.code, shown.grouped) == (anna.name, invitee.code, format_code(invitee.code))
    assert "Netzwerktreffen Winter" in shown.caption and "27.11.2026" in shown.caption
    new_code = invitations.reissue_invitation(ctx, anna.id, meeting.id).code
    assert invitations.code_for_invitee(ctx, invitee.id).code == new_code
