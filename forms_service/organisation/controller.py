"""``/api/v1/units``, ``/api/v1/counters``, ``/api/v1/officers``: one controller per
kind, built by :func:`_controller` from the kind's bodies (annotations are
evaluated here, not postponed, so the built handlers carry real types)."""

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import InvalidInput
from forms_service.http import request_locale
from forms_service.i18n import translate
from forms_service.organisation import service
from forms_service.organisation.files import csv_rows
from forms_service.organisation.schemas import (
    CounterIn,
    CounterOut,
    CounterPatch,
    ImportIn,
    ImportOut,
    OfficerIn,
    OfficerOut,
    OfficerPatch,
    UnitIn,
    UnitOut,
    UnitPatch,
)

__all__ = ["CounterController", "OfficerController", "UnitController"]

AgencyQuery = Annotated[str | None, QueryParameter(
    name="agency", max_length=40, description="Agency code; defaults to the key's own agency")]
ActiveQuery = Annotated[bool | None, QueryParameter(
    name="active", description="Only active (true) or inactive (false) ones")]


def _plain(data: msgspec.Struct) -> dict[str, Any]:
    return {name: getattr(data, name) for name in data.__struct_fields__
            if getattr(data, name) is not msgspec.UNSET}


def import_body(results: list[service.RowResult], locale: str) -> ImportOut:
    items = []
    for r in results:
        item: dict[str, Any] = {"row": r.row, "code": r.code, "result": r.result}
        if r.result == "error":
            item["field"] = r.field or ""
            item["message"] = translate(locale, r.message, **r.params) if r.message else ""
        items.append(item)
    counts = {kind: sum(1 for r in results if r.result == kind)
              for kind in ("created", "updated", "error")}
    return msgspec.convert({"created": counts["created"], "updated": counts["updated"],
                            "rejected": counts["error"], "results": items}, ImportOut)


def _controller(kind: str, plural: str, label: str, body_in: Any, body_patch: Any,
                body_out: Any) -> type[Controller]:
    class KindController(Controller):
        path = f"/api/v1/{plural}"
        tags = ["organisation"]

        @post("/", summary=f"Add a {label} to the agency")
        async def create(self, ctx: NamedDependency[Context],
                         principal: NamedDependency[Principal], data: JSONBody[body_in],
                         agency: AgencyQuery = None) -> body_out:
            row = await service.create_item(ctx, principal, kind, agency=agency,
                                            values=_plain(data))
            return msgspec.convert(row, body_out)

        @get("/", summary=f"List the agency's {plural}")
        async def list(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal], agency: AgencyQuery = None,
                       active: ActiveQuery = None) -> list[body_out]:
            rows = await service.list_items(ctx, principal, kind, agency=agency, active=active)
            return msgspec.convert(rows, list[body_out])

        @get("/{code:str}", summary=f"One {label}")
        async def read(self, principal: NamedDependency[Principal], code: FromPath[str],
                       agency: AgencyQuery = None) -> body_out:
            row = await service.find_item(principal, kind, code, agency=agency)
            return msgspec.convert(row, body_out)

        @patch("/{code:str}", summary=f"Change a {label} (the fields given)")
        async def update(self, ctx: NamedDependency[Context],
                         principal: NamedDependency[Principal], code: FromPath[str],
                         data: JSONBody[body_patch], agency: AgencyQuery = None) -> body_out:
            row = await service.update_item(ctx, principal, kind, code, agency=agency,
                                            values=_plain(data))
            return msgspec.convert(row, body_out)

        @post("/{code:str}/deactivate", summary=f"Deactivate a {label}", status_code=200)
        async def deactivate(self, ctx: NamedDependency[Context],
                             principal: NamedDependency[Principal], code: FromPath[str],
                             agency: AgencyQuery = None) -> body_out:
            row = await service.deactivate_item(ctx, principal, kind, code, agency=agency)
            return msgspec.convert(row, body_out)

        @post("/import", summary=f"Add or change many {plural} from CSV or JSON rows "
                                 "(one result per row)", status_code=200)
        async def bulk(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal], data: JSONBody[ImportIn],
                       agency: AgencyQuery = None) -> ImportOut:
            if (data.rows is None) == (data.csv is None):
                raise InvalidInput("Send either rows (a list of objects) or csv (the text "
                                   "of a CSV file), not both.")
            rows: list[Any] = data.rows if data.rows is not None else csv_rows(data.csv or "")
            results = await service.import_items(ctx, principal, kind, agency=agency,
                                                 rows=rows)
            return import_body(results, request_locale(request))

    KindController.__name__ = KindController.__qualname__ = f"{kind.title()}Controller"
    return KindController


UnitController = _controller("unit", "units", "unit", UnitIn, UnitPatch, UnitOut)
CounterController = _controller("counter", "counters", "counter", CounterIn, CounterPatch,
                                CounterOut)
OfficerController = _controller("officer", "officers", "officer", OfficerIn, OfficerPatch,
                                OfficerOut)
