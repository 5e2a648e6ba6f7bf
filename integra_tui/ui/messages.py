"""Messages the app sends to its screens."""

from __future__ import annotations

from textual.message import Message

__all__ = ["StoreChanged"]


class StoreChanged(Message):
    """The store holds new data (from this process or another one): screens redraw what they show."""
