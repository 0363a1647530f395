"""Text hygiene at the boundary: NFC normalization and identifier formats."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from forms_service.errors import InvalidInput

__all__ = ["clean_name", "nfc", "nfc_deep", "require_pattern"]

AGENCY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,39}$")
SERVICE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,63}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9\-]{1,79}$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_deep(value: Any) -> Any:
    """NFC-normalize every string (keys too) inside a JSON value."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, dict):
        return {nfc(key) if isinstance(key, str) else key: nfc_deep(item)
                for key, item in value.items()}
    return value


def clean_name(value: str, field: str, *, max_length: int = 255) -> str:
    # U+FEFF counts as space, as ECMA-262's \s (the OpenAPI document's patterns) has it
    text = " ".join(nfc(value).replace("\ufeff", " ").split())
    if not text:
        raise InvalidInput("{field} must not be empty.", field=field)
    if len(text) > max_length:
        raise InvalidInput(
            "{field} is too long: at most {limit} characters.", field=field, limit=max_length
        )
    return text


def require_pattern(value: str, pattern: re.Pattern[str], field: str, example: str) -> str:
    if not pattern.fullmatch(value):
        raise InvalidInput(
            "{field} {value!r} is not valid; write it like {example}.",
            field=field,
            value=value[:80],
            example=example,
        )
    return value
