"""Names the moderator's screens share: agenda item kinds, item titles, item status icons, capture kinds.

One module for these labels, so the agenda editor, the display and the moderator need not import each
other for them. The labels are looked up at call time (the language may change after import).
"""

from __future__ import annotations

from integra_tui.domain import agenda as timer
from integra_tui.i18n import _
from integra_tui.services import moderation

__all__ = ["capture_kind_label", "item_kind_label", "item_title", "status_icon"]


def item_kind_label(kind: str) -> str:
    """The UI name of an agenda item's kind."""
    labels = {
        "talk": _("Vortrag"),
        "discussion": _("Diskussion"),
        "break": _("Pause"),
        "open_items": _("Offene Punkte"),
    }
    return labels.get(kind, kind)


def item_title(item: timer.AgendaItem) -> str:
    """An item's title as shown (the open items round in the active language)."""
    return _("Offene Punkte") if item.kind == "open_items" and item.title == moderation.OPEN_ITEMS_TITLE else item.title


def status_icon(status: str) -> str:
    """One character for an item's status in the agenda list."""
    return {
        timer.RUNNING: "▶",
        timer.PAUSED: "‖",
        timer.DONE: "✓",
        timer.SKIPPED: "–",
        timer.DEFERRED: "→",
    }.get(status, " ")


def capture_kind_label(kind: str) -> str:
    """The UI name of a capture kind (a decision is a "Beschluss", on screen as in the exports)."""
    labels = {
        "action": _("Aufgabe"),
        "decision": _("Beschluss"),
        "need": _("Bedarf"),
        "note": _("Notiz"),
        "offer": _("Angebot"),
        "question": _("Frage"),
        "topic_wish": _("Themenwunsch"),
    }
    return labels.get(kind, kind)
