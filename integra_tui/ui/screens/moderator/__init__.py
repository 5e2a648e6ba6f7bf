"""The moderator's screen as a package: the screen, its widgets, the pure row builders and the help text.

``screen`` is the screen (store calls, keys, dialogs); ``widgets`` the footer and the tables, which
post messages instead of calling the screen; ``rows`` what the panes show, as pure functions of what
was read and ``now``; ``help`` the F1 text. The names other modules import stay importable from here.
"""

from __future__ import annotations

from integra_tui.ui.labels import item_kind_label, item_title, status_icon
from integra_tui.ui.screens.moderator.rows import OVERRUN_MINUTES, status_line
from integra_tui.ui.screens.moderator.screen import EXTEND_GROUP, ModeratorScreen
from integra_tui.ui.screens.moderator.widgets import AgendaTable, CaptureTable, KeyFooter, OpenItemsTable, SpeakerQueue

__all__ = [
    "EXTEND_GROUP",
    "OVERRUN_MINUTES",
    "AgendaTable",
    "CaptureTable",
    "KeyFooter",
    "ModeratorScreen",
    "OpenItemsTable",
    "SpeakerQueue",
    "item_kind_label",
    "item_title",
    "status_icon",
    "status_line",
]
