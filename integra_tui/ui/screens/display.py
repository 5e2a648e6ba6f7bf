"""The second screen: a read-only view of the running meeting for a projector or another terminal.

It runs as its own process on the same store: it reads the events the moderator stores, follows
them through the app's StoreChanged polling (once a second), and ticks the countdown locally.
What it shows at a tick is ``services.moderation.display_state``: the item and its countdown, the
speaker's own countdown and the next speakers, the open items while they are reviewed, and the
moderator's message to the stage. ``b`` puts the needs board (no names) in place of the next items.
A widget is redrawn only when its text changed, so an idle display costs next to nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Digits, Footer, Static

from integra_tui.domain import agenda as timer
from integra_tui.domain import meetings as order
from integra_tui.domain.agenda import AgendaState, format_countdown
from integra_tui.i18n import N_, _, format_date, format_time, ngettext
from integra_tui.services import moderation
from integra_tui.services.meetings import current_meeting
from integra_tui.services.needs import PublicNeed, public_board
from integra_tui.services.network_texts import need_status_label, topic_label
from integra_tui.services.texts import group_label
from integra_tui.ui.caption import caption_text
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.reads import Reads
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.screens.moderator import item_kind_label, item_title, status_line
from integra_tui.ui.text import literal

__all__ = ["DisplayScreen"]

HELP = N_(
    """# Zweiter Bildschirm

Diese Ansicht zeigt nur an, was die Moderation tut: welches Treffen (Titel und Datum), den laufenden
Punkt (auch in weiteren Sprachen, wenn eingetragen), wer ihn vorstellt, die Restzeit, wer spricht und
wie lange noch, wer als Nächstes spricht und die nächsten Punkte. Während „Offene Punkte“ läuft, stehen
die offenen Aufgaben da, darunter die offenen Bedarfe und Fragen früherer Treffen (nach Gruppe, ohne
Namen). Eine Nachricht der Moderation („Bitte zum Schluss kommen“) steht groß oben.
Sie folgt der Moderation innerhalb einer Sekunde und ändert nichts am Treffen.

- **b** zeigt die **Bedarfe** (ohne Namen: Thema, Gruppe, Stand) statt der nächsten Punkte: die offenen,
  die in Arbeit und die in den letzten drei Monaten gedeckten (nicht die als „nicht möglich“ abgeschlossenen);
  was nicht auf den Bildschirm passt, wird gezählt („… und 2 weitere“). Noch einmal **b** schaltet zurück.
- **Strg+Q** beendet die Anzeige.
"""
)


def _same_shape(widget: Widget, before: tuple[str, tuple[tuple[str, bool], ...]] | None, after: tuple) -> bool:
    """Whether a text takes the place of the one before without moving anything (the ticking clock of
    "läuft · 07:12 von 25:00"): same classes, lines of the same widths, none wrapped. Then the widget is
    redrawn without a layout of the whole screen, which is most of what an idle second costs."""
    if before is None or before[1] != after[1]:
        return False
    width = widget.content_size.width
    old_lines, new_lines = before[0].split("\n"), after[0].split("\n")
    if len(old_lines) != len(new_lines) or not width:
        return False
    return all(cell_len(a) == cell_len(b) <= width for a, b in zip(old_lines, new_lines, strict=True))


def _review_headings() -> tuple[str, str]:
    """The headings of the review's parts for needs and questions (in the language shown)."""
    return _("Bedarfe:"), _("Fragen:")


WHOLE = "\u00a0"
"""Joins the words of a phrase that a wrapped line keeps together ("in Arbeit", "bis 15.10.2026")."""


def _whole(phrase: str) -> str:
    return phrase.replace(" ", WHOLE)


def _kept_lines(text: str, width: int) -> list[str]:
    """``text`` wrapped at ``width`` as Textual wraps it, except that no phrase joined by :data:`WHOLE` is broken
    (a status stays whole: "– in Arbeit", never "in" at the end of one line and "Arbeit" on the next)."""
    lines = []
    for line in text.split("\n"):
        plain = line.replace(WHOLE, " ")
        probe = line.replace(WHOLE, "_")  # one cell, like the space, but no place to break
        position = 0
        for piece in Content(probe).wrap(max(1, width)):
            start = probe.index(piece.plain, position) if piece.plain else position
            position = start + len(piece.plain)
            lines.append(plain[start:position])
    return lines


class _KeptWhole(Visual):
    """Text for the room below the countdown: wrapped at the widget's width with its phrases kept whole."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._wrapped: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.text.replace(WHOLE, " ")

    def _at(self, width: int) -> Content:
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, Content("\n".join(_kept_lines(self.text, width))))
        return self._wrapped[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self._at(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return Content(str(self)).get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._at(width).get_height(rules, width)


def _review_status(status: str) -> str:
    labels = {"open": _("offen"), "done": _("erledigt"), "dropped": _("entfällt")}
    return labels.get(status, status)


class DisplayScreen(IntegraScreen[None]):
    """Current item, presenter, countdown, speaker, next speakers and next items, large and read-only."""

    CSS_PATH = "display.tcss"
    HELP = HELP
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding(
            "b",
            "toggle_board",
            N_("Bedarfe"),
            tooltip=N_("Die Bedarfe des Netzwerks ohne Namen zeigen, oder wieder die nächsten Punkte"),
            id="display-board-toggle",
        ),
    ]

    next_speakers: int = 3
    """How many of the waiting speakers are named."""

    def __init__(self, meeting_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id: int | None = meeting_id
        """The meeting shown."""
        self.view: moderation.MeetingView | None = None
        """What was last read from the store."""
        self.state: AgendaState | None = None
        """The agenda at the last tick."""
        self.shown_state: moderation.DisplayState | None = None
        """What the display showed at the last tick."""
        self.board: list[PublicNeed] = []
        """The needs board as last read (no names)."""
        self.show_board = False
        """Whether the needs board stands in place of the next items."""
        self.redraws = 0
        """How many widget updates the ticks made (an idle display makes none)."""
        self._reads = Reads()
        self._drawn: dict[str, tuple[str, tuple[tuple[str, bool], ...]]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="display-body"):
            yield Static("", id="display-bar")
            yield Static("", id="display-stage")
            yield Static("", id="display-title")
            yield Static("", id="display-translations")
            yield Static("", id="display-presenter")
            with Center():
                yield Digits("--:--", id="display-countdown")
            yield Static("", id="display-status")
            yield Static("", id="display-speaker")
            yield Static("", id="display-queue")
            yield Static(_("Danach"), id="display-next-title")
            yield Static("", id="display-next")
        yield Footer()

    def on_mount(self) -> None:
        if self.meeting_id is not None:
            self._follow(self.meeting_id)
            return
        ctx = self.ctx

        def find_meeting() -> int | None:
            meeting = current_meeting(ctx)
            return meeting.id if meeting else None

        self.call_service(find_meeting, self._follow)

    def _follow(self, meeting_id: int | None) -> None:
        """Show ``meeting_id`` from now on, ticking once a second (or say there is no meeting)."""
        self.meeting_id = meeting_id
        if meeting_id is None:
            self.query_one("#display-title", Static).update(_("Es gibt noch kein Treffen."))
            return
        self.load()
        self.every_second(self.tick)

    def on_store_changed(self, message: StoreChanged) -> None:
        self.load()

    def on_resize(self) -> None:
        self.tick()

    def load(self) -> None:
        """Read the meeting on the service thread, then show it (the newest read wins)."""
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        read = self._reads.start()
        ctx = self.ctx

        def read_meeting() -> tuple[moderation.MeetingView, list[PublicNeed]]:
            return moderation.load_view(ctx, meeting_id, suggestions=False), public_board(ctx)

        self.call_service(read_meeting, lambda found: self._loaded(read, *found))

    def _loaded(self, read: int, view: moderation.MeetingView, board: list[PublicNeed]) -> None:
        if not self._reads.is_newest(read):
            return
        self.view = view
        self.board = board
        self.tick()

    def action_toggle_board(self) -> None:
        """Show the needs board (no names) in place of the next items, or the next items again."""
        self.show_board = not self.show_board
        self.tick()

    # -- drawing --------------------------------------------------------------------------------
    def _put(self, selector: str, text: str, *, classes: dict[str, bool] | None = None) -> None:
        """Update one widget, only when its text (or a class) changed: an idle tick draws nothing."""
        key = (text, tuple(sorted((classes or {}).items())))
        before = self._drawn.get(selector)
        if before == key:
            return
        self._drawn[selector] = key
        self.redraws += 1
        widget: Widget = self.query_one(selector)
        if isinstance(widget, Digits):
            widget.update(text)  # a layout only when its width changes
        elif isinstance(widget, Static) and selector == "#display-next":
            widget.update(_KeptWhole(literal(text).plain), layout=not _same_shape(widget, before, key))
        elif isinstance(widget, Static):
            widget.update(literal(text), layout=not _same_shape(widget, before, key))
        for name, on in (classes or {}).items():
            widget.set_class(on, name)

    def tick(self) -> None:
        """Show the meeting at ``now``."""
        view = self.view
        if view is None or not self.is_mounted:
            return
        now = self.ctx.now()
        redraws = self.redraws
        state = view.agenda(now)
        self.state = state
        shown = moderation.display_state(view, now, self.next_speakers)
        self.shown_state = shown
        current = state.current
        upcoming = [s for s in state.items if s.status == timer.PENDING]

        if order.over(view.meeting, now) and state.meeting_ended_at is None:
            self._show_day_over(view, state, now)
            return
        ahead = view.meeting.date > now.date() and state.meeting_started_at is None
        clock = _(" · {time} · Ende ca. {projected}").format(
            time=now.strftime("%H:%M"), projected=format_time(state.projected_end.astimezone(now.tzinfo))
        )
        caption = caption_text(self.ctx, view.meeting, self.size.width - 4 - len(clock))
        self._put("#display-bar", caption + clock, classes={"-late": state.projected_end_late and not ahead})
        self._put("#display-stage", shown.stage_message, classes={"-shown": bool(shown.stage_message)})

        phases = {f"-{phase}": current is not None and current.phase == phase for phase in timer.PHASES}
        phases["-paused"] = shown.item_paused
        translations: tuple = ()
        if current is None:
            ended = state.meeting_ended_at is not None
            if ended:
                title = _("Das Treffen ist beendet.")
            elif ahead:  # not today: its first item is not "coming up" (the list below has them all)
                title = _("Nächstes Treffen am {date}").format(date=format_date(view.meeting.date))
            elif upcoming:
                title = _("Gleich: {title}").format(title=item_title(upcoming[0].item))
                translations = view.translations_for(upcoming[0].item.id)
            else:
                title = view.meeting.title
            soon = upcoming and not ended and not ahead
            presenter = upcoming[0].item.presenter if soon else ""
            countdown = format_countdown(upcoming[0].planned_seconds) if soon else "--:--"
            status = ""
        else:
            title = item_title(current.item)
            translations = view.translations_for(current.item.id)
            who = current.item.presenter
            kind = item_kind_label(current.item.kind)
            presenter = f"{kind} · {who}" if who else kind
            countdown = shown.item_clock
            status = status_line(current)
        self._put("#display-title", title)
        self._put("#display-translations", "\n".join(t.title for t in translations))
        self._put("#display-presenter", presenter)
        self._put("#display-countdown", countdown, classes=phases)
        self._put("#display-status", status)
        self._show_speakers(shown)
        self._show_next(state, upcoming, now, shown)
        reviewing = current is not None and current.item.kind == "open_items"
        if self.redraws != redraws and (self.show_board or reviewing):
            self.call_after_refresh(self._refit_board)  # a line above may have grown or shrunk

    def _show_day_over(self, view: moderation.MeetingView, state: AgendaState, now: datetime) -> None:
        """The meeting's day is over and nobody ended it: nothing is coming up, and no clock counts on for days.

        Never started: no meeting is planned (the display shows the next one once there is one); started and
        left running (the moderator closed the app): it was not ended (the moderator ends it on opening it).
        """
        caption = caption_text(self.ctx, view.meeting, self.size.width - 4 - 8)
        self._put("#display-bar", caption + " · " + now.strftime("%H:%M"), classes={"-late": False})
        self._put("#display-stage", "", classes={"-shown": False})
        if state.meeting_started_at is None:
            title = _("Kein Treffen geplant.")
        else:
            title = _("Das Treffen vom {date} wurde nicht beendet.").format(date=format_date(view.meeting.date))
        self._put("#display-title", title)
        self._put("#display-translations", "")
        self._put("#display-presenter", "")
        phases = {f"-{phase}": False for phase in timer.PHASES}
        self._put("#display-countdown", "--:--", classes={**phases, "-paused": False})
        self._put("#display-status", "")
        self._put("#display-speaker", "", classes={"-warning": False, "-overrun": False, "-paused": False})
        self._put("#display-queue", "")
        if self.show_board:
            self._put(
                "#display-next-title", _("Bedarfe im Netzwerk: offen, in Arbeit, in den letzten 3 Monaten gedeckt")
            )
            self._show_board()
        else:
            self._put("#display-next-title", "")
            self._put("#display-next", "")

    def _show_speakers(self, shown: moderation.DisplayState) -> None:
        speaker = shown.speaker
        text, classes = "", {"-warning": False, "-overrun": False, "-paused": False}
        if speaker is not None:
            name = f"{speaker.name} ({speaker.group})" if speaker.group else speaker.name
            if speaker.limited:
                text = _("Es spricht: {name} · noch {clock}").format(name=name, clock=speaker.clock)
                if speaker.clock.startswith("+"):
                    text = _("Es spricht: {name} · Redezeit um {clock}").format(name=name, clock=speaker.clock)
            else:
                text = _("Es spricht: {name} · {clock}").format(name=name, clock=speaker.clock)
            classes = {
                "-warning": speaker.phase == timer.WARNING,
                "-overrun": speaker.phase == timer.OVERRUN,
                "-paused": speaker.paused,
            }
        self._put("#display-speaker", text, classes=classes)
        queue = ""
        if shown.next_speakers:
            queue = _("Als Nächstes: {names}").format(names=", ".join(shown.next_speakers))
            more = shown.waiting_count - len(shown.next_speakers)
            if more > 0:
                queue += " " + _("(+{count} weitere)").format(count=more)
        self._put("#display-queue", queue)

    def _show_board(self) -> None:
        """The needs board in the room below the countdown; what does not fit is counted ("… und 2 weitere")."""
        self._put("#display-next", self._board_text())

    def _refit_board(self) -> None:
        """Count the board's (or the review's) room again once what a tick changed above it is laid out."""
        if not self.is_mounted or self.shown_state is None or self.state is None:
            return
        if self.show_board:
            self._show_board()
        elif reviewed := self._review_lines(self.shown_state):
            self._put("#display-next", self._fitted(reviewed, "", _review_headings()))

    def _board_text(self) -> str:
        lines = []
        for need in self.board:
            line = " · ".join(part for part in (need.topic, need.group, need.text) if part)
            if need.status_label:  # the status whole at the end: "· in Arbeit", never "· in" and "Arbeit"
                line = f"{line} ·{WHOLE}{_whole(need.status_label)}" if line else _whole(need.status_label)
            lines.append(line)
        return self._fitted(lines, _("Keine offenen Bedarfe."))

    def _review_lines(self, shown: moderation.DisplayState) -> list[str]:
        """While "Offene Punkte" runs: the action items, then the needs and the questions of earlier meetings, each
        part under its own heading. Needs and questions by group and topic, never by who raised, asked or takes care."""
        view = self.view
        current = self.state.current if self.state is not None else None
        if view is None or current is None or current.item.kind != "open_items":
            return []
        lines = []
        for entry in shown.review:
            parts = [entry.text, entry.owner, _whole(_("bis {due}").format(due=entry.due)) if entry.due else ""]
            lines.append(" · ".join(p for p in parts if p) + f" –{WHOLE}{_whole(_review_status(entry.status))}")
        needs_heading, questions_heading = _review_headings()
        if view.open_needs:
            lines.append(needs_heading)
            for need in view.open_needs:
                status = need.status or "open"
                parts = [topic_label(need.topic) if need.topic else "", group_label(need.group) if need.group else ""]
                parts.append(need.text)
                lines.append(" · ".join(p for p in parts if p) + f" –{WHOLE}{_whole(need_status_label(status))}")
        if view.open_questions:
            lines.append(questions_heading)
            for question in view.open_questions:
                parts = [question.text, group_label(question.group) if question.group else ""]
                answered = _("beantwortet") if question.status == "answered" else _("offen")
                lines.append(" · ".join(p for p in parts if p) + f" –{WHOLE}{_whole(answered)}")
        return lines

    def _fitted(self, lines: list[str], empty: str, headings: Collection[str] = ()) -> str:
        """``lines`` in the room below the countdown; the entries that do not fit are counted ("… und 2 weitere")."""
        if not lines:
            return empty
        shown_in = self.query_one("#display-next", Static)
        width = shown_in.content_size.width
        if width <= 0:
            return "\n".join(lines)  # not laid out yet: counted once it is
        room = self.query_one("#display-body").content_region.bottom - shown_in.region.y
        heights = [len(_kept_lines(literal(line).plain, width)) for line in lines]
        if sum(heights) <= room:
            return "\n".join(lines)
        kept, used = 0, 1  # one row for the line that counts the rest
        while kept < len(lines) and used + heights[kept] <= room:
            used += heights[kept]
            kept += 1
        while kept and lines[kept - 1] in headings:  # a heading with nothing of its part under it
            kept -= 1
        more = sum(1 for line in lines[kept:] if line not in headings)  # entries counted, not headings
        rest = ngettext("… und {count} weiterer", "… und {count} weitere", more).format(count=more)
        return "\n".join([*lines[:kept], rest])

    def _show_next(
        self, state: AgendaState, upcoming: list[timer.ItemState], now: datetime, shown: moderation.DisplayState
    ) -> None:
        """Below: the needs board (on ``b``), the open items while they are reviewed, else the next items."""
        if self.show_board:
            # The board's rule in its title: a need closed as "nicht möglich" (or met long ago) is not on it.
            self._put(
                "#display-next-title", _("Bedarfe im Netzwerk: offen, in Arbeit, in den letzten 3 Monaten gedeckt")
            )
            self._show_board()
            return
        reviewed = self._review_lines(shown)
        if reviewed:
            self._put("#display-next-title", _("Offene Punkte aus früheren Treffen"))
            self._put("#display-next", self._fitted(reviewed, "", _review_headings()))
            return
        start = now
        if state.current is not None:
            start += timedelta(seconds=max(0.0, state.current.remaining_seconds))
        elif upcoming:
            if state.meeting_started_at is None and state.planned_start > now:
                start = state.planned_start
            if start.date() == now.date():
                # The first pending item is the one shown as "coming up"; the list starts after it.
                start += timedelta(seconds=upcoming[0].planned_seconds)
                upcoming = upcoming[1:]
        self._put("#display-next-title", _("Danach") if start.date() == now.date() else _("Tagesordnung"))
        lines = []
        for item in upcoming[:6]:
            lines.append(
                _("ca. {time}  {title} · {minutes} Min").format(
                    time=format_time(start.astimezone(now.tzinfo)),
                    title=item_title(item.item),
                    minutes=item.planned_minutes,
                )
            )
            start += timedelta(seconds=item.planned_seconds)
        self._put("#display-next", "\n".join(lines) or _("Keine weiteren Punkte."))
