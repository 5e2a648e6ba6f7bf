"""The built-in demo meeting: today's INTEGRA round table with fictional invitees and a real agenda."""

from __future__ import annotations

from datetime import time

from integra_tui.domain.models import Meeting
from integra_tui.i18n import _
from integra_tui.io.demo_data import demo_paths
from integra_tui.records import meetings as meeting_records
from integra_tui.services.agenda import import_agenda
from integra_tui.services.context import Context
from integra_tui.services.meetings import add_meeting, get_meeting
from integra_tui.services.people import ImportReport, import_invitees

__all__ = ["DEMO_TITLE", "ensure_demo"]

DEMO_TITLE = "INTEGRA-Netzwerktreffen (Demo)"


def ensure_demo(ctx: Context) -> tuple[Meeting, ImportReport]:
    """Create the demo meeting for today, or refresh it: imported through the same code a user runs."""
    invitees_csv, agenda_csv = demo_paths()
    existing = meeting_records.demo_meetings(ctx.store)
    if existing:
        meeting = existing[-1]
        if meeting.date != ctx.today() and meeting.status == "planned":
            meeting_records.set_date(ctx.store, meeting.id, ctx.today())
            meeting = get_meeting(ctx, meeting.id)
    else:
        with ctx.transaction():
            meeting = add_meeting(
                ctx,
                DEMO_TITLE,
                ctx.today(),
                time(17, 0),
                place=_("Mehrgenerationenhaus, Großer Saal"),
                topic=_("Integration in den Arbeitsmarkt"),
            )
            meeting_records.mark_demo(ctx.store, meeting.id)
    report = import_invitees(ctx, invitees_csv, meeting.id)
    import_agenda(ctx, agenda_csv, meeting.id)
    return meeting, report
