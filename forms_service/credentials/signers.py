"""Context tokens checked against the keys that sign them: the portal key named
by a token's ``kid``, its revocation, and whether the token fits a form.

Valid portal keys are cached like API keys (``key_cache_seconds``; revoking
a key forgets it in this process at once).
"""

from __future__ import annotations

from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.credentials.errors import (
    OTHER_FORM,
    SIGNATURE,
    TokenForbidden,
    TokenInvalid,
    TokenRevoked,
)
from forms_service.credentials.tokens import (
    ContextClaims,
    ensure_fresh,
    signing_secret,
    token_key_id,
    verify_token,
)
from forms_service.keys.tables import ApiKey

__all__ = ["foreign_service", "match_claims", "signing_key", "verify_context_token"]


async def signing_key(ctx: Context, kid: str, role: Role = Role.PORTAL
                      ) -> tuple[Principal, bool] | None:
    """The key of ``role`` named ``kid`` (a token's or a receipt link's) and whether it
    is revoked; ``None`` if there is no such key of an agency."""
    cached = ctx.keys.known(kid)
    if cached is not None and cached.role is role and cached.agency_id is not None:
        return cached, False
    row = await ApiKey.select(
        ApiKey.secret_hash, ApiKey.role, ApiKey.agency, ApiKey.revoked_at,
        ApiKey.agency.code.as_alias("agency_code"),
    ).where(ApiKey.key_id == kid).first().run()
    if row is None or row["role"] != role.value or row["agency"] is None:
        return None
    key = Principal(key_id=kid, role=role, agency_id=row["agency"],
                    agency_code=row["agency_code"])
    revoked = row["revoked_at"] is not None
    if not revoked:
        ctx.keys.put(kid, key, row["secret_hash"])
    return key, revoked


async def _signing_key(ctx: Context, kid: str) -> tuple[Principal, bool]:
    """The portal key named by a token's ``kid`` and whether it is revoked."""
    found = await signing_key(ctx, kid)
    if found is None:
        raise TokenInvalid(SIGNATURE)
    return found


async def verify_context_token(ctx: Context, token: str) -> tuple[ContextClaims, Principal]:
    """Signature, key revocation and expiry of a context token; the key that signed it."""
    kid = token_key_id(token)
    key, revoked = await _signing_key(ctx, kid)
    claims = verify_token(token, signing_secret(ctx.settings.secret_key, kid), key_id=kid,
                          check_expiry=False)
    if revoked:
        raise TokenRevoked()
    ensure_fresh(claims)
    return claims, key


def match_claims(claims: ContextClaims, key: Principal, slug: str, form_agency: int) -> None:
    """The token is for this form, of the key's agency."""
    if claims.form != slug:
        raise TokenInvalid(OTHER_FORM, claimed=claims.form[:80], slug=slug)
    if claims.agency != key.agency_code:
        raise TokenForbidden(
            "The token names agency {agency}, but its portal key belongs to another agency.",
            agency=claims.agency,
        )
    if form_agency != key.agency_id:
        raise TokenForbidden(
            "The survey {slug} belongs to another agency than the portal key.", slug=slug
        )


def foreign_service(claims: ContextClaims) -> TokenForbidden:
    """The error for a token whose service is not one of its agency's."""
    return TokenForbidden(
        "The service {code} is not a service of agency {agency}.",
        code=claims.service, agency=claims.agency,
    )
