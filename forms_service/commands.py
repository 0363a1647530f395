"""What every command of the ``phieu`` command line shares: its settings, and the
database opened (and migrated) for the work it does.

Command modules (``forms_service/<domain>/cli.py``) import this module;
:mod:`forms_service.cli` imports their ``register`` functions, so nothing
imports in a circle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from forms_service.context import Context
from forms_service.db import connect, migrate
from forms_service.piccolo_app import TABLES
from forms_service.settings import Settings

__all__ = ["command_settings", "run_with_database", "with_database"]

T = TypeVar("T")


def command_settings() -> Settings:
    """The settings of a command: the ``PHIEU_*`` environment variables."""
    return Settings.from_env()


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
