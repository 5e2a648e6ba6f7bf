"""The store's topic list (``records.topics``), which needs, offers, questions and topic wishes are filed under.

Editing the list is the coordinator's use case (``integra-tui needs topics``, the coordinator's
network tab); reading it and resolving a typed topic are ``records.topics.listed`` and
``domain.captures.resolve_topic``, which every service uses directly.
"""

from __future__ import annotations

from integra_tui.domain.captures import required_text
from integra_tui.domain.captures import resolve_topic as resolve
from integra_tui.domain.names import fold
from integra_tui.i18n import _
from integra_tui.records import topics as topic_records
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.network_texts import refusals, topic_label

__all__ = ["add_topic", "remove_topic", "resolve_topic", "topics"]


def topics(ctx: Context) -> list[str]:
    """The store's topics, in their order (the defaults until the list is edited)."""
    return topic_records.listed(ctx.store)


def resolve_topic(ctx: Context, text: str) -> str:
    """A typed topic: one of the store's topics by name, label or a unique beginning ("woh"); "" for none.

    Refused when it matches no topic or several (the message lists the topics).
    """
    with refusals():
        return resolve(text, topics(ctx), topic_label)


def add_topic(ctx: Context, name: str) -> list[str]:
    """Add a topic at the end of the list (before "Sonstiges"); returns the list. Refused when it is there already."""
    with refusals():
        name = required_text(name, "topic_name_missing")
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
    with refusals():
        name = required_text(name, "topic_name_missing")
    with ctx.transaction():
        topic = resolve_topic(ctx, name)
        updated = [t for t in topics(ctx) if t != topic]
        if not updated:
            raise ServiceError(_("Mindestens ein Thema muss bleiben."))
        topic_records.replace(ctx.store, updated)
        return updated
