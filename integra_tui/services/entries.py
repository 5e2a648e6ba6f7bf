"""What every capture goes through: its kind, text, group and topic checked, then stored with the time.

The one builder of captures (``moderation.add_capture``, ``needs.add_need``, ``needs.add_offer``,
``questions.add_question``, ``planning.add_topic_wish`` all call :func:`add_entry`), below the
moderation package so the needs, questions and planning services can use it too. Also the store's
topic list (``records.topics``), which needs, offers, questions and topic wishes are filed under.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from integra_tui.domain.errors import DomainError
from integra_tui.domain.groups import canonical_group
from integra_tui.domain.models import CAPTURE_KINDS, Capture
from integra_tui.domain.names import fold
from integra_tui.domain.needs import DEFAULT_TOPICS
from integra_tui.domain.votes import ShowOfHands, parse_hands
from integra_tui.i18n import _
from integra_tui.records import captures, persons
from integra_tui.records import groups as group_records
from integra_tui.records import topics as topic_records
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError, get_meeting
from integra_tui.services.network_texts import refused, topic_label
from integra_tui.services.texts import group_label

__all__ = [
    "TOPIC_KINDS",
    "add_entry",
    "add_topic",
    "check_group",
    "clean_text",
    "get_entry",
    "remove_topic",
    "resolve_group",
    "resolve_topic",
    "topics",
]

TOPIC_KINDS = ("need", "offer", "question", "topic_wish")
"""The kinds of capture filed under a topic."""

GROUP_KINDS = ("need", "offer", "question")
"""The kinds of capture that name a group, never a person: who a need is for, who offers, who asks."""


def check_group(ctx: Context, kind: str, group: str, known_groups: Sequence[str]) -> None:
    """Refuse a person's name typed where a need, offer or question takes a group (the privacy rule of the network's
    memory); a known group, or any other word ("Jugendliche"), is fine."""
    if kind not in GROUP_KINDS or not group or group in known_groups:
        return
    folded = fold(group)
    if any(fold(person.name) == folded for person in persons.search_living(ctx.store, folded)):
        raise ServiceError(
            _(
                "„{name}“ ist der Name einer Person. Bedarfe, Angebote und Fragen stehen für eine Gruppe "
                "(zum Beispiel Zugewandert, Ehrenamtlich), nicht für eine Person."
            ).format(name=group)
        )


def clean_text(text: str, message: str = "") -> str:
    """``text`` on one line with single spaces; refused when empty (with ``message``, or "Bitte den Text eingeben.")."""
    text = typed.line(text)
    if not text:
        raise ServiceError(message or _("Bitte den Text eingeben."))
    return text


def resolve_group(text: str, known_groups: Sequence[str]) -> str:
    """A typed group: a known group by any spelling or a unique beginning ("ehren"), else the text as typed."""
    text = " ".join(text.split())
    if not text:
        return ""
    found = canonical_group(text, known_groups)
    if found:
        return found
    starts = [g for g in known_groups if fold(g).startswith(fold(text)) or fold(group_label(g)).startswith(fold(text))]
    return starts[0] if len(starts) == 1 else text


def topics(ctx: Context) -> list[str]:
    """The store's topics, in their order (the defaults until the list is edited)."""
    return topic_records.names(ctx.store, DEFAULT_TOPICS)


def resolve_topic(ctx: Context, text: str) -> str:
    """A typed topic: one of the store's topics by name, label or a unique beginning ("woh"); "" for none.

    Refused when it matches no topic or several (the message lists the topics).
    """
    text = " ".join(text.split())
    if not text:
        return ""
    known = topics(ctx)
    needle = fold(text)
    exact = [t for t in known if needle in (fold(t), fold(topic_label(t)))]
    if exact:
        return exact[0]
    starts = [t for t in known if fold(t).startswith(needle) or fold(topic_label(t)).startswith(needle)]
    if len(starts) == 1:
        return starts[0]
    raise ServiceError(
        _("Unbekanntes Thema: {topic} (möglich: {topics})").format(
            topic=text, topics=", ".join(topic_label(t) for t in known)
        )
    )


def add_topic(ctx: Context, name: str) -> list[str]:
    """Add a topic at the end of the list (before "Sonstiges"); returns the list. Refused when it is there already."""
    name = clean_text(name, _("Bitte den Namen des Themas eingeben."))
    with ctx.transaction():
        known = topics(ctx)
        if any(fold(name) in (fold(t), fold(topic_label(t))) for t in known):
            raise ServiceError(_("Das Thema {topic} gibt es schon.").format(topic=name))
        other = [t for t in known if t == "Sonstiges"]
        updated = [t for t in known if t != "Sonstiges"] + [name] + other
        topic_records.replace(ctx.store, updated)
        return updated


def remove_topic(ctx: Context, name: str) -> list[str]:
    """Take a topic off the list (what was filed under it keeps it); returns the list."""
    with ctx.transaction():
        topic = resolve_topic(ctx, name)
        if not topic:
            raise ServiceError(_("Bitte den Namen des Themas eingeben."))
        updated = [t for t in topics(ctx) if t != topic]
        if not updated:
            raise ServiceError(_("Mindestens ein Thema muss bleiben."))
        topic_records.replace(ctx.store, updated)
        return updated


def get_entry(ctx: Context, capture_id: int, kind: str | None = None) -> Capture:
    """A capture that counts (of ``kind``, when given); refused when there is none or it was removed."""
    capture = captures.get(ctx.store, capture_id)
    if capture is None or not captures.is_live(capture) or (kind is not None and capture.kind != kind):
        raise ServiceError(_("Diesen Eintrag gibt es nicht."))
    return capture


def add_entry(
    ctx: Context,
    meeting_id: int,
    kind: str,
    text: str,
    *,
    agenda_item_id: int | None = None,
    owner: str = "",
    due: date | None = None,
    group: str = "",
    topic: str = "",
    hands: int | str | None = None,
    votes: ShowOfHands | None = None,
) -> Capture:
    """Record a capture of any kind durably; returns it with its id.

    ``group`` is resolved against the store's groups, ``topic`` against its topics (needs, offers,
    questions, topic wishes), ``hands`` counted for a topic wish, ``votes`` kept for a decision.
    """
    if kind not in CAPTURE_KINDS:
        raise ServiceError(_("Unbekannte Art von Eintrag: {kind}").format(kind=kind))
    text = clean_text(text)
    owner = typed.line(owner)
    known_groups = group_records.names(ctx.store)
    group = resolve_group(group, known_groups)
    check_group(ctx, kind, group, known_groups)
    topic = resolve_topic(ctx, topic) if kind in TOPIC_KINDS else ""
    try:
        counted = parse_hands(hands) if kind == captures.TOPIC_WISH and hands not in (None, "") else None
    except DomainError as error:
        raise refused(error) from None
    get_meeting(ctx, meeting_id)
    capture = Capture(
        meeting_id=meeting_id,
        kind=kind,
        text=text,
        agenda_item_id=agenda_item_id,
        owner=owner,
        due=due,
        group=group,
        created_at=ctx.now_iso(),
        topic=topic,
        hands=counted,
        votes=votes.to_doc() if votes is not None and kind == captures.DECISION else None,
    )
    return captures.add(ctx.store, capture)
