"""Analytics reports: satisfaction, nominations, online rates, communication, rankings,
response rates, timeliness, units and officers.

Each report is one specification (:mod:`.spec`) in :mod:`.specs`, which
:mod:`.registry` collects: its parameters, the function that builds it, its
body and tables. ``controller`` (the API under ``/api/v1/analytics``),
``cli`` (``phieu report``), the report exports and the dashboard downloads
are generated from the registry. ``aggregates`` keeps the incremental
``response_aggregate`` rows (one upsert per stored response) and rebuilds
them; ``satisfaction``, ``excellence``, ``online``, ``communication`` and
``rankings`` build the reports: they read the aggregates (``GROUP BY``)
and hand the counts to the pure ``analytics`` library; ``demo`` is the
demo data. The dossier reports (``response_rates``, ``timeliness``,
``unit_satisfaction``) group ``dossier_rollup`` (``dossier_rollup``: the
monthly dossier counts per dimension, kept by triggers) or the answers
credited to units and officers, through ``dossier_groups`` (grouping,
unit succession, who may see officers).

Nothing is imported here: ``piccolo_app`` imports ``reports.tables`` early.
"""
