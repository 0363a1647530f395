"""Piccolo configuration, for Piccolo's own tooling (``piccolo migrations …``).

``DB`` is built from ``PHIEU_DATABASE_URL`` by the service's one engine
builder, :func:`forms_service.db.build_engine` (a SQLite file by default,
PostgreSQL for a ``postgresql://`` URL); the service binds the engine it
builds from its settings with :func:`forms_service.db.bind`, which points
``DB`` at it too.
"""

from __future__ import annotations

import os

from piccolo.conf.apps import AppRegistry

from forms_service.db.engine import build_engine
from forms_service.settings import DEFAULT_DATABASE_URL

DB = build_engine(os.environ.get("PHIEU_DATABASE_URL") or DEFAULT_DATABASE_URL)

APP_REGISTRY = AppRegistry(apps=["forms_service.piccolo_app"])
