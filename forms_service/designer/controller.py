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
from litestar.params import FromPath

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
from forms_service.designer.views import embed_snippet, errors_by_question, qr_file, widget_labels
from forms_service.embedding import portals
from forms_service.errors import DefinitionRejected, InvalidInput, NotFound, PhieuError
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
        rows = await service.designer_forms(ctx, signed_in.principal, signed_in.locale)
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
        problems: list[PhieuError] = []
        try:
            definition = await _starting_definition(values, form)
        except PhieuError as exc:
            problems.append(exc)
        # every problem at once: the slug's and the definition's
        problems += await service.new_form_problems(values["slug"], definition, locale)
        try:
            if problems:
                raise problems[0]
            await forms.create_form(
                ctx, principal, slug=values["slug"], agency=values["agency"] or None,
                definition=definition, access=values["access"] or "token", locale=locale)
        except PhieuError as exc:
            if exc.status == 403:
                raise
            problems = problems or [exc]
            errors: dict[str, list[str]] = {}
            for problem in problems:
                if isinstance(problem, DefinitionRejected):
                    for name, messages in errors_by_question(definition, problem.details).items():
                        errors.setdefault(name, []).extend(messages)
                else:
                    errors.setdefault("", []).append(
                        translate(locale, problem.message, **problem.params))
            return await self._new_page(
                request, ctx, signed_in, values=values, errors=errors,
                imported=definition if any(isinstance(p, DefinitionRejected) for p in problems)
                else None,
                status_code=max(p.status for p in problems))
        return redirect(f"/designer/forms/{values['slug']}", done="created")

    # -- help and QR codes -------------------------------------------------------

    @get("/help/embedding")
    async def help_embedding(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn],
    ) -> Response[str]:
        base = ctx.settings.public_url
        return render_page(
            request, signed_in, "designer/help_embedding.html",
            title=translate(signed_in.locale, "Embedding a survey in a portal"),
            snippet=embed_snippet(base, "SLUG", token=True), base_url=base,
        )

    @get("/forms/{slug:str}/qr/{name:str}")
    async def qr_code(
        self, ctx: NamedDependency[Context], signed_in: NamedDependency[SignedIn],
        slug: FromPath[str], name: FromPath[str],
    ) -> Response[bytes]:
        """The QR code of a published open form's page, as ``qr.svg`` or ``qr.png``."""
        kind = {"qr.svg": "svg", "qr.png": "png"}.get(name)
        view = await service.form_view(signed_in.principal, slug)
        if kind is None:
            raise NotFound("There is no file {name}: use qr.svg or qr.png.", name=name[:40])
        if view["status"] != "published" or view["access"] != "open":
            raise NotFound("Only a published open form has a QR code: publish the form, and "
                           "let anyone with the link answer it.")
        content = qr_file(f"{ctx.settings.public_url}/f/{view['slug']}", kind)
        media = "image/svg+xml" if kind == "svg" else "image/png"
        return Response(content, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="phieu-{view["slug"]}-qr.{kind}"',
            "Cache-Control": "no-store"})

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


async def _starting_definition(values: dict[str, str], form: Any) -> Any:
    """The definition a new form starts from: a template, an imported file, or blank."""
    if values["start"] == "template":
        try:
            if values["template"]:
                return load_template(values["template"])
        except UnknownTemplate:
            pass
        raise InvalidInput("Choose a template.")
    if values["start"] == "import":
        return await read_import(form)
    try:
        return blank_definition(values["title"], widget=values["widget"],
                                question=values["question"])
    except EditError as exc:
        message, params = edit_message(exc)
        raise InvalidInput(message, **params) from None
