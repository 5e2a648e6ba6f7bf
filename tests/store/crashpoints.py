"""Kill a real process at each durable step of what it does, for crash tests (the store's crash points).

The storage stops a process with SIGKILL right after a durable step when ``INTEGRA_TEST_CRASHPOINT``
is set (see :mod:`integra_tui.store.storage`). This module runs a Python snippet in a child process
with that variable set and tells whether the child got there::

    points = trace(SNIPPET, str(path))          # every step a clean run passes, e.g. ["journal-fsync", ...]
    for n in range(1, len(points) + 1):
        restore_the_files()
        outcome = run_snippet(SNIPPET, str(path), crash_at=n)
        assert outcome.killed and outcome.point == points[n - 1]
        check_the_store_is_untouched_or_fully_changed()

``kill_at_every_point`` does that loop. The snippet gets its arguments in ``sys.argv[1:]``; use
``integra_tui.store.storage.crashpoint("name")`` in code under test to mark steps of your own.

Tests in other folders load this file by path (pytest runs with ``--import-mode=importlib``), as
``tests/store/conftest.py`` does; the module must be in ``sys.modules`` before it runs (dataclasses)::

    path = Path(__file__).resolve().parents[1] / "store" / "crashpoints.py"
    spec = importlib.util.spec_from_file_location("integra_store_crashpoints", path)
    crashpoints = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(crashpoints)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

__all__ = ["Outcome", "kill_at_every_point", "run_snippet", "trace"]

ENV = "INTEGRA_TEST_CRASHPOINT"


@dataclass(frozen=True)
class Outcome:
    """How a child process ended."""

    killed: bool
    """It was killed at the step it was asked to stop at."""
    point: str | None
    """The name of that step (None when the run ended before reaching it)."""
    returncode: int
    stdout: str
    stderr: str
    passed: list[str]
    """Every step the child reported (all of them under ``trace``, the last one when killed)."""


def run_snippet(snippet: str, *args: str, crash_at: int | str | None = None, timeout: float = 120) -> Outcome:
    """Run ``python -c snippet args...``; with ``crash_at`` (N, ``"name:N"`` or ``"trace"``) armed."""
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if crash_at is not None:
        env[ENV] = str(crash_at)
    result = subprocess.run(
        [sys.executable, "-c", snippet, *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    passed = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("crashpoint ")]
    killed = result.returncode == -signal.SIGKILL and crash_at not in (None, "trace")
    return Outcome(
        killed, passed[-1] if killed and passed else None, result.returncode, result.stdout, result.stderr, passed
    )


def trace(snippet: str, *args: str) -> list[str]:
    """The names of every durable step a clean run of the snippet passes, in order (it must succeed)."""
    outcome = run_snippet(snippet, *args, crash_at="trace")
    assert outcome.returncode == 0, outcome.stderr
    return outcome.passed


def kill_at_every_point(
    snippet: str,
    *args: str,
    prepare: Callable[[], None],
    check: Callable[[int, str], None],
) -> list[str]:
    """Kill the snippet after each of its durable steps in turn: ``prepare()`` before, ``check(n, name)`` after.

    Returns the steps (from a traced run after one ``prepare()``). Fails when a run does not stop
    where the trace said it would, so a test cannot pass by never crashing.
    """
    prepare()
    points = trace(snippet, *args)
    assert points, "the snippet passed no durable step"
    for number, name in enumerate(points, start=1):
        prepare()
        outcome = run_snippet(snippet, *args, crash_at=number)
        assert outcome.killed, f"run {number} ({name}) was not killed: {outcome.returncode}\n{outcome.stderr}"
        assert outcome.point == name, (number, outcome.point, name)
        check(number, name)
    return points
