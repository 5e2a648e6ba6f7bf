"""Showing user text literally: every name, title or note goes to a widget through here, never as markup.

Textual reads a plain ``str`` as markup almost everywhere (``Static``, ``Label``, ``OptionList``,
``DataTable`` cells, ``Select`` options, border titles, ``notify``): a walk-in called ``x [/]`` would
crash the screen, ``[bold red]`` would colour it, ``[link=…]`` would make a live link, and
"Budget [vorläufig] prüfen" would lose its bracket. And nothing stops an ESC or a bidi override
from going to the terminal as it is. So user text reaches a widget only as

- :func:`literal`: a Rich ``Text`` (taken as it is by every widget: no markup is parsed), or
- :func:`shown`: a cleaned ``str`` for the few places that take plain strings (``Input`` values,
  the header's title, toasts, which the app shows without markup).

Both clean control characters (:mod:`integra_tui.domain.text`) as a last line of defence: an old
store or another program may hold them. What the user types goes through :func:`typed` before it
is handed to a service.
"""

from __future__ import annotations

from rich.text import Text

from integra_tui.domain.text import clean_line, clean_text

__all__ = ["literal", "shown", "typed"]


def shown(text: object, *, one_line: bool = False) -> str:
    """``text`` as a string safe to put on the terminal (control characters removed), nothing else changed."""
    value = "" if text is None else str(text)
    return clean_line(value) if one_line else clean_text(value)


def literal(text: object, style: str = "", *, one_line: bool = False) -> Text:
    """``text`` exactly as stored, for any widget: shown character by character, never read as markup.

    ``one_line`` for a table cell or a title: a line break or tab (only an old store holds them) becomes a space.
    """
    return Text(shown(text, one_line=one_line), style=style, end="")


def typed(value: str) -> str:
    """What was typed into a one-line field, as it is handed to a service: cleaned and trimmed."""
    return clean_line(value).strip()
