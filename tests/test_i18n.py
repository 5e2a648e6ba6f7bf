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
