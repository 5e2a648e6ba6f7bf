"""Use cases for invitations: the files for a meeting, re-issued codes, personal cards, a person's code to show."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from integra_tui.domain.codes import format_code, parse_code
from integra_tui.domain.models import Invitee, Meeting, Person
from integra_tui.i18n import _, format_date
from integra_tui.records import codes, invitees, persons
from integra_tui.services.context import Context, ServiceError, get_living_person, get_meeting, resolve_meeting

if TYPE_CHECKING:  # the io module pulls in Pillow and fonts: loaded only when files are written
    from integra_tui.io.fonts import FontWarning
    from integra_tui.io.invitations import InvitationCard

__all__ = [
    "CARD_FILE_PREFIX",
    "INVITATION_FILE_PREFIX",
    "CardIssue",
    "InvitationRun",
    "PersonCode",
    "Reissue",
    "code_for_invitee",
    "invitation_cards",
    "issue_card",
    "issue_code",
    "make_invitations",
    "reissue_invitation",
    "write_card",
]

INVITATION_FILE_PREFIX = "einladung"
"""Start of the file name of one person's re-issued invitation (``einladung-<name>-<code>.pdf``)."""

CARD_FILE_PREFIX = "karte"
"""Start of the file name of a personal card (``karte-<name>-<code>.pdf``)."""


# -- what a card shows -----------------------------------------------------------------------------


def _card(meeting: Meeting, person: Person, code: str, personal_card: bool = False) -> InvitationCard:
    from integra_tui.io.invitations import InvitationCard

    return InvitationCard(
        meeting_title=meeting.title,
        meeting_date=meeting.date,
        start_time=meeting.start_time,
        place=meeting.place,
        person_name=person.name,
        code=code,
        person_id=person.id,
        email=person.email,
        personal_card=personal_card,
    )


def issue_code(ctx: Context, invitee_id: int) -> str:
    """Give an invitation a new code; the old one is then refused as replaced (``records.invitees.reissue``)."""
    with ctx.transaction():
        invitee = invitees.get(ctx.store, invitee_id)
        if invitee is None:
            raise ServiceError(_("Diese Einladung gibt es nicht."))
        return invitees.reissue(ctx.store, invitee, ctx.now_iso())


def invitation_cards(ctx: Context, meeting: Meeting) -> list[InvitationCard]:
    """One card per invitee of ``meeting``, sorted by name, each with the invitee's current code.

    Codes are kept: generating the files again prints the same codes. Walk-ins (already at the
    meeting) and forgotten people get no card. An invitee without a usable code gets one.
    """
    cards = []
    for invitee, person in invitees.with_people(ctx.store, meeting.id):
        if not invitees.is_invited(invitee) or not persons.is_living(person):
            continue
        code = invitee.code
        if not parse_code(code).ok:
            code = issue_code(ctx, invitee.id)
        cards.append(_card(meeting, person, code))
    return cards


# -- writing files -----------------------------------------------------------------------------


def _write(
    cards: list[InvitationCard], out_dir: Path, fmt: str, per_page: int, warnings: list[FontWarning] | None = None
) -> list[Path]:
    from integra_tui.io.invitations import InvitationError, write_invitations

    try:
        return write_invitations(cards, Path(out_dir), fmt, per_page, warnings=warnings)
    except InvitationError as error:
        raise ServiceError(str(error)) from None


def _check_format(fmt: str, per_page: int) -> None:
    """Refuse a format or page layout before anything changes (write_invitations would, but later)."""
    from integra_tui.io.invitations import FORMATS

    if fmt not in FORMATS:
        raise ServiceError(_("Unbekanntes Format {fmt}. Möglich sind: pdf, png, svg, html.").format(fmt=fmt))
    if per_page not in (1, 4):
        raise ServiceError(_("Auf eine Seite passen 1 oder 4 Einladungen, nicht {count}.").format(count=per_page))


def _folder_error(out_dir: Path, error: OSError) -> ServiceError:
    return ServiceError(
        _("In den Ordner {folder} kann nicht geschrieben werden ({reason}).").format(
            folder=out_dir, reason=error.strerror or error.__class__.__name__
        )
    )


def _staging_folder(out_dir: Path) -> Path:
    """A hidden folder inside ``out_dir`` to write one person's files in before they get their names.

    Made before any code changes, so an unwritable ``out_dir`` refuses the whole action.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".integra-", suffix=".part", dir=out_dir))
    except OSError as error:
        raise _folder_error(out_dir, error) from None


def _single_file_name(prefix: str, card: InvitationCard, fmt: str) -> str:
    """``<prefix>-<ascii-name>-<code>.<fmt>``: its own name, so it never overwrites a meeting's set."""
    from integra_tui.io.invitations import card_file_name

    numbered = card_file_name(1, card, fmt, width=1)  # "1-<ascii-name>-<code>.<fmt>"
    return f"{prefix}-{numbered.split('-', 1)[1]}"


def _write_single(
    card: InvitationCard,
    staging: Path,
    out_dir: Path,
    fmt: str,
    per_page: int,
    prefix: str,
    warnings: list[FontWarning] | None = None,
) -> Path:
    """Write one card into ``staging``, then move its file to ``out_dir`` under a name of its own."""
    from integra_tui.io.invitations import CSV_NAME

    try:
        found: list[FontWarning] = []
        written = _write([card], staging, fmt, per_page, found)
        source = next(path for path in written if path.name != CSV_NAME)
        target = out_dir / _single_file_name(prefix, card, fmt)
        if warnings is not None:  # one card in a file of its own: the file's name says where
            warnings.extend(replace(warning, file=target.name, pages=(), cards=()) for warning in found)
        try:
            os.replace(source, target)  # same folder tree: the file appears complete or not at all
        except OSError as error:
            raise _folder_error(out_dir, error) from None
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass(frozen=True)
class InvitationRun:
    """What :func:`make_invitations` wrote."""

    meeting: Meeting
    files: list[Path]
    count: int
    """Invitations written (one per invitee)."""
    warnings: list[FontWarning] = field(default_factory=list)
    """Stand-ins printed for characters no font has: where (see :class:`~integra_tui.io.fonts.FontWarning`)."""


def make_invitations(
    ctx: Context, meeting_id: int | None, out_dir: Path, fmt: str = "pdf", per_page: int = 4
) -> InvitationRun:
    """Write the invitations of the meeting's invitees into ``out_dir`` (codes are kept, not re-issued)."""
    _check_format(fmt, per_page)
    meeting = resolve_meeting(ctx, meeting_id)
    cards = invitation_cards(ctx, meeting)
    if not cards:
        raise ServiceError(
            _(
                "Das Treffen {id} ({title}) hat keine Eingeladenen. Erst Eingeladene einlesen: integra-tui import "
                "invitees DATEI --meeting {id}"
            ).format(id=meeting.id, title=meeting.title)
        )
    warnings: list[FontWarning] = []
    files = _write(cards, Path(out_dir), fmt, per_page, warnings)
    return InvitationRun(meeting, files, len(cards), warnings)


# -- re-issue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reissue:
    """A person's invitation with a new code; the old code is refused at the door from now on."""

    meeting: Meeting
    person: Person
    old_code: str
    code: str
    files: list[Path] = field(default_factory=list)
    warnings: list[FontWarning] = field(default_factory=list)


def _invitee_of(ctx: Context, meeting: Meeting, person: Person) -> Invitee:
    invitee = invitees.find(ctx.store, meeting.id, person.id)
    if invitee is not None:
        return invitee
    raise ServiceError(
        _("{name} ist zum Treffen {id} ({title}) nicht eingeladen.").format(
            name=person.name, id=meeting.id, title=meeting.title
        )
    )


def reissue_invitation(
    ctx: Context,
    person_id: int,
    meeting_id: int | None = None,
    out_dir: Path | None = None,
    fmt: str = "pdf",
    per_page: int = 4,
) -> Reissue:
    """Give the person's invitation to the meeting a new code; with ``out_dir``, write that person's file.

    The folder is checked before the code changes, so a refused folder changes nothing.
    """
    _check_format(fmt, per_page)
    meeting = resolve_meeting(ctx, meeting_id)
    person = get_living_person(ctx, person_id)
    invitee = _invitee_of(ctx, meeting, person)
    staging = _staging_folder(Path(out_dir)) if out_dir is not None else None
    try:
        code = issue_code(ctx, invitee.id)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if staging is None:
        return Reissue(meeting, person, invitee.code, code)
    card = _card(meeting, person, code)
    assert out_dir is not None  # a staging folder is made only for an out_dir
    try:
        warnings: list[FontWarning] = []
        target = _write_single(card, staging, Path(out_dir), fmt, per_page, INVITATION_FILE_PREFIX, warnings)
    except ServiceError as error:
        raise ServiceError(
            _(
                "Der neue Code {code} gilt (der alte nicht mehr), aber die Datei wurde nicht geschrieben: {reason}"
            ).format(code=_grouped(code), reason=error)
        ) from None
    return Reissue(meeting, person, invitee.code, code, [target], warnings)


# -- personal cards ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardIssue:
    """A person's personal card code: one code for whichever meeting is current."""

    person: Person
    code: str
    created: bool
    """False when the person already had this card and it was kept."""
    old_code: str = ""
    """The card code this one replaced (``new=True``), refused at the door from now on."""
    files: list[Path] = field(default_factory=list)
    warnings: list[FontWarning] = field(default_factory=list)


def issue_card(ctx: Context, person_id: int, *, new: bool = False) -> CardIssue:
    """The person's card code (made once and kept); ``new`` replaces it, and the old one is refused.

    Kept as a code of kind "card" without a meeting (``records.codes``), and on the person.
    """
    with ctx.transaction():
        person = get_living_person(ctx, person_id)
        kept = person.card_code
        code, old_code = codes.issue_card(ctx.store, person, ctx.now_iso(), new=new)
    if code == kept:
        return CardIssue(person, code, created=False)
    person.card_code = code
    return CardIssue(person, code, created=True, old_code=old_code)


def _card_meeting(ctx: Context) -> Meeting:
    """What a personal card shows where an invitation shows its meeting (it is valid for every meeting)."""
    return Meeting(
        title=_("Gilt für jedes INTEGRA-Netzwerktreffen"),
        date=ctx.today(),
        place="",
    )


def write_card(
    ctx: Context, person_id: int, out_dir: Path, *, new: bool = False, fmt: str = "pdf", per_page: int = 4
) -> CardIssue:
    """Issue (or keep) the person's card code, as :func:`issue_card`, and write the card's file.

    The folder is checked before a code changes.
    """
    _check_format(fmt, per_page)
    get_living_person(ctx, person_id)
    staging = _staging_folder(Path(out_dir))
    try:
        issued = issue_card(ctx, person_id, new=new)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    card = _card(_card_meeting(ctx), issued.person, issued.code, personal_card=True)
    try:
        warnings: list[FontWarning] = []
        target = _write_single(card, staging, Path(out_dir), fmt, per_page, CARD_FILE_PREFIX, warnings)
    except ServiceError as error:
        if not issued.created:
            raise
        raise ServiceError(
            _(
                "Der neue Code {code} gilt (der alte nicht mehr), aber die Datei wurde nicht geschrieben: {reason}"
            ).format(code=_grouped(issued.code), reason=error)
        ) from None
    return CardIssue(issued.person, issued.code, issued.created, issued.old_code, [target], warnings)


# -- a person's code, to show on screen ----------------------------------------------------------


def _grouped(code: str) -> str:
    return format_code(code) if parse_code(code).ok else code


@dataclass(frozen=True)
class PersonCode:
    """What the TUI shows so a code can be photographed or scanned off the screen."""

    name: str
    code: str
    """The canonical code (what the QR code holds)."""
    caption: str = ""
    """What the code is for, e.g. the meeting and its date."""

    @property
    def grouped(self) -> str:
        """The code in groups of four, for typing it in by hand."""
        return _grouped(self.code)


def code_for_invitee(ctx: Context, invitee_id: int) -> PersonCode:
    """The current invitation code of one invitee, with the person's name and the meeting."""
    invitee = invitees.get(ctx.store, invitee_id)
    if invitee is None:
        raise ServiceError(_("Diese Einladung gibt es nicht."))
    person = get_living_person(ctx, invitee.person_id)
    meeting = get_meeting(ctx, invitee.meeting_id)
    code = invitee.code
    if not parse_code(code).ok:
        code = issue_code(ctx, invitee.id)
    caption = _("Einladung zu „{title}“ am {date}").format(title=meeting.title, date=format_date(meeting.date))
    return PersonCode(person.name, code, caption)
