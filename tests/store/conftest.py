"""Fixtures of the store tests: the crash-point runner (tests/store/crashpoints.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load_crashpoints():
    name = "integra_store_crashpoints"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "crashpoints.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def crashpoints():
    """The module that runs a snippet in a child process and kills it at its N-th durable step."""
    return _load_crashpoints()
