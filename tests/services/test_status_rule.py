"""One status setter, one rule, wherever an action item's status changes.

The rule (``services.followup``): a comment is optional for every change, keeping an open item open
too (a new due date may come with it); removed entries and anything but an action item are refused; the statuses
are one tuple. The moderator's review in "Offene Punkte", the coordinator's screen and ``integra-tui followup set``
all call ``followup.set_status``: the moderation package has no setter of its own any more.
"""

from __future__ import annotations

from datetime import date

import pytest

from integra_tui.cli import main
from integra_tui.domain.models import ACTION_STATUSES
from integra_tui.services import followup, moderation
from integra_tui.services.context import ServiceError

SETTERS = {
    "moderator": lambda ctx, capture_id, status, comment, meeting_id: followup.set_status(
        ctx, capture_id, status, comment, meeting_id
    ),
    "coordinator and command line": lambda ctx, capture_id, status, comment, meeting_id: followup.set_status(
        ctx, capture_id, status, comment, meeting_id
    ),
}


@pytest.fixture(params=sorted(SETTERS))
def set_status(request):
    """Each way to change a status, in turn."""
    return SETTERS[request.param]


def test_the_moderation_package_has_no_status_setter_of_its_own() -> None:
    for wrapper in ("review_action_item", "review_need", "answer_question"):
        assert not hasattr(moderation, wrapper) and wrapper not in moderation.__all__


def test_there_is_one_tuple_of_statuses() -> None:
    assert followup.STATUSES is moderation.CAPTURE_STATUSES is ACTION_STATUSES
    assert set(followup.STATUS_WORDS.values()) == set(ACTION_STATUSES)


def test_keeping_an_open_item_open_takes_an_optional_comment_and_due_date_everywhere(scenario, set_status) -> None:
    ctx, praktika = scenario.ctx, scenario.captures["praktika"]
    kept = set_status(ctx, praktika, "open", "   ", scenario.second)
    assert kept.status == "open" and kept.history[-1]["comment"] == ""
    kept = set_status(ctx, praktika, "open", "  Termin   im Januar ", scenario.second)
    assert kept.status == "open" and kept.history[-1]["comment"] == "Termin im Januar"
    assert kept.history[-1]["meeting_id"] == scenario.second
    moved = followup.set_status(ctx, praktika, "open", "", scenario.second, due=date(2027, 1, 29))
    assert moved.due == date(2027, 1, 29) and moved.history[-1]["due"] == "2027-01-29"
    again = followup.set_status(ctx, praktika, "open", "", scenario.second, due=date(2027, 2, 26))
    assert again.due == date(2027, 2, 26)


def test_done_dropped_and_reopening_need_no_comment_everywhere(scenario, set_status) -> None:
    ctx, praktika = scenario.ctx, scenario.captures["praktika"]
    assert set_status(ctx, praktika, "done", "", scenario.second).status == "done"
    assert set_status(ctx, praktika, "open", "", None).status == "open"  # reopened: it was done
    assert set_status(ctx, praktika, "dropped", "", None).status == "dropped"
    assert [h["status"] for h in moderation.get_capture(ctx, praktika).history] == ["done", "open", "dropped"]


def test_removed_entries_and_other_kinds_are_refused_everywhere(scenario, set_status) -> None:
    ctx = scenario.ctx
    moderation.remove_capture(ctx, scenario.captures["formula"])
    with pytest.raises(ServiceError, match="gibt es nicht"):
        set_status(ctx, scenario.captures["formula"], "done", "", scenario.second)
    with pytest.raises(ServiceError, match="gibt es nicht"):
        set_status(ctx, 9999, "done", "", scenario.second)
    with pytest.raises(ServiceError, match="Nur Aufgaben"):
        set_status(ctx, scenario.captures["decision"], "done", "", scenario.second)
    with pytest.raises(ServiceError, match="Unbekannter Status"):
        set_status(ctx, scenario.captures["praktika"], "vielleicht", "", scenario.second)


def test_german_words_are_statuses_too(scenario) -> None:
    ctx, c = scenario.ctx, scenario.captures
    assert followup.parse_status(" Erledigt ") == "done" and followup.parse_status("entfällt") == "dropped"
    assert followup.set_status(ctx, c["praktika"], "erledigt").status == "done"
    assert followup.set_status(ctx, c["praktika"], "offen").status == "open"
    assert followup.set_status(ctx, c["nodue"], "entfällt").status == "dropped"


def test_followup_set_takes_german_words(scenario, capsys) -> None:
    db = str(scenario.ctx.path)
    c = scenario.captures
    scenario.ctx.close()
    assert main(["followup", "set", str(c["praktika"]), "erledigt", "--db", db]) == 0
    assert "erledigt" in capsys.readouterr().out
    assert main(["followup", "set", str(c["nodue"]), "Entfällt", "--db", db]) == 0
    assert main(["followup", "set", str(c["formula"]), "offen", "--db", db]) == 0  # open stays open: comment optional
    assert main(["followup", "set", str(c["formula"]), "offen", "--comment", "wartet", "--db", db]) == 0
    with pytest.raises(SystemExit) as usage:
        main(["followup", "set", str(c["formula"]), "vielleicht", "--db", db])
    assert usage.value.code == 2
