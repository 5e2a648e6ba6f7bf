"""Invitation codes: every typo and neighbour swap is caught, scanner mangling is not a problem."""

from __future__ import annotations

import json
import random
import string

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from integra_tui.domain import codes
from integra_tui.domain.codes import (
    ALPHABET,
    CODE_LENGTH,
    CodeStatus,
    format_code,
    looks_complete,
    new_code,
    normalise,
    parse_code,
    simulate_us_scanner_on_qwertz,
)

# A code built by hand from a seeded generator, so hypothesis can shrink to it.
valid_codes = st.randoms(use_true_random=False).map(lambda rnd: new_code(rnd))


def _sample_codes(count: int) -> list[str]:
    rnd = random.Random(20261127)
    return [new_code(rnd) for _ in range(count)]


# --- format ------------------------------------------------------------------------------------


def test_alphabet_is_32_symbols_without_lookalikes_and_layout_dependent_letters() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("IOYZ") & set(ALPHABET)
    # Every symbol is in QR alphanumeric mode and typed alike on US and German layouts.
    assert set(ALPHABET) <= set(string.digits + string.ascii_uppercase)


def test_new_code_has_the_documented_layout() -> None:
    code = new_code()
    assert len(code) == CODE_LENGTH == 20
    assert code.startswith("MG1")
    assert set(code) <= set(ALPHABET)
    assert parse_code(code).status is CodeStatus.OK


def test_new_codes_differ() -> None:
    assert len({new_code() for _ in range(200)}) == 200


def test_new_code_uses_the_given_random_source() -> None:
    assert new_code(random.Random(1)) == new_code(random.Random(1))
    assert new_code(random.Random(1)) != new_code(random.Random(2))


def test_format_code_groups_in_fours() -> None:
    code = _sample_codes(1)[0]
    grouped = format_code(code)
    assert grouped.split(" ") == [code[0:4], code[4:8], code[8:12], code[12:16], code[16:20]]
    assert parse_code(grouped).code == code


def test_format_code_refuses_a_broken_code() -> None:
    code = _sample_codes(1)[0]
    with pytest.raises(ValueError):
        format_code(code[:-1])


# --- the check symbol catches every single error, proven exhaustively on a sample ---------------


@pytest.mark.parametrize("code", _sample_codes(12))
def test_every_single_substitution_is_damaged(code: str) -> None:
    for position in range(CODE_LENGTH):
        for symbol in ALPHABET:
            if symbol == code[position]:
                continue
            typo = code[:position] + symbol + code[position + 1 :]
            assert parse_code(typo).status is CodeStatus.DAMAGED, (position, symbol)


@pytest.mark.parametrize("code", _sample_codes(12))
def test_every_neighbour_swap_is_damaged(code: str) -> None:
    for position in range(CODE_LENGTH - 1):
        if code[position] == code[position + 1]:
            continue
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
        assert parse_code(swapped).status is CodeStatus.DAMAGED, position


def test_check_symbol_makes_a_code_valid_and_any_other_symbol_does_not() -> None:
    body = _sample_codes(1)[0][:-1]
    assert sum(parse_code(body + symbol).ok for symbol in ALPHABET) == 1
    assert parse_code(body + codes.check_symbol(body)).ok


# --- properties ---------------------------------------------------------------------------------


@given(valid_codes)
def test_round_trip(code: str) -> None:
    parsed = parse_code(code)
    assert parsed.ok and parsed.code == code
    assert parse_code(format_code(code)).code == code
    assert looks_complete(code)


# Characters that are not code symbols and do not read as one (O and I read as 0 and 1).
_foreign = st.characters(codec="utf-8").filter(lambda char: normalise(char) == "")


@given(valid_codes, st.integers(0, CODE_LENGTH - 1), st.one_of(st.sampled_from(ALPHABET), _foreign))
def test_any_single_substitution_is_refused_as_damaged(code: str, position: int, char: str) -> None:
    assume(normalise(char) != code[position])
    typo = code[:position] + char + code[position + 1 :]
    assert parse_code(typo).status is CodeStatus.DAMAGED
    assert not looks_complete(typo)


@given(valid_codes, st.integers(0, CODE_LENGTH - 2))
def test_any_neighbour_swap_is_refused_as_damaged(code: str, position: int) -> None:
    assume(code[position] != code[position + 1])
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    assert parse_code(swapped).status is CodeStatus.DAMAGED


@given(valid_codes, st.data())
def test_lower_case_and_separators_are_accepted(code: str, data: st.DataObject) -> None:
    separators = st.sampled_from([" ", "-", "ß", "\t", "Ö", "  ", "–", "_", "/", ":"])
    typed = ""
    for char in code:
        if data.draw(st.booleans()):
            char = char.lower()
        typed += char
        if data.draw(st.booleans()):
            typed += data.draw(separators)
    assert parse_code(typed).code == code
    assert looks_complete(typed)


@given(valid_codes, st.booleans(), st.sampled_from(["plain", "grouped", "hyphenated", "lower"]))
def test_us_scanner_on_german_layout_still_reads(code: str, caps_lock: bool, form: str) -> None:
    text = {
        "plain": code,
        "grouped": format_code(code),
        "hyphenated": format_code(code).replace(" ", "-"),
        "lower": format_code(code).lower(),
    }[form]
    typed = simulate_us_scanner_on_qwertz(text, caps_lock=caps_lock)
    parsed = parse_code(typed)
    assert parsed.status is CodeStatus.OK
    assert parsed.code == code


def test_lookalike_letters_read_as_digits() -> None:
    code = next(c for c in _sample_codes(200) if "0" in c[3:] and "1" in c[3:])
    typed = code[:3] + code[3:].replace("0", "O").replace("1", "i")
    assert parse_code(typed).code == code


def test_sharp_s_from_a_hyphen_is_not_read_as_ss() -> None:
    code = _sample_codes(1)[0]
    # "ß".upper() == "SS": a naive upper() would insert two symbols and break the code.
    assert parse_code(code[:10] + "ß" + code[10:]).ok


# --- other systems' codes are not ours ---------------------------------------------------------

_PRETIX = "abcdefghjkmnpqrstuvwxyz23456789"


@given(st.text(alphabet=_PRETIX, min_size=32, max_size=32))
@example("mg1aaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
def test_pretix_codes_are_not_ours(secret: str) -> None:
    assert parse_code(secret).status is CodeStatus.NOT_OURS


@given(st.text(alphabet=string.ascii_uppercase + string.digits, min_size=7, max_size=7))
def test_hi_events_codes_are_not_ours(tail: str) -> None:
    assert parse_code("A-" + tail).status is CodeStatus.NOT_OURS


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"type": "checkin", "ticket_id": 4711, "event_id": 12, "secret": "5d8e1f0c"}),
        "https://tickets.example.org/e/round-table/ticket/4f2a9c",
        "MAILTO:someone@example.org",
        "c2b2a6f0-7a3e-4a43-9b8e-0f2c9c5f2d11:bWFkZS11cC1obWFj",
        "",
        "   ",
    ],
)
def test_other_content_is_not_ours(text: str) -> None:
    parsed = parse_code(text)
    assert parsed.status is CodeStatus.NOT_OURS
    assert parsed.code == ""  # another system's content is not carried along


def test_our_prefix_with_wrong_length_is_damaged_not_foreign() -> None:
    code = _sample_codes(1)[0]
    assert parse_code(code[:-3]).status is CodeStatus.DAMAGED
    assert parse_code(code + "7").status is CodeStatus.DAMAGED


@settings(max_examples=50)
@given(valid_codes)
def test_incomplete_scan_is_not_complete_until_the_last_symbol(code: str) -> None:
    assert not any(looks_complete(code[:length]) for length in range(CODE_LENGTH))
    assert looks_complete(code)


# --- the simulated scanner is the real German layout -------------------------------------------


@pytest.mark.parametrize(
    ("us", "german"),
    [("-", "ß"), ("/", "-"), (":", "Ö"), (";", "ö"), ("'", "ä"), ('"', "Ä"), ("[", "ü"), ("]", "+"),
     ("?", "_"), ("<", ";"), (">", ":"), ("@", '"'), ("#", "§"), ("y", "z"), ("Z", "Y"), ("7", "7")],
)  # fmt: skip
def test_us_keys_on_german_layout(us: str, german: str) -> None:
    assert simulate_us_scanner_on_qwertz(us) == german


def test_caps_lock_flips_letters_only() -> None:
    assert simulate_us_scanner_on_qwertz("MG1-ab", caps_lock=True) == "mg1ßAB"
