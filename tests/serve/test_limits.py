"""The bookkeeping behind served stations: connection limits, the station book, idle times, the terminal's commands."""

from __future__ import annotations

import pytest

from integra_tui import i18n
from integra_tui.serve.console import duration_text, parse_command, station_lines
from integra_tui.serve.limits import ConnectionBook, ConnectionLimits, default_limits
from integra_tui.serve.stations import StationBook, is_activity


def _book(capacity: int = 8, reserve: int = 2, per_address: int = 4, header_seconds: float = 10.0) -> ConnectionBook:
    return ConnectionBook(ConnectionLimits(capacity, reserve, per_address, header_seconds))


def test_at_the_usual_file_limit_the_server_keeps_places_for_the_code() -> None:
    limits = default_limits(open_files=1024, stations=16)
    assert limits.capacity == 880 and limits.reserve == 110 and limits.waiting == 770
    assert limits.capacity + 4 * 16 + 2 * 16 < 1024  # the stations' pipes fit too, and two batches of accepts
    assert default_limits(open_files=64, stations=16).capacity == 8  # never below a working minimum
    with pytest.raises(ValueError):
        ConnectionLimits(capacity=8, reserve=8)
    with pytest.raises(ValueError):
        ConnectionLimits(capacity=8, reserve=2, per_address=0)


def test_one_address_holds_at_most_its_share_and_its_own_oldest_give_way() -> None:
    book = _book(per_address=4)
    for number in range(4):
        assert book.open(f"a{number}", "10.0.0.66", now=float(number)).admitted
    opening = book.open("a4", "10.0.0.66", now=4.0)
    assert opening.admitted and opening.evicted == ("a0",)
    assert book.waiting_from("10.0.0.66") == 4
    # a helper from another address is not touched by that
    assert book.open("helper", "10.0.0.7", now=5.0).evicted == ()


def test_held_connections_without_the_code_never_lock_out_a_helper() -> None:
    """Attackers on three addresses fill every place a waiting connection may take; a helper still gets in."""
    book = _book(capacity=8, reserve=2, per_address=4)
    attackers = [(f"x{n}", f"10.0.0.{60 + n % 3}") for n in range(30)]
    for moment, (key, address) in enumerate(attackers):
        assert book.open(key, address, float(moment)).admitted
    assert book.waiting == 6  # capacity minus the reserve, however many try
    opening = book.open("helper", "10.0.0.7", 100.0)
    assert opening.admitted and len(opening.evicted) == 1 and opening.evicted[0].startswith("x")
    book.admit("helper")
    assert book.with_code == 1 and not book.is_waiting("helper")
    # the helper's page, script, styles, fonts and websocket: each new connection gets in and has the code
    for number in range(5):
        assert book.open(f"helper-{number}", "10.0.0.7", 101.0 + number).admitted
        book.admit(f"helper-{number}")
    assert book.with_code == 6
    # the attackers keep trying: places with the code are never taken from the helper
    for moment in range(20):
        opening = book.open(f"y{moment}", "10.0.0.60", 200.0 + moment)
        assert opening.admitted and not any(key.startswith("helper") for key in opening.evicted)
    assert book.with_code == 6 and book.waiting == 2  # what capacity leaves


def test_when_every_place_has_the_code_a_new_connection_is_refused() -> None:
    book = _book(capacity=3, reserve=1, per_address=3)
    for key in ("a", "b", "c"):
        book.open(key, "10.0.0.7", 0.0)
        book.admit(key)
    assert not book.open("d", "10.0.0.66", 1.0).admitted
    book.close("a")
    assert book.open("d", "10.0.0.66", 2.0).admitted


def test_a_waiting_connection_has_its_time_for_one_request() -> None:
    book = _book(header_seconds=10.0)
    book.open("slow", "10.0.0.66", 0.0)
    book.open("quick", "10.0.0.7", 5.0)
    assert book.overdue(9.9) == []
    assert book.overdue(10.0) == ["slow"]
    book.admit("quick")
    assert book.overdue(100.0) == ["slow"]  # with the code, no such limit
    book.close("slow")
    book.close("slow")  # closing twice (evicted, then lost) is fine
    assert book.waiting == 0 and book.waiting_from("10.0.0.66") == 0


def test_connections_with_a_replaced_code_are_found() -> None:
    book = _book()
    for key, generation in (("old", 1), ("new", 2)):
        book.open(key, "10.0.0.7", 0.0)
        book.admit(key, generation)
    assert book.older_than(2) == ["old"]
    book.admit("old", 2)  # the same connection later brought the new code
    assert book.older_than(2) == []


def test_the_station_book_numbers_stations_and_knows_the_idle_ones() -> None:
    book = StationBook()
    door = book.add("Tür 2", "10.0.0.7", now=0.0)
    tablet = book.add("Browser 1", "10.0.0.8", now=10.0, generation=2)
    assert (door.number, tablet.number) == (1, 2)
    book.key_pressed(1, now=50.0)
    assert [s.number for s in book.idle(now=60.0, idle_seconds=50.0)] == [2]
    assert [s.number for s in book.idle(now=100.0, idle_seconds=50.0)] == [1, 2]
    assert book.idle(now=10_000.0, idle_seconds=0) == []  # 0: never released
    assert [s.number for s in book.older_than(2)] == [1]
    assert book.remove(1) is door and book.remove(1) is None
    assert book.add("Tür 2", "10.0.0.7", now=200.0).number == 3  # numbers are never reused


def test_only_a_pointer_passing_over_the_page_is_not_activity() -> None:
    assert is_activity("a") and is_activity("\r") and is_activity("\x1bOQ")
    assert not is_activity("\x1b[<35;10;5M\x1b[<35;11;5M")  # motion without a button
    assert is_activity("\x1b[<0;10;5M")  # a click
    assert is_activity("\x1b[<64;10;5M")  # the wheel
    assert is_activity("\x1b[<35;10;5Mx")


def test_terminal_commands_are_single_letters() -> None:
    assert parse_command("").verb == "list" and parse_command(" L ").verb == "list"
    assert parse_command("e 3").number == 3 and parse_command("E3").number == 3
    assert parse_command("e").verb == "end" and parse_command("e").number is None
    assert parse_command("e zwei").verb == "end" and parse_command("e zwei").number is None
    assert parse_command("c").verb == "code" and parse_command("?").verb == "help" and parse_command("q").verb == "quit"
    assert parse_command("c now").verb == "unknown" and parse_command("xyz").verb == "unknown"


def test_the_listing_names_number_station_address_and_idle_time() -> None:
    book = StationBook()
    book.add("Tür 2", "192.168.1.31", now=0.0)
    book.add("Browser 1", "192.168.1.23", now=100.0)
    book.key_pressed(2, now=700.0)
    lines = station_lines(list(book.stations.values()), now=7300.0, max_stations=16, idle_seconds=1800)
    assert lines[0] == "Stationen: 2 von höchstens 16 (getrennt nach 30 Min ohne Tastendruck)"
    assert lines[1].split() == [
        "1",
        "Tür",
        "2",
        "192.168.1.31",
        "seit",
        "2",
        "h",
        "01",
        "Min,",
        "noch",
        "keine",
        "Taste",
    ]
    assert "letzte Taste vor 1 h 50 Min" in lines[2] and "192.168.1.23" in lines[2]
    assert station_lines([], 0.0, 16, 0) == ["Stationen: 0 von höchstens 16", "  Keine Station verbunden."]
    assert duration_text(42) == "42 s" and duration_text(60) == "1 Min"
    i18n.set_language("en")
    try:
        assert station_lines([], 0.0, 4, 60)[0] == "Stations: 0 of at most 4 (ended after 1 min without a key)"
    finally:
        i18n.set_language("de")
