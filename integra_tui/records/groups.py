"""Table ``groups``: the store's editable list of the groups people belong to.

Stored fields, one document per group::

    name      str   as stored on people, e.g. "Ehrenamtlich" (labels: ``services.texts.group_label``)
    position  int   the list's order

A new store gets ``domain.groups.DEFAULT_GROUPS`` once; later edits are kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from integra_tui.records.base import Store

__all__ = ["TABLE", "ensure", "names"]

TABLE = "groups"


def names(store: Store) -> list[str]:
    """The group names, in their order."""
    return [str(g["name"]) for g in sorted(store.all(TABLE), key=lambda g: g.get("position", 0))]


def ensure(store: Store, defaults: Sequence[str]) -> None:
    """Give a store without groups the ``defaults`` (once; another process doing the same is waited for)."""
    if store.count(TABLE):
        return
    with store.transaction():
        if store.count(TABLE):
            return
        store.table(TABLE).insert_multiple(
            {"name": name, "position": position} for position, name in enumerate(defaults)
        )
