"""The form designer's pages under ``/designer``.

Every action is a plain HTML form posted with the session's CSRF token and
answered with a redirect back (POST, redirect, GET), so the designer works
without JavaScript; ``workspace/static/designer.js`` only keeps focus where
the person was and switches the preview without reloading.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency

from form_schemas import UnknownTemplate, load_template
from form_schemas.editing import EditError, blank_definition
from form_schemas.templates import list_templates
from forms_service.accounts.web import SignedIn, render_page
from forms_service.agencies.service import list_agencies
from forms_service.auth import Role
from forms_service.context import Context
from forms_service.designer import service
from forms_service.designer.editor import FormEditorController
from forms_service.designer.messages import edit_message
from forms_service.designer.pages import DONE, field, read_import, redirect
from forms_service.designer.views import errors_by_question, widget_labels
from forms_service.embedding import portals
from forms_service.errors import DefinitionRejected, InvalidInput, PhieuError
from forms_service.forms import service as forms
from forms_service.i18n import translate

__all__ = ["DesignerController", "FormEditorController"]

class DesignerController(Controller):
    path = "/designer"
    include_in_schema = False

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn],
    ) -> Response[str]:
        rows = await service.designer_forms(ctx, signed_in.principal)
        for row in rows:
            row["responses_text"] = format_decimal(row["responses"], locale=signed_in.locale)
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "designer/index.html",
            title=translate(signed_in.locale, "Form designer"), forms=rows,
            can_create=signed_in.principal.role in (Role.ADMIN, Role.DESIGNER),
            notice=translate(signed_in.locale, DONE[done]) if done in DONE else "",
        )

    async def _new_page(
        self, request: Request[Any, Any, Any], ctx: Context, signed_in: SignedIn, *,
        values: dict[str, str] | None = None, errors: dict[str, list[str]] | None = None,
        imported: Any = None, status_code: int = 200,
    ) -> Response[str]:
        principal = signed_in.principal
        agencies = await list_agencies(ctx, principal) if principal.is_admin else []
        locale = signed_in.locale
        return render_page(
            request, signed_in, "designer/new.html",
            title=translate(locale, "New form"), status_code=status_code,
            templates=[(t.name, t.title.get(locale) or t.title.get("vi", t.name),
                        t.description.get(locale) or t.description.get("vi", ""))
                       for t in list_templates()],
            widgets=list(widget_labels(locale).items()), agencies=agencies,
            values=values or {"start": "blank", "access": "token", "widget": "likert"},
            errors=errors or {}, imported=imported,
        )

    @get("/new")
    async def new(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn],
    ) -> Response[str]:
        signed_in.principal.require_role(Role.DESIGNER)
        return await self._new_page(request, ctx, signed_in)

    @post("/new", status_code=303)
    async def create(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn],
    ) -> Response[Any]:
        principal = signed_in.principal
        principal.require_role(Role.DESIGNER)
        form = await request.form()
        values = {name: field(form, name, 500) for name in (
            "slug", "title", "question", "widget", "template", "access", "start", "agency")}
        values["slug"] = values["slug"].strip().lower()
        locale = signed_in.locale
        definition: Any = None
        try:
            if values["start"] == "template":
                if not values["template"]:
                    raise InvalidInput("Choose a template.")
                definition = load_template(values["template"])
            elif values["start"] == "import":
                definition = await read_import(form)
            else:
                try:
                    definition = blank_definition(values["title"], widget=values["widget"],
                                                  question=values["question"])
                except EditError as exc:
                    message, params = edit_message(exc)
                    raise InvalidInput(message, **params) from None
            await forms.create_form(
                ctx, principal, slug=values["slug"], agency=values["agency"] or None,
                definition=definition, access=values["access"] or "token", locale=locale)
        except DefinitionRejected as exc:
            errors = errors_by_question(definition, exc.details)
            return await self._new_page(request, ctx, signed_in, values=values, errors=errors,
                                        imported=definition, status_code=exc.status)
        except PhieuError as exc:
            if exc.status == 403:
                raise
            message = translate(locale, exc.message, **exc.params)
            return await self._new_page(request, ctx, signed_in, values=values,
                                        errors={"": [message]}, status_code=exc.status)
        except UnknownTemplate:
            message = translate(locale, "Choose a template.")
            return await self._new_page(request, ctx, signed_in, values=values,
                                        errors={"": [message]}, status_code=400)
        return redirect(f"/designer/forms/{values['slug']}", done="created")

    # -- portal origins ---------------------------------------------------------

    async def _agency_code(self, request: Request[Any, Any, Any], signed_in: SignedIn,
                           posted: str = "") -> str:
        principal = signed_in.principal
        principal.require_role(Role.DESIGNER)
        code = posted or request.query_params.get("agency") or principal.agency_code or ""
        if not code:
            raise InvalidInput("Choose the agency whose portals to manage.")
        return code[:40]

    async def _portals_page(
        self, request: Request[Any, Any, Any], ctx: Context, signed_in: SignedIn, code: str,
        *, error: str = "", origin: str = "", status_code: int = 200,
    ) -> Response[str]:
        rows = await portals.list_portals(ctx, signed_in.principal, code)
        done = request.query_params.get("done")
        agencies = await list_agencies(ctx, signed_in.principal) \
            if signed_in.principal.is_admin else []
        return render_page(
            request, signed_in, "designer/portals.html",
            title=translate(signed_in.locale, "Portal origins"), status_code=status_code,
            agency=code, agencies=agencies, origins=rows, error=error, origin=origin,
            notice=translate(signed_in.locale, DONE[done]) if done in DONE else "",
        )

    @get("/portals")
    async def portals_page(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn],
    ) -> Response[str]:
        if signed_in.principal.is_admin and not request.query_params.get("agency"):
            agencies = await list_agencies(ctx, signed_in.principal)
            return render_page(
                request, signed_in, "designer/portals.html",
                title=translate(signed_in.locale, "Portal origins"), agency="",
                agencies=agencies, origins=[], error="", origin="", notice="")
        code = await self._agency_code(request, signed_in)
        return await self._portals_page(request, ctx, signed_in, code)

    @post("/portals", status_code=303)
    async def portals_change(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn],
    ) -> Response[Any]:
        form = await request.form()
        code = await self._agency_code(request, signed_in, field(form, "agency", 40))
        origin = field(form, "origin", 300)
        try:
            if field(form, "action") == "remove":
                await portals.remove_portal(ctx, signed_in.principal, code, origin)
                done = "portal_removed"
            else:
                await portals.add_portal(ctx, signed_in.principal, code, origin)
                done = "portal_added"
        except InvalidInput as exc:
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._portals_page(request, ctx, signed_in, code, error=message,
                                            origin=origin, status_code=exc.status)
        agency = code if signed_in.principal.is_admin else ""
        return redirect("/designer/portals", done=done, agency=agency)
