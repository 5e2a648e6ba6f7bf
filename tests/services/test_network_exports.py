"""The network's memory in the minutes (md, html; the data the PDF writer gets), the funder's report folder, the
agenda's titles in further languages (import, service, display view, carried to the next meeting), one transaction
each."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.io.exports.markdown import minutes_markdown
from integra_tui.services import agenda, moderation, needs, planning, questions, volunteers
from integra_tui.services.context import ServiceError
from integra_tui.services.exports import ExportRequest, minutes_doc, run_export
from integra_tui.services.meetings import add_meeting

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture()
def memory(scenario):
    """The first meeting raised needs, an offer, a question; the second reviewed them; both had votes and wishes."""
    ctx = scenario.ctx
    scenario.clock.set(datetime(2026, 8, 27, 17, 30, tzinfo=BERLIN))
    bikes = needs.add_need(
        ctx, scenario.first, "Fahrradwerkstatt", group="Zugewandert", topic="Mobilität", owner="Gisela Hartmann"
    )
    offer = needs.add_offer(ctx, scenario.first, "Fahrräder aus Spenden", group="Interessiert", topic="Mobilität")
    needs.match(ctx, bikes.id, offer.id)
    question = questions.add_question(ctx, scenario.first, "Wer hilft beim Wohngeld?", group="Ehrenamtlich")
    planning.add_topic_wish(ctx, scenario.first, "Wohnungssuche", hands=11)
    scenario.clock.set(datetime(2026, 11, 27, 17, 40, tzinfo=BERLIN))
    needs.set_need_status(ctx, bikes.id, "in Arbeit", "Raum gefunden", scenario.second)
    questions.answer_question(ctx, question.id, "Das Sozialamt, dienstags.", "Sozialamt", scenario.second)
    moderation.set_show_of_hands(ctx, scenario.captures["decision"], "12 2 1")
    scenario.clock.set(datetime(2026, 12, 20, 10, 0, tzinfo=BERLIN))
    needs.set_need_status(ctx, bikes.id, "gedeckt")  # after the second meeting
    return {"bikes": bikes, "offer": offer, "question": question}


def test_the_minutes_print_votes_needs_offers_questions_and_wishes(scenario, memory) -> None:
    first = minutes_markdown(minutes_doc(scenario.ctx, scenario.first))
    # As the first meeting left them: the need open, its offer beside it, the question open.
    assert (
        "- Fahrradwerkstatt – für: Zugewandert, Thema: Mobilität, kümmert sich: Gisela Hartmann, offen; "
        "passendes Angebot: Interessiert: Fahrräder aus Spenden"
    ) in first
    assert (
        "- Fahrräder aus Spenden – von: Interessiert, Thema: Mobilität; passt zu Bedarf: Zugewandert: Fahrradwerkstatt"
        in first
    )
    assert "- Wer hilft beim Wohngeld? – gefragt von: Ehrenamtlich, noch offen" in first
    assert "- Wohnungssuche – 11 Handzeichen" in first
    second = minutes_markdown(minutes_doc(scenario.ctx, scenario.second))
    assert "- Sprachcafé ab Januar monatlich – Abstimmung: ja 12, nein 2, Enthaltung 1" in second
    assert "## Offene Bedarfe aus früheren Treffen" in second
    assert (
        "- Fahrradwerkstatt – für: Zugewandert; Thema: Mobilität; aus dem Treffen vom 27.08.2026; "
        "kümmert sich: Gisela Hartmann; jetzt: in Arbeit (Raum gefunden); "
        "passendes Angebot: Interessiert: Fahrräder aus Spenden"
    ) in second  # in progress as the meeting left it, though met since
    assert "## Offene Fragen aus früheren Treffen" in second
    assert (
        "- Wer hilft beim Wohngeld? – gefragt von: Ehrenamtlich; aus dem Treffen vom 27.08.2026; "
        "Antwort: Das Sozialamt, dienstags. (Sozialamt)" in second
    )


def test_the_minutes_without_the_networks_parts_are_as_before(scenario) -> None:
    text = minutes_markdown(minutes_doc(scenario.ctx, scenario.second))
    assert "Offene Bedarfe" not in text and "Offene Fragen" not in text
    assert "- Dolmetscher für Tigrinya – für: Zugewandert, offen" in text


def test_the_html_minutes_escape_what_was_typed(scenario) -> None:
    needs.add_offer(scenario.ctx, scenario.second, "<script>alert(1)</script> *fett*", group="Ehrenamtlich")
    result = run_export(
        scenario.ctx,
        ExportRequest(
            kind="minutes", format="html", meeting_id=scenario.second, out=scenario.ctx.path.parent / "p.html"
        ),
    )
    html = result.paths[0].read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; *fett*" in html


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))


def test_the_report_counts_needs_per_topic_and_quarter_and_the_network(scenario, memory, tmp_path) -> None:
    ctx = scenario.ctx
    volunteers.mark_volunteer(ctx, scenario.people["Emre Aksoy"], what="Übersetzen")
    scenario.clock.set(datetime(2027, 1, 5, 10, 0, tzinfo=BERLIN))
    run_export(ctx, ExportRequest(kind="report", meeting_id=scenario.second, out=tmp_path / "Bericht"))
    counts = _csv(tmp_path / "Bericht" / "Bedarfe_2026-11-27.csv")
    assert [
        (r["Quartal"], r["Thema"], r["Neu erfasst"], r["In Arbeit (Ende des Quartals)"], r["Gedeckt"]) for r in counts
    ] == [
        ("3. Quartal 2026", "Mobilität", "1", "0", "0"),
        ("4. Quartal 2026", "Mobilität", "0", "0", "1"),  # met in December, still in the fourth quarter
        ("4. Quartal 2026", "Sonstiges", "1", "0", "0"),
    ]
    pairs = _csv(tmp_path / "Bericht" / "Bedarfe_und_Angebote_2026-11-27.csv")
    bikes = next(r for r in pairs if r["Bedarf"] == "Fahrradwerkstatt")
    assert bikes["Passende Angebote"] == f"{memory['offer'].id}: Interessiert: Fahrräder aus Spenden"
    assert bikes["Für"] == "Zugewandert" and bikes["Wer kümmert sich"] == "Gisela Hartmann"
    network = _csv(tmp_path / "Bericht" / "Netzwerk_2026-11-27.csv")
    q3, q4 = network
    assert (q3["Bedarfe erfasst"], q3["Angebote erfasst"], q3["Fragen gestellt"], q3["Themenwünsche"]) == (
        "1",
        "1",
        "1",
        "1",
    )
    assert (q4["Fragen beantwortet"], q4["Möchten sich engagieren"]) == (
        "1",
        "0",
    )  # marked in December: after the meeting
    # The report names nobody who raised, asked or offered.
    for name in scenario.people:
        assert name not in (tmp_path / "Bericht" / "Netzwerk_2026-11-27.csv").read_text(encoding="utf-8-sig")


def test_agenda_titles_in_further_languages_from_the_import_to_the_display(scenario, tmp_path) -> None:
    ctx = scenario.ctx
    winter = add_meeting(ctx, "Winter", date(2027, 2, 26))
    table = tmp_path / "agenda.csv"
    table.write_bytes(
        "Titel;Minuten;Titel (Arabisch);Title uk;Titel Türkisch\r\n"
        "Begrüßung;10;ترحيب;Вітання;Hoş geldiniz\r\n"
        "Pause;10;;;\r\n".encode("utf-8-sig")
    )
    report = agenda.import_agenda(ctx, table, winter.id)
    assert report.added == 2 and report.problems == [
        (1, "Spalte „Titel Türkisch“: höchstens 2 weitere Sprachen für die Titel – nicht übernommen.")
    ]
    welcome, pause = agenda.agenda_entries(ctx, winter.id)
    assert welcome.title == "Begrüßung" and pause.translations == []
    assert welcome.translations == [{"language": "ar", "title": "ترحيب"}, {"language": "uk", "title": "Вітання"}]
    shown = moderation.load_view(ctx, winter.id).translations_for(welcome.id)
    assert [(t.language_name, t.title, t.rtl) for t in shown] == [
        ("Arabisch", "ترحيب", True),
        ("Ukrainisch", "Вітання", False),
    ]
    agenda.set_title_translations(ctx, pause.id, [("tr", "Mola")])
    assert agenda.title_translations(ctx, winter.id)[pause.id][0].title == "Mola"
    with pytest.raises(ServiceError, match="Höchstens 2"):
        agenda.update_agenda_item(ctx, pause.id, translations=[("ar", "a"), ("uk", "b"), ("tr", "c")])
    with pytest.raises(ServiceError, match="Unbekannte Sprache: Klingonisch"):
        agenda.add_agenda_item(ctx, winter.id, "Neu", 5, translations=[("Klingonisch", "x")])
    agenda.set_title_translations(ctx, pause.id, [])
    assert pause.id not in agenda.title_translations(ctx, winter.id)


def test_turning_a_need_into_an_action_item_and_matching_are_one_transaction_each(scenario, memory) -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("network_tx2", Path(__file__).with_name("test_transactions.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["network_tx2"] = module
    spec.loader.exec_module(module)
    ctx = scenario.ctx
    escort = needs.add_need(ctx, scenario.second, "Begleitung", topic="Behörden")
    offer = needs.add_offer(ctx, scenario.second, "Begleitung dienstags", topic="Behörden")
    winter = add_meeting(ctx, "Winter", date(2027, 2, 26))
    recording = module.RecordingStore(ctx.store)
    ctx.store = recording
    try:
        for call in (
            lambda: needs.turn_into_action(ctx, escort.id, scenario.second, "Renate"),
            lambda: needs.match(ctx, escort.id, offer.id),
            lambda: planning.plan_meeting(
                ctx, winter.id, speaker_id=scenario.people["Claudia Neumann"], topic="Arbeit"
            ),
        ):
            blocks = recording.blocks_of_the_last(call)
            assert len(blocks) == 1 and None not in blocks
    finally:
        ctx.store = recording._store
