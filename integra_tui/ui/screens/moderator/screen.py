"""The moderator's screen: the agenda against a large countdown, the speakers' list, and what is agreed.

Every key press is stored as an event at once (services.moderation) and the screen shows what the
events say at ``now``: the countdown ticks locally once a second, and a change made by another
process (the second screen, another terminal) arrives through StoreChanged.
Store work runs on the app's one service thread (IntegraScreen.call_service), in the order the keys
were pressed; a call that changes the meeting reads it again in the same call. What the panes show
comes from the pure builders in ``rows``; the tables post messages (``widgets``) the screen handles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Digits, Header, Static

from integra_tui.domain import agenda as timer
from integra_tui.domain.agenda import AgendaState, ItemState
from integra_tui.domain.due_dates import parse_due_date
from integra_tui.domain.models import Capture, Meeting
from integra_tui.domain.speakers import SpeakersState
from integra_tui.i18n import N_, _, format_date, format_time
from integra_tui.services import followup, moderation, needs, questions
from integra_tui.services.meetings import current_meeting, meeting_caption
from integra_tui.services.network_texts import need_status_label
from integra_tui.services.texts import due_hint
from integra_tui.ui.labels import capture_kind_label, item_title
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.screens.agenda_editor import AgendaEditorScreen
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.screens.capture_forms import (
    CaptureDraft,
    CaptureForm,
    CommentForm,
    DeferDialog,
    HandsForm,
    KeepOpenDraft,
    KeepOpenForm,
    NeedReviewDialog,
    ReviewDialog,
    SettingsDraft,
    SettingsForm,
    SpeakerDraft,
    SpeakerForm,
    StageForm,
    TakeTimeDialog,
)
from integra_tui.ui.screens.moderator import rows
from integra_tui.ui.screens.moderator.help import HELP
from integra_tui.ui.screens.moderator.rows import OVERRUN_MINUTES, capture_text
from integra_tui.ui.screens.moderator.widgets import (
    AgendaTable,
    CaptureTable,
    FittedTable,
    OpenItemsTable,
    SpeakerQueue,
    clear_table,
    highlighted_key,
    move_to,
    room_for_last_column,
)
from integra_tui.ui.text import literal, shown
from integra_tui.ui.widgets.confirm import ChoiceDialog, ConfirmDialog
from integra_tui.ui.widgets.key_footer import KeyFooter
from integra_tui.ui.widgets.table_cells import cut_cell, update_cell_quietly

__all__ = ["EXTEND_GROUP", "ModeratorScreen"]

EXTEND_GROUP = Binding.Group(N_("+1/+5 Min"), compact=True)


def _shape(text: str) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """What a text's layout depends on: each line's width and where it may wrap (its spaces)."""
    return tuple((cell_len(line), tuple(i for i, c in enumerate(line) if c.isspace())) for line in text.split("\n"))


class ModeratorScreen(IntegraScreen[None]):
    """The agenda, the countdown, the speakers' list and the captures of one meeting."""

    CSS_PATH = "../moderator.tcss"  # next to the other screens' styles; the agenda editor shares it
    HELP = HELP
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding(
            "space",
            "toggle_item",
            N_("Start/Pause"),
            tooltip=N_("Startet den nächsten Punkt, pausiert ihn oder setzt ihn fort"),
            key_display="␣",
            id="moderator.toggle",
        ),
        Binding("n", "next_item", N_("Weiter"), tooltip=N_("Punkt abschließen, nächsten starten"), id="moderator.next"),
        Binding(
            "plus,ctrl+up",
            "extend(1)",
            N_("+1 Min"),
            group=EXTEND_GROUP,
            tooltip=N_("Eine Minute mehr (aus dem Puffer, solange er reicht)"),
            key_display="+",
            id="moderator.extend1",
        ),
        Binding(
            "asterisk,shift+up",
            "extend(5)",
            N_("+5 Min"),
            group=EXTEND_GROUP,
            tooltip=N_("Fünf Minuten mehr (aus dem Puffer, solange er reicht)"),
            key_display="*",
            id="moderator.extend5",
        ),
        Binding(
            "x",
            "overrun_extend",
            N_("Überzug: +5"),
            tooltip=N_("Überzogen: fünf Minuten mehr, aus dem Puffer wenn möglich"),
            id="moderator.overrun_extend",
        ),
        Binding(
            "t",
            "overrun_take",
            N_("Zeit nehmen"),
            tooltip=N_("Überzogen: fünf Minuten von einem späteren Punkt"),
            id="moderator.overrun_take",
        ),
        Binding(
            "T",
            "overrun_take_choose",
            N_("Zeit von …"),
            tooltip=N_("Überzogen: den Punkt wählen, der fünf Minuten abgibt"),
            show=False,
            id="moderator.overrun_take_choose",
        ),
        Binding(
            "d",
            "overrun_defer",
            N_("Rest vertagen"),
            tooltip=N_("Überzogen: den Rest auf das nächste Treffen verschieben"),
            id="moderator.overrun_defer",
        ),
        Binding(
            "a",
            "capture('action')",
            N_("Aufgabe"),
            tooltip=N_("Aufgabe festhalten: was, wer, bis wann"),
            id="moderator.action",
        ),
        Binding(
            "e",
            "capture('decision')",
            N_("Beschluss"),
            tooltip=N_("Beschluss festhalten, mit Abstimmung"),
            id="moderator.decision",
        ),
        Binding(
            "b",
            "capture('need')",
            N_("Bedarf"),
            tooltip=N_("Bedarf festhalten: was, für welche Gruppe"),
            id="moderator.need",
        ),
        Binding("o", "capture('note')", N_("Notiz"), tooltip=N_("Notiz festhalten"), id="moderator.note"),
        Binding(
            "g",
            "capture('offer')",
            N_("Angebot"),
            tooltip=N_("Angebot festhalten: was, von welcher Gruppe"),
            show=False,
            id="moderator.offer",
        ),
        Binding(
            "c",
            "capture('question')",
            N_("Frage"),
            tooltip=N_("Frage festhalten: was, welche Gruppe fragt"),
            show=False,
            id="moderator.question",
        ),
        Binding(
            "k",
            "capture('topic_wish')",
            N_("Themenwunsch"),
            tooltip=N_("Themenwunsch für kommende Treffen festhalten, mit Handzeichen"),
            show=False,
            id="moderator.topic_wish",
        ),
        Binding(
            "m",
            "stage_message",
            N_("Anzeige"),
            tooltip=N_("Nachricht an die Anzeige schicken oder wegnehmen"),
            show=False,
            id="moderator.stage",
        ),
        Binding(
            "r",
            "add_speaker",
            N_("Redner"),
            tooltip=N_("Jemanden auf die Redeliste setzen"),
            id="moderator.add_speaker",
        ),
        Binding(
            "w",
            "next_speaker",
            N_("Nächste/r"),
            tooltip=N_("Der/dem Nächsten auf der Redeliste das Wort erteilen"),
            id="moderator.next_speaker",
        ),
        Binding(
            "s",
            "skip_item",
            N_("Auslassen"),
            tooltip=N_("Markierten oder laufenden Punkt überspringen"),
            id="moderator.skip",
        ),
        Binding(
            "v",
            "defer_item",
            N_("Verschieben"),
            tooltip=N_("Markierten oder laufenden Punkt auf das nächste Treffen verschieben"),
            id="moderator.defer",
        ),
        Binding(
            "p",
            "previous_item",
            N_("Zurück"),
            tooltip=N_("Macht den letzten Wechsel rückgängig: zurück zum zuletzt abgeschlossenen Punkt"),
            id="moderator.previous",
        ),
        Binding(
            "u",
            "speaker_clock",
            N_("Redezeit anhalten"),
            tooltip=N_("Redezeit anhalten oder weiterlaufen lassen"),
            show=False,
            id="moderator.speaker_clock",
        ),
        Binding(
            "f",
            "toggle_first_time",
            N_("Erstredner zuerst"),
            tooltip=N_("Wer noch nicht gesprochen hat, kommt zuerst dran (ein/aus)"),
            show=False,
            id="moderator.first_time",
        ),
        Binding("f2", "edit_agenda", N_("Agenda"), tooltip=N_("Tagesordnung bearbeiten"), id="moderator.edit_agenda"),
        Binding(
            "f3",
            "settings",
            N_("Einstellungen"),
            tooltip=N_("Warnzeit, Redezeit, Erstredner"),
            show=False,
            id="moderator.settings",
        ),
        Binding(
            "ctrl+e",
            "end_meeting",
            N_("Treffen beenden"),
            tooltip=N_("Beendet das Treffen"),
            show=False,
            id="moderator.end",
        ),
        Binding(
            "escape", "leave", N_("Startseite"), tooltip=N_("Zurück zur Startseite"), show=False, id="moderator.leave"
        ),
        # Before an overrun the overrun keys say why they do nothing yet (the choices above are then off).
        Binding("x", "not_overrun", show=False, system=True),
        Binding("t", "not_overrun", show=False, system=True),
        Binding("T", "not_overrun", show=False, system=True),
        Binding("d", "not_overrun", show=False, system=True),
    ]
    OVERRUN_ACTIONS = frozenset({"overrun_extend", "overrun_take", "overrun_take_choose", "overrun_defer"})
    CAPTURE_KINDS_SHOWN = ("action", "decision", "need", "note", "offer", "question", "topic_wish")

    def __init__(self, meeting_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id: int | None = meeting_id
        """The meeting being moderated."""
        self.view: moderation.MeetingView | None = None
        """What was last read from the store."""
        self.state: AgendaState | None = None
        """The agenda at the last tick."""
        self.speakers: SpeakersState | None = None
        """The current item's speakers' list at the last tick."""
        self._overrun = False
        self._agenda_rows: tuple[rows.AgendaRow, ...] = ()
        self._queue_rows: tuple[rows.QueueRow, ...] = ()
        self._capture_rows: tuple[rows.CaptureRow, ...] = ()
        self._open_rows: tuple[rows.OpenRow, ...] = ()
        self._open_widths: tuple[tuple[str, int], ...] = ()
        self._layout_key: tuple[bool, bool, int] | None = None
        self._current_id: int | None = None
        self._quit_asked = False
        self._widgets: dict[str, Widget] = {}
        self._caption_key: tuple[object, object, bool] | None = None
        self._drawn: dict[str, object] = {}
        self.redraws: Counter[str] = Counter()
        """What each tick redrew, by widget (a text put, a table refilled, a cell changed): an idle tick redraws
        only the clock, so a meeting left alone costs next to no CPU (tests count these, never time them)."""

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="meeting-bar"):
            yield Static("", id="caption")
            yield Static("", id="clock")
            yield Static("", id="so-far")
            yield Static("", id="projected")
        with Vertical(id="mod-body"):
            with Vertical(id="timer-pane"):
                yield Static("", id="item-title")
                yield Static("", id="item-meta")
                with Horizontal(id="countdown-row"):
                    yield Digits("--:--", id="countdown")
                    with Vertical(id="countdown-side"):
                        yield Static("", id="item-status")
                        yield Static("", id="buffer")
                yield Static("", id="overrun-hint")
            with Vertical(id="speakers-pane"):
                yield Static("", id="current-speaker")
                yield SpeakerQueue(id="speaker-queue", cursor_type="row", show_header=False)
                yield Static("", id="balance")
            with Vertical(id="agenda-pane"):
                yield AgendaTable(id="agenda", cursor_type="row", zebra_stripes=True)
            with Vertical(id="captures-pane"):
                yield OpenItemsTable(id="open-items", cursor_type="row")
                yield Static("", id="open-detail")
                yield CaptureTable(id="captures", cursor_type="row")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#speakers-pane").border_title = _("Redeliste")
        self.query_one("#agenda-pane").border_title = _("Tagesordnung")
        self.query_one("#captures-pane").border_title = _("Festgehalten")
        agenda = self.query_one("#agenda", AgendaTable)
        agenda.add_column(" ", key="status", width=1)
        agenda.add_column(_("Plan"), key="planned")
        agenda.add_column(_("Ist"), key="actual")
        agenda.add_column(_("Punkt"), key="title")
        queue = self.query_one("#speaker-queue", SpeakerQueue)
        queue.add_column("#", key="pos")
        queue.add_column(_("Name"), key="name")
        queue.add_column(_("Gruppe"), key="group")
        captures = self.query_one("#captures", CaptureTable)
        captures.add_column(_("Art"), key="kind")
        captures.add_column(_("Eintrag"), key="text")
        self.query_one("#open-items", OpenItemsTable).display = False
        self.query_one("#open-detail", Static).display = False
        agenda.focus()
        if self.meeting_id is None:  # the current meeting is read on the service thread, then the screen starts
            ctx = self.ctx
            self.call_service(lambda: current_meeting(ctx), self._start_on)
            return
        self._start_on(None)

    def _start_on(self, meeting: Meeting | None) -> None:
        if meeting is not None:
            self.meeting_id = meeting.id
        if self.meeting_id is None:
            self.query_one("#item-title", Static).update(
                _("Es gibt noch kein Treffen. Legen Sie eines an: integra-tui meeting add … oder integra-tui demo")
            )
            return
        self.command(moderation.end_left_running, done=self._ended_left_running)
        self.command(moderation.prepare_meeting)
        self.every_second(self.tick)

    def _ended_left_running(self, ended_at: datetime | None) -> None:
        """The meeting opened on was never ended (its day is over): say that it now counts as ended, and when."""
        if ended_at is not None:
            self.notify(
                _("Dieses Treffen wurde nicht beendet. Es gilt als am {date} um {time} beendet.").format(
                    date=format_date(ended_at.astimezone(self.ctx.tz).date()),
                    time=format_time(ended_at.astimezone(self.ctx.tz)),
                ),
                timeout=10,
            )

    @on(FittedTable.Resized)
    def _table_resized(self, message: FittedTable.Resized) -> None:
        """A table's width changed: cut its rows to the new width."""
        self._agenda_rows = ()
        self._capture_rows = ()
        self.tick()

    def on_store_changed(self, message: StoreChanged) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a form or the agenda editor: changes made meanwhile (by anyone) show up.
        if self.view is not None:
            self.reload()

    # -- store work, in order, off the UI thread ------------------------------------------

    def reload(self) -> None:
        """Read the meeting again (after another process changed it)."""
        meeting_id = self.meeting_id
        if meeting_id is not None:
            ctx = self.ctx
            self.call_service(lambda: moderation.load_view(ctx, meeting_id), self._show)

    def _show(self, view: moderation.MeetingView) -> None:
        self.view = view
        self.tick()

    def command(
        self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None, **kwargs: Any
    ) -> None:
        """Run ``fn(ctx, meeting_id, *args)`` on the service thread, in order, and read the meeting again in the
        same call; then redraw and ``done(result)``. Refusals become notices (IntegraScreen.call_service)."""
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        ctx = self.ctx

        def call() -> tuple[Any, moderation.MeetingView]:
            return fn(ctx, meeting_id, *args, **kwargs), moderation.load_view(ctx, meeting_id)

        def shown_then_done(result: tuple[Any, moderation.MeetingView]) -> None:
            self._show(result[1])
            if done is not None:
                done(result[0])

        self.call_service(call, shown_then_done)

    # -- drawing --------------------------------------------------------------------------

    def tick(self) -> None:
        """Recompute the agenda and the speakers' list at ``now`` from what was read, and show what changed."""
        view = self.view
        if view is None:
            return
        now = self.ctx.now()
        state = view.agenda(now)
        self.state = state
        current = state.current
        self.speakers = view.speakers(current.id, now) if current is not None else None
        agenda = rows.agenda_rows(state)  # once a tick, for the layout and the agenda table
        self._draw_layout(state, agenda)
        self._draw_bar(view, state, now)
        self._draw_timer(state)
        self._draw_agenda(state, agenda)
        self._draw_speakers(view, self.speakers)
        self._draw_captures(view, state)
        overrun = current is not None and current.phase == timer.OVERRUN
        if overrun != self._overrun:
            self._overrun = overrun
            self.refresh_bindings()

    def _widget(self, selector: str) -> Widget:
        """One of the screen's widgets (looked up once: the layout never replaces them)."""
        widget = self._widgets.get(selector)
        if widget is None:
            widget = self._widgets[selector] = self.query_one(selector)
        return widget

    def _put(self, selector: str, text: str, *, classes: dict[str, bool] | None = None) -> None:
        """Show ``text`` literally in one widget, only when it changed (the layout only when its shape did)."""
        widget = self._widget(selector)
        self._set_classes(widget, classes or {})
        old = self._drawn.get(selector)
        if old == text:
            return
        self._drawn[selector] = text
        self.redraws[selector] += 1
        if isinstance(widget, Digits):
            widget.update(text)
        elif isinstance(widget, Static):
            # The clock's next second takes the cells of the last one: no layout of the whole screen for it.
            same_shape = isinstance(old, str) and _shape(old) == _shape(text)
            widget.update(literal(text), layout=not same_shape)

    @staticmethod
    def _set_classes(widget: Widget, classes: dict[str, bool]) -> None:
        for name, wanted in classes.items():
            if widget.has_class(name) != wanted:
                widget.set_class(wanted, name)

    def _title(self, selector: str, title: str) -> None:
        """Set a pane's border title, only when it changed (setting it repaints the pane)."""
        key = f"{selector}:title"
        if self._drawn.get(key) != title:
            self._drawn[key] = title
            self.redraws[key] += 1
            self._widget(selector).border_title = literal(title)

    def _show_widget(self, selector: str, shown_now: bool) -> None:
        widget = self._widget(selector)
        if widget.display != shown_now:
            widget.display = shown_now

    def _draw_layout(self, state: AgendaState, agenda: tuple[rows.AgendaRow, ...]) -> None:
        """The review's class, and from 120 cells the agenda column as wide as its titles need."""
        width = self.size.width
        review = state.current is not None and state.current.item.kind == "open_items"
        needed = max([cell_len(_("Punkt")), *(cell_len(r[2]) + (2 if r[5] else 0) for r in agenda)])
        needed += max([cell_len(_("Plan")), *(cell_len(r[3]) for r in agenda)]) + 18  # icon, Ist, padding, frame
        if review:  # the review's columns first; the agenda keeps a column of its own
            needed = min(needed, max(30, width - 88))
        wide = width >= 120
        agenda_width = max(40 if not review else 30, min(needed, width - 58)) if wide else 0
        key = (wide, review, agenda_width)
        if key == self._layout_key:
            return
        self._layout_key = key
        self.set_class(review, "-review")
        captures = self._widget("#captures")
        assert isinstance(captures, CaptureTable)
        captures.show_header = wide  # at 80x24 the header's line shows one more line of the entries
        body = self._widget("#mod-body")
        if wide:
            body.styles.grid_columns = f"{agenda_width} 1fr 34"
        else:
            body.styles.clear_rule("grid_columns")

    def _draw_bar(self, view: moderation.MeetingView, state: AgendaState, now: datetime) -> None:
        wide = self.size.width >= 120
        key = (view.meeting, self.ctx.today(), wide)  # the caption changes with the meeting, the day or the width
        if self._caption_key != key:
            caption = meeting_caption(self.ctx, view.meeting, 30)
            self._caption_key = key
            # Below 120 columns the bar has room only for the clock and the times: the meeting is named
            # on the timer pane's frame instead, so it is seen at 80 columns too.
            self._put("#caption", caption.long if wide else "")
            self._show_widget("#caption", wide)
            self._title("#timer-pane", "" if wide else caption.short)
        texts = rows.bar_texts(state, now)
        self._put("#clock", texts.clock)
        self._put("#so-far", texts.so_far)
        self._put("#projected", texts.projected, classes={"-late": texts.late})

    def _draw_timer(self, state: AgendaState) -> None:
        current = state.current
        texts = rows.timer_texts(state)
        phases = {f"-{phase}": current is not None and current.phase == phase for phase in timer.PHASES}
        phases["-paused"] = current is not None and current.status == timer.PAUSED
        phases["-idle"] = current is None
        self._show_widget("#overrun-hint", texts.overrun)
        self._set_classes(self._widget("#timer-pane"), {"-overrun": texts.overrun})
        self._put("#buffer", texts.buffer)
        self._put("#item-title", texts.title)
        self._put("#item-meta", texts.meta)
        self._put("#countdown", texts.countdown, classes=phases)
        self._put("#item-status", texts.status)
        if texts.overrun:
            self._put("#overrun-hint", rows.overrun_hint())

    def _draw_agenda(self, state: AgendaState, agenda: tuple[rows.AgendaRow, ...]) -> None:
        table = self._widget("#agenda")
        assert isinstance(table, AgendaTable)
        structure = tuple((r[0], r[1], r[2], r[3], r[5]) for r in agenda)
        if structure != tuple((r[0], r[1], r[2], r[3], r[5]) for r in self._agenda_rows):
            self.redraws["#agenda"] += 1
            highlighted = highlighted_key(table)
            clear_table(table)
            room = room_for_last_column(table, "x", [_("Plan"), *(r[3] for r in agenda)], [_("Ist"), "00:00"])
            for item_id, icon, title, planned, actual, carried in agenda:
                label = f"↪ {title}" if carried else title
                table.add_row(icon, planned, actual, literal(rows.cut(label, room)), key=str(item_id))
            if state.current_item_id != self._current_id or highlighted is None:
                highlighted = state.current_item_id or next(
                    (s.id for s in state.items if s.status == timer.PENDING), None
                )
            move_to(table, highlighted)
        else:
            # Only the time spent changes while an item runs: that one cell, and only when it changed.
            for new, old in zip(agenda, self._agenda_rows, strict=True):  # same items, same order
                if new[4] != old[4]:
                    self.redraws["#agenda:actual"] += 1
                    update_cell_quietly(table, str(new[0]), "actual", new[4])  # that row repainted, no more
        self._current_id = state.current_item_id
        self._agenda_rows = agenda

    def _draw_speakers(self, view: moderation.MeetingView, speakers: SpeakersState | None) -> None:
        self._title("#speakers-pane", rows.speakers_title(view))
        text, phase = rows.current_speaker(speakers)
        self._put("#current-speaker", text, classes={f"-{name}": phase == name for name in timer.PHASES})
        self._fill_queue(rows.queue_rows(speakers))
        self._put("#balance", rows.balance_text(speakers))

    def _fill_queue(self, queue_rows: tuple[rows.QueueRow, ...]) -> None:
        if queue_rows == self._queue_rows:
            return
        self.redraws["#speaker-queue"] += 1
        queue = self._widget("#speaker-queue")
        assert isinstance(queue, SpeakerQueue)
        highlighted = highlighted_key(queue)
        clear_table(queue)
        for entry_id, position, name, group in queue_rows:
            queue.add_row(position, literal(name), literal(group), key=str(entry_id))
        move_to(queue, highlighted)
        self._queue_rows = queue_rows

    def _draw_captures(self, view: moderation.MeetingView, state: AgendaState) -> None:
        current = state.current
        self._title("#captures-pane", rows.captures_title(state))
        capture_rows = rows.capture_rows(view, current.id if current is not None else None)
        table = self._widget("#captures")
        assert isinstance(table, CaptureTable)
        if capture_rows != self._capture_rows:
            self.redraws["#captures"] += 1
            highlighted = highlighted_key(table)
            clear_table(table)
            room = room_for_last_column(table, [_("Art"), *(r[1] for r in capture_rows)])
            for capture_id, kind, line, details in capture_rows:
                table.add_row(kind, literal(rows.capture_cell(line, details, room)), key=str(capture_id), height=None)
            added = {r[0] for r in capture_rows} - {r[0] for r in self._capture_rows}
            move_to(table, highlighted)
            if added and self.focused is not table:  # the last entries are the ones to see (the pane may be full)
                table.call_after_refresh(table.scroll_end, animate=False)
            self._capture_rows = capture_rows
        showing = current is not None and current.item.kind == "open_items"
        self._show_widget("#open-items", showing)
        self._show_widget("#open-detail", showing)
        if not showing:
            return
        open_rows = rows.open_item_rows(view, self.meeting_id)
        open_table = self._widget("#open-items")
        assert isinstance(open_table, OpenItemsTable)
        widths = rows.open_item_widths(open_rows, open_table.scrollable_content_region.width, open_table.cell_padding)
        if open_rows != self._open_rows or widths != self._open_widths:
            self.redraws["#open-items"] += 1
            highlighted = highlighted_key(open_table)
            open_table.clear(columns=True)
            labels = {"text": _("Eintrag"), "owner": _("Wer"), "due": _("Fällig"), "status": _("Status")}
            labels["comment"] = _("Zuletzt")
            for key, width in widths:
                open_table.add_column(labels[key], key=key, width=width)
            for capture_id, *cells in open_rows:
                values = dict(zip(("text", "owner", "due", "status", "comment"), cells, strict=True))
                row = []
                for key, _width in widths:
                    # Each cell holds its text as typed: the entry (and the comment) wrap onto lines of their
                    # column's width, the others are cut by it with "…" (the line under the table has them whole).
                    style = "bold" if capture_id < 0 else ""
                    wraps = key in ("text", "comment")
                    row.append(literal(values[key], style, one_line=True) if wraps else cut_cell(values[key], style))
                open_table.add_row(*row, key=str(capture_id), height=None)
            if highlighted is None or highlighted < 0:
                highlighted = next((r[0] for r in open_rows if r[0] >= 0), None)
            move_to(open_table, highlighted)
            self._open_rows = open_rows
            self._open_widths = widths
        self._draw_open_detail()

    def _draw_open_detail(self) -> None:
        """The highlighted earlier entry in full under the review's table: who, until when, its last comment."""
        table = self._widget("#open-items")
        assert isinstance(table, OpenItemsTable)
        key = highlighted_key(table)
        capture = next((c for c in self._open_entries() if c.id == key), None)
        self._put("#open-detail", rows.open_item_detail(capture) if capture is not None else "")

    @on(DataTable.RowHighlighted, "#open-items")
    def _open_item_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._draw_open_detail()

    # -- bindings -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The overrun choices are shown only while the current item is overrun."""
        if action in self.OVERRUN_ACTIONS:
            return self._overrun
        if action == "not_overrun":
            return not self._overrun
        return True

    def action_not_overrun(self) -> None:
        """An overrun key pressed before an overrun: say why nothing happened, and what gives time now."""
        if self.state is None or self.state.current is None:
            self.notify(_("Gerade läuft kein Tagesordnungspunkt."), severity="warning")
            return
        self.notify(
            _(
                "„{title}“ hat seine Zeit noch nicht überzogen: x, t und d wirken erst dann. "
                "Mehr Zeit jetzt: + (eine Minute) oder * (fünf Minuten)."
            ).format(title=item_title(self.state.current.item)),
            severity="warning",
            timeout=6,
        )

    def _notify_done(self, message: str) -> Callable[[Any], None]:
        return lambda _result: self.notify(message, timeout=4)

    def action_toggle_item(self) -> None:
        self.command(moderation.toggle_item)

    def action_next_item(self) -> None:
        left = self.state.current_item_id if self.state else None
        self.command(moderation.next_item, done=lambda _result: self._offer_carry(left))

    def _offer_carry(self, item_id: int | None) -> None:
        """Speakers still waiting on the item just left: carry them to the running item, or keep them there."""
        if item_id is None or self.view is None:
            return
        left = next((w for w in self.view.left_waiting(self.ctx.now()) if w.item.id == item_id), None)
        if left is None:
            return
        message = moderation.left_waiting_text(left)
        current = self.state.current if self.state else None
        if current is None:
            self.notify(message, timeout=8)
            return

        def answer(value: str | None) -> None:
            if value == "carry":
                self.command(
                    moderation.carry_waiting_speakers,
                    item_id,
                    current.id,
                    done=self._notify_done(
                        _("Die Redeliste geht bei „{title}“ weiter.").format(title=item_title(current.item))
                    ),
                )
            else:
                self.notify(message + " " + _("Sie bleiben dort stehen."), timeout=6)

        self.app.push_screen(
            ChoiceDialog(
                _("Redeliste mitnehmen?"),
                message + " " + _("Zu „{title}“ mitnehmen?").format(title=item_title(current.item)),
                [("j", "carry", _("Mitnehmen")), ("n", "keep", _("Stehen lassen"))],
            ),
            answer,
        )

    def _confirm_running(self, target: ItemState, title: str, yes_label: str, then: Callable[[], None]) -> None:
        """Ask before a destructive key acts on the running item (it says what was captured there)."""
        if self.state is None or target.id != self.state.current_item_id:
            then()
            return
        count = len(self.view.captures_for(target.id)) if self.view else 0
        message = _("„{title}“ läuft gerade.").format(title=item_title(target.item))
        if count:
            message += " " + _("Festgehalten: {count} Einträge (sie bleiben beim Punkt).").format(count=count)

        def answer(value: str | None) -> None:
            if value == "yes":
                then()

        self.app.push_screen(ConfirmDialog(title, message, yes_label), answer)

    def action_previous_item(self) -> None:
        self.command(moderation.previous_item)

    def action_extend(self, minutes: int) -> None:
        def done(result: tuple[AgendaState, str]) -> None:
            _state, choice = result
            if choice == timer.CHOICE_BUFFER:
                self.notify(_("+{minutes} Min aus dem Puffer").format(minutes=minutes), timeout=4)
            else:
                self.notify(_("+{minutes} Min, das Treffen wird länger").format(minutes=minutes), timeout=4)

        self.command(moderation.extend_item, minutes, done=done)

    def _target_item(self) -> ItemState | None:
        """The item "s" and "v" act on: the highlighted one if the agenda has focus, else the current one."""
        state = self.state
        if state is None:
            return None
        table = self.query_one("#agenda", AgendaTable)
        key = highlighted_key(table) if self.focused is table else None
        if key is not None and state.has_item(key):
            return state.item(key)
        return state.current

    def action_skip_item(self) -> None:
        target = self._target_item()
        if target is None:
            self.notify(_("Gerade läuft kein Tagesordnungspunkt."), severity="warning")
            return

        def skip() -> None:
            def done(_result: Any) -> None:
                self.notify(
                    _("„{title}“ übersprungen – p macht es rückgängig").format(title=item_title(target.item)),
                    timeout=6,
                )
                self._offer_carry(target.id)

            self.command(moderation.skip_item, target.id, done=done)

        self._confirm_running(target, _("Laufenden Punkt auslassen?"), _("Auslassen"), skip)

    def action_defer_item(self) -> None:
        target = self._target_item()
        if target is None:
            self.notify(_("Gerade läuft kein Tagesordnungspunkt."), severity="warning")
            return
        self._confirm_running(
            target, _("Laufenden Punkt verschieben?"), _("Verschieben"), lambda: self._defer(target, overrun=False)
        )

    def _defer(self, target: ItemState, overrun: bool) -> None:
        view = self.view
        assert view is not None
        if target.status not in (timer.PENDING, timer.RUNNING, timer.PAUSED):
            self.notify(_("Dieser Punkt ist schon abgeschlossen."), severity="warning")
            return

        def done(result: moderation.DeferResult) -> None:
            self._offer_carry(target.id)
            title = item_title(target.item)
            if result.target is None:
                self.notify(_("„{title}“ steht auf der Liste der verschobenen Punkte.").format(title=title), timeout=6)
            elif result.created:
                self.notify(
                    _("Treffen am {date} angelegt; „{title}“ steht dort auf der Tagesordnung.").format(
                        date=format_date(result.target.date), title=title
                    ),
                    timeout=6,
                )
            else:
                self.notify(
                    _("„{title}“ auf das Treffen am {date} verschoben.").format(
                        title=title, date=format_date(result.target.date)
                    ),
                    timeout=6,
                )

        if view.next_meeting is not None:
            self.command(moderation.defer_item, target.id, overrun=overrun, done=done)
            return

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            self.command(moderation.defer_item, target.id, overrun=overrun, create_next=answer == "create", done=done)

        self.app.push_screen(DeferDialog(item_title(target.item), moderation.quarter_later(view.meeting)), chosen)

    def action_overrun_extend(self) -> None:
        self.action_extend(OVERRUN_MINUTES)

    def action_overrun_take(self) -> None:
        def done(result: tuple[AgendaState, timer.AgendaItem]) -> None:
            _state, donor = result
            self.notify(
                _("{minutes} Min von „{title}“ genommen").format(minutes=OVERRUN_MINUTES, title=item_title(donor)),
                timeout=5,
            )

        self.command(moderation.take_time, OVERRUN_MINUTES, done=done)

    def action_overrun_take_choose(self) -> None:
        state = self.state
        if state is None or state.current is None:
            return
        order = [s.id for s in state.items]
        position = order.index(state.current.id)
        options = [
            (s.id, f"{item_title(s.item)} ({s.planned_minutes} Min)")
            for s in state.items
            if s.status == timer.PENDING and order.index(s.id) > position and s.planned_minutes >= OVERRUN_MINUTES
        ]
        if not options:
            self.notify(_("Kein späterer Punkt hat noch genug Minuten."), severity="warning")
            return

        def taken(result: tuple[AgendaState, timer.AgendaItem]) -> None:
            self.notify(
                _("{minutes} Min von „{title}“ genommen").format(minutes=OVERRUN_MINUTES, title=item_title(result[1])),
                timeout=5,
            )

        def chosen(item_id: int | None) -> None:
            if item_id is not None:
                self.command(moderation.take_time, OVERRUN_MINUTES, item_id, done=taken)

        self.app.push_screen(TakeTimeDialog(OVERRUN_MINUTES, options), chosen)

    def action_overrun_defer(self) -> None:
        if self.state is not None and self.state.current is not None:
            current = self.state.current
            self._confirm_running(
                current,
                _("Rest auf das nächste Treffen?"),
                _("Rest vertagen"),
                lambda: self._defer(current, overrun=True),
            )

    @on(DataTable.RowSelected, "#agenda")
    def _start_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None or self.state is None:
            return
        item_id = int(event.row_key.value)
        if item_id == self.state.current_item_id:
            return
        self.command(moderation.start_item, item_id)

    # -- captures -------------------------------------------------------------------------

    def _capture_form(self, kind: str, capture: Capture | None = None) -> CaptureForm:
        view = self.view
        assert view is not None
        item_id = (
            capture.agenda_item_id if capture is not None else (self.state.current_item_id if self.state else None)
        )
        item = view.item(item_id) if item_id is not None else None
        return CaptureForm(
            kind,
            item_title(item) if item else "",
            today=self.ctx.today(),
            next_meeting=view.next_meeting.date if view.next_meeting else None,
            owners=view.owner_names,
            groups=view.groups_to_offer(),
            capture=capture,
            match_name=partial(moderation.match_in_view, view),
        )

    def action_capture(self, kind: str) -> None:
        if self.view is None:
            return
        item_id = self.state.current_item_id if self.state else None

        def save(draft: CaptureDraft | None) -> None:
            if draft is None:
                return
            self.command(
                lambda ctx, meeting_id: moderation.add_capture(
                    ctx,
                    meeting_id,
                    draft.kind,
                    draft.text,
                    agenda_item_id=item_id,
                    owner=draft.owner,
                    due=draft.due,
                    group=draft.group,
                    votes=draft.votes or None,
                    hands=draft.hands or None,
                ),
                done=lambda capture: self.notify(
                    str(
                        _("{kind} gespeichert: {entry}").format(
                            kind=capture_kind_label(draft.kind), entry=shown(capture_text(capture), one_line=True)
                        )
                    ),
                    timeout=5,
                ),
            )

        self.app.push_screen(self._capture_form(kind), save)

    def _capture(self, key: int | None) -> Capture | None:
        if key is None or self.view is None:
            return None
        return next((c for c in self.view.captures if c.id == key), None)

    @on(CaptureTable.Edit)
    def _edit_capture(self, message: CaptureTable.Edit) -> None:
        """Open the highlighted capture in its form; saving replaces it."""
        capture = self._capture(message.key)
        if capture is None:
            return

        def save(draft: CaptureDraft | None) -> None:
            if draft is None or draft.capture_id is None:
                return
            capture_id = draft.capture_id
            self.command(
                lambda ctx, _meeting_id: moderation.update_capture(
                    ctx, capture_id, text=draft.text, owner=draft.owner, due=draft.due, group=draft.group
                ),
                done=self._notify_done(_("Änderung gespeichert")),
            )

        self.app.push_screen(self._capture_form(capture.kind, capture), save)

    @on(CaptureTable.Remove)
    def _remove_capture(self, message: CaptureTable.Remove) -> None:
        """Remove the highlighted capture after a yes (the removal is recorded)."""
        capture = self._capture(message.key)
        if capture is None:
            return

        def answer(value: str | None) -> None:
            if value == "yes":
                self.command(
                    lambda ctx, _meeting_id: moderation.remove_capture(ctx, capture.id),
                    done=self._notify_done(_("Eintrag entfernt")),
                )

        self.app.push_screen(
            ConfirmDialog(
                _("Eintrag entfernen?"), f"{capture_kind_label(capture.kind)}: {capture.text}", _("Entfernen")
            ),
            answer,
        )

    @on(CaptureTable.Hands)
    def _hands_capture(self, message: CaptureTable.Hands) -> None:
        """Enter the show of hands of the highlighted decision (ja nein Enthaltung) or topic wish (a count)."""
        capture = self._capture(message.key)
        if capture is None:
            return
        if capture.kind not in ("decision", "topic_wish"):
            self.notify(_("Abstimmen lässt sich über einen Beschluss, Handzeichen gibt es bei einem Themenwunsch."))
            return

        def save(text: str | None) -> None:
            if text is None:
                return
            if capture.kind == "decision":
                call = partial(moderation.set_show_of_hands, votes=text or None)
            else:
                call = partial(moderation.set_hands, hands=text or None)
            self.command(lambda ctx, _meeting_id: call(ctx, capture.id), done=self._notify_done(_("Gezählt")))

        self.app.push_screen(HandsForm(capture), save)

    def _open_entries(self) -> list[Capture]:
        view = self.view
        if view is None:
            return []
        return [*view.open_action_items, *view.open_needs, *view.open_questions]

    @on(OpenItemsTable.Review)
    def _review_entry(self, message: OpenItemsTable.Review) -> None:
        """Review the highlighted earlier entry: an action item's status, a need's status, a question's answer."""
        capture = next((c for c in self._open_entries() if c.id == message.key), None)
        if capture is None:
            return
        if capture.kind == "need":
            self._review_need(capture)
        elif capture.kind == "question":
            self._answer_question(capture)
        else:
            self._review_action(capture)

    def _review_action(self, capture: Capture) -> None:
        view = self.view
        assert view is not None
        next_date = view.next_meeting.date if view.next_meeting else None

        def kept(draft: KeepOpenDraft | None) -> None:
            if draft is not None:
                self.command(
                    lambda ctx, meeting_id: followup.set_status(
                        ctx, capture.id, "open", draft.comment, meeting_id, due=draft.due
                    ),
                    done=self._notify_done(_("Bleibt offen")),
                )

        def chosen(status: str | None) -> None:
            if status == "open":
                self.app.push_screen(KeepOpenForm(capture, today=self.ctx.today(), next_meeting=next_date), kept)
            elif status is not None:
                self.command(lambda ctx, meeting_id: followup.set_status(ctx, capture.id, status, "", meeting_id))

        self.app.push_screen(ReviewDialog(capture), chosen)

    def _review_need(self, capture: Capture) -> None:
        def to_action(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            owner, due_text = answer
            view = self.view
            next_date = view.next_meeting.date if view is not None and view.next_meeting else None
            result = parse_due_date(due_text, self.ctx.today(), next_date)
            if due_text and (result.unclear or result.due is None):
                self.notify(str(due_hint(result) or _("Datum nicht verstanden.")), severity="warning", timeout=6)
                return
            self.command(
                lambda ctx, meeting_id: needs.turn_into_action(ctx, capture.id, meeting_id, owner, result.due),
                done=self._notify_done(_("Aufgabe angelegt; der Bedarf ist in Arbeit.")),
            )

        def commented(status: str) -> Callable[[tuple[str, str] | None], None]:
            def save(answer: tuple[str, str] | None) -> None:
                if answer is not None:
                    self.command(
                        lambda ctx, meeting_id: needs.set_need_status(ctx, capture.id, status, answer[0], meeting_id),
                        done=self._notify_done(_("Bedarf: {status}").format(status=need_status_label(status))),
                    )

            return save

        def chosen(status: str | None) -> None:
            if status is None:
                return
            if status == "action":
                self.app.push_screen(
                    CommentForm(
                        _("Aufgabe aus dem Bedarf"),
                        capture.text,
                        _("Wer kümmert sich?"),
                        required=True,
                        second=_("Bis wann? (optional, z. B. 15.1., nächstes Treffen)"),
                    ),
                    to_action,
                )
                return
            self.app.push_screen(
                CommentForm(
                    _("Bedarf: {status}").format(status=need_status_label(status)),
                    capture.text,
                    _("Kommentar (optional): was geschieht als Nächstes?"),
                ),
                commented(status),
            )

        self.app.push_screen(NeedReviewDialog(capture), chosen)

    def _answer_question(self, capture: Capture) -> None:
        def save(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self.command(
                    lambda ctx, meeting_id: questions.answer_question(
                        ctx, capture.id, answer[0], answer[1], meeting_id
                    ),
                    done=self._notify_done(_("Antwort gespeichert")),
                )

        self.app.push_screen(
            CommentForm(
                _("Frage beantworten"),
                capture.text,
                _("Antwort"),
                required=True,
                second=_("Wer hat geantwortet? (optional)"),
            ),
            save,
        )

    # -- speakers -------------------------------------------------------------------------

    def _current_item_id(self) -> int | None:
        if self.state is None or self.state.current_item_id is None:
            self.notify(_("Erst einen Punkt starten, dann gibt es eine Redeliste."), severity="warning")
            return None
        return self.state.current_item_id

    def action_add_speaker(self) -> None:
        item_id = self._current_item_id()
        if item_id is None or self.view is None:
            return
        view = self.view

        def add(draft: SpeakerDraft | None) -> None:
            if draft is None:
                return
            message = (
                _("„{name}“ als neuer Name auf der Redeliste.")
                if draft.new_name
                else _("{name} steht auf der Redeliste.")
            ).format(name=draft.name)
            self.command(
                moderation.add_speaker,
                item_id,
                draft.name,
                draft.group,
                draft.person_id,
                draft.point_of_order,
                done=lambda _result: self.notify(message, timeout=4),
            )

        self.app.push_screen(
            SpeakerForm(view.people, view.groups_to_offer(), partial(moderation.match_in_view, view)), add
        )

    def action_next_speaker(self) -> None:
        item_id = self._current_item_id()
        if item_id is not None:
            self.command(moderation.next_speaker, item_id)

    def action_speaker_clock(self) -> None:
        item_id = self._current_item_id()
        if item_id is not None:
            self.command(moderation.toggle_speaker_clock, item_id)

    def action_toggle_first_time(self) -> None:
        if self.view is None:
            return
        enabled = not self.view.settings.first_time_priority
        message = _("Erstredner zuerst: an") if enabled else _("Erstredner zuerst: aus")
        self.command(moderation.update_settings, first_time_priority=enabled, done=self._notify_done(message))

    @on(SpeakerQueue.Remove)
    def _remove_speaker(self, message: SpeakerQueue.Remove) -> None:
        """Take the highlighted person off the list."""
        item_id = self._current_item_id()
        if item_id is not None and message.key is not None:
            self.command(moderation.remove_speaker, item_id, message.key)

    @on(SpeakerQueue.MoveUp)
    def _move_speaker_up(self, message: SpeakerQueue.MoveUp) -> None:
        """Move the highlighted person one place up, keeping the cursor on them."""
        item_id = self._current_item_id()
        if item_id is not None and message.key is not None:
            self.command(moderation.move_speaker_up, item_id, message.key)

    # -- the rest -------------------------------------------------------------------------

    def action_settings(self) -> None:
        if self.view is None:
            return
        s = self.view.settings

        def save(draft: SettingsDraft | None) -> None:
            if draft is not None:
                self.command(
                    moderation.update_settings,
                    warning_minutes=draft.warning_minutes,
                    warning_percent=draft.warning_percent,
                    speaker_seconds=draft.speaker_seconds,
                    first_time_priority=draft.first_time_priority,
                    done=self._notify_done(_("Einstellungen gespeichert")),
                )

        self.app.push_screen(
            SettingsForm(s.warning_minutes, s.warning_percent, s.speaker_seconds, s.first_time_priority), save
        )

    def action_stage_message(self) -> None:
        if self.view is None:
            return
        current = self.view.stage.text if self.view.stage is not None else ""

        def send(text: str | None) -> None:
            if text is None:
                return
            if text:
                self.command(
                    moderation.send_stage_message,
                    text,
                    done=lambda _result: self.notify(str(_("Auf der Anzeige: {text}").format(text=text)), timeout=4),
                )
            else:
                self.command(
                    moderation.clear_stage_message, done=self._notify_done(_("Die Anzeige zeigt keine Nachricht mehr."))
                )

        self.app.push_screen(StageForm(moderation.stage_presets(), current), send)

    def ask_before_quit(self) -> bool:
        """Ctrl+Q while the meeting runs: ask first (True: the question is open). Asked once; a second Ctrl+Q quits."""
        state = self.state
        running = state is not None and state.current is not None and state.meeting_ended_at is None
        if not running or self._quit_asked:
            return False
        self._quit_asked = True

        def answer(value: str | None) -> None:
            self._quit_asked = False
            if value == "yes":
                self.app.exit()

        self.app.push_screen(
            ConfirmDialog(
                _("App beenden?"),
                _("Das Treffen läuft noch. Alles ist gespeichert; die Uhr läuft weiter, auch wenn die App zu ist."),
                _("Beenden"),
            ),
            answer,
        )
        return True

    def action_edit_agenda(self) -> None:
        if self.meeting_id is None:
            return
        self.app.push_screen(AgendaEditorScreen(self.meeting_id), lambda _result: self.reload())

    def action_end_meeting(self) -> None:
        def answer(value: str | None) -> None:
            if value == "yes":
                self.command(moderation.end_meeting, done=self._notify_done(_("Das Treffen ist beendet.")))

        self.app.push_screen(
            ConfirmDialog(
                _("Treffen beenden?"),
                _("Der laufende Punkt wird abgeschlossen, die Uhr hält an."),
                _("Treffen beenden"),
            ),
            answer,
        )

    def action_leave(self) -> None:
        # The first screen sits on Textual's default screen; only a screen opened from another one goes back.
        if len(self.app.screen_stack) > 2:
            self.dismiss(None)
