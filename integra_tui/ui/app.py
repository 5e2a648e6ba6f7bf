"""The Textual app: opens on a screen, watches the store for other processes' changes, help and palette."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from typing import Any, Callable, Iterable

from textual import events, work
from textual.actions import parse as parse_action
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Static

from integra_tui.domain.text import clean_text
from integra_tui.errors import IntegraError, StoreBusyError
from integra_tui.i18n import N_, _, gettext
from integra_tui.services.context import Context, resolve_meeting
from integra_tui.ui.app_base import ServiceApp
from integra_tui.ui.messages import StoreChanged
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.service_thread import ServiceThread
from integra_tui.ui.text import literal, shown

__all__ = ["IntegraApp", "MeetingOpener", "SCREEN_FACTORIES", "make_app"]

ScreenFactory = Callable[["IntegraApp", dict[str, Any]], Screen]


def _home(app: "IntegraApp", options: dict[str, Any]) -> Screen:
    from integra_tui.ui.screens.home import HomeScreen

    return HomeScreen(meeting_id=options.get("meeting_id"))


def _door(app: "IntegraApp", options: dict[str, Any]) -> Screen:
    from integra_tui.ui.screens.door import door_screen

    return door_screen(app, options)


def _moderator(app: "IntegraApp", options: dict[str, Any]) -> Screen:
    from integra_tui.ui.screens.moderator import ModeratorScreen

    return ModeratorScreen(meeting_id=options.get("meeting_id"))


def _display(app: "IntegraApp", options: dict[str, Any]) -> Screen:
    from integra_tui.ui.screens.display import DisplayScreen

    return DisplayScreen(meeting_id=options.get("meeting_id"))


class MeetingOpener(IntegraScreen[None]):
    """A first screen that needs a meeting's id: looks the meeting up on the service thread (the given id, else
    the current meeting), then gives its place to ``open_screen(meeting_id)``; a refusal (no such meeting,
    no meeting yet) is shown here instead of stopping the app."""

    def __init__(self, meeting_id: int | None, open_screen: Callable[[int], Screen[Any]]) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self._open_screen = open_screen

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Moment …"), id="opener-message", markup=False)

    def on_mount(self) -> None:
        ctx, meeting_id = self.ctx, self.meeting_id
        self.call_service(lambda: resolve_meeting(ctx, meeting_id).id, self._found, failed=self._refused, toast=False)

    def _found(self, meeting_id: int) -> None:
        self.app.switch_screen(self._open_screen(meeting_id))

    def _refused(self, error: IntegraError) -> None:
        self.query_one("#opener-message", Static).update(literal(str(error) + "\n\n" + _("Strg+Q beendet die App.")))


def _agenda_editor(app: "IntegraApp", options: dict[str, Any]) -> Screen:
    from integra_tui.ui.screens.agenda_editor import AgendaEditorScreen

    return MeetingOpener(options.get("meeting_id"), AgendaEditorScreen)


SCREEN_FACTORIES: dict[str, ScreenFactory] = {"home": _home, "door": _door}
"""First screens by name (``make_app(ctx, screen=...)``); each screen module adds its own."""
SCREEN_FACTORIES["moderator"] = _moderator
SCREEN_FACTORIES["display"] = _display
SCREEN_FACTORIES["agenda_editor"] = _agenda_editor


def _coordinator(app: "IntegraApp", options: dict[str, Any]) -> Screen:
    from integra_tui.ui.screens.coordinator import CoordinatorScreen

    return CoordinatorScreen(meeting_id=options.get("meeting_id"))


SCREEN_FACTORIES["coordinator"] = _coordinator


class IntegraApp(ServiceApp):
    """The round table app on one store."""

    TITLE = "INTEGRA"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # priority: also inside dialogs, which otherwise hide the app's bindings.
        # Labels on classes are marked with N_ and translated where they are shown (the screens' footer, the
        # palette below), so they follow the language set after import.
        Binding("f1", "show_help", N_("Hilfe"), tooltip=N_("Erklärt diesen Bildschirm"), id="help", priority=True),
        Binding(
            "ctrl+q",
            "quit",
            N_("Beenden"),
            tooltip=N_("Beendet die App; alles ist schon gespeichert"),
            id="quit",
            priority=True,
        ),
    ]

    refresh_seconds = 1.0
    """How often the app looks for changes other processes made to the store: its heartbeat, which also
    ticks every clock on the screens (:meth:`every_second`)."""

    heartbeat_lag = 0.02
    """How long after the wall clock's second turns the heartbeat comes: a clock drawn then shows the new second."""

    heartbeat_slack = 0.25
    """How late a beat may come before the heartbeat is set to the turn of the second again."""

    def __init__(self, ctx: Context, screen: str = "home", **options: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.services = ServiceThread()
        """Where screens run service calls, one at a time and in order (``IntegraScreen.call_service``)."""
        self.first_screen = screen
        self.options = options
        self._generation = ctx.generation
        self._refresh_lock = threading.Lock()
        self._refresh_wanted = False
        self._refresh_running = False
        self._each_second: list[Callable[[], object]] = []
        self._heartbeat: Timer | None = None
        self.sub_title = shown(ctx.display_path, one_line=True)  # the real file first, when --db names a link

    async def action_quit(self) -> None:
        """Ctrl+Q quits; a screen with something running (the moderator's meeting) may ask first."""
        for screen in self.screen_stack:
            ask = getattr(screen, "ask_before_quit", None)
            if ask is not None and ask():
                return
        self.exit()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast; its text is shown literally, never read as markup (it often holds a name or a title).

        Every ``notify`` of a screen or widget ends here, so no message needs escaping where it is made.
        """
        super().notify(shown(message), title=shown(title), severity=severity, timeout=timeout, markup=False)

    async def on_event(self, event: events.Event) -> None:
        # Pasted text is the one way a control character gets into a field (typed keys carry none):
        # cleaned here, before any widget sees it, so no field ever holds or draws an ESC or an override.
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = clean_text(event.text)
        await super().on_event(event)

    def on_mount(self) -> None:
        self.push_screen(SCREEN_FACTORIES[self.first_screen](self, self.options))
        self._start_heartbeat()
        self._exit_cleanly_on_signals()

    def on_unmount(self) -> None:
        # The calls queued before the exit still run to the end: what a screen showed as saving is saved.
        self.services.close()

    def _exit_cleanly_on_signals(self) -> None:
        """A closed terminal window (SIGHUP) or a shutdown (SIGTERM) ends the app like Ctrl+Q does,
        so the store is closed and left as one plain TinyDB file (what was saved is safe either way)."""
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            try:
                loop.add_signal_handler(number, self.exit)
            except (NotImplementedError, RuntimeError, ValueError):  # no signals here (Windows, a thread)
                pass

    # -- the heartbeat: one timer for the store's poll and every clock on the screens ------------------
    def every_second(self, callback: Callable[[], object]) -> Callable[[], None]:
        """Call ``callback`` on every heartbeat, once a second just after the wall clock's second turns
        (a clock drawn then changes with the second it shows); returns what stops it.

        One timer wakes the app once a second for the store's poll and for every screen's clock: a
        timer of its own per screen woke it twice or more, each wake-up costing as much as the poll.
        """
        self._each_second.append(callback)

        def stop() -> None:
            if callback in self._each_second:
                self._each_second.remove(callback)

        return stop

    def _start_heartbeat(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.stop()
        self._heartbeat = None
        self.set_timer(self._until_next_beat(), self._first_beat, name="heartbeat-start")

    def _until_next_beat(self) -> float:
        period = self.refresh_seconds
        return (period - time.time() % period + self.heartbeat_lag) % period or period

    def _first_beat(self) -> None:
        # The interval counts from now: it starts only on a beat that came on time. A late one (the loop
        # busy with the first screen) waits for the next turn of the second once more.
        if (time.time() - self.heartbeat_lag) % self.refresh_seconds < self.heartbeat_slack / 5:
            self._heartbeat = self.set_interval(self.refresh_seconds, self._beat, name="heartbeat")
        else:
            self.set_timer(self._until_next_beat(), self._first_beat, name="heartbeat-start")
        self._beat()

    def _beat(self) -> None:
        self._poll_store()
        for callback in tuple(self._each_second):
            callback()
        # The interval keeps its own (monotonic) time from when it was started: after a late start (a busy
        # loop while the first screen mounts), a wall clock that was set, or a suspended laptop, it is
        # started again from the next turn of the second.
        lateness = (time.time() - self.heartbeat_lag) % self.refresh_seconds
        if lateness > self.heartbeat_slack and self._heartbeat is not None:
            self._start_heartbeat()

    def _poll_store(self) -> None:
        # The timer's look: two stat calls here on the loop, and a worker only when they show that the
        # files changed (or this process wrote since the last look); skipped while a look is under way
        # (the next tick looks again), so a slow disk cannot keep a refresh worker running for ever.
        if self._refresh_running:
            return
        try:
            changed = self.ctx.generation != self._generation or self.ctx.may_have_changed()
        except IntegraError:  # the worker's refresh says what is wrong
            changed = True
        if changed:
            self.check_store()

    def check_store(self) -> None:
        """Look for new data in a thread (a reload may take a moment on a large store); the poll calls it
        when the files changed, a test to look at once.

        A request while a look is under way is folded into one more look by the same worker: no
        worker is cancelled (a thread cannot be), none runs twice at once, and none is missed.
        """
        with self._refresh_lock:
            self._refresh_wanted = True
            if self._refresh_running:
                return
            self._refresh_running = True
        self._refresh_store()

    @work(thread=True, group="store-refresh")
    def _refresh_store(self) -> None:
        while True:
            with self._refresh_lock:
                if not self._refresh_wanted:
                    self._refresh_running = False
                    return
                self._refresh_wanted = False
            try:
                generation = self.ctx.refresh()
            except StoreBusyError:
                # Another program holds the store (a long import, an export): nothing to show yet, and no
                # toast every second; the next poll looks again, and a save says it plainly if it must wait.
                continue
            except IntegraError as error:
                self.call_from_thread(self.notify, str(error), severity="error", timeout=10)
                continue
            if generation != self._generation:
                self._generation = generation
                self.call_from_thread(self.announce_store_change)

    def announce_store_change(self) -> None:
        """Tell the visible screen that the store changed."""
        self._generation = self.ctx.generation
        self.screen.post_message(StoreChanged())

    def action_show_help(self) -> None:
        from integra_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()  # F1 again closes the help
            return
        # A dialog without its own help explains itself through the screen it was opened from.
        text = next((screen.HELP for screen in reversed(self.screen_stack) if getattr(screen, "HELP", "")), "")
        self.push_screen(HelpScreen(gettext(text) or _("Für diesen Bildschirm gibt es noch keine Hilfe.")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every binding of the app and the current screen that works now, also in the command palette (ctrl+p).

        A binding the screen's ``check_action`` hides or disables (a key of another tab of the coordinator, F4
        at the door without an invitation for another meeting) is left out: the palette offers what works.
        """
        seen = set()
        for source in (screen, self):
            for binding in getattr(source, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
                    continue
                seen.add(binding.action)
                action = binding.action
                _namespace, name, parameters = parse_action(action)
                if not source.check_action(name, parameters):
                    continue
                description = gettext(binding.description)
                yield SystemCommand(
                    f"{description} ({binding.key})",
                    gettext(binding.tooltip) or description,
                    lambda action=action, source=source: self.run_action(action, source),
                )
        yield SystemCommand(_("Design wechseln"), _("Farben der Oberfläche ändern"), self.action_change_theme)


def make_app(ctx: Context, screen: str = "home", **options: Any) -> IntegraApp:
    """Build the app on ``ctx``: the factory the command line and the tests share."""
    return IntegraApp(ctx, screen=screen, **options)
