"""A small history for the export tests: two meetings run through the real door and moderator services.

Meeting 1 (27.08.2026) left two open action items; meeting 2 (27.11.2026) reviews them, runs three
agenda items (one extended from the buffer, one given time by a later item), hears speakers from
three groups and captures action items, a decision, a need and a note. Names in Latin, Cyrillic,
Arabic and Ethiopic script.
Test files import it by path (the test folders are not packages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.services import checkin, followup, moderation
from integra_tui.services.agenda import add_agenda_item
from integra_tui.services.context import Context, open_context
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person, invite

BERLIN = ZoneInfo("Europe/Berlin")

ENDED = datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)
"""Where the clock stands when the build is done (the coordinator's morning after the second meeting)."""

PEOPLE = [
    # (name, group, organisation)
    ("Jürgen Müller", "Kommune", "Stadtverwaltung Lindenfeld"),
    ("Олена Коваленко", "Zugewandert", ""),
    ("Gisela Hartmann", "Ehrenamtlich", "Besuchsdienst St. Marien"),
    ("احمد رحیمی", "Ehrenamtlich", "Sprachcafé"),
    ("ሳምራዊት ተኽለ", "Zugewandert", ""),
    ("Claudia Neumann", "Referent/in", "IHK Eichwald-Lindenfeld"),
    ('=HYPERLINK("http://x")', "Interessiert", "-Formel GmbH"),
]


@dataclass
class Scenario:
    """The store and the ids the tests look at."""

    ctx: Context
    clock: FakeClock
    first: int
    second: int
    people: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)
    captures: dict[str, int] = field(default_factory=dict)
    walk_in: int = 0


def build(tmp_path: Path) -> Scenario:
    """Make the two meetings in a fresh store under ``tmp_path``."""
    clock = FakeClock(datetime(2026, 8, 27, 16, 30, tzinfo=BERLIN))
    ctx = open_context(tmp_path / "store.json", clock=clock)
    first = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2026, 8, 27), time(17, 0), place="Mehrgenerationenhaus")
    second = add_meeting(
        ctx,
        "INTEGRA-Netzwerktreffen",
        date(2026, 11, 27),
        time(17, 0),
        place="Mehrgenerationenhaus, Großer Saal",
        topic="Arbeitsmarkt",
    )
    scenario = Scenario(ctx, clock, first.id, second.id)
    for name, group, organisation in PEOPLE:
        scenario.people[name] = add_person(
            ctx, Person(name=name, group=group, organisation=organisation, email=f"p{len(scenario.people)}@example.org")
        ).id

    # Meeting 1: four invited, three came; two action items stay open.
    for name in ("Jürgen Müller", "Олена Коваленко", "Gisela Hartmann", "احمد رحیمی"):
        invite(ctx, first.id, scenario.people[name])
    for name in ("Jürgen Müller", "Олена Коваленко", "Gisela Hartmann"):
        clock.advance(minutes=2)
        checkin.check_in_person(ctx, first.id, scenario.people[name], station="Eingang")
    item = add_agenda_item(ctx, first.id, "Rückblick", 30)
    clock.set(datetime(2026, 8, 27, 17, 0, tzinfo=BERLIN))
    moderation.start_meeting(ctx, first.id)
    moderation.start_item(ctx, first.id, item)
    scenario.captures["room"] = moderation.add_capture(
        ctx,
        first.id,
        "action",
        "Raum für das Sprachcafé klären",
        agenda_item_id=item,
        owner="Jürgen Müller",
        due=date(2026, 10, 1),
    ).id
    scenario.captures["flyer"] = moderation.add_capture(
        ctx, first.id, "action", "Flyer drucken", agenda_item_id=item, owner="Gisela Hartmann", due=date(2026, 12, 15)
    ).id
    scenario.captures["old_done"] = moderation.add_capture(
        ctx, first.id, "action", "Protokoll verschicken", owner="Katrin Vogel"
    ).id
    followup.set_status(ctx, scenario.captures["old_done"], "done", "", first.id)
    clock.advance(minutes=35)
    moderation.end_meeting(ctx, first.id)

    # Meeting 2.
    clock.set(datetime(2026, 11, 27, 16, 40, tzinfo=BERLIN))
    invitations = {}
    for name in (
        "Jürgen Müller",
        "Олена Коваленко",
        "Gisela Hartmann",
        "احمد رحیمی",
        "ሳምራዊት ተኽለ",
        "Claudia Neumann",
        '=HYPERLINK("http://x")',
    ):
        invitations[name] = invite(ctx, second.id, scenario.people[name])
    clock.advance(minutes=3)
    checkin.check_in_code(ctx, second.id, invitations["Jürgen Müller"].code, station="Eingang 1")
    clock.advance(minutes=1)
    checkin.check_in_person(ctx, second.id, scenario.people["Олена Коваленко"], station="Eingang 1")
    clock.advance(minutes=1)
    checkin.check_in_code(ctx, second.id, invitations["احمد رحیمی"].code, station="Eingang 2")
    clock.advance(minutes=1)
    checkin.check_in_code(ctx, second.id, invitations["ሳምራዊት ተኽለ"].code, station="Eingang 2")
    checkin.check_in_code(ctx, second.id, invitations['=HYPERLINK("http://x")'].code, station="Eingang 2")
    clock.advance(minutes=1)
    mistaken = checkin.check_in_code(ctx, second.id, invitations["Claudia Neumann"].code, station="Eingang 2")
    checkin.undo_check_in(ctx, mistaken.check_in.id, station="Eingang 2")
    clock.advance(minutes=2)
    walk_in = checkin.register_walk_in(ctx, second.id, "Emre Aksoy", "Interessiert", organisation="Nachbarschaftshilfe")
    scenario.walk_in = walk_in.person.id
    scenario.people["Emre Aksoy"] = walk_in.person.id

    scenario.items["welcome"] = add_agenda_item(ctx, second.id, "Begrüßung", 10, "Katrin Vogel")
    scenario.items["talk"] = add_agenda_item(
        ctx, second.id, "Vortrag: Integration in den Arbeitsmarkt", 25, "Claudia Neumann (IHK Eichwald-Lindenfeld)"
    )
    scenario.items["exchange"] = add_agenda_item(ctx, second.id, "Austausch im Ehrenamt", 20, "Gisela Hartmann")
    scenario.items["skipped"] = add_agenda_item(ctx, second.id, "Verschiedenes", 5)
    clock.set(datetime(2026, 11, 27, 17, 2, tzinfo=BERLIN))
    moderation.start_meeting(ctx, second.id)
    moderation.start_item(ctx, second.id, scenario.items["welcome"])
    clock.advance(minutes=12)
    moderation.extend_item(ctx, second.id, 3)  # from the buffer (120 - 60 planned minutes)
    clock.advance(minutes=1)
    moderation.next_item(ctx, second.id)  # welcome done after 13 min; the talk starts
    talk = scenario.items["talk"]
    moderation.add_speaker(ctx, second.id, talk, "Jürgen Müller")
    moderation.add_speaker(ctx, second.id, talk, "احمد رحیمی")
    moderation.next_speaker(ctx, second.id, talk)
    clock.advance(minutes=4)
    moderation.next_speaker(ctx, second.id, talk)
    clock.advance(minutes=2)
    moderation.next_speaker(ctx, second.id, talk)  # nobody waiting: ends the speech
    clock.advance(minutes=21)
    moderation.take_time(ctx, second.id, 5, scenario.items["exchange"])
    clock.advance(minutes=2)
    scenario.captures["decision"] = moderation.add_capture(
        ctx, second.id, "decision", "Sprachcafé ab Januar monatlich", agenda_item_id=talk
    ).id
    scenario.captures["praktika"] = moderation.add_capture(
        ctx,
        second.id,
        "action",
        "Praktikumsplätze sammeln",
        agenda_item_id=talk,
        owner="Олена Коваленко",
        due=date(2027, 1, 15),
    ).id
    scenario.captures["formula"] = moderation.add_capture(
        ctx, second.id, "action", "=1+1 prüfen", agenda_item_id=talk, owner="@team", due=date(2026, 12, 1)
    ).id
    moderation.next_item(ctx, second.id)  # the talk ran 29 min of 25 + 5
    exchange = scenario.items["exchange"]
    moderation.add_speaker(ctx, second.id, exchange, "ሳምራዊት ተኽለ")
    moderation.next_speaker(ctx, second.id, exchange)
    clock.advance(minutes=3)
    moderation.next_speaker(ctx, second.id, exchange)
    scenario.captures["need"] = moderation.add_capture(
        ctx, second.id, "need", "Dolmetscher für Tigrinya", agenda_item_id=exchange, group="Zugewandert"
    ).id
    scenario.captures["note"] = moderation.add_capture(
        ctx, second.id, "note", "Viele neue Gesichter", agenda_item_id=exchange
    ).id
    scenario.captures["nodue"] = moderation.add_capture(
        ctx, second.id, "action", "Einladungsliste erweitern", owner="Jürgen Müller"
    ).id
    followup.set_status(ctx, scenario.captures["room"], "done", "Raum 2 ab Januar", second.id)
    followup.set_status(ctx, scenario.captures["flyer"], "open", "Druckerei angefragt", second.id)
    clock.advance(minutes=12)
    moderation.skip_item(ctx, second.id, scenario.items["skipped"])
    moderation.end_meeting(ctx, second.id)
    clock.set(ENDED)
    return scenario
