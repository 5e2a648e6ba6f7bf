"""The built-in demo meeting: today's INTEGRA round table with fictional invitees and a real agenda.

With ``earlier_quarter`` (what ``integra-tui demo`` asks for) the demo also has the round table of
the quarter before, as it was really run through the door and the moderator's services: needs,
offers, questions and topic wishes raised there, a decision with its show of hands, what happened
to them between the meetings (a need met, one in progress, one turned into an action item, a
question answered later), people who want to help and consents to the contact list, and today's
meeting planned from last quarter's topic wish. So a new user sees the follow-up at once: the
open items come back when today's meeting is opened for moderation.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Meeting
from integra_tui.domain.names import fold
from integra_tui.i18n import _
from integra_tui.io.demo_data import demo_paths
from integra_tui.records import meetings as meeting_records
from integra_tui.records import persons
from integra_tui.services import checkin, contacts, moderation, needs, planning, questions, volunteers
from integra_tui.services.agenda import add_agenda_item, import_agenda
from integra_tui.services.context import Context
from integra_tui.services.meetings import add_meeting, get_meeting, list_meetings
from integra_tui.services.people import ImportReport, import_invitees, invite

__all__ = ["DEMO_EARLIER_TITLE", "DEMO_TITLE", "ensure_demo", "earlier_demo_meeting"]

DEMO_TITLE = "INTEGRA-Netzwerktreffen (Demo)"

DEMO_EARLIER_TITLE = "INTEGRA-Netzwerktreffen (Demo, voriges Quartal)"
"""The demo's meeting of the quarter before (stored as data, so not translated)."""

_EARLIER_DAYS = 91
"""A quarter before: 13 weeks, the same weekday."""


def ensure_demo(ctx: Context, *, earlier_quarter: bool = False) -> tuple[Meeting, ImportReport]:
    """Create the demo meeting for today, or refresh it: imported through the same code a user runs.

    ``earlier_quarter``: also the round table of the quarter before with what it left to follow up
    (made once; see the module's description).
    """
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
    if earlier_quarter and earlier_demo_meeting(ctx) is None:
        _make_earlier_quarter(ctx, meeting)
    return meeting, report


def earlier_demo_meeting(ctx: Context) -> Meeting | None:
    """The demo's meeting of the quarter before, if it was made."""
    return next((m for m in list_meetings(ctx) if m.title == DEMO_EARLIER_TITLE), None)


class _Demo:
    """The demo people by name, and a clock that runs through the earlier quarter."""

    def __init__(self, ctx: Context, day: date) -> None:
        self.clock = FakeClock(datetime.combine(day, time(16, 40), tzinfo=ctx.tz))
        self.ctx = dataclasses.replace(ctx, clock=self.clock)
        self.people = {fold(p.name): p.id for p in persons.living(ctx.store)}

    def person(self, name: str) -> int:
        return self.people[fold(name)]

    def at(self, day: date, hour: int, minute: int = 0) -> Context:
        self.clock.set(datetime.combine(day, time(hour, minute), tzinfo=self.ctx.tz))
        return self.ctx


_EARLIER_GUESTS = (
    "Sabine Kröger",
    "Ömer Şengül",
    "Aylin Doğan",
    "Georg Lehmann",
    "Katrin Vogel",
    "Michael Brandt",
    "Leyla Yıldırım",
    "Marta Nowak",
    "Gisela Hartmann",
    "Klaus-Dieter Fröhlich",
    "احمد رحیمی",
    "مريم حداد",
    "Renate Köhler",
    "Олена Коваленко",
    "ሳምራዊት ተኽለ",
    "زهرا احمدی",
    "محمد العلي",
    "Brigitte Schulze",
    "Werner Krüger",
    "Selin Çelik",
)
"""Who was invited last quarter; all but the last three came."""


def _make_earlier_quarter(ctx: Context, today: Meeting) -> None:
    """The round table of the quarter before, run through the real services, in one transaction."""
    day = today.date - timedelta(days=_EARLIER_DAYS)
    demo = _Demo(ctx, day)
    with ctx.transaction():
        c = demo.at(day, 16, 30)
        earlier = add_meeting(
            c, DEMO_EARLIER_TITLE, day, time(17, 0), place=today.place, topic="Ankommen und Mitmachen"
        )
        m = earlier.id
        for name in _EARLIER_GUESTS:
            invite(c, m, demo.person(name))
        for minute, name in enumerate(_EARLIER_GUESTS[:-3]):
            checkin.check_in_person(demo.at(day, 16, 45 + minute // 2), m, demo.person(name), station="Eingang")
        welcome = add_agenda_item(c, m, "Begrüßung und Rückblick", 10, "Katrin Vogel", "talk")
        gather = add_agenda_item(c, m, "Bedarfe und Angebote sammeln", 35, "Sabine Kröger")
        ask = add_agenda_item(c, m, "Fragen an die Runde", 25, "Katrin Vogel")
        wishes = add_agenda_item(c, m, "Themen für die nächsten Treffen", 15, "Katrin Vogel")

        c = demo.at(day, 17, 2)
        moderation.start_meeting(c, m)
        moderation.start_item(c, m, welcome)
        moderation.add_capture(
            c,
            m,
            "decision",
            "Das Sprachcafé findet ab sofort jede Woche statt",
            agenda_item_id=welcome,
            votes="17 0 2",
        )
        c = demo.at(day, 17, 13)
        moderation.next_item(c, m)

        bikes = needs.add_need(
            c,
            m,
            "Fahrradwerkstatt für Jugendliche",
            group="Zugewandert",
            topic="Mobilität",
            owner="Sabine Kröger",
            agenda_item_id=gather,
        )
        escort = needs.add_need(
            c,
            m,
            "Begleitung zu Terminen bei der Ausländerbehörde",
            group="Zugewandert",
            topic="Behörden",
            agenda_item_id=gather,
        )
        childcare = needs.add_need(
            c,
            m,
            "Kinderbetreuung während der Sprachkurse",
            group="Zugewandert",
            topic="Kinderbetreuung",
            agenda_item_id=gather,
        )
        rooms = needs.add_need(
            c,
            m,
            "Ein Raum für die Hausaufgabenhilfe",
            group="Ehrenamtlich",
            topic="Sprache",
            owner="Katrin Vogel",
            agenda_item_id=gather,
        )
        flats = needs.add_need(
            c, m, "Wohnungen für große Familien", group="Hauptamtlich", topic="Wohnen", agenda_item_id=gather
        )
        c = demo.at(day, 17, 30)
        offer_escort = needs.add_offer(
            c,
            m,
            "Begleitung zu Behördengängen, dienstags",
            group="Ehrenamtlich",
            topic="Behörden",
            owner="Gisela Hartmann",
            agenda_item_id=gather,
        )
        offer_bikes = needs.add_offer(
            c, m, "Gespendete Fahrräder und Werkzeug", group="Interessiert", topic="Mobilität", agenda_item_id=gather
        )
        needs.add_offer(
            c,
            m,
            "Deutsch im Gespräch üben, donnerstags im Sprachcafé",
            group="Ehrenamtlich",
            topic="Sprache",
            agenda_item_id=gather,
        )
        needs.match(c, escort.id, offer_escort.id)
        needs.match(c, bikes.id, offer_bikes.id)
        needs.turn_into_action(
            c,
            childcare.id,
            m,
            "Georg Lehmann (Jugendamt)",
            due=day + timedelta(days=42),
            text="Kita-Plätze für Kursteilnehmende anfragen",
        )
        needs.set_need_status(c, bikes.id, "in Arbeit", "Raum im Jugendzentrum angefragt", m)
        c = demo.at(day, 17, 48)
        moderation.next_item(c, m)

        wohngeld = questions.add_question(
            c,
            m,
            "Wer hilft beim Ausfüllen des Antrags auf Wohngeld?",
            group="Ehrenamtlich",
            topic="Behörden",
            agenda_item_id=ask,
        )
        questions.answer_question(
            c,
            wohngeld.id,
            "Das Sozialamt berät dienstags von 9 bis 12 Uhr ohne Termin, Rathaus, Zimmer 104.",
            "Ömer Şengül (Sozialamt)",
            m,
        )
        courses = questions.add_question(
            c, m, "Gibt es Sprachkurse mit Kinderbetreuung?", group="Zugewandert", topic="Sprache", agenda_item_id=ask
        )
        questions.add_question(
            c,
            m,
            "Wie werden ausländische Berufsabschlüsse anerkannt?",
            group="Zugewandert",
            topic="Arbeit",
            agenda_item_id=ask,
        )
        questions.add_question(
            c,
            m,
            "Sind Ehrenamtliche bei Begleitungen versichert?",
            group="Ehrenamtlich",
            topic="Sonstiges",
            agenda_item_id=ask,
        )
        c = demo.at(day, 18, 12)
        moderation.next_item(c, m)

        work = planning.add_topic_wish(
            c, m, "Integration in den Arbeitsmarkt", hands=15, topic="Arbeit", agenda_item_id=wishes
        )
        planning.add_topic_wish(c, m, "Wohnungssuche: Rechte und Wege", hands=11, topic="Wohnen", agenda_item_id=wishes)
        planning.add_topic_wish(
            c, m, "Gesundheitsversorgung ohne Krankenversicherung", hands=9, topic="Gesundheit", agenda_item_id=wishes
        )
        c = demo.at(day, 18, 26)
        moderation.end_meeting(c, m)

        # At check-in and afterwards: who wants to help, who may be on the contact list.
        volunteers.mark_volunteer(
            demo.at(day, 16, 52),
            demo.person("Selin Çelik"),
            what="Hausaufgabenhilfe",
            when="montags nachmittags",
            meeting_id=m,
        )
        helper = volunteers.mark_volunteer(
            demo.at(day, 16, 55),
            demo.person("Werner Krüger"),
            what="Fahrradwerkstatt",
            when="samstags",
            meeting_id=m,
        )
        contacts.give_consent(
            demo.at(day, 18, 30),
            demo.person("Sabine Kröger"),
            offer="Beratung zu Integrationskursen",
            channels="email",
            meeting_id=m,
        )
        contacts.give_consent(
            demo.at(day, 18, 31),
            demo.person("Gisela Hartmann"),
            offer="Begleitung zu Behördengängen",
            channels="phone",
            meeting_id=m,
        )
        contacts.give_consent(
            demo.at(day, 18, 32),
            demo.person("Marta Nowak"),
            offer="Migrationsberatung auf Polnisch und Russisch",
            channels="email",
            reach_note="Sprechstunde mittwochs im Brückenwerk",
            meeting_id=m,
        )

        # Between the meetings.
        later = day + timedelta(days=16)
        volunteers.mark_contacted(demo.at(later, 10), helper.id, "Sabine Kröger", "Werkstatt ab März, samstags")
        needs.set_need_status(demo.at(later, 11), rooms.id, "gedeckt", "Die Stadtbücherei stellt montags einen Raum")
        needs.set_need_status(
            demo.at(later + timedelta(days=9), 14),
            flats.id,
            "nicht möglich",
            "Kein passender Wohnraum frei; an die Wohnraumberatung des Landkreises weitergegeben",
        )
        questions.answer_question(
            demo.at(later + timedelta(days=20), 9),
            courses.id,
            "Ja: der Vormittagskurs der Volkshochschule ab März hat eine Kinderbetreuung; Anmeldung über die VHS.",
            "Petra Schäfer (Bildungskoordination)",
        )
        planning.plan_meeting(
            demo.at(later + timedelta(days=30), 10),
            today.id,
            wish_id=work.id,
            speaker_id=demo.person("Claudia Neumann"),
            talk_minutes=25,
        )
