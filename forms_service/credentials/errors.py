"""Errors of context tokens: missing, malformed, forged, expired, revoked, or for
another agency, form or service.

Each has a stable ``code`` that the JSON body carries and that picks the
HTML page shown to the citizen (``embed.pages``).  Messages never say which
part of a signature was wrong and never contain a secret.
"""

from __future__ import annotations

from forms_service.errors import N_, Forbidden, Unauthorized

__all__ = [
    "TokenExpired",
    "TokenForbidden",
    "TokenInvalid",
    "TokenRequired",
    "TokenRevoked",
]

SIGNATURE = N_("The context token is not valid: its signature does not match.")
MALFORMED = N_("The context token is not valid: it is not a signed JWT.")
ALGORITHM = N_("The context token is not valid: it must be signed with HS256.")
NO_KID = N_("The context token is not valid: its header must name the portal key (kid).")
CLAIM = N_("The context token is not valid: the claim {claim} is missing or wrong.")
LIFETIME = N_("The context token is not valid: it must expire at most 7 days after it is issued.")
NOT_YET = N_("The context token is not valid yet: check the clock of the portal server.")
OTHER_FORM = N_("The context token is for the survey {claimed}, not for {slug}.")
SPECIFIC_CODES = {SIGNATURE: "token_signature_invalid", ALGORITHM: "token_algorithm_invalid"}


class TokenRequired(Unauthorized):
    """A token form was opened without a context token."""

    code = "token_required"

    def __init__(self) -> None:
        super().__init__(
            "This survey needs a context token from the portal: open it with ?t=<token>."
        )


class TokenInvalid(Unauthorized):
    """Malformed, wrongly signed, wrong algorithm, missing or wrong claims.

    A forged signature (or an unknown key: the two are not told apart) is
    ``token_signature_invalid`` and a token not signed with HS256 (``alg:
    none`` included) ``token_algorithm_invalid``; every other reason is
    ``token_invalid``.
    """

    code = "token_invalid"

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message, **params)
        specific = SPECIFIC_CODES.get(message)
        if specific is not None:
            self.code = specific  # type: ignore[misc]


class TokenExpired(Unauthorized):
    code = "token_expired"

    def __init__(self) -> None:
        super().__init__(
            "The context token has expired; the portal must sign a new one."
        )


class TokenRevoked(Forbidden):
    """The portal key named by ``kid`` has been revoked, and with it its tokens."""

    code = "token_revoked"

    def __init__(self) -> None:
        super().__init__(
            "The portal key that signed this context token has been revoked."
        )


class TokenForbidden(Forbidden):
    """The key, the form, the service and the agency do not belong together."""

    code = "token_forbidden"
