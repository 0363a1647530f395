"""What the OpenAPI document promises, kept true to what the service does.

- Request bodies declared with ``forbid_unknown_fields`` are documented with
  ``additionalProperties: false`` (the service refuses unknown fields), and
  the bounds of optional fields (``int | None`` with ``ge=0``) stay on them.
- Every API operation documents the error bodies it can return, in the one
  shape ``forms_service.http`` produces.
- Operations marked ``opt={"public": True}`` need no key.
- Values the service checks by format (periods, locales, codes, origins,
  proportions …) are documented with the same ``pattern``, ``enum`` or
  bounds (:data:`QUERY_RULES`, :data:`BODY_RULES`), so that a client built
  from the document sends what the service accepts. The reports' rules come
  from their specifications (:mod:`forms_service.reports.registry`), the
  export formats and their media types from :mod:`forms_service.exports.formats`.
- The automatic ``OPTIONS`` answer lists every method of its path in ``Allow``.

``tests/integration/api/test_hostile_openapi.py`` and the schemathesis step of
``.ci/run`` hold the service to this document.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.routes import HTTPRoute
from litestar.typing import FieldDefinition

from forms_service.distribution.texts import texts_schema
from forms_service.exports import formats
from forms_service.exports.reports import REPORT_FORMAT, REPORT_LOCALE
from forms_service.i18n import LOCALES
from forms_service.patterns import (
    ADDRESS_TEXT,
    AGENCY_CODE,
    DATE,
    MOMENT,
    NAME,
    OPTIONAL_AGENCY,
    ORIGIN,
    PERIOD,
    SERVICE_CODE,
    TEXT,
    one_of,
    or_empty,
)
from forms_service.reports.registry import REPORTS

__all__ = [
    # the formats the services check (forms_service.patterns), also importable from here
    "AGENCY_CODE",
    "BODY_RULES",
    "DATE",
    "MOMENT",
    "NAME",
    "OPTIONAL_AGENCY",
    "ORIGIN",
    "PERIOD",
    "QUERY_RULES",
    "REQUEST_BODIES",
    "SERVICE_CODE",
    "ErrorBody",
    "ErrorItem",
    "StrictStructSchemaPlugin",
    "document_errors",
    "fix_options_allow",
    "refine_openapi",
    "report_query_rules",
]


class ErrorItem(msgspec.Struct):
    path: str
    code: str
    message: str
    source: str | None = None


class ErrorBody(msgspec.Struct):
    error: str
    message: str
    errors: list[ErrorItem] | None = None


ERROR_DESCRIPTIONS = {
    400: "The request is not valid; `message` says what to change",
    401: "No valid API key",
    403: "The key's role or agency may not do this",
    404: "Not found (or not visible to this key's agency)",
    405: "Method not allowed",
    409: "Conflict: already exists, already answered, or the form is closed",
    413: "The request body is too large",
    422: "The definition or the answers fail validation; `errors` lists each problem",
    429: "Too many requests; see Retry-After",
    503: "The database is unavailable; see Retry-After",
}
PUBLIC_ERRORS = (400, 404, 405, 413, 429, 503)


def report_query_rules() -> dict[tuple[str, str], dict[str, Any]]:
    """The rules of every report's parameters, from the registry: on
    ``/api/v1/analytics/<name>`` and on ``/api/v1/exports/<name>``."""
    rules: dict[tuple[str, str], dict[str, Any]] = {}
    for spec in REPORTS.values():
        analytics = rf"^/api/v1/analytics/{re.escape(spec.name)}$"
        exports = rf"^/api/v1/exports/{re.escape(spec.name)}$"
        for param in spec.params:
            if param.rule():
                rules[(analytics, param.name)] = param.rule()
        for param in (REPORT_FORMAT, REPORT_LOCALE, *spec.params):
            if param.rule() and (exports, param.name) not in rules:
                rules[(exports, param.name)] = param.rule()
    # a form's results under the form's own path (forms_service.results.controller)
    for param in REPORTS["results"].params:
        if param.rule():
            rules[(r"^/api/v1/forms/\{slug\}/results$", param.name)] = param.rule()
    return rules


# (path pattern, parameter name) → what the service accepts there
QUERY_RULES: dict[tuple[str, str], dict[str, Any]] = {
    (r"^/api/v1/exports/responses$", "locale"): {"pattern": one_of(LOCALES)},
    (r"^/api/v1/exports/responses$", "format"): {"pattern": formats.pattern(formats.RESPONSES)},
    (r"^/api/v1/exports/responses$", "since"): {"pattern": or_empty(MOMENT)},
    (r"^/api/v1/exports/responses$", "until"): {"pattern": or_empty(MOMENT)},
    (r"^/api/v1/agencies/\{code\}/portals$", "origin"): {"pattern": ORIGIN},
    (r"/versions/\{number\}$", "number"): {"type": "integer", "minimum": 1,
                                          "maximum": 2_147_483_647},
    (r"^/api/v1/agencies/\{code\}/portals$", "code"): {"pattern": AGENCY_CODE},
    (r"^/api/v1/agencies/\{code\}/invitation-texts", "code"): {"pattern": AGENCY_CODE},
    (r"^/api/v1/agencies/\{code\}/invitation-texts/\{locale\}", "locale"): {
        "enum": list(LOCALES)},
    (r"^/api/v1/webhooks/\{endpoint_id\}", "endpoint_id"): {
        "type": "integer", "minimum": 1, "maximum": 2_147_483_647},
    (r"/deliveries/\{delivery_id\}/replay$", "delivery_id"): {
        "type": "integer", "minimum": 1, "maximum": 2_147_483_647},
} | report_query_rules()

# (component schema, property) → what the service accepts there
BODY_RULES: dict[tuple[str, str], dict[str, Any]] = {
    ("AgencyIn", "code"): {"pattern": AGENCY_CODE},
    ("AgencyIn", "name"): {"pattern": NAME},
    ("ServiceIn", "code"): {"pattern": SERVICE_CODE},
    ("ServiceIn", "name"): {"pattern": NAME},
    ("ServiceIn", "agency"): {"pattern": OPTIONAL_AGENCY},
    ("ApiKeyIn", "agency"): {"pattern": OPTIONAL_AGENCY},
    ("FormIn", "agency"): {"pattern": OPTIONAL_AGENCY},
    ("PortalIn", "origin"): {"pattern": ORIGIN},
    ("DossierStatsIn", "period"): {"pattern": PERIOD},
    ("QualityScoresIn", "period"): {"pattern": PERIOD},
    ("QualityScoreIn", "agency"): {"pattern": AGENCY_CODE},
}


# (method, path) → the JSON Schema of a request body the handler reads as a JSON object
# (and checks itself, with messages that say what to write)
_TEXTS_PATH = "/api/v1/agencies/{code}/invitation-texts/{locale}"
REQUEST_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("put", _TEXTS_PATH): texts_schema(
        required=True, description="The three texts of one language (see "
        "GET .../invitation-texts for the placeholders each takes)"),
    ("post", _TEXTS_PATH + "/preview"): texts_schema(
        required=False, description="Texts to render; fields left out: the stored ones"),
}


# (method, path) → a success status the handler returns beside its default one
EXTRA_SUCCESS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("post", "/api/v1/agencies/{code}/portals"): ("201", "200", "Already registered"),
    ("post", "/api/v1/services/{code}/dossier-stats"): ("201", "200", "Replaced"),
}


# (method, path) → the media types of a file download's 200 response, with what each holds
def _download(export: str) -> dict[str, str]:
    return {fmt.media_type: f"format={fmt.name}: {fmt.offers[export]}"
            for fmt in formats.FORMATS.values() if export in fmt.offers}


DOWNLOADS: dict[tuple[str, str], dict[str, str]] = {
    ("get", "/api/v1/exports/responses"): _download(formats.RESPONSES),
} | {("get", f"/api/v1/exports/{name}"): _download(formats.REPORTS) for name in REPORTS}


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Struct schemas with ``additionalProperties: false`` where the struct forbids extras,
    and the bounds of optional numbers kept (Litestar drops a ``ge=0`` beside ``None``)."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        config = getattr(field_definition.type_, "__struct_config__", None)
        if config is not None and config.forbid_unknown_fields:
            schema.additional_properties = False
        if config is not None and schema.properties:
            _optional_bounds(field_definition.type_, schema.properties)
        return schema


def _optional_bounds(struct: type, properties: dict[str, Any]) -> None:
    for field in msgspec.inspect.type_info(struct).fields:  # type: ignore[union-attr]
        kind = field.type
        if not isinstance(kind, msgspec.inspect.UnionType):
            continue
        numbers = [t for t in kind.types
                   if isinstance(t, msgspec.inspect.IntType | msgspec.inspect.FloatType)]
        if len(numbers) != 1 or len(kind.types) != 2:
            continue
        number = numbers[0]
        target = properties.get(field.encode_name)
        if not isinstance(target, Schema):
            continue
        branch = Schema(
            type=OpenAPIType.INTEGER if isinstance(number, msgspec.inspect.IntType)
            else OpenAPIType.NUMBER,
            minimum=number.ge, maximum=number.le,
            exclusive_minimum=number.gt, exclusive_maximum=number.lt,
        )
        target.one_of = [branch, Schema(type=OpenAPIType.NULL)]
        target.minimum = target.maximum = None
        target.exclusive_minimum = target.exclusive_maximum = None


def document_errors(app: Litestar) -> None:
    """Add the error responses to every API operation (before the schema is built)."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            public = bool(handler.opt.get("public"))
            codes = PUBLIC_ERRORS if public else tuple(ERROR_DESCRIPTIONS)
            responses = dict(handler.responses or {})
            for code in codes:
                responses.setdefault(code, ResponseSpec(
                    data_container=ErrorBody, description=ERROR_DESCRIPTIONS[code],
                    generate_examples=False))
            handler.responses = responses
            if public:
                handler.security = [{}]


def fix_options_allow(app: Litestar) -> None:
    """Make each automatic ``OPTIONS`` handler list every method of its path.

    Litestar builds that handler when a path's first handlers are registered
    and keeps it when more handlers join the path later (GET and POST of one
    controller, or two controllers on one path), so its ``Allow`` header
    named only the first ones.  The handler reads the methods of the route
    it closes over: point it at the final route.
    """
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            fn: Callable[..., Any] = handler.fn
            if getattr(fn, "__name__", "") != "options_handler" or not fn.__closure__:
                continue
            for cell in fn.__closure__:
                if isinstance(cell.cell_contents, HTTPRoute):
                    cell.cell_contents = route


def _apply(schema: dict[str, Any], rule: dict[str, Any]) -> None:
    """Put ``rule`` on the non-null branch of ``schema`` (in place)."""
    branches = schema.get("oneOf") or schema.get("anyOf")
    if branches:
        for branch in branches:
            if isinstance(branch, dict) and branch.get("type") not in (None, "null"):
                _apply(branch, rule)
        return
    if "type" in rule and schema.get("type") not in (None, rule["type"]):
        return
    schema.update(rule)
    if "enum" in rule:
        for name in ("maxLength", "minLength", "pattern"):
            schema.pop(name, None)


def refine_document(document: dict[str, Any]) -> dict[str, Any]:
    """Apply :data:`QUERY_RULES` and :data:`BODY_RULES` to an OpenAPI document (in place)."""
    compiled = [(re.compile(path), name, rule) for (path, name), rule in QUERY_RULES.items()]
    for path, item in (document.get("paths") or {}).items():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters") or []:
                for pattern, name, rule in compiled:
                    if parameter.get("name") == name and pattern.search(path):
                        _apply(parameter.setdefault("schema", {}), rule)
    for (method, path), schema in REQUEST_BODIES.items():
        operation = ((document.get("paths") or {}).get(path) or {}).get(method)
        if operation and "requestBody" in operation:
            body = copy.deepcopy(schema)
            for prop in body.get("properties", {}).values():
                _free_text(prop, TEXT)
            operation["requestBody"]["content"]["application/json"]["schema"] = body
    for (method, path), (default, extra, description) in EXTRA_SUCCESS.items():
        responses = ((document.get("paths") or {}).get(path) or {}).get(method, {}).get(
            "responses") or {}
        if default in responses and extra not in responses:
            responses[extra] = dict(responses[default], description=description)
    paths = document.get("paths") or {}
    for (method, path), media_types in DOWNLOADS.items():
        operation = (paths.get(path) or {}).get(method)
        if not operation or "200" not in operation.get("responses", {}):
            continue
        # a JSON download is the body of the analytics operation of the same name
        twin = ((paths.get(path.replace("/exports/", "/analytics/")) or {}).get(method) or {})
        twin_json = (twin.get("responses", {}).get("200", {}).get("content", {})
                     .get("application/json", {}).get("schema"))
        operation["responses"]["200"]["content"] = {
            media: {"schema": twin_json if media == "application/json" and twin_json
                    else {"type": "string", "description": description}}
            for media, description in media_types.items()
        }
    schemas = (document.get("components") or {}).get("schemas") or {}
    for (component, prop), rule in BODY_RULES.items():
        target = (schemas.get(component) or {}).get("properties", {}).get(prop)
        if isinstance(target, dict):
            _apply(target, rule)
    _state_controls(document)
    return document


def _free_text(schema: Any, pattern: str) -> None:
    """Give every string of ``schema`` without a format of its own ``pattern`` (in place)."""
    if not isinstance(schema, dict):
        return
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(key) or []:
            _free_text(branch, pattern)
    if isinstance(schema.get("items"), dict):
        _free_text(schema["items"], pattern)
    if schema.get("type") == "string" and not any(
            name in schema for name in ("pattern", "enum", "const", "format")):
        schema["pattern"] = pattern


def _state_controls(document: dict[str, Any]) -> None:
    """Say where control characters are refused (:mod:`forms_service.boundary`):
    none in a path or query parameter, none but tab and line breaks in body text."""
    for item in (document.get("paths") or {}).values():
        for operation in item.values():
            if isinstance(operation, dict):
                for parameter in operation.get("parameters") or []:
                    _free_text(parameter.get("schema"), ADDRESS_TEXT)
    for component in ((document.get("components") or {}).get("schemas") or {}).values():
        for prop in (component.get("properties") or {}).values():
            _free_text(prop, TEXT)


class _RefinedOpenAPIPlugin(OpenAPIPlugin):
    """Litestar's OpenAPI plugin serving the document refined by :func:`refine_document`."""

    __slots__ = ()

    def provide_openapi_schema(self) -> dict[str, Any]:
        if not self._openapi_schema:
            self._openapi_schema = refine_document(self.provide_openapi().to_schema())
        return self._openapi_schema


def refine_openapi(app: Litestar) -> None:
    """Serve the document refined by :func:`refine_document` (built once, on first use)."""
    plugin = app.plugins.get(OpenAPIPlugin)
    plugin.__class__ = _RefinedOpenAPIPlugin
