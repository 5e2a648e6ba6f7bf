"""The store benchmark runs (at a tiny size) and prints every row it promises; its figures are never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_store.py"


def test_the_store_benchmark_runs_at_a_tiny_size() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--tiny"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for row in ("json (standard library)", "msgspec (the store's)", "open (ms)", "peak RSS (MB)", "one write (ms)"):
        assert row in out, row
    assert "cli open+write+close" in out
    assert out.count(" people: ") == 2  # both sizes, ours against stock TinyDB in each
