"""``/metrics``: what operators watch, in the Prometheus text format.

Readable only from the addresses of ``PHIEU_METRICS_ALLOWED`` (default
loopback; the address is the peer's, or the forwarded one from a trusted
proxy).  Each process answers for itself, as Prometheus expects of
several workers scraped one by one (or behind ``prometheus-client``'s
multiprocess mode, which this does not set up).

- ``phieu_http_requests_total{route,method,status}`` and
  ``phieu_http_request_duration_seconds{route}``: by route template
  (``/f/{slug}``), never by raw path;
- ``phieu_submissions_total{outcome}``: ``stored`` or the refusal's code;
- ``phieu_writer_group_size`` and ``phieu_writer_commit_seconds``: the
  PostgreSQL group commits;
- ``phieu_db_pool_connections{state}``: PostgreSQL pool, in use and idle;
- ``phieu_rate_limit_refusals_total{limit}``;
- ``phieu_outbox_messages{channel,status}``: the outbox's depth (read from
  the database when scraped: shared by every process).
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterator
from typing import Any

from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

from forms_service.context import Context
from forms_service.db.groups import GROUP_STATS, SECONDS_BUCKETS, SIZE_BUCKETS
from forms_service.errors import Forbidden
from forms_service.limits import client_address, parse_proxies
from forms_service.outbox.queue import depth

__all__ = ["Metrics", "RequestMetrics", "metrics_endpoint"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _ServiceCollector(Collector):
    """Figures read when scraped from the objects that keep them."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        #: (channel, status) -> messages, read just before each scrape
        self.outbox: dict[tuple[str, str], int] = {}

    def collect(self) -> Iterator[Any]:
        outcomes = CounterMetricFamily("phieu_submissions", "Submissions by outcome",
                                       labels=["outcome"])
        for outcome, count in sorted(self.ctx.submission_outcomes.items()):
            outcomes.add_metric([outcome], count)
        yield outcomes
        refusals = CounterMetricFamily("phieu_rate_limit_refusals",
                                       "Requests refused by a rate limit", labels=["limit"])
        for name, count in sorted(self.ctx.limiter.refusals.items()):
            refusals.add_metric([name], count)
        yield refusals
        yield _histogram("phieu_writer_group_size", "Writes per group commit",
                         SIZE_BUCKETS, GROUP_STATS.size_counts, GROUP_STATS.size_sum)
        yield _histogram("phieu_writer_commit_seconds", "Time to store one group",
                         SECONDS_BUCKETS, GROUP_STATS.seconds_counts, GROUP_STATS.seconds_sum)
        pool = getattr(self.ctx.db.engine, "pool", None)
        connections = GaugeMetricFamily("phieu_db_pool_connections",
                                        "Database pool connections", labels=["state"])
        if pool is not None and hasattr(pool, "get_size"):
            idle = pool.get_idle_size()
            connections.add_metric(["in_use"], pool.get_size() - idle)
            connections.add_metric(["idle"], idle)
        yield connections
        outbox = GaugeMetricFamily("phieu_outbox_messages", "Outbox messages by status",
                                   labels=["channel", "status"])
        for (channel, status), count in sorted(self.outbox.items()):
            outbox.add_metric([channel, status], count)
        yield outbox


def _histogram(name: str, documentation: str, bounds: tuple[float, ...], counts: list[int],
               total: float) -> HistogramMetricFamily:
    running = 0
    buckets = []
    for bound, count in zip([*map(str, bounds), "+Inf"], counts, strict=True):
        running += count
        buckets.append((bound, running))
    return HistogramMetricFamily(name, documentation, buckets=buckets, sum_value=total)


class Metrics:
    """The registry of one app (tests build many apps in one process)."""

    def __init__(self, ctx: Context) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("phieu_http_requests", "HTTP requests",
                                ["route", "method", "status"], registry=self.registry)
        self.duration = Histogram("phieu_http_request_duration_seconds",
                                  "Time to answer a request", ["route"],
                                  registry=self.registry)
        self.service = _ServiceCollector(ctx)
        self.registry.register(self.service)
        self.allowed = parse_proxies(ctx.settings.metrics_allowed)

    def may_read(self, scope: Scope, ctx: Context) -> bool:
        address = client_address(scope, ctx.proxies)
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.allowed)


class RequestMetrics:
    """An ASGI app in front of ``inner`` counting and timing each request by route."""

    def __init__(self, inner: ASGIApp, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def watched(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.inner(scope, receive, watched)
        finally:
            route = str(scope.get("path_template") or (
                scope["path"] if scope.get("path") == "/api/v1/responses" else "unmatched"))
            self.metrics.requests.labels(route, scope["method"], str(status[0])).inc()
            self.metrics.duration.labels(route).observe(time.perf_counter() - started)


@get("/metrics", include_in_schema=False, opt={"skip_compression": True},
     summary="Prometheus metrics (allowed addresses only)")
async def metrics_endpoint(request: Request[Any, Any, Any], state: State) -> Response[bytes]:
    ctx: Context = state.ctx
    metrics: Metrics = state.metrics
    if not metrics.may_read(request.scope, ctx):
        raise Forbidden("The metrics are readable only from the addresses the operator allows "
                        "(PHIEU_METRICS_ALLOWED).")
    metrics.service.outbox = await depth(ctx.db)
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE,
                    headers={"Cache-Control": "no-store"})
