"""The clock: aware times in Berlin, a fake clock that moves only when told, ISO round trips."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integra_tui.domain.clock import DEFAULT_TZ, Clock, FakeClock, SystemClock, from_iso, to_iso

BERLIN = ZoneInfo("Europe/Berlin")


def test_system_clock_is_aware_and_in_berlin_by_default() -> None:
    now = SystemClock().now()
    assert now.tzinfo is not None
    assert now.tzinfo == ZoneInfo(DEFAULT_TZ)
    assert abs(now - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_system_clock_accepts_another_zone() -> None:
    assert SystemClock("UTC").now().utcoffset() == timedelta(0)
    assert SystemClock(ZoneInfo("Asia/Tokyo")).now().utcoffset() == timedelta(hours=9)


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(SystemClock(), Clock)
    assert isinstance(FakeClock(datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)), Clock)


def test_fake_clock_moves_only_when_told() -> None:
    start = datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)
    clock = FakeClock(start)
    assert clock.now() == start
    assert clock.now() == start
    clock.advance(seconds=30)
    assert clock.now() == start + timedelta(seconds=30)
    clock.advance(minutes=2, seconds=5)
    assert clock.now() == start + timedelta(minutes=2, seconds=35)
    later = datetime(2026, 11, 27, 16, 0, tzinfo=BERLIN)
    clock.set(later)
    assert clock.now() == later


def test_fake_clock_advances_real_time_across_the_dst_change() -> None:
    clock = FakeClock(datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN))  # summer time, an hour before the change
    before = clock.now()
    clock.advance(minutes=60)
    assert clock.now().timestamp() - before.timestamp() == 3600
    assert clock.now().utcoffset() == timedelta(hours=1)
    assert clock.now().tzinfo == BERLIN


def test_fake_clock_treats_naive_start_as_berlin() -> None:
    clock = FakeClock(datetime(2026, 7, 1, 12, 0))
    assert clock.now().utcoffset() == timedelta(hours=2)  # summer time


def test_to_iso_has_offset_and_seconds() -> None:
    assert to_iso(datetime(2026, 11, 27, 14, 5, tzinfo=BERLIN)) == "2026-11-27T14:05:00+01:00"
    assert to_iso(datetime(2026, 6, 27, 14, 5, 7, tzinfo=BERLIN)) == "2026-06-27T14:05:07+02:00"


def test_to_iso_refuses_naive_times() -> None:
    with pytest.raises(ValueError):
        to_iso(datetime(2026, 11, 27, 14, 5))


def test_from_iso_reads_offsets_and_assumes_berlin_without() -> None:
    parsed = from_iso("2026-11-27T14:05:00+01:00")
    assert parsed == datetime(2026, 11, 27, 13, 5, tzinfo=timezone.utc)
    naive = from_iso("2026-11-27T14:05:00")
    assert naive.utcoffset() == timedelta(hours=1)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.just(BERLIN),
        allow_imaginary=False,  # wall times skipped by the spring DST jump never come from a clock
    )
)
def test_iso_round_trip_keeps_the_instant(moment: datetime) -> None:
    parsed = from_iso(to_iso(moment))
    assert parsed.timestamp() == moment.timestamp()
    assert parsed.utcoffset() == moment.utcoffset()
