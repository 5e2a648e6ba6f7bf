"""Contacts that last: consent to appear on the network's contact list, and the list handed out after a meeting.

A person's consent (``records.contact_consents``) is given at check-in or afterwards, with the date,
what they offer and how they want to be reached (their e-mail address, their phone number, and/or
a way in their own words); it holds until it is withdrawn, which is kept with its date too.
``privacy show`` lists every consent (``services.privacy``), and forgetting a person withdraws it
and empties it. The contact list (:func:`contact_list_doc`, PDF or CSV) holds only people whose
latest consent holds: name, organisation, what they offer, how to reach them in the form they chose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import CONTACT_CHANNELS, ContactConsent, Person
from integra_tui.domain.names import fold
from integra_tui.i18n import _
from integra_tui.io.exports.documents import Sheet
from integra_tui.io.exports.network_documents import ContactListDoc, ContactRow
from integra_tui.io.files import ExportResult
from integra_tui.io.network_files import write_contact_list as write_contact_list_file
from integra_tui.records import contact_consents, persons
from integra_tui.services import texts, typed
from integra_tui.services.context import Context, ServiceError, get_meeting, get_person

__all__ = [
    "CHANNEL_WORDS",
    "ConsentState",
    "consent_of",
    "consent_sentence",
    "consenting",
    "contact_list_doc",
    "contact_sheet",
    "give_consent",
    "parse_channels",
    "withdraw_consent",
    "write_contact_list",
]

CHANNEL_WORDS = {
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "phone": "phone",
    "telefon": "phone",
    "tel": "phone",
    "handy": "phone",
    "mobil": "phone",
}
"""The words a way to be reached may be given in (stored are ``domain.models.CONTACT_CHANNELS``)."""


def parse_channels(text: str | Iterable[str]) -> list[str]:
    """Ways to be reached as typed ("email, telefon"), as stored; refused for a word that is none of them."""
    words = text.replace(";", ",").split(",") if isinstance(text, str) else list(text)
    found: list[str] = []
    for word in words:
        key = " ".join(str(word).split()).casefold()
        if not key:
            continue
        channel = CHANNEL_WORDS.get(key)
        if channel is None:
            raise ServiceError(
                _("Unbekannter Weg der Erreichbarkeit: {word} (möglich: email, telefon)").format(word=word)
            )
        if channel not in found:
            found.append(channel)
    return [c for c in CONTACT_CHANNELS if c in found]


def _living(ctx: Context, person_id: int) -> Person:
    person = get_person(ctx, person_id)
    if not persons.is_living(person):
        raise ServiceError(_("Die Daten dieser Person wurden gelöscht."))
    return person


def give_consent(
    ctx: Context,
    person_id: int,
    *,
    offer: str = "",
    channels: Sequence[str] | str = (),
    reach_note: str = "",
    meeting_id: int | None = None,
) -> ContactConsent:
    """Record that the person agrees to appear on the contact list (now; at ``meeting_id`` when given at check-in).

    ``channels``: how they want to be reached ("email", "phone", or the words of ``CHANNEL_WORDS``),
    using their stored address and number; ``reach_note`` any other way, in their words. At least one
    way is needed, and a chosen channel must be stored for the person. A consent given again
    replaces the earlier one (which stays, for the right of access). One transaction.
    """
    chosen = parse_channels(channels)
    offer = typed.line(offer)
    reach_note = typed.line(reach_note)
    with ctx.transaction():
        person = _living(ctx, person_id)
        if meeting_id is not None:
            get_meeting(ctx, meeting_id)
        if "email" in chosen and not person.email:
            raise ServiceError(_("Für diese Person ist keine E-Mail-Adresse gespeichert."))
        if "phone" in chosen and not person.phone:
            raise ServiceError(_("Für diese Person ist keine Telefonnummer gespeichert."))
        if not chosen and not reach_note:
            raise ServiceError(
                _("Bitte angeben, wie die Person erreichbar sein möchte (E-Mail, Telefon oder ein anderer Weg).")
            )
        now = ctx.now_iso()
        for earlier in contact_consents.of_person(ctx.store, person_id):
            if contact_consents.holds(earlier):
                contact_consents.withdraw(ctx.store, earlier.id, now)
        consent = ContactConsent(
            person_id=person_id,
            given_at=now,
            meeting_id=meeting_id,
            offer=offer,
            channels=chosen,
            reach_note=reach_note,
        )
        return contact_consents.add(ctx.store, consent)


def withdraw_consent(ctx: Context, person_id: int) -> ContactConsent:
    """Withdraw the person's consent (recorded with the date); refused when none holds."""
    with ctx.transaction():
        get_person(ctx, person_id)
        holding = [c for c in contact_consents.of_person(ctx.store, person_id) if contact_consents.holds(c)]
        if not holding:
            raise ServiceError(_("Diese Person steht nicht auf der Kontaktliste."))
        now = ctx.now_iso()
        for consent in holding:
            contact_consents.withdraw(ctx.store, consent.id, now)
        latest = contact_consents.latest_of_person(ctx.store, person_id)
        assert latest is not None
        return latest


@dataclass(frozen=True)
class ConsentState:
    """What the check-in and the people screen show about a person's consent."""

    consent: ContactConsent | None
    """The latest consent, holding or withdrawn; None if never given."""

    @property
    def holds(self) -> bool:
        """Whether the person is on the contact list."""
        return self.consent is not None and contact_consents.holds(self.consent)


def consent_of(ctx: Context, person_id: int) -> ConsentState:
    """The person's consent to the contact list as it stands."""
    get_person(ctx, person_id)
    return ConsentState(contact_consents.latest_of_person(ctx.store, person_id))


def consent_sentence(ctx: Context, consent: ContactConsent) -> str:
    """The consent in plain words with its dates: 'Einwilligung in die Kontaktliste am 27.11.2026 erteilt; gilt.'

    The words are ``services.texts.consent_sentence``; the dates are in the context's time zone.
    """
    return texts.consent_sentence(consent, ctx.tz)


def _reach(person: Person, consent: ContactConsent) -> list[str]:
    ways = []
    if "email" in consent.channels and person.email:
        ways.append(person.email)
    if "phone" in consent.channels and person.phone:
        ways.append(person.phone)
    if consent.reach_note:
        ways.append(consent.reach_note)
    return ways


def contact_list_doc(ctx: Context) -> ContactListDoc:
    """The network's contact list: everyone whose consent holds, by name; only what they agreed to show."""
    rows = []
    for consent in contact_consents.holding(ctx.store):
        person = persons.get_living(ctx.store, consent.person_id)
        if person is None:
            continue
        reach = _reach(person, consent)
        if not reach:  # the chosen address or number is no longer stored: nothing to reach them by
            continue
        rows.append(
            ContactRow(
                name=person.name,
                organisation=person.organisation,
                offer=consent.offer,
                reach=reach,
                consent_on=from_iso(consent.given_at).astimezone(ctx.tz).date() if consent.given_at else None,
            )
        )
    rows.sort(key=lambda r: fold(r.name))
    return ContactListDoc(title=_("Kontaktliste des INTEGRA-Netzwerks"), rows=rows, created_at=ctx.now())


def contact_sheet(doc: ContactListDoc) -> Sheet:
    """The contact list as a table (CSV): name, organisation, what they offer, how to reach them."""
    headers = [_("Name"), _("Organisation"), _("Bietet an"), _("Erreichbar über")]
    return Sheet(doc.title, headers, [[r.name, r.organisation, r.offer, "; ".join(r.reach)] for r in doc.rows])


def consenting(ctx: Context) -> list[tuple[Person, ContactConsent]]:
    """The living people whose consent holds, with it, by name (the coordinator's list, to withdraw one)."""
    found = []
    for consent in contact_consents.holding(ctx.store):
        person = persons.get_living(ctx.store, consent.person_id)
        if person is not None:
            found.append((person, consent))
    return sorted(found, key=lambda pair: fold(pair[0].name))


def write_contact_list(
    ctx: Context, out: Path | None = None, fmt: str = "", *, folder: Path | None = None, dialect: str = "de"
) -> ExportResult:
    """Write the network's contact list (pdf, csv or md): only people whose consent holds (:func:`contact_list_doc`)."""
    doc = contact_list_doc(ctx)
    return write_contact_list_file(doc, contact_sheet(doc), out, fmt, folder=folder, day=ctx.today(), dialect=dialect)
