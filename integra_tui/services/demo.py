"""The built-in demo meeting: today's INTEGRA round table with fictional invitees and a real agenda."""

from __future__ import annotations

from datetime import time

from integra_tui.domain.models import Meeting
from integra_tui.i18n import _
from integra_tui.services.agenda import import_agenda
from integra_tui.services.context import Context
from integra_tui.services.meetings import MEETINGS, add_meeting
from integra_tui.services.people import ImportReport, import_invitees

__all__ = ["DEMO_TITLE", "ensure_demo"]

DEMO_TITLE = "INTEGRA-Netzwerktreffen (Demo)"


def ensure_demo(ctx: Context) -> tuple[Meeting, ImportReport]:
    """Create the demo meeting for today, or refresh it: imported through the same code a user runs."""
    from integra_tui.io.demo_data import demo_paths
    from integra_tui.services.meetings import get_meeting

    invitees_csv, agenda_csv = demo_paths()
    existing = ctx.store.find(MEETINGS, "demo", True)
    if existing:
        meeting = get_meeting(ctx, existing[-1]["id"])
        if meeting.date != ctx.today() and meeting.status == "planned":
            ctx.store.update(MEETINGS, meeting.id, {"date": ctx.today().isoformat()})
            meeting = get_meeting(ctx, meeting.id)
    else:
        meeting = add_meeting(
            ctx,
            DEMO_TITLE,
            ctx.today(),
            time(17, 0),
            place=_("Mehrgenerationenhaus, Großer Saal"),
            topic=_("Integration in den Arbeitsmarkt"),
        )
        ctx.store.update(MEETINGS, meeting.id, {"demo": True})
    report = import_invitees(ctx, invitees_csv, meeting.id)
    import_agenda(ctx, agenda_csv, meeting.id)
    return meeting, report
