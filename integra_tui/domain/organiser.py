"""Who organises the round table, as the papers people sign and receive name it (sign-in list, letters)."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["ORGANISER_FIELDS", "Organiser"]


@dataclass(frozen=True)
class Organiser:
    """The organiser of the meetings: printed on the sign-in list (Teilnehmerliste) and the right-of-access letter."""

    name: str = ""
    """Who organises, e.g. "Mehrgenerationenhaus Lindenfeld"."""
    address: str = ""
    """Postal address, one line: "Marktstraße 5, 12345 Lindenfeld"."""
    contact: str = ""
    """Where people ask about their data (phone or e-mail), for the data-protection note and the letter."""
    signatory: str = ""
    """Who confirms the sign-in list with their signature, e.g. "Katrin Vogel, Koordination"."""

    @property
    def is_set(self) -> bool:
        """Whether anything was filled in."""
        return any((self.name, self.address, self.contact, self.signatory))


ORGANISER_FIELDS = tuple(f.name for f in fields(Organiser))
"""The organiser's fields, in the order they are printed."""
