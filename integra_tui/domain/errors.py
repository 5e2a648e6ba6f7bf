"""Refusals of the domain's rules: a code saying which rule refused, and the values it concerns.

The domain chooses no words (it imports nothing of the app, not even ``i18n``): the services turn
a :class:`DomainError` into a message in the active language (``integra_tui.services.texts``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["DomainError"]


class DomainError(Exception):
    """A command a domain rule refuses.

    ``code`` names the rule (e.g. ``"item_running"``), ``params`` the values a message about it
    needs (e.g. ``{"minutes": 5}``). ``str()`` gives the code, for logs and tests, never for users.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, Any] = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, **{self.params!r})"
