"""Parameters several reports take, described once.

A report lists these in its :class:`~forms_service.reports.spec.ReportSpec`
beside its own; :mod:`forms_service.reports.params` checks their values
when the report runs.
"""

from __future__ import annotations

from forms_service.i18n import LOCALES
from forms_service.patterns import OPTIONAL_AGENCY, PERIOD, one_of, or_empty
from forms_service.reports.spec import Param

__all__ = [
    "AGENCY",
    "CONFIDENCE_LEVEL",
    "FORM",
    "INTERVAL_METHODS",
    "LOCALE",
    "METHOD",
    "MIN_N",
    "PERIOD_PARAM",
    "THRESHOLD",
]

#: the interval methods of :func:`analytics.proportion_ci` (a test keeps them equal)
INTERVAL_METHODS = ("wilson", "clopper-pearson", "jeffreys")

AGENCY = Param(
    "agency", description="Agency code; an agency key defaults to (and may only name) its own",
    max_length=40, pattern=OPTIONAL_AGENCY)
FORM = Param("form", description="Form slug", max_length=80)
PERIOD_PARAM = Param("period", description="2023, 2023-Q3 or 2023-07", max_length=20,
                     pattern=or_empty(PERIOD))
THRESHOLD = Param("threshold", float, 0.9,
                  description="Excellence threshold, strictly between 0 and 1",
                  exclusive_minimum=0, exclusive_maximum=1)
CONFIDENCE_LEVEL = Param("confidence_level", float, 0.95,
                         description="Between 0.5 and 0.999 (exclusive)",
                         exclusive_minimum=0.5, exclusive_maximum=0.999)
METHOD = Param("method", str, "wilson", description="wilson, clopper-pearson or jeffreys",
               max_length=40, enum=INTERVAL_METHODS)
MIN_N = Param("min_n", int, 30, description="Fewer answers give insufficient_data",
              minimum=0, maximum=1_000_000)
LOCALE = Param("locale", description="vi or en: adds formatted *_text fields", max_length=8,
               pattern=one_of(LOCALES))
