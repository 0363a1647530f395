"""The ``Issue`` value object: one problem found in a definition or an answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Finding", "Issue"]


@dataclass(frozen=True)
class Issue:
    """One problem, located by a JSON Pointer.

    Attributes
    ----------
    path:
        JSON Pointer (RFC 6901) into the checked document; ``""`` is the root.
    code:
        Stable machine-readable code, e.g. ``"required"`` or ``"unknown_widget"``.
    message:
        Localized text for a person, saying what is wrong and how to fix it.
    params:
        Values interpolated into the message, e.g. ``{"limit": 2000}``.
    """

    path: str
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready representation."""
        return {
            "path": self.path,
            "code": self.code,
            "message": self.message,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class Finding:
    """A problem before localization: where, what, and the message values."""

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    variant: str | None = None
