"""The app's one service thread: store work off the event loop, in the order it was asked for."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, TypeVar

__all__ = ["ServiceThread"]

T = TypeVar("T")


class ServiceThread:
    """One thread that runs service calls in the order they were submitted (the app owns one)."""

    def __init__(self, name: str = "integra-service") -> None:
        self._name = name
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, call: Callable[[], T]) -> Future[T]:
        """Queue ``call``; it runs after every call submitted before it."""
        with self._lock:
            if self._executor is None:  # started on first use: an app that never calls costs no thread
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
            return self._executor.submit(call)

    def close(self) -> None:
        """Let the queued calls finish (what a screen showed as saving is saved), then stop the thread."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)
