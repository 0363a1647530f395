"""The editor of one form: ``/designer/forms/{slug}`` and its actions."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from embed import Chrome, render_form
from form_schemas import compile_form
from form_schemas.editing import (
    add_question,
    clear_condition,
    clear_satisfaction,
    delete_question,
    move_question,
    set_choices,
    set_condition,
    set_form_texts,
    set_satisfaction,
    update_question,
)
from form_schemas.grids import grid_before
from form_schemas.model import build_questions
from forms_service.accounts.web import SignedIn, render_page
from forms_service.auth import Role
from forms_service.context import Context
from forms_service.designer import service
from forms_service.designer.pages import (
    change_lines,
    definition_digest,
    field,
    fields,
    read_import,
    redirect,
    render_editor,
)
from forms_service.designer.views import errors_by_question
from forms_service.errors import Conflict, DefinitionRejected, InvalidInput, NotFound
from forms_service.forms import service as forms
from forms_service.i18n import LOCALES, negotiate, translate

__all__ = ["FormEditorController"]

Edit = Callable[[dict[str, Any]], dict[str, Any]]

PREVIEW_HEADERS = {
    # framed by the designer page only; nothing can be sent from it
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
    ),
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _number(text: str, label: str, *, integer: bool = True) -> int | float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or abs(value) > 1e15 or (integer and not value.is_integer()):
        raise InvalidInput("{field} must be a whole number.", field=label)
    return int(value) if value.is_integer() else value


class FormEditorController(Controller):
    path = "/designer/forms/{slug:str}"
    include_in_schema = False

    async def _edit(
        self, request: Request[Any, Any, Any], ctx: Context, signed_in: SignedIn, slug: str,
        edit: Edit, *, done: str, about: str = "", focus: str = "",
    ) -> Response[Any]:
        try:
            await service.apply_edit(ctx, signed_in.principal, slug, edit,
                                     locale=signed_in.locale)
        except (InvalidInput, DefinitionRejected, Conflict) as exc:
            view = await service.form_view(signed_in.principal, slug)
            return await render_editor(request, ctx, signed_in, view, error=exc, about=about,
                                       status_code=exc.status)
        # the fragment names the element to land on (focusable: browsers move focus there)
        anchor = focus or (f"q-{about}-h" if about else None)
        return redirect(f"/designer/forms/{slug}", done=done, anchor=anchor)

    @get("/")
    async def show(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str],
    ) -> Response[str]:
        view = await service.form_view(signed_in.principal, slug)
        return await render_editor(request, ctx, signed_in, view)

    @post("/texts", status_code=303)
    async def texts(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        values = {key: field(form, key) for key in
                  ("title", "description", "title_en", "description_en")}
        return await self._edit(
            request, ctx, signed_in, slug,
            lambda d: set_form_texts(d, **values), done="saved", focus="form-texts-h")

    @post("/questions", status_code=303)
    async def add(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        added: list[str] = []

        def edit(definition: dict[str, Any]) -> dict[str, Any]:
            result, name = add_question(
                definition, widget=field(form, "widget", 40), title=field(form, "title"),
                name=field(form, "name", 80).strip() or None,
                required=field(form, "required") == "1")
            added.append(name)
            return result

        response = await self._edit(request, ctx, signed_in, slug, edit, done="added",
                                    about="new-question")
        if response.status_code == 303 and added:
            return redirect(f"/designer/forms/{slug}", done="added", anchor=f"q-{added[0]}-h")
        return response

    @post("/questions/{name:str}/edit", status_code=303)
    async def update(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str], name: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        locale = signed_in.locale

        def edit(definition: dict[str, Any]) -> dict[str, Any]:
            # the fields are read inside the edit, so a bad number is shown on the page
            options: dict[str, Any] = {
                key: field(form, key) for key in
                ("title", "description", "title_en", "description_en")}
            options["required"] = field(form, "required") == "1"
            if field(form, "widget"):
                options["widget"] = field(form, "widget", 40)
            if "grid" in form:  # shown for likert and radio questions only
                options["grid"] = field(form, "grid", 100)
            if field(form, "grid_previous") == "1":  # a row of the grid just above
                options["grid"] = grid_before(definition, name) or options.get("grid")
            if field(form, "max_length"):
                options["max_length"] = _number(field(form, "max_length", 40),
                                                translate(locale, "Maximum length"))
            if field(form, "bounds") == "1":
                options["bounds"] = True
                options["minimum"] = _number(field(form, "minimum", 40),
                                             translate(locale, "Smallest value"), integer=False)
                options["maximum"] = _number(field(form, "maximum", 40),
                                             translate(locale, "Largest value"), integer=False)
            return update_question(definition, name, **options)

        return await self._edit(request, ctx, signed_in, slug, edit, done="saved", about=name,
                                focus=f"q-{name}-h")

    @post("/questions/{name:str}/choices", status_code=303)
    async def choices(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str], name: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        values, labels, english = (fields(form, key, 500) for key in
                                   ("value", "label", "label_en"))
        removed = set(fields(form, "remove", 10))
        rows = [
            {"value": value, "label": label, "label_en": label_en}
            for index, (value, label, label_en) in enumerate(zip(values, labels, english,
                                                                 strict=False))
            if str(index) not in removed and (value.strip() or label.strip() or label_en.strip())
        ]
        return await self._edit(request, ctx, signed_in, slug,
                                lambda d: set_choices(d, name, rows), done="choices",
                                about=name, focus=f"q-{name}-h")

    @post("/questions/{name:str}/condition", status_code=303)
    async def condition(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str], name: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        if field(form, "action") == "clear":
            return await self._edit(request, ctx, signed_in, slug,
                                    lambda d: clear_condition(d, name),
                                    done="condition_cleared", about=name, focus=f"q-{name}-h")
        operator = field(form, "operator", 20)
        text = field(form, "value", 1000)
        values = text.split(",") if operator == "one_of" else [text]
        source = field(form, "source", 80)
        return await self._edit(
            request, ctx, signed_in, slug,
            lambda d: set_condition(d, name, source=source, operator=operator,
                                            values=values),
            done="condition", about=name, focus=f"q-{name}-h")

    @post("/questions/{name:str}/move", status_code=303)
    async def move(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str], name: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        direction = "up" if field(form, "direction", 10) == "up" else "down"
        offset = -1 if direction == "up" else 1
        return await self._edit(request, ctx, signed_in, slug,
                                lambda d: move_question(d, name, offset), done="moved",
                                about=name, focus=f"move-{direction}-{name}")

    @post("/questions/{name:str}/delete", status_code=303)
    async def delete(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str], name: FromPath[str],
    ) -> Response[Any]:
        response = await self._edit(request, ctx, signed_in, slug,
                                    lambda d: delete_question(d, name), done="deleted",
                                    about=name)
        if response.status_code == 303:
            return redirect(f"/designer/forms/{slug}", done="deleted", anchor="questions-h")
        return response

    @post("/satisfaction", status_code=303)
    async def satisfaction(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str],
    ) -> Response[Any]:
        form = await request.form()
        if field(form, "action") == "clear":
            edit: Edit = clear_satisfaction
        else:
            question = field(form, "question", 80)
            chosen = fields(form, f"satisfied_{question}", 100)
            edit = lambda d: set_satisfaction(d, question, chosen)  # noqa: E731
        return await self._edit(request, ctx, signed_in, slug, edit, done="satisfaction",
                                about="satisfaction", focus="satisfaction-h")

    # -- preview ------------------------------------------------------------------

    @get("/preview")
    async def preview(
        self, request: Request[Any, Any, Any], signed_in: NamedDependency[SignedIn],
        slug: FromPath[str],
    ) -> Response[str]:
        view = await service.form_view(signed_in.principal, slug)
        locale = negotiate(request.query_params.get("lang"), accept_language=None)
        compiled = compile_form(view["working"])
        content = render_form(compiled, Chrome(locale=locale), action=request.url.path,
                              hidden={})
        return Response(content, media_type="text/html", headers=PREVIEW_HEADERS)

    # -- publishing -------------------------------------------------------------------

    async def _publish_page(
        self, request: Request[Any, Any, Any], signed_in: SignedIn, view: service.FormView,
        *, error: str = "", status_code: int = 200,
    ) -> Response[str]:
        locale = signed_in.locale
        return render_page(
            request, signed_in, "designer/publish.html",
            title=translate(locale, "Publish {slug}", slug=view["slug"]),
            status_code=status_code, view=view, summary=change_lines(locale, view),
            digest=definition_digest(view["draft"]), error=error,
            next_version=(view["latest_version"] or 0) + 1,
        )

    @get("/publish")
    async def review(
        self, request: Request[Any, Any, Any], signed_in: NamedDependency[SignedIn],
        slug: FromPath[str],
    ) -> Response[str]:
        view = await service.form_view(signed_in.principal, slug)
        return await self._publish_page(request, signed_in, view)

    @post("/publish", status_code=303)
    async def publish(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str],
    ) -> Response[Any]:
        signed_in.principal.require_role(Role.DESIGNER)
        form = await request.form()
        view = await service.form_view(signed_in.principal, slug)
        locale = signed_in.locale
        if view["draft"] is not None:
            if field(form, "digest", 64) != definition_digest(view["draft"]):
                return await self._publish_page(
                    request, signed_in, view, status_code=409, error=translate(
                        locale, "The draft changed since this page was opened. Review the "
                        "changes below again, then publish."))
            review = service.publish_review(view)
            if review is not None and review.breaking and field(form, "confirm") != "1":
                return await self._publish_page(
                    request, signed_in, view, status_code=400, error=translate(
                        locale, "This version changes how satisfaction is measured. Tick the "
                        "box to confirm that you want to publish it anyway."))
        try:
            await forms.publish_form(ctx, signed_in.principal, slug)
        except Conflict as exc:
            return await self._publish_page(request, signed_in, view, status_code=409,
                                            error=translate(locale, exc.message, **exc.params))
        return redirect(f"/designer/forms/{slug}", done="published", anchor="publishing-h")

    @post("/archive", status_code=303)
    async def archive(
        self, ctx: NamedDependency[Context], signed_in: NamedDependency[SignedIn],
        slug: FromPath[str],
    ) -> Response[Any]:
        await forms.archive_form(ctx, signed_in.principal, slug)
        return redirect(f"/designer/forms/{slug}", done="archived", anchor="publishing-h")

    # -- import and export --------------------------------------------------------------

    @get("/export")
    async def export(
        self, request: Request[Any, Any, Any], signed_in: NamedDependency[SignedIn],
        slug: FromPath[str],
    ) -> Response[bytes]:
        view = await service.form_view(signed_in.principal, slug)
        version = request.query_params.get("version", "")
        if version:
            if not version.isdigit():
                raise NotFound("Form {slug} has no version {number}.", slug=slug,
                               number=version[:10])
            found = await forms.get_version(signed_in.principal, slug, int(version))
            definition, name = found["definition"], f"{slug}-v{version}.json"
        else:
            definition, name = view["working"], f"{slug}.json"
        body = json.dumps(definition, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        return Response(body, media_type="application/json", headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    @post("/import", status_code=303)
    async def import_definition(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], slug: FromPath[str],
    ) -> Response[Any]:
        signed_in.principal.require_role(Role.DESIGNER)
        form = await request.form()
        view = await service.form_view(signed_in.principal, slug)
        definition: Any = None
        try:
            definition = await read_import(form)
            await forms.update_draft(ctx, signed_in.principal, slug, definition,
                                     locale=signed_in.locale)
        except DefinitionRejected as exc:
            errors = errors_by_question(definition if isinstance(definition, dict) else {},
                                        exc.details)
            questions = build_questions(definition) if isinstance(definition, dict) else ()
            return render_page(
                request, signed_in, "designer/import.html",
                title=translate(signed_in.locale, "Import: problems found"),
                status_code=exc.status, view=view, errors=errors,
                questions=[(n, q.name, q.title("vi"), errors.get(q.name, []))
                           for n, q in enumerate(questions, start=1)],
                language_urls={lang: f"/designer/forms/{slug}?lang={lang}"
                               for lang in LOCALES})
        except InvalidInput as exc:
            return await render_editor(request, ctx, signed_in, view, error=exc, about="import",
                                       status_code=exc.status)
        return redirect(f"/designer/forms/{slug}", done="imported", anchor="questions-h")
