"""The retention purge while the service runs: at start, then once a day."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from forms_service.context import Context
from forms_service.privacy.purge import purge_responses

__all__ = ["DAY", "RetentionPurger"]

log = logging.getLogger("phieu")
DAY = 24 * 3600.0


class RetentionPurger:
    """Runs :func:`purge_responses` when ``retention_months`` is set (a no-op otherwise)."""

    def __init__(self, ctx: Context, interval: float = DAY) -> None:
        self.ctx = ctx
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    async def start(self, app: Any = None) -> None:
        if self.ctx.settings.retention_months is None or self._task is not None:
            return
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self, app: Any = None) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            months = self.ctx.settings.retention_months
            if months is not None:
                try:
                    result = await purge_responses(self.ctx, months)
                    if result.responses:
                        log.info("%s", result.describe())
                except Exception:  # the next day tries again; serving goes on
                    log.exception("the retention purge failed")
            await asyncio.sleep(self.interval)
