"""Export renderers: tables (CSV, XLSX), calendars (ICS), documents (Markdown, HTML, PDF).

The services collect the data into the plain documents of :mod:`.documents`; the modules here only
turn those into bytes or text. Nothing here reads the store.
"""

__all__: list[str] = []
