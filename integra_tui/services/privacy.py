"""Data protection (DSGVO): everything stored about a person, forgetting a person, purging people not seen for long.

The right of access comes in two forms: :func:`personal_data`, every stored field (for ``--format
json``), and :func:`access_letter`, a letter a coordinator can hand to the person (Art. 15 DSGVO):
plain German sentences with German dates saying what is stored, for which purpose and since when,
without internal numbers, stored field names or code words.

A purge (:func:`purge`) only takes a date up to today: "not seen since" a day still ahead would
forget people who are just invited to the next meeting.

Forgetting removes the personal data everywhere and keeps what makes the statistics true: the
person's record stays as an anonymous "(gelöscht)" with its group, and so do their invitations and
check-ins (anonymous counts). Their codes stop working. Action items they owned (and needs they took
care of) keep "(gelöscht)" as owner; their name is replaced in captured texts, answers, speakers'
lists and agenda items too, and where they answered a question or contacted a volunteer. Their
consent to the contact list is withdrawn and emptied, their marks "möchte sich engagieren" lose what
and when (the counts stay), and planned meetings no longer name them as speaker.
Nothing here writes personal data to a log.

Forgetting is one transaction (all of it or nothing) and can always be run again: on a person
already marked forgotten it finishes whatever an interrupted run left (codes still active, a text
still naming them) and reports what it did; on a person fully forgotten it changes nothing. Either
way, no older copy of the store (journal, backup) keeps the erased data afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integra_tui.domain.clock import from_iso
from integra_tui.domain.codes import format_code
from integra_tui.domain.models import Capture, Person
from integra_tui.domain.names import fold
from integra_tui.i18n import _, format_date, format_time, ngettext
from integra_tui.io.exports.documents import kind_label, method_label, status_label
from integra_tui.io.exports.letter import Letter, LetterSection
from integra_tui.records import (
    agenda_items,
    base,
    captures,
    checkins,
    codes,
    contact_consents,
    invitees,
    meeting_plans,
    persons,
    settings,
    speaker_events,
    volunteers,
)
from integra_tui.records import meetings as meeting_records
from integra_tui.records.persons import FORGOTTEN_NAME
from integra_tui.services.context import Context, ServiceError, get_person
from integra_tui.services.texts import consent_sentence, group_label, no_such_person

__all__ = [
    "FORGOTTEN_NAME",
    "ForgetReport",
    "PurgeCandidate",
    "PurgeReport",
    "access_letter",
    "check_purge_date",
    "forget_person",
    "last_seen",
    "personal_data",
    "purge",
    "purge_candidates",
    "field_labels",
    "flush_old_copies",
    "section_titles",
]


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
        "contact_list_consents": _("Einwilligungen in die Kontaktliste des Netzwerks"),
        "volunteering": _("Möchte sich engagieren"),
        "answered_questions": _("Fragen, die die Person beantwortet hat"),
        "planned_talks": _("Geplante Treffen als Referent/in"),
        "contacted_volunteers": _("Kontakt aufgenommen mit Menschen, die sich engagieren möchten"),
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
        "summary": _("In Worten"),
        "given_at": _("erteilt am"),
        "withdrawn_at": _("widerrufen am"),
        "offer": _("bietet an"),
        "channels": _("erreichbar über"),
        "reach_note": _("anderer Weg der Erreichbarkeit"),
        "what": _("womit"),
        "when": _("wann"),
        "marked_at": _("vermerkt am"),
        "contacted_at": _("kontaktiert am"),
        "contacted_by": _("kontaktiert von"),
        "note": _("Vermerk"),
        "removed_at": _("entfernt am"),
        "answer": _("Antwort"),
        "answered_by": _("beantwortet von"),
        "answered_at": _("beantwortet am"),
        "topic": _("Thema"),
        "talk_minutes": _("Minuten für den Beitrag"),
        "speaker_person_id": _("Nummer der Referentin oder des Referenten"),
        "topic_wish_id": _("Nummer des Themenwunsches"),
        "updated_at": _("geändert am"),
    }


def _letter_pattern(letter: str) -> str:
    """One letter of a name as typed either way: composed ("ü", NFC) or decomposed ("u" + "¨", NFD, as macOS types)."""
    decomposed = unicodedata.normalize("NFD", letter)
    return re.escape(letter) if decomposed == letter else f"(?:{re.escape(letter)}|{re.escape(decomposed)})"


def _name_pattern(name: str) -> re.Pattern[str] | None:
    words = unicodedata.normalize("NFC", name).split()
    if not words:
        return None
    # The name as a whole, with any whitespace between its parts, not inside another word (nor followed
    # by a combining accent: "Jose" is not "José" typed decomposed); each letter composed or decomposed.
    return re.compile(
        r"(?<!\w)" + r"\s+".join("".join(map(_letter_pattern, w)) for w in words) + r"(?![\w\u0300-\u036f])",
        re.IGNORECASE,
    )


def _names_them(value: str, folded: str, pattern: re.Pattern[str] | None) -> bool:
    """Whether a field that holds who did something (who takes care, answered, contacted) names the person:
    their name alone, or with more, as coordinators type it ("Petra Schäfer (Bildungskoordination)")."""
    if not value:
        return False
    return (bool(folded) and fold(value) == folded) or (pattern is not None and pattern.search(value) is not None)


def _erased(value: str, folded: str, pattern: re.Pattern[str] | None) -> str | None:
    """Such a field with the person's name erased: "(gelöscht)" for the name alone, "(gelöscht) (Jugendamt)"
    with more (the organisation stays); None when it does not name them."""
    if not _names_them(value, folded, pattern):
        return None
    if bool(folded) and fold(value) == folded:
        return FORGOTTEN_NAME
    assert pattern is not None  # a match by the pattern
    return pattern.sub(FORGOTTEN_NAME, value)


def _mentions(doc: Mapping[str, Any], pattern: re.Pattern[str]) -> bool:
    texts = [doc.get("text") or ""] + [h.get("comment") or "" for h in doc.get("history") or []]
    return any(pattern.search(text) for text in texts)


def personal_data(ctx: Context, person_id: int) -> dict[str, Any]:
    """Everything stored about a person (right of access), by kind of record.

    Keys: person, invitations, codes, check_ins, speaker_entries, action_items, mentions,
    presented_items, contact_list_consents (each with a sentence in plain words and its dates),
    volunteering, answered_questions, planned_talks, contacted_volunteers (who and when only, nothing of
    the person contacted). Meeting ids are accompanied by the meeting's date and title.
    """
    store = ctx.store
    doc = persons.stored(store, person_id)
    if doc is None:
        raise no_such_person(person_id)
    meetings = {m.id: m for m in meeting_records.every(store)}

    def meeting_of(meeting_id: Any) -> str:
        meeting = meetings.get(meeting_id)
        return f"{meeting.date.isoformat()} {meeting.title}".strip() if meeting else ""

    def with_meeting(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**dict(d), "meeting": meeting_of(d.get("meeting_id"))} for d in docs]

    name = doc.get("name", "") if persons.is_living(doc) else ""
    folded = fold(name)
    pattern = _name_pattern(name)

    def owns(d: Mapping[str, Any]) -> bool:
        return _names_them(str(d.get("owner") or ""), folded, pattern)

    data: dict[str, Any] = {"person": dict(doc)}
    data["invitations"] = with_meeting(invitees.stored_of_person(store, person_id))
    data["codes"] = [dict(d) for d in codes.stored_of_person(store, person_id)]
    data["check_ins"] = with_meeting(checkins.stored_of_person(store, person_id))
    data["speaker_entries"] = with_meeting(speaker_events.stored_of_person(store, person_id, folded))
    data["action_items"] = with_meeting(captures.stored_matching(store, owns))
    data["mentions"] = with_meeting(
        captures.stored_matching(store, lambda d: pattern is not None and not owns(d) and _mentions(d, pattern))
    )
    data["presented_items"] = with_meeting(agenda_items.stored_presented_by(store, folded))
    data["contact_list_consents"] = [
        {"summary": consent_sentence(contact_consents.from_stored(d), ctx.tz), **dict(d)}
        for d in contact_consents.stored_of_person(store, person_id)
    ]
    data["volunteering"] = with_meeting(volunteers.stored_of_person(store, person_id))
    data["answered_questions"] = with_meeting(
        captures.stored_matching(store, lambda d: _names_them(str(d.get("answered_by") or ""), folded, pattern))
    )
    data["planned_talks"] = with_meeting(meeting_plans.stored_of_speaker(store, person_id))
    # Where they contacted someone who wants to help: only what is about them (who and when), nothing of the other.
    data["contacted_volunteers"] = [
        {"id": d.get("id"), "contacted_by": d.get("contacted_by", ""), "contacted_at": d.get("contacted_at", "")}
        for d in volunteers.stored_matching(
            store, lambda d: _names_them(str(d.get("contacted_by") or ""), folded, pattern)
        )
    ]
    return data


@dataclass
class ForgetReport:
    """What forgetting changed, as counts (never names)."""

    people: int = 0
    """People whose record was anonymised now."""
    codes: int = 0
    captures: int = 0
    speaker_events: int = 0
    agenda_items: int = 0
    already_forgotten: int = 0
    """People who were marked forgotten before this run (a second run, or finishing an interrupted one)."""
    consents: int = 0
    """Consents to the contact list withdrawn and emptied."""
    volunteer_marks: int = 0
    """Marks "möchte sich engagieren" emptied (their own) or no longer naming them (who contacted)."""
    plans: int = 0
    """Planned meetings that no longer name them as speaker."""

    @property
    def changed(self) -> bool:
        """Whether this run changed anything."""
        return bool(
            self.people
            or self.codes
            or self.captures
            or self.speaker_events
            or self.agenda_items
            or self.consents
            or self.volunteer_marks
            or self.plans
        )


def _names_of(ctx: Context, person: Person) -> list[str]:
    """The names to erase: the person's own, and (for someone already marked forgotten, whose record no
    longer holds it) the names their speakers' list entries still carry."""
    names = [person.name] if person.name and person.name != FORGOTTEN_NAME else []
    for doc in speaker_events.stored_of_person(ctx.store, person.id, ""):
        name = " ".join(str(doc.get("name") or "").split())
        if name and name != FORGOTTEN_NAME:
            names.append(name)
    return list(dict.fromkeys(names))


def _scrub_captures(ctx: Context, folded: str, pattern: re.Pattern[str] | None, report: ForgetReport) -> None:
    def scrub(text: str) -> str:
        return pattern.sub(FORGOTTEN_NAME, text) if pattern is not None else text

    def concerned(capture: Capture) -> bool:
        if _names_them(capture.owner, folded, pattern) or _names_them(capture.answered_by, folded, pattern):
            return True
        texts = [capture.text, capture.answer] + [str(h.get("comment") or "") for h in capture.history or []]
        return pattern is not None and any(pattern.search(text) for text in texts)

    for capture in captures.every(ctx.store):
        if not concerned(capture):
            continue
        owner = _erased(capture.owner, folded, pattern)
        scrubbed = scrub(capture.text)
        text = scrubbed if scrubbed != capture.text else None
        comments = [{**h, "comment": scrub(str(h.get("comment") or ""))} for h in capture.history or []]
        history = comments if comments != (capture.history or []) else None
        answered_by = _erased(capture.answered_by, folded, pattern)
        scrubbed_answer = scrub(capture.answer)
        answer = scrubbed_answer if scrubbed_answer != capture.answer else None
        if (
            owner is not None
            or text is not None
            or history is not None
            or answered_by is not None
            or answer is not None
        ):
            captures.scrub(
                ctx.store, capture.id, owner=owner, text=text, history=history, answer=answer, answered_by=answered_by
            )
            report.captures += 1


def _forget_network(ctx: Context, person: Person, names: list[str], report: ForgetReport) -> None:
    """Forget a person in the network's memory: consents, marks "möchte sich engagieren", planned talks,
    and their name where they contacted a volunteer. Idempotent (call inside the transaction)."""
    store, now = ctx.store, ctx.now_iso()
    for consent in contact_consents.of_person(store, person.id):
        if contact_consents.scrub(store, consent, now):
            report.consents += 1
    for mark in volunteers.of_person(store, person.id):
        texts = {"what": "", "when": "", "note": ""}
        if any(getattr(mark, key) for key in texts):
            volunteers.set_texts(store, mark.id, texts)
            report.volunteer_marks += 1
    for name in names:
        folded, pattern = fold(name), _name_pattern(name)
        for doc in volunteers.stored_matching(
            store, lambda d, f=folded, p=pattern: _names_them(str(d.get("contacted_by") or ""), f, p)
        ):
            erased = _erased(str(doc.get("contacted_by") or ""), folded, pattern)
            volunteers.set_texts(store, int(doc["id"]), {"contacted_by": erased or FORGOTTEN_NAME})
            report.volunteer_marks += 1
    for plan in meeting_plans.of_speaker(store, person.id):
        meeting_plans.clear_speaker(store, plan.id, now)
        report.plans += 1


def _forget(ctx: Context, person_id: int, report: ForgetReport) -> None:
    """Forget one person, or finish forgetting them; call inside a transaction.

    The person's own record is anonymised last, so even a run cut short by an older store (one
    that wrote each change on its own) leaves the name where the next run finds it.
    """
    store = ctx.store
    person = get_person(ctx, person_id)
    if not persons.is_living(person):
        report.already_forgotten += 1
    now = ctx.now_iso()
    report.codes += codes.revoke_of_person(store, person_id, now)
    names = _names_of(ctx, person)
    renamed = {
        int(doc["id"])
        for name in names or [""]
        for doc in speaker_events.stored_of_person(store, person_id, fold(name))
        if doc.get("name") and doc.get("name") != FORGOTTEN_NAME
    }
    speaker_events.rename(store, sorted(renamed), FORGOTTEN_NAME)
    report.speaker_events += len(renamed)
    for name in names:
        folded, pattern = fold(name), _name_pattern(name)
        _scrub_captures(ctx, folded, pattern, report)
        for doc in agenda_items.stored_presented_by(store, folded):
            presenter = str(doc.get("presenter") or "")
            replaced = pattern.sub(FORGOTTEN_NAME, presenter) if pattern is not None else presenter
            agenda_items.set_presenter(store, int(doc["id"]), replaced if replaced != presenter else FORGOTTEN_NAME)
            report.agenda_items += 1
    _forget_network(ctx, person, names, report)
    if persons.anonymise(store, person_id, now):
        report.people += 1


def flush_old_copies(ctx: Context) -> None:
    """Leave no copy of erased data in the store's journal, its backup file or a stray temporary file.

    Forget and purge do it themselves; call it where one of them may have been cut short after its
    transaction was durable (a name typed again that now finds nobody).
    """
    base.erase_history(ctx.store)


def forget_person(ctx: Context, person_id: int) -> ForgetReport:
    """Remove a person's personal data everywhere; anonymous counts stay (see the module's description).

    Run again, it finishes what an interrupted run left and otherwise changes nothing. Afterwards no
    copy of the erased data is left in the store's journal or backup file.
    """
    report = ForgetReport()
    with ctx.transaction():
        _forget(ctx, person_id, report)
    flush_old_copies(ctx)
    return report


def last_seen(ctx: Context, person: Person) -> date | None:
    """When the person was last part of things: the latest of being added, checked in, or invited to a meeting."""
    dates: list[date] = []
    if person.created_at:
        dates.append(from_iso(person.created_at).astimezone(ctx.tz).date())
    for check_in in checkins.active_of_person(ctx.store, person.id):
        if check_in.at:
            dates.append(from_iso(check_in.at).astimezone(ctx.tz).date())
    for invitation in invitees.of_person(ctx.store, person.id):
        meeting = meeting_records.get(ctx.store, invitation.meeting_id)
        if meeting is not None:
            dates.append(meeting.date)
    return max(dates) if dates else None


@dataclass(frozen=True)
class PurgeCandidate:
    """Someone a purge would forget, with the date they were last seen."""

    person_id: int
    name: str
    last_seen: date | None


def check_purge_date(ctx: Context, before: date) -> None:
    """Refuse a purge date after today: people invited to a meeting still ahead have not had the chance to come."""
    if before > ctx.today():
        raise ServiceError(
            _(
                "Der {date} liegt in der Zukunft. Gelöscht wird nur, wer seit einem vergangenen Datum nicht mehr "
                "da war; bitte ein Datum bis heute ({today}) angeben."
            ).format(date=format_date(before), today=format_date(ctx.today()))
        )


def purge_candidates(ctx: Context, before: date) -> list[PurgeCandidate]:
    """Everyone not seen since ``before`` (not added, checked in or invited to a meeting on or after it).

    Refused for a date after today (:func:`check_purge_date`).
    """
    check_purge_date(ctx, before)
    found = []
    for person in persons.living(ctx.store):
        seen = last_seen(ctx, person)
        if seen is None or seen < before:
            found.append(PurgeCandidate(person.id, person.name, seen))
    return found


@dataclass
class PurgeReport(ForgetReport):
    """What a purge changed."""

    ids: list[int] = field(default_factory=list)


def purge(ctx: Context, before: date) -> PurgeReport:
    """Forget everyone not seen since ``before`` (up to today); decided and done in one transaction.

    Old copies (journal, backup) are flushed even when nobody is left to forget: a purge killed after
    its transaction was durable, but before the flush, is finished by running it again.
    """
    check_purge_date(ctx, before)
    report = PurgeReport()
    with ctx.transaction():
        for candidate in purge_candidates(ctx, before):
            _forget(ctx, candidate.person_id, report)
            report.ids.append(candidate.person_id)
    flush_old_copies(ctx)
    return report


# -- the right of access as a letter -------------------------------------------------------------


def _day(iso: str, ctx: Context) -> str:
    return format_date(from_iso(iso).astimezone(ctx.tz).date()) if iso else ""


def _moment(iso: str, ctx: Context) -> str:
    when = from_iso(iso).astimezone(ctx.tz)
    return _("{date} um {time} Uhr").format(date=format_date(when.date()), time=format_time(when))


def _code_status(doc: Mapping[str, Any]) -> str:
    return {"active": _("gültig"), "replaced": _("ersetzt durch einen neueren Code"), "revoked": _("ungültig")}.get(
        str(doc.get("status") or "active"), _("ungültig")
    )


def _shown_code(code: str) -> str:
    try:
        return format_code(code)
    except ValueError:
        return code


def _person_section(ctx: Context, doc: Mapping[str, Any]) -> LetterSection:
    since = _day(str(doc.get("created_at") or ""), ctx)
    lines = [_("Name: {name}").format(name=doc.get("name", ""))]
    if doc.get("group"):
        lines.append(_("Gruppe: {group}").format(group=group_label(str(doc["group"]))))
    for key, label in (("organisation", _("Organisation")), ("email", _("E-Mail")), ("phone", _("Telefon"))):
        if doc.get(key):
            lines.append(f"{label}: {doc[key]}")
    if doc.get("languages"):
        lines.append(_("Sprachen: {languages}").format(languages=", ".join(str(x) for x in doc["languages"])))
    lines.append(
        _("Sie sind einverstanden, dass wir Sie kontaktieren.")
        if doc.get("consent_contact")
        else _("Eine Einwilligung, Sie zu kontaktieren, haben wir nicht.")
    )
    lines.append(
        _("Sie sind einverstanden mit Fotos.")
        if doc.get("consent_photo")
        else _("Eine Einwilligung in Fotos haben wir nicht.")
    )
    lines.append(
        _(
            "Damit wir Sie in der Liste wiederfinden, ist Ihr Name zusätzlich in einer Suchform gespeichert (klein "
            "geschrieben, ohne Akzente), und Name und E-Mail zusammen als Merkmal, damit niemand doppelt erfasst wird."
        )
    )
    intro = (
        _("Diese Angaben haben wir seit dem {date} über Sie gespeichert:").format(date=since)
        if since
        else _("Diese Angaben haben wir über Sie gespeichert:")
    )
    return LetterSection(
        _("Ihre Angaben"),
        intro,
        tuple(lines),
        _(
            "Wozu: um Sie zu den Treffen einzuladen, Sie am Eingang zu erkennen und die Teilnahme nach Gruppen "
            "zu zählen."
        ),
    )


def _invitation_section(ctx: Context, data: Mapping[str, Any], meeting_words: dict[int, str]) -> LetterSection:
    lines = []
    by_invitation: dict[Any, list[Mapping[str, Any]]] = {}
    card_codes = []
    for code in data["codes"]:
        if code.get("kind") == "card":
            card_codes.append(code)
        else:
            by_invitation.setdefault(code.get("invitee_id"), []).append(code)
    for invitation in sorted(data["invitations"], key=lambda d: str(d.get("invited_at") or "")):
        meeting = meeting_words.get(int(invitation.get("meeting_id") or 0), "")
        if invitation.get("walk_in"):
            line = _("{meeting}: ohne Einladung gekommen und am Eingang eingetragen").format(meeting=meeting)
        else:
            line = _("{meeting}: eingeladen am {date}").format(
                meeting=meeting, date=_day(str(invitation.get("invited_at") or ""), ctx)
            )
        shown = [
            _("Code {code} ({status})").format(code=_shown_code(str(c.get("code") or "")), status=_code_status(c))
            for c in by_invitation.get(invitation.get("id"), [])
        ]
        if shown:
            line += "; " + "; ".join(shown)
        lines.append(line)
    for card in card_codes:
        lines.append(
            _("Persönliche Karte, ausgestellt am {date}: Code {code} ({status})").format(
                date=_day(str(card.get("issued_at") or ""), ctx),
                code=_shown_code(str(card.get("code") or "")),
                status=_code_status(card),
            )
        )
    return LetterSection(
        _("Einladungen und Codes"),
        _("Zu diesen Treffen haben wir Sie eingeladen; die Codes stehen auf Ihren Einladungen und Karten:"),
        tuple(lines),
        _("Wozu: um Ihnen Einladungen mit QR-Code zu schicken und Sie am Eingang einzulassen."),
        _("Eine Einladung haben wir nicht gespeichert."),
    )


def _checkin_section(ctx: Context, data: Mapping[str, Any], meeting_words: dict[int, str]) -> LetterSection:
    lines = []
    for check_in in sorted(data["check_ins"], key=lambda d: str(d.get("at") or "")):
        line = _("{meeting}: angekommen {when}").format(
            meeting=meeting_words.get(int(check_in.get("meeting_id") or 0), ""),
            when=_moment(str(check_in["at"]), ctx) if check_in.get("at") else "",
        )
        details = [str(check_in.get("station") or ""), method_label(str(check_in.get("method") or ""))]
        line += " (" + ", ".join(d for d in details if d) + ")"
        if check_in.get("undone_at"):
            line += _("; am {when} als Versehen zurückgenommen").format(when=_moment(str(check_in["undone_at"]), ctx))
        lines.append(line)
    return LetterSection(
        _("Anwesenheit"),
        _("Bei diesen Treffen sind Sie am Eingang eingecheckt worden:"),
        tuple(lines),
        _(
            "Wozu: für die Teilnehmerliste, mit der wir Ihre Teilnahme gegenüber dem Zuwendungsgeber nachweisen; "
            "in Statistiken zählen Sie nur als Zahl in Ihrer Gruppe."
        ),
        _("Ein Check-in ist nicht gespeichert."),
    )


def _speaker_section(ctx: Context, data: Mapping[str, Any], meeting_words: dict[int, str]) -> LetterSection:
    counts: dict[tuple[int, int], int] = {}
    for event in data["speaker_entries"]:
        if event.get("kind") == "add":
            key = (int(event.get("meeting_id") or 0), int(event.get("item_id") or 0))
            counts[key] = counts.get(key, 0) + 1
    lines = []
    for (meeting_id, item_id), count in sorted(counts.items()):
        item = agenda_items.get(ctx.store, item_id)
        lines.append(
            ngettext(
                "{meeting}: {count} Wortmeldung zum Punkt „{item}“",
                "{meeting}: {count} Wortmeldungen zum Punkt „{item}“",
                count,
            ).format(meeting=meeting_words.get(meeting_id, ""), count=count, item=item.title if item else "")
        )
    return LetterSection(
        _("Wortmeldungen"),
        _("Auf der Redeliste standen Sie so:"),
        tuple(lines),
        _(
            "Wozu: um die Reihenfolge der Wortmeldungen zu führen. Ausgewertet wird nur die Redezeit je Gruppe, "
            "nie die einer einzelnen Person."
        ),
        _("Eine Wortmeldung ist nicht gespeichert."),
    )


def _capture_line(ctx: Context, doc: Mapping[str, Any], meeting_words: dict[int, str], with_kind: bool) -> str:
    meeting = meeting_words.get(int(doc.get("meeting_id") or 0), "")
    text = _("„{text}“, aus dem {meeting}").format(text=doc.get("text", ""), meeting=meeting)
    if with_kind:
        text = f"{kind_label(str(doc.get('kind') or ''))}: {text}"
    details = []
    if doc.get("due"):
        details.append(_("fällig am {date}").format(date=format_date(date.fromisoformat(str(doc["due"])))))
    if doc.get("kind") == captures.ACTION:
        details.append(status_label(str(doc.get("status") or "open")))
    if doc.get("removed_at"):
        details.append(_("am {date} entfernt").format(date=_day(str(doc["removed_at"]), ctx)))
    return text + (", " + ", ".join(details) if details else "")


def _meeting_words(ctx: Context) -> dict[int, str]:
    return {
        m.id: _("Treffen am {date} ({title})").format(date=format_date(m.date), title=m.title)
        for m in meeting_records.every(ctx.store)
    }


def _network_sections(ctx: Context, data: Mapping[str, Any], meetings: dict[int, str]) -> list[LetterSection]:
    """The letter's parts on the network's memory: contact list, "möchte sich engagieren", answers, planned talks.

    Each part is only printed when something is stored (most people have none of these).
    """
    found: list[LetterSection] = []
    consents = tuple(
        str(d["summary"]) + (" " + _("Angebot: „{offer}“.").format(offer=d["offer"]) if d.get("offer") else "")
        for d in data["contact_list_consents"]
    )
    if consents:
        found.append(
            LetterSection(
                _("Kontaktliste des Netzwerks"),
                _("Sie haben eingewilligt, auf der Kontaktliste des Netzwerks zu stehen:"),
                consents,
                _("Wozu: damit andere im Netzwerk Sie für Ihr Angebot erreichen; Sie können jederzeit widerrufen."),
                "",
            )
        )
    marks = tuple(
        _("„{what}“{when}, vermerkt am {date}").format(
            what=d.get("what", ""),
            when=(" (" + str(d["when"]) + ")") if d.get("when") else "",
            date=_day(str(d.get("marked_at") or ""), ctx),
        )
        + (
            ", " + _("kontaktiert am {date}").format(date=_day(str(d["contacted_at"]), ctx))
            if d.get("contacted_at")
            else ""
        )
        for d in data["volunteering"]
        if volunteers.is_counting(d)  # the rule of records.volunteers, not a copy of it
    )
    if marks:
        found.append(
            LetterSection(
                _("Möchte sich engagieren"),
                _("Sie haben angegeben, dass Sie sich engagieren möchten:"),
                marks,
                _("Wozu: damit jemand aus dem Netzwerk Sie anspricht."),
                "",
            )
        )
    answers = tuple(
        _("„{text}“: Ihre Antwort „{answer}“").format(text=d.get("text", ""), answer=d.get("answer", ""))
        for d in data["answered_questions"]
    )
    if answers:
        found.append(
            LetterSection(
                _("Fragen, die Sie beantwortet haben"),
                _("Sie stehen als Antwortende/r bei diesen Fragen aus dem Netzwerk:"),
                answers,
                _(
                    "Wozu: für die Übersicht „Fragen und Antworten aus dem Netzwerk“; dort steht Ihr Name bei Ihrer "
                    "Antwort (wer gefragt hat, steht nie darin)."
                ),
                "",
            )
        )
    contacted = tuple(
        _("am {date}").format(date=_day(str(d.get("contacted_at") or ""), ctx)) if d.get("contacted_at") else "–"
        for d in data["contacted_volunteers"]
    )
    if contacted:
        found.append(
            LetterSection(
                _("Kontakt mit Menschen, die sich engagieren möchten"),
                _(
                    "Sie haben mit Menschen, die sich engagieren möchten, Kontakt aufgenommen; "
                    "so steht es bei ihren Vermerken:"
                ),
                contacted,
                _("Wozu: damit das Netzwerk weiß, dass sich jemand gemeldet hat."),
                "",
            )
        )
    talks = tuple(
        _("„{topic}“ beim {meeting}").format(
            topic=d.get("topic", ""), meeting=meetings.get(int(d.get("meeting_id") or 0), "")
        )
        for d in data["planned_talks"]
    )
    if talks:
        found.append(
            LetterSection(
                _("Geplante Beiträge"),
                _("Sie sind als Referent/in für ein kommendes Treffen vorgesehen:"),
                talks,
                _("Wozu: für die Planung und die Einladung zum Treffen."),
                "",
            )
        )
    return found


def access_letter(ctx: Context, person_id: int) -> Letter:
    """The right of access (Art. 15 DSGVO) as a letter to hand to the person: what is stored, what for, since when.

    The same records as :func:`personal_data`, in plain sentences: German dates, groups and statuses
    in words, codes as printed on the invitations; no internal numbers and no stored field names.
    Refused for a person who was forgotten (nothing personal is left to tell).
    """
    data = personal_data(ctx, person_id)
    person = data["person"]
    if not persons.is_living(person):
        raise ServiceError(_("Die Daten dieser Person sind gelöscht; es ist nichts Persönliches mehr gespeichert."))
    meetings = _meeting_words(ctx)
    house = settings.organiser(ctx.store)
    sender = tuple(line for line in (house.name, house.address, house.contact) if line)
    sections = [
        _person_section(ctx, person),
        _invitation_section(ctx, data, meetings),
        _checkin_section(ctx, data, meetings),
        _speaker_section(ctx, data, meetings),
        LetterSection(
            _("Aufgaben, für die Sie verantwortlich sind"),
            _("Im Protokoll stehen Sie als verantwortlich für:"),
            # A need they take care of (or an offer they make) says what it is: "Bedarf: „…“".
            tuple(_capture_line(ctx, d, meetings, d.get("kind") != captures.ACTION) for d in data["action_items"]),
            _("Wozu: für das Protokoll und um nachzuhalten, was aus den Absprachen geworden ist."),
            _("Sie sind für keine Aufgabe eingetragen."),
        ),
        LetterSection(
            _("Einträge, in denen Ihr Name vorkommt"),
            _("Ihr Name steht in diesen Einträgen des Protokolls:"),
            tuple(_capture_line(ctx, d, meetings, True) for d in data["mentions"]),
            _("Wozu: für das Protokoll der Treffen."),
            _("Ihr Name steht in keinem weiteren Eintrag."),
        ),
        LetterSection(
            _("Tagesordnungspunkte"),
            _("Sie stehen als Referent/in auf der Tagesordnung:"),
            tuple(
                _("„{title}“ beim {meeting}").format(
                    title=d.get("title", ""), meeting=meetings.get(int(d.get("meeting_id") or 0), "")
                )
                for d in data["presented_items"]
            ),
            _("Wozu: für die Einladung und das Protokoll."),
            _("Sie stehen auf keiner Tagesordnung als Referent/in."),
        ),
    ]
    sections += _network_sections(ctx, data, meetings)
    who = house.name or _("der Veranstalter des INTEGRA-Netzwerktreffens")
    contact = house.contact or house.address or house.name
    closing = [
        _(
            "Woher die Angaben stammen: aus der Einladungsliste des Veranstalters, von Ihnen selbst am Eingang und "
            "aus dem Protokoll der Treffen. Sie bleiben auf dem Rechner des Veranstalters; an den Zuwendungsgeber "
            "gehen nur die Teilnehmerliste und Zahlen ohne Namen."
        ),
        _(
            "Wie lange: bis Sie die Löschung verlangen, oder bis wir die Daten von Personen löschen, die lange nicht "
            "mehr da waren. Ihre Anwesenheit bleibt danach nur als Zahl ohne Namen in der Statistik."
        ),
        _(
            "Ihre Rechte: Sie können verlangen, dass wir falsche Angaben berichtigen (Art. 16 DSGVO), Ihre Daten "
            "löschen (Art. 17) oder nur noch eingeschränkt verwenden (Art. 18), und Sie können einer Verwendung "
            "widersprechen (Art. 21). Sie können sich auch bei der Datenschutz-Aufsichtsbehörde beschweren (Art. 77)."
        ),
    ]
    if contact:
        closing.append(_("Dafür und für Fragen wenden Sie sich an: {contact}.").format(contact=contact))
    signature = tuple(line for line in (_("Mit freundlichen Grüßen"), house.signatory or house.name) if line)
    return Letter(
        title=_("Auskunft über Ihre gespeicherten Daten (Art. 15 DSGVO)"),
        sender=sender,
        date_line=_("Stand: {date}").format(date=format_date(ctx.today())),
        salutation=_("Guten Tag {name},").format(name=person.get("name", "")),
        paragraphs=(
            _(
                "Sie haben gefragt, welche Daten über Sie gespeichert sind. Hier steht alles, was in der "
                "Teilnehmerverwaltung des INTEGRA-Netzwerktreffens über Sie gespeichert ist."
            ),
            _("Verantwortlich für diese Daten: {who}.").format(who=who),
        ),
        sections=tuple(sections),
        closing=tuple(closing),
        signature=signature,
    )
