"""Finding the demo meeting's invitee list and agenda (data/invitees.csv, data/agenda.csv)."""

from __future__ import annotations

import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from integra_tui.i18n import _

__all__ = ["DEMO_FILES", "demo_paths"]

DEMO_FILES = ("invitees.csv", "agenda.csv")
"""The demo files' names, the same in every place they are looked for."""


def _candidates() -> list[Traversable]:
    """Folders that may hold the demo files, in the order they are tried."""
    # A source checkout or an editable install: data/ next to the package.
    folders: list[Traversable] = [Path(__file__).resolve().parents[2] / "data"]
    # A regular (wheel) install: pyproject's data-files put them under <prefix>/share.
    folders.append(Path(sys.prefix) / "share" / "integra-tui" / "demo")
    # Installed from a wheel: the data/ folder as package data, under one of these names.
    for package, subfolder in (
        ("integra_tui", "demo_data"),
        ("integra_tui.demo_data", ""),
        ("integra_tui", "demo"),
        ("integra_tui_data", ""),
    ):
        try:
            root = resources.files(package)
        except (ModuleNotFoundError, TypeError):
            continue
        folders.append(root / subfolder if subfolder else root)
    return folders


def demo_paths() -> tuple[Path, Path]:
    """(invitees.csv, agenda.csv) of the demo meeting; FileNotFoundError if they are not installed."""
    for folder in _candidates():
        invitees, agenda = (folder / name for name in DEMO_FILES)
        # Only files on disk will do (the CSV reader needs a path); installed wheels are unpacked.
        if isinstance(invitees, Path) and isinstance(agenda, Path) and invitees.is_file() and agenda.is_file():
            return invitees, agenda
    raise FileNotFoundError(_("Die Demodaten (invitees.csv, agenda.csv) wurden nicht gefunden."))
