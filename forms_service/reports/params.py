"""Checking report parameters, and which agencies a caller may report on.

Every bad value becomes an ``InvalidInput`` (400) saying what to write
instead; an agency the key may not see is a ``Forbidden`` (403), an unknown
one a ``NotFound`` (404).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from analytics import INTERVAL_METHODS, Period, parse_period
from forms_service.agencies.service import agency_by_code
from forms_service.auth import Principal, Role
from forms_service.errors import Forbidden, InvalidInput, NotFound
from forms_service.forms.tables import Form
from forms_service.i18n import LOCALES

__all__ = [
    "GROUP_DIMENSIONS",
    "PERIOD_DIMENSIONS",
    "Scope",
    "StatOptions",
    "check_confidence_level",
    "check_date",
    "check_locale",
    "check_method",
    "check_min_n",
    "check_period",
    "check_target",
    "check_threshold",
    "month_range",
    "parse_group_by",
    "parse_threshold",
    "refuse_unit_scope",
    "resolve_form",
    "resolve_scope",
]

GROUP_DIMENSIONS = ("service", "agency", "form", "audience")
PERIOD_DIMENSIONS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Scope:
    """The agency a report covers: one agency, or all (``agency_id is None``); for a
    person limited to a unit, only the answers and dossiers of ``unit_ids`` (the unit
    and its sub-units), else ``None``."""

    agency_id: int | None
    agency_code: str | None
    agency_name: str | None = None
    unit_ids: frozenset[int] | None = None

    def unit_marks(self) -> tuple[str, list[int]]:
        """``IN`` placeholders and arguments of ``unit_ids`` (``NULL`` when empty)."""
        units = sorted(self.unit_ids or ())
        return ", ".join("{}" for _ in units) or "NULL", units


@dataclass(frozen=True)
class StatOptions:
    """Statistical options shared by the reports, already checked."""

    threshold: float = 0.9
    confidence_level: float = 0.95
    method: str = "wilson"
    min_n: int = 30

    @classmethod
    def checked(
        cls, *, threshold: float = 0.9, confidence_level: float = 0.95,
        method: str = "wilson", min_n: int = 30,
    ) -> StatOptions:
        return cls(check_threshold(threshold), check_confidence_level(confidence_level),
                   check_method(method), check_min_n(min_n))


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def check_threshold(value: Any) -> float:
    number = _number(value)
    if not 0.0 < number < 1.0:
        raise InvalidInput(
            "threshold must be a proportion strictly between 0 and 1, such as 0.9 for 90%; "
            "got {value}.", value=str(value)[:20],
        )
    return number


def parse_threshold(text: str | None) -> float | None:
    """A threshold as people write it: ``0,9``, ``0.9``, ``90``, ``90%`` or ``90,0%``.

    A number above 1 (or one followed by ``%``) is a percentage, one below 1
    a proportion; a comma is the Vietnamese decimal mark. ``None`` or an
    empty text is "not given"; anything else is an ``InvalidInput`` saying
    what to write.
    """
    if text is None or not text.strip():
        return None
    raw = text.strip()
    written = raw.replace(" ", "").replace("\u00a0", "")
    percent = written.endswith("%")
    written = written.removesuffix("%").replace(",", ".")
    number = _number(written) if written.count(".") <= 1 else math.nan
    if percent or 1.0 < number < 100.0:
        number /= 100.0
    if not 0.0 < number < 1.0:
        raise InvalidInput(
            "Write the threshold as a percentage or a proportion between 0 and 100%, "
            "such as 90%, 90, 0,9 or 0.9; got {value}.", value=raw[:20],
        )
    return number


def check_min_n(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise InvalidInput("min_n must be a whole number from 0 to 1000000.")
    return value


def check_target(value: Any) -> float:
    number = _number(value)
    if not 0.0 < number < 1.0:
        raise InvalidInput(
            "target must be a proportion strictly between 0 and 1, such as 0.5 for 50%; "
            "got {value}.", value=str(value)[:20],
        )
    return number


def check_confidence_level(value: Any) -> float:
    number = _number(value)
    if not 0.5 < number < 0.999:
        raise InvalidInput(
            "confidence_level must be between 0.5 and 0.999 (exclusive), such as 0.95; "
            "got {value}.", value=str(value)[:20],
        )
    return number


def check_method(value: str) -> str:
    if value not in INTERVAL_METHODS:
        raise InvalidInput(
            "method {value!r} is unknown: use wilson, clopper-pearson or jeffreys.",
            value=str(value)[:40],
        )
    return value


def check_locale(value: str | None) -> str | None:
    """An explicit ``locale`` parameter, checked: ``None`` when none was given.

    Without one a report adds no formatted texts; callers that always need
    a language take :func:`forms_service.i18n.negotiate` of it.
    """
    if value is None or value == "":
        return None
    if value not in LOCALES:
        raise InvalidInput("locale must be vi or en.")
    return value


def check_period(text: str | None) -> Period | None:
    """``2023``, ``2023-Q3`` or ``2023-07``; ``None`` for every period."""
    if text is None or text == "":
        return None
    try:
        return parse_period(text)
    except (TypeError, ValueError):
        raise InvalidInput(
            "period {value!r} is not valid: write a year (2023), a quarter (2023-Q3) "
            "or a month (2023-07).", value=str(text)[:20],
        ) from None


def month_range(period: Period | None) -> tuple[str, str] | None:
    """First and last month (``YYYY-MM``) of ``period``, for ``month BETWEEN``."""
    from forms_service.reports.sql import _month_range

    return None if period is None else _month_range(period)


def parse_group_by(text: str) -> tuple[list[str], str | None]:
    """``service``, ``agency,quarter`` … → (dimensions, period granularity)."""
    names = [part.strip() for part in (text or "").split(",") if part.strip()]
    known = GROUP_DIMENSIONS + PERIOD_DIMENSIONS
    unknown = [name for name in names if name not in known]
    periods = [name for name in names if name in PERIOD_DIMENSIONS]
    dims = [name for name in names if name in GROUP_DIMENSIONS]
    if unknown or not names or len(periods) > 1 or len(set(dims)) != len(dims) or not dims:
        raise InvalidInput(
            "group_by {value!r} is not valid: name one or more of service, agency, form, "
            "audience, optionally with one period (month, quarter or year), "
            "separated by commas, such as service or agency,quarter.",
            value=str(text)[:80],
        )
    return dims, periods[0] if periods else None


def check_date(text: str | None, name: str) -> dt.date | None:
    if text is None or text == "":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "{name} {value!r} is not a date: write it as YYYY-MM-DD, such as 2025-06-01.",
            name=name, value=str(text)[:20],
        ) from None


def refuse_unit_scope() -> Forbidden:
    """The refusal of figures that cannot be limited to a unit, for a person who is."""
    return Forbidden(
        "Your account is limited to a unit of the agency, and these figures cannot be "
        "limited to a unit (they cover the whole agency or several agencies). Open the "
        "figures by unit instead, or ask an administrator for access to the whole agency.",
        error_code="unit_scope")


async def resolve_scope(principal: Principal, agency: str | None, *,
                        units: bool = False) -> Scope:
    """The agency a report is about: the one named, or the key's own.

    Analysts (and admins) only. An agency key naming another agency is
    refused; a national key without ``agency`` covers every agency.  A person
    limited to a unit gets a scope limited to its units when the report can
    apply it (``units=True``: it reads the rows through :attr:`Scope.unit_ids`)
    and is refused (403) any other.
    """
    principal.require_role(Role.ANALYST)
    if principal.unit_ids is not None and not units:
        raise refuse_unit_scope()
    if agency:
        row = await agency_by_code(agency)
        if not principal.can_see_agency(row["id"]):
            raise Forbidden("This key belongs to another agency and cannot use its data.")
        return Scope(row["id"], row["code"], row["name"], principal.unit_ids)
    if principal.agency_id is None:
        return Scope(None, None)
    row = await agency_by_code(principal.agency_code or "")
    return Scope(row["id"], row["code"], row["name"], principal.unit_ids)


async def resolve_form(principal: Principal, scope: Scope, slug: str | None) -> int | None:
    """Id of the form ``slug`` when the caller may see it and it lies in ``scope``."""
    if not slug:
        return None
    row = await Form.select(Form.id, Form.agency).where(Form.slug == slug).first().run()
    if row is None or not principal.can_see_agency(row["agency"]):
        raise NotFound("There is no form {slug}.", slug=slug[:80])
    if scope.agency_id is not None and row["agency"] != scope.agency_id:
        raise InvalidInput(
            "The form {slug} belongs to another agency than {agency}.",
            slug=slug[:80], agency=scope.agency_code,
        )
    return int(row["id"])
