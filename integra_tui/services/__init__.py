"""Use cases shared by the UI and the command line.

The services read and write through ``integra_tui.records`` (never the store itself), use the rules
of ``integra_tui.domain`` and the files of ``integra_tui.io``, and refuse with a ``ServiceError``
worded in the active language (``services.texts`` words the domain's codes). They build on each
other in one direction only, without circles::

    context, texts, network_texts  <-  meetings  <-  agenda, people, entries
        <-  needs, questions, planning, contacts, volunteers, welcome (the network's memory)
        <-  invitations, followup, stats, privacy, network_report
        <-  checkin, moderation (settings <- view <- timer <- deferral; speakers; captures)
        <-  exports  <-  demo

``tests/test_import_hygiene.py`` proves there is no circle.
"""
