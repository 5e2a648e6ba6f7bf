"""A typed name means one person, a choice, or a new free name; names in right-to-left scripts keep their order."""

from __future__ import annotations

import pytest

from integra_tui.domain.models import Person
from integra_tui.domain.names import (
    FSI,
    NAME_CHOOSE,
    NAME_EMPTY,
    NAME_NEW,
    NAME_PERSON,
    cell_width,
    isolate,
    match_name,
    name_candidates,
    shorten,
)

SABINE = Person("Sabine Kröger", group="Ehrenamtlich", id=1)
SABRINA = Person("Sabrina Wolf", group="Kommune", id=2)
OMER = Person("Ömer Şengül", group="Zugewandert", id=3)
ALI = Person("Ali", group="Zugewandert", id=4)
ALI_HASSAN = Person("Ali Hassan", group="Kommune", id=5)
AHMAD = Person("احمد رحیمی", group="Ehrenamtlich", id=6)


def test_the_single_match_shown_is_taken_with_the_group() -> None:
    found = match_name("Sab", [SABINE, OMER])
    assert found.kind == NAME_PERSON and found.name == "Sabine Kröger" and found.group == "Ehrenamtlich"
    assert found.person_id == 1
    assert match_name("krö", [SABINE, OMER]).person == SABINE  # the start of another word
    assert match_name("sab krö", [SABINE, SABRINA]).person == SABINE
    assert match_name("omer", [SABINE, OMER]).person == OMER  # accents ignored
    assert match_name("احمد", [AHMAD]).person == AHMAD


def test_several_matches_are_a_choice_best_first() -> None:
    found = match_name("sab", [SABRINA, SABINE])
    assert found.kind == NAME_CHOOSE and found.choices == (SABRINA, SABINE)
    assert found.person is None and found.name == "sab"


def test_the_very_name_typed_wins_over_longer_ones() -> None:
    assert match_name("ali", [ALI_HASSAN, ALI]).person == ALI
    two_alis = Person("Ali", group="Kommune", id=9)
    assert match_name("Ali", [ALI, two_alis, ALI_HASSAN]).choices == (ALI, two_alis)


def test_no_match_is_a_new_free_name_as_typed() -> None:
    found = match_name("  Frau   Becker ", [SABINE, OMER])
    assert found.kind == NAME_NEW and found.name == "Frau Becker" and found.group == "" and found.person_id is None
    assert match_name("bin", [SABINE]).kind == NAME_NEW  # inside a word is no match
    assert match_name("   ", [SABINE]).kind == NAME_EMPTY


def test_those_present_are_asked_before_the_others_invited() -> None:
    present, at_home = [SABINE], [SABRINA]
    assert match_name("sab", present, at_home).person == SABINE
    assert match_name("wolf", present, at_home).person == SABRINA  # nobody present: the invited
    assert match_name("sab", [], [SABINE, SABRINA]).kind == NAME_CHOOSE


def test_candidates_rank_same_name_then_start_then_word() -> None:
    people = [Person("Hans Sabel", id=7), SABINE, Person("Sab", id=8)]
    assert [p.id for p in name_candidates("sab", people)] == [8, 1, 7]


def test_isolate_wraps_right_to_left_names_only() -> None:
    assert isolate("Jürgen Müller") == "Jürgen Müller"
    assert isolate("احمد رحیمی") == f"{FSI}احمد رحیمی\u2069"
    assert isolate(isolate("שרה כהן")) == isolate("שרה כהן")  # never twice
    assert isolate("") == ""


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("INTEGRA-Netzwerktreffen", 30, "INTEGRA-Netzwerktreffen"),
        ("INTEGRA-Netzwerktreffen", 12, "INTEGRA-Net…"),
        ("王芳的会议", 5, "王芳…"),
        ("abc", 0, ""),
    ],
)
def test_shorten_counts_terminal_cells(text: str, width: int, expected: str) -> None:
    assert shorten(text, width) == expected
    assert cell_width(shorten(text, width)) <= max(width, 0)
