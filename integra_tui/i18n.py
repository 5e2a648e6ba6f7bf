"""Translation of user-visible text: German source strings, English catalogs in locale/en/*.po.

Every string a user sees goes through ``_()`` (or ``ngettext``). The German text is the message id,
so German is always complete; English comes from every ``.po`` file under ``locale/en/`` (one file
per feature, so features do not edit one shared catalog). ``tests/test_i18n.py`` fails when a
string in the code has no English translation.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

# Babel is imported where it is used (a catalog read, a date in words): its import is a tenth of the app's start,
# and the German door needs neither.

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "current_language",
    "format_date",
    "format_datetime",
    "format_time",
    "gettext",
    "ngettext",
    "set_language",
]

LANGUAGES = ("de", "en")
"""Supported UI languages; the first is the default."""

_LOCALE_DIR = Path(__file__).with_name("locale")
_language = os.environ.get("INTEGRA_LANG", "de") if os.environ.get("INTEGRA_LANG") in LANGUAGES else "de"


def set_language(language: str) -> None:
    """Switch every following translation to ``language`` ('de' or 'en')."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _language = language


def current_language() -> str:
    """The active UI language."""
    return _language


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    """All translations for ``language`` from its .po files: msgid -> text (plural ids -> tuple)."""
    from babel.messages.pofile import read_po

    result: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    folder = _LOCALE_DIR / language
    if not folder.is_dir():
        return result
    for po_path in sorted(folder.glob("*.po")):
        with po_path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if not message.id or not message.string:
                    continue
                if isinstance(message.id, (tuple, list)):
                    singular, plural = message.id[0], message.id[1]
                    result[(str(singular), str(plural))] = tuple(str(s) for s in message.string)
                elif isinstance(message.string, str):
                    result[message.id] = message.string
    return result


def _(message: str) -> str:
    """Translate a German message into the active language."""
    if _language == "de":
        return message
    translated = catalog(_language).get(message)
    return translated if isinstance(translated, str) and translated else message


def N_(message: str) -> str:
    """Mark a German message for translation where it is declared (a class's bindings, titles, help text);
    it is translated with :func:`gettext` where it is shown, so the language need not be set before import."""
    return message


def gettext(message: str) -> str:
    """Translate a message marked elsewhere (with ``N_`` or ``_``) into the language active now.

    A text that is no German message id (already translated, or user text) comes back unchanged.
    """
    if not message or _language == "de":
        return message
    translated = catalog(_language).get(message)
    return translated if isinstance(translated, str) and translated else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a German singular/plural pair for count ``n``."""
    if _language != "de":
        translated = catalog(_language).get((singular, plural))
        if isinstance(translated, tuple) and len(translated) == 2:
            return translated[0] if n == 1 else translated[1]
    return singular if n == 1 else plural


_WEEKDAYS_ABBREVIATED = {
    "de": ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
"""Babel's ``EEE`` for de_DE and en_GB, Monday first (``tests/test_i18n.py`` compares them with Babel)."""


def _locale() -> str:
    return "de_DE" if _language == "de" else "en_GB"


def format_date(value: date, fmt: str = "medium") -> str:
    """A date the way the active language writes it (German: 27.11.2026)."""
    if fmt == "medium" and _language == "de":
        return value.strftime("%d.%m.%Y")
    if fmt == "EEE":  # the weekday in captions, at every start: Babel's own abbreviations, without its import
        return _WEEKDAYS_ABBREVIATED[_language][value.weekday()]
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=fmt, locale=_locale())


def format_time(value: time | datetime) -> str:
    """A clock time, 24-hour (14:05), in the value's own zone: what Babel's ``HH:mm`` writes in both languages."""
    return value.strftime("%H:%M")


def format_datetime(value: datetime) -> str:
    """Date and time, e.g. 27.11.2026 14:05."""
    return f"{format_date(value.date())} {format_time(value)}"
