"""Fixtures shared across test folders."""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import shutil
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock
from integra_tui.io import fonts
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo


def _scenario_module():
    """tests/services/export_scenario.py: two meetings run through the real door and moderator services."""
    name = "integra_export_scenario"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).resolve().parent / "services" / "export_scenario.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session", autouse=True)
def bundled_fonts_only(tmp_path_factory: pytest.TempPathFactory):
    """Fonts as on a fresh machine after ``pip install``: the bundled ones and nothing of the system's.

    The app's own lookup is told not to scan the machine's font folders (``INTEGRA_SYSTEM_FONTS=0``),
    and fontconfig, for anything that asks it (Pillow, pdfium, a subprocess), gets a configuration
    without a single font folder. Subprocesses (the CLI tests) inherit both.
    """
    folder = tmp_path_factory.mktemp("fonts")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{folder / 'fontconfig-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    patch = pytest.MonkeyPatch()
    patch.setenv("FONTCONFIG_FILE", str(config))
    patch.delenv("FONTCONFIG_PATH", raising=False)
    patch.setenv(fonts.SYSTEM_FONTS_ENV, "0")
    patch.setenv(fonts.CACHE_ENV, str(folder / "instances"))  # the regular Hebrew instance, made once per run
    yield folder
    patch.undo()


@pytest.fixture(scope="session")
def _scenario_template(tmp_path_factory: pytest.TempPathFactory):
    """The scenario built once per worker and closed as it stood (its last writes still in the journal)."""
    folder = tmp_path_factory.mktemp("scenario-template")
    built = _scenario_module().build(folder)
    built.ctx.fold_on_close(False)  # the files stay as the running build left them
    built.ctx.close()
    files = sorted(p.name for p in folder.iterdir() if p.name != "store.json.lock")
    return folder, files, dataclasses.replace(built, ctx=None, clock=None)


@pytest.fixture()
def scenario(tmp_path: Path, _scenario_template):
    """A store holding two meetings that were really run: check-ins, agenda timing, speakers, captures.

    A copy of the store files of one build (the same files a fresh build leaves in ``tmp_path``), opened
    again on a fake clock at the time the build ended.
    """
    folder, files, ids = _scenario_template
    for name in files:
        shutil.copy2(folder / name, tmp_path / name)
    clock = FakeClock(_scenario_module().ENDED)
    built = dataclasses.replace(copy.deepcopy(ids), ctx=open_context(tmp_path / "store.json", clock=clock), clock=clock)
    yield built
    built.ctx.close()


# The door's tests (service and screen) share one demo store at 16:55 on the demo day; a test file
# that defines its own ``clock``, ``ctx`` or ``meeting`` uses that one instead.


@pytest.fixture()
def clock() -> FakeClock:
    """Five minutes before the demo meeting starts, Berlin time."""
    return FakeClock(datetime(2026, 11, 27, 16, 55, tzinfo=ZoneInfo("Europe/Berlin")))


@pytest.fixture()
def ctx(tmp_path: Path, clock: FakeClock):
    """A fresh store in tmp_path on ``clock``."""
    context = open_context(tmp_path / "store.json", clock=clock)
    yield context
    context.close()


@pytest.fixture()
def meeting(ctx):
    """The demo meeting (40 invitees, 7 agenda items) in ``ctx``."""
    meeting, _report = ensure_demo(ctx)
    return meeting
