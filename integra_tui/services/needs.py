"""Needs (Bedarfe) followed to the end, and offers (Angebote) matched to them.

A need is a capture of kind ``need`` (``records.captures`` lists its stored fields): for a group,
never a person's name; on a topic of the store's list (``records.topics``); with who takes care
of it (a person or organisation at the table, as typed); and a status of its own, one of
``STATUSES`` (offen, in Arbeit, gedeckt, nicht möglich), each change kept in its history with the
date, an optional comment and the meeting that decided it. Needs captured before these fields
existed have no topic and are open: they load and count like the others.

The rules, all through :func:`set_need_status`: a status is one of ``STATUSES`` (given in any of
``STATUS_WORDS``); keeping a need at the status it has needs a comment (what happens next);
removed entries are refused. Open and in-progress needs of earlier meetings come back at the next
one (:func:`open_needs_for`, their own part of the open-items review). A need can be turned into
action items (:func:`turn_into_action`: "Wer kümmert sich? Bis wann?"); the item names the need
(``need_id``) and the need its items (``action_ids``); the item's group is its owner's, the need's
group stays on the need.

An offer is a capture of kind ``offer`` with the same fields but no status; :func:`match` pairs it
with a need of the same topic, both naming each other (``matched_ids``), and a matched pair is
shown and exported together (:func:`board`, ``services.exports.network``).

The display's board (:func:`public_board`) shows no names at all: topic, group, text and status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from integra_tui.domain.captures import TOPIC_KINDS, resolve_topic
from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Capture, Meeting
from integra_tui.domain.needs import (
    NEED_STATUSES,
    NeedRow,
    QuarterCount,
    check_match,
    is_open_need,
)
from integra_tui.i18n import _
from integra_tui.records import captures, persons
from integra_tui.records import topics as topic_records
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError, get_counting_capture, get_meeting, list_meetings
from integra_tui.services.network_texts import CAPTURE_LABELS, need_status_label, refusals, refused, topic_label
from integra_tui.services.texts import check_range, group_label

__all__ = [
    "STATUSES",
    "STATUS_WORDS",
    "NeedRow",
    "OfferRow",
    "PublicNeed",
    "add_need",
    "add_offer",
    "board",
    "get_need",
    "get_offer",
    "match",
    "match_suggestions",
    "need_suggestions",
    "offers",
    "open_needs_for",
    "parse_need_status",
    "public_board",
    "quarter_report",
    "set_need_status",
    "set_topic",
    "take_care",
    "turn_into_action",
    "unmatch",
]

STATUSES = NEED_STATUSES
"""A need is open, in progress, met or not possible (``domain.needs.NEED_STATUSES``)."""

STATUS_WORDS = {
    "open": "open",
    "offen": "open",
    "in_progress": "in_progress",
    "in progress": "in_progress",
    "progress": "in_progress",
    "in arbeit": "in_progress",
    "inarbeit": "in_progress",
    "in-arbeit": "in_progress",
    "arbeit": "in_progress",
    "met": "met",
    "gedeckt": "met",
    "not_possible": "not_possible",
    "not possible": "not_possible",
    "nicht möglich": "not_possible",
    "nicht moeglich": "not_possible",
    "nicht-möglich": "not_possible",
    "unmöglich": "not_possible",
}
"""The words a need's status may be given in (stored are the English ones, ``STATUSES``)."""


def parse_need_status(text: str) -> str:
    """A need's status as typed (offen, in Arbeit, gedeckt, nicht möglich, or the stored words); refused otherwise."""
    status = STATUS_WORDS.get(" ".join(text.split()).casefold())
    if status is None:
        raise ServiceError(
            _(
                "Unbekannter Status für einen Bedarf: {status} (möglich: offen, in Arbeit, gedeckt, nicht möglich)"
            ).format(status=text)
        )
    return status


# -- capturing -------------------------------------------------------------------------------


def add_need(
    ctx: Context,
    meeting_id: int,
    text: str,
    *,
    group: str = "",
    topic: str = "",
    owner: str = "",
    agenda_item_id: int | None = None,
) -> Capture:
    """Record a need raised in a meeting: for ``group``, on ``topic``, ``owner`` takes care (all optional but text)."""
    get_meeting(ctx, meeting_id)
    with refusals():
        return captures.add_new(
            ctx.store,
            CAPTURE_LABELS,
            meeting_id,
            captures.NEED,
            text,
            at=ctx.now_iso(),
            group=group,
            topic=topic,
            owner=owner,
            agenda_item_id=agenda_item_id,
        )


def add_offer(
    ctx: Context,
    meeting_id: int,
    text: str,
    *,
    group: str = "",
    topic: str = "",
    owner: str = "",
    agenda_item_id: int | None = None,
) -> Capture:
    """Record an offer made in a meeting: from ``group``, on ``topic``; ``owner`` is who offers it (optional)."""
    get_meeting(ctx, meeting_id)
    with refusals():
        return captures.add_new(
            ctx.store,
            CAPTURE_LABELS,
            meeting_id,
            captures.OFFER,
            text,
            at=ctx.now_iso(),
            group=group,
            topic=topic,
            owner=owner,
            agenda_item_id=agenda_item_id,
        )


def get_need(ctx: Context, need_id: int) -> Capture:
    """A need that counts; refused otherwise."""
    return get_counting_capture(ctx, need_id, captures.NEED)


def get_offer(ctx: Context, offer_id: int) -> Capture:
    """An offer that counts; refused otherwise."""
    return get_counting_capture(ctx, offer_id, captures.OFFER)


# -- following -------------------------------------------------------------------------------


def set_need_status(
    ctx: Context, need_id: int, status: str, comment: str = "", meeting_id: int | None = None
) -> Capture:
    """Set a need's status (see the module's rule); the change is kept with its date, comment and meeting."""
    status = parse_need_status(status)
    comment = typed.line(comment)
    with ctx.transaction():
        need = get_need(ctx, need_id)
        if status == (need.status or "open") and not comment:
            raise ServiceError(
                _("Der Bedarf ist schon „{status}“; bitte einen Kommentar angeben, was als Nächstes geschieht.").format(
                    status=need_status_label(status)
                )
            )
        entry = {"at": ctx.now_iso(), "status": status, "comment": comment, "meeting_id": meeting_id}
        captures.record_status(ctx.store, need, status, entry)
        return get_need(ctx, need_id)


def take_care(ctx: Context, need_id: int, owner: str) -> Capture:
    """Say who takes care of a need (a person or organisation at the table; "" for nobody yet)."""
    with ctx.transaction():
        get_need(ctx, need_id)
        captures.set_owner(ctx.store, need_id, typed.line(owner), ctx.now_iso())
        return get_need(ctx, need_id)


def set_topic(ctx: Context, capture_id: int, topic: str) -> Capture:
    """File a need, offer, question or topic wish under another topic of the store's list."""
    with ctx.transaction():
        capture = get_counting_capture(ctx, capture_id)
        if capture.kind not in TOPIC_KINDS:
            raise ServiceError(_("Nur Bedarfe, Angebote, Fragen und Themenwünsche haben ein Thema."))
        with refusals():
            topic = resolve_topic(topic, topic_records.listed(ctx.store), topic_label)
        captures.set_topic(ctx.store, capture_id, topic, ctx.now_iso())
        return captures.get(ctx.store, capture_id) or capture


def turn_into_action(
    ctx: Context,
    need_id: int,
    meeting_id: int,
    owner: str,
    due: date | None = None,
    text: str = "",
) -> Capture:
    """Make an action item of a need ("Wer kümmert sich? Bis wann?"); the link is kept both ways.

    The item is captured in ``meeting_id`` (where it was agreed; under the need's agenda item when
    that is the need's meeting), with the need's text unless ``text`` says otherwise. Its group is
    its owner's (``people.owner_group``: "Georg Lehmann (Jugendamt)" is of the Landkreis), where
    that is known, never the need's: the need's group says who the need is for and stays on the
    need, which the item names (``need_id``). An open need is then in progress, and a need nobody
    took care of yet is taken care of by ``owner``. One transaction.
    """
    owner = typed.line(owner)
    if not owner:
        raise ServiceError(_("Wer kümmert sich? Bitte einen Namen oder eine Organisation angeben."))
    with ctx.transaction():
        need = get_need(ctx, need_id)
        get_meeting(ctx, meeting_id)
        with refusals():
            action = captures.add_new(
                ctx.store,
                CAPTURE_LABELS,
                meeting_id,
                captures.ACTION,
                text or need.text,
                at=ctx.now_iso(),
                owner=owner,
                due=due,
                group=persons.owner_group(ctx.store, owner),
                agenda_item_id=need.agenda_item_id if meeting_id == need.meeting_id else None,
            )
        captures.link_to_need(ctx.store, action.id, need.id)
        captures.link_action(ctx.store, need, action.id)
        if not need.owner:
            captures.set_owner(ctx.store, need.id, owner, ctx.now_iso())
        if (need.status or "open") == "open":
            entry = {"at": ctx.now_iso(), "status": "in_progress", "comment": "", "meeting_id": meeting_id}
            captures.record_status(ctx.store, get_need(ctx, need.id), "in_progress", entry)
        return captures.get(ctx.store, action.id) or action


def match(ctx: Context, need_id: int, offer_id: int) -> tuple[Capture, Capture]:
    """Pair a need with an offer of the same topic; both name each other. Returns (need, offer)."""
    with ctx.transaction():
        need, offer = get_need(ctx, need_id), get_offer(ctx, offer_id)
        try:
            check_match(need.topic, offer.topic)
        except DomainError as error:
            raise refused(error) from None
        captures.match(ctx.store, need, offer)
        return get_need(ctx, need_id), get_offer(ctx, offer_id)


def unmatch(ctx: Context, need_id: int, offer_id: int) -> tuple[Capture, Capture]:
    """Take a pairing back on both sides. Returns (need, offer)."""
    with ctx.transaction():
        need, offer = get_need(ctx, need_id), get_offer(ctx, offer_id)
        if offer.id not in need.matched_ids and need.id not in offer.matched_ids:
            raise ServiceError(
                _("Bedarf {need} und Angebot {offer} sind nicht zusammengeführt.").format(need=need_id, offer=offer_id)
            )
        captures.unmatch(ctx.store, need, offer)
        return get_need(ctx, need_id), get_offer(ctx, offer_id)


def match_suggestions(ctx: Context, need_id: int) -> list[Capture]:
    """Offers of the need's topic not yet paired with it, newest first (nothing for a need without topic)."""
    need = get_need(ctx, need_id)
    if not need.topic:
        return []
    found = [
        o
        for o in captures.live(ctx.store, kinds=(captures.OFFER,))
        if o.topic.casefold() == need.topic.casefold() and o.id not in need.matched_ids
    ]
    return sorted(found, key=lambda o: -o.id)


def need_suggestions(ctx: Context, offer_id: int) -> list[Capture]:
    """Open needs of the offer's topic not yet paired with it, oldest first."""
    offer = get_offer(ctx, offer_id)
    if not offer.topic:
        return []
    return [
        n
        for n in captures.live(ctx.store, kinds=(captures.NEED,))
        if n.topic.casefold() == offer.topic.casefold() and n.id not in offer.matched_ids and is_open_need(n.status)
    ]


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferRow:
    """An offer with the needs it is paired with."""

    offer: Capture
    meeting: Meeting | None
    needs: tuple[Capture, ...]

    @property
    def id(self) -> int:
        """The offer's id."""
        return self.offer.id


def board(ctx: Context, *, status: str | None = None, topic: str = "", open_only: bool = False) -> list[NeedRow]:
    """Every need that counts with its pairs and action items: by status (open first), topic, then oldest first.

    ``status`` narrows to one status (any of ``STATUS_WORDS``), ``topic`` to one topic (name, label or
    a unique beginning), ``open_only`` to open and in-progress needs.
    """
    wanted_status = parse_need_status(status) if status else None
    with refusals():
        wanted_topic = resolve_topic(topic, topic_records.listed(ctx.store), topic_label)
    meetings = {m.id: m for m in list_meetings(ctx)}
    return [
        row
        for row in captures.need_rows(ctx.store, meetings, topic_records.listed(ctx.store))
        if (not wanted_status or row.status == wanted_status)
        and (not wanted_topic or row.need.topic == wanted_topic)
        and (not open_only or row.is_open)
    ]


def offers(ctx: Context, *, topic: str = "", unmatched_only: bool = False) -> list[OfferRow]:
    """Every offer that counts with the needs it is paired with, by topic, newest first."""
    with refusals():
        wanted_topic = resolve_topic(topic, topic_records.listed(ctx.store), topic_label)
    meetings = {m.id: m for m in list_meetings(ctx)}
    live = {c.id: c for c in captures.live(ctx.store, kinds=(captures.NEED, captures.OFFER))}
    order = topic_records.listed(ctx.store)
    rows = []
    for offer in (c for c in live.values() if c.kind == captures.OFFER):
        if wanted_topic and offer.topic != wanted_topic:
            continue
        paired = tuple(live[i] for i in offer.matched_ids if i in live)
        if unmatched_only and paired:
            continue
        rows.append(OfferRow(offer, meetings.get(offer.meeting_id), paired))
    return sorted(
        rows,
        key=lambda r: (order.index(r.offer.topic) if r.offer.topic in order else len(order), r.offer.topic, -r.id),
    )


def open_needs_for(ctx: Context, meeting_id: int) -> list[Capture]:
    """Needs of earlier meetings to review in this one: still open or in progress, or reviewed in this meeting.

    Oldest first. Their own part of the open-items review, as action items have theirs
    (``moderation.open_action_items``).
    """
    return captures.to_review(ctx.store, captures.NEED, get_meeting(ctx, meeting_id))


@dataclass(frozen=True)
class PublicNeed:
    """A need as the display shows it to the whole table: no names at all."""

    topic: str
    """The topic's label."""
    group: str
    """The group's label ("" when none)."""
    text: str
    status: str
    """The stored status (open, in_progress, met, not_possible)."""
    status_label: str
    offers: int
    """How many offers are paired with it."""


def public_board(ctx: Context, *, met_within_days: int = 91) -> list[PublicNeed]:
    """The needs board for the display: open and in-progress needs, and those met in the last ``met_within_days``.

    Nothing here names a person: not who takes care, not who offers; groups and topics only.
    """
    since = ctx.now() - timedelta(days=met_within_days)
    rows = []
    for row in board(ctx):
        if not row.is_open and not (row.status == "met" and row.changed_at is not None and row.changed_at >= since):
            continue
        need = row.need
        rows.append(
            PublicNeed(
                topic=topic_label(need.topic) if need.topic else topic_label("Sonstiges"),
                group=group_label(need.group) if need.group else "",
                text=need.text,
                status=row.status,
                status_label=need_status_label(row.status),
                offers=len(row.offers),
            )
        )
    return rows


def quarter_report(ctx: Context, date_from: date | None = None, date_to: date | None = None) -> list[QuarterCount]:
    """Needs raised, in progress, met and not possible, per topic and quarter, for the funder's report.

    A need counts in the quarter of the meeting it was raised in; met and not possible in the
    quarter the status was set; in progress and open at each quarter's end. From the quarter of
    ``date_from`` (else of the first need) to that of ``date_to`` (else today).
    """
    check_range(date_from, date_to)
    return captures.quarter_counts(ctx.store, tz=ctx.tz, today=ctx.today(), date_from=date_from, date_to=date_to)
