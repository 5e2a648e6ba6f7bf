"""Benchmark: 500 invitations (one PDF, four to a page, plus one PNG per person), segno versus qrcode.

Run: python benchmarks/bench_invitations.py [--count 500] [--repeat 1]
Prints the time for the whole job with each QR library, the QR encoding alone, and the ratios.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from datetime import time as clock_time
from pathlib import Path

from integra_tui.domain.codes import new_code
from integra_tui.io.invitations import InvitationCard, write_invitations
from integra_tui.io.qr import qr_matrix

__all__ = ["main"]

_NAMES = [
    "Jürgen Groß", "Анна Петрова", "Γιώργος Παπαδόπουλος", "محمد الأحمد", "Nguyễn Thị Hương",
    "Łukasz Żółć", "Ayşe Yılmaz", "Maria-Theresia von Hohenzollern", "Fatima Haidari", "Olena Kovalenko",
]  # fmt: skip


def _cards(count: int) -> list[InvitationCard]:
    rnd = random.Random(2026)
    return [
        InvitationCard(
            meeting_title="INTEGRA-Netzwerktreffen Herbst 2026",
            meeting_date=date(2026, 11, 27),
            start_time=clock_time(14, 0),
            place="Mehrgenerationenhaus, Lindenstraße 12, Saal 2",
            person_name=f"{_NAMES[number % len(_NAMES)]} {number}",
            code=new_code(rnd),
            person_id=number,
        )
        for number in range(1, count + 1)
    ]


def _job(cards: list[InvitationCard], engine: str) -> tuple[float, float, float]:
    """Seconds for the PDF, the PNGs, and both."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        write_invitations(cards, Path(folder) / "pdf", "pdf", per_page=4, qr_engine=engine)
        pdf_done = time.perf_counter()
        write_invitations(cards, Path(folder) / "png", "png", qr_engine=engine)
        png_done = time.perf_counter()
    return pdf_done - started, png_done - pdf_done, png_done - started


def _encode_only(cards: list[InvitationCard], engine: str) -> float:
    started = time.perf_counter()
    for card in cards:
        qr_matrix(card.code, engine=engine)
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1, help="runs per library; the best is reported")
    args = parser.parse_args()
    cards = _cards(args.count)
    _job(cards[:4], "segno")  # warm up: font files, imports

    results = {}
    for engine in ("segno", "qrcode"):
        runs = [_job(cards, engine) for _ in range(args.repeat)]
        results[engine] = min(runs, key=lambda run: run[2])
    encode = {engine: min(_encode_only(cards, engine) for _ in range(args.repeat)) for engine in ("segno", "qrcode")}

    print(f"{args.count} invitations: one PDF (4 per A4 page) + one PNG per person")
    print(f"{'library':<8} {'pdf s':>8} {'png s':>8} {'total s':>8} {'encode s':>9}")
    for engine in ("segno", "qrcode"):
        pdf_s, png_s, total_s = results[engine]
        print(f"{engine:<8} {pdf_s:8.2f} {png_s:8.2f} {total_s:8.2f} {encode[engine]:9.3f}")
    print(f"ratio qrcode/segno: whole job {results['qrcode'][2] / results['segno'][2]:.2f}, "
          f"QR encoding alone {encode['qrcode'] / encode['segno']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
