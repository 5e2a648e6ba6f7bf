"""A letter to hand to a person: plain sentences in sections, as Markdown or as plain text.

Used for the right of access (Art. 15 DSGVO, ``integra-tui privacy show``): the services write the
sentences (``services.privacy.access_letter``); this module only lays them out. No Markdown escape
shows in the plain text, and the Markdown escapes only what would really turn into markup there
(a name with an underscore inside a word, an e-mail address, a hyphenated name print as typed).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

__all__ = ["Letter", "LetterSection", "letter_markdown", "letter_text", "md_light"]


@dataclass(frozen=True)
class LetterSection:
    """One part of the letter: a heading, what it is for, and its lines (or only ``empty`` when it has none)."""

    heading: str
    intro: str
    """The sentence before the lines (what is stored, since when)."""
    lines: tuple[str, ...] = ()
    purpose: str = ""
    """What these data are for ("Wozu: …")."""
    empty: str = ""
    """Said instead of the lines when there are none."""


@dataclass(frozen=True)
class Letter:
    """A letter: sender, title, salutation, paragraphs, sections, closing."""

    title: str
    sender: tuple[str, ...]
    """The sender's lines (organiser, address, contact); may be empty."""
    date_line: str
    salutation: str
    paragraphs: tuple[str, ...]
    sections: tuple[LetterSection, ...]
    closing: tuple[str, ...] = field(default_factory=tuple)
    """Paragraphs after the sections (rights, contact)."""
    signature: tuple[str, ...] = field(default_factory=tuple)


_ALWAYS = set("\\`<>[]*")
_LINE_START = re.compile(r"^(\s*)([#>+\-=|])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def md_light(text: str) -> str:
    """``text`` as literal Markdown on one line, escaping only what would become markup where it stands.

    An underscore inside a word ("p_0@example.org", "snake_case") stays as it is; at a word's edge it
    is escaped, as are asterisks, backticks, angle and square brackets, backslashes, and a list or
    heading mark at the start of the line.
    """
    text = " ".join(str(text).split())
    out = []
    for index, ch in enumerate(text):
        if ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "_":
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            out.append("_" if before.isalnum() and after.isalnum() else "\\_")
        else:
            out.append(ch)
    escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), "".join(out))
    return _NUMBERED.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def letter_markdown(letter: Letter) -> str:
    """The letter as Markdown: the title a heading, sections as second-level headings, lines as a list."""
    out: list[str] = []
    if letter.sender:
        out += ["  \n".join(md_light(line) for line in letter.sender), ""]
    out += [md_light(letter.date_line), "", f"# {md_light(letter.title)}", "", md_light(letter.salutation), ""]
    for paragraph in letter.paragraphs:
        out += [md_light(paragraph), ""]
    for section in letter.sections:
        out += [f"## {md_light(section.heading)}", ""]
        if not section.lines:
            out += [md_light(section.empty or section.intro), ""]
            continue
        out += [md_light(section.intro), ""]
        out += [f"- {md_light(line)}" for line in section.lines] + [""]
        if section.purpose:
            out += [md_light(section.purpose), ""]
    for paragraph in letter.closing:
        out += [md_light(paragraph), ""]
    if letter.signature:
        out += ["  \n".join(md_light(line) for line in letter.signature), ""]
    return "\n".join(out).rstrip() + "\n"


def _wrap(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()), width, initial_indent=first or indent, subsequent_indent=indent, break_on_hyphens=False
    ) or [first.rstrip()]


def letter_text(letter: Letter, width: int = 78) -> str:
    """The letter as plain text, wrapped at ``width`` columns, ready to print or paste into a mail."""
    out: list[str] = []
    if letter.sender:
        out += list(letter.sender) + [""]
    out += [letter.date_line.rjust(width) if len(letter.date_line) < width else letter.date_line, ""]
    out += [letter.title, "=" * min(width, len(letter.title)), ""]
    out += _wrap(letter.salutation, width) + [""]
    for paragraph in letter.paragraphs:
        out += _wrap(paragraph, width) + [""]
    for section in letter.sections:
        out += [section.heading, "-" * min(width, len(section.heading))]
        if not section.lines:
            out += _wrap(section.empty or section.intro, width) + [""]
            continue
        out += _wrap(section.intro, width)
        for line in section.lines:
            out += _wrap(line, width, indent="    ", first="  – ")
        if section.purpose:
            out += _wrap(section.purpose, width)
        out.append("")
    for paragraph in letter.closing:
        out += _wrap(paragraph, width) + [""]
    out += list(letter.signature)
    return "\n".join(out).rstrip() + "\n"
