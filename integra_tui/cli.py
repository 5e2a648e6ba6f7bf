"""The command line: global options, subcommands found in integra_tui.commands, exit codes.

Exit status: 0 success, 1 a refused action (one line on stderr), 2 wrong usage; commands may
define more (the headless check-in uses 3 and 4). User errors never show a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from typing import Callable, Sequence

from integra_tui import __version__, commands, i18n
from integra_tui.commands import apply_test_clock, echo, run_tui
from integra_tui.errors import IntegraError
from integra_tui.i18n import _
from integra_tui.services.context import Context, open_context

__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "build_parser", "main", "run_tui"]

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, Context], int | None]

# argparse words its own usage errors in English; the German UI gets them in German too.
_ARGPARSE_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "show program's version number and exit": "die Version zeigen und beenden",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "Argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ungültige Wahl: %(value)r (möglich: %(choices)s)",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "expected one argument": "erwartet einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "invalid %(type)s value: %(value)r": "ungültiger Wert (%(type)s): %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutige Option: %(option)s passt auf %(matches)s",
    "not allowed with argument %s": "nicht zusammen mit %s erlaubt",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
}


def _argparse_text(message: str) -> str:
    return _ARGPARSE_GERMAN.get(message, message) if i18n.current_language() == "de" else message


argparse._ = _argparse_text  # type: ignore[attr-defined]


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    suppress = None if defaults else argparse.SUPPRESS
    common.add_argument(
        "--db",
        metavar="PATH",
        default=suppress,
        help=_("Datenbankdatei (sonst $INTEGRA_DB, sonst der Datenordner des Benutzers)"),
    )
    common.add_argument(
        "--lang", choices=i18n.LANGUAGES, default=suppress, help=_("Sprache der Oberfläche und Meldungen (de oder en)")
    )
    return common


COMMAND_MODULES: dict[str, str] = {
    "agenda": "agenda",
    "checkin": "door",
    "contacts": "contacts",
    "decisions": "decisions",
    "demo": "meetings",
    "display": "moderate",
    "door": "door",
    "export": "export",
    "followup": "followup",
    "import": "imports",
    "invitations": "invitations",
    "meeting": "meetings",
    "moderate": "moderate",
    "needs": "needs",
    "privacy": "privacy",
    "questions": "questions",
    "serve": "serve",
    "settings": "settings",
    "topics": "topics",
    "walkin": "door",
    "welcome": "welcome",
}
"""Which module of ``integra_tui.commands`` registers each command (``tests/cli`` checks it against them all):
a command line naming one command imports that module only, not the services of every other one."""


def _named_command(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (the first word that is neither an option nor an option's value)."""
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in ("--db", "--lang"):
            index += 2
            continue
        if arg.startswith("-"):
            return None if arg in ("-h", "--help", "--version") else _named_command(argv[index + 1 :])
        return arg
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser: global options plus every command module's subcommands.

    ``only`` (a command's name in :data:`COMMAND_MODULES`) registers just the module of that command:
    the same parser for that command line, without importing the others.
    """
    parser = argparse.ArgumentParser(
        prog="integra-tui",
        description=_("Check-in, Tagesordnung und Absprachen für das INTEGRA-Netzwerktreffen."),
        parents=[_common_options(defaults=True)],
    )
    parser.add_argument("--version", action="version", version=f"integra-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=_("BEFEHL"))
    common = _common_options(defaults=False)
    if only in COMMAND_MODULES:
        names = [COMMAND_MODULES[only]]
    else:
        names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__))
    for name in names:
        module = importlib.import_module(f"{commands.__name__}.{name}")
        module.register(sub, common)
    return parser


def _preselect_language(argv: Sequence[str]) -> None:
    """Set --lang before the parser is built, so help texts come in that language too."""
    for index, arg in enumerate(argv):
        value = (
            arg.split("=", 1)[1]
            if arg.startswith("--lang=")
            else (argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None)
        )
        if value in i18n.LANGUAGES:
            i18n.set_language(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _preselect_language(argv)
    parser = build_parser(only=_named_command(argv))
    args = parser.parse_args(argv)
    if args.lang:
        i18n.set_language(args.lang)
    handler: Handler | None = getattr(args, "handler", None)
    needs_store = getattr(args, "needs_store", True)
    ctx: Context | None = None
    try:
        if needs_store:
            ctx = open_context(args.db)
            ctx.fold_on_close(None)  # a command folds the journal in only when that is cheap or due
            apply_test_clock(ctx)  # tests only: $INTEGRA_FAKE_NOW
        if handler is None:
            assert ctx is not None
            return run_tui(ctx)
        return int(handler(args, ctx) or EXIT_OK)  # type: ignore[arg-type]
    except IntegraError as error:
        echo(_("Fehler: {message}").format(message=error), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_REFUSED
    except BrokenPipeError:
        # The reader went away (`integra-tui … | head`): what the command did is saved; the rest of
        # its output has nowhere to go, so it goes nowhere, without a traceback at exit.
        _silence_stdout()
        return EXIT_OK
    finally:
        if ctx is not None:
            try:
                ctx.close()
            except IntegraError:
                pass


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
