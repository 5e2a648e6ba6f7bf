"""Languages as people type them, the greetings the door shows, agenda titles in further languages."""

from __future__ import annotations

import pytest

from integra_tui.domain.errors import DomainError
from integra_tui.domain.languages import (
    GERMAN,
    LANGUAGES,
    clean_title_translations,
    find_language,
    greetings_for,
    languages_of,
)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ar", "ar"),
        ("AR", "ar"),
        ("ar-SY", "ar"),
        ("ar_SY", "ar"),
        ("Arabisch", "ar"),
        ("arabic", "ar"),
        ("العربية", "ar"),
        ("Arabisch (Syrien)", "ar"),
        ("Ukrainisch", "uk"),
        ("Українська", "uk"),
        ("Tigrinya", "ti"),
        ("Tigrinisch", "ti"),
        ("ትግርኛ", "ti"),
        ("Türkisch", "tr"),
        ("turkish", "tr"),
        ("Türkçe", "tr"),
        ("Farsi", "fa"),
        ("Persisch", "fa"),
        ("Dari", "prs"),
        ("Paschtu", "ps"),
        ("Pashto", "ps"),
        ("Russisch", "ru"),
        ("Kurdisch", "kmr"),
        ("Kurdisch (Sorani)", "ckb"),
        ("Amharisch", "am"),
        ("Englisch", "en"),
        ("Französisch", "fr"),
        ("francais", "fr"),
        ("Bosnisch/Kroatisch/Serbisch", "sh"),
        ("  deutsch ", "de"),
    ],
)
def test_a_language_is_found_by_code_name_or_native_name(typed: str, code: str) -> None:
    language = find_language(typed)
    assert language is not None and language.code == code


@pytest.mark.parametrize("typed", ["", "  ", "Klingonisch", "xx", "Sprache"])
def test_unknown_languages_are_none(typed: str) -> None:
    assert find_language(typed) is None


def test_greetings_start_in_german_and_follow_the_persons_order() -> None:
    greetings = greetings_for(["Ukrainisch, Russisch", "Deutsch", "Tigrinya"])
    assert [g.text for g in greetings] == [
        "Herzlich willkommen",
        "Ласкаво просимо",
        "Добро пожаловать",
        "እንቋዕ ብደሓን መጻእኩም",
    ]
    assert greetings[0].languages == (GERMAN,)


def test_languages_that_say_it_alike_share_one_greeting() -> None:
    greetings = greetings_for(["Dari", "Persisch", "Arabisch"])
    assert [g.text for g in greetings] == ["Herzlich willkommen", "خوش آمدید", "أهلاً وسهلاً"]
    assert [language.code for language in greetings[1].languages] == ["prs", "fa"]
    assert greetings[1].rtl and greetings[2].rtl and not greetings[0].rtl


def test_unknown_languages_leave_german_only() -> None:
    assert [g.text for g in greetings_for(["Klingonisch", "", "xx"])] == ["Herzlich willkommen"]
    assert [g.text for g in greetings_for([])] == ["Herzlich willkommen"]


def test_the_issues_greetings_are_shipped_with_their_names() -> None:
    by_code = {language.code: language for language in LANGUAGES}
    assert by_code["ar"].greeting == "أهلاً وسهلاً" and by_code["ar"].name_de == "Arabisch"
    assert by_code["uk"].greeting == "Ласкаво просимо"
    assert by_code["ti"].greeting == "እንቋዕ ብደሓን መጻእኩም"
    assert by_code["tr"].greeting == "Hoş geldiniz"
    assert by_code["fa"].greeting == "خوش آمدید"
    for code in ("ru", "ps", "prs", "kmr", "am", "en", "fr"):
        assert by_code[code].greeting and by_code[code].name_en and by_code[code].native
    assert LANGUAGES[0] is GERMAN and len({language.code for language in LANGUAGES}) == len(LANGUAGES)


def test_a_list_in_one_field_is_split() -> None:
    assert [
        language.code for language in languages_of(["ar, Ukrainisch; Türkçe und English", "Kurdisch (Sorani)"])
    ] == [
        "ar",
        "uk",
        "tr",
        "en",
        "ckb",
    ]


def test_title_translations_are_checked() -> None:
    assert clean_title_translations([("Arabisch", " مرحبا  بكم "), ("uk", "Вітання"), ("en", "")]) == [
        {"language": "ar", "title": "مرحبا بكم"},
        {"language": "uk", "title": "Вітання"},
    ]
    for pairs, code in (
        ([("xx", "Titel")], "unknown_language"),
        ([("Deutsch", "Begrüßung")], "german_title"),
        ([("ar", "a"), ("Arabisch", "b")], "language_twice"),
        ([("ar", "a"), ("uk", "b"), ("tr", "c")], "too_many_titles"),
    ):
        with pytest.raises(DomainError) as refused:
            clean_title_translations(pairs)
        assert refused.value.code == code
