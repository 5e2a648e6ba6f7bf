"""Use cases shared by the UI and the command line.

The services read and write through ``integra_tui.records`` (never the store itself), use the rules
of ``integra_tui.domain`` and the files of ``integra_tui.io``, and refuse with a ``ServiceError``
worded in the active language (``services.texts`` words the domain's codes). They do not import
each other: each builds only on the shared modules (``context``: the store, the clock, and the meeting
or person a use case acts on, or its refusal; ``typed``: how typed text is cleaned; ``texts`` and
``network_texts``: the words), and a rule that two of them need lives below them, in ``domain`` (pure)
or ``records`` (what is stored and what still counts). A service may be a package of its own
(``moderation``; ``exports``, whose ``exports.network`` writes the network's tables of the report
folder). Only ``demo`` is made of the others: it builds the demo store through the use cases a
person would use.

``tests/test_import_hygiene.py`` proves it, and that there is no import circle.
"""
