"""Rendering the designer pages: form fields read, notices, the editor's context."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response

from form_schemas.editing import OPERATORS
from forms_service.accounts.web import SignedIn, render_page
from forms_service.boundary import check_value
from forms_service.context import Context
from forms_service.designer.messages import OPERATOR_LABELS, change_text
from forms_service.designer.service import FormView, publish_review
from forms_service.designer.views import (
    embed_snippet,
    errors_by_question,
    qr_svg,
    question_views,
    satisfaction_view,
    widget_labels,
)
from forms_service.embedding.portals import origins_of
from forms_service.errors import N_, InvalidInput, PhieuError
from forms_service.i18n import LOCALES, negotiate, translate
from forms_service.json_body import MAX_DEPTH, json_depth

__all__ = [
    "DONE",
    "change_lines",
    "definition_digest",
    "field",
    "fields",
    "read_import",
    "redirect",
    "render_editor",
]

DONE: dict[str, str] = {
    "created": N_("The form was created. Add and edit its questions below."),
    "saved": N_("Your changes were saved in the draft."),
    "added": N_("The question was added at the end of the form."),
    "moved": N_("The question was moved."),
    "deleted": N_("The question was deleted."),
    "choices": N_("The options were saved."),
    "condition": N_("The condition was saved."),
    "condition_cleared": N_("The question is now always shown."),
    "satisfaction": N_("The satisfaction setting was saved."),
    "published": N_("The form is published: new answers go to the new version."),
    "archived": N_("The form is archived: it no longer takes answers."),
    "imported": N_("The imported definition is now the draft."),
    "portal_added": N_("The portal origin was registered."),
    "portal_removed": N_("The portal origin was removed."),
}

PREVIEW_WIDTHS = ("phone", "desktop")

MAX_IMPORT_BYTES = 256 * 1024


async def read_import(form: Any) -> Any:
    """The JSON document of an uploaded definition file."""
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not getattr(upload, "filename", ""):
        raise InvalidInput("Choose a JSON file to import.", error_code="import_missing")
    content = await upload.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInput("The file is larger than {limit} KB.", error_code="import_too_large",
                           limit=MAX_IMPORT_BYTES // 1024)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The file is not UTF-8 text: export a form from Phiếu, or save the "
                           "file as UTF-8.", error_code="import_not_json") from None
    try:
        # msgspec stops at its own nesting limit with a RecursionError, the stack intact
        document = msgspec.json.decode(text)
        deep = json_depth(document) > MAX_DEPTH
    except RecursionError:
        deep = True
    except msgspec.DecodeError:
        raise _not_json(text) from None
    if deep:
        raise InvalidInput(
            "The JSON body is nested too deeply: at most {limit} levels of arrays and objects.",
            error_code="too_deep", limit=MAX_DEPTH)
    check_value(document)
    return document


def _not_json(text: str) -> InvalidInput:
    """Where the file breaks, as the standard library's decoder tells it."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return InvalidInput(
            "The file is not valid JSON: {problem} at line {line}, column {column}. "
            "Export a form from Phiếu, or correct the file there.",
            error_code="import_not_json", problem=exc.msg, line=exc.lineno, column=exc.colno,
        )
    except (RecursionError, ValueError):
        pass
    return InvalidInput("The file is not JSON: export a form from Phiếu, or check the file.",
                        error_code="import_not_json")


def field(form: Any, name: str, limit: int = 4000) -> str:
    """A text field of a posted form ('' when absent), cut at ``limit`` characters."""
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def fields(form: Any, name: str, limit: int = 4000) -> list[str]:
    """Every value posted under ``name``."""
    return [v[:limit] for v in form.getall(name, []) if isinstance(v, str)]


def redirect(path: str, *, done: str | None = None, anchor: str | None = None,
             **query: str) -> Response[bytes]:
    """303 back to a page (POST, redirect, GET), saying what was done."""
    params = {k: v for k, v in ({"done": done} | query).items() if v}
    location = path + ("?" + urlencode(params) if params else "") + (f"#{anchor}" if anchor else "")
    return Response(b"", status_code=303, headers={"Location": location})


def definition_digest(definition: Any) -> str:
    """A short digest of a definition: the draft a person reviewed before publishing."""
    text = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _choice(request: Request[Any, Any, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = request.query_params.get(name)
    return value if value in allowed else allowed[0]


async def render_editor(
    request: Request[Any, Any, Any], ctx: Context, signed_in: SignedIn, view: FormView, *,
    error: PhieuError | None = None, about: str = "", status_code: int = 200,
) -> Response[str]:
    """The editor page of a form, optionally with an error next to what it is ``about``."""
    locale = signed_in.locale
    working = view["working"]
    errors: dict[str, list[str]] = {}
    if error is not None:
        if error.details:
            errors = errors_by_question(working, error.details)
        else:
            names = working.get("properties", {}) if isinstance(working, dict) else {}
            key = about if about in names else ""
            errors = {key: [translate(locale, error.message, **error.params)]}
    questions = question_views(working)
    for question in questions:
        question.errors = errors.get(question.name, [])
    done = request.query_params.get("done")
    notice = translate(locale, DONE[done]) if done in DONE else ""
    base = ctx.settings.public_url
    slug = view["slug"]
    published = view["status"] == "published"
    open_url = f"{base}/f/{slug}"
    embed: dict[str, Any] = {
        "published": published,
        "open": view["access"] == "open",
        "snippet": embed_snippet(base, slug, token=view["access"] != "open"),
        "url": open_url,
        "qr": qr_svg(open_url, translate(locale, "QR code of the survey page {url}",
                                         url=open_url))
        if published and view["access"] == "open" else None,
        "origins": await origins_of(view["agency_id"]),
    }
    title = working.get("title", slug) if isinstance(working, dict) else slug
    labels = widget_labels(locale)
    extra: dict[str, Any] = {}
    if request.method != "GET":  # an action's page: switch language on the editor itself
        extra["language_urls"] = {lang: f"/designer/forms/{slug}?lang={lang}"
                                  for lang in LOCALES}
    return render_page(
        request, signed_in, "designer/editor.html",
        title=translate(locale, "Edit: {title}", title=title),
        status_code=status_code,
        view=view, form_title=title, questions=questions,
        form_errors=errors.get("", []), error_count=sum(len(v) for v in errors.values()),
        error_anchor=about, notice=notice, working=working,
        english=_form_english(working), satisfaction=satisfaction_view(working),
        widgets=list(labels.items()), widget_labels=labels,
        operators=[(o, OPERATOR_LABELS[o]) for o in OPERATORS],
        operator_labels=OPERATOR_LABELS,
        preview_width=_choice(request, "pw", PREVIEW_WIDTHS),
        preview_lang=negotiate(request.query_params.get("pl"), accept_language=None),
        embed=embed, review=publish_review(view), **extra,
    )


def _form_english(working: Any) -> dict[str, str]:
    survey = working.get("x-survey") if isinstance(working, dict) else None
    translations = survey.get("translations") if isinstance(survey, dict) else None
    entry = translations.get("en") if isinstance(translations, dict) else None
    entry = entry if isinstance(entry, dict) else {}
    return {"title": str(entry.get("title", "")), "description": str(entry.get("description", ""))}


def change_lines(locale: str, view: FormView) -> dict[str, Any]:
    """The publish page's summary: changes in words and the comparability verdict."""
    review = publish_review(view)
    if review is None:
        return {"first": view["definition"] is None, "changes": [], "breaking": [],
                "nothing": view["draft"] is None}
    return {
        "first": False,
        "nothing": False,
        "changes": [change_text(locale, change) for change in review.changes],
        "breaking": [change_text(locale, change) for change in review.comparability],
    }
