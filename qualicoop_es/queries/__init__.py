"""The one read layer: what the pages, the API and the command line read, as typed values and query functions.

- ``vocabulary``: the French labels and the closed lists (activities, legal forms, mentions, steps, roles,
  operation names, event kinds) and ``french_date`` / ``french_number``;
- ``dossier``: a cooperative's dossier now, at a version or as of a date, with its checklist (``DossierView``);
- ``log``: what the event store says of one cooperative (latest version, registered or not, the event at a version);
- ``readjustment``: which change of a refused readjustment caused the refusal;
- ``lists``: the read models' queries (network, timeline, figures, deadlines), from ``qualicoop_es.projections``.

The web adapter imports this package, ``qualicoop_es.application`` and ``qualicoop_es.errors``; never the
aggregates, the rules, the persistence or eventsourcing (checked by import-linter, see pyproject.toml).
"""
