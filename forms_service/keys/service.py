"""API keys: creation (shown once), authentication, listing and revocation."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any

from forms_service.agencies.service import agency_by_code
from forms_service.auth import (
    Principal,
    Role,
    bearer_token,
    generate_key,
    hash_secret,
    parse_key,
)
from forms_service.context import Context
from forms_service.errors import N_, Forbidden, InvalidInput, NotFound, Unauthorized
from forms_service.keys.tables import ApiKey
from forms_service.roles import Agency, key_role
from forms_service.text import clean_name

__all__ = ["authenticate", "create_key", "list_keys", "revoke_key"]

_INVALID = N_("The API key is not valid. Check it, or ask your administrator for a new one.")


async def authenticate(ctx: Context, header: str | None) -> Principal:
    key_id, secret = parse_key(bearer_token(header))
    cached = ctx.keys.get(key_id, secret)
    if cached is not None:
        return cached
    row = (
        await ApiKey.select(
            ApiKey.key_id, ApiKey.secret_hash, ApiKey.role, ApiKey.agency,
            ApiKey.revoked_at, ApiKey.agency.code,
        )
        .where(ApiKey.key_id == key_id)
        .first()
        .run()
    )
    digest = hash_secret(secret)
    if row is None or not hmac.compare_digest(row["secret_hash"], digest):
        raise Unauthorized(_INVALID, headers={"WWW-Authenticate": "Bearer"})
    if row["revoked_at"] is not None:
        raise Unauthorized(
            "This API key has been revoked.", error_code="key_revoked",
            headers={"WWW-Authenticate": "Bearer"},
        )
    principal = Principal(
        key_id=row["key_id"], role=Role(row["role"]), agency_id=row["agency"],
        agency_code=row["agency.code"],
    )
    ctx.keys.put(key_id, principal, digest)
    return principal


async def create_key(
    ctx: Context,
    principal: Principal | None,
    *,
    role: str,
    agency: str | None,
    name: str = "",
) -> tuple[dict[str, Any], str]:
    """Create a key; return its row and the key itself (shown only once).

    Admins create any key.  A designer creates, for its own agency, the keys
    whose role allows it (``RoleSpec.designer_creates``: designer, analyst
    and portal).  Each role's agency rule applies (:class:`~forms_service.roles.Agency`):
    an admin key has no agency; an analyst key without an agency belongs to
    the national office and reads every agency.
    """
    spec = key_role(role)
    wanted = spec.role
    if principal is not None:
        principal.require_role(Role.DESIGNER)
        if not principal.is_admin and (not spec.designer_creates
                                       or agency != principal.agency_code):
            raise Forbidden("A designer key can only create keys for its own agency.")
    agency_id: int | None = None
    if spec.agency is Agency.NONE:
        if agency:
            raise InvalidInput(spec.key_refusal)
    elif agency:
        agency_id = (await agency_by_code(agency))["id"]
    elif spec.agency is Agency.REQUIRED:
        raise InvalidInput("A {role} key needs an agency code.", role=wanted.value)
    key, key_id, digest = generate_key()
    label = clean_name(name, "name") if name.strip() else f"{wanted.value} key"
    async with ctx.db.write_transaction():
        rows = await ApiKey.insert(
            ApiKey(key_id=key_id, secret_hash=digest, name=label, role=wanted.value,
                   agency=agency_id)
        ).returning(ApiKey.id, ApiKey.key_id, ApiKey.name, ApiKey.role, ApiKey.created_at).run()
    row = rows[0] | {"agency": agency if agency_id is not None else None, "revoked_at": None}
    return row, key


async def list_keys(ctx: Context, principal: Principal) -> list[dict[str, Any]]:
    principal.require_role(Role.DESIGNER)
    query = ApiKey.select(
        ApiKey.id, ApiKey.key_id, ApiKey.name, ApiKey.role, ApiKey.created_at,
        ApiKey.revoked_at, ApiKey.agency.code.as_alias("agency"),
    ).order_by(ApiKey.id)
    if not principal.is_admin:
        query = query.where(ApiKey.agency == principal.agency_id)
    return await query.run()


async def revoke_key(ctx: Context, principal: Principal, key_id: str) -> dict[str, Any]:
    principal.require_role(Role.DESIGNER)
    row = await ApiKey.select(ApiKey.id, ApiKey.agency, ApiKey.revoked_at).where(
        ApiKey.key_id == key_id
    ).first().run()
    if row is None or (not principal.is_admin and row["agency"] != principal.agency_id):
        raise NotFound("There is no API key {key_id}.", key_id=key_id[:32])
    if row["revoked_at"] is None:
        async with ctx.db.write_transaction():
            await ApiKey.update({ApiKey.revoked_at: dt.datetime.now(dt.UTC)}).where(
                ApiKey.id == row["id"]
            ).run()
    ctx.keys.forget(key_id)
    await ctx.broadcast.publish("key", key_id)  # every other process forgets it too
    rows = await ApiKey.select(
        ApiKey.id, ApiKey.key_id, ApiKey.name, ApiKey.role, ApiKey.created_at,
        ApiKey.revoked_at, ApiKey.agency.code.as_alias("agency"),
    ).where(ApiKey.id == row["id"]).run()
    return rows[0]

