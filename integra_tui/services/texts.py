"""The words for what the domain decides: group labels, why a rule refused, what an unclear due date asks.

The domain carries codes and values only (it imports no ``i18n``); this module chooses the words,
in the active language, for the services, the UI and the command line alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from integra_tui.domain.agenda import AgendaError
from integra_tui.domain.attendance import Engagement
from integra_tui.domain.clock import from_iso
from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import ContactConsent
from integra_tui.domain.organiser import Organiser
from integra_tui.errors import ServiceError
from integra_tui.i18n import _, format_date, ngettext

if TYPE_CHECKING:  # due dates are parsed in the forms, never at a start
    from integra_tui.domain.due_dates import DueDateResult

__all__ = [
    "consent_sentence",
    "due_hint",
    "check_range",
    "due_question",
    "group_label",
    "no_such_entry",
    "no_such_meeting",
    "no_such_person",
    "refused",
    "refusal",
    "signin_privacy_note",
    "role_sentences",
    "weekday_date",
]


def group_label(group: str) -> str:
    """The label shown for a stored group name (English in the English UI); other names as they are."""
    labels = {
        "Kommune": _("Kommune"),
        "Landkreis": _("Landkreis"),
        "Hauptamtlich": _("Hauptamtlich"),
        "Ehrenamtlich": _("Ehrenamtlich"),
        "Zugewandert": _("Zugewandert"),
        "Interessiert": _("Interessiert"),
        "Referent/in": _("Referent/in"),
    }
    return labels.get(group, group)


_Words = Callable[[Mapping[str, Any]], str]

_AGENDA_WORDS: dict[str, _Words] = {
    "meeting_ended": lambda p: _("Das Treffen ist bereits beendet."),
    "no_such_item": lambda p: _("Diesen Tagesordnungspunkt gibt es nicht."),
    "no_current_item": lambda p: _("Gerade läuft kein Tagesordnungspunkt."),
    "meeting_started": lambda p: _("Das Treffen hat bereits begonnen."),
    "meeting_not_started": lambda p: _("Das Treffen hat noch nicht begonnen."),
    "item_running": lambda p: _("Dieser Punkt läuft bereits."),
    "item_paused": lambda p: _("Der Punkt ist bereits pausiert."),
    "item_not_paused": lambda p: _("Der Punkt ist nicht pausiert."),
    "no_next_item": lambda p: _("Es gibt keinen weiteren offenen Punkt."),
    "no_previous_item": lambda p: _("Es gibt keinen vorherigen Punkt."),
    "minutes_not_positive": lambda p: _("Bitte eine positive Anzahl Minuten angeben."),
    "unknown_extend_choice": lambda p: _("Unbekannte Wahl für die Verlängerung."),
    "buffer_too_small": lambda p: ngettext(
        "Der Puffer reicht nicht: nur noch {minutes} Minute übrig.",
        "Der Puffer reicht nicht: nur noch {minutes} Minuten übrig.",
        p["minutes"],
    ).format(minutes=p["minutes"]),
    "no_donor_given": lambda p: _("Bitte angeben, von welchem Punkt die Zeit genommen wird."),
    "donor_not_pending": lambda p: _("Zeit kann nur von einem noch offenen späteren Punkt genommen werden."),
    "donor_too_small": lambda p: ngettext(
        "Dieser Punkt hat nur {minutes} Minute.", "Dieser Punkt hat nur {minutes} Minuten.", p["minutes"]
    ).format(minutes=p["minutes"]),
    "item_closed": lambda p: _("Dieser Punkt ist schon abgeschlossen."),
    "item_title_missing": lambda p: _("Ein Tagesordnungspunkt braucht einen Titel."),
    "item_minutes_out_of_range": lambda p: _(
        "Ein Tagesordnungspunkt braucht zwischen 1 und {maximum} Minuten geplante Zeit."
    ).format(maximum=p["maximum"]),
    "no_donor": lambda p: ngettext(
        "Kein späterer Punkt hat noch {minutes} Minute übrig.",
        "Kein späterer Punkt hat noch {minutes} Minuten übrig.",
        p["minutes"],
    ).format(minutes=p["minutes"]),
}

_SPEAKER_WORDS: dict[str, _Words] = {
    "entry_not_waiting": lambda p: _("Diese Wortmeldung steht nicht auf der Redeliste."),
    "nobody_speaking": lambda p: _("Gerade spricht niemand."),
    "name_missing": lambda p: _("Bitte einen Namen angeben."),
    "already_waiting": lambda p: _("{name} steht schon auf der Redeliste.").format(name=p["name"]),
    "entry_first": lambda p: _("Diese Wortmeldung steht schon ganz vorn."),
    "priority_wins": lambda p: _("Geschäftsordnungsanträge und Erstredner haben Vorrang."),
    "queue_empty": lambda p: _("Die Redeliste ist leer."),
    "speech_paused": lambda p: _("Die Redezeit ist bereits angehalten."),
    "speech_running": lambda p: _("Die Redezeit läuft bereits."),
    "speaking_time_unclear": lambda p: _(
        "Redezeit „{text}“ nicht verstanden. Bitte in Minuten angeben, z. B. 2, 2:30 oder 2,5."
    ).format(text=p["text"]),
    "speaking_time_too_long": lambda p: _(
        "Redezeit „{text}“ ist länger als {maximum} Minuten. Die Redezeit wird in Minuten angegeben "
        "(2:30 sind zweieinhalb Minuten)."
    ).format(text=p["text"], maximum=p["maximum"]),
    "same_item": lambda p: _("Die Wortmeldungen stehen schon auf diesem Punkt."),
    "nobody_waiting": lambda p: _("Auf diesem Punkt wartet niemand mehr."),
}


_PEOPLE_AND_MEETING_WORDS: dict[str, _Words] = {
    "person_name_missing": lambda p: _("Eine Person braucht einen Namen."),
    "meeting_title_missing": lambda p: _("Ein Treffen braucht einen Titel."),
    "planned_minutes_not_positive": lambda p: _("Die geplante Dauer muss größer als null sein."),
}
"""The refusals of ``domain.people.new_person`` and ``domain.meetings.new_meeting``."""


def refusal(error: DomainError) -> str:
    """What to tell the user about a refusal of the agenda, the speakers' list, a new person or meeting."""
    from integra_tui.domain.speakers import SpeakerError  # the speakers' list is not imported at the door's start

    words = (
        _AGENDA_WORDS
        if isinstance(error, AgendaError)
        else _SPEAKER_WORDS
        if isinstance(error, SpeakerError)
        else _PEOPLE_AND_MEETING_WORDS
    )
    say = words.get(error.code)
    if say is None:  # a code without words is a bug; say what we can rather than nothing
        return _("Das geht gerade nicht ({code}).").format(code=error.code)
    return say(error.params)


def refused(error: DomainError) -> ServiceError:
    """The :class:`ServiceError` that tells the user about a domain rule's refusal."""
    return ServiceError(refusal(error))


_DUE_WORDS: dict[str, _Words] = {
    "no_such_date": lambda p: _("Dieses Datum gibt es nicht: {text}. Bitte prüfen.").format(text=p["text"]),
    "which_of": lambda p: _("Ist der {first} oder der {second} gemeint?").format(
        first=format_date(p["first"]), second=format_date(p["second"])
    ),
    "in_past": lambda p: _("Der {date} liegt in der Vergangenheit. Ist das richtig?").format(
        date=format_date(p["date"])
    ),
    "next_meeting_unknown": lambda p: _(
        "Der Termin des nächsten Treffens ist noch nicht festgelegt. Bitte ein Datum eingeben."
    ),
    "which_day_next_week": lambda p: _(
        "Welcher Tag der nächsten Woche? Zum Beispiel Montag, {monday}, oder Freitag, {friday}."
    ).format(monday=format_date(p["monday"]), friday=format_date(p["friday"])),
    "not_understood": lambda p: _(
        "Das Datum wurde nicht verstanden. Bitte z. B. „15.1.“, „in 2 Wochen“ oder „nächstes Treffen“ eingeben."
    ),
    "holidays_unknown": lambda p: _(
        "Wann die Sommerferien enden, hängt vom Bundesland ab. Bitte ein Datum eingeben, z. B. „15.9.“."
    ),
}


def due_question(result: DueDateResult) -> str:
    """For an unclear due date: the question or explanation to show next to the field ("" when clear)."""
    if not result.unclear:
        return ""
    say = _DUE_WORDS.get(result.code, _DUE_WORDS["not_understood"])
    return say(result.params)


def weekday_date(value: date) -> str:
    """A date with its weekday, short: "Di, 15.12.2026" (English: "Tue, 15 Dec 2026")."""
    return f"{format_date(value, 'EEE').rstrip('.')}, {format_date(value)}"


def due_hint(result: DueDateResult) -> str:
    """The line under a due-date field while typing: "→ Di, 15.12.2026", the question when unclear, "" when empty."""
    if result.unclear:
        return due_question(result)
    if result.due is None:
        return ""
    read_as = _DUE_READINGS.get(result.reading)
    if read_as is None:
        return f"→ {weekday_date(result.due)}"
    return f"→ {weekday_date(result.due)}, {read_as(format_date(result.due, 'MMMM'))}"


_DUE_READINGS: dict[str, Callable[[str], str]] = {
    "month_end": lambda month: _("letzter Werktag im {month}").format(month=month),
    "month_middle": lambda month: _("Mitte {month}").format(month=month),
    "month_start": lambda month: _("erster Werktag im {month}").format(month=month),
    "year_end": lambda month: _("Jahresende"),
    "before_christmas": lambda month: _("letzter Werktag vor Heiligabend"),
}
"""What a phrase was read as (``DueDateResult.reading``), said after the date the hint shows."""


def no_such_entry() -> ServiceError:
    """The refusal for a capture that does not exist, was removed, or is not of the kind asked for."""
    return ServiceError(_("Diesen Eintrag gibt es nicht."))


def no_such_meeting(meeting_id: int) -> ServiceError:
    """The refusal for a meeting number that does not exist."""
    return ServiceError(_("Es gibt kein Treffen mit der Nummer {id}.").format(id=meeting_id))


def role_sentences(engagement: Engagement) -> list[str]:
    """A person's roles as sentences for an attendance confirmation: presenter, speaker, owner of action items."""
    sentences = []
    for meeting, title in engagement.presented:
        sentences.append(
            _("Referent/in zum Tagesordnungspunkt „{title}“ am {date}").format(
                title=title, date=format_date(meeting.date)
            )
        )
    for meeting, count in engagement.speeches:
        sentences.append(
            ngettext("{count} Redebeitrag am {date}", "{count} Redebeiträge am {date}", count).format(
                count=count, date=format_date(meeting.date)
            )
        )
    if engagement.owned:
        done = sum(1 for c in engagement.owned if c.status == "done")
        sentences.append(
            ngettext(
                "Verantwortlich für {count} Aufgabe ({done} erledigt)",
                "Verantwortlich für {count} Aufgaben ({done} erledigt)",
                len(engagement.owned),
            ).format(count=len(engagement.owned), done=done)
        )
    return sentences


def check_range(date_from: date | None, date_to: date | None) -> None:
    """Refuse a date range that ends before it begins (statistics, the handout, the needs' count); open ends pass."""
    if date_from and date_to and date_from > date_to:
        raise ServiceError(_("Der Zeitraum endet vor seinem Beginn."))


def no_such_person(person_id: int) -> ServiceError:
    """The refusal for a person number that does not exist (or a person who was forgotten)."""
    return ServiceError(_("Es gibt keine Person mit der Nummer {id}.").format(id=person_id))


def consent_sentence(consent: ContactConsent, tz: ZoneInfo) -> str:
    """The consent in plain words with its dates (in ``tz``).

    'Einwilligung in die Kontaktliste am 27.11.2026 erteilt; sie gilt, bis sie widerrufen wird.'
    """
    given = format_date(from_iso(consent.given_at).astimezone(tz).date()) if consent.given_at else "–"
    if consent.withdrawn_at:
        withdrawn = format_date(from_iso(consent.withdrawn_at).astimezone(tz).date())
        return _("Einwilligung in die Kontaktliste am {given} erteilt, am {withdrawn} widerrufen.").format(
            given=given, withdrawn=withdrawn
        )
    return _("Einwilligung in die Kontaktliste am {given} erteilt; sie gilt, bis sie widerrufen wird.").format(
        given=given
    )


def signin_privacy_note(current: Organiser) -> str:
    """The data-protection note under the sign-in list (Art. 13 DSGVO), naming the organiser where it is set."""
    who = current.name or _("der Veranstalter")
    text = _(
        "Hinweis zum Datenschutz (Art. 13 DSGVO): {who} verarbeitet Ihren Namen, Ihre Gruppe und Ihre Organisation, "
        "um Ihre Teilnahme gegenüber dem Zuwendungsgeber nachzuweisen und anonyme Teilnahmezahlen zu berichten. "
        "Die Liste wird am Eingang geführt und nicht herumgereicht; sie wird nur für den Nachweis aufbewahrt und "
        "danach vernichtet. Sie haben das Recht auf Auskunft, Berichtigung und Löschung sowie auf Beschwerde bei "
        "der Datenschutz-Aufsichtsbehörde."
    ).format(who=who)
    if current.contact:
        text += " " + _("Fragen zum Datenschutz: {contact}.").format(contact=current.contact)
    return text
