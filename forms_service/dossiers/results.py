"""What the ingest says about each event of a batch."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from forms_service.i18n import translate

__all__ = ["EventResult"]


@dataclass(slots=True)
class EventResult:
    """``stored``, ``duplicate`` (already known: nothing changed) or ``error`` with the
    field and a message (an English msgid and its parameters)."""

    index: int
    event_id: str | None
    result: Literal["stored", "duplicate", "error"]
    field: str | None = None
    code: str | None = None
    message: str | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict)
    #: what listeners of returned dossiers said (:mod:`forms_service.dossiers.listeners`)
    notes: list[Any] = dataclass_field(default_factory=list)

    def as_dict(self, locale: str) -> dict[str, Any]:
        body: dict[str, Any] = {"index": self.index, "event_id": self.event_id,
                                "result": self.result}
        if self.result == "error":
            body["field"] = self.field or ""
            body["code"] = self.code or "invalid"
            body["message"] = (translate(locale, self.message, **self.params)
                               if self.message else "")
        if self.notes:
            body["notes"] = [{"code": note.code,
                              "message": translate(locale, note.message, **note.params)}
                             for note in self.notes]
        return body
