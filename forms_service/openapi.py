"""What the OpenAPI document promises, kept true to what the service does.

- Request bodies declared with ``forbid_unknown_fields`` are documented with
  ``additionalProperties: false`` (the service refuses unknown fields).
- Every API operation documents the error bodies it can return, in the one
  shape ``forms_service.http`` produces.
- Operations marked ``opt={"public": True}`` need no key.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Schema
from litestar.routes import HTTPRoute
from litestar.typing import FieldDefinition

__all__ = ["ErrorBody", "ErrorItem", "StrictStructSchemaPlugin", "document_errors"]


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


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Struct schemas, with ``additionalProperties: false`` where the struct forbids extras."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        config = getattr(field_definition.type_, "__struct_config__", None)
        if config is not None and config.forbid_unknown_fields:
            schema.additional_properties = False
        return schema


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
