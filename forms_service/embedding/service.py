"""Embedding rules: page visits (a form opened with a checked context token or
an open form's nonce), the submission a page post makes, and tokens minted
for portals that ask."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from embed import Brand
from form_schemas import CompiledForm
from forms_service.auth import Principal, Role
from forms_service.catalogue.tables import Service
from forms_service.channels import CLAIMABLE
from forms_service.context import Context
from forms_service.credentials.errors import TokenRequired
from forms_service.credentials.keyed import dossier_hash
from forms_service.credentials.signers import (
    foreign_service,
    match_claims,
    verify_context_token,
)
from forms_service.credentials.tokens import (
    MAX_LIFETIME,
    ContextClaims,
    sign_token,
    signing_secret,
)
from forms_service.db import json_value
from forms_service.embedding.nonce import read_nonce
from forms_service.embedding.portals import origins_of
from forms_service.errors import Forbidden, FormClosed, InvalidInput, NotFound
from forms_service.forms.schedule import check_schedule
from forms_service.forms.tables import Form, FormVersion
from forms_service.responses.tables import Response
from forms_service.submissions import ContextToken, OpenPage, Submission

__all__ = [
    "PageForm",
    "PagePost",
    "Visit",
    "already_answered",
    "check_token",
    "latest_title",
    "load_page_form",
    "mint_token",
    "open_visit",
    "page_brand",
    "page_submission",
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
    key: Principal | None = None  # the portal key that signed the token

async def load_page_form(ctx: Context, slug: str) -> PageForm:
    form = await Form.select(
        Form.id, Form.slug, Form.agency, Form.status, Form.access,
        Form.opens_at, Form.closes_at, Form.max_responses,
        Form.agency.code.as_alias("agency_code"), Form.agency.name.as_alias("agency_name"),
        Form.agency.accent_colour.as_alias("accent_colour"),
        Form.agency.logo_type.as_alias("logo_type"),
        Form.agency.brand_version.as_alias("brand_version"),
    ).where(Form.slug == slug[:80]).first().run()
    if form is None:
        raise NotFound("There is no form {slug}.", slug=slug[:80])
    return PageForm(form=form, origins=await origins_of(form["agency"]))


def page_brand(page: PageForm) -> Brand:
    """The agency's branding on its form pages, from URLs of Phiếu's own."""
    form = page.form
    base = f"/embed/v1/brand/{quote(form['agency_code'], safe='')}"
    version = form["brand_version"]
    return Brand(
        name=form["agency_name"],
        stylesheet=f"{base}/accent.css?v={version}" if form["accent_colour"] else None,
        logo=f"{base}/logo?v={version}" if form["logo_type"] else None,
    )


async def check_token(ctx: Context, page: PageForm,
                      token: str) -> tuple[ContextClaims, Principal]:
    """Signature, key revocation, expiry, form, agency and service of a context
    token; its claims and the portal key that signed it."""
    claims, key = await verify_context_token(ctx, token)
    match_claims(claims, key, page.slug, page.form["agency"])
    if not await Service.exists().where(
        (Service.agency == key.agency_id) & (Service.code == claims.service)
    ).run():
        raise foreign_service(claims)
    return claims, key


async def _latest_version(form_id: int) -> dict[str, Any] | None:
    return await FormVersion.select(
        FormVersion.id, FormVersion.number, FormVersion.definition
    ).where(FormVersion.form == form_id).order_by(
        FormVersion.number, ascending=False
    ).first().run()


async def open_visit(ctx: Context, page: PageForm, token: str | None) -> Visit:
    """Check the token (required unless the form is open) and that the form is published."""
    claims, key = await check_token(ctx, page, token) if token else (None, None)
    if claims is None and page.form["access"] != "open":
        raise TokenRequired()
    if page.form["status"] != "published":
        raise FormClosed(page.slug)
    cap = page.form["max_responses"]
    answers = (await Response.count().where(Response.form == page.form["id"]).run()
               if cap is not None else None)
    check_schedule(page.slug, page.form, answers)
    version = await _latest_version(page.form["id"])
    if version is None:  # pragma: no cover - a published form has a version
        raise FormClosed(page.slug)
    compiled = ctx.forms.get(version["id"], json_value(version["definition"]))
    return Visit(page=page, version=version, compiled=compiled, claims=claims, key=key)


def _page_digest(ctx: Context, visit: Visit, nonce: str | None) -> str:
    """The keyed hash that stands for the visit's dossier: the token's dossier
    reference, or an open form page's nonce."""
    if visit.claims is not None:
        reference = visit.claims.dossier
    elif nonce:
        reference = f"open:{nonce}"
    else:  # pragma: no cover - the pages always pass one for open forms
        raise InvalidInput("An open form needs its page nonce.")
    return dossier_hash(ctx.settings.secret_key, visit.page.form["agency_code"], reference)


async def already_answered(ctx: Context, visit: Visit, nonce: str | None = None) -> bool:
    """Whether the dossier (or the page nonce) already answered this form."""
    digest = _page_digest(ctx, visit, nonce)
    return bool(await Response.exists().where(
        (Response.form == visit.page.form["id"]) & (Response.dossier_hash == digest)
    ).run())


@dataclass(frozen=True)
class PagePost:
    """Answers posted from a form page: the submission they make, what rate limits
    count them by, and the hidden fields a page shown again must carry."""

    submission: Submission
    session: str
    hidden: dict[str, str]


def page_submission(
    ctx: Context, visit: Visit, fields: dict[str, list[str]], *, locale: str,
    token: str | None, nonce_field: str | None, channel_field: str | None,
) -> PagePost:
    """The submission of a page post: with the visit's checked token, or for an open
    form with the page's nonce (checked here; :class:`FormExpired` if forged or
    old) and the channel the page was opened for (``?channel=``, else web)."""
    answers = visit.compiled.coerce_form(fields)
    slug = visit.page.slug
    if visit.claims is not None:
        claims = visit.claims
        return PagePost(
            Submission(form=slug, answers=answers, authority=_token_authority(visit),
                       service=claims.service, dossier_hash=_page_digest(ctx, visit, None),
                       channel=claims.channel, locale=locale),
            session="jti:" + claims.jti, hidden={"_t": str(token)})
    nonce = read_nonce(ctx.settings.secret_key, slug, nonce_field)
    channel = channel_field if channel_field in CLAIMABLE else "web"
    return PagePost(
        Submission(form=slug, answers=answers, authority=OpenPage(),
                   dossier_hash=_page_digest(ctx, visit, nonce), channel=channel,
                   locale=locale),
        session="nonce:" + nonce, hidden={"_n": str(nonce_field), "_c": channel})


def _token_authority(visit: Visit) -> ContextToken:
    assert visit.claims is not None and visit.key is not None
    return ContextToken(visit.claims, visit.key)


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
