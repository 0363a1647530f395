"""Analytics reports: satisfaction, nominations, online rates, communication, rankings.

Each report is one specification (:mod:`.spec`) in :mod:`.specs`, which
:mod:`.registry` collects: its parameters, the function that builds it, its
body and tables. ``controller`` (the API under ``/api/v1/analytics``),
``cli`` (``phieu report``), the report exports and the dashboard downloads
are generated from the registry. ``aggregates`` keeps the incremental
``response_aggregate`` rows (one upsert per stored response) and rebuilds
them; ``satisfaction``, ``excellence``, ``online``, ``communication`` and
``rankings`` build the reports: they read the aggregates (``GROUP BY``)
and hand the counts to the pure ``analytics`` library; ``demo`` is the
demo data.

Nothing is imported here: ``piccolo_app`` imports ``reports.tables`` early.
"""
