"""The district-scale benchmark runs at a tiny size and prints every row of issue 16's table; no figure is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_all.py"


def test_the_district_scale_benchmark_prints_every_row() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--tiny", "--no-exports"], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for row in (
        "start to a usable door, 40 invitees",
        "terminal start to a usable door, 40 invitees",
        "CPU while idle (1 s), moderator",
        "CPU while idle (1 s), display",
        "CPU while idle (1 s), door",
        "CPU while idle (1 s), moderator, an item running",
        "CPU while idle (1 s), display, an item running",
        "import 30 rows",
        "one CLI checkin on the 30 store",
        "start to a usable door, 60 invitees",
        "terminal start to a usable door, 60 invitees",
        "peak memory, door at 60 invitees",
        "stock TinyDB",
    ):
        assert row in out, row
    assert "(no pseudo-terminal here)" not in out or sys.platform == "win32"
    assert out.count(" goal ") == 17  # 7 demo rows and 5 rows per size, each with its goal
