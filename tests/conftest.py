"""Fixtures shared across test folders."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _scenario_module():
    """tests/services/export_scenario.py: two meetings run through the real door and moderator services."""
    name = "integra_export_scenario"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "services" / "export_scenario.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture()
def scenario(tmp_path: Path):
    """A store holding two meetings that were really run: check-ins, agenda timing, speakers, captures."""
    built = _scenario_module().build(tmp_path)
    yield built
    built.ctx.close()
