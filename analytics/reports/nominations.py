"""Nominating excellent full-online public services (seed 000).

Each agency proposes up to 5 services for citizens and 5 for businesses.
A service qualifies when it is a full-online service and meets at least one
criterion: among the most online dossiers, satisfaction of 90% or more, or
recorded savings of cost and time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from babel import Locale

from analytics import _checks
from analytics._result import Result
from analytics.excellence import DEFAULT_THRESHOLD, ExcellenceResult, Verdict, excellence_test
from analytics.labels import label
from analytics.ranking import competition_rank

__all__ = [
    "Audience",
    "Candidate",
    "Criterion",
    "Delivery",
    "ExclusionReason",
    "NominationReport",
    "ServiceEvidence",
    "excellence_nominations",
]


class Audience(StrEnum):
    """Who a service is for."""

    CITIZEN = "citizen"
    BUSINESS = "business"


class Delivery(StrEnum):
    """How much of the procedure is online (Decree 42/2022/NĐ-CP)."""

    FULL_ONLINE = "full_online"
    PARTIAL_ONLINE = "partial_online"


class Criterion(StrEnum):
    """Criteria of seed 000, item 1(b); one is enough."""

    MOST_ONLINE_DOSSIERS = "most_online_dossiers"
    SATISFACTION_EXCELLENT = "satisfaction_excellent"
    SAVINGS = "savings"


class ExclusionReason(StrEnum):
    """Why a service was not nominated."""

    NOT_FULL_ONLINE = "not_full_online"
    NO_CRITERION = "no_criterion"
    BELOW_SELECTED = "below_selected"


@dataclass(frozen=True)
class ServiceEvidence:
    """What an agency knows about one service for the year.

    ``savings`` describes recorded savings of cost or time ("giảm 2 ngày
    đi lại"); ``None`` or blank means none were recorded.

    >>> ServiceEvidence("1.001", "Đăng ký khai sinh", "people", "full_online", 10, 20, 5, 6)
    Traceback (most recent call last):
    ...
    ValueError: audience must be one of 'citizen', 'business'; got 'people'
    """

    code: str
    name: str
    audience: Audience
    delivery: Delivery
    online_dossiers: int
    total_dossiers: int
    satisfied: int
    n: int
    savings: str | None = None

    def __post_init__(self) -> None:
        _checks.text(self.code, "code")
        _checks.text(self.name, "name")
        set_ = object.__setattr__
        set_(self, "audience", Audience(_checks.choice(self.audience, "audience", list(Audience))))
        set_(self, "delivery", Delivery(_checks.choice(self.delivery, "delivery", list(Delivery))))
        online, total = _checks.part_of_whole(
            self.online_dossiers, self.total_dossiers, "online_dossiers", "total_dossiers"
        )
        satisfied, n = _checks.part_of_whole(self.satisfied, self.n, "satisfied", "n")
        set_(self, "online_dossiers", online)
        set_(self, "total_dossiers", total)
        set_(self, "satisfied", satisfied)
        set_(self, "n", n)
        if self.savings is not None and not isinstance(self.savings, str):
            raise TypeError(f"savings must be a text or None, got {self.savings!r}")
        cleaned = self.savings.strip() if self.savings else ""
        set_(self, "savings", cleaned or None)


@dataclass(frozen=True, repr=False)
class Candidate(Result):
    """One service with its evidence and the decision about it.

    ``criteria`` lists the criteria met. ``online_rank`` is the competition
    rank of its online dossiers among the full-online services of its
    audience (``None`` for services that are not full online).
    ``online_share`` is online ÷ total dossiers (``nan`` without dossiers).
    A nominated candidate has its ``position`` (1 …) and no ``reason``; a
    left-out one has a ``reason`` and no position.
    """

    service: ServiceEvidence
    criteria: tuple[Criterion, ...]
    online_rank: int | None
    online_share: float
    satisfaction: ExcellenceResult
    position: int | None
    reason: ExclusionReason | None

    def to_dict(self, locale: str | Locale | None = None) -> dict[str, Any]:
        """JSON-safe values; with ``locale``, ``criteria_text`` and ``reason_text``."""
        values = super().to_dict()
        if locale is not None:
            values["criteria_text"] = [label(c, locale) for c in self.criteria]
            values["reason_text"] = None if self.reason is None else label(self.reason, locale)
        return values


@dataclass(frozen=True, repr=False)
class NominationReport(Result):
    """Nominated services per audience, in order, and every service left out."""

    year: int
    per_audience: int
    top_online: int
    threshold: float
    confidence_level: float
    citizen: tuple[Candidate, ...]
    business: tuple[Candidate, ...]
    excluded: tuple[Candidate, ...]

    def nominated(self, audience: Audience | str) -> tuple[Candidate, ...]:
        """Nominations for ``audience`` ('citizen' or 'business')."""
        chosen = _checks.choice(audience, "audience", list(Audience))
        return self.citizen if chosen == Audience.CITIZEN else self.business


def excellence_nominations(
    services: Sequence[ServiceEvidence],
    *,
    year: int,
    per_audience: int = 5,
    top_online: int = 5,
    threshold: float = DEFAULT_THRESHOLD,
    confidence_level: float = 0.95,
    min_n: int = 30,
) -> NominationReport:
    """Choose the excellent full-online services to nominate for ``year``.

    Parameters
    ----------
    services : sequence of ServiceEvidence
        The agency's services with their year's figures; codes must differ.
    year : int
        Year the figures are for (the letter asks for 2022 and 2023).
    per_audience : int, optional
        Services nominated per audience (default 5 citizen + 5 business).
    top_online : int, optional
        A service meets "most online dossiers" when its competition rank by
        online dossiers, among the full-online services of its audience, is
        at most ``top_online`` (default 5; ties at the boundary all count)
        and it has at least one online dossier.
    threshold, confidence_level, min_n : optional
        Satisfaction meets its criterion when :func:`analytics.excellence_test`
        with these arguments gives ``excellent``: a rate shown to be above
        90%, not merely observed above it. Each service is judged on its own
        (no multiplicity adjustment), as the letter asks of each service.

    Returns
    -------
    NominationReport
        ``citizen`` and ``business`` nominations in order, and ``excluded``:
        every other service with its reason — ``not_full_online``,
        ``no_criterion`` or ``below_selected`` (it qualifies but ranks after
        the ``per_audience`` chosen).

    Notes
    -----
    Qualifying services of an audience are ordered by the number of
    criteria met (more first), then online dossiers (more first), then the
    observed satisfaction rate (higher first, none last), then code; the
    first ``per_audience`` are nominated.

    Examples
    --------
    >>> report = excellence_nominations([
    ...     ServiceEvidence("A", "Khai sinh", "citizen", "full_online", 9000, 10000, 475, 500),
    ...     ServiceEvidence("B", "Lý lịch", "citizen", "partial_online", 9500, 9900, 60, 80),
    ... ], year=2023)
    >>> [c.service.code for c in report.citizen]
    ['A']
    >>> [(c.service.code, c.reason.value) for c in report.excluded]
    [('B', 'not_full_online')]
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise ValueError(f"year must be a four-digit year such as 2023, got {year!r}")
    per = _positive(per_audience, "per_audience")
    top = _positive(top_online, "top_online")
    level = _checks.confidence(confidence_level)
    p0 = _checks.unit_interval(threshold, "threshold")
    _unique_codes(services)
    excluded: list[Candidate] = []
    chosen: dict[Audience, tuple[Candidate, ...]] = {}
    for audience in Audience:
        group = [s for s in services if s.audience == audience]
        full = [s for s in group if s.delivery == Delivery.FULL_ONLINE]
        ranks = dict(
            zip(
                (s.code for s in full),
                competition_rank(s.online_dossiers for s in full),
                strict=True,
            )
        )
        assessed = [_assess(s, ranks.get(s.code), top, p0, level, min_n) for s in group]
        qualifying = sorted(
            (c for c in assessed if c.service.delivery == Delivery.FULL_ONLINE and c.criteria),
            key=_order,
        )
        chosen[audience] = tuple(
            replace(c, position=position) for position, c in enumerate(qualifying[:per], start=1)
        )
        picked = {c.service.code for c in chosen[audience]}
        excluded.extend(
            replace(c, reason=_exclusion_reason(c))
            for c in assessed
            if c.service.code not in picked
        )
    order = {s.code: i for i, s in enumerate(services)}
    return NominationReport(
        year,
        per,
        top,
        p0,
        level,
        chosen[Audience.CITIZEN],
        chosen[Audience.BUSINESS],
        tuple(sorted(excluded, key=lambda c: order[c.service.code])),
    )


def _assess(
    service: ServiceEvidence,
    online_rank: int | None,
    top: int,
    threshold: float,
    level: float,
    min_n: int,
) -> Candidate:
    satisfaction = excellence_test(
        service.satisfied, service.n, threshold=threshold, confidence_level=level, min_n=min_n
    )
    criteria = []
    if online_rank is not None and online_rank <= top and service.online_dossiers > 0:
        criteria.append(Criterion.MOST_ONLINE_DOSSIERS)
    if satisfaction.verdict == Verdict.EXCELLENT:
        criteria.append(Criterion.SATISFACTION_EXCELLENT)
    if service.savings:
        criteria.append(Criterion.SAVINGS)
    total = service.total_dossiers
    share = service.online_dossiers / total if total else math.nan
    return Candidate(service, tuple(criteria), online_rank, share, satisfaction, None, None)


def _exclusion_reason(candidate: Candidate) -> ExclusionReason:
    if candidate.service.delivery != Delivery.FULL_ONLINE:
        return ExclusionReason.NOT_FULL_ONLINE
    if not candidate.criteria:
        return ExclusionReason.NO_CRITERION
    return ExclusionReason.BELOW_SELECTED


def _order(candidate: Candidate) -> tuple[int, int, float, str]:
    rate = candidate.satisfaction.estimate
    return (
        -len(candidate.criteria),
        -candidate.service.online_dossiers,
        -rate if not math.isnan(rate) else math.inf,
        candidate.service.code,
    )


def _positive(value: object, name: str) -> int:
    number = _checks.count(value, name)
    if number < 1:
        raise ValueError(f"{name} must be at least 1, got {number}")
    return number


def _unique_codes(services: Sequence[ServiceEvidence]) -> None:
    seen: set[str] = set()
    for index, service in enumerate(services):
        if not isinstance(service, ServiceEvidence):
            raise TypeError(
                f"services[{index}] must be a ServiceEvidence, got {type(service).__name__}"
            )
        if service.code in seen:
            raise ValueError(
                f"service code {service.code!r} appears twice: merge its figures first"
            )
        seen.add(service.code)
