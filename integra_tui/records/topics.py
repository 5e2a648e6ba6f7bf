"""Table ``topic_list``: the store's editable list of topics needs, offers, questions and topic wishes are filed under.

Stored fields, one document per topic::

    name      str   as stored on captures, e.g. "Wohnen" (labels: ``services.needs.topic_label``)
    position  int   the list's order

Until the coordinator edits the list, the store holds none and the list is
``domain.needs.DEFAULT_TOPICS``; the first edit stores the defaults with the change. A topic taken
off the list stays on what was filed under it.
"""

from __future__ import annotations

from collections.abc import Sequence

from integra_tui.domain.needs import DEFAULT_TOPICS
from integra_tui.records.base import Store

__all__ = ["TABLE", "listed", "names", "replace"]

TABLE = "topic_list"


def names(store: Store, defaults: Sequence[str]) -> list[str]:
    """The topic names in their order (``defaults`` while the list was never edited)."""
    stored = sorted(store.all(TABLE), key=lambda t: (t.get("position", 0), t["id"]))
    return [str(t["name"]) for t in stored] if stored else list(defaults)


def listed(store: Store) -> list[str]:
    """The store's topics in their order: ``domain.needs.DEFAULT_TOPICS`` until the list is edited."""
    return names(store, DEFAULT_TOPICS)


def replace(store: Store, topics: Sequence[str]) -> None:
    """Store ``topics`` as the list, in this order (one transaction)."""
    with store.transaction():
        for doc in store.all(TABLE):
            store.remove(TABLE, doc["id"])
        store.table(TABLE).insert_multiple({"name": name, "position": position} for position, name in enumerate(topics))
