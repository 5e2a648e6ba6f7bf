"""The second screen: a read-only view of the running meeting for a projector or another terminal.

It runs as its own process on the same store: it reads the events the moderator stores, follows
them through the app's StoreChanged polling (once a second), and ticks the countdown locally.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Static

from integra_tui.domain import agenda as timer
from integra_tui.domain.agenda import AgendaState, format_countdown
from integra_tui.errors import IntegraError
from integra_tui.i18n import _, format_time
from integra_tui.services import moderation
from integra_tui.services.meetings import current_meeting
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.reads import Reads
from integra_tui.ui.screens.moderator import item_kind_label, item_title, status_line
from integra_tui.ui.text import literal

__all__ = ["DisplayScreen"]

HELP = _(
    """# Zweiter Bildschirm

Diese Ansicht zeigt nur an, was die Moderation tut: den laufenden Punkt, wer ihn vorstellt, die
Restzeit, wer als Nächstes spricht und die nächsten Punkte. Sie folgt der Moderation innerhalb
einer Sekunde und lässt sich nicht bedienen. **Strg+Q** beendet sie.
"""
)


class DisplayScreen(Screen[None]):
    """Current item, presenter, countdown, next speaker and next items, large and read-only."""

    CSS_PATH = "display.tcss"
    HELP = HELP
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(self, meeting_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id: int | None = meeting_id
        """The meeting shown."""
        self.view: moderation.MeetingView | None = None
        """What was last read from the store."""
        self.state: AgendaState | None = None
        """The agenda at the last tick."""
        self._reads = Reads()

    def compose(self) -> ComposeResult:
        with Vertical(id="display-body"):
            yield Static("", id="display-bar")
            yield Static("", id="display-title")
            yield Static("", id="display-presenter")
            with Center():
                yield Digits("--:--", id="display-countdown")
            yield Static("", id="display-status")
            yield Static("", id="display-speaker")
            yield Static(_("Danach"), id="display-next-title")
            yield Static("", id="display-next")

    def on_mount(self) -> None:
        if self.meeting_id is None:
            meeting = current_meeting(self.app.ctx)
            self.meeting_id = meeting.id if meeting else None
        if self.meeting_id is None:
            self.query_one("#display-title", Static).update(_("Es gibt noch kein Treffen."))
            return
        self.load()
        self.set_interval(1.0, self.tick)

    def on_store_changed(self, message: StoreChanged) -> None:
        self.load()

    def load(self) -> None:
        """Read the meeting off the UI thread, then show it (the newest read wins)."""
        self._load(self._reads.start())

    @work(thread=True, group="display-load")
    def _load(self, read: int) -> None:
        assert self.meeting_id is not None
        try:
            view = moderation.load_view(self.app.ctx, self.meeting_id, suggestions=False)
        except IntegraError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self._loaded, read, view)

    def _loaded(self, read: int, view: moderation.MeetingView) -> None:
        if not self._reads.is_newest(read):
            return
        self.view = view
        self.tick()

    def tick(self) -> None:
        """Show the meeting at ``now``."""
        view = self.view
        if view is None:
            return
        now = self.app.ctx.now()
        state = view.agenda(now)
        self.state = state
        current = state.current
        title = self.query_one("#display-title", Static)
        presenter = self.query_one("#display-presenter", Static)
        digits = self.query_one("#display-countdown", Digits)
        status = self.query_one("#display-status", Static)
        speaker = self.query_one("#display-speaker", Static)
        bar = self.query_one("#display-bar", Static)
        bar.update(
            literal(
                _("{title} · {time} · Ende ca. {projected}").format(
                    title=view.meeting.title,
                    time=now.strftime("%H:%M"),
                    projected=format_time(state.projected_end.astimezone(now.tzinfo)),
                )
            )
        )
        bar.set_class(state.projected_end_late, "-late")
        for phase in timer.PHASES:
            digits.set_class(current is not None and current.phase == phase, f"-{phase}")
        digits.set_class(current is not None and current.status == timer.PAUSED, "-paused")
        upcoming = [s for s in state.items if s.status == timer.PENDING]
        if current is None:
            if state.meeting_ended_at is not None:
                title.update(_("Das Treffen ist beendet."))
            elif upcoming:
                title.update(literal(_("Gleich: {title}").format(title=item_title(upcoming[0].item))))
            else:
                title.update(literal(view.meeting.title))
            presenter.update(literal(upcoming[0].item.presenter if upcoming and state.meeting_ended_at is None else ""))
            digits.update(
                format_countdown(upcoming[0].planned_seconds)
                if upcoming and state.meeting_ended_at is None
                else "--:--"
            )
            status.update("")
            speaker.update("")
        else:
            title.update(literal(item_title(current.item)))
            who = current.item.presenter
            presenter.update(
                literal(f"{item_kind_label(current.item.kind)} · {who}" if who else item_kind_label(current.item.kind))
            )
            digits.update(format_countdown(current.remaining_seconds))
            status.update(status_line(current))
            speakers = view.speakers(current.id, now)
            parts = []
            if speakers.current is not None:
                parts.append(_("Es spricht: {name}").format(name=speakers.current.entry.name))
            if speakers.queue:
                parts.append(_("Als Nächstes spricht: {name}").format(name=speakers.queue[0].name))
            speaker.update(literal(" · ".join(parts)))
        self._show_next(state, upcoming, now)

    def _show_next(self, state: AgendaState, upcoming: list[timer.ItemState], now: datetime) -> None:
        """The items after the one shown, each with the time it is expected to start."""
        start = now
        if state.current is not None:
            start += timedelta(seconds=max(0.0, state.current.remaining_seconds))
        elif upcoming:
            # The first pending item is the one shown as "coming up"; the list starts after it.
            if state.meeting_started_at is None and state.planned_start > now:
                start = state.planned_start
            start += timedelta(seconds=upcoming[0].planned_seconds)
            upcoming = upcoming[1:]
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
        self.query_one("#display-next", Static).update(literal("\n".join(lines) or _("Keine weiteren Punkte.")))
