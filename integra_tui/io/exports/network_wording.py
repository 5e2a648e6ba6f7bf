"""Sentences for what needs, offers, questions, topic wishes and shows of hands add to the exports.

Shared by the Markdown (and so HTML) minutes, and ready for the PDF: a line's details in one
place, so every format says the same.
"""

from __future__ import annotations

from integra_tui.i18n import _, format_date
from integra_tui.io.exports.documents import ActionLine, NeedReviewLine, QuestionReviewLine, status_label
from integra_tui.io.exports.wording import action_details

__all__ = [
    "capture_details",
    "hands_text",
    "need_review_details",
    "question_review_details",
    "votes_text",
]


def votes_text(votes: tuple[int, int, int]) -> str:
    """'Abstimmung: ja 12, nein 2, Enthaltung 1'."""
    yes, no, abstain = votes
    return _("Abstimmung: ja {yes}, nein {no}, Enthaltung {abstain}").format(yes=yes, no=no, abstain=abstain)


def hands_text(hands: int) -> str:
    """'12 Handzeichen'."""
    return _("{count} Handzeichen").format(count=hands)


def _matched(matched: list[str], kind: str) -> str:
    if not matched:
        return ""
    label = _("passendes Angebot") if kind == "need" else _("passt zu Bedarf")
    return f"{label}: " + "; ".join(matched)


def capture_details(line: ActionLine) -> str:
    """The details after a captured line in the minutes ("" for a note)."""
    if line.kind == "note":
        return ""
    if line.kind == "action":
        return action_details(line, with_status=True)
    if line.kind == "decision":
        parts = [action_details(line, with_status=False)]
        if line.votes is not None:
            parts.append(votes_text(line.votes))
        return ", ".join(p for p in parts if p)
    parts = []
    if line.kind == "need":
        if line.group:
            parts.append(_("für: {group}").format(group=line.group))
        if line.topic:
            parts.append(_("Thema: {topic}").format(topic=line.topic))
        if line.owner:
            parts.append(_("kümmert sich: {owner}").format(owner=line.owner))
        parts.append(status_label(line.status))
    elif line.kind == "offer":
        if line.group:
            parts.append(_("von: {group}").format(group=line.group))
        if line.topic:
            parts.append(_("Thema: {topic}").format(topic=line.topic))
    elif line.kind == "question":
        if line.group:
            parts.append(_("gefragt von: {group}").format(group=line.group))
        if line.topic:
            parts.append(_("Thema: {topic}").format(topic=line.topic))
        if line.answer:
            who = f" ({line.answered_by})" if line.answered_by else ""
            parts.append(_("Antwort: {answer}").format(answer=line.answer) + who)
        else:
            parts.append(_("noch offen"))
    elif line.kind == "topic_wish":
        if line.topic:
            parts.append(_("Thema: {topic}").format(topic=line.topic))
        if line.hands is not None:
            parts.append(hands_text(line.hands))
    text = ", ".join(parts)
    matched = _matched(line.matched, line.kind)
    return f"{text}; {matched}" if text and matched else text or matched


def need_review_details(line: NeedReviewLine) -> str:
    """'für: Zugewandert; Thema: Mobilität; aus dem Treffen vom 28.08.2026; kümmert sich: …; jetzt: in Arbeit'."""
    parts = []
    if line.group:
        parts.append(_("für: {group}").format(group=line.group))
    if line.topic:
        parts.append(_("Thema: {topic}").format(topic=line.topic))
    if line.from_date is not None:
        parts.append(_("aus dem Treffen vom {date}").format(date=format_date(line.from_date)))
    if line.owner:
        parts.append(_("kümmert sich: {owner}").format(owner=line.owner))
    status = _("jetzt: {status}").format(status=status_label(line.status))
    if line.comment:
        status += f" ({line.comment})"
    parts.append(status)
    if line.matched:
        parts.append(_matched(line.matched, "need"))
    return "; ".join(parts)


def question_review_details(line: QuestionReviewLine) -> str:
    """'gefragt von: Ehrenamtlich; aus dem Treffen vom 28.08.2026; Antwort: … (Jobcenter)' or '…; noch offen'."""
    parts = []
    if line.group:
        parts.append(_("gefragt von: {group}").format(group=line.group))
    if line.topic:
        parts.append(_("Thema: {topic}").format(topic=line.topic))
    if line.from_date is not None:
        parts.append(_("aus dem Treffen vom {date}").format(date=format_date(line.from_date)))
    if line.answer:
        who = f" ({line.answered_by})" if line.answered_by else ""
        parts.append(_("Antwort: {answer}").format(answer=line.answer) + who)
    else:
        parts.append(_("noch offen"))
    return "; ".join(parts)
