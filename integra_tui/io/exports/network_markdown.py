"""The network's documents as Markdown: the handout "Fragen und Antworten aus dem Netzwerk" and the contact list.

User texts are escaped (``markdown.md_escape``), so a question with ``*`` or ``|`` prints as asked.
"""

from __future__ import annotations

from integra_tui.i18n import _, format_date, format_datetime
from integra_tui.io.exports.markdown import md_escape, md_table
from integra_tui.io.exports.network_documents import ContactListDoc, HandoutDoc

__all__ = ["contact_list_markdown", "handout_markdown", "handout_period"]


def handout_period(doc: HandoutDoc) -> str:
    """'Fragen aus den Treffen vom 28.08.2026 bis 27.11.2026' (or '' for all questions)."""
    if doc.date_from and doc.date_to:
        return _("Fragen aus den Treffen vom {start} bis {end}").format(
            start=format_date(doc.date_from), end=format_date(doc.date_to)
        )
    if doc.date_from:
        return _("Fragen aus den Treffen ab dem {start}").format(start=format_date(doc.date_from))
    if doc.date_to:
        return _("Fragen aus den Treffen bis zum {end}").format(end=format_date(doc.date_to))
    return ""


def _answer_source(answered_by: str, answered_on: object) -> str:
    parts = []
    if answered_by:
        parts.append(_("Antwort von {who}").format(who=answered_by))
    if answered_on is not None:
        parts.append(format_date(answered_on))  # type: ignore[arg-type]
    return ", ".join(parts)


def handout_markdown(doc: HandoutDoc) -> str:
    """The handout as Markdown: one section per topic, each question with its answer; no names of who asked."""
    out = [f"# {md_escape(doc.title)}", ""]
    period = handout_period(doc)
    if period:
        out += [f"*{md_escape(period)}*", ""]
    if not doc.topics:
        out += [_("*Noch keine beantworteten Fragen.*"), ""]
    for topic in doc.topics:
        out += [f"## {md_escape(topic.topic)}", ""]
        for entry in topic.entries:
            asked = f" ({md_escape(_('gefragt von: {group}').format(group=entry.asked_by))})" if entry.asked_by else ""
            out += [
                f"**{_('Frage')}:** {md_escape(entry.question)}{asked}  ",
                f"**{_('Antwort')}:** {md_escape(entry.answer)}",
            ]
            source = _answer_source(entry.answered_by, entry.answered_on)
            if source:
                out[-1] += "  "
                out.append(f"*{md_escape(source)}*")
            out.append("")
    out += ["---", "", _("*Erstellt am {when} mit integra-tui.*").format(when=format_datetime(doc.created_at)), ""]
    return "\n".join(out)


def contact_list_markdown(doc: ContactListDoc) -> str:
    """The contact list as Markdown: name, organisation, what they offer, how to reach them."""
    out = [f"# {md_escape(doc.title)}", ""]
    if not doc.rows:
        out += [_("*Noch niemand hat eingewilligt, auf der Kontaktliste zu stehen.*"), ""]
    else:
        rows = [[r.name, r.organisation, r.offer, "; ".join(r.reach)] for r in doc.rows]
        out += [md_table([_("Name"), _("Organisation"), _("Bietet an"), _("Erreichbar über")], rows), ""]
    out += [
        _("Alle hier Genannten haben eingewilligt, auf dieser Liste zu stehen. Bitte nur für das Netzwerk verwenden."),
        "",
    ]
    return "\n".join(out)
