"""Why a kiosk answer may be gamed: flags kept with the answer and shown apart.

- ``burst``: its device gave more than ``kiosk_burst_answers`` answers within
  ``kiosk_burst_seconds`` up to it;
- ``outside_hours``: given outside the opening hours of the device's counter
  (when they are set);
- ``no_dossier``: the one-stop system reported no dossier returned at that
  counter within ``kiosk_dossier_window_minutes`` before it (only for counters
  the one-stop system reports on at all);
- ``clock_skew``: the device's clock, as it sent the answer, was further than
  ``kiosk_clock_skew_seconds`` from the server's (or the answer is dated in the
  future by more than that).

Flagged answers are stored and counted like the others; reports show figures
with and without them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms_service.context import Context
from forms_service.kiosk.hours import parse_hours

__all__ = ["FLAGS", "answer_flags"]

FLAGS = ("burst", "outside_hours", "no_dossier", "clock_skew")


async def _burst(ctx: Context, device_id: int, at: dt.datetime) -> bool:
    since = at - dt.timedelta(seconds=ctx.settings.kiosk_burst_seconds)
    rows = await ctx.db.raw(
        "SELECT COUNT(*) AS n FROM kiosk_answer WHERE device = {} AND answered_at > {} "
        "AND answered_at <= {} AND status <> 'refused'", device_id, since, at)
    return int(rows[0]["n"]) > ctx.settings.kiosk_burst_answers


async def _no_dossier(ctx: Context, device: dict[str, Any], at: dt.datetime) -> bool:
    reported = await ctx.db.raw(
        "SELECT 1 AS x FROM dossier_event WHERE agency = {} AND counter = {} LIMIT 1",
        device["agency"], device["counter"])
    if not reported:
        return False
    since = at - dt.timedelta(minutes=ctx.settings.kiosk_dossier_window_minutes)
    returned = await ctx.db.raw(
        "SELECT 1 AS x FROM dossier_event WHERE agency = {} AND counter = {} "
        "AND status = 'returned' AND COALESCE(returned_at, at) > {} "
        "AND COALESCE(returned_at, at) <= {} LIMIT 1",
        device["agency"], device["counter"], since, at)
    return not returned


async def answer_flags(ctx: Context, device: dict[str, Any], answered_at: dt.datetime,
                       skew: dt.timedelta | None) -> list[str]:
    """The flags of an answer ``device`` gave at ``answered_at``, its claim already stored;
    ``skew`` is the server's time minus the device's when it sent the batch."""
    flags = []
    if await _burst(ctx, device["id"], answered_at):
        flags.append("burst")
    hours = device.get("opening_hours")
    if hours and not parse_hours(hours).open_at(answered_at):
        flags.append("outside_hours")
    if device["counter"] is not None and await _no_dossier(ctx, device, answered_at):
        flags.append("no_dossier")
    limit = dt.timedelta(seconds=ctx.settings.kiosk_clock_skew_seconds)
    future = answered_at - dt.datetime.now(dt.UTC) > limit
    if future or (skew is not None and abs(skew) > limit):
        flags.append("clock_skew")
    return flags
