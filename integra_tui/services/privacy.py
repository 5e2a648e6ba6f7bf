"""Data protection (DSGVO): everything stored about a person, forgetting a person, purging people not seen for long.

Forgetting removes the personal data everywhere and keeps what makes the statistics true: the
person's record stays as an anonymous "(gelöscht)" with its group, and so do their invitations and
check-ins (anonymous counts). Their codes stop working. Action items they owned keep "(gelöscht)" as
owner; their name is replaced in captured texts, speakers' lists and agenda items too.
Nothing here writes personal data to a log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import Person, from_doc
from integra_tui.i18n import _
from integra_tui.services.context import Context, ServiceError

__all__ = [
    "FORGOTTEN_NAME",
    "ForgetReport",
    "PurgeCandidate",
    "PurgeReport",
    "forget_person",
    "last_seen",
    "personal_data",
    "purge",
    "purge_candidates",
    "field_labels",
    "section_titles",
]

FORGOTTEN_NAME = "(gelöscht)"
"""What stands in the store where a forgotten person's name was."""

PERSONS = "persons"
INVITEES = "invitees"
CODES = "codes"
CHECKINS = "checkins"
CAPTURES = "captures"
SPEAKER_EVENTS = "speaker_events"
AGENDA_ITEMS = "agenda_items"
MEETINGS = "meetings"


def section_titles() -> dict[str, str]:
    """The headings of the sections of :func:`personal_data`, in the reader's language."""
    return {
        "person": _("Stammdaten"),
        "invitations": _("Einladungen"),
        "codes": _("Codes"),
        "check_ins": _("Check-ins"),
        "speaker_entries": _("Wortmeldungen"),
        "action_items": _("Aufgaben, für die die Person verantwortlich ist"),
        "mentions": _("Einträge, in denen der Name vorkommt"),
        "presented_items": _("Tagesordnungspunkte als Referent/in"),
    }


def field_labels() -> dict[str, str]:
    """Readable names of the stored fields, for the Markdown form of :func:`personal_data`."""
    return {
        "id": _("Nummer"),
        "name": _("Name"),
        "group": _("Gruppe"),
        "organisation": _("Organisation"),
        "email": _("E-Mail"),
        "phone": _("Telefon"),
        "languages": _("Sprachen"),
        "consent_contact": _("Einwilligung in Kontaktaufnahme"),
        "consent_photo": _("Einwilligung in Fotos"),
        "card_code": _("persönlicher Code"),
        "created_at": _("angelegt am"),
        "forgotten": _("gelöscht"),
        "key": _("Abgleichschlüssel (Name und E-Mail)"),
        "search": _("Suchform des Namens"),
        "meeting": _("Treffen"),
        "meeting_id": _("Nummer des Treffens"),
        "person_id": _("Nummer der Person"),
        "code": _("Code"),
        "invited_at": _("eingeladen am"),
        "walk_in": _("ohne Einladung gekommen"),
        "at": _("Zeitpunkt"),
        "station": _("Station"),
        "method": _("Art"),
        "status": _("Status"),
        "kind": _("Art"),
        "text": _("Text"),
        "owner": _("Verantwortlich"),
        "due": _("fällig"),
        "history": _("Verlauf"),
        "title": _("Titel"),
        "presenter": _("Referent/in"),
    }


def _name_pattern(name: str) -> re.Pattern[str] | None:
    words = name.split()
    if not words:
        return None
    # The name as a whole, with any whitespace between its parts, not inside another word.
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)


def _is_presenter(presenter: str, folded_name: str) -> bool:
    from integra_tui.services.people import fold

    folded = fold(presenter)
    return bool(folded_name) and (
        folded == folded_name or folded.startswith(folded_name + " (") or folded.startswith(folded_name + ",")
    )


def personal_data(ctx: Context, person_id: int) -> dict[str, Any]:
    """Everything stored about a person (right of access), by kind of record.

    Keys: person, invitations, codes, check_ins, speaker_entries, action_items, mentions,
    presented_items. Meeting ids are accompanied by the meeting's date and title.
    """
    from integra_tui.services.people import fold

    doc = ctx.store.get(PERSONS, person_id)
    if doc is None:
        raise ServiceError(_("Es gibt keine Person mit der Nummer {id}.").format(id=person_id))
    meetings = {m["id"]: m for m in ctx.store.all(MEETINGS)}

    def meeting_of(meeting_id: Any) -> str:
        meeting = meetings.get(meeting_id)
        return f"{meeting.get('date', '')} {meeting.get('title', '')}".strip() if meeting else ""

    name = "" if doc.get("forgotten") else doc.get("name", "")
    folded = fold(name)
    pattern = _name_pattern(name)
    data: dict[str, Any] = {"person": dict(doc)}
    data["invitations"] = [
        {**dict(d), "meeting": meeting_of(d.get("meeting_id"))}
        for d in ctx.store.find(INVITEES, "person_id", person_id)
    ]
    data["codes"] = [dict(d) for d in ctx.store.find(CODES, "person_id", person_id)]
    data["check_ins"] = [
        {**dict(d), "meeting": meeting_of(d.get("meeting_id"))}
        for d in ctx.store.find(CHECKINS, "person_id", person_id)
    ]
    data["speaker_entries"] = [
        {**dict(d), "meeting": meeting_of(d.get("meeting_id"))}
        for d in ctx.store.search(
            SPEAKER_EVENTS,
            lambda d: (
                d.get("person_id") == person_id
                or (bool(folded) and d.get("person_id") is None and fold(d.get("name") or "") == folded)
            ),
        )
    ]

    def owns(d: dict) -> bool:
        return bool(folded) and fold(d.get("owner") or "") == folded

    data["action_items"] = [
        {**dict(d), "meeting": meeting_of(d.get("meeting_id"))} for d in ctx.store.search(CAPTURES, owns)
    ]
    data["mentions"] = [
        {**dict(d), "meeting": meeting_of(d.get("meeting_id"))}
        for d in ctx.store.search(CAPTURES, lambda d: pattern is not None and not owns(d) and _mentions(d, pattern))
    ]
    data["presented_items"] = [
        {**dict(d), "meeting": meeting_of(d.get("meeting_id"))}
        for d in ctx.store.search(AGENDA_ITEMS, lambda d: _is_presenter(d.get("presenter") or "", folded))
    ]
    return data


def _mentions(doc: dict, pattern: re.Pattern[str]) -> bool:
    texts = [doc.get("text") or ""] + [h.get("comment") or "" for h in doc.get("history") or []]
    return any(pattern.search(text) for text in texts)


@dataclass
class ForgetReport:
    """What forgetting changed, as counts (never names)."""

    people: int = 0
    codes: int = 0
    captures: int = 0
    speaker_events: int = 0
    agenda_items: int = 0


def _forget(ctx: Context, person_id: int, report: ForgetReport) -> None:
    """Forget one person; call inside the store's transaction."""
    from integra_tui.services.people import fold

    store = ctx.store
    doc = store.get(PERSONS, person_id)
    if doc is None:
        raise ServiceError(_("Es gibt keine Person mit der Nummer {id}.").format(id=person_id))
    if doc.get("forgotten"):
        return
    name = doc.get("name", "")
    folded = fold(name)
    pattern = _name_pattern(name)
    now = ctx.now_iso()
    store.update(
        PERSONS,
        person_id,
        {
            "name": FORGOTTEN_NAME,
            "organisation": "",
            "email": "",
            "phone": "",
            "languages": [],
            "card_code": "",
            "consent_contact": False,
            "consent_photo": False,
            "key": f"forgotten:{person_id}",
            "search": "",
            "forgotten": True,
            "forgotten_at": now,
        },
    )
    report.people += 1
    for code in store.find(CODES, "person_id", person_id):
        if code.get("status") != "revoked":
            store.update(CODES, code["id"], {"status": "revoked", "revoked_at": now})
            report.codes += 1
    for event in store.search(
        SPEAKER_EVENTS,
        lambda d: (
            d.get("person_id") == person_id
            or (d.get("person_id") is None and bool(folded) and fold(d.get("name") or "") == folded)
        ),
    ):
        if event.get("name"):
            store.update(SPEAKER_EVENTS, event["id"], {"name": FORGOTTEN_NAME})
            report.speaker_events += 1

    def scrub(text: str) -> str:
        return pattern.sub(FORGOTTEN_NAME, text) if pattern is not None else text

    for capture in store.search(
        CAPTURES,
        lambda d: (
            bool(folded) and (fold(d.get("owner") or "") == folded or (pattern is not None and _mentions(d, pattern)))
        ),
    ):
        fields: dict[str, Any] = {}
        if fold(capture.get("owner") or "") == folded:
            fields["owner"] = FORGOTTEN_NAME
        text = scrub(capture.get("text") or "")
        if text != (capture.get("text") or ""):
            fields["text"] = text
        history = [{**h, "comment": scrub(h.get("comment") or "")} for h in capture.get("history") or []]
        if history != (capture.get("history") or []):
            fields["history"] = history
        if fields:
            store.update(CAPTURES, capture["id"], fields)
            report.captures += 1
    for item in store.search(AGENDA_ITEMS, lambda d: _is_presenter(d.get("presenter") or "", folded)):
        presenter = item.get("presenter") or ""
        replaced = scrub(presenter)
        store.update(AGENDA_ITEMS, item["id"], {"presenter": replaced if replaced != presenter else FORGOTTEN_NAME})
        report.agenda_items += 1


def _flush_old_copies(ctx: Context) -> None:
    """Leave no copy of the erased data in the store's journal or its backup file."""
    ctx.store.erase_history()


def forget_person(ctx: Context, person_id: int) -> ForgetReport:
    """Remove a person's personal data everywhere; anonymous counts stay (see the module's description).

    Afterwards no copy of the erased data is left in the store's journal or backup file.
    """
    report = ForgetReport()
    with ctx.store.transaction():
        _forget(ctx, person_id, report)
    if report.people:
        _flush_old_copies(ctx)
    return report


def last_seen(ctx: Context, person: Person) -> date | None:
    """When the person was last part of things: the latest of being added, checked in, or invited to a meeting."""
    dates: list[date] = []
    if person.created_at:
        dates.append(from_iso(person.created_at).astimezone(ctx.tz).date())
    for check_in in ctx.store.find(CHECKINS, "person_id", person.id):
        if not check_in.get("undone_at") and check_in.get("at"):
            dates.append(from_iso(check_in["at"]).astimezone(ctx.tz).date())
    for invitation in ctx.store.find(INVITEES, "person_id", person.id):
        meeting = ctx.store.get(MEETINGS, invitation.get("meeting_id"))
        if meeting is not None and meeting.get("date"):
            dates.append(date.fromisoformat(meeting["date"]))
    return max(dates) if dates else None


@dataclass(frozen=True)
class PurgeCandidate:
    """Someone a purge would forget, with the date they were last seen."""

    person_id: int
    name: str
    last_seen: date | None


def purge_candidates(ctx: Context, before: date) -> list[PurgeCandidate]:
    """Everyone not seen since ``before`` (not added, checked in or invited to a meeting on or after it)."""
    found = []
    for doc in ctx.store.all(PERSONS):
        if doc.get("forgotten"):
            continue
        person = from_doc(Person, doc)
        seen = last_seen(ctx, person)
        if seen is None or seen < before:
            found.append(PurgeCandidate(person.id, person.name, seen))
    return found


@dataclass
class PurgeReport(ForgetReport):
    """What a purge changed."""

    ids: list[int] = field(default_factory=list)


def purge(ctx: Context, before: date) -> PurgeReport:
    """Forget everyone not seen since ``before``; decided and done under one lock."""
    report = PurgeReport()
    with ctx.store.transaction():
        for candidate in purge_candidates(ctx, before):
            _forget(ctx, candidate.person_id, report)
            report.ids.append(candidate.person_id)
    if report.ids:
        _flush_old_copies(ctx)
    return report
