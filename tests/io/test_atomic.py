"""Exported files are private (0600, folders 0700) unless the caller asks otherwise, and appear whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from integra_tui.io.atomic import atomic_open, write_bytes_atomic, write_files_atomic, write_text_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_exports_are_private_and_their_new_folders_too(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual umask, which would make files 0644
    try:
        target = tmp_path / "bericht" / "2026" / "teilnehmerliste.pdf"
        write_bytes_atomic(target, b"%PDF-1.7")
        text = tmp_path / "protokoll.md"
        write_text_atomic(text, "Jürgen Müller")
        with atomic_open(tmp_path / "aufgaben.csv", "w", encoding="utf-8") as handle:
            handle.write("a;b\n")
    finally:
        os.umask(old_umask)
    assert _mode(target) == _mode(text) == _mode(tmp_path / "aufgaben.csv") == 0o600
    assert _mode(tmp_path / "bericht") == _mode(tmp_path / "bericht" / "2026") == 0o700
    assert target.read_bytes() == b"%PDF-1.7" and text.read_text(encoding="utf-8") == "Jürgen Müller"


def test_a_caller_may_ask_for_other_modes(tmp_path: Path) -> None:
    target = tmp_path / "shared" / "aushang.pdf"
    write_bytes_atomic(target, b"x", file_mode=0o644, folder_mode=0o755)
    assert _mode(target) == 0o644 and _mode(tmp_path / "shared") == 0o755


def test_an_existing_public_file_is_replaced_by_a_private_one(tmp_path: Path) -> None:
    target = tmp_path / "liste.csv"
    target.write_text("alt")
    os.chmod(target, 0o644)
    write_text_atomic(target, "neu")
    assert target.read_text() == "neu" and _mode(target) == 0o600


def test_a_link_at_the_target_is_replaced_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    target = tmp_path / "export.csv"
    target.symlink_to(victim)
    write_text_atomic(target, "export")
    assert victim.read_text() == "do not touch"
    assert not target.is_symlink() and target.read_text() == "export"


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "liste.csv"
    with pytest.raises(RuntimeError):
        with atomic_open(target, "wb") as handle:
            handle.write(b"half")
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_many_files_appear_private_and_in_full(tmp_path: Path) -> None:
    targets = [tmp_path / "karten" / f"{number:03d}.png" for number in range(1, 101)]
    write_files_atomic((target, target.name.encode() * 1000) for target in targets)
    assert sorted(path.name for path in (tmp_path / "karten").iterdir()) == [target.name for target in targets]
    assert all(target.read_bytes() == target.name.encode() * 1000 for target in targets)
    assert {_mode(target) for target in targets} == {0o600} and _mode(tmp_path / "karten") == 0o700


def test_many_files_that_fail_half_way_leave_those_before_whole(tmp_path: Path) -> None:
    (tmp_path / "04.png").write_bytes(b"old")

    def cards():  # noqa: ANN202
        for number in range(1, 6):
            if number == 4:
                raise RuntimeError("a card could not be drawn")
            yield tmp_path / f"{number:02d}.png", b"new"

    with pytest.raises(RuntimeError):
        write_files_atomic(cards())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["01.png", "02.png", "03.png", "04.png"]
    assert [(tmp_path / f"0{number}.png").read_bytes() for number in range(1, 5)] == [b"new"] * 3 + [b"old"]


def test_a_flush_that_fails_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_files_atomic((tmp_path / f"{number}.png", b"x") for number in range(3))
    assert list(tmp_path.iterdir()) == []
