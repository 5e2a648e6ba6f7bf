"""Subcommands of the command line: each module here has ``register(subparsers, common)``.

A handler is set with ``parser.set_defaults(handler=fn)``; ``fn(args, ctx)`` returns the exit status.
``needs_store=False`` lets a command run without opening the store. Commands call the services
(``integra_tui.services``) and catch nothing but what the command line reports itself: every refusal
is an ``integra_tui.errors.IntegraError``, which ``integra_tui.cli.main`` prints as one line.
"""

from __future__ import annotations

from typing import Any

from integra_tui.services.context import Context

__all__ = ["run_tui"]


def run_tui(ctx: Context, **options: Any) -> int:
    """Open the Textual app on ``ctx`` (options pick the first screen); returns the exit status 0."""
    # Imported here, not at the top: Textual takes a moment to load, and headless commands never need it.
    from integra_tui.ui.app import make_app

    ctx.fold_on_close(True)  # the TUI's clean exit folds the journal into the main file
    make_app(ctx, **options).run()
    return 0
