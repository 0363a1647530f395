"""Every analytics report, by name, and the one way to run one.

:data:`REPORTS` holds the ``SPEC`` of each module of
:mod:`forms_service.reports.specs`, in their ``order``: the analytics API,
its OpenAPI document, report exports, dashboard downloads and the commands
are all built from it. :func:`run_report` is how each of them runs a
report: the roles of the specification, then its build function.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import msgspec

from forms_service.auth import Principal
from forms_service.errors import InvalidInput, NotFound
from forms_service.reports import specs
from forms_service.reports.spec import ReportSpec

__all__ = ["REPORTS", "report", "run_report"]


def _discover() -> dict[str, ReportSpec]:
    found: list[ReportSpec] = []
    for info in pkgutil.iter_modules(specs.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{specs.__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if not isinstance(spec, ReportSpec):
            raise TypeError(f"{module.__name__} must define SPEC, a ReportSpec")
        found.append(spec)
    found.sort(key=lambda spec: (spec.order, spec.name))
    names = [spec.name for spec in found]
    if len(set(names)) != len(names):
        raise ValueError(f"two reports share a name: {sorted(names)}")
    return {spec.name: spec for spec in found}


#: The reports, by name, in the order they are listed.
REPORTS: Mapping[str, ReportSpec] = MappingProxyType(_discover())


def report(name: str) -> ReportSpec:
    """The report ``name``, or ``NotFound`` listing the reports."""
    spec = REPORTS.get(name)
    if spec is None:
        raise NotFound("There is no report {report}: the reports are {reports}.",
                       report=name[:40], reports=", ".join(REPORTS))
    return spec


async def run_report(
    ctx: Any, principal: Principal, spec: ReportSpec, *, locale: str | None,
    params: Mapping[str, Any],
) -> msgspec.Struct:
    """The body of report ``spec`` for ``principal``.

    Parameters left out (``None``) take the report's defaults, a required
    one left out is an ``InvalidInput``; the build function checks the
    others and the caller's agency.
    """
    principal.require_role(*spec.roles)
    chosen = {name: value for name, value in params.items() if value is not None}
    for param in spec.params:
        if param.required and param.name not in chosen:
            raise InvalidInput("{name} is required.", name=param.name)
    return await spec.builder()(ctx, principal, locale=locale, **chosen)
