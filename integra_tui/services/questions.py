"""Questions (Fragen) asked at the table, answered there or later, and the handout of answers.

A question is a capture of kind ``question`` (``records.captures`` lists its stored fields): asked
by a group, never by a named person; filed under a topic; open until it is answered with the
answer, who answered (a person or organisation at the table, as typed) and when, in which meeting
if it was at the table. Open questions of earlier meetings come back at the next one
(:func:`open_questions_for`); answered ones make the handout "Fragen und Antworten aus dem
Netzwerk" (:func:`handout_doc`), by topic, without anyone's name but the answerer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from integra_tui.domain.captures import required_text, resolve_topic
from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import Capture, Meeting
from integra_tui.i18n import _
from integra_tui.io.exports.network_documents import HandoutDoc, HandoutEntry, HandoutTopic
from integra_tui.io.files import ExportResult, chosen_format
from integra_tui.io.network_files import HANDOUT_FORMATS
from integra_tui.io.network_files import write_handout as write_handout_file
from integra_tui.records import captures
from integra_tui.records import topics as topic_records
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError, get_counting_capture, get_meeting, list_meetings
from integra_tui.services.network_texts import CAPTURE_LABELS, refusals, topic_label
from integra_tui.services.texts import check_range, group_label

__all__ = [
    "HANDOUT_TITLE",
    "QuestionRow",
    "add_question",
    "answer_question",
    "get_question",
    "handout_doc",
    "open_questions_for",
    "question_rows",
    "write_handout",
]

HANDOUT_TITLE = "Fragen und Antworten aus dem Netzwerk"
"""The handout's title (German; ``handout_doc`` gives it in the reader's language)."""


def add_question(
    ctx: Context, meeting_id: int, text: str, *, group: str = "", topic: str = "", agenda_item_id: int | None = None
) -> Capture:
    """Record a question asked in a meeting by ``group`` (never a person's name), on ``topic``."""
    get_meeting(ctx, meeting_id)
    with refusals():
        return captures.add_new(
            ctx.store,
            CAPTURE_LABELS,
            meeting_id,
            captures.QUESTION,
            text,
            at=ctx.now_iso(),
            group=group,
            topic=topic,
            agenda_item_id=agenda_item_id,
        )


def get_question(ctx: Context, question_id: int) -> Capture:
    """A question that counts; refused otherwise."""
    return get_counting_capture(ctx, question_id, captures.QUESTION)


def answer_question(
    ctx: Context, question_id: int, answer: str, answered_by: str = "", meeting_id: int | None = None
) -> Capture:
    """Answer a question: the answer, who answered, now; ``meeting_id`` when it was answered at the table.

    Answering again replaces the answer (the history keeps when each was given).
    """
    with refusals():
        answer = required_text(answer, "answer_missing")
    answered_by = typed.line(answered_by)
    with ctx.transaction():
        question = get_question(ctx, question_id)
        if meeting_id is not None:
            get_meeting(ctx, meeting_id)
        captures.record_answer(
            ctx.store, question, answer=answer, by=answered_by, at=ctx.now_iso(), meeting_id=meeting_id
        )
        return get_question(ctx, question_id)


@dataclass(frozen=True)
class QuestionRow:
    """A question as the lists show it."""

    question: Capture
    meeting: Meeting | None
    """The meeting it was asked in."""

    @property
    def id(self) -> int:
        """The question's id."""
        return self.question.id

    @property
    def answered(self) -> bool:
        """Whether it has an answer."""
        return captures.is_answered(self.question)


def question_rows(ctx: Context, *, status: str | None = None, topic: str = "") -> list[QuestionRow]:
    """Questions that count, open ones first, then by topic and age; ``status`` "open" or "answered" narrows them."""
    if status not in (None, "open", "answered"):
        raise ServiceError(_("Unbekannter Status für eine Frage: {status}").format(status=status))
    with refusals():
        wanted_topic = resolve_topic(topic, topic_records.listed(ctx.store), topic_label)
    meetings = {m.id: m for m in list_meetings(ctx)}
    order = topic_records.listed(ctx.store)
    rows = []
    for question in captures.live(ctx.store, kinds=(captures.QUESTION,)):
        answered = captures.is_answered(question)
        if (status == "open" and answered) or (status == "answered" and not answered):
            continue
        if wanted_topic and question.topic != wanted_topic:
            continue
        rows.append(QuestionRow(question, meetings.get(question.meeting_id)))

    def key(row: QuestionRow) -> tuple[bool, int, str, int]:
        topic_rank = order.index(row.question.topic) if row.question.topic in order else len(order)
        return (row.answered, topic_rank, row.question.topic, row.id)

    return sorted(rows, key=key)


def open_questions_for(ctx: Context, meeting_id: int) -> list[Capture]:
    """Questions of earlier meetings to take up in this one: still open, or answered in this meeting; oldest first."""
    return captures.to_review(ctx.store, captures.QUESTION, get_meeting(ctx, meeting_id))


def handout_doc(
    ctx: Context, *, date_from: date | None = None, date_to: date | None = None, topic: str = ""
) -> HandoutDoc:
    """The handout "Fragen und Antworten aus dem Netzwerk": answered questions by topic, without who asked.

    Each entry has the question, the group that asked it, the answer, who answered and when.
    ``date_from``/``date_to`` narrow to questions asked in meetings in that range, ``topic`` to one topic.
    """
    check_range(date_from, date_to)
    by_topic: dict[str, list[HandoutEntry]] = {}
    for row in question_rows(ctx, status="answered", topic=topic):
        asked_on = row.meeting.date if row.meeting else None
        if date_from and (asked_on is None or asked_on < date_from):
            continue
        if date_to and (asked_on is None or asked_on > date_to):
            continue
        question = row.question
        answered_on = from_iso(question.answered_at).astimezone(ctx.tz).date() if question.answered_at else None
        by_topic.setdefault(question.topic or "Sonstiges", []).append(
            HandoutEntry(
                question=question.text,
                asked_by=group_label(question.group) if question.group else "",
                answer=question.answer,
                answered_by=question.answered_by,
                answered_on=answered_on,
            )
        )
    order = topic_records.listed(ctx.store)
    topics = sorted(by_topic, key=lambda t: (order.index(t) if t in order else len(order), t))
    return HandoutDoc(
        title=_("Fragen und Antworten aus dem Netzwerk"),
        topics=[HandoutTopic(topic_label(t), by_topic[t]) for t in topics],
        created_at=ctx.now(),
        date_from=date_from,
        date_to=date_to,
    )


def write_handout(
    ctx: Context,
    out: Path | None = None,
    fmt: str = "",
    *,
    folder: Path | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    topic: str = "",
) -> ExportResult:
    """Write the handout (pdf or md, ``HANDOUT_FORMATS``); without ``out``, a name with today's date in ``folder``."""
    chosen = chosen_format(fmt, out, HANDOUT_FORMATS)  # an unknown format is refused before anything is read
    doc = handout_doc(ctx, date_from=date_from, date_to=date_to, topic=topic)
    return write_handout_file(doc, out, chosen, folder=folder, day=ctx.today())
