"""Why a capture is refused, word for word, wherever it is made: the domain's codes get the words they always had.

The rules moved from ``services.entries`` to ``domain.captures`` (codes) and ``records.captures``
(what the store knows); the words are chosen in ``services.network_texts`` and ``services.texts``.
"""

from __future__ import annotations

import pytest

from integra_tui import i18n
from integra_tui.services import moderation, needs, planning, questions, topics
from integra_tui.services.context import ServiceError

PERSON = (
    "„Gisela Hartmann“ ist der Name einer Person. Bedarfe, Angebote und Fragen stehen für eine Gruppe "
    "(zum Beispiel Zugewandert, Ehrenamtlich), nicht für eine Person."
)
TOPICS = "Sprache, Arbeit, Wohnen, Behörden, Kinderbetreuung, Freizeit, Gesundheit, Mobilität, Sonstiges"


def _refusal(call) -> str:
    with pytest.raises(ServiceError) as refused:
        call()
    return str(refused.value)


def test_every_way_to_capture_is_refused_in_the_same_words(scenario) -> None:
    ctx, meeting = scenario.ctx, scenario.second
    assert _refusal(lambda: moderation.add_capture(ctx, meeting, "memo", "x")) == "Unbekannte Art von Eintrag: memo"
    for empty in (
        lambda: moderation.add_capture(ctx, meeting, "note", " \n "),
        lambda: needs.add_need(ctx, meeting, ""),
        lambda: questions.add_question(ctx, meeting, "  "),
        lambda: planning.add_topic_wish(ctx, meeting, "\t"),
    ):
        assert _refusal(empty) == "Bitte den Text eingeben."
    for person, named in (
        (lambda: needs.add_need(ctx, meeting, "Rad", group="gisela hartmann"), "gisela hartmann"),
        (lambda: needs.add_offer(ctx, meeting, "Rad", group="Gisela  Hartmann"), "Gisela Hartmann"),
        (lambda: questions.add_question(ctx, meeting, "Wer?", group="Gisela Hartmann"), "Gisela Hartmann"),
    ):
        assert _refusal(person) == PERSON.replace("Gisela Hartmann", named)
    assert _refusal(lambda: questions.add_question(ctx, meeting, "Wer?", topic="Raumfahrt")) == (
        f"Unbekanntes Thema: Raumfahrt (möglich: {TOPICS})"
    )
    assert _refusal(lambda: needs.board(ctx, topic="Raumfahrt")) == f"Unbekanntes Thema: Raumfahrt (möglich: {TOPICS})"
    assert _refusal(lambda: topics.add_topic(ctx, "  ")) == "Bitte den Namen des Themas eingeben."
    question = questions.add_question(ctx, meeting, "Wer zahlt?")
    assert _refusal(lambda: questions.answer_question(ctx, question.id, " ")) == "Bitte die Antwort eingeben."
    for missing in (
        lambda: needs.get_need(ctx, question.id),
        lambda: questions.get_question(ctx, 99_999),
        lambda: moderation.set_hands(ctx, 99_999, 3),
        lambda: needs.set_topic(ctx, 99_999, "Wohnen"),
    ):
        assert _refusal(missing) == "Diesen Eintrag gibt es nicht."


def test_the_english_ui_lists_the_topics_by_their_english_labels(scenario) -> None:
    i18n.set_language("en")
    try:
        refusal = _refusal(lambda: needs.add_need(scenario.ctx, scenario.second, "Rad", topic="Raumfahrt"))
    finally:
        i18n.set_language("de")
    assert refusal.startswith("Unknown topic: Raumfahrt (possible: Language, Work, Housing")
