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
from forms_service.responses.service import Submission, dossier_hash, store_response
from forms_service.responses.tables import Response

__all__ = [
    "PageForm",
    "Visit",
    "already_answered",
    "check_token",
    "latest_title",
    "load_page_form",
    "mint_token",
    "open_visit",
    "submit_visit",
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


async def check_token(ctx: Context, page: PageForm, token: str) -> ContextClaims:
    """Signature, key revocation, expiry, form, agency and service of a context token."""
    kid = token_key_id(token)
    key = await ApiKey.select(
        ApiKey.role, ApiKey.agency, ApiKey.revoked_at, ApiKey.agency.code.as_alias("agency_code")
    ).where(ApiKey.key_id == kid).first().run()
    if key is None or key["role"] != Role.PORTAL.value or key["agency"] is None:
        raise TokenInvalid(SIGNATURE)
    secret = signing_secret(ctx.settings.secret_key, kid)
    claims = verify_token(token, secret, key_id=kid, check_expiry=False)
    if key["revoked_at"] is not None:
        raise TokenRevoked()
    ensure_fresh(claims)
    if claims.form != page.slug:
        raise TokenInvalid(OTHER_FORM, claimed=claims.form[:80], slug=page.slug)
    if claims.agency != key["agency_code"]:
        raise TokenForbidden(
            "The token names agency {agency}, but its portal key belongs to another agency.",
            agency=claims.agency,
        )
    if page.form["agency"] != key["agency"]:
        raise TokenForbidden(
            "The survey {slug} belongs to another agency than the portal key.", slug=page.slug
        )
    if not await Service.exists().where(
        (Service.agency == key["agency"]) & (Service.code == claims.service)
    ).run():
        raise TokenForbidden(
            "The service {code} is not a service of agency {agency}.",
            code=claims.service, agency=claims.agency,
        )
    return claims


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
    return await store_response(ctx, visit.page.form, visit.version, submission)


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
