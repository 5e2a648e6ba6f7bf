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
- ``captures``: action items, decisions, needs, notes, offers, questions and topic wishes (counting
  unless removed; needs open while open or in progress, questions open until answered).
- ``topics``: the store's editable list of topics for needs, offers, questions and topic wishes.
- ``contact_consents``: consents to appear on the network's contact list (holding until withdrawn).
- ``volunteers``: people who want to help (waiting until someone contacted them).
- ``meeting_plans``: a coming meeting's planned topic and speaker (one per meeting).
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
    "contact_consents",
    "groups",
    "invitees",
    "meeting_plans",
    "meetings",
    "persons",
    "settings",
    "speaker_events",
    "timer_events",
    "topics",
    "volunteers",
]
