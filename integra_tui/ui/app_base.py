"""What a screen may ask of the app it runs in: the store's context and the one service thread.

``IntegraApp`` (``ui/app.py``) is one; the screens' base (``ui/screens/base.py``) is typed on this class,
not on ``IntegraApp``, because the app opens the screens: a base importing the app made one import circle
of the app and every screen.
"""

from __future__ import annotations

from typing import Callable

from textual.app import App

from integra_tui.services.context import Context
from integra_tui.ui.service_thread import ServiceThread

__all__ = ["ServiceApp"]


class ServiceApp(App[None]):
    """A Textual app on one store, with one thread for the service calls of all its screens."""

    ctx: Context
    """The open store and clock."""
    services: ServiceThread
    """Where screens run service calls, one at a time and in order (``IntegraScreen.call_service``)."""

    def every_second(self, callback: Callable[[], object]) -> Callable[[], None]:
        """Call ``callback`` on the app's heartbeat, once a second; returns what stops it (``IntegraApp`` beats)."""
        raise NotImplementedError
