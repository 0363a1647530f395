"""The service's exception tree.

Services raise these; they never raise HTTP exceptions.  Each class carries
the HTTP status it maps to, a stable machine ``code`` and an English message
template (the gettext msgid) whose translations live in the service's
message catalogue.  ``forms_service.http`` maps them to responses in one
place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from forms_service.i18n import N_

__all__ = [
    "N_",
    "AlreadyAnswered",
    "AnswersRejected",
    "Conflict",
    "DatabaseUnavailable",
    "DefinitionRejected",
    "Forbidden",
    "FormClosed",
    "FormFull",
    "FormNotOpenYet",
    "InvalidInput",
    "NotFound",
    "PhieuError",
    "Unauthorized",
]


class PhieuError(Exception):
    """Base of every error a client can cause or be told about."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        error_code: str | None = None,
        details: Sequence[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params
        self.details = list(details)
        self.headers = headers or {}
        if error_code is not None:
            self.code = error_code  # type: ignore[misc]


class InvalidInput(PhieuError):
    """The request is well-formed but a value is unacceptable."""

    status = 400
    code = "invalid_input"


class Unauthorized(PhieuError):
    status = 401
    code = "unauthorized"


class Forbidden(PhieuError):
    status = 403
    code = "forbidden"


class NotFound(PhieuError):
    status = 404
    code = "not_found"


class Conflict(PhieuError):
    status = 409
    code = "conflict"


class AlreadyAnswered(Conflict):
    """This dossier already answered this form; the first answer stays."""

    code = "already_answered"

    def __init__(self) -> None:
        super().__init__("This dossier has already answered this survey.")


class FormClosed(Conflict):
    """The form is not published (draft or archived), or its closing time passed
    (``closed_at``: that time as people read it, in Vietnam time)."""

    code = "form_closed"

    def __init__(self, slug: str, closed_at: str | None = None) -> None:
        if closed_at is None:
            super().__init__("The survey {slug} is not open for answers.", slug=slug)
        else:
            super().__init__("The survey {slug} closed at {time} (Vietnam time).",
                             slug=slug, time=closed_at)


class FormNotOpenYet(Conflict):
    """The form's opening time has not come (``opens_at`` in Vietnam time)."""

    code = "form_not_open"

    def __init__(self, slug: str, opens_at: str) -> None:
        super().__init__("The survey {slug} opens at {time} (Vietnam time).",
                         slug=slug, time=opens_at)


class FormFull(Conflict):
    """The form has stored as many answers as its cap allows."""

    code = "form_full"

    def __init__(self, slug: str, cap: int) -> None:
        super().__init__("The survey {slug} has received the {cap} answers it takes.",
                         slug=slug, cap=cap)


class DefinitionRejected(PhieuError):
    """A form definition fails the profile; ``details`` lists each issue."""

    status = 422
    code = "invalid_definition"

    def __init__(self, details: Sequence[dict[str, Any]]) -> None:
        super().__init__(
            "The form definition has {count} problem(s); see errors.",
            details=details,
            count=len(details),
        )


class AnswersRejected(PhieuError):
    """Answers fail the published version; ``details`` lists each issue."""

    status = 422
    code = "invalid_answers"

    def __init__(self, details: Sequence[dict[str, Any]]) -> None:
        super().__init__(
            "Some answers need attention; see errors.", details=details
        )


class DatabaseUnavailable(PhieuError):
    status = 503
    code = "database_unavailable"

    def __init__(self) -> None:
        super().__init__(
            "The database is unavailable right now. Please try again in a moment.",
            headers={"Retry-After": "5"},
        )
