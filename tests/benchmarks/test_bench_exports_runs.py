"""The exports benchmark runs (at a tiny size) and prints every row it promises; its figures are never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_exports.py"


def test_the_exports_benchmark_runs_at_a_tiny_size() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--tiny"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "minutes PDF with 40 captures   goal < 2 s" in out
    assert "actions XLSX with 40 rows   goal < 0.5 s" in out
    for row in (
        "render: this version",
        "render: previous (",
        "render: openpyxl write-only (previous)",
        "render: openpyxl normal mode",
        "ratio write-only / this",
        "actions xlsx",
        "minutes pdf",
    ):
        assert row in out, row
    assert out.count(" KiB\n") >= 9 + 4  # every export end to end, every renderer
