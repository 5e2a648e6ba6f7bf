"""Exports as a self-contained HTML page: the Markdown export turned into HTML, with print styles for A4.

Raw HTML in the Markdown is not passed through (every user text arrives escaped), so a name such
as ``<script>`` shows as text. The Unicode isolates the Markdown puts around right-to-left names
(FSI … PDI) become ``<bdi>`` elements, so several Arabic names in one line keep their order in
every browser.
"""

from __future__ import annotations

import html
import re

from integra_tui.domain.names import FSI, PDI
from integra_tui.domain.text import clean_line
from integra_tui.i18n import current_language

__all__ = ["markdown_to_html"]

_STYLE = """
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; max-width: 50em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #222; }
h1 { font-size: 1.6em; border-bottom: 2px solid #444; padding-bottom: .2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #bbb; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #eee; }
bdi { unicode-bidi: isolate; }
@page { size: A4; margin: 2cm 2cm 2cm 2.5cm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3 { page-break-after: avoid; }
  tr { page-break-inside: avoid; }
  table { width: 100%; }
}
"""

_ISOLATED = re.compile(f"{FSI}([^{FSI}{PDI}]*){PDI}")


def _isolates_to_bdi(body: str) -> str:
    """FSI … PDI (``domain.names.isolate``) as ``<bdi>…</bdi>``; a stray isolate character is dropped."""
    return _ISOLATED.sub(r"<bdi>\1</bdi>", body).replace(FSI, "").replace(PDI, "")


def markdown_to_html(markdown: str, title: str) -> str:
    """A complete HTML document (UTF-8) showing ``markdown``."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = _isolates_to_bdi(renderer.render(markdown))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{current_language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="integra-tui">\n'
        f"<title>{html.escape(clean_line(title))}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
