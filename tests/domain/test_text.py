"""Cleaning user text: terminal controls and bidi overrides go, every letter, mark and emoji of every script stays."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integra_tui.domain.text import clean_line, clean_text, has_controls

NAMES = [
    "Jürgen Müller",
    "Ömer Şengül",
    "Nguyễn Thị Minh Khai",
    "Rêzan Xelîl",
    "Олена Коваленко",
    "Σοφία Παπαδοπούλου",
    "محمد الأحمد",
    "فرشته احمدی",  # Persian, with a ZWNJ-free spelling
    "می\u200cخواهم",  # Persian with ZWNJ (zero width non-joiner), which changes how letters join
    "ذبیح‌الله",  # Dari/Pashto name with ZWNJ
    "יעל כהן",
    "ሳምራዊት ተኽለ",
    "👩\u200d👩\u200d👧 Familie",  # emoji joined by ZWJ
    "👍🏽 ok",  # skin tone modifier
    "❤\ufe0f Herz",  # variation selector
    "e\u0301",  # combining acute accent
    "क्षत्रिय",  # Devanagari with virama
    "\u200f\u0645\u0631\u062d\u0628\u0627",  # RLM before Arabic: an implicit mark, kept
    "x [/] [bold red]rot[/] [link=https://example.org]klick[/link]",
    "Budget [vorläufig] prüfen",
    "Zeile 1\nZeile 2\tmit Tab",
]


@pytest.mark.parametrize("name", NAMES)
def test_names_in_every_script_and_markup_like_text_are_kept_exactly(name: str) -> None:
    assert clean_text(name) == name
    assert not has_controls(name)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mrot\x1b[0m", "rot"),  # colours: the whole sequence goes, no "[31m" is left
        ("\x1b[1;31;42mfett\x1b[m", "fett"),
        ("\x1b]8;;https://evil.example\x1b\\klick\x1b]8;;\x1b\\", "klick"),  # OSC 8 hyperlink
        ("\x1b]0;Fenstertitel\x07Anna", "Anna"),  # OSC window title ended by BEL
        ("\x9b2J\x9b31mAnna", "Anna"),  # CSI as a single C1 byte
        ("Anna\x07\x08\x00 Berg", "Anna Berg"),  # BEL, backspace, NUL
        ("Anna\x1bc", "Annac"),  # a lone ESC goes; the letter after it stays
        ("\x1b(BAnna", "Anna"),  # ESC ( B selects a character set
        ("\x1b]unterminated Anna", "]unterminated Anna"),  # no terminator: only the ESC goes, no text is eaten
        ("\u202eanneM\u202c", "anneM"),  # RIGHT-TO-LEFT OVERRIDE ... POP DIRECTIONAL FORMATTING
        ("\u2066Anna\u2069 \u2067x\u2069 \u2068y\u2069", "Anna x y"),  # isolates
        ("\u202a\u202b\u202dAnna", "Anna"),  # embeddings, LRO
        ("An\ufeffna", "Anna"),  # BOM in the middle of text
        ("A\ufff9hidden\ufffbB", "AhiddenB"),  # interlinear annotation marks go, their text stays visible
        ("\x85Anna\u2028Berg\u2029", "\nAnna\nBerg\n"),  # NEL and Unicode separators are line breaks
        ("Anna\r\nBerg\rCarl", "Anna\nBerg\nCarl"),
        ("\ud800Anna", "\ufffdAnna"),  # half a surrogate pair: the replacement character
        ("\x7fDEL\x9fAPC", "DELAPC"),
    ],
)
def test_controls_sequences_and_overrides_are_removed(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_line_ends_alone_do_not_count_as_controls() -> None:
    assert not has_controls("Zeile 1\r\nZeile 2\rZeile 3\u2028")
    assert has_controls("Anna\x1b[31m") and has_controls("\u202eAnna") and has_controls("\ud800")


def test_one_line_text_has_spaces_for_breaks_and_tabs() -> None:
    assert clean_line("Anna\nBerg\tCarl\r\n\x07") == "Anna Berg Carl "


_CONTROL_CATEGORIES = {"Cc", "Cs"}
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=60))
def test_any_text_comes_out_free_of_controls_and_unchanged_otherwise(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned  # cleaning twice changes nothing
    assert not has_controls(cleaned)
    for char in cleaned:
        assert char in "\n\t" or unicodedata.category(char) not in _CONTROL_CATEGORIES, repr(char)
        assert char not in _BIDI_CONTROLS
    if not has_controls(text) and "\r" not in text and not {"\x85", "\u2028", "\u2029"} & set(text):
        assert cleaned == text  # nothing to clean: nothing changed


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), max_size=60))
def test_text_without_control_or_format_characters_is_never_touched(text: str) -> None:
    assert clean_text(text) == text
