"""The access rules of served stations: who needs the code, how it is compared, how guessing is stopped."""

from __future__ import annotations

import pytest

from integra_tui import i18n
from integra_tui.io.qr import qr_terminal_lines
from integra_tui.serve.access import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Access,
    FailureLimiter,
    Gate,
    code_required,
    codes_match,
    custom_code,
    format_access_code,
    host_header_is_loopback,
    is_loopback_host,
    new_access_code,
    origin_matches_host,
)
from integra_tui.serve.banner import banner_lines
from integra_tui.serve.stations import BrowserNumbers, browser_station, clean_station_name


def test_generated_codes_are_random_and_typeable() -> None:
    codes = {new_access_code() for _index in range(200)}
    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01IOLYZ") & set(CODE_ALPHABET)


def test_codes_match_as_people_type_them_and_nothing_else() -> None:
    assert codes_match("ABCDE23456", "abcde-23456")
    assert codes_match("ABCDE23456", " ABCDE 23456 ")
    assert not codes_match("ABCDE23456", "ABCDE23457")
    assert not codes_match("ABCDE23456", "ABCDE2345")
    assert not codes_match("ABCDE23456", "")
    assert not codes_match("ABCDE23456", None)
    assert not codes_match("ABCDE23456", "ABCDE23456ü")
    assert format_access_code("abcde23456") == "ABCDE-23456"
    assert format_access_code("geheim-77") == "GEHEIM77"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "LOCALHOST", "app.localhost"])
def test_loopback_addresses_are_recognised(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "::", "", "192.168.1.20", "10.0.0.5", "laptop.local", "example.org", "localhost.example.org"]
)
def test_everything_else_is_the_network(host: str) -> None:
    assert not is_loopback_host(host)


def test_a_code_is_needed_everywhere_unless_no_code_is_asked_for_on_loopback() -> None:
    assert code_required("localhost")
    assert code_required("127.0.0.1")
    assert not code_required("localhost", no_code=True)
    assert not code_required("::1", no_code=True)
    assert code_required("0.0.0.0", no_code=True)
    assert code_required("::", no_code=True)
    assert code_required("192.168.1.20", no_code=True)


def test_codes_chosen_by_hand_need_six_characters() -> None:
    assert custom_code(" geheim-77 ") == "GEHEIM77"
    assert custom_code("abc-de") is None
    assert custom_code("") is None


def test_a_rotated_code_is_refused_as_changed_and_not_counted_as_a_guess() -> None:
    gate = Gate("abcde-23456", FailureLimiter(max_failures=2, window_seconds=60))
    assert gate.code == "ABCDE23456" and gate.generation == 1
    assert gate.rotate("FGHJK78923") == 2
    for second in range(5):
        assert gate.check("10.0.0.7", None, "ABCDE23456", float(second)) is Access.RETIRED
    assert gate.check("10.0.0.7", "abcde23456", None, 6.0) is Access.RETIRED
    assert gate.check("10.0.0.7", None, "FGHJK78923", 7.0) is Access.CODE_IN_COOKIE
    # a guess beside an old cookie is still a guess
    assert gate.check("10.0.0.8", "GUESS12345", "ABCDE23456", 8.0) is Access.WRONG
    for _round in range(10):
        gate.rotate(new_access_code())
    assert len(gate.retired) == 8 and gate.generation == 12
    assert gate.check("10.0.0.9", None, "ABCDE23456", 9.0) is Access.WRONG  # long forgotten
    with pytest.raises(ValueError):
        Gate(None).rotate("FGHJK78923")


def test_open_gate_lets_everyone_in_and_counts_nothing() -> None:
    gate = Gate(None)
    assert gate.check("127.0.0.1", None, None, 0.0) is Access.OPEN
    assert gate.check("127.0.0.1", "WRONG", "WRONG", 0.0) is Access.OPEN
    assert not gate.required


def test_gate_takes_the_code_from_the_url_or_the_cookie() -> None:
    gate = Gate("ABCDE23456")
    assert gate.check("10.0.0.7", "abcde23456", None, 0.0) is Access.CODE_IN_URL
    assert gate.check("10.0.0.7", None, "ABCDE23456", 0.0) is Access.CODE_IN_COOKIE
    assert gate.check("10.0.0.7", "OLDCODE999", "ABCDE23456", 0.0) is Access.CODE_IN_COOKIE
    assert gate.check("10.0.0.7", None, None, 0.0) is Access.MISSING
    assert gate.check("10.0.0.7", "ABCDE23457", None, 0.0) is Access.WRONG
    assert gate.check("10.0.0.7", None, "stale", 0.0) is Access.WRONG
    assert gate.check("10.0.0.7", "", None, 0.0) is Access.WRONG


def test_five_wrong_codes_a_minute_then_even_the_right_one_is_refused() -> None:
    gate = Gate("ABCDE23456", FailureLimiter(max_failures=5, window_seconds=60))
    for second in range(5):
        assert gate.check("10.0.0.66", f"GUESS{second}", None, float(second)) is Access.WRONG
    assert gate.check("10.0.0.66", "ABCDE23456", None, 10.0) is Access.TOO_MANY
    assert gate.limiter.retry_after("10.0.0.66", 10.0) == 50
    # another address is not affected
    assert gate.check("10.0.0.7", "ABCDE23456", None, 10.0) is Access.CODE_IN_URL
    # refused requests are not counted: the block ends one minute after the first failure
    assert gate.check("10.0.0.66", "ABCDE23456", None, 59.5) is Access.TOO_MANY
    assert gate.check("10.0.0.66", "ABCDE23456", None, 60.0) is Access.CODE_IN_URL


def test_missing_codes_are_not_failures() -> None:
    gate = Gate("ABCDE23456", FailureLimiter(max_failures=2, window_seconds=60))
    for second in range(10):
        assert gate.check("10.0.0.8", None, None, float(second)) is Access.MISSING
    assert gate.check("10.0.0.8", "ABCDE23456", None, 11.0) is Access.CODE_IN_URL


def test_limiter_slides_and_forgets_old_failures() -> None:
    limiter = FailureLimiter(max_failures=3, window_seconds=60)
    for moment in (0.0, 30.0, 50.0):
        limiter.record("a", moment)
    assert limiter.blocked("a", 55.0)
    assert not limiter.blocked("a", 60.0)  # the failure at 0 s has left the window
    assert limiter.retry_after("a", 60.0) == 0
    assert not limiter.blocked("b", 55.0)


def test_loopback_server_only_answers_to_loopback_names() -> None:
    assert host_header_is_loopback("localhost:8000")
    assert host_header_is_loopback("127.0.0.1:8000")
    assert host_header_is_loopback("[::1]:8000")
    assert not host_header_is_loopback("rebound.example.org:8000")
    assert not host_header_is_loopback(None)
    assert not host_header_is_loopback("")


def test_only_pages_of_the_server_itself_may_open_a_station() -> None:
    assert origin_matches_host(None, "192.168.1.20:8000")
    assert origin_matches_host("http://192.168.1.20:8000", "192.168.1.20:8000")
    assert not origin_matches_host("http://evil.example.org", "192.168.1.20:8000")
    assert not origin_matches_host("http://192.168.1.20:9000", "192.168.1.20:8000")
    assert not origin_matches_host("null", "192.168.1.20:8000")
    assert not origin_matches_host("http://192.168.1.20:8000", None)


def test_station_names_from_urls_are_cleaned() -> None:
    assert clean_station_name("Tür 2") == "Tür 2"
    assert clean_station_name("  Tür\t 2 ") == "Tür 2"
    assert clean_station_name("Tu\u0308r") == "Tür"  # decomposed umlaut from some phones
    assert clean_station_name("Eingang/Süd") == "Eingang-Süd"
    assert clean_station_name("a\x00b\u202ec") == "abc"
    assert clean_station_name("入口 2") == "入口 2"
    assert clean_station_name("x" * 100) == "x" * 40
    assert clean_station_name("   ") is None
    assert clean_station_name(None) is None


def test_browsers_get_numbers_and_keep_theirs() -> None:
    numbers = BrowserNumbers()
    assert numbers.claim() == 1
    assert numbers.claim(None) == 2
    assert numbers.claim("2") == 2  # the same browser reloading
    assert numbers.claim("7") == 7  # a browser from before a restart keeps its number
    assert numbers.claim() == 8
    assert numbers.claim("abc") == 9
    assert numbers.claim("0") == 10
    assert browser_station(3) == "Browser 3"


def test_banner_for_the_network_has_the_url_with_code_and_a_qr_code() -> None:
    url = "http://192.168.1.20:8000/?code=ABCDE23456"
    lines = banner_lines(url=url, code="ABCDE23456", screen="door", network=True)
    text = "\n".join(lines)
    assert url in text
    assert "Zugangscode: ABCDE-23456" in text
    assert "&station=Tür%202" in text
    qr_rows = qr_terminal_lines(url)
    start = lines.index("  " + qr_rows[0])
    assert [line[2:] for line in lines[start : start + len(qr_rows)]] == qr_rows  # the URL itself, to scan
    coloured = banner_lines(url=url, code="ABCDE23456", screen="door", network=True, colour=True)
    assert any(line.startswith("  \x1b[30;107m") for line in coloured)


def test_banner_for_loopback_has_no_qr_code_and_says_how_to_open_up() -> None:
    lines = banner_lines(
        url="http://localhost:8000/?code=ABCDE23456", code="ABCDE23456", screen="display", network=False
    )
    text = "\n".join(lines)
    assert "Nur auf diesem Laptop erreichbar: http://localhost:8000/?code=ABCDE23456" in text
    assert "Zugangscode: ABCDE-23456" in text
    assert "--host 0.0.0.0" in text
    assert "█" not in text and "station=" not in text and "Fingerabdruck" not in text
    assert lines[-2:] == [
        "Befehle hier: l Stationen zeigen · e NUMMER Station beenden · c neuer Zugangscode · h Hilfe",
        "Beenden mit Strg+C.",
    ]
    open_server = "\n".join(banner_lines(url="http://localhost:8000/", code=None, screen="door", network=False))
    assert "Ohne Zugangscode: jedes Benutzerkonto dieses Laptops erreicht die Station." in open_server


def test_the_tls_fingerprint_stands_beside_the_qr_code() -> None:
    fingerprint = ":".join(f"{byte:02X}" for byte in range(32))
    url = "https://192.168.1.20:8000/?code=ABCDE23456"
    lines = banner_lines(url=url, code="ABCDE23456", screen="door", network=True, fingerprint=fingerprint)
    qr_rows = qr_terminal_lines(url)
    side_text = [
        line[len(f"  {row}   ") :] for line, row in zip(lines[lines.index("  " + url) + 2 :], qr_rows, strict=False)
    ]
    side_text = [text for text in side_text if text]
    assert side_text[:5] == [
        "TLS-Fingerabdruck (SHA-256):",
        "00:01:02:03:04:05:06:07",
        "08:09:0A:0B:0C:0D:0E:0F",
        "10:11:12:13:14:15:16:17",
        "18:19:1A:1B:1C:1D:1E:1F",
    ]
    assert side_text[-3:] == ["Beim ersten Mal warnt der Browser.", "Zeigt er diesen Abdruck:", "trotzdem öffnen."]
    assert max(len(line) for line in lines if "█" in line) <= 80  # fits a small terminal beside the code
    local = banner_lines(
        url="https://localhost:8000/?code=X", code="ABCDE23456", screen="door", network=False, fingerprint=fingerprint
    )
    assert "  00:01:02:03:04:05:06:07" in local


def test_banner_in_english() -> None:
    i18n.set_language("en")
    try:
        text = "\n".join(
            banner_lines(url="http://10.0.0.2:8000/?code=X", code="ABCDE23456", screen="door", network=True)
        )
    finally:
        i18n.set_language("de")
    assert "Access code: ABCDE-23456" in text
    assert "Zugangscode" not in text
