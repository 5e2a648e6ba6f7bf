"""Shows of hands: a decision's yes, no and abstention counts, and the hands raised for a topic wish.

Counts only, never names. The moderator types them in a few keys ("12 2 1", "12/2/1", "12-2-1";
one number for a topic wish); :func:`parse_show_of_hands` and :func:`parse_hands` read them.
Refusals carry a code (``hands_not_understood``, ``hands_negative``, ``hands_too_many``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from integra_tui.domain.errors import DomainError

__all__ = ["MAX_HANDS", "ShowOfHands", "parse_hands", "parse_show_of_hands"]

MAX_HANDS = 9999
"""More hands than this is a typing mistake at a round table."""


def _count(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError("hands_not_understood", text=str(value)) from None
    if number < 0:
        raise DomainError("hands_negative", count=number)
    if number > MAX_HANDS:
        raise DomainError("hands_too_many", count=number, maximum=MAX_HANDS)
    return number


@dataclass(frozen=True)
class ShowOfHands:
    """A decision's vote by show of hands: how many for (ja), against (nein), abstaining (Enthaltung)."""

    yes: int = 0
    no: int = 0
    abstain: int = 0

    def __post_init__(self) -> None:
        for value in (self.yes, self.no, self.abstain):
            _count(value)

    @property
    def total(self) -> int:
        """Everyone who raised a hand."""
        return self.yes + self.no + self.abstain

    def to_doc(self) -> dict[str, int]:
        """The stored form."""
        return {"yes": self.yes, "no": self.no, "abstain": self.abstain}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any] | None) -> ShowOfHands | None:
        """The show of hands a stored document describes (None when there was none)."""
        if not doc:
            return None
        return cls(int(doc.get("yes") or 0), int(doc.get("no") or 0), int(doc.get("abstain") or 0))


def parse_show_of_hands(text: str) -> ShowOfHands:
    """Yes, no and abstention counts from "12 2 1", "12/2/1", "12-2-1" or "12,2" (a missing count is 0)."""
    numbers = re.findall(r"-?\d+", text.replace("–", "-"))
    # "12-2-1" reads as three counts, not as negative numbers.
    numbers = [n.lstrip("-") if index else n for index, n in enumerate(numbers)]
    if not numbers or len(numbers) > 3 or re.search(r"[^\d\s/,;:\-+|.]", text.replace("–", "-")):
        raise DomainError("hands_not_understood", text=text)
    counts = [_count(n) for n in numbers] + [0, 0]
    return ShowOfHands(counts[0], counts[1], counts[2])


def parse_hands(text: str | int) -> int:
    """The number of hands raised for a topic wish."""
    if isinstance(text, int):
        return _count(text)
    cleaned = text.strip()
    if not re.fullmatch(r"-?\d+", cleaned):
        raise DomainError("hands_not_understood", text=text)
    return _count(cleaned)
