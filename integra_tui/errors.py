"""The app's one error family: every refusal a user may see is an :class:`IntegraError`.

The UI and the command line catch :class:`IntegraError` (or one of its children) and show its text;
they never need to know which layer refused. Beneath it:

- :class:`ServiceError`: a use case refused an action (unknown person, empty title, a rule of the
  agenda), with one line for the user in the active language.
- :class:`StoreError` and its children (damaged store, store from a newer version, a write that did not
  reach the disk): the store's own problems. The children are defined beside the store
  (``store/storage.py``) and importable from there; :class:`StoreBusyError` is here too, because a
  screen that merely looks for news (the app's poll) lets a busy store pass and looks again later.

Domain rules (``integra_tui.domain``) import nothing of the app, so their refusals
(:class:`integra_tui.domain.errors.DomainError`) carry a code and parameters instead of words;
the services turn them into a :class:`ServiceError` worded by ``integra_tui.services.texts``.

This module imports nothing of the app, so every layer (the store too) can build on it.
"""

from __future__ import annotations

__all__ = ["IntegraError", "ServiceError", "StoreBusyError", "StoreError"]


class IntegraError(Exception):
    """Something the app refuses or cannot do, with a message meant for the user (``str(error)``)."""


class ServiceError(IntegraError):
    """A refused action, with a one-line message for the user in the active language."""


class StoreError(IntegraError):
    """A store problem with a message meant for the user (one of the app's ``IntegraError`` family)."""


class StoreBusyError(StoreError):
    """Another process held the store's lock for longer than the store waits for it
    (``JournaledStorage.lock_wait_seconds``); nothing was read or written, and the same call may simply
    be made again."""
