"""Use cases for people and invitees: find, invite, import lists, and the invitation codes that admit them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from integra_tui.domain.models import Invitee, Person, from_doc
from integra_tui.i18n import _
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import groups, resolve_meeting

__all__ = [
    "ImportReport",
    "code_doc",
    "new_unique_code",
    "add_person",
    "count_invited",
    "count_present",
    "find_people",
    "fold",
    "get_person",
    "import_invitees",
    "invite",
    "invitees_of",
    "issue_code",
    "person_key",
    "resolve_person",
]

PERSONS = "persons"
INVITEES = "invitees"
CODES = "codes"
CHECKINS = "checkins"


def fold(text: str) -> str:
    """Case- and accent-free form for searching: 'Şengül' and 'sengul' fold alike; other scripts stay."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("ß", "ss").split())


def person_key(name: str, email: str = "") -> str:
    """What makes two rows the same person: the import's rule (normalised name, plus the e-mail if any)."""
    from integra_tui.io.invitee_import import dedupe_key

    return dedupe_key(SimpleNamespace(name=name, email=email))


def get_person(ctx: Context, person_id: int) -> Person:
    """The person with ``person_id``; refused when there is none."""
    doc = ctx.store.get(PERSONS, person_id)
    if doc is None:
        raise ServiceError(_("Es gibt keine Person mit der Nummer {id}.").format(id=person_id))
    return from_doc(Person, doc)


def add_person(ctx: Context, person: Person) -> Person:
    """Store a new person (the caller checked for duplicates) and return it with its id."""
    if not person.name.strip():
        raise ServiceError(_("Eine Person braucht einen Namen."))
    person.name = unicodedata.normalize("NFC", person.name.strip())
    person.created_at = person.created_at or ctx.now_iso()
    doc = person.to_doc()
    doc["key"] = person_key(person.name, person.email)
    doc["search"] = fold(person.name)
    person.id = ctx.store.insert(PERSONS, doc)
    return person


def find_people(ctx: Context, text: str, limit: int = 50) -> list[Person]:
    """People whose name contains ``text``, ignoring case and accents ('muller' finds 'Müller')."""
    needle = fold(text)
    if not needle:
        return []
    found = ctx.store.search(PERSONS, lambda d: not d.get("forgotten") and needle in d.get("search", ""))
    people = [from_doc(Person, d) for d in found]
    people.sort(key=lambda p: (not fold(p.name).startswith(needle), fold(p.name)))
    return people[:limit]


def resolve_person(ctx: Context, text: str) -> Person:
    """PERSON as the command line takes it: an id, or a name that matches exactly one person."""
    if text.strip().isdigit():
        return get_person(ctx, int(text))
    matches = find_people(ctx, text)
    exact = [p for p in matches if fold(p.name) == fold(text)]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ServiceError(_("Niemand heißt „{name}“.").format(name=text))
    names = ", ".join(f"{p.id}: {p.name}" for p in matches[:5])
    raise ServiceError(
        _("Der Name „{name}“ passt auf mehrere Personen ({names}); bitte die Nummer angeben.").format(
            name=text, names=names
        )
    )


def invitees_of(ctx: Context, meeting_id: int) -> list[tuple[Invitee, Person]]:
    """The invitees of a meeting with their people, sorted by name."""
    pairs = []
    for doc in ctx.store.find(INVITEES, "meeting_id", meeting_id):
        person_doc = ctx.store.get(PERSONS, doc["person_id"])
        if person_doc is not None:
            pairs.append((from_doc(Invitee, doc), from_doc(Person, person_doc)))
    pairs.sort(key=lambda pair: fold(pair[1].name))
    return pairs


def count_invited(ctx: Context, meeting_id: int) -> int:
    """How many people are invited to the meeting (walk-ins not counted)."""
    return sum(1 for d in ctx.store.find(INVITEES, "meeting_id", meeting_id) if not d.get("walk_in"))


def count_present(ctx: Context, meeting_id: int) -> int:
    """How many different people are checked in (undone check-ins do not count)."""
    return len({d["person_id"] for d in ctx.store.find(CHECKINS, "meeting_id", meeting_id) if not d.get("undone_at")})


def new_unique_code(ctx: Context) -> str:
    """A fresh code that no invitation or card in this store has used."""
    from integra_tui.domain.codes import new_code

    while True:
        code = new_code()
        if ctx.store.find_one(CODES, "code", code) is None:
            return code


def _invite_ops_docs(ctx: Context, meeting_id: int, person_id: int, walk_in: bool) -> tuple[dict, str]:
    code = new_unique_code(ctx)
    invitee = Invitee(meeting_id=meeting_id, person_id=person_id, code=code, invited_at=ctx.now_iso(), walk_in=walk_in)
    return invitee.to_doc(), code


def invite(ctx: Context, meeting_id: int, person_id: int, walk_in: bool = False) -> Invitee:
    """Invite a person to a meeting with a new code; an existing invitation is returned unchanged."""
    with ctx.store.transaction():
        for doc in ctx.store.find(INVITEES, "person_id", person_id):
            if doc["meeting_id"] == meeting_id:
                return from_doc(Invitee, doc)
        doc, code = _invite_ops_docs(ctx, meeting_id, person_id, walk_in)
        invitee_id = ctx.store.insert(INVITEES, doc)
        ctx.store.insert(CODES, code_doc(ctx, code, meeting_id, person_id, invitee_id))
    invitee = from_doc(Invitee, doc)
    invitee.id = invitee_id
    return invitee


def code_doc(
    ctx: Context, code: str, meeting_id: int | None, person_id: int, invitee_id: int | None, kind: str = "invitation"
) -> dict:
    """The "codes" record of a newly issued invitation (or, with kind "card", personal card) code."""
    return {
        "code": code,
        "kind": kind,
        "meeting_id": meeting_id,
        "person_id": person_id,
        "invitee_id": invitee_id,
        "status": "active",
        "issued_at": ctx.now_iso(),
    }


def issue_code(ctx: Context, invitee_id: int) -> str:
    """Give an invitation a new code; the old one is then refused as replaced (re-issue)."""
    with ctx.store.transaction():
        doc = ctx.store.get(INVITEES, invitee_id)
        if doc is None:
            raise ServiceError(_("Diese Einladung gibt es nicht."))
        code = new_unique_code(ctx)
        old = doc.get("code", "")
        for old_code in ctx.store.find(CODES, "code", old):
            ctx.store.update(
                CODES, old_code["id"], {"status": "replaced", "replaced_at": ctx.now_iso(), "replaced_by": code}
            )
        ctx.store.update(INVITEES, invitee_id, {"code": code, "replaced_codes": [*doc.get("replaced_codes", []), old]})
        ctx.store.insert(CODES, code_doc(ctx, code, doc["meeting_id"], doc["person_id"], invitee_id))
    return code


@dataclass
class ImportReport:
    """What an import did, for the user: counts and the rows it could not use."""

    added: int = 0
    existing: int = 0
    invited: int = 0
    already_invited: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def import_invitees(ctx: Context, path: Path, meeting_id: int | None = None) -> ImportReport:
    """Read a CSV/XLSX list and invite everyone on it; re-importing the same file adds nobody twice."""
    from integra_tui.io.invitee_import import parse_invitees
    from integra_tui.io.tabular import ImportFileError, read_table

    meeting = resolve_meeting(ctx, meeting_id)
    try:
        parsed = parse_invitees(read_table(Path(path)), groups(ctx))
    except ImportFileError as error:
        raise ServiceError(str(error)) from None
    report = ImportReport(problems=[(p.line, p.message) for p in parsed.problems])
    store = ctx.store
    with store.transaction():
        new_people: list[dict] = []
        person_ids: list[int | None] = []
        for row in parsed.people:
            key = person_key(row.name, row.email)
            existing = store.find_one(PERSONS, "key", key)
            if existing is not None:
                report.existing += 1
                person_ids.append(existing["id"])
                continue
            person = Person(
                name=unicodedata.normalize("NFC", row.name),
                group=row.group,
                organisation=row.organisation,
                email=row.email,
                phone=row.phone,
                languages=list(row.languages),
                created_at=ctx.now_iso(),
            )
            doc = person.to_doc()
            doc["key"] = key
            doc["search"] = fold(person.name)
            new_people.append(doc)
            person_ids.append(None)
        new_ids = iter(store.table(PERSONS).insert_multiple(new_people))
        report.added = len(new_people)
        invited_now = {d["person_id"] for d in store.find(INVITEES, "meeting_id", meeting.id)}
        invitee_docs, codes = [], []
        for person_id in person_ids:
            pid = person_id if person_id is not None else next(new_ids)
            if pid in invited_now:
                report.already_invited += 1
                continue
            invited_now.add(pid)
            doc, code = _invite_ops_docs(ctx, meeting.id, pid, walk_in=False)
            invitee_docs.append(doc)
            codes.append((code, pid))
        invitee_ids = store.table(INVITEES).insert_multiple(invitee_docs)
        store.table(CODES).insert_multiple(
            code_doc(ctx, code, meeting.id, pid, iid) for (code, pid), iid in zip(codes, invitee_ids)
        )
        report.invited = len(invitee_docs)
    return report
