"""Sessions, one-time sign-in links and the sign-in throttle.

A session cookie and a sign-in link carry a random token; only its SHA-256
digest is stored, so a copy of the database opens no session.  A session
ends after ``SESSION_IDLE`` without a request or ``SESSION_MAX`` after
sign-in, whichever comes first; signing in always starts a new session
(the old one, if any, is deleted).  Failed sign-ins are counted per e-mail
address in the database, so every application process sees the same count.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import secrets
from dataclasses import dataclass
from typing import Any

from forms_service.accounts import passwords
from forms_service.accounts.mail import queue_sign_in_mail
from forms_service.accounts.service import normalize_email, password_hash_of
from forms_service.accounts.tables import Person, PersonSession, SignInFailure, SignInLink
from forms_service.context import Context
from forms_service.errors import N_, Forbidden, PhieuError, Unauthorized
from forms_service.i18n import DEFAULT_LOCALE

__all__ = [
    "LINK_LIFETIME",
    "SESSION_IDLE",
    "SESSION_MAX",
    "THROTTLE_LIMIT",
    "THROTTLE_WINDOW",
    "SessionInfo",
    "TooManyAttempts",
    "TooManySignIns",
    "create_link",
    "end_session",
    "load_session",
    "sign_in_with_link",
    "sign_in_with_password",
    "start_session",
]

log = logging.getLogger("phieu")

SESSION_IDLE = dt.timedelta(hours=12)
SESSION_MAX = dt.timedelta(days=7)
LINK_LIFETIME = dt.timedelta(minutes=15)
THROTTLE_LIMIT = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)
# last_seen_at is written at most this often, not on every request
_TOUCH_EVERY = dt.timedelta(minutes=5)

_WRONG = N_("The e-mail address or the password is wrong.")


class TooManySignIns(PhieuError):
    """Too many failed sign-ins for one e-mail address in the throttle window."""

    status = 429
    code = "too_many_sign_ins"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many failed sign-ins for this e-mail address. Wait {minutes} minute(s) "
            "and try again, or ask for a one-time sign-in link.",
            headers={"Retry-After": str(retry_after)},
            minutes=max(1, math.ceil(retry_after / 60)),
        )
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class SessionInfo:
    token_hash: str
    csrf_token: str
    person_id: int
    email: str
    name: str
    role: str
    agency_id: int | None
    agency_code: str | None
    locale: str
    unit_id: int | None = None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# -- throttle ---------------------------------------------------------------

async def _recent_failures(email_hash: str) -> list[dt.datetime]:
    rows = await SignInFailure.select(SignInFailure.at).where(
        SignInFailure.email_hash == email_hash
    ).run()
    cutoff = now() - THROTTLE_WINDOW
    return sorted(at for at in (_aware(r["at"]) for r in rows) if at > cutoff)


async def check_throttle(email: str) -> None:
    recent = await _recent_failures(digest(normalize_email(email)))
    if len(recent) >= THROTTLE_LIMIT:
        free_at = recent[-THROTTLE_LIMIT] + THROTTLE_WINDOW
        raise TooManySignIns(max(1, math.ceil((free_at - now()).total_seconds())))


async def record_failure(ctx: Context, email: str) -> None:
    email_hash = digest(normalize_email(email))
    async with ctx.db.write_transaction():
        await SignInFailure.delete().where(
            (SignInFailure.email_hash == email_hash)
            & (SignInFailure.at < now() - THROTTLE_WINDOW)
        ).run()
        await SignInFailure.insert(SignInFailure(email_hash=email_hash, at=now())).run()


async def _clear_failures(email: str) -> None:
    await SignInFailure.delete().where(
        SignInFailure.email_hash == digest(normalize_email(email))
    ).run()


# -- password and link sign-in ----------------------------------------------

class TooManyAttempts(PhieuError):
    """Too many sign-in attempts or link requests from one client, or links for one e-mail."""

    status = 429
    code = "too_many_requests"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many sign-in attempts from this connection. Wait {minutes} minute(s) "
            "and try again.", headers={"Retry-After": str(retry_after)},
            minutes=max(1, math.ceil(retry_after / 60)))


#: sign-in link requests per client address, and per e-mail address, per window
ADDRESS_LINKS = 10
EMAIL_LINKS = 3
ATTEMPT_WINDOW = 600.0


async def _throttle(ctx: Context, name: str, key: str, limit: int) -> None:
    wait = await ctx.limiter.hit(name, key, limit, ATTEMPT_WINDOW)
    if wait is not None:
        raise TooManyAttempts(wait)


async def sign_in_with_password(ctx: Context, email: str, password: str,
                                client: str = "") -> int:
    """Check the credentials; return the person's id.

    The same message and about the same time for an unknown address and a
    wrong password, so the page does not tell who has an account.
    ``client`` (an opaque key of the client's address) is throttled before
    any password is hashed, as the e-mail address is.
    """
    address = normalize_email(email)
    # password attempts per client address and window, whatever the e-mail (spraying)
    await _throttle(ctx, "sign_in_address", client, ctx.settings.sign_in_attempts_per_address)
    await check_throttle(address)
    row = await Person.select(Person.id, Person.password_hash, Person.active).where(
        Person.email == address
    ).first().run() if address else None
    stored = row["password_hash"] if row else None
    if not await passwords.verify_password(stored, password) or row is None:
        await record_failure(ctx, address)
        raise Unauthorized(_WRONG, error_code="wrong_credentials")
    if not row["active"]:
        raise Forbidden(
            "This account has been deactivated. Ask your administrator to reactivate it.",
            error_code="account_inactive",
        )
    async with ctx.db.write_transaction():
        await _clear_failures(address)
        if passwords.needs_rehash(stored or ""):
            rehashed = await passwords.hash_password(password)
            await Person.update({Person.password_hash: rehashed}).where(
                Person.id == row["id"]
            ).run()
    return int(row["id"])


async def create_link(ctx: Context, email: str, client: str = "", *,
                      mail_locale: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """A one-time sign-in token for an active person, or None for anybody else;
    requests are throttled per client (``client``, opaque) and per e-mail address.

    With ``mail_locale`` and a mail server configured, the link is also sent to
    the person by e-mail in that language (written to the outbox with the link).
    """
    address = normalize_email(email)
    await _throttle(ctx, "sign_in_link_address", client, ADDRESS_LINKS)
    await _throttle(ctx, "sign_in_link_email", digest(address), EMAIL_LINKS)
    row = await Person.select(Person.id, Person.email, Person.active).where(
        Person.email == address
    ).first().run() if address else None
    if row is None or not row["active"]:
        return None
    token = secrets.token_urlsafe(32)
    async with ctx.db.write_transaction():
        await SignInLink.delete().where(
            (SignInLink.person == row["id"]) & (SignInLink.expires_at < now())
        ).run()
        await SignInLink.insert(SignInLink(
            token_hash=digest(token), person=row["id"], created_at=now(),
            expires_at=now() + LINK_LIFETIME,
        )).run()
        if mail_locale is not None and ctx.settings.delivery.smtp_url:
            await queue_sign_in_mail(
                ctx.db, email=row["email"], url=link_url(ctx, token), locale=mail_locale,
                minutes=int(LINK_LIFETIME.total_seconds() // 60), link_digest=digest(token))
    return token, row


def link_url(ctx: Context, token: str) -> str:
    return f"{ctx.settings.public_url}/sign-in/link/{token}"


_LINK_INVALID = N_(
    "This sign-in link is not valid: it has expired or has already been used. "
    "Ask for a new one."
)


async def check_link(token: str) -> None:
    """Raise unless ``token`` is an unused, unexpired link (nothing is consumed)."""
    row = await SignInLink.select(SignInLink.expires_at, SignInLink.used_at).where(
        SignInLink.token_hash == digest(token)
    ).first().run() if 0 < len(token) <= 200 else None
    if row is None or row["used_at"] is not None or _aware(row["expires_at"]) <= now():
        raise Unauthorized(_LINK_INVALID, error_code="link_invalid")


async def sign_in_with_link(ctx: Context, token: str) -> int:
    """Use a one-time link (once only); return the person's id."""
    if not 0 < len(token) <= 200:
        raise Unauthorized(_LINK_INVALID, error_code="link_invalid")
    async with ctx.db.write_transaction():
        rows = await SignInLink.update({SignInLink.used_at: now()}).where(
            (SignInLink.token_hash == digest(token)) & SignInLink.used_at.is_null()
        ).returning(SignInLink.person, SignInLink.expires_at).run()
    if not rows or _aware(rows[0]["expires_at"]) <= now():
        raise Unauthorized(_LINK_INVALID, error_code="link_invalid")
    person = await Person.select(Person.active).where(Person.id == rows[0]["person"]).first().run()
    if person is None or not person["active"]:
        raise Forbidden(
            "This account has been deactivated. Ask your administrator to reactivate it.",
            error_code="account_inactive",
        )
    return int(rows[0]["person"])


# -- sessions -----------------------------------------------------------------

async def start_session(ctx: Context, person_id: int, *, replaces: str | None = None) -> str:
    """Open a session for the person; return the cookie's token.

    ``replaces`` is the token of the browser's previous session, deleted so
    that a session id never survives a sign-in.
    """
    token = secrets.token_urlsafe(32)
    moment = now()
    async with ctx.db.write_transaction():
        if replaces:
            await PersonSession.delete().where(PersonSession.token_hash == digest(replaces)).run()
        await PersonSession.delete().where(
            (PersonSession.person == person_id) & (PersonSession.expires_at < moment)
        ).run()
        await PersonSession.insert(PersonSession(
            token_hash=digest(token), person=person_id, csrf_token=secrets.token_urlsafe(32),
            created_at=moment, last_seen_at=moment, expires_at=moment + SESSION_MAX,
        )).run()
    return token


async def load_session(ctx: Context, token: str | None) -> SessionInfo | None:
    """The live session of a cookie, or None (unknown, expired, person inactive)."""
    if not token or len(token) > 200:
        return None
    token_hash = digest(token)
    row = await PersonSession.select(
        PersonSession.id, PersonSession.csrf_token, PersonSession.last_seen_at,
        PersonSession.expires_at, PersonSession.person.id.as_alias("person_id"),
        PersonSession.person.email.as_alias("email"), PersonSession.person.name.as_alias("name"),
        PersonSession.person.role.as_alias("role"),
        PersonSession.person.agency.as_alias("agency_id"),
        PersonSession.person.agency.code.as_alias("agency_code"),
        PersonSession.person.locale.as_alias("locale"),
        PersonSession.person.active.as_alias("active"),
        PersonSession.person.unit.as_alias("unit_id"),
    ).where(PersonSession.token_hash == token_hash).first().run()
    if row is None:
        return None
    moment = now()
    last_seen = _aware(row["last_seen_at"])
    if not row["active"] or _aware(row["expires_at"]) <= moment \
            or last_seen + SESSION_IDLE <= moment:
        async with ctx.db.write_transaction():
            await PersonSession.delete().where(PersonSession.id == row["id"]).run()
        return None
    if moment - last_seen >= _TOUCH_EVERY:
        async with ctx.db.write_transaction():
            await PersonSession.update({PersonSession.last_seen_at: moment}).where(
                PersonSession.id == row["id"]
            ).run()
    return SessionInfo(
        token_hash=token_hash, csrf_token=row["csrf_token"], person_id=row["person_id"],
        email=row["email"], name=row["name"], role=row["role"], agency_id=row["agency_id"],
        agency_code=row["agency_code"], locale=row["locale"] or DEFAULT_LOCALE,
        unit_id=row["unit_id"],
    )


async def end_session(ctx: Context, token: str | None) -> None:
    if token and len(token) <= 200:
        async with ctx.db.write_transaction():
            await PersonSession.delete().where(PersonSession.token_hash == digest(token)).run()


async def has_password(person_id: int) -> bool:
    return await password_hash_of(person_id) is not None
