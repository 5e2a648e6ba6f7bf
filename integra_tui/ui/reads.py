"""Newest read wins: what a screen reads in a thread is shown only if no newer read was asked for meanwhile.

A thread worker cannot be stopped once it runs (Textual's ``exclusive=True`` only cancels the task that
waits for it; the thread goes on and may show what it read after a newer read was shown). So screens
number their reads and drop a result that is no longer the newest, instead of cancelling workers.
No worker is cancelled either, so ``app.workers.wait_for_complete()`` never fails on one.
"""

from __future__ import annotations

__all__ = ["Reads"]


class Reads:
    """Numbers a screen's reads; used on the UI thread only, so it needs no lock."""

    def __init__(self) -> None:
        self._asked = 0

    def start(self) -> int:
        """Number a new read (call it on the UI thread, when the read is asked for)."""
        self._asked += 1
        return self._asked

    def is_newest(self, read: int) -> bool:
        """Whether ``read`` is the newest read asked for (check it on the UI thread, before showing the result)."""
        return read == self._asked
