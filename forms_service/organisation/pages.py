"""The workspace page of the organisation: ``/organisation``.

Every signed-in person of the agency sees its units (as a tree), counters
and officers; designers and admins add them, deactivate them and import
CSV rows, through the same service functions as the API.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency

from forms_service.accounts.web import SignedIn, render_page
from forms_service.agencies.service import list_agencies
from forms_service.auth import Role
from forms_service.context import Context
from forms_service.errors import N_, InvalidInput, PhieuError
from forms_service.i18n import translate
from forms_service.organisation import service
from forms_service.organisation.files import csv_rows
from forms_service.organisation.rows import KINDS, UNIT_KINDS

__all__ = ["OrganisationPage"]

DONE = {
    "unit": N_("The unit was added."),
    "counter": N_("The counter was added."),
    "officer": N_("The officer was added."),
    "deactivated": N_("It was deactivated."),
}
UNIT_KIND_LABELS = {"department": N_("Department (sở)"), "commune": N_("Commune or ward"),
                    "centre": N_("Service centre"), "other": N_("Other")}
KIND_LABELS = {"unit": N_("Units"), "counter": N_("Counters"), "officer": N_("Officers")}
MAX_CSV = 1_000_000


def _tree(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Units in tree order (each after its parent), with their depth."""
    children: dict[str | None, list[dict[str, Any]]] = {}
    codes = {u["code"] for u in units}
    for unit in units:
        parent = unit["parent"] if unit["parent"] in codes else None
        children.setdefault(parent, []).append(unit)
    ordered: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int) -> None:
        for unit in children.get(parent, []):
            if any(u["code"] == unit["code"] for u in ordered):
                continue
            ordered.append({**unit, "depth": depth})
            walk(unit["code"], depth + 1)

    walk(None, 0)
    return ordered


def _field(form: Any, name: str, limit: int = 300) -> str:
    value = form.get(name)
    return value[:limit].strip() if isinstance(value, str) else ""


class OrganisationPage(Controller):
    path = "/organisation"
    include_in_schema = False

    async def _agency(self, request: Request[Any, Any, Any], signed_in: SignedIn,
                      posted: str = "") -> str:
        principal = signed_in.principal
        principal.require_role(Role.DESIGNER, Role.ANALYST)
        return (posted or request.query_params.get("agency") or principal.agency_code
                or "")[:40]

    async def _page(self, request: Request[Any, Any, Any], ctx: Context,
                    signed_in: SignedIn, agency: str, *, error: str = "",
                    results: list[service.RowResult] | None = None, kind: str = "",
                    values: dict[str, str] | None = None,
                    status_code: int = 200) -> Response[str]:
        principal = signed_in.principal
        agencies = await list_agencies(ctx, principal) if principal.is_national else []
        lists: dict[str, list[dict[str, Any]]] = {"unit": [], "counter": [], "officer": []}
        if agency:
            for name in lists:
                lists[name] = await service.list_items(ctx, principal, name, agency=agency)
        done = request.query_params.get("done")
        locale = signed_in.locale
        shown = [{"row": r.row, "code": r.code, "result": r.result, "field": r.field,
                  "message": translate(locale, r.message, **r.params) if r.message else ""}
                 for r in results or []]
        return render_page(
            request, signed_in, "organisation/index.html",
            title=translate(locale, "Organisation"), status_code=status_code,
            agency=agency, agencies=agencies, units=_tree(lists["unit"]),
            counters=lists["counter"], officers=lists["officer"],
            can_change=principal.role in (Role.DESIGNER, Role.ADMIN) and bool(agency),
            unit_kinds=[(k, UNIT_KIND_LABELS[k]) for k in UNIT_KINDS],
            kinds=[(k.name, KIND_LABELS[k.name], ", ".join(k.fields)) for k in KINDS.values()],
            error=error, results=shown, kind=kind, values=values or {},
            notice=translate(locale, DONE[done]) if done in DONE else "",
        )

    @get("/")
    async def show(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   signed_in: NamedDependency[SignedIn]) -> Response[str]:
        agency = await self._agency(request, signed_in)
        return await self._page(request, ctx, signed_in, agency)

    @post("/", status_code=303)
    async def change(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     signed_in: NamedDependency[SignedIn]) -> Response[Any]:
        form = await request.form()
        agency = await self._agency(request, signed_in, _field(form, "agency", 40))
        if not agency:
            raise InvalidInput("Choose the agency.")
        action, kind = _field(form, "action", 20), _field(form, "kind", 20)
        if kind not in KINDS:
            raise InvalidInput("Choose units, counters or officers.")
        principal = signed_in.principal
        values = {name: _field(form, name) for name in KINDS[kind].fields
                  if name not in ("active", "kind")}
        if kind == "unit":
            values["kind"] = _field(form, "kind_of_unit") or "other"
        try:
            if action == "add":
                await service.create_item(ctx, principal, kind, agency=agency, values={
                    k: v for k, v in values.items() if v})
                done = kind
            elif action == "deactivate":
                await service.deactivate_item(ctx, principal, kind, values["code"],
                                              agency=agency)
                done = "deactivated"
            elif action == "import":
                text = form.get("csv")
                upload = form.get("file")
                if upload is not None and not isinstance(upload, str) and upload.filename:
                    text = (await upload.read(MAX_CSV + 1)).decode("utf-8-sig", "replace")
                if not isinstance(text, str) or not text.strip() or len(text) > MAX_CSV:
                    raise InvalidInput("Paste the CSV rows or choose a CSV file (at most 1 MB).")
                results = await service.import_items(ctx, principal, kind, agency=agency,
                                                     rows=csv_rows(text))
                return await self._page(request, ctx, signed_in, agency, results=results,
                                        kind=kind)
            else:
                raise InvalidInput("Choose units, counters or officers.")
        except PhieuError as exc:
            if exc.status == 403:
                raise
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._page(request, ctx, signed_in, agency, error=message, kind=kind,
                                    values=values, status_code=exc.status)
        query = {"done": done} | ({"agency": agency} if principal.is_national else {})
        return Response(b"", status_code=303,
                        headers={"Location": "/organisation?" + urlencode(query)})
