"""The words for the network memory: labels of topics and statuses, and why a rule of needs or votes refused.

The domain (``domain.needs``, ``domain.votes``, ``domain.languages``) carries codes and values
only; this module chooses the words in the active language, as ``services.texts`` does for the
agenda and the speakers' list.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from integra_tui.domain.captures import Labels
from integra_tui.domain.errors import DomainError
from integra_tui.domain.languages import Language, by_code
from integra_tui.domain.models import AgendaEntry, Capture
from integra_tui.errors import ServiceError
from integra_tui.i18n import _, current_language, ngettext
from integra_tui.services.texts import group_label

__all__ = [
    "CAPTURE_LABELS",
    "TitleTranslation",
    "language_name",
    "line_text",
    "need_status_label",
    "pair_text",
    "question_status_label",
    "quarter_label",
    "refusals",
    "refused",
    "shown_translations",
    "topic_label",
    "volunteer_state_label",
]


def topic_label(topic: str) -> str:
    """The label shown for a stored topic (English in the English UI); other topics as they are."""
    labels = {
        "Sprache": _("Sprache"),
        "Arbeit": _("Arbeit"),
        "Wohnen": _("Wohnen"),
        "Behörden": _("Behörden"),
        "Kinderbetreuung": _("Kinderbetreuung"),
        "Freizeit": _("Freizeit"),
        "Gesundheit": _("Gesundheit"),
        "Mobilität": _("Mobilität"),
        # The minutes' "Sonstiges" is "Other business" in English; as a topic it is "Other". i18n has no
        # message context, so the topic's label is the singular of its own (singular, plural) message id.
        "Sonstiges": ngettext("Sonstiges", "Sonstige", 1),
    }
    return labels.get(topic, topic)


CAPTURE_LABELS = Labels(group=group_label, topic=topic_label)
"""The labels a typed group or topic of a capture is also recognised by (``domain.captures``)."""


def need_status_label(status: str) -> str:
    """A need's status: offen, in Arbeit, gedeckt, nicht möglich."""
    return {
        "open": _("offen"),
        "in_progress": _("in Arbeit"),
        "met": _("gedeckt"),
        "not_possible": _("nicht möglich"),
    }.get(status, status)


def question_status_label(status: str) -> str:
    """A question's status: offen, beantwortet."""
    return {"open": _("offen"), "answered": _("beantwortet")}.get(status, status)


def volunteer_state_label(waiting: bool) -> str:
    """Whether someone who wants to help was contacted yet."""
    return _("noch nicht kontaktiert") if waiting else _("kontaktiert")


def pair_text(capture: Capture) -> str:
    """A need or offer as its counterpart shows it: "Ehrenamtlich: Begleitung zu Behördengängen"."""
    return f"{group_label(capture.group)}: {capture.text}" if capture.group else capture.text


def quarter_label(year: int, quarter: int) -> str:
    """'3. Quartal 2026'."""
    return _("{quarter}. Quartal {year}").format(quarter=quarter, year=year)


def language_name(language: Language) -> str:
    """A language's name in the UI's language."""
    return language.name_en if current_language() == "en" else language.name_de


@dataclass(frozen=True)
class TitleTranslation:
    """An agenda item's title in a further language, as the display shows it."""

    language: str
    """The language's code (``domain.languages``)."""
    language_name: str
    """Its name in the UI's language."""
    title: str
    rtl: bool
    """Written right to left."""


def shown_translations(entries: Iterable[AgendaEntry]) -> dict[int, list[TitleTranslation]]:
    """The titles in further languages of agenda items as shown, by item id (items without any left out)."""
    found: dict[int, list[TitleTranslation]] = {}
    for entry in entries:
        shown = []
        for translation in entry.translations:
            language = by_code(translation["language"])
            shown.append(
                TitleTranslation(
                    language=translation["language"],
                    language_name=language_name(language) if language else translation["language"],
                    title=translation["title"],
                    rtl=language.rtl if language else False,
                )
            )
        if shown:
            found[entry.id] = shown
    return found


def line_text(text: str) -> str:
    """User text for one terminal line, as typed but harmless: line breaks made spaces, control characters
    (an escape sequence would recolour or clear the terminal) shown as their code, e.g. "\\x1b"."""
    out = []
    for char in " ".join(str(text).split()):
        out.append(char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) == "Cc" else char)
    return "".join(out)


_Words = Callable[[Mapping[str, Any]], str]

_WORDS: dict[str, _Words] = {
    "need_without_topic": lambda p: _("Der Bedarf hat noch kein Thema; bitte zuerst ein Thema setzen."),
    "offer_without_topic": lambda p: _("Das Angebot hat noch kein Thema; bitte zuerst ein Thema setzen."),
    "topics_differ": lambda p: _(
        "Bedarf und Angebot haben verschiedene Themen ({need} und {offer}); zusammengeführt wird nur Gleiches."
    ).format(need=topic_label(p["need"]), offer=topic_label(p["offer"])),
    "hands_not_understood": lambda p: _(
        "„{text}“ nicht verstanden; bitte Zahlen eingeben, z. B. 12 2 1 (ja, nein, Enthaltung)."
    ).format(text=p["text"]),
    "hands_negative": lambda p: _("Eine Zahl von Handzeichen kann nicht negativ sein."),
    "unknown_language": lambda p: _("Unbekannte Sprache: {language}").format(language=p["language"]),
    "german_title": lambda p: _("Der deutsche Titel ist der Titel selbst; bitte eine andere Sprache wählen."),
    "language_twice": lambda p: _("Die Sprache {language} ist zweimal angegeben.").format(language=p["language"]),
    "too_many_titles": lambda p: _("Höchstens {maximum} weitere Sprachen für einen Titel.").format(
        maximum=p["maximum"]
    ),
    "unknown_capture_kind": lambda p: _("Unbekannte Art von Eintrag: {kind}").format(kind=p["kind"]),
    "text_missing": lambda p: _("Bitte den Text eingeben."),
    "answer_missing": lambda p: _("Bitte die Antwort eingeben."),
    "topic_name_missing": lambda p: _("Bitte den Namen des Themas eingeben."),
    "group_is_a_person": lambda p: _(
        "„{name}“ ist der Name einer Person. Bedarfe, Angebote und Fragen stehen für eine Gruppe "
        "(zum Beispiel Zugewandert, Ehrenamtlich), nicht für eine Person."
    ).format(name=p["name"]),
    "unknown_topic": lambda p: _("Unbekanntes Thema: {topic} (möglich: {topics})").format(
        topic=p["topic"], topics=", ".join(topic_label(t) for t in p["topics"])
    ),
    "hands_too_many": lambda p: _("{count} Handzeichen? Bitte die Zahl prüfen (höchstens {maximum}).").format(
        count=p["count"], maximum=p["maximum"]
    ),
}


def refused(error: DomainError) -> ServiceError:
    """The :class:`ServiceError` that tells the user why a rule of needs, offers or votes refused."""
    say = _WORDS.get(error.code)
    if say is None:  # a code without words is a bug; say what we can rather than nothing
        return ServiceError(_("Das geht gerade nicht ({code}).").format(code=error.code))
    return ServiceError(say(error.params))


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a refusal of the domain's capture, need, offer or vote rules inside the block into its :func:`refused`."""
    try:
        yield
    except DomainError as error:
        raise refused(error) from None
