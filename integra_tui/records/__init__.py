"""One module per table: the only code that names a table, knows its stored form and says what still counts.

Each module documents its table's schema, turns stored documents into the dataclasses of
``integra_tui.domain`` and back, and states each "still valid" rule once:

- ``meetings``, ``groups``: the round tables and the store's group list.
- ``persons``: people across meetings (living unless forgotten).
- ``invitees``: invitations to one meeting (invited unless a walk-in).
- ``codes``: invitation and card codes (admitting only while active).
- ``checkins``: arrivals (active unless undone).
- ``agenda_items``: a meeting's agenda (on it unless removed; deferred items waiting for the next meeting).
- ``timer_events``, ``speaker_events``: what the moderator did, replayed by the domain.
- ``captures``: action items, decisions, needs and notes (counting unless removed).
- ``settings``: per-meeting moderation settings and stage message; the store's id and its organiser.
- ``base``: opening the store, one transaction, generation and refresh.

Only this package imports ``integra_tui.store``; the services import these modules, never the store.
"""

__all__ = [
    "agenda_items",
    "base",
    "captures",
    "checkins",
    "codes",
    "groups",
    "invitees",
    "meetings",
    "persons",
    "settings",
    "speaker_events",
    "timer_events",
]
