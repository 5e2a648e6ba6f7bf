"""A capture's rules before it is stored: kind, text, group (never a person), topic, hands, votes; refusals by code."""

from __future__ import annotations

from datetime import date

import pytest

from integra_tui.domain.captures import (
    GROUP_KINDS,
    TOPIC_KINDS,
    Known,
    Labels,
    check_group,
    check_kind,
    checked_fields,
    draft,
    required_text,
    resolve_group,
    resolve_topic,
)
from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import CAPTURE_KINDS
from integra_tui.domain.needs import DEFAULT_TOPICS
from integra_tui.domain.votes import ShowOfHands

GROUPS = ("Zugewandert", "Ehrenamtlich", "Kommune")


def _label(labels: dict[str, str]):
    return lambda name: labels.get(name, name)


KNOWN = Known(
    groups=GROUPS,
    topics=DEFAULT_TOPICS,
    names_like=lambda folded: [n for n in ("Gisela Hartmann", "Gisela Hartmannsberger") if folded in n.casefold()],
    labels=Labels(group=_label({"Ehrenamtlich": "Volunteer"}), topic=_label({"Wohnen": "Housing"})),
)


def _code(call) -> tuple[str, dict]:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.code, refused.value.params


def test_the_kinds_with_a_topic_and_a_group_are_captures() -> None:
    assert set(TOPIC_KINDS) <= set(CAPTURE_KINDS) and set(GROUP_KINDS) <= set(TOPIC_KINDS)
    check_kind("decision")
    assert _code(lambda: check_kind("wish")) == ("unknown_capture_kind", {"kind": "wish"})


def test_the_text_is_one_clean_line_and_required() -> None:
    assert required_text("  Flyer \n drucken\x1b[31m ") == "Flyer drucken"
    assert _code(lambda: required_text(" \t ")) == ("text_missing", {})
    assert _code(lambda: required_text("", "answer_missing")) == ("answer_missing", {})


def test_a_group_is_found_by_spelling_label_or_unique_beginning() -> None:
    assert resolve_group("ehrenamtlich", GROUPS) == "Ehrenamtlich"
    assert resolve_group("  ehren ", GROUPS) == "Ehrenamtlich"
    assert resolve_group("Volu", GROUPS, KNOWN.labels.group) == "Ehrenamtlich"  # the English label's beginning
    assert resolve_group("Volu", GROUPS) == "Volu"  # without the label: as typed
    assert resolve_group("Jugendliche", GROUPS) == "Jugendliche" and resolve_group("  ", GROUPS) == ""


def test_a_topic_is_found_by_name_label_or_unique_beginning_else_refused_with_the_list() -> None:
    assert resolve_topic("woh", DEFAULT_TOPICS) == "Wohnen"
    assert resolve_topic("housing", DEFAULT_TOPICS, KNOWN.labels.topic) == "Wohnen"
    assert resolve_topic(" ", DEFAULT_TOPICS) == ""
    assert _code(lambda: resolve_topic("Raumfahrt", DEFAULT_TOPICS)) == (
        "unknown_topic",
        {"topic": "Raumfahrt", "topics": DEFAULT_TOPICS},
    )
    assert _code(lambda: resolve_topic("S", ("Sprache", "Sonstiges")))[0] == "unknown_topic"  # two beginnings


def test_a_need_offer_or_question_names_a_group_never_a_person() -> None:
    for kind in GROUP_KINDS:
        assert _code(lambda kind=kind: check_group(kind, "gisela HARTMANN", KNOWN)) == (
            "group_is_a_person",
            {"name": "gisela HARTMANN"},
        )
    check_group("action", "Gisela Hartmann", KNOWN)  # an action item's group is not checked
    check_group("need", "Gisela", KNOWN)  # only a whole name is a person's
    check_group("need", "Kommune", KNOWN)


def test_checked_fields_are_what_an_edit_stores() -> None:
    assert checked_fields(KNOWN, "need", " Rad ", " Renate ", "zugew") == ("Rad", "Renate", "Zugewandert")
    assert _code(lambda: checked_fields(KNOWN, "need", "Rad", "", "Gisela Hartmann"))[0] == "group_is_a_person"
    assert _code(lambda: checked_fields(KNOWN, "memo", "Rad", "", ""))[0] == "unknown_capture_kind"


def test_a_draft_keeps_topic_hands_and_votes_only_where_they_belong() -> None:
    votes = ShowOfHands(12, 2, 1)
    wish = draft(KNOWN, 3, "topic_wish", " Mieten ", created_at="t", topic="woh", hands="14", votes=votes)
    assert (wish.meeting_id, wish.text, wish.topic, wish.hands, wish.votes, wish.id) == (
        3,
        "Mieten",
        "Wohnen",
        14,
        None,
        0,
    )
    decision = draft(KNOWN, 3, "decision", "Ja", created_at="t", topic="woh", hands=5, votes=votes)
    assert (decision.topic, decision.hands, decision.votes) == ("", None, votes.to_doc())
    action = draft(KNOWN, 3, "action", "Flyer", created_at="t", owner="Ben", due=date(2027, 1, 8), group="ehren")
    assert (action.owner, action.due, action.group, action.created_at) == ("Ben", date(2027, 1, 8), "Ehrenamtlich", "t")
    assert _code(lambda: draft(KNOWN, 3, "topic_wish", "Mieten", created_at="t", hands="viele"))[0].startswith("hands_")
    assert _code(lambda: draft(KNOWN, 3, "question", "Wer?", created_at="t", topic="Raumfahrt"))[0] == "unknown_topic"
