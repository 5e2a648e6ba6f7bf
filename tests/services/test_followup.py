"""Follow-up across meetings: open action items overdue first, filters, status changes kept with dates, engagement."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from integra_tui.cli import main
from integra_tui.services import followup
from integra_tui.services.context import ServiceError
from integra_tui.services.texts import role_sentences

BERLIN = ZoneInfo("Europe/Berlin")


def test_open_items_across_meetings_overdue_first(scenario) -> None:
    items = followup.action_items(scenario.ctx)
    c = scenario.captures
    # Today is 02.12.2026: "=1+1 prüfen" was due 01.12. (overdue), then by due date, undated last.
    assert [i.id for i in items] == [c["formula"], c["flyer"], c["praktika"], c["nodue"]]
    assert [i.due_state for i in items] == ["overdue", "later", "later", "none"]
    assert items[1].meeting.id == scenario.first and items[1].comment == "Druckerei angefragt"
    assert items[2].agenda_item == "Vortrag: Integration in den Arbeitsmarkt"


def test_due_today_is_its_own_state(scenario) -> None:
    scenario.clock.set(datetime(2026, 12, 15, 9, 0, tzinfo=BERLIN))
    states = {i.id: i.due_state for i in followup.action_items(scenario.ctx)}
    assert states[scenario.captures["flyer"]] == "today"


def test_filters_by_owner_group_and_due(scenario) -> None:
    c = scenario.captures
    assert [i.id for i in followup.action_items(scenario.ctx, owner="gisela")] == [c["flyer"]]
    assert [i.id for i in followup.action_items(scenario.ctx, owner="олена")] == [c["praktika"]]
    # The owner's group counts when the item names none.
    assert [i.id for i in followup.action_items(scenario.ctx, group="Kommune")] == [c["nodue"]]
    assert [i.id for i in followup.action_items(scenario.ctx, due="overdue")] == [c["formula"]]
    assert [i.id for i in followup.action_items(scenario.ctx, due="none")] == [c["nodue"]]
    assert [i.id for i in followup.action_items(scenario.ctx, due="week")] == []
    everything = followup.action_items(scenario.ctx, status=None)
    assert {c["room"], c["old_done"]} <= {i.id for i in everything}
    assert everything[-1].capture.status != "open"  # closed ones last
    with pytest.raises(ServiceError):
        followup.action_items(scenario.ctx, due="someday")


def test_status_changes_are_kept_with_their_date(scenario) -> None:
    flyer = scenario.captures["flyer"]
    followup.set_status(scenario.ctx, flyer, "open")  # the comment is optional
    followup.set_status(scenario.ctx, flyer, "open", "Angebot liegt vor")
    scenario.clock.advance(minutes=60 * 24)
    followup.set_status(scenario.ctx, flyer, "done")
    stored = scenario.ctx.store.get("captures", flyer)
    assert stored["status"] == "done"
    assert [(h["status"], h["comment"], h["at"][:10]) for h in stored["history"][-3:]] == [
        ("open", "", "2026-12-02"),
        ("open", "Angebot liegt vor", "2026-12-02"),
        ("done", "", "2026-12-03"),
    ]
    assert flyer not in [i.id for i in followup.action_items(scenario.ctx)]
    followup.set_status(scenario.ctx, scenario.captures["praktika"], "dropped", "kein Bedarf mehr")
    assert scenario.ctx.store.get("captures", scenario.captures["praktika"])["status"] == "dropped"
    with pytest.raises(ServiceError, match="Nur Aufgaben"):
        followup.set_status(scenario.ctx, scenario.captures["decision"], "done")
    with pytest.raises(ServiceError):
        followup.set_status(scenario.ctx, flyer, "vielleicht")


def test_status_at_replays_the_history(scenario) -> None:
    doc = scenario.ctx.store.get("captures", scenario.captures["room"])
    before = datetime(2026, 11, 1, tzinfo=BERLIN)
    assert followup.status_at(doc, before) == "open"
    assert followup.status_at(doc, datetime(2026, 12, 1, tzinfo=BERLIN)) == "done"


def test_engagement_of_a_person(scenario) -> None:
    mueller = followup.person_engagement(scenario.ctx, scenario.people["Jürgen Müller"])
    assert [m.id for m, _c in mueller.attended] == [scenario.first, scenario.second]
    assert [(m.id, n) for m, n in mueller.speeches] == [(scenario.second, 1)]
    assert sorted(c.id for c in mueller.owned) == sorted([scenario.captures["room"], scenario.captures["nodue"]])
    assert "Verantwortlich für 2 Aufgaben (1 erledigt)" in role_sentences(mueller)
    neumann = followup.person_engagement(scenario.ctx, scenario.people["Claudia Neumann"])
    assert neumann.attended == []  # her only check-in was undone
    assert [title for _m, title in neumann.presented] == ["Vortrag: Integration in den Arbeitsmarkt"]
    assert role_sentences(neumann)[0].startswith("Referent/in zum Tagesordnungspunkt „Vortrag")


def test_command_line_followup(scenario, capsys) -> None:
    db = str(scenario.ctx.path)
    scenario.ctx.close()
    assert main(["followup", "list", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "=1+1 prüfen" in lines[0]  # overdue first (compared with the real date: due 01.12.2026)
    assert (
        main(["followup", "set", str(scenario.captures["flyer"]), "dropped", "--comment", "zu teuer", "--db", db]) == 0
    )
    assert "verworfen" in capsys.readouterr().out
    assert main(["followup", "set", str(scenario.captures["praktika"]), "open", "--db", db]) == 0  # comment optional
    assert "ist jetzt: offen" in capsys.readouterr().out
    assert main(["followup", "person", "Jürgen Müller", "--db", db]) == 0
    assert "2 Treffen besucht" in capsys.readouterr().out
