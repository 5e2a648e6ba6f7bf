"""The HTML a served browser gets: the station page (the terminal in the browser) and the plain refusal page.

The station page is textual-serve's page without anything fetched from the internet (the meeting
room often has no network beyond the laptop): the font comes from textual-serve's own static files.
"""

from __future__ import annotations

from html import escape

from integra_tui.i18n import _, current_language

__all__ = ["refusal_page", "station_page"]


_STATION_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>{title}</title>
    <link rel="stylesheet" href="{static}css/xterm.css">
    <script src="{static}js/textual.js"></script>
    <style>
      @font-face {{
        font-family: "Roboto Mono";
        src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 900;
      }}
      @font-face {{
        font-family: "Roboto Mono";
        font-style: italic;
        src: url("{static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 900;
      }}
      body {{ background: #0c181f; margin: 0; }}
      .dialog-container {{
        position: absolute; width: 100vw; height: 100vh; display: flex;
        align-items: center; justify-content: center; z-index: 10;
      }}
      .shade {{ position: absolute; width: 100%; height: 100%; background: #0c181f; }}
      .intro {{
        max-width: 640px; min-height: 200px; font-size: 18px; z-index: 20; padding: 16px;
        font-family: "Roboto Mono", menlo, monospace; text-align: center;
        color: rgba(255, 255, 255, 0.95); background-color: #12232d;
        display: flex; flex-direction: column; align-items: center; justify-content: center; margin: 32px;
      }}
      body.-first-byte .intro-dialog, body.-first-byte .intro-dialog .shade {{
        opacity: 0; transition: opacity 0.3s ease-out; display: none;
      }}
      body .textual-terminal {{ opacity: 0; transition: opacity 0.3s ease-out; }}
      body.-first-byte .textual-terminal {{ opacity: 1; transition: opacity 0.3s ease-out; }}
      body button {{
        padding: 16px 32px; background-color: #2d6a4f; color: rgba(255, 255, 255, 0.95); border: none;
        font-family: "Roboto Mono", menlo, monospace; font-size: 18px; margin: 16px; display: block;
      }}
      button:hover {{ background: #40916c; cursor: pointer; }}
      .closed-dialog {{ opacity: 0; display: none; }}
      body.-closed .closed-dialog {{ opacity: 1; display: flex; }}
      #start {{ display: none; }}
      #start.-delay {{ display: flex; }}
    </style>
    <script>
      function getStartUrl() {{
        const url = new URL(window.location.href);
        const params = new URLSearchParams(url.search);
        params.delete("delay");
        return url.pathname + "?" + params.toString();
      }}
      function refresh() {{ window.location.href = getStartUrl(); }}
    </script>{focus_script}
  </head>
  <body data-pingurl="">
    <div class="dialog-container intro-dialog">
      <div class="shade"></div>
      <div class="intro">
        <div>{heading}</div>
        <div>{connecting}</div>
        <button type="button" onClick="refresh()" id="start">{start}</button>
      </div>
    </div>
    <div class="dialog-container closed-dialog">
      <div class="shade"></div>
      <div class="intro">
        <div class="message">{closed}</div>
        <button type="button" onClick="refresh()">{reconnect}</button>
      </div>
    </div>
    <div id="terminal" class="textual-terminal"
         data-session-websocket-url="{websocket_url}"
         data-font-size="{font_size}"></div>
  </body>
</html>
"""

_FOCUS_SCRIPT = """
    <script>
      // A door station is ready to scan at once: keys (and a USB scanner) go to the terminal
      // without a click first, as soon as the app has drawn its screen.
      window.addEventListener("load", () => {
        const timer = setInterval(() => {
          if (!document.body.classList.contains("-first-byte")) return;
          clearInterval(timer);
          const input = document.querySelector(".xterm-helper-textarea");
          if (input) input.focus();
        }, 100);
      });
    </script>"""

_REFUSAL_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>{title}</title>
    <style>
      body {{ font-family: sans-serif; margin: 2em; max-width: 40em; line-height: 1.5; }}
    </style>
  </head>
  <body>
    <h1>{title}</h1>
    <p>{message}</p>
  </body>
</html>
"""


def station_page(
    *, title: str, heading: str, static_url: str, websocket_url: str, font_size: int = 16, autofocus: bool = False
) -> str:
    """The page that runs one station in the browser; ``static_url`` ends with a slash.

    ``autofocus`` puts the keyboard focus into the terminal once it shows (for the door's scanner).
    """
    return _STATION_PAGE.format(
        lang=current_language(),
        title=escape(title),
        heading=escape(heading),
        connecting=escape(_("Verbinde …")),
        start=escape(_("Start")),
        closed=escape(_("Die Verbindung ist beendet.")),
        reconnect=escape(_("Neu verbinden")),
        static=escape(static_url),
        websocket_url=escape(websocket_url),
        font_size=int(font_size),
        focus_script=_FOCUS_SCRIPT if autofocus else "",
    )


def refusal_page(title: str, message: str) -> str:
    """A plain page that says why the browser was not let in (and nothing else)."""
    return _REFUSAL_PAGE.format(lang=current_language(), title=escape(title), message=escape(message))
