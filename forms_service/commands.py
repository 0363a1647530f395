"""What every command of the ``phieu`` command line shares: its settings, and the
database opened (and migrated) for the work it does.

Command modules (``forms_service/<domain>/cli.py``) import this module;
:mod:`forms_service.cli` imports their ``register`` functions, so nothing
imports in a circle.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TypeVar

from forms_service.config_file import CONFIG_FILE, environment
from forms_service.context import Context
from forms_service.db import connect, migrate
from forms_service.db.engine import sqlite_path
from forms_service.piccolo_app import TABLES
from forms_service.settings import DEFAULT_DATABASE_URL, Settings, SettingsError

__all__ = ["command_settings", "run_with_database", "with_database"]

T = TypeVar("T")


def command_settings(*, creates_database: bool = False,
                     env: Mapping[str, str] | None = None, cwd: Path | None = None,
                     **overrides: object) -> Settings:
    """The settings of a command: ``phieu.toml`` of the folder (if any), overridden
    by the ``PHIEU_*`` environment variables.

    When no database is configured (neither ``PHIEU_DATABASE_URL`` nor a
    ``phieu.toml``) and the default SQLite file does not exist, a command
    that only uses a database refuses, saying where one is configured; one
    that creates databases (``migrate``, ``serve``: ``creates_database``)
    says that it creates one.
    """
    variables, _ = environment(env, cwd)
    if not variables.get("PHIEU_SECRET_KEY"):
        raise SettingsError(
            "PHIEU_SECRET_KEY is empty and there is no phieu.toml here naming a secret_key_file: "
            "run the command in the folder where `phieu demo` ran (it writes phieu.toml), or "
            "set PHIEU_SECRET_KEY to a long random string, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    settings = Settings.from_env(variables, **overrides)
    configured = bool(variables.get("PHIEU_DATABASE_URL"))
    if not configured and settings.database_url == DEFAULT_DATABASE_URL:
        path = sqlite_path(DEFAULT_DATABASE_URL)
        if (cwd or Path.cwd()).joinpath(path).exists():
            return settings
        if not creates_database:
            raise SettingsError(
                f"no database is configured and there is no {path} here: run the command in "
                f"the folder where `phieu demo` ran (it writes {CONFIG_FILE}), set "
                "PHIEU_DATABASE_URL, or create a new database with `phieu migrate`"
            )
        print(f"note: no database is configured (PHIEU_DATABASE_URL, {CONFIG_FILE}): "
              f"creating a new, empty one in {path}", file=sys.stderr)
    return settings


async def with_database(settings: Settings, work: Callable[[Context], Awaitable[T]]) -> T:
    """Open the database of ``settings``, apply pending migrations, run ``work``
    with a service context, and close the database again."""
    db = connect(settings, TABLES)
    await db.start()
    try:
        await migrate(db)
        return await work(Context(settings=settings, db=db))
    finally:
        await db.stop()


def run_with_database(work: Callable[[Context], Awaitable[T]],
                      settings: Settings | None = None) -> T:
    """:func:`with_database` from synchronous command code (the command's settings
    unless ``settings`` is given)."""
    return asyncio.run(with_database(settings or command_settings(), work))
