"""Needs followed to the end: captured for a group, taken care of, every status change kept, matched to offers,
turned into action items, back at the next meeting, on the display without names, counted per quarter."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest

from integra_tui.domain.models import Person
from integra_tui.services import moderation, needs, topics
from integra_tui.services.context import ServiceError
from integra_tui.services.exports import ExportRequest, run_export
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person, owner_group

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture()
def raised(scenario):
    """Two needs and two offers raised in the first meeting (27.08.2026), on the clock of that evening."""
    ctx = scenario.ctx
    scenario.clock.set(datetime(2026, 8, 27, 18, 0, tzinfo=BERLIN))
    found = {
        "bikes": needs.add_need(
            ctx,
            scenario.first,
            "Fahrradwerkstatt für Jugendliche",
            group="zugewandert",
            topic="mobil",
            owner="  Gisela   Hartmann ",
        ),
        "escort": needs.add_need(
            ctx, scenario.first, "Begleitung zur Ausländerbehörde", group="Zugewandert", topic="Behörden"
        ),
        "offer": needs.add_offer(
            ctx,
            scenario.first,
            "Begleitung zu Behördengängen, dienstags",
            group="Ehrenamtlich",
            topic="Behörden",
            owner="Renate",
        ),
        "other": needs.add_offer(ctx, scenario.first, "Deutsch üben", group="Ehrenamtlich", topic="Sprache"),
    }
    return found


def test_a_need_is_for_a_group_on_a_topic_with_who_takes_care(scenario, raised) -> None:
    bikes = raised["bikes"]
    assert (bikes.kind, bikes.group, bikes.topic, bikes.owner, bikes.status) == (
        "need",
        "Zugewandert",
        "Mobilität",
        "Gisela Hartmann",
        "open",
    )
    with pytest.raises(ServiceError, match="Unbekanntes Thema: Raumfahrt"):
        needs.add_need(scenario.ctx, scenario.first, "Rakete", topic="Raumfahrt")
    with pytest.raises(ServiceError, match="Text"):
        needs.add_need(scenario.ctx, scenario.first, "   ")
    changed = needs.take_care(scenario.ctx, bikes.id, "Jugendzentrum")
    assert changed.owner == "Jugendzentrum"


def test_a_person_s_name_is_refused_where_a_group_belongs(scenario, raised) -> None:
    """Who a need is for, who offers, who asks: a group, never a person's name (typed in any case and spacing, at
    capture or when the moderator edits it); any other word for a group of people is kept."""
    from integra_tui.services import questions

    ctx = scenario.ctx
    with pytest.raises(ServiceError, match="„Gisela Hartmann“ ist der Name einer Person"):
        needs.add_need(ctx, scenario.first, "Wohnung", group="Gisela Hartmann", topic="Wohnen")
    with pytest.raises(ServiceError, match="Name einer Person"):
        questions.add_question(ctx, scenario.first, "Wer hilft?", group="  gisela   hartmann ")
    with pytest.raises(ServiceError, match="Name einer Person"):
        needs.add_offer(ctx, scenario.first, "Fahrräder", group="Gisela Hartmann", topic="Mobilität")
    assert needs.add_need(ctx, scenario.first, "Treffpunkt", group="Jugendliche").group == "Jugendliche"
    with pytest.raises(ServiceError, match="Name einer Person"):
        moderation.update_capture(ctx, raised["escort"].id, text="Begleitung", group="Gisela Hartmann")
    assert needs.get_need(ctx, raised["escort"].id).group == "Zugewandert"
    # Who takes care of it is a person or organisation by name: that is what it is for.
    assert needs.take_care(ctx, raised["escort"].id, "Gisela Hartmann").owner == "Gisela Hartmann"


def test_every_status_change_is_kept_with_date_comment_and_meeting(scenario, raised) -> None:
    ctx, bikes = scenario.ctx, raised["bikes"]
    scenario.clock.set(datetime(2026, 9, 10, 9, 0, tzinfo=BERLIN))
    needs.set_need_status(ctx, bikes.id, "in Arbeit", "Raum angefragt")
    with pytest.raises(ServiceError, match="schon „in Arbeit“"):
        needs.set_need_status(ctx, bikes.id, "in_progress")  # the same again needs a comment
    scenario.clock.set(datetime(2026, 11, 27, 17, 30, tzinfo=BERLIN))
    needs.set_need_status(ctx, bikes.id, "in Arbeit", "Werkstatt ab Januar", scenario.second)
    done = needs.set_need_status(ctx, bikes.id, "gedeckt", meeting_id=scenario.second)
    assert [(h["at"], h["status"], h["comment"], h["meeting_id"]) for h in done.history] == [
        ("2026-09-10T09:00:00+02:00", "in_progress", "Raum angefragt", None),
        ("2026-11-27T17:30:00+01:00", "in_progress", "Werkstatt ab Januar", scenario.second),
        ("2026-11-27T17:30:00+01:00", "met", "", scenario.second),
    ]
    assert needs.set_need_status(ctx, bikes.id, "nicht möglich").status == "not_possible"
    assert needs.set_need_status(ctx, bikes.id, "offen").status == "open"  # reopened
    with pytest.raises(ServiceError, match="Unbekannter Status für einen Bedarf: vielleicht"):
        needs.set_need_status(ctx, bikes.id, "vielleicht")
    moderation.remove_capture(ctx, bikes.id)
    with pytest.raises(ServiceError, match="gibt es nicht"):
        needs.set_need_status(ctx, bikes.id, "gedeckt")


def test_the_action_items_status_setter_refuses_a_need(scenario, raised) -> None:
    from integra_tui.services import followup

    with pytest.raises(ServiceError, match="needs set"):
        followup.set_status(scenario.ctx, raised["bikes"].id, "done")


def test_needs_and_offers_match_only_on_one_topic_and_are_shown_together(scenario, raised) -> None:
    ctx = scenario.ctx
    escort, offer, other = raised["escort"], raised["offer"], raised["other"]
    assert [o.id for o in needs.match_suggestions(ctx, escort.id)] == [offer.id]
    assert [n.id for n in needs.need_suggestions(ctx, offer.id)] == [escort.id]
    needs.match(ctx, escort.id, offer.id)
    with pytest.raises(ServiceError, match="verschiedene Themen"):
        needs.match(ctx, escort.id, other.id)
    [row] = [r for r in needs.board(ctx) if r.id == escort.id]
    assert [o.id for o in row.offers] == [offer.id]
    assert [n.id for n in next(r for r in needs.offers(ctx) if r.id == offer.id).needs] == [escort.id]
    assert needs.match_suggestions(ctx, escort.id) == []
    needs.unmatch(ctx, escort.id, offer.id)
    with pytest.raises(ServiceError, match="nicht zusammengeführt"):
        needs.unmatch(ctx, escort.id, offer.id)


def test_a_need_without_topic_is_matched_once_it_has_one(scenario, raised) -> None:
    ctx = scenario.ctx
    old = moderation.add_capture(ctx, scenario.first, "need", "Dolmetscher", group="Zugewandert")  # as before
    with pytest.raises(ServiceError, match="kein Thema"):
        needs.match(ctx, old.id, raised["offer"].id)
    needs.set_topic(ctx, old.id, "behörden")
    needs.match(ctx, old.id, raised["offer"].id)
    assert needs.get_need(ctx, old.id).matched_ids == [raised["offer"].id]


def test_a_need_turned_into_an_action_item_keeps_the_link_both_ways(scenario, raised) -> None:
    ctx, escort = scenario.ctx, raised["escort"]
    item = needs.turn_into_action(ctx, escort.id, scenario.second, "Renate", due=date(2027, 1, 15))
    need = needs.get_need(ctx, escort.id)
    assert (item.kind, item.text, item.owner, item.due, item.group, item.need_id, item.meeting_id) == (
        "action",
        "Begleitung zur Ausländerbehörde",
        "Renate",
        date(2027, 1, 15),
        "",  # nobody known by that name: no group (the need's group is who the need is for, not the owner's)
        escort.id,
        scenario.second,
    )
    assert need.action_ids == [item.id] and need.status == "in_progress" and need.owner == "Renate"
    [row] = [r for r in needs.board(ctx) if r.id == escort.id]
    assert [a.id for a in row.actions] == [item.id]
    with pytest.raises(ServiceError, match="Wer kümmert sich"):
        needs.turn_into_action(ctx, escort.id, scenario.second, "  ")


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path.read_bytes())
    return " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_an_action_item_from_a_need_carries_its_owners_group_and_the_need_keeps_its_own(
    scenario, raised, tmp_path
) -> None:
    """The coordinator makes "Wer kümmert sich?" Jürgen Müller of the Stadtverwaltung (Kommune) for a need of the
    Zugewandert: the minutes (md and pdf) and the actions export say Gruppe: Kommune for the item; the need stays
    for the Zugewandert, linked to the item."""
    ctx, escort = scenario.ctx, raised["escort"]
    scenario.clock.set(datetime(2026, 11, 27, 18, 30, tzinfo=BERLIN))
    item = needs.turn_into_action(
        ctx, escort.id, scenario.second, "Jürgen Müller (Stadtverwaltung)", text="Termine bei der Behörde begleiten"
    )
    need = needs.get_need(ctx, escort.id)
    assert (item.group, item.need_id) == ("Kommune", escort.id)
    assert (need.group, need.action_ids) == ("Zugewandert", [item.id])

    out = tmp_path / "out"
    files = {
        fmt: run_export(ctx, ExportRequest(kind=kind, format=fmt, meeting_id=scenario.second, folder=out)).paths[0]
        for kind, fmt in (("minutes", "md"), ("minutes", "pdf"), ("actions", "csv"))
    }
    said = "Termine bei der Behörde begleiten – Verantwortlich: Jürgen Müller (Stadtverwaltung), Gruppe: Kommune"
    [line] = [line for line in files["md"].read_text(encoding="utf-8").splitlines() if "Termine bei der" in line]
    assert said in line and "Zugewandert" not in line
    assert said in " ".join(_pdf_text(files["pdf"]).split())
    rows = csv.DictReader(io.StringIO(files["csv"].read_bytes().decode("utf-8-sig")), delimiter=";")
    [row] = [row for row in rows if row["Nr."] == str(item.id)]
    assert (row["Verantwortlich"], row["Gruppe"]) == ("Jürgen Müller (Stadtverwaltung)", "Kommune")


def test_the_owners_group_is_known_only_for_a_name_one_person_has(scenario, raised) -> None:
    ctx, escort = scenario.ctx, raised["escort"]
    add_person(ctx, Person(name="Jürgen Müller", group="Ehrenamtlich", email="other@example.org"))
    item = needs.turn_into_action(ctx, escort.id, scenario.second, "Jürgen Müller")
    assert item.group == ""  # two people of that name: which group is not known
    assert owner_group(ctx, "Gisela Hartmann, Besuchsdienst") == "Ehrenamtlich"
    assert owner_group(ctx, "gisela hartmann") == "Ehrenamtlich"
    assert owner_group(ctx, "Gisela") == ""


def test_open_needs_come_back_at_the_next_meeting_in_their_own_part(scenario, raised) -> None:
    ctx = scenario.ctx
    needs.set_need_status(ctx, raised["escort"].id, "gedeckt")  # met between the meetings: not reviewed
    review = moderation.open_items(ctx, scenario.second)
    assert [c.id for c in review.needs] == [raised["bikes"].id]
    assert {c.text for c in review.action_items} == {"Raum für das Sprachcafé klären", "Flyer drucken"}
    needs.set_need_status(ctx, raised["bikes"].id, "gedeckt", "", scenario.second)
    # Reviewed in the meeting: still shown there (done), not any more at a later one.
    assert [c.status for c in moderation.open_items(ctx, scenario.second).needs] == ["met"]
    later = add_meeting(ctx, "Winter", date(2027, 2, 26))
    assert [c.text for c in moderation.open_items(ctx, later.id).needs] == ["Dolmetscher für Tigrinya"]  # November's
    view = moderation.load_view(ctx, scenario.second)
    assert [c.id for c in view.open_needs] == [raised["bikes"].id]


def test_open_needs_alone_put_the_open_items_first_on_the_agenda(tmp_path, clock) -> None:
    from integra_tui.services.context import open_context

    ctx = open_context(tmp_path / "store.json", clock=clock)
    try:
        earlier = add_meeting(ctx, "Herbst", date(2026, 8, 27))
        today = add_meeting(ctx, "Winter", date(2026, 11, 27))
        needs.add_need(ctx, earlier.id, "Kita-Plätze", topic="Kinderbetreuung")
        item = moderation.ensure_open_items_item(ctx, today.id)
        assert item is not None and moderation.agenda_state(ctx, today.id).items[0].item.title == "Offene Punkte"
    finally:
        ctx.close()


def test_the_display_board_names_nobody(scenario, raised) -> None:
    ctx = scenario.ctx
    needs.match(ctx, raised["escort"].id, raised["offer"].id)
    board = needs.public_board(ctx)
    assert [(n.topic, n.group, n.text, n.status_label, n.offers) for n in board] == [
        ("Behörden", "Zugewandert", "Begleitung zur Ausländerbehörde", "offen", 1),
        ("Mobilität", "Zugewandert", "Fahrradwerkstatt für Jugendliche", "offen", 0),
        ("Sonstiges", "Zugewandert", "Dolmetscher für Tigrinya", "offen", 0),  # captured before needs had topics
    ]
    shown = repr(board)
    assert "Gisela" not in shown and "Renate" not in shown
    scenario.clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN))
    needs.set_need_status(ctx, raised["bikes"].id, "gedeckt")
    needs.set_need_status(ctx, raised["escort"].id, "nicht möglich")
    assert [(n.text, n.status) for n in needs.public_board(ctx)] == [
        ("Dolmetscher für Tigrinya", "open"),
        ("Fahrradwerkstatt für Jugendliche", "met"),
    ]
    scenario.clock.set(datetime(2026, 12, 4, 10, 0, tzinfo=BERLIN))
    assert [n.status for n in needs.public_board(ctx, met_within_days=1)] == ["open"]  # met two days ago


def test_the_funders_count_per_topic_and_quarter(scenario, raised) -> None:
    ctx = scenario.ctx
    scenario.clock.set(datetime(2026, 9, 30, 12, 0, tzinfo=BERLIN))
    needs.set_need_status(ctx, raised["bikes"].id, "in Arbeit")
    scenario.clock.set(datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN))
    needs.set_need_status(ctx, raised["bikes"].id, "gedeckt", meeting_id=scenario.second)
    needs.set_need_status(ctx, raised["escort"].id, "nicht möglich", meeting_id=scenario.second)
    needs.add_need(ctx, scenario.second, "Wohnungen", topic="Wohnen")
    rows = {
        (r.quarter, r.topic): (r.raised, r.in_progress, r.met, r.not_possible, r.open)
        for r in needs.quarter_report(ctx)
    }
    assert rows == {
        (3, "Behörden"): (1, 0, 0, 0, 1),
        (3, "Mobilität"): (1, 1, 0, 0, 0),
        (4, "Wohnen"): (1, 0, 0, 0, 1),
        (4, "Behörden"): (0, 0, 0, 1, 0),
        (4, "Mobilität"): (0, 0, 1, 0, 0),
        (4, "Sonstiges"): (1, 0, 0, 0, 1),  # the scenario's need of November, captured without a topic
    }


def test_the_topic_list_is_editable(scenario) -> None:
    ctx = scenario.ctx
    assert topics.topics(ctx)[-1] == "Sonstiges"
    assert topics.add_topic(ctx, "Nachbarschaft")[-2:] == ["Nachbarschaft", "Sonstiges"]
    assert topics.resolve_topic(ctx, "nachb") == "Nachbarschaft"
    with pytest.raises(ServiceError, match="gibt es schon"):
        topics.add_topic(ctx, "wohnen")
    topics.remove_topic(ctx, "Freizeit")
    assert "Freizeit" not in topics.topics(ctx)
    with pytest.raises(ServiceError, match="Unbekanntes Thema"):
        topics.resolve_topic(ctx, "Freizeit")
