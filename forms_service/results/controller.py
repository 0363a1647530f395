"""``GET /api/v1/forms/{slug}/results``: the ``results`` report of one form.

The handler is made from the report's specification (its parameters but
``form``, which the path names) and runs it through the registry, as
``GET /api/v1/analytics/results?form=`` does.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller
from litestar.di import NamedDependency
from litestar.params import FromPath

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.reports.registry import report, run_report
from forms_service.reports.routes import add_routes, report_route

__all__ = ["FormResultsController"]

_SPEC = report("results")


async def _call(ctx: Context, principal: Principal, slug: str, locale: str | None = None,
                **params: Any) -> Any:
    return await run_report(ctx, principal, _SPEC, locale=locale,
                            params={**params, "form": slug})


class FormResultsController(Controller):
    path = "/api/v1/forms"
    tags = ["forms"]


add_routes(FormResultsController, [report_route(
    path="/{slug:str}/results", name="form_results",
    summary="Results of every question of a form, over its versions (analyst)",
    leading=(("ctx", NamedDependency[Context]), ("principal", NamedDependency[Principal]),
             ("slug", FromPath[str])),
    params=[param for param in _SPEC.ordered() if param.name != "form"],
    returns=_SPEC.output, call=_call)])
