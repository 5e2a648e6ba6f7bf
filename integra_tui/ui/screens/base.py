"""The base of every screen: the typed app and its context, and one ordered way to call a service.

Every service call that touches the store runs off the event loop (the UI never waits on the disk),
on the app's one service thread: calls run one at a time, in the order the screens asked for them,
whichever screen asked. So a check-in made at the door and a capture made a moment later by the
moderator reach the store in that order, and no two calls ever run into each other. ``done`` gets
the result back on the event loop; a refusal (``ServiceError``) becomes a warning toast, any other
``IntegraError`` an error toast, never a traceback.

Labels declared on a class (binding descriptions, tooltips and group labels, marked with ``N_``) are translated here,
where the footer and the key panel read them, so they are in the language active when the screen is
drawn, whatever was imported first. ``IntegraModal`` is the same base for dialogs.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, Callable, TypeVar

from textual import events, getters, on
from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen

from integra_tui.errors import IntegraError, ServiceError, StoreBusyError
from integra_tui.i18n import gettext
from integra_tui.services.context import Context
from integra_tui.ui.app_base import ServiceApp

__all__ = ["IntegraModal", "IntegraScreen", "TranslatedBindings", "translated_binding"]

ResultT = TypeVar("ResultT")
T = TypeVar("T")


class TranslatedBindings(Screen[ResultT]):
    """A screen whose footer shows its bindings' labels in the language active now (see the module's note).

    Every ``IntegraScreen`` is one; a screen that also runs outside the app (a code to show) uses it alone.
    """

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return {
            key: ActiveBinding(active.node, translated_binding(active.binding), active.enabled, gettext(active.tooltip))
            for key, active in super().active_bindings.items()
        }


class IntegraScreen(TranslatedBindings[ResultT]):
    """A screen of the app: ``self.app`` is typed, ``self.ctx`` is the store's context."""

    app = getters.app(ServiceApp)  # IntegraApp, typed on its base: the app imports the screens

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._heartbeat_stops: list[Callable[[], None]] = []

    @property
    def ctx(self) -> Context:
        """The open store and clock the app runs on."""
        return self.app.ctx

    def every_second(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once a second while this screen is mounted, on the app's heartbeat (with the
        store's poll, just after the wall clock's second turns: see ``IntegraApp.every_second``)."""
        self._heartbeat_stops.append(self.app.every_second(callback))

    @on(events.Unmount)
    def _stop_every_second(self) -> None:
        for stop in self._heartbeat_stops:
            stop()
        self._heartbeat_stops.clear()

    def call_service(
        self,
        call: Callable[[], T],
        done: Callable[[T], object] | None = None,
        *,
        failed: Callable[[IntegraError], None] | None = None,
        toast: bool = True,
    ) -> None:
        """Run ``call`` on the app's service thread, in order; then ``done(result)`` on the event loop.

        A refusal or store error is shown as a toast (``failed`` is called after it, to put the
        screen back); ``toast=False`` leaves the saying of a refusal, or of a busy store (nothing
        happened, the same call can be made again), to ``failed`` (a form that shows it next to its
        fields, the door's panel); any other store error is a toast all the same. ``done`` is skipped when the
        screen has closed meanwhile; the call itself always completes.
        """
        future = self.app.services.submit(call)
        self.run_worker(self._finish(future, done, failed, toast), group="service", exit_on_error=True)

    async def _finish(
        self,
        future: Future[Any],
        done: Callable[[Any], object] | None,
        failed: Callable[[IntegraError], None] | None,
        toast: bool = True,
    ) -> None:
        try:
            # Shielded: a screen closing cancels its workers, and an unshielded wait would cancel the
            # queued call with it (a capture typed just before Escape would never be saved).
            result = await asyncio.shield(asyncio.wrap_future(future))
        except (ServiceError, StoreBusyError) as error:  # refused, or not done yet: said once, where it is asked
            if toast or failed is None:
                self.notify(str(error), severity="warning", timeout=6)
            if failed is not None and self._can_show():
                failed(error)
            return
        except IntegraError as error:  # the store failed: always said where it is seen, whatever the screen shows
            self.notify(str(error), severity="error", timeout=10)
            if failed is not None and self._can_show():
                failed(error)
            return
        if done is not None and self._can_show():
            done(result)

    def _can_show(self) -> bool:
        """Whether a result can still be shown here: the app runs and this screen is in it, not being removed.

        A screen that closes (the app quitting, a dialog dismissed) loses its widgets first and its workers
        last: a result that came back in between found no widget to show it in (NoMatches, the app stopped).
        """
        return self.app.is_running and self.is_attached and not (self._closing or self._closed or self._pruning)


class IntegraModal(ModalScreen[ResultT], IntegraScreen[ResultT]):
    """A dialog of the app: modal, with the typed app, ``ctx`` and ``call_service`` of every screen.

    ``ModalScreen`` first: Textual takes a screen's default CSS and type names along the first base only,
    so this way a dialog keeps ``ModalScreen``'s look (the screen below dimmed, not blanked out).
    """


def translated_binding(binding: Binding) -> Binding:
    """``binding`` with its description, tooltip and group label in the language active now."""
    description, tooltip = gettext(binding.description), gettext(binding.tooltip)
    group = binding.group
    if group is not None and gettext(group.description) != group.description:
        group = replace(group, description=gettext(group.description))  # equal for every key of the group
    if description == binding.description and tooltip == binding.tooltip and group is binding.group:
        return binding
    return replace(binding, description=description, tooltip=tooltip, group=group)
