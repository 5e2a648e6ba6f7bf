"""The command line imports only the module of the command it runs; the table saying which is complete."""

from __future__ import annotations

import argparse
import subprocess
import sys

from integra_tui import cli


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def test_every_command_is_in_the_table_with_its_module() -> None:
    assert _commands(cli.build_parser()) == set(cli.COMMAND_MODULES)
    for command in cli.COMMAND_MODULES:
        assert command in _commands(cli.build_parser(only=command))


def test_the_command_word_is_found_after_the_global_options() -> None:
    assert cli._named_command(["--db", "x.json", "--lang", "en", "checkin", "MG1"]) == "checkin"
    assert cli._named_command(["--lang=en", "import", "invitees", "f.csv"]) == "import"
    assert cli._named_command(["--help"]) is None
    assert cli._named_command([]) is None


def test_a_check_in_does_not_load_the_exports() -> None:
    code = (
        "import sys\n"
        "from integra_tui import cli\n"
        "cli.build_parser(only='checkin')\n"
        "heavy = ('integra_tui.io.exports', 'fpdf', 'openpyxl', 'textual')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
