"""Piccolo configuration: the only place a database engine is built.

``build_engine`` turns a ``PHIEU_DATABASE_URL`` into an engine: a SQLite file
by default (Piccolo's engine with a pool of open connections,
:class:`forms_service.db.PooledSQLiteEngine`), PostgreSQL for a
``postgresql://`` URL.  ``DB`` is what Piccolo's
own tooling (``piccolo migrations …``) uses; the service binds the engine it
builds from its settings with :func:`forms_service.db.bind`.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

DEFAULT_DATABASE_URL = "sqlite:///phieu.db"


def sqlite_path(url: str) -> Path:
    """``sqlite:///rel/file.db`` → ``rel/file.db``; ``sqlite:////abs.db`` → ``/abs.db``."""
    parts = urlsplit(url)
    if parts.netloc not in {"", "localhost"}:
        raise ValueError(f"a SQLite URL has no host: write sqlite:///{parts.netloc}{parts.path}")
    raw = unquote(parts.path)
    path = raw[1:] if raw.startswith("/") else raw
    if not path or path == ":memory:":
        raise ValueError(
            "an in-memory SQLite database cannot be shared between connections: "
            "give a file path such as sqlite:///phieu.db"
        )
    return Path(path)


def build_engine(url: str, *, busy_timeout_seconds: int = 30) -> Engine:
    """Build the engine for ``url`` (SQLite file or PostgreSQL)."""
    scheme = url.split(":", 1)[0]
    if scheme == "sqlite":
        # imported here: forms_service.db imports this module
        from forms_service.db import PooledSQLiteEngine

        path = sqlite_path(url)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        return PooledSQLiteEngine(path=str(path), timeout=busy_timeout_seconds)
    if scheme in {"postgres", "postgresql"}:
        dsn = "postgresql" + url[len(scheme):]
        return PostgresEngine(config={"dsn": dsn}, extensions=())
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:/// or postgresql://")


DB = build_engine(os.environ.get("PHIEU_DATABASE_URL") or DEFAULT_DATABASE_URL)

APP_REGISTRY = AppRegistry(apps=["forms_service.piccolo_app"])
