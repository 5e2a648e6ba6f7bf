"""``integra-tui export`` in a real process: names no bundled font has print as stand-ins, a German line says where."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium

from integra_tui.services.checkin import register_walk_in
from integra_tui.services.exports import attendance_doc

UNSHIPPED = ("王芳 Li", "Anna 😀")  # CJK and an emoji: no bundled font has them


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}  # with the session's fonts setting: only the bundled fonts
    env.pop("INTEGRA_LANG", None)
    env.pop("INTEGRA_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "integra_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _text(path: Path) -> str:
    document = pdfium.PdfDocument(path.read_bytes())
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range() for page in document).split())
    finally:
        document.close()


def test_attendance_pdf_prints_stand_ins_and_warns_with_the_row_numbers(scenario, tmp_path: Path) -> None:
    for name in UNSHIPPED:
        register_walk_in(scenario.ctx, scenario.second, name, "Interessiert")
    rows = [row.name for row in attendance_doc(scenario.ctx, scenario.second).rows]
    numbers = sorted(rows.index(name) + 1 for name in UNSHIPPED)
    out = tmp_path / "Teilnehmerliste.pdf"
    result = run(
        tmp_path / "store.json", "export", "attendance", "--meeting", str(scenario.second), "--format", "pdf",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"Warnung: Teilnehmerliste.pdf, Zeile {numbers[0]}, {numbers[1]}: Zeichen, die keine mitgelieferte "
        "Schrift darstellen kann, sind ersatzweise gedruckt (umschrieben oder als [?])."
    ]  # nothing else: no English log line of fpdf2, no name
    text = _text(out)
    assert "WangFang Li" in text and "Anna [?]" in text and "ሳምራዊት" in text


def test_report_folder_warns_once_per_pdf_and_in_english_when_asked(scenario, tmp_path: Path) -> None:
    register_walk_in(scenario.ctx, scenario.second, "Anna 😀", "Interessiert")
    result = run(
        tmp_path / "store.json", "--lang", "en", "export", "report", "--meeting", str(scenario.second),
        "--with-names", "--out", str(tmp_path / "Bericht"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "Warning: Protokoll_2026-11-27.pdf",
        "Warning: Teilnehmerliste_2026-11-27.pdf",
    ]
    assert "page" in lines[0] and "row" in lines[1]
    assert "Anna [?]" in _text(tmp_path / "Bericht" / "Protokoll_2026-11-27.pdf")
