"""Embedding rules: context tokens checked against the database, page visits,
answers posted from the pages, and tokens minted for portals that ask."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from form_schemas import CompiledForm
from forms_service.auth import Principal, Role
from forms_service.catalogue.tables import Service
from forms_service.context import Context
from forms_service.db import json_value
from forms_service.embedding.errors import (
    OTHER_FORM,
    SIGNATURE,
    TokenForbidden,
    TokenInvalid,
    TokenRequired,
    TokenRevoked,
)
from forms_service.embedding.portals import origins_of
from forms_service.embedding.tokens import (
    MAX_LIFETIME,
    ContextClaims,
    ensure_fresh,
    sign_token,
    signing_secret,
    token_key_id,
    verify_token,
)
from forms_service.errors import Forbidden, FormClosed, InvalidInput, NotFound
from forms_service.forms.tables import Form, FormVersion
from forms_service.keys.tables import ApiKey
from forms_service.responses.service import (
    Submission,
    dossier_hash,
    store_checked,
    store_response,
)
from forms_service.responses.tables import Response

__all__ = [
    "PageForm",
    "Visit",
    "already_answered",
    "check_token",
    "latest_title",
    "load_page_form",
    "match_claims",
    "mint_token",
    "open_visit",
    "submit_signed",
    "submit_visit",
    "verify_context_token",
]


@dataclass(frozen=True)
class PageForm:
    """A form as the pages see it, with the portal origins of its agency."""

    form: dict[str, Any]
    origins: list[str]

    @property
    def slug(self) -> str:
        return str(self.form["slug"])


@dataclass(frozen=True)
class Visit:
    """A published form opened with a checked token (or none, for an open form)."""

    page: PageForm
    version: dict[str, Any]
    compiled: CompiledForm
    claims: ContextClaims | None



async def load_page_form(ctx: Context, slug: str) -> PageForm:
    form = await Form.select(
        Form.id, Form.slug, Form.agency, Form.status, Form.access,
        Form.agency.code.as_alias("agency_code"),
    ).where(Form.slug == slug[:80]).first().run()
    if form is None:
        raise NotFound("There is no form {slug}.", slug=slug[:80])
    return PageForm(form=form, origins=await origins_of(form["agency"]))


async def _signing_key(ctx: Context, kid: str) -> tuple[Principal, bool]:
    """The portal key named by a token's ``kid`` and whether it is revoked.

    Valid keys are cached like API keys (``key_cache_seconds``; revoking a
    key forgets it in this process at once).
    """
    cached = ctx.keys.known(kid)
    if cached is not None and cached.role is Role.PORTAL and cached.agency_id is not None:
        return cached, False
    row = await ApiKey.select(
        ApiKey.secret_hash, ApiKey.role, ApiKey.agency, ApiKey.revoked_at,
        ApiKey.agency.code.as_alias("agency_code"),
    ).where(ApiKey.key_id == kid).first().run()
    if row is None or row["role"] != Role.PORTAL.value or row["agency"] is None:
        raise TokenInvalid(SIGNATURE)
    key = Principal(key_id=kid, role=Role.PORTAL, agency_id=row["agency"],
                    agency_code=row["agency_code"])
    revoked = row["revoked_at"] is not None
    if not revoked:
        ctx.keys.put(kid, key, row["secret_hash"])
    return key, revoked


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


def _foreign_service(claims: ContextClaims) -> TokenForbidden:
    return TokenForbidden(
        "The service {code} is not a service of agency {agency}.",
        code=claims.service, agency=claims.agency,
    )


async def check_token(ctx: Context, page: PageForm, token: str) -> ContextClaims:
    """Signature, key revocation, expiry, form, agency and service of a context token."""
    claims, key = await verify_context_token(ctx, token)
    match_claims(claims, key, page.slug, page.form["agency"])
    if not await Service.exists().where(
        (Service.agency == key.agency_id) & (Service.code == claims.service)
    ).run():
        raise _foreign_service(claims)
    return claims


async def submit_signed(
    ctx: Context, token: str, answers: Any, *, form: str | None = None,
    locale: str | None = None,
) -> dict[str, Any]:
    """Store answers sent with a context token (the JSON API without an API key).

    The token names the form, service, dossier and channel; ``form``, when
    given, must be the token's.  The checks are those of the form pages.
    """
    claims, key = await verify_context_token(ctx, token)
    slug = claims.form
    if form is not None and form != slug:
        raise TokenInvalid(OTHER_FORM, claimed=slug[:80], slug=form[:80])

    def check(row: dict[str, Any] | None) -> None:
        if row is None:
            raise NotFound("There is no form {slug}.", slug=slug[:80])
        match_claims(claims, key, slug, row["agency"])
        if row["service_id"] is None:
            raise _foreign_service(claims)

    submission = Submission(
        form=slug, answers=answers, service=claims.service, dossier=claims.dossier,
        channel=claims.channel, locale=locale or claims.locale or "vi",
    )
    return await store_checked(ctx, submission, check)


async def _latest_version(form_id: int) -> dict[str, Any] | None:
    return await FormVersion.select(
        FormVersion.id, FormVersion.number, FormVersion.definition
    ).where(FormVersion.form == form_id).order_by(
        FormVersion.number, ascending=False
    ).first().run()


async def open_visit(ctx: Context, page: PageForm, token: str | None) -> Visit:
    """Check the token (required unless the form is open) and that the form is published."""
    claims = await check_token(ctx, page, token) if token else None
    if claims is None and page.form["access"] != "open":
        raise TokenRequired()
    if page.form["status"] != "published":
        raise FormClosed(page.slug)
    version = await _latest_version(page.form["id"])
    if version is None:  # pragma: no cover - a published form has a version
        raise FormClosed(page.slug)
    compiled = ctx.forms.get(version["id"], json_value(version["definition"]))
    return Visit(page=page, version=version, compiled=compiled, claims=claims)


def _reference(visit: Visit, nonce: str | None) -> str:
    if visit.claims is not None:
        return visit.claims.dossier
    if not nonce:  # pragma: no cover - the pages always pass one for open forms
        raise InvalidInput("An open form needs its page nonce.")
    return f"open:{nonce}"


async def already_answered(ctx: Context, visit: Visit, nonce: str | None = None) -> bool:
    """Whether the dossier (or the page nonce) already answered this form."""
    digest = dossier_hash(
        ctx.settings.secret_key, visit.page.form["agency_code"], _reference(visit, nonce)
    )
    return bool(await Response.exists().where(
        (Response.form == visit.page.form["id"]) & (Response.dossier_hash == digest)
    ).run())


async def submit_visit(
    ctx: Context, visit: Visit, fields: dict[str, list[str]], *, locale: str,
    nonce: str | None = None, channel: str = "web",
) -> dict[str, Any]:
    """Store the answers posted from a page (AnswersRejected / AlreadyAnswered otherwise)."""
    claims = visit.claims
    submission = Submission(
        form=visit.page.slug,
        answers=visit.compiled.coerce_form(fields),
        service=claims.service if claims else None,
        dossier=_reference(visit, nonce),
        channel=claims.channel if claims else channel,
        locale=locale,
    )
    created = await store_response(ctx, visit.page.form, visit.version, submission)
    assert created is not None  # unguarded: stored, or an error raised
    return created


async def latest_title(page: PageForm, ctx: Context, locale: str) -> str | None:
    version = await _latest_version(page.form["id"])
    if version is None:
        return None
    return ctx.forms.get(version["id"], json_value(version["definition"])).title(locale)


async def mint_token(
    ctx: Context, principal: Principal, *, form: str, service: str, dossier: str,
    channel: str = "web", locale: str = "vi", ttl_seconds: int = 86400,
) -> dict[str, Any]:
    """Sign a context token with the calling portal key (as a portal would offline)."""
    principal.require_role(Role.PORTAL)
    if principal.role is not Role.PORTAL or principal.agency_id is None:
        raise Forbidden("Only a portal key signs context tokens: the token names the key.")
    if not 60 <= ttl_seconds <= MAX_LIFETIME.total_seconds():
        raise InvalidInput("ttl_seconds must be between 60 and 604800 (7 days).")
    if not dossier.strip():
        raise InvalidInput("dossier is required: give the dossier reference of the procedure.")
    row = await Form.select(Form.slug, Form.agency, Form.status).where(
        Form.slug == form
    ).first().run()
    if row is None or row["agency"] != principal.agency_id:
        raise NotFound("There is no form {slug}.", slug=form[:80])
    if row["status"] != "published":
        raise FormClosed(form)
    if not await Service.exists().where(
        (Service.agency == principal.agency_id) & (Service.code == service)
    ).run():
        raise NotFound(
            "Agency {agency} has no service with code {code}.",
            agency=principal.agency_code, code=service[:64],
        )
    token, expires = sign_token(
        signing_secret(ctx.settings.secret_key, principal.key_id), principal.key_id,
        form=form, service=service, agency=str(principal.agency_code), dossier=dossier.strip(),
        channel=channel, locale=locale, ttl=dt.timedelta(seconds=ttl_seconds),
    )
    url = f"{ctx.settings.public_url}/f/{form}?t={token}"
    return {"token": token, "expires_at": expires, "url": url}
