"""Response rates of a survey of dossiers: returned → offered → opened → answered.

Every dossier returned to a citizen is a case that the survey should hear
from; the funnel counts, for a group of dossiers, how many were returned,
how many were offered the survey, how many opened it and how many answered.
The rates follow the American Association for Public Opinion Research's
*Standard Definitions*: each returned dossier is an eligible case, each
answer a complete interview, so the response rate is AAPOR's RR1 (and RR2:
Phiếu stores no partial answers), the contact rate CON1 the share of returned
dossiers that were offered the survey, and the cooperation rate COOP1 the
share of offered dossiers that answered.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analytics import _checks
from analytics._result import Result
from analytics.proportions import INTERVAL_METHODS, IntervalMethod, interval_bounds

__all__ = ["FunnelColumns", "FunnelResult", "funnel_columns", "response_funnel"]


@dataclass(frozen=True, repr=False)
class FunnelResult(Result):
    """The funnel of one group of dossiers, each rate with its interval.

    ``response_rate`` (AAPOR RR1) = answered ÷ returned, ``contact_rate``
    (CON1) = offered ÷ returned, ``open_rate`` = opened ÷ returned and
    ``cooperation_rate`` (COOP1) = answered ÷ offered. Rates are ``nan``
    when their denominator is 0, and the cooperation rate also when more
    dossiers answered than were offered (answers that came without a
    recorded offer: the rate would not be a proportion).
    """

    returned: int
    offered: int
    opened: int
    answered: int
    response_rate: float
    response_ci_low: float
    response_ci_high: float
    contact_rate: float
    contact_ci_low: float
    contact_ci_high: float
    open_rate: float
    open_ci_low: float
    open_ci_high: float
    cooperation_rate: float
    cooperation_ci_low: float
    cooperation_ci_high: float
    method: str
    confidence_level: float


@dataclass(frozen=True)
class FunnelColumns:
    """:func:`funnel_columns` for many groups: entry ``i`` of each array is group ``i``."""

    returned: np.ndarray
    offered: np.ndarray
    opened: np.ndarray
    answered: np.ndarray
    response_rate: np.ndarray
    response_ci_low: np.ndarray
    response_ci_high: np.ndarray
    contact_rate: np.ndarray
    contact_ci_low: np.ndarray
    contact_ci_high: np.ndarray
    open_rate: np.ndarray
    open_ci_low: np.ndarray
    open_ci_high: np.ndarray
    cooperation_rate: np.ndarray
    cooperation_ci_low: np.ndarray
    cooperation_ci_high: np.ndarray

    def row(self, i: int, method: str, confidence_level: float) -> FunnelResult:
        """Group ``i`` as a :class:`FunnelResult`."""
        ints = [int(getattr(self, name)[i]) for name in ("returned", "offered", "opened",
                                                          "answered")]
        floats = [float(getattr(self, name)[i]) for name in _RATE_FIELDS]
        return FunnelResult(*ints, *floats, method, confidence_level)


_RATE_FIELDS = tuple(
    f"{stage}_{part}" for stage in ("response", "contact", "open", "cooperation")
    for part in ("rate", "ci_low", "ci_high")
)


def _array(values: Sequence[int] | np.ndarray, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a sequence of counts, one per group")
    if array.size and (not np.issubdtype(array.dtype, np.integer) or (array < 0).any()):
        raise ValueError(f"{name} must hold counts: whole numbers, 0 or more")
    return array.astype(np.int64)


def _rate(x: np.ndarray, n: np.ndarray, method: IntervalMethod, level: float,
          valid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    usable = n > 0 if valid is None else (n > 0) & valid
    size = np.where(usable, n, 0).astype(float)
    hits = np.where(usable, x, 0).astype(float)
    low, high = interval_bounds(hits, size, method, level)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(usable, hits / np.where(usable, size, 1.0), math.nan)
    return rate, low, high


def funnel_columns(
    returned: Sequence[int] | np.ndarray,
    offered: Sequence[int] | np.ndarray,
    opened: Sequence[int] | np.ndarray,
    answered: Sequence[int] | np.ndarray,
    *,
    method: IntervalMethod = "wilson",
    confidence_level: float = 0.95,
) -> FunnelColumns:
    """The rates of :func:`response_funnel` for many groups at once.

    Parameters
    ----------
    returned, offered, opened, answered : sequence of int
        Counts per group, same length. Each stage counts returned dossiers,
        so none may exceed ``returned``.
    method, confidence_level : optional
        As in :func:`analytics.proportion_ci`.

    Returns
    -------
    FunnelColumns
        One array per field of :class:`FunnelResult`.

    Examples
    --------
    >>> cols = funnel_columns([200, 10], [150, 0], [90, 0], [60, 0])
    >>> cols.response_rate.tolist(), cols.cooperation_rate.tolist()[0]
    ([0.3, 0.0], 0.4)
    """
    level = _checks.confidence(confidence_level)
    chosen = _checks.choice(method, "method", INTERVAL_METHODS)
    base = _array(returned, "returned")
    stages = {name: _array(values, name) for name, values in
              (("offered", offered), ("opened", opened), ("answered", answered))}
    for name, values in stages.items():
        if values.shape != base.shape:
            raise ValueError(f"{name} must have one count per group, as returned has")
        over = np.flatnonzero(values > base)
        if over.size:
            i = int(over[0])
            raise ValueError(
                f"{name} ({int(values[i])}) is larger than returned ({int(base[i])}) in group "
                f"{i}: every stage counts returned dossiers")
    offer, opens, answers = stages["offered"], stages["opened"], stages["answered"]
    response = _rate(answers, base, chosen, level)
    contact = _rate(offer, base, chosen, level)
    opening = _rate(opens, base, chosen, level)
    cooperation = _rate(answers, offer, chosen, level, valid=answers <= offer)
    return FunnelColumns(base, offer, opens, answers, *response, *contact, *opening,
                         *cooperation)


def response_funnel(
    returned: int,
    offered: int,
    opened: int,
    answered: int,
    *,
    method: IntervalMethod = "wilson",
    confidence_level: float = 0.95,
) -> FunnelResult:
    """Response, contact, open and cooperation rates of one group of dossiers.

    Parameters
    ----------
    returned : int
        Dossiers returned to the citizen in the period: the eligible cases.
    offered : int
        Of those, dossiers offered the survey (an embed page rendered for
        the dossier, an invitation sent, a kiosk prompt).
    opened : int
        Dossiers whose survey was opened.
    answered : int
        Dossiers with an answer (a complete interview).
    method : {'wilson', 'clopper-pearson', 'jeffreys'}, optional
        Interval method (default Wilson's score interval).
    confidence_level : float, optional
        Level of the two-sided intervals (default 0.95).

    Returns
    -------
    FunnelResult
        The counts, each rate with its interval, ``method`` and
        ``confidence_level``.

    Notes
    -----
    With the AAPOR disposition codes, a returned dossier that answered is
    a complete interview (I), one offered but not answered a refusal or
    break-off (R), one never offered a non-contact (NC); no case has
    unknown eligibility, since the one-stop system says which dossiers
    were returned. Hence

    .. math:: RR1 = \\frac{I}{(I + P) + (R + NC + O)} = \\frac{answered}{returned},
              \\quad COOP1 = \\frac{I}{(I + P) + R + O} = \\frac{answered}{offered}.

    References
    ----------
    .. [1] The American Association for Public Opinion Research, *Standard
       Definitions: Final Dispositions of Case Codes and Outcome Rates for
       Surveys*, 10th edition (2023).

    Examples
    --------
    >>> r = response_funnel(263, 200, 120, 81)
    >>> round(r.response_rate, 4), round(r.response_ci_low, 4), round(r.response_ci_high, 4)
    (0.308, 0.2553, 0.3662)
    """
    cols = funnel_columns([returned], [offered], [opened], [answered], method=method,
                          confidence_level=confidence_level)
    return cols.row(0, method, _checks.confidence(confidence_level))
