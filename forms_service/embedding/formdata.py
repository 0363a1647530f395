"""Form posts (urlencoded or multipart/form-data) parsed with python-multipart.

The result maps each field name to its list of values, as
``CompiledForm.coerce_form`` expects.  File parts are refused: the form pages
have no file inputs.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from python_multipart import FormParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header

from forms_service.boundary import check_text
from forms_service.embedding.errors import FileNotAccepted, NotAForm
from forms_service.errors import InvalidInput, PhieuError

__all__ = ["MAX_FIELDS", "parse_form"]

MAX_FIELDS = 1000
URLENCODED = b"application/x-www-form-urlencoded"
MULTIPART = b"multipart/form-data"


def parse_form(content_type: str | None, body: bytes) -> dict[str, list[str]]:
    """Field name → values, from a form body; 4xx errors for anything else."""
    kind, options = parse_options_header(content_type or "")
    if kind not in (URLENCODED, MULTIPART):
        raise NotAForm()
    boundary = options.get(b"boundary")
    if kind == MULTIPART and not boundary:
        raise InvalidInput("The multipart form has no boundary; send it again from the page.")
    raw: list[tuple[bytes, bytes]] = []
    files: list[bytes] = []

    def on_field(field: object) -> None:
        name = getattr(field, "field_name", None) or b""
        value = getattr(field, "value", None) or b""
        raw.append((name, value))
        if len(raw) > MAX_FIELDS:
            raise InvalidInput("The form has too many fields.")

    def on_file(file: object) -> None:
        files.append(getattr(file, "field_name", None) or b"")

    try:
        parser = FormParser(kind.decode(), on_field, on_file, boundary=boundary)
        parser.write(body)
        parser.finalize()
    except PhieuError:
        raise
    except (FormParserError, ValueError):
        raise InvalidInput("The form could not be read; send it again from the page.") from None
    if files:
        raise FileNotAccepted()
    fields: dict[str, list[str]] = {}
    for name, value in raw:
        if kind == URLENCODED:
            name, value = _unquote(name), _unquote(value)
        try:
            text_name, text = name.decode("utf-8"), value.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("The form must be sent as UTF-8 text.") from None
        fields.setdefault(check_text(text_name), []).append(check_text(text))
    return fields


def _unquote(data: bytes) -> bytes:
    return unquote_to_bytes(data.replace(b"+", b" "))
