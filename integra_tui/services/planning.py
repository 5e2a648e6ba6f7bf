"""Topics and speakers chosen together: topic wishes with a show of hands, the plan of coming meetings, the letter.

A topic wish is a capture of kind ``topic_wish`` with the number of hands raised for it (a count,
never names). The coordinator plans a coming meeting (``records.meeting_plans``): its topic
(perhaps a topic wish, which is then planned), the invited speaker (a person of the group
Referent/in, or a new one, who is then added with that group and invited to the meeting), and
writes the speaker's invitation letter (:func:`speaker_letter_doc`) with date, place, topic and
the audience to expect by group, counted from the meeting's invitees.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from integra_tui.domain.models import Capture, Meeting, MeetingPlan, Person
from integra_tui.domain.names import fold
from integra_tui.domain.people import new_person
from integra_tui.i18n import _
from integra_tui.io.exports.network_documents import AudienceCount, SpeakerLetterDoc
from integra_tui.io.files import ExportResult
from integra_tui.io.network_files import write_speaker_letter as write_speaker_letter_file
from integra_tui.records import captures, invitees, meeting_plans, persons, settings
from integra_tui.records import groups as group_records
from integra_tui.services import typed
from integra_tui.services.context import (
    Context,
    ServiceError,
    get_counting_capture,
    get_meeting,
    get_person,
    list_meetings,
)
from integra_tui.services.network_texts import CAPTURE_LABELS, refusals
from integra_tui.services.texts import group_label

__all__ = [
    "SPEAKER_GROUP",
    "NewSpeaker",
    "PlanView",
    "WishRow",
    "add_topic_wish",
    "expected_audience",
    "meeting_plan",
    "plan_meeting",
    "plans",
    "speaker_letter_doc",
    "speaker_suggestions",
    "topic_wishes",
    "write_speaker_letter",
]

SPEAKER_GROUP = "Referent/in"
"""The group invited speakers belong to."""


def add_topic_wish(
    ctx: Context,
    meeting_id: int,
    text: str,
    *,
    hands: int | str | None = None,
    topic: str = "",
    agenda_item_id: int | None = None,
) -> Capture:
    """Record a wish for the topic of a coming meeting, with how many hands were raised for it."""
    get_meeting(ctx, meeting_id)
    with refusals():
        return captures.add_new(
            ctx.store,
            CAPTURE_LABELS,
            meeting_id,
            captures.TOPIC_WISH,
            text,
            at=ctx.now_iso(),
            hands=hands,
            topic=topic,
            agenda_item_id=agenda_item_id,
        )


@dataclass(frozen=True)
class WishRow:
    """A topic wish with the meeting it was raised in and the meeting that took it up (if any)."""

    wish: Capture
    meeting: Meeting | None
    planned_for: Meeting | None

    @property
    def id(self) -> int:
        """The wish's id."""
        return self.wish.id


def topic_wishes(ctx: Context, *, open_only: bool = False) -> list[WishRow]:
    """Topic wishes that count, most hands first (then oldest first); ``open_only`` leaves out planned ones."""
    meetings = {m.id: m for m in list_meetings(ctx)}
    planned = {p.topic_wish_id: p.meeting_id for p in meeting_plans.every(ctx.store) if p.topic_wish_id is not None}
    rows = []
    for wish in captures.live(ctx.store, kinds=(captures.TOPIC_WISH,)):
        target = meetings.get(planned[wish.id]) if wish.id in planned else None
        if open_only and wish.id in planned:
            continue
        rows.append(WishRow(wish, meetings.get(wish.meeting_id), target))
    return sorted(rows, key=lambda r: (-(r.wish.hands or 0), r.wish.id))


@dataclass(frozen=True)
class NewSpeaker:
    """A speaker not yet in the store: added with the group Referent/in."""

    name: str
    organisation: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PlanView:
    """A meeting's plan with what it names."""

    plan: MeetingPlan
    meeting: Meeting
    wish: Capture | None
    speaker: Person | None
    """The invited speaker (None: none yet, or they were forgotten)."""


def speaker_suggestions(ctx: Context) -> list[Person]:
    """People of the group Referent/in (living), by name: whom to invite as speaker."""
    found = [p for p in persons.living(ctx.store) if p.group == SPEAKER_GROUP]
    return sorted(found, key=lambda p: fold(p.name))


def _new_speaker(ctx: Context, speaker: NewSpeaker) -> Person:
    name = unicodedata.normalize("NFC", typed.line(speaker.name))
    if not name:
        raise ServiceError(_("Bitte den Namen der Referentin oder des Referenten angeben."))
    from integra_tui.io.invitee_import import dedupe_key  # what makes two rows the same person: the import's rule

    person = new_person(  # the rule for every new person; the name was checked above, so no refusal
        Person(
            name=name,
            group=SPEAKER_GROUP,
            organisation=typed.line(speaker.organisation),
            email=typed.trimmed(speaker.email),
            phone=typed.trimmed(speaker.phone),
        ),
        ctx.now_iso(),
    )
    key = dedupe_key(person)
    existing = persons.by_key(ctx.store, key)
    return existing if existing is not None else persons.add(ctx.store, person, key)


def plan_meeting(
    ctx: Context,
    meeting_id: int,
    *,
    topic: str | None = None,
    wish_id: int | None = None,
    speaker_id: int | None = None,
    new_speaker: NewSpeaker | None = None,
    talk_minutes: int | None = None,
    note: str | None = None,
    no_speaker: bool = False,
) -> PlanView:
    """Plan a coming meeting: its topic (or a topic wish's text), the speaker, the talk's length, a note.

    Fields not given stay as planned before. A ``new_speaker`` is added as a person of the group
    Referent/in (or found, when the same name and e-mail is there already); the speaker is invited
    to the meeting. One transaction.
    """
    if speaker_id is not None and new_speaker is not None:
        raise ServiceError(_("Bitte entweder eine bekannte oder eine neue Person als Referent/in angeben."))
    if talk_minutes is not None and talk_minutes < 0:
        raise ServiceError(_("Die Minuten dürfen nicht negativ sein."))
    with ctx.transaction():
        get_meeting(ctx, meeting_id)
        plan = meeting_plans.of_meeting(ctx.store, meeting_id) or MeetingPlan(
            meeting_id=meeting_id, created_at=ctx.now_iso()
        )
        if wish_id is not None:
            wish = get_counting_capture(ctx, wish_id, captures.TOPIC_WISH)
            plan.topic_wish_id = wish.id
            if topic is None and not plan.topic:
                plan.topic = wish.text
        if topic is not None:
            plan.topic = typed.line(topic)
        if no_speaker:
            plan.speaker_person_id = None
        elif new_speaker is not None:
            plan.speaker_person_id = _new_speaker(ctx, new_speaker).id
        elif speaker_id is not None:
            person = get_person(ctx, speaker_id)
            if not persons.is_living(person):
                raise ServiceError(_("Die Daten dieser Person wurden gelöscht."))
            plan.speaker_person_id = person.id
        if talk_minutes is not None:
            plan.talk_minutes = talk_minutes
        if note is not None:
            plan.note = typed.line(note)
        plan.updated_at = ctx.now_iso()
        meeting_plans.save(ctx.store, plan)
        if plan.speaker_person_id is not None:
            invitees.invite(ctx.store, meeting_id, plan.speaker_person_id, ctx.now_iso())
        return meeting_plan(ctx, meeting_id)


def _view(ctx: Context, plan: MeetingPlan, meeting: Meeting) -> PlanView:
    wish = captures.get(ctx.store, plan.topic_wish_id) if plan.topic_wish_id is not None else None
    speaker = persons.get_living(ctx.store, plan.speaker_person_id)
    return PlanView(plan, meeting, wish if wish is not None and captures.is_live(wish) else None, speaker)


def meeting_plan(ctx: Context, meeting_id: int) -> PlanView:
    """The meeting's plan (an empty one when nothing was planned yet)."""
    meeting = get_meeting(ctx, meeting_id)
    plan = meeting_plans.of_meeting(ctx.store, meeting_id) or MeetingPlan(meeting_id=meeting_id)
    return _view(ctx, plan, meeting)


def plans(ctx: Context, *, upcoming_only: bool = True) -> list[PlanView]:
    """The plans of meetings (from today on, unless ``upcoming_only`` is False), by date."""
    meetings = {m.id: m for m in list_meetings(ctx)}
    today = ctx.today()
    found = [
        _view(ctx, plan, meetings[plan.meeting_id])
        for plan in meeting_plans.every(ctx.store)
        if plan.meeting_id in meetings and (not upcoming_only or meetings[plan.meeting_id].date >= today)
    ]
    return sorted(found, key=lambda v: (v.meeting.date, v.meeting.id))


def expected_audience(ctx: Context, meeting_id: int, leave_out: int | None = None) -> list[AudienceCount]:
    """The meeting's invitees counted by group (walk-ins and ``leave_out``, the speaker, not counted)."""
    ids = invitees.invited_ids(ctx.store, meeting_id) - ({leave_out} if leave_out is not None else set())
    by_id = persons.group_by_id(ctx.store, sorted(ids))
    counts: dict[str, int] = {}
    for group in by_id.values():
        counts[group] = counts.get(group, 0) + 1
    order = group_records.names(ctx.store)
    groups = [g for g in order if g in counts] + sorted(g for g in counts if g not in order)
    return [AudienceCount(group_label(g) if g else _("ohne Gruppe"), counts[g]) for g in groups]


def speaker_letter_doc(ctx: Context, meeting_id: int, sender: str = "") -> SpeakerLetterDoc:
    """The invitation letter to the planned speaker of a meeting; refused while no speaker is planned.

    Without ``sender`` the letter is signed by the store's organiser (``settings organiser``: who
    signs, then the organiser's name), so a letter made in the coordinator's screen is not unsigned.
    """
    view = meeting_plan(ctx, meeting_id)
    if view.speaker is None:
        raise ServiceError(
            _("Für dieses Treffen ist noch keine Referentin und kein Referent geplant (integra-tui topics plan).")
        )
    meeting = view.meeting
    audience = expected_audience(ctx, meeting_id, view.speaker.id)
    return SpeakerLetterDoc(
        speaker=view.speaker.name,
        organisation=view.speaker.organisation,
        meeting_title=meeting.title,
        meeting_date=meeting.date,
        start_time=meeting.start_time,
        place=meeting.place,
        topic=view.plan.topic or meeting.topic,
        audience=audience,
        audience_total=sum(a.count for a in audience),
        talk_minutes=view.plan.talk_minutes,
        note=view.plan.note,
        sender=typed.line(sender) or _organiser_sender(ctx),
        issued=ctx.today(),
        created_at=ctx.now(),
    )


def _organiser_sender(ctx: Context) -> str:
    """Who signs a letter when nobody was named: the organiser's signatory and name ("" when not set)."""
    current = settings.organiser(ctx.store)
    return ", ".join(part for part in (current.signatory, current.name) if part)


def write_speaker_letter(
    ctx: Context, meeting_id: int, out: Path | None = None, *, sender: str = "", folder: Path | None = None
) -> ExportResult:
    """Write the invitation letter (pdf) to the planned speaker of a meeting (:func:`speaker_letter_doc`)."""
    return write_speaker_letter_file(speaker_letter_doc(ctx, meeting_id, sender), out, folder=folder)
