"""What a capture must be before it is stored: its kind, its text, the group it names and the topic it is filed under.

The one builder of captures (:func:`draft`): the moderator's captures, needs, offers, questions,
topic wishes and the action items made from a need are all checked by it. Pure rules: the store's
groups, topics and living people come in as :class:`Known` (``records.captures.known``), the
labels they are shown by as :class:`Labels` (the words are chosen outside the domain), and a
refusal is a :class:`DomainError` with a code:

- ``unknown_capture_kind`` (kind): not one of ``CAPTURE_KINDS``;
- ``text_missing`` (or the code a caller names, e.g. ``answer_missing``): nothing typed;
- ``group_is_a_person`` (name): a need, offer or question names a group, never a person (the
  privacy rule of the network's memory);
- ``unknown_topic`` (topic, topics): the typed topic matches none of the store's topics, or several;
- ``hands_*`` (``domain.votes.parse_hands``): a topic wish's show of hands is not a count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from integra_tui.domain.errors import DomainError
from integra_tui.domain.groups import canonical_group
from integra_tui.domain.models import CAPTURE_KINDS, Capture
from integra_tui.domain.names import fold
from integra_tui.domain.text import one_line
from integra_tui.domain.votes import ShowOfHands, parse_hands

__all__ = [
    "GROUP_KINDS",
    "TOPIC_KINDS",
    "Known",
    "Labels",
    "check_group",
    "check_kind",
    "checked_fields",
    "draft",
    "required_text",
    "resolve_group",
    "resolve_topic",
]

TOPIC_KINDS = ("need", "offer", "question", "topic_wish")
"""The kinds of capture filed under a topic."""

GROUP_KINDS = ("need", "offer", "question")
"""The kinds of capture that name a group, never a person: who a need is for, who offers, who asks."""


def _as_stored(name: str) -> str:
    return name


def _nobody(folded: str) -> Iterable[str]:
    return ()


@dataclass(frozen=True)
class Labels:
    """How stored groups and topics are shown (a typed label finds its group or topic too: "Volunteer")."""

    group: Callable[[str], str] = _as_stored
    topic: Callable[[str], str] = _as_stored


@dataclass(frozen=True)
class Known:
    """What a capture is checked against: the store's groups and topics in their order, and its living people."""

    groups: Sequence[str] = ()
    topics: Sequence[str] = ()
    names_like: Callable[[str], Iterable[str]] = _nobody
    """The names of living people whose folded name contains a folded text (``records.persons.search_living``)."""
    labels: Labels = field(default_factory=Labels)


def check_kind(kind: str) -> None:
    """Refuse a kind that is not one of ``CAPTURE_KINDS`` (code ``unknown_capture_kind``)."""
    if kind not in CAPTURE_KINDS:
        raise DomainError("unknown_capture_kind", kind=kind)


def required_text(text: str, code: str = "text_missing") -> str:
    """``text`` on one line with single spaces (``domain.text.one_line``); refused with ``code`` when empty."""
    text = one_line(text)
    if not text:
        raise DomainError(code)
    return text


def resolve_group(text: str, known_groups: Sequence[str], label: Callable[[str], str] = _as_stored) -> str:
    """A typed group: a known group by any spelling or a unique beginning ("ehren"), else the text as typed."""
    text = " ".join(text.split())
    if not text:
        return ""
    found = canonical_group(text, known_groups)
    if found:
        return found
    starts = [g for g in known_groups if fold(g).startswith(fold(text)) or fold(label(g)).startswith(fold(text))]
    return starts[0] if len(starts) == 1 else text


def resolve_topic(text: str, known_topics: Sequence[str], label: Callable[[str], str] = _as_stored) -> str:
    """A typed topic: one of ``known_topics`` by name, label or a unique beginning ("woh"); "" for none.

    Refused (``unknown_topic``: topic, topics) when it matches no topic or several.
    """
    text = " ".join(text.split())
    if not text:
        return ""
    needle = fold(text)
    exact = [t for t in known_topics if needle in (fold(t), fold(label(t)))]
    if exact:
        return exact[0]
    starts = [t for t in known_topics if fold(t).startswith(needle) or fold(label(t)).startswith(needle)]
    if len(starts) == 1:
        return starts[0]
    raise DomainError("unknown_topic", topic=text, topics=tuple(known_topics))


def check_group(kind: str, group: str, known: Known) -> None:
    """Refuse a person's name typed where a need, offer or question takes a group (``group_is_a_person``: name);
    a known group, or any other word ("Jugendliche"), is fine."""
    if kind not in GROUP_KINDS or not group or group in known.groups:
        return
    folded = fold(group)
    if any(fold(name) == folded for name in known.names_like(folded)):
        raise DomainError("group_is_a_person", name=group)


def checked_fields(known: Known, kind: str, text: str, owner: str, group: str) -> tuple[str, str, str]:
    """A capture's text, owner and group as they are stored (new or edited): the kind known, the text given, the
    group resolved (:func:`resolve_group`) and no person's name (:func:`check_group`)."""
    check_kind(kind)
    text = required_text(text)
    owner = one_line(owner)
    group = resolve_group(group, known.groups, known.labels.group)
    check_group(kind, group, known)
    return text, owner, group


def draft(
    known: Known,
    meeting_id: int,
    kind: str,
    text: str,
    *,
    created_at: str,
    agenda_item_id: int | None = None,
    owner: str = "",
    due: date | None = None,
    group: str = "",
    topic: str = "",
    hands: int | str | None = None,
    votes: ShowOfHands | None = None,
) -> Capture:
    """A new capture of any kind, checked (see the module's codes), not yet stored (no id).

    ``topic`` is resolved for needs, offers, questions and topic wishes (others have none), ``hands``
    counted for a topic wish, ``votes`` kept for a decision.
    """
    text, owner, group = checked_fields(known, kind, text, owner, group)
    topic = resolve_topic(topic, known.topics, known.labels.topic) if kind in TOPIC_KINDS else ""
    counted = parse_hands(hands) if kind == "topic_wish" and hands is not None and hands != "" else None
    return Capture(
        meeting_id=meeting_id,
        kind=kind,
        text=text,
        agenda_item_id=agenda_item_id,
        owner=owner,
        due=due,
        group=group,
        created_at=created_at,
        topic=topic,
        hands=counted,
        votes=votes.to_doc() if votes is not None and kind == "decision" else None,
    )
