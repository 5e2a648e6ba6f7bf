"""The coordinator's tabs between the meetings: the needs board, questions, contacts and volunteers, planning.

A mixin of ``CoordinatorScreen``: it composes the four tabs, fills them from one off-loop read
(:func:`read_network`, shown by the screen's newest read) and holds their actions, each bound to a
key the screen shows in the footer only on its tab. Needs and questions are shown by group, never
by the name of who raised or asked them; who takes care of a need, who answered, and the people on
the contact list and among the volunteers are shown by name (that is what they are for).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Select, Static

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import Capture, ContactConsent, Person
from integra_tui.domain.names import fold
from integra_tui.errors import IntegraError
from integra_tui.i18n import _, format_date
from integra_tui.io.exports.documents import status_label
from integra_tui.services import contacts, needs, planning, questions, volunteers
from integra_tui.services import topics as topic_list
from integra_tui.services.context import Context
from integra_tui.services.meetings import current_meeting, list_meetings
from integra_tui.services.needs import OfferRow
from integra_tui.services.network_texts import need_status_label, pair_text, topic_label
from integra_tui.services.people import resolve_person
from integra_tui.services.texts import group_label
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.screens.coordinator_dialogs import ChoiceDialog, Field, FieldsDialog
from integra_tui.ui.screens.coordinator_followup import (
    NEED_COLUMNS,
    need_column_labels,
    needs_columns,
)
from integra_tui.ui.text import literal, shown
from integra_tui.ui.widgets.table_cells import FitColumn, cut_cell, fit_columns, longest_texts

if TYPE_CHECKING:
    from integra_tui.io.files import ExportResult

__all__ = ["NETWORK_TABS", "NetworkData", "NetworkTabs", "read_network"]

T = TypeVar("T")

NETWORK_TABS = ("tab-needs", "tab-questions", "tab-contacts", "tab-planning")


@dataclass(frozen=True)
class NetworkData:
    """Everything the four tabs show, read in one go off the event loop."""

    needs: list[needs.NeedRow]
    offers: list[OfferRow]  # (``needs`` above is the field here, not the module)
    questions: list[questions.QuestionRow]
    volunteers: list[volunteers.VolunteerRow]
    contacts: list[tuple[Person, ContactConsent]]
    plans: list[planning.PlanView]
    wishes: list[planning.WishRow]
    topics: list[str]


def read_network(ctx: Context, filters: dict[str, Any]) -> NetworkData:
    """Read the four tabs' rows with the filters as they are (``need_status``, ``need_topic``, ``questions``)."""
    today = ctx.today()
    upcoming = [m for m in list_meetings(ctx) if m.date >= today]
    question_status = filters.get("questions") or None
    return NetworkData(
        needs=needs.board(ctx, status=filters.get("need_status") or None, topic=filters.get("need_topic") or ""),
        offers=needs.offers(ctx, topic=filters.get("need_topic") or ""),
        questions=questions.question_rows(ctx, status=None if question_status == "all" else question_status),
        volunteers=volunteers.rows(ctx),
        contacts=contacts.consenting(ctx),
        plans=[planning.meeting_plan(ctx, m.id) for m in upcoming],
        wishes=planning.topic_wishes(ctx),
        topics=topic_list.topics(ctx),
    )


def _topic(topic: str) -> str:
    return topic_label(topic) if topic else "–"


def _group(group: str) -> str:
    return group_label(group) if group else "–"


def _plain(value: str | tuple[str, str]) -> str:
    """A cell's text as shown (a cell is its text, or its text and a style)."""
    return shown(value if isinstance(value, str) else value[0], one_line=True)


def _day(iso: str) -> str:
    try:
        return format_date(from_iso(iso).date()) if iso else ""
    except ValueError:
        return ""


def _today_meeting_id(ctx: Context) -> int | None:
    """Today's meeting, when there is one (changes made during it are recorded with it).

    Reads the store: called inside the service calls that record a change, on the service thread.
    """
    current = current_meeting(ctx)
    return current.id if current and current.date == ctx.today() else None


class NetworkTabs(IntegraScreen[None]):
    """The needs board, questions, contacts and volunteers, and planning (mixed into ``CoordinatorScreen``).

    On the typed base, so ``self.app``, ``self.ctx`` and the screen's own methods are checked here too.
    """

    network: NetworkData | None = None
    _topics_shown: list[str] | None = None
    _need_columns: list[tuple[str, int]] | None = None
    _offer_widths: list[int] | None = None
    _fitted: dict[str, list[tuple[str, int]]]
    """The columns each table has now, by its selector (set up empty on mount)."""

    # These come from ``CoordinatorScreen``, the screen the mixin is part of.
    if TYPE_CHECKING:
        export_folder: Path

        def load(self) -> None: ...
        def call_after_refresh(self, callback: Any, *args: Any, **kwargs: Any) -> bool: ...
        def export_folder_now(self) -> Path: ...

    # -- layout ------------------------------------------------------------------------------
    def compose_needs(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Select(
                [(need_status_label(s), s) for s in needs.STATUSES], prompt=_("Alle Status"), id="needs-status"
            )
            yield Select([], prompt=_("Alle Themen"), id="needs-topic")
        yield DataTable(id="needs-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="needs-detail-box"):  # all of the need, scrolled when it is longer than its room
            yield Static("", id="needs-detail")
        yield Static(_("Angebote"), classes="section-title")
        yield DataTable(id="offers-table", cursor_type="row", zebra_stripes=True)

    def compose_questions(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Select(
                [(_("offene"), "open"), (_("beantwortete"), "answered"), (_("alle"), "all")],
                value="open",
                allow_blank=False,
                id="questions-status",
            )
        yield DataTable(id="questions-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="questions-detail", classes="detail")

    def compose_contacts(self) -> ComposeResult:
        yield Static(_("Möchten sich engagieren"), classes="section-title")
        yield DataTable(id="volunteers-table", cursor_type="row", zebra_stripes=True)
        yield Static(_("Auf der Kontaktliste (Einwilligung gilt)"), classes="section-title")
        yield DataTable(id="contacts-table", cursor_type="row", zebra_stripes=True)

    def compose_planning(self) -> ComposeResult:
        yield Static(_("Kommende Treffen"), classes="section-title")
        yield DataTable(id="plans-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plans-status", classes="detail")
        yield Static(_("Themenwünsche"), classes="section-title")
        yield DataTable(id="wishes-table", cursor_type="row", zebra_stripes=True)

    def setup_network_tables(self) -> None:
        """No columns yet: each table gets those that fit when it is filled (``_fit``, ``_fill_needs``)."""
        self._fitted = {}

    def network_filters(self) -> dict[str, Any]:
        status = self.query_one("#needs-status", Select).value
        topic = self.query_one("#needs-topic", Select).value
        shown_questions = self.query_one("#questions-status", Select).value
        return {
            "need_status": "" if status is Select.NULL else str(status),
            "need_topic": "" if topic is Select.NULL else str(topic),
            "questions": "open" if shown_questions is Select.NULL else str(shown_questions),
        }

    # -- showing -----------------------------------------------------------------------------
    @staticmethod
    def _refill(table: DataTable, rows: list[tuple[str, list[Any]]]) -> None:
        keep = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if rows:
            table.move_cursor(row=min(max(keep, 0), len(rows) - 1))

    def show_network(self, data: NetworkData) -> None:
        """Fill the four tabs (called on the event loop with the newest read)."""
        self.network = data
        topic_select = self.query_one("#needs-topic", Select)
        options = [(literal(topic_label(t), one_line=True), t) for t in data.topics]
        if self._topics_shown != data.topics:
            self._topics_shown = list(data.topics)
            chosen = topic_select.value
            topic_select.set_options(options)
            if chosen in data.topics:
                topic_select.value = chosen
        self._fill_needs()
        self._fill_offers()
        self._fill_others()
        self.show_need_detail()
        self.show_question_detail()

    def _fill_needs(self) -> None:
        """The needs board in the columns that fit the screen's width (they change with it and with what it holds).

        Each cell holds its text as stored; its column's width cuts it with "…" (the detail below has it whole).
        """
        rows = self.network.needs if self.network else []

        cells = [
            {
                "id": str(row.id),
                "status": need_status_label(row.status),
                "topic": shown(_topic(row.need.topic), one_line=True),
                "group": shown(_group(row.need.group), one_line=True),
                "text": shown(row.need.text, one_line=True),
                "owner": shown(row.need.owner or "–", one_line=True),
                "offers": ", ".join(str(o.id) for o in row.offers) or "–",
                "actions": ", ".join(str(a.id) for a in row.actions) or "–",
                "comment": shown(row.comment, one_line=True),
            }
            for row in rows
        ]
        texts = {key: [c[key] for c in cells] for key in NEED_COLUMNS}
        texts["status_words"] = [need_status_label(s) for s in needs.STATUSES]
        columns = needs_columns(self.app.size.width, texts)
        table = self.query_one("#needs-table", DataTable)
        keep = table.cursor_row
        if columns != self._need_columns:
            self._need_columns = columns
            labels = need_column_labels()
            table.clear(columns=True)
            for key, width in columns:
                table.add_column(labels[key], width=width, key=key)
        self._refill(table, [(c["id"], [cut_cell(c[key]) for key, _width in columns]) for c in cells])
        if cells and table.cursor_row != keep:  # new columns put the cursor back on the first row
            table.move_cursor(row=min(max(keep, 0), len(cells) - 1))

    def _fill_offers(self) -> None:
        """The offers under the board: the offer's text takes what the other columns leave, so "Zu Bedarf" shows."""
        rows = self.network.offers if self.network else []
        cells = [
            [
                str(row.id),
                shown(_topic(row.offer.topic), one_line=True),
                shown(_group(row.offer.group), one_line=True),
                shown(row.offer.text, one_line=True),
                ", ".join(str(n.id) for n in row.needs) or "–",
            ]
            for row in rows
        ]
        labels = [_("Nr."), _("Thema"), _("Von"), _("Angebot"), _("Zu Bedarf")]
        widths = [max([cell_len(label), *(cell_len(c[i]) for c in cells)]) for i, label in enumerate(labels)]
        room = self.app.size.width - 2 - 2 * len(labels) - sum(widths) + widths[3]
        widths[3] = max(20, room)
        table = self.query_one("#offers-table", DataTable)
        keep = table.cursor_row
        if widths != self._offer_widths:
            self._offer_widths = widths
            table.clear(columns=True)
            for label, width in zip(labels, widths, strict=True):
                table.add_column(label, width=width)
        self._refill(table, [(c[0], [cut_cell(text) for text in c]) for c in cells])
        if cells and table.cursor_row != keep:
            table.move_cursor(row=min(max(keep, 0), len(cells) - 1))

    def layout_network(self) -> None:
        """On a new width: every table's columns again (only where that changes them)."""
        if self.network is not None:
            self._fill_needs()
            self._fill_offers()
            self._fill_others()

    def _fit(
        self,
        selector: str,
        columns: list[FitColumn],
        labels: dict[str, str],
        rows: list[tuple[str, dict[str, str | tuple[str, str]]]],
    ) -> None:
        """Fill a table in the columns that fit the screen's width; a cell is its text, or (text, style).

        Nothing is out of sight to the right: a text longer than its column ends in "…"; columns of less use
        give way on narrow screens (the detail below the needs and questions has all of the selected one).
        """
        cells = {c.key: [_plain(row[c.key]) for _key, row in rows] for c in columns}
        fitted = fit_columns(self.app.size.width, columns, longest_texts(labels, cells))
        table = self.query_one(selector, DataTable)
        keep = table.cursor_row
        if self._fitted.get(selector) != fitted:
            self._fitted[selector] = fitted
            table.clear(columns=True)
            for key, width in fitted:
                table.add_column(labels[key], width=width, key=key)

        def cell(value: str | tuple[str, str]) -> Text:
            text, style = (value, "") if isinstance(value, str) else value
            return cut_cell(text, style)

        self._refill(table, [(key, [cell(row[k]) for k, _width in fitted]) for key, row in rows])
        if rows and table.cursor_row != keep:  # new columns put the cursor back on the first row
            table.move_cursor(row=min(max(keep, 0), len(rows) - 1))

    def _fill_others(self) -> None:
        """Questions, volunteers, contacts, coming meetings and topic wishes, in the columns that fit."""
        data = self.network
        if data is None:
            return
        self._fit(
            "#questions-table",
            [
                FitColumn("id"),
                FitColumn("status", least=max(cell_len(_("beantwortet")), cell_len(_("offen")))),
                FitColumn("topic", most=16, gives_way=5),
                FitColumn("group", most=13, gives_way=4),
                FitColumn("text", flexible=24),
                FitColumn("answer", most=40, gives_way=3),
                FitColumn("by", most=26, gives_way=2, shrinks_to=12),
                FitColumn("at", gives_way=1),
            ],
            {
                "id": _("Nr."),
                "status": _("Status"),
                "topic": _("Thema"),
                "group": _("Gruppe"),
                "text": _("Frage"),
                "answer": _("Antwort"),
                "by": _("Beantwortet von"),
                "at": _("am"),
            },
            [
                (
                    str(row.id),
                    {
                        "id": str(row.id),
                        "status": _("beantwortet") if row.answered else _("offen"),
                        "topic": _topic(row.question.topic),
                        "group": _group(row.question.group),
                        "text": row.question.text,
                        "answer": row.question.answer,
                        "by": row.question.answered_by,
                        "at": _day(row.question.answered_at),
                    },
                )
                for row in data.questions
            ],
        )
        self._fit(
            "#volunteers-table",
            [
                FitColumn("name", most=24),
                FitColumn("contacted", most=30, shrinks_to=12),
                FitColumn("what", flexible=16),
                FitColumn("when", most=20, gives_way=3),
                FitColumn("group", most=13, gives_way=1),
                FitColumn("since", gives_way=2),
            ],
            {
                "name": _("Name"),
                "contacted": _("Kontakt aufgenommen"),
                "what": _("Möchte"),
                "when": _("Wann"),
                "group": _("Gruppe"),
                "since": _("Seit"),
            },
            [
                (
                    str(row.id),
                    {
                        "name": row.person.name,
                        "contacted": (
                            _("{date} von {who}").format(date=_day(row.mark.contacted_at), who=row.mark.contacted_by)
                            if not row.waiting
                            else (_("noch nicht"), "bold yellow")
                        ),
                        "what": row.mark.what or "–",
                        "when": row.mark.when or "–",
                        "group": _group(row.person.group),
                        "since": format_date(row.marked_at.date()) if row.marked_at else "",
                    },
                )
                for row in data.volunteers
            ],
        )
        self._fit(
            "#contacts-table",
            [
                FitColumn("name", most=24),
                FitColumn("organisation", most=30, shrinks_to=14),
                FitColumn("offer", flexible=16),
                FitColumn("reach", most=30, shrinks_to=14),
                FitColumn("since", gives_way=1),
            ],
            {
                "name": _("Name"),
                "organisation": _("Organisation"),
                "offer": _("Bietet an"),
                "reach": _("Erreichbar über"),
                "since": _("Seit"),
            },
            [
                (
                    str(person.id),
                    {
                        "name": person.name,
                        "organisation": person.organisation,
                        "offer": consent.offer,
                        "reach": self._reach_words(consent),
                        "since": _day(consent.given_at),
                    },
                )
                for person, consent in data.contacts
            ],
        )
        self._fit(
            "#plans-table",
            [
                FitColumn("date"),
                FitColumn("title", most=30, shrinks_to=14),
                FitColumn("topic", flexible=30),
                FitColumn("speaker", most=24, shrinks_to=12),
                FitColumn("wish", most=30, gives_way=1),  # most often the topic itself
                FitColumn("note", most=30, gives_way=2),
            ],
            {
                "date": _("Datum"),
                "title": _("Treffen"),
                "topic": _("Thema"),
                "speaker": _("Referent/in"),
                "wish": _("Themenwunsch"),
                "note": _("Notiz"),
            },
            [
                (
                    str(view.meeting.id),
                    {
                        "date": format_date(view.meeting.date),
                        "title": view.meeting.title,
                        "topic": view.plan.topic or "–",
                        "speaker": view.speaker.name if view.speaker else "–",
                        "wish": view.wish.text if view.wish else "–",
                        "note": view.plan.note,
                    },
                )
                for view in data.plans
            ],
        )
        self._fit(
            "#wishes-table",
            [
                FitColumn("id"),
                FitColumn("text", flexible=20),
                FitColumn("hands"),
                FitColumn("meeting"),
                FitColumn("planned"),
            ],
            {
                "id": _("Nr."),
                "text": _("Themenwunsch"),
                "hands": _("Hände"),
                "meeting": _("aus Treffen"),
                "planned": _("geplant für"),
            },
            [
                (
                    str(row.id),
                    {
                        "id": str(row.id),
                        "text": row.wish.text,
                        "hands": str(row.wish.hands) if row.wish.hands is not None else "–",
                        "meeting": format_date(row.meeting.date) if row.meeting else "",
                        "planned": format_date(row.planned_for.date) if row.planned_for else "–",
                    },
                )
                for row in data.wishes
            ],
        )

    @staticmethod
    def _reach_words(consent: ContactConsent) -> str:
        words = {"email": _("E-Mail"), "phone": _("Telefon")}
        ways = [words.get(c, c) for c in consent.channels]
        if consent.reach_note:
            ways.append(consent.reach_note)
        return ", ".join(ways)

    def _row(self, table_id: str, rows: list[Any] | None) -> Any:
        table = self.query_one(table_id, DataTable)
        if not rows or table.cursor_row < 0 or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    def selected_need(self) -> needs.NeedRow | None:
        return self._row("#needs-table", self.network.needs if self.network else None)

    def selected_question(self) -> questions.QuestionRow | None:
        return self._row("#questions-table", self.network.questions if self.network else None)

    def show_need_detail(self) -> None:
        """All of the selected need under the board: who takes care, its history (latest first), offers, items."""
        row = self.selected_need()
        detail = self.query_one("#needs-detail", Static)
        if row is None:
            detail.update(_("Keine Bedarfe.") if self.network and not self.network.needs else "")
            return
        need = row.need
        lines = [
            _("Bedarf {id} ({topic}, für {group}): {text}").format(
                id=row.id, topic=_topic(need.topic), group=_group(need.group), text=need.text
            )
        ]
        if need.owner:
            lines.append(_("  Kümmert sich: {owner}").format(owner=need.owner))
        for entry in reversed(need.history or []):  # the latest change (and its comment) first
            change = _("  {date}: {status}").format(
                date=_day(str(entry.get("at") or "")), status=need_status_label(str(entry.get("status") or "open"))
            )
            if entry.get("comment"):
                change += " – " + str(entry["comment"])
            lines.append(change)
        lines += [_("  ↔ Angebot {id}: {text}").format(id=o.id, text=pair_text(o)) for o in row.offers]
        for action in row.actions:
            parts = [action.owner or "–"]
            if action.due is not None:
                parts.append(_("fällig {date}").format(date=format_date(action.due)))
            parts.append(status_label(action.status))
            line = _("  → Aufgabe {id}: {text} ({details})")
            lines.append(line.format(id=action.id, text=action.text, details=", ".join(parts)))
        detail.update(literal("\n".join(lines)))
        self.query_one("#needs-detail-box", VerticalScroll).scroll_home(animate=False)
        board = self.query_one("#needs-table", DataTable)
        # The detail's height changes the board's: keep the selected need in sight once the layout is done.
        self.call_after_refresh(board.move_cursor, row=board.cursor_row, animate=False)

    def show_question_detail(self) -> None:
        row = self.selected_question()
        detail = self.query_one("#questions-detail", Static)
        if row is None:
            detail.update(_("Keine Fragen.") if self.network and not self.network.questions else "")
            return
        question = row.question
        lines = [
            _("Frage {id} ({topic}, aus der Gruppe {group}): {text}").format(
                id=row.id, topic=_topic(question.topic), group=_group(question.group), text=question.text
            )
        ]
        if row.answered:
            lines.append(
                _("Antwort von {who} am {date}: {answer}").format(
                    who=question.answered_by or "–", date=_day(question.answered_at), answer=question.answer
                )
            )
        detail.update(literal("\n".join(lines)))

    # -- helpers -----------------------------------------------------------------------------
    def _attempt(self, do: Callable[[], T], done: str | Callable[[T], str]) -> None:
        """Run a service call on the service thread; then say what happened (``done``, or ``done(result)``) and
        reload. A refusal is said by ``call_service`` (a toast) and nothing is reloaded."""

        def finished(result: T) -> None:
            self.notify(done if isinstance(done, str) else done(result))
            self.load()

        self.call_service(do, finished)

    # -- needs -------------------------------------------------------------------------------
    def action_need_status(self) -> None:
        """Change the selected need's status, with an optional comment."""
        row = self.selected_need()
        if row is None:
            self.notify(_("Kein Bedarf ausgewählt."), severity="warning")
            return

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            status, comment = answer
            ctx = self.ctx
            self._attempt(
                lambda: needs.set_need_status(ctx, row.id, status, comment, _today_meeting_id(ctx)),
                _("Bedarf {id}: {status}").format(id=row.id, status=need_status_label(status)),
            )

        self.app.push_screen(
            ChoiceDialog(
                _("Status von Bedarf {id}: {text}").format(id=row.id, text=row.need.text),
                [(need_status_label(s), s) for s in needs.STATUSES],
                comment_label=_("Kommentar (freiwillig; nötig, wenn der Status bleibt)"),
                highlighted=row.status,
            ),
            chosen,
        )

    def action_need_match(self) -> None:
        """Pair the selected need with an offer of its topic."""
        row = self.selected_need()
        if row is None:
            self.notify(_("Kein Bedarf ausgewählt."), severity="warning")
            return
        ctx = self.ctx
        self.call_service(lambda: needs.match_suggestions(ctx, row.id), lambda offers: self._ask_offer(row, offers))

    def _ask_offer(self, row: needs.NeedRow, offers: list[Capture]) -> None:
        """Which of ``offers`` (of the need's topic) to pair with the need, or say there is none."""
        if not offers:
            message = _("Kein passendes Angebot zum Thema „{topic}“.").format(topic=_topic(row.need.topic))
            if row.offers:  # those of its topic are paired with it already
                ids = ", ".join(str(o.id) for o in row.offers)
                message += " " + _("Zusammengeführt mit Angebot {ids}.").format(ids=ids)
            self.notify(message, severity="warning")
            return

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                offer_id = int(answer[0])
                self._attempt(
                    lambda: needs.match(self.app.ctx, row.id, offer_id),
                    _("Bedarf {need} und Angebot {offer} zusammengeführt.").format(need=row.id, offer=offer_id),
                )

        self.app.push_screen(
            ChoiceDialog(
                _("Welches Angebot passt zu Bedarf {id}: {text}?").format(id=row.id, text=row.need.text),
                [(f"{o.id}: {pair_text(o)}", str(o.id)) for o in offers],
            ),
            chosen,
        )

    def action_need_action(self) -> None:
        """Turn the selected need into an action item: "Wer kümmert sich? Bis wann?"."""
        row = self.selected_need()
        if row is None:
            self.notify(_("Kein Bedarf ausgewählt."), severity="warning")
            return

        def chosen(values: dict[str, object] | None) -> None:
            if values is None:
                return
            due = values.get("due")
            ctx = self.ctx
            self._attempt(
                lambda: needs.turn_into_action(
                    ctx,
                    row.id,
                    _today_meeting_id(ctx) or row.need.meeting_id,
                    str(values["owner"]),
                    due if isinstance(due, date) else None,
                    str(values["text"]),
                ),
                lambda item: _("Aufgabe {id} angelegt (aus Bedarf {need}).").format(id=item.id, need=row.id),
            )

        self.app.push_screen(
            FieldsDialog(
                _("Aufgabe aus Bedarf {id}").format(id=row.id),
                [
                    Field("text", _("Was ist zu tun?"), row.need.text, required=_("Bitte eingeben, was zu tun ist.")),
                    Field(
                        "owner",
                        _("Wer kümmert sich?"),
                        row.need.owner,
                        required=_("Wer kümmert sich? Bitte einen Namen oder eine Organisation angeben."),
                    ),
                    Field("due", _("Bis wann? (z. B. 15.1., in 2 Wochen)"), due=True),
                ],
                today=self.app.ctx.today(),
            ),
            chosen,
        )

    def action_need_owner(self) -> None:
        """Say who takes care of the selected need."""
        row = self.selected_need()
        if row is None:
            self.notify(_("Kein Bedarf ausgewählt."), severity="warning")
            return

        def chosen(values: dict[str, object] | None) -> None:
            if values is not None:
                owner = str(values["owner"])
                self._attempt(
                    lambda: needs.take_care(self.app.ctx, row.id, owner),
                    _("Bedarf {id}: {owner} kümmert sich.").format(id=row.id, owner=owner)
                    if owner
                    else _("Bedarf {id}: noch niemand kümmert sich.").format(id=row.id),
                )

        self.app.push_screen(
            FieldsDialog(
                _("Wer kümmert sich um Bedarf {id}?").format(id=row.id),
                [Field("owner", _("Person oder Organisation (leer: noch niemand)"), row.need.owner)],
            ),
            chosen,
        )

    # -- questions ---------------------------------------------------------------------------
    def action_answer_question(self) -> None:
        """Answer the selected question: the answer and who answered."""
        row = self.selected_question()
        if row is None:
            self.notify(_("Keine Frage ausgewählt."), severity="warning")
            return

        def chosen(values: dict[str, object] | None) -> None:
            if values is not None:
                ctx = self.ctx
                self._attempt(
                    lambda: questions.answer_question(
                        ctx, row.id, str(values["answer"]), str(values["by"]), _today_meeting_id(ctx)
                    ),
                    _("Frage {id} beantwortet.").format(id=row.id),
                )

        self.app.push_screen(
            FieldsDialog(
                _("Frage {id} beantworten").format(id=row.id),
                [
                    Field("answer", _("Antwort"), row.question.answer, required=_("Bitte die Antwort eingeben.")),
                    Field("by", _("Wer hat geantwortet? (Person oder Organisation)"), row.question.answered_by),
                ],
                note=row.question.text,
            ),
            chosen,
        )

    # -- contacts and volunteers -------------------------------------------------------------
    def action_volunteer_contacted(self) -> None:
        """Record that someone contacted the selected volunteer."""
        row = self._row("#volunteers-table", self.network.volunteers if self.network else None)
        if row is None:
            self.notify(_("Niemand ausgewählt."), severity="warning")
            return

        def chosen(values: dict[str, object] | None) -> None:
            if values is not None:
                self._attempt(
                    lambda: volunteers.mark_contacted(self.app.ctx, row.id, str(values["by"]), str(values["note"])),
                    _("Kontakt mit {name} festgehalten.").format(name=row.person.name),
                )

        self.app.push_screen(
            FieldsDialog(
                _("Kontakt mit {name} aufgenommen").format(name=row.person.name),
                [
                    Field(
                        "by",
                        _("Wer hat Kontakt aufgenommen?"),
                        required=_("Wer hat Kontakt aufgenommen? Bitte einen Namen oder eine Organisation angeben."),
                    ),
                    Field("note", _("Was kam dabei heraus? (freiwillig)")),
                ],
                note=_("möchte sich engagieren: {what}").format(what=row.mark.what or "–"),
            ),
            chosen,
        )

    def action_give_consent(self) -> None:
        """Record a person's consent to appear on the contact list."""

        def chosen(values: dict[str, object] | None) -> None:
            if values is None:
                return
            ctx = self.ctx

            def give() -> Person:
                person = resolve_person(ctx, str(values["person"]))
                contacts.give_consent(
                    ctx,
                    person.id,
                    offer=str(values["offer"]),
                    channels=str(values["channels"]),
                    reach_note=str(values["note"]),
                    meeting_id=_today_meeting_id(ctx),
                )
                return person

            self._attempt(give, lambda person: _("{name} steht jetzt auf der Kontaktliste.").format(name=person.name))

        self.app.push_screen(
            FieldsDialog(
                _("Einwilligung in die Kontaktliste"),
                [
                    Field("person", _("Person (Name oder Nummer)"), required=_("Bitte eine Person angeben.")),
                    Field("offer", _("Was bietet sie oder er an? (freiwillig)")),
                    Field("channels", _("Erreichbar über (email, telefon)"), placeholder="email, telefon"),
                    Field("note", _("oder ein anderer Weg, in ihren Worten")),
                ],
            ),
            chosen,
        )

    def action_withdraw_consent(self) -> None:
        """Withdraw the consent of the person selected on the contact list."""
        pair = self._row("#contacts-table", self.network.contacts if self.network else None)
        if pair is None:
            self.notify(_("Niemand ausgewählt."), severity="warning")
            return
        person = pair[0]

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None and answer[0] == "yes":
                self._attempt(
                    lambda: contacts.withdraw_consent(self.app.ctx, person.id),
                    _("Die Einwilligung von {name} ist zurückgezogen.").format(name=person.name),
                )

        self.app.push_screen(
            ChoiceDialog(
                _("Einwilligung von {name} zurückziehen?").format(name=person.name),
                [(_("Ja, zurückziehen"), "yes"), (_("Nein"), "no")],
                highlighted="no",
            ),
            chosen,
        )

    # -- planning ----------------------------------------------------------------------------
    def selected_plan(self) -> planning.PlanView | None:
        return self._row("#plans-table", self.network.plans if self.network else None)

    def action_plan_meeting(self) -> None:
        """Plan the selected coming meeting: topic, speaker (Referent/in or new), note."""
        view = self.selected_plan()
        if view is None:
            self.notify(_("Kein kommendes Treffen ausgewählt."), severity="warning")
            return
        ctx = self.ctx
        self.call_service(lambda: planning.speaker_suggestions(ctx), lambda speakers: self._ask_plan(view, speakers))

    def _ask_plan(self, view: planning.PlanView, speakers: list[Person]) -> None:
        """The dialog planning ``view``'s meeting, the known speakers (``speakers``) named in it."""
        ctx = self.ctx
        known = ", ".join(p.name for p in speakers) or _("noch niemand")

        def speaker_of(values: dict[str, object]) -> tuple[int | None, planning.NewSpeaker | None, str]:
            name = str(values.get("speaker", ""))
            if not name or (view.speaker is not None and fold(name) == fold(view.speaker.name)):
                return None, None, ""
            exact = [p for p in speakers if fold(p.name) == fold(name)]
            begins = exact or [p for p in speakers if fold(p.name).startswith(fold(name))]
            if len(begins) == 1:
                return begins[0].id, None, ""
            if len(begins) > 1:
                return (
                    None,
                    None,
                    _("Mehrere passen: {names}. Bitte den ganzen Namen eingeben.").format(
                        names=", ".join(p.name for p in begins)
                    ),
                )
            new = planning.NewSpeaker(name, str(values.get("organisation", "")), str(values.get("email", "")))
            return None, new, ""

        def check(values: dict[str, object]) -> str:
            return speaker_of(values)[2]

        def chosen(values: dict[str, object] | None) -> None:
            if values is None:
                return
            speaker_id, new_speaker, _complaint = speaker_of(values)
            self._attempt(
                lambda: planning.plan_meeting(
                    ctx,
                    view.meeting.id,
                    topic=str(values["topic"]),
                    speaker_id=speaker_id,
                    new_speaker=new_speaker,
                    note=str(values["note"]),
                ),
                _("Treffen am {date} geplant.").format(date=format_date(view.meeting.date))
                + (
                    " " + _("{name} ist neu als Referent/in angelegt.").format(name=new_speaker.name)
                    if new_speaker
                    else ""
                ),
            )

        self.app.push_screen(
            FieldsDialog(
                _("Treffen am {date} planen").format(date=format_date(view.meeting.date)),
                [
                    Field("topic", _("Thema"), view.plan.topic),
                    Field("speaker", _("Referent/in (bekannt oder neu)"), view.speaker.name if view.speaker else ""),
                    Field("organisation", _("Organisation (nur bei neuer Person)")),
                    Field("email", _("E-Mail (nur bei neuer Person)")),
                    Field("note", _("Notiz"), view.plan.note),
                ],
                note=_("Referentinnen und Referenten: {names}").format(names=known),
                check=check,
            ),
            chosen,
        )

    def action_plan_wish(self) -> None:
        """Take up the selected topic wish for a coming meeting."""
        wish = self._row("#wishes-table", self.network.wishes if self.network else None)
        plans = self.network.plans if self.network else []
        if wish is None:
            self.notify(_("Kein Themenwunsch ausgewählt."), severity="warning")
            return
        if not plans:
            self.notify(_("Es gibt kein kommendes Treffen."), severity="warning")
            return

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                meeting_id = int(answer[0])
                self._attempt(
                    lambda: planning.plan_meeting(self.app.ctx, meeting_id, wish_id=wish.id),
                    _("Themenwunsch „{text}“ übernommen.").format(text=wish.wish.text),
                )

        self.app.push_screen(
            ChoiceDialog(
                _("Für welches Treffen: „{text}“?").format(text=wish.wish.text),
                [(f"{format_date(v.meeting.date)} {v.meeting.title}", str(v.meeting.id)) for v in plans],
            ),
            chosen,
        )

    def action_speaker_letter(self) -> None:
        """Write the invitation letter (PDF) to the selected meeting's speaker, into the export folder."""
        view = self.selected_plan()
        if view is None:
            self.notify(_("Kein kommendes Treffen ausgewählt."), severity="warning")
            return
        self.query_one("#plans-status", Static).update(_("Einladungsbrief wird erstellt …"))
        self._write_letter(view.meeting.id, self.export_folder_now())

    def _write_letter(self, meeting_id: int, folder: Path) -> None:
        ctx = self.ctx

        def refused(error: IntegraError) -> None:  # the toast says it too (call_service)
            self.query_one("#plans-status", Static).update(literal(str(error), "bold red"))

        self.call_service(
            lambda: planning.write_speaker_letter(ctx, meeting_id, folder=folder),
            lambda result: self._letter_done(result, result.summary),
            failed=refused,
        )

    def _letter_done(self, result: ExportResult, message: str) -> None:
        status = self.query_one("#plans-status", Static)
        text = literal(message)
        for warning in result.warnings:
            text.append("\n" + shown(warning), style="bold yellow")
        status.update(text)
        self.notify(message)
