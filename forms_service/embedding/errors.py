"""Errors of the form pages: open-form nonces, form posts, rate limits.

Each has a stable ``code`` that the JSON body carries and that picks the
HTML page shown to the citizen (``embed.pages``); the errors of context
tokens are in :mod:`forms_service.credentials.errors`.
"""

from __future__ import annotations

from forms_service.errors import InvalidInput, PhieuError

__all__ = ["FileNotAccepted", "FormExpired", "NotAForm", "RateLimited"]

class FormExpired(InvalidInput):
    """An open-form page's nonce is missing, forged or too old."""

    code = "form_expired"

    def __init__(self) -> None:
        super().__init__(
            "This form page has expired or was not issued here; reload it and answer again."
        )


class FileNotAccepted(InvalidInput):
    code = "file_not_accepted"

    def __init__(self) -> None:
        super().__init__("This form takes no files: send only the answers to its questions.")


class NotAForm(PhieuError):
    status = 415
    code = "unsupported_media_type"

    def __init__(self) -> None:
        super().__init__(
            "Send the answers as a form (application/x-www-form-urlencoded or "
            "multipart/form-data)."
        )


class RateLimited(PhieuError):
    status = 429
    code = "too_many_requests"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many requests; wait {seconds} seconds and try again.",
            headers={"Retry-After": str(retry_after)}, seconds=retry_after,
        )
