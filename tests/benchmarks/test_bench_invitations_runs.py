"""The invitations benchmark runs (at a tiny size) and prints every row it promises; its figures are never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_invitations.py"


def test_the_invitations_benchmark_runs_at_a_tiny_size() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--tiny"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "one PDF (4 per A4 page) + one PNG per person   goal < 4 s, both cores used" in out
    assert "one PDF (4 per A4 page)   goal < 30 s" in out
    for row in ("worker processes", "this version in one process", "this version, qrcode library", "previous ("):
        assert row in out, row
    assert out.count(" cores\n") >= 5  # every configuration measured, CPU and cores included
    assert "ratio one process / this" in out
