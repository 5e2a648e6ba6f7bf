"""The layers stay apart: domain and store never import Textual; only store imports TinyDB."""

from __future__ import annotations

import ast
from pathlib import Path

import integra_tui

PACKAGE = Path(integra_tui.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_and_store_do_not_import_textual() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for folder in ("domain", "store")
        for path in (PACKAGE / folder).rglob("*.py")
        if "textual" in _imports(path)
    ]
    assert not offenders


def test_domain_does_no_io_libraries() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "domain").rglob("*.py")
        if _imports(path) & {"tinydb", "textual", "segno", "qrcode", "openpyxl", "fpdf", "cv2"}
    ]
    assert not offenders


def test_only_the_store_imports_tinydb() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tinydb" in _imports(path) and path.parent.name != "store"
    ]
    assert not offenders
