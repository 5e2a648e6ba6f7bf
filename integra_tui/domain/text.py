"""User text made safe to show and to store: terminal controls and bidi overrides out, every letter and mark kept.

A name or a note reaches the terminal, a CSV cell or a PDF exactly as typed, except for characters
that are not text but instructions: C0/C1 control codes (ESC, BEL, backspace, ...), whole escape
sequences built from them (colours, cursor moves, window titles, OSC 8 hyperlinks), and the
explicit bidi embeddings, overrides and isolates that make a line display in another order than it
is stored (the "Trojan Source" characters). Letters of every script, combining marks, emoji with
their ZWJ sequences and variation selectors, ZWNJ/ZWJ for Arabic and Indic scripts, and the
implicit direction marks LRM, RLM and ALM are kept: they are part of how people write names.

Pure functions, no I/O: the importers, the UI, the command line and the services all use them.
"""

from __future__ import annotations

import re

__all__ = ["clean_line", "clean_text", "has_controls", "one_line"]

# Complete escape sequences go as a whole, so no "[31m" or "]8;;https://…" is left behind.
# String sequences (OSC, DCS, SOS, PM, APC) only with their terminator (BEL or ST): text after an
# unterminated one is kept, only the control characters themselves are then removed.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erase
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC & co. up to BEL/ST
    r"|\x1b[ -/]+[0-~]"  # escapes with intermediates (ESC ( B picks a character set); a lone ESC goes below
)

_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
"""Line ends of other systems and Unicode's line/paragraph separators: one plain line break each."""

_REMOVED = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 controls except tab, line feed, carriage return; DEL
    "\x80-\x84\x86-\x9f"  # C1 controls except NEL (a line break)
    "\u202a-\u202e"  # bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO)
    "\u2066-\u2069"  # bidi isolates (LRI, RLI, FSI, PDI)
    "\u206a-\u206f"  # deprecated format controls (symmetric swapping, digit shapes)
    "\ufeff"  # byte order mark inside text (zero width no-break space)
    "\ufff9-\ufffb"  # interlinear annotation: hides text between its marks
)
_REMOVE = re.compile(f"[{_REMOVED}]+")
_SURROGATES = re.compile("[\ud800-\udfff]")
"""Halves of a UTF-16 pair without the other half (a badly decoded file): no terminal can print them."""

_UNSAFE = re.compile(f"[{_REMOVED}\x1b\x9b\ud800-\udfff]")
"""Anything :func:`clean_text` removes or replaces, apart from line ends."""

_NEEDS_WORK = re.compile(f"[{_REMOVED}\x1b\x9b\ud800-\udfff\r\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """``text`` without control codes, escape sequences and bidi overrides; line breaks kept as ``\\n``, tabs kept.

    Every other character stays as it is (no normalisation, no trimming), so clean text comes back
    unchanged: ``clean_text(clean_text(t)) == clean_text(t)``.
    """
    if not _NEEDS_WORK.search(text):
        return text  # the usual case, checked in one pass
    text = _BREAKS.sub("\n", text)
    text = _SEQUENCES.sub("", text)
    text = _REMOVE.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


def clean_line(text: str) -> str:
    """:func:`clean_text` for one-line places (a name, a table cell, a title): line breaks and tabs become spaces."""
    cleaned = clean_text(text)
    if "\n" in cleaned or "\t" in cleaned:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    return cleaned


def one_line(text: str) -> str:
    """:func:`clean_line` with runs of whitespace made one space and both ends trimmed (names, short texts)."""
    return " ".join(clean_line(text).split())


def has_controls(text: str) -> bool:
    """True when :func:`clean_text` removes or replaces something in ``text`` (a changed line end does not count)."""
    return _UNSAFE.search(text) is not None
