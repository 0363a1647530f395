"""Which messages the service speaks, for the catalogue and its test.

Every message a person reads is an English msgid passed to an error class,
``translate`` or ``N_``; Babel's extractor finds them by these names and
``forms_service/locale/<lang>/LC_MESSAGES/messages.po`` translates them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.extract import extract_from_dir

__all__ = ["KEYWORDS", "METHOD_MAP", "extract_messages"]

KEYWORDS = {
    name: None
    for name in (
        "PhieuError", "InvalidInput", "Unauthorized", "Forbidden", "NotFound", "Conflict",
        "__init__", "N_", "_",
        "TokenInvalid", "TokenForbidden", "CaseRuleRejected", "TransitionRefused",
    )
} | {"translate": (2,)}


# the workspace pages' templates call ``_("...")`` too
METHOD_MAP = [("**.py", "python"), ("workspace/templates/**.html", "jinja2")]


def extract_messages(root: Path | None = None) -> Iterator[str]:
    """Yield every msgid used in the service package."""
    root = root or Path(__file__).parent
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root), method_map=METHOD_MAP, keywords=KEYWORDS,
    ):
        if isinstance(message, str):
            yield message
        elif isinstance(message, tuple) and message and message[0]:
            yield message[0]
