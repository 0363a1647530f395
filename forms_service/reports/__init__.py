"""Analytics reports: satisfaction, nominations, online rates, communication, rankings.

``aggregates`` keeps the incremental ``response_aggregate`` rows (one
upsert per stored response) and rebuilds them; ``satisfaction``,
``excellence``, ``online``, ``communication`` and ``rankings`` read them
(``GROUP BY``) and hand the counts to the pure ``analytics`` library;
``controller`` is the API under ``/api/v1/analytics``, ``cli`` the
``phieu report`` and ``phieu aggregates`` commands, ``demo`` the demo data.

Nothing is imported here: ``piccolo_app`` imports ``reports.tables`` early.
"""
