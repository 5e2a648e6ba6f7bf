"""The layers stay apart, proved on the source and in fresh interpreters.

- ``domain/`` imports nothing of the app but itself (not ``i18n``, not ``errors``): rules without words.
- ``store/`` is the only code that imports tinydb; ``records/`` the only code that imports the store.
- ``ui/``, ``commands/`` and ``cli.py`` never import the store or the records; services never the UI.
- No table name and no reach into the store (``ctx.store.``) outside ``records/`` and ``store/``.
- No import circle anywhere (the screens' base is typed on ``ui/app_base.py``, not on the app that opens them).
- Services import the domain, the records and io, never each other to read (a few shared modules
  aside; the imports still to go are listed and the list only shrinks).

The same contracts are in ``pyproject.toml`` for import-linter (``lint-imports``); this file keeps
them checked by the test run alone. Function-level imports count as imports here.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import integra_tui
from integra_tui.records import (
    agenda_items,
    captures,
    checkins,
    codes,
    contact_consents,
    groups,
    invitees,
    meeting_plans,
    meetings,
    persons,
    settings,
    speaker_events,
    timer_events,
    topics,
    volunteers,
)

PACKAGE = Path(integra_tui.__file__).parent
ROOT = PACKAGE.name

TABLES = {
    module.TABLE
    for module in (
        agenda_items,
        captures,
        checkins,
        codes,
        contact_consents,
        groups,
        invitees,
        meeting_plans,
        meetings,
        persons,
        settings,
        speaker_events,
        timer_events,
        topics,
        volunteers,
    )
} | {"meta"}
"""Every table of the store (``meta`` belongs to the store itself)."""

STORE_API = {
    "get",
    "all",
    "find",
    "find_one",
    "search",
    "count",
    "insert",
    "update",
    "remove",
    "transaction",
    "table",
    "refresh",
    "generation",
    "compact",
    "erase_history",
    "close",
}

# Strings equal to a table name that are not table names, each with the reason.
NOT_TABLE_NAMES = {
    ("commands/imports.py", "invitees"): "the command line's word: integra-tui import invitees",
    ("commands/settings.py", "settings"): "the command line's word: integra-tui settings",
    ("cli.py", "settings"): "the command line's word and its module (cli.COMMAND_MODULES)",
    ("cli.py", "meetings"): "the module of the commands meeting and demo (cli.COMMAND_MODULES)",
    ("io/invitee_import.py", "groups"): "a column header an invitee list may use",
    ("ui/screens/moderator/screen.py", "settings"): "the name of the moderator's settings action",
    ("services/privacy.py", "codes"): "a section of the right of access (privacy show), as it has always been named",
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _module_name(path: Path) -> str:
    parts = [ROOT, *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _our_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


@cache
def _our_imports(module: str) -> frozenset[str]:
    """The app's modules ``module`` imports (anywhere in the file, functions included)."""
    modules = _our_modules()
    found = set()
    for node in ast.walk(ast.parse(modules[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [f"{node.module}.{alias.name}" for alias in node.names]
            targets = [t if t in modules else node.module for t in targets]
        else:
            continue
        found.update(t for t in targets if t == ROOT or t.startswith(ROOT + "."))
    return frozenset(t for t in found if t in modules and t != ROOT)


def _in(module: str, *packages: str) -> bool:
    return any(module == f"{ROOT}.{p}" or module.startswith(f"{ROOT}.{p}.") for p in packages)


def _offending_imports(sources: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module in _our_modules()
        if _in(module, *sources)
        for target in _our_imports(module)
        if _in(target, *forbidden)
    )


def _source_files(outside: tuple[str, ...] = ("records", "store")) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in outside]


# -- third-party libraries -------------------------------------------------------------------


def test_domain_and_store_do_not_import_textual() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for folder in ("domain", "store", "records")
        for path in (PACKAGE / folder).rglob("*.py")
        if "textual" in _imports(path)
    ]
    assert not offenders


def test_domain_does_no_io_libraries() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "domain").rglob("*.py")
        if _imports(path) & {"tinydb", "textual", "segno", "qrcode", "openpyxl", "fpdf", "cv2", "babel"}
    ]
    assert not offenders


def test_only_the_store_imports_tinydb() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tinydb" in _imports(path) and path.parent.name != "store"
    ]
    assert not offenders


# -- the layers --------------------------------------------------------------------------------


def test_domain_imports_nothing_of_ours_but_itself() -> None:
    offenders = [
        f"{module} imports {target}"
        for module in _our_modules()
        if _in(module, "domain")
        for target in _our_imports(module)
        if not _in(target, "domain")
    ]
    assert not offenders


def test_records_import_only_the_domain_the_store_and_each_other() -> None:
    offenders = [
        f"{module} imports {target}"
        for module in _our_modules()
        if _in(module, "records")
        for target in _our_imports(module)
        if not _in(target, "domain", "store", "records")
    ]
    assert not offenders


def test_only_the_records_import_the_store() -> None:
    everything_else = ("services", "io", "ui", "commands", "cli", "serve", "domain", "errors", "i18n", "__main__")
    assert not _offending_imports(everything_else, ("store",))


def test_ui_and_command_line_never_import_store_or_records() -> None:
    assert not _offending_imports(("ui", "commands", "cli", "serve"), ("store", "records"))


def test_services_never_import_the_ui_or_the_command_line() -> None:
    assert not _offending_imports(("services", "records", "domain", "io"), ("ui", "commands", "cli"))


def test_services_import_no_other_service_inside_a_function() -> None:
    """A function-level import of a service only dodges an import circle; there are none left to dodge."""
    offenders = []
    for module, path in _our_modules().items():
        if not _in(module, "services", "commands") and module != f"{ROOT}.cli":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.module and _in(node.module, "services", "cli"):
                    offenders.append(f"{module}.{function.name} imports {node.module}")
    assert not offenders


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module in the app's import graph (Tarjan)."""
    graph = {module: sorted(_our_imports(module)) for module in _our_modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_no_import_circle_outside_the_ui() -> None:
    outside_ui = [group for group in _cycles() if not all(_in(m, "ui") for m in group)]
    assert not outside_ui, outside_ui


def test_no_import_circle_in_the_ui_either() -> None:
    """The app opens the screens and the screens' base is typed on the app's base (``ui/app_base.py``)."""
    assert not _cycles(), _cycles()


# -- services import the domain, the records and io, never each other to read ---------------------

SHARED_IN_SERVICES = {
    "context": "the ServiceContext (store, clock, transaction), ServiceError, and the meeting or person a use case"
    " acts on, or its refusal (get_meeting, list_meetings, resolve_meeting, get_person, get_living_person,"
    " get_counting_capture)",
    "typed": "how typed text is cleaned before a service stores it: one rule for every service",
    "texts": "the words of refusals and labels (groups, no such person or meeting), also used by the UI and CLI",
    "network_texts": "the network's labels and refusals (topics, need statuses, languages, quarters)",
}
"""Modules in ``services/`` every service may import: they hold no use case and read nothing but the context."""

COMPOSERS = {
    "demo": "builds the demo store through the use cases a person would use, so it imports them all",
}
"""Services made of other services' use cases on purpose (they read nothing themselves)."""

SERVICE_IMPORTS_TO_GO: dict[str, set[str]] = {}
"""Service -> service imports still left (issue 12: "services import domain, records and io, never each other
to read"): none. There were 54, then 35: a rule two services need moved below them (``domain.captures``,
``domain.people``, ``domain.meetings``, ``domain.attendance``; ``records.captures``, ``records.attendance``,
``records.meetings``), the words to ``texts``/``network_texts``, the files to ``io.files``/``io.network_files``;
a composition of one screen's reads moved up to the screen; the network's tables of the report folder are
part of the exports service (``exports.network``). The test fails on any new import; a list here (if one is
ever needed again) may only shrink, and an entry that is gone fails too.
Checked by module: ``moderation.view`` is the file services/moderation/view.py; the imported service is
named by its first part. A service's own package (``moderation.*`` importing ``moderation.*``) is one service.
"""


def _service_imports() -> dict[str, set[str]]:
    """Each service module (short name) and the other services it imports (short names, shared ones left out)."""
    found: dict[str, set[str]] = {}
    prefix = f"{ROOT}.services."
    for module in _our_modules():
        if not module.startswith(prefix):
            continue
        short = module.removeprefix(prefix)
        for target in _our_imports(module):
            if not target.startswith(prefix):
                continue
            other = target.removeprefix(prefix).split(".")[0]
            if other in SHARED_IN_SERVICES or other == short.split(".")[0] or short in COMPOSERS:
                continue
            found.setdefault(short, set()).add(other)
    return found


def test_services_import_no_other_service_to_read() -> None:
    found = _service_imports()
    new = {module: others - SERVICE_IMPORTS_TO_GO.get(module, set()) for module, others in found.items()}
    assert not {m: o for m, o in new.items() if o}, "a service imports another: read through records/ instead"
    gone = {module: others - found.get(module, set()) for module, others in SERVICE_IMPORTS_TO_GO.items()}
    assert not {m: o for m, o in gone.items() if o}, "gone: take these off SERVICE_IMPORTS_TO_GO"


def test_the_shared_service_modules_import_no_service_and_no_records_but_the_context() -> None:
    for name in SHARED_IN_SERVICES:
        imports = _our_imports(f"{ROOT}.services.{name}")
        services = {t for t in imports if _in(t, "services")} - {f"{ROOT}.services.{s}" for s in SHARED_IN_SERVICES}
        assert not services, (name, services)
        if name != "context":  # the context opens the store (records.base) and seeds the groups
            assert not {t for t in imports if _in(t, "records", "store")}, name


def test_the_service_import_check_can_fail() -> None:
    assert "invitations" not in _service_imports().get("checkin", set())  # issue 12: checkin read invitations
    assert "people" not in _service_imports().get("checkin", set())  # nor people.add_person (domain.people now)
    assert "demo" not in _service_imports()  # the composer imports every service and is left out: seen
    assert _our_imports(f"{ROOT}.services.demo") & {f"{ROOT}.services.people", f"{ROOT}.services.meetings"}


# -- no table names and no store access outside the records ------------------------------------


def test_no_table_name_outside_records_and_store() -> None:
    found = []
    for path in _source_files():
        where = str(path.relative_to(PACKAGE))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        widget_ids = {
            id(kw.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            for kw in node.keywords
            if kw.arg == "id"
        }
        exported = {  # names in __all__ are functions and modules, not tables
            id(element)
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            for element in ast.walk(node.value)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and node.value in TABLES
                and id(node) not in widget_ids  # a widget's id (DataTable(id="meetings")) names no table
                and id(node) not in exported
                and (where, node.value) not in NOT_TABLE_NAMES
            ):
                found.append(f"{where}:{node.lineno}: {node.value!r}")
    assert not found


def test_no_store_access_outside_records_and_store() -> None:
    found = []
    for path in _source_files():
        where = str(path.relative_to(PACKAGE))
        text = path.read_text(encoding="utf-8")
        found += [f"{where}: {m.group(0)!r}" for m in re.finditer(r"\bctx\.store\.\w+", text)]
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Attribute):
                continue
            through_store = isinstance(node.value, ast.Attribute) and node.value.attr == "store"
            local_store = isinstance(node.value, ast.Name) and node.value.id == "store" and node.attr in STORE_API
            if through_store or local_store:
                found.append(f"{where}:{node.lineno}: .{node.attr}")
    assert not found


def test_the_checks_above_can_fail() -> None:
    """The scanners see what they look for (a test that cannot fail is a defect)."""
    sample = ast.parse('ctx.store.find("checkins", "person_id", 1)\nstore.get("x", 1)\nTable(id="captures")')
    names = [n.value for n in ast.walk(sample) if isinstance(n, ast.Constant) and n.value in TABLES]
    attributes = [n.attr for n in ast.walk(sample) if isinstance(n, ast.Attribute)]
    assert names == ["checkins", "captures"] and {"find", "store", "get"} <= set(attributes)
    assert _in("integra_tui.records.persons", "records") and not _in("integra_tui.recordsx", "records")
    assert f"{ROOT}.records.base" in _our_imports(f"{ROOT}.records.persons")


# -- in fresh interpreters: what importing a layer really loads -------------------------------


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_importing_the_domain_loads_nothing_else_of_ours() -> None:
    domain = [f"{ROOT}.domain.{p.stem}" for p in (PACKAGE / "domain").glob("*.py") if p.stem != "__init__"]
    loaded = _loaded_after("\n".join(f"import {name}" for name in domain))
    ours = {m for m in loaded if m == ROOT or m.startswith(ROOT + ".")}
    assert ours - {ROOT} <= {m for m in ours if _in(m, "domain")}
    assert not {"tinydb", "textual", "babel"} & {m.split(".")[0] for m in loaded}


def test_importing_every_service_loads_no_ui_and_no_textual() -> None:
    services = [_module_name(p) for p in (PACKAGE / "services").rglob("*.py")]
    loaded = _loaded_after("\n".join(f"import {name}" for name in services))
    assert not {m for m in loaded if _in(m, "ui", "commands", "cli")}
    assert "textual" not in {m.split(".")[0] for m in loaded}
