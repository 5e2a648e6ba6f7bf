"""Every user-visible string in the code has German (its id) and an English translation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import integra_tui
from integra_tui import i18n

PACKAGE = Path(integra_tui.__file__).parent


def _marked_strings() -> list[tuple[str, int, str | tuple[str, str]]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = node.args
            if node.func.id in ("_", "N_") and args and isinstance(args[0], ast.Constant):
                found.append((str(path.relative_to(PACKAGE)), node.lineno, args[0].value))
            elif node.func.id == "ngettext" and len(args) >= 2 and all(isinstance(a, ast.Constant) for a in args[:2]):
                found.append((str(path.relative_to(PACKAGE)), node.lineno, (args[0].value, args[1].value)))
    return found


def test_there_are_marked_strings() -> None:
    assert len(_marked_strings()) > 10


def test_every_marked_string_has_english_text() -> None:
    english = i18n.catalog("en")
    missing = [f"{where}:{line}: {text!r}" for where, line, text in _marked_strings() if not english.get(text)]
    assert not missing, "no English text for:\n" + "\n".join(missing)


def test_every_marked_string_has_german_text() -> None:
    empty = [
        f"{where}:{line}"
        for where, line, text in _marked_strings()
        if not (text if isinstance(text, str) else all(text))
    ]
    assert not empty


def test_no_marked_string_is_built_at_runtime() -> None:
    """_() with an f-string or a variable cannot be translated: catch it."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
                if not node.args or not isinstance(node.args[0], ast.Constant):
                    bad.append(f"{path.name}:{node.lineno}")
    assert not bad, "_() needs a literal string: " + ", ".join(bad)


@pytest.fixture()
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("de")


def test_switching_language_translates(english) -> None:
    english_catalog = i18n.catalog("en")
    some_id = next(k for k in english_catalog if isinstance(k, str))
    assert i18n._(some_id) == english_catalog[some_id]


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_clock_time_reads_as_babel_writes_it(language) -> None:
    """The start imports no Babel for a time of day: the plain 24-hour time is what Babel's HH:mm gives."""
    from datetime import datetime, time, timedelta, timezone
    from zoneinfo import ZoneInfo

    from babel.dates import format_time

    i18n.set_language(language)
    try:
        locale = "de_DE" if language == "de" else "en_GB"
        values = [time(0, 0), time(9, 5), time(23, 59, 59), time(7, 3, tzinfo=timezone(timedelta(hours=-5)))]
        values += [datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Berlin")), datetime(2026, 12, 3, 14, 5)]
        for value in values:
            assert i18n.format_time(value) == format_time(value, format="HH:mm", locale=locale)
    finally:
        i18n.set_language("de")


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_abbreviated_weekday_reads_as_babel_writes_it(language) -> None:
    from datetime import date, timedelta

    from babel.dates import format_date

    i18n.set_language(language)
    try:
        locale = "de_DE" if language == "de" else "en_GB"
        for offset in range(7):
            day = date(2026, 11, 30) + timedelta(days=offset)
            assert i18n.format_date(day, "EEE") == format_date(day, "EEE", locale=locale)
    finally:
        i18n.set_language("de")
