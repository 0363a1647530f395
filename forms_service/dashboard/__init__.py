"""The analysts' dashboard (``/dashboard``): server-rendered pages with charts.

``scope`` says whose results a signed-in person reads (roles as in the
analytics API); ``views`` calls the same report functions as
``/api/v1/analytics/*`` and turns their bodies into charts
(:mod:`forms_service.charts`) and tables; ``downloads`` writes the same
bodies as CSV, XLSX or JSON; ``controller`` holds the routes.
"""
