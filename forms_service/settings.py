"""Settings, built once from the environment and passed into ``create_app``.

Every variable has the ``PHIEU_`` prefix.  Nothing reads the environment at
import time: call :meth:`Settings.from_env` (the CLI does) or build a
``Settings`` directly (the tests do).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from forms_service.limits.clients import parse_proxies

__all__ = ["DEFAULT_DATABASE_URL", "DeliverySettings", "Settings", "SettingsError"]

DEFAULT_DATABASE_URL = "sqlite:///phieu.db"


class SettingsError(ValueError):
    """A ``PHIEU_*`` variable has a value the service cannot use."""


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _optional_int(env: Mapping[str, str], name: str, *, minimum: int) -> int | None:
    """``None`` when unset or empty, else a whole number of at least ``minimum``."""
    if not env.get(name, "").strip():
        return None
    return _int(env, name, minimum, minimum=minimum)


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True, slots=True)
class Settings:
    """Service configuration.

    Attributes
    ----------
    database_url:
        ``sqlite:///relative/file.db``, ``sqlite:////absolute/file.db`` or
        ``postgresql://user@host:port/db`` (``PHIEU_DATABASE_URL``).
    secret_key:
        Keys the dossier-reference hashes and the signing secrets of portal
        keys (``PHIEU_SECRET_KEY``).  Keep it stable: changing it makes old
        dossier hashes unmatchable, so a dossier could answer twice.
    max_body_bytes:
        Request bodies above this size are refused with 413
        (``PHIEU_MAX_BODY_BYTES``).
    public_url:
        Base URL printed in links (``PHIEU_PUBLIC_URL``).
    rate_limit_ip_per_minute:
        Requests to the form pages per minute from one client address
        (``PHIEU_RATE_LIMIT_IP``); generous, as a one-stop centre puts many
        citizens behind one address.
    rate_limit_form_per_minute:
        Answers posted per minute for one context token or open-form page
        (``PHIEU_RATE_LIMIT_FORM``).
    retention_months:
        Raw responses (answers, free text, channel rows) of months older than
        this many months are purged; the aggregate counts stay
        (``PHIEU_RETENTION_MONTHS``; unset keeps everything).
    public_min_answers:
        On the public results pages, a group with fewer answers than this is
        shown without its numbers (``PHIEU_PUBLIC_MIN_ANSWERS``).
    rate_limit_visitor_per_minute:
        Requests to the form pages per minute from one browser (its signed
        visitor cookie), counted before and instead of the address
        (``PHIEU_RATE_LIMIT_VISITOR``).
    redis_url:
        Redis or Valkey shared by every process for rate limits, key
        revocations and published-version caches (``PHIEU_REDIS_URL``;
        unset: each process keeps its own).
    redis_prefix:
        Prefix of every Redis key and channel of this service
        (``PHIEU_REDIS_PREFIX``, default ``phieu:``).
    trusted_proxies:
        Proxies whose ``X-Forwarded-For`` is believed (addresses or networks,
        ``PHIEU_TRUSTED_PROXIES``, comma-separated; default none).
    metrics_allowed:
        Addresses or networks that may read ``/metrics``
        (``PHIEU_METRICS_ALLOWED``; default loopback).
    sign_in_attempts_per_address:
        Password attempts from one client address in ten minutes, whatever the
        e-mail, before the sign-in page refuses (``PHIEU_SIGN_IN_ATTEMPTS``,
        default 20).
    kiosk_burst_answers, kiosk_burst_seconds:
        A kiosk answer is flagged ``burst`` when its device gave more than
        this many answers within this many seconds up to it
        (``PHIEU_KIOSK_BURST_ANSWERS``, ``PHIEU_KIOSK_BURST_SECONDS``).
    kiosk_clock_skew_seconds:
        Answers from a device whose clock is further than this from the
        server's are flagged ``clock_skew`` (``PHIEU_KIOSK_CLOCK_SKEW``).
    kiosk_dossier_window_minutes:
        Flag ``no_dossier``: no dossier was returned at the counter in this
        many minutes before the answer (``PHIEU_KIOSK_DOSSIER_WINDOW``).
    kiosk_idle_seconds:
        The kiosk starts again after this many seconds without a touch
        (``PHIEU_KIOSK_IDLE_SECONDS``).
    """

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = field(default="", repr=False)
    max_body_bytes: int = 256 * 1024
    public_url: str = "http://127.0.0.1:8000"
    debug: bool = False
    key_cache_seconds: int = 30
    sqlite_busy_timeout_seconds: int = 30
    postgres_pool_max: int = 10
    rate_limit_ip_per_minute: int = 600
    rate_limit_form_per_minute: int = 10
    retention_months: int | None = None
    public_min_answers: int = 10
    rate_limit_visitor_per_minute: int = 30
    sign_in_attempts_per_address: int = 20
    redis_url: str | None = None
    redis_prefix: str = "phieu:"
    trusted_proxies: str = ""
    metrics_allowed: str = "127.0.0.1,::1"
    delivery: DeliverySettings = field(default_factory=lambda: DeliverySettings())
    kiosk_burst_answers: int = 5
    kiosk_burst_seconds: int = 60
    kiosk_clock_skew_seconds: int = 300
    kiosk_dossier_window_minutes: int = 30
    kiosk_idle_seconds: int = 45

    def __post_init__(self) -> None:
        if not self.secret_key:
            raise SettingsError(
                "PHIEU_SECRET_KEY is empty: set it to a long random string, for example "
                "the output of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        if len(self.secret_key) < 16:
            raise SettingsError("PHIEU_SECRET_KEY must be at least 16 characters long")
        for name, value in (("PHIEU_TRUSTED_PROXIES", self.trusted_proxies),
                            ("PHIEU_METRICS_ALLOWED", self.metrics_allowed)):
            try:
                parse_proxies(value)
            except ValueError as exc:
                raise SettingsError(str(exc).replace("PHIEU_TRUSTED_PROXIES", name)) from None
        scheme = self.database_url.split(":", 1)[0]
        if scheme not in {"sqlite", "postgres", "postgresql"}:
            raise SettingsError(
                f"PHIEU_DATABASE_URL must start with sqlite:/// or postgresql://, "
                f"got {self.database_url!r}"
            )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``PHIEU_*`` variables (``os.environ`` by default)."""
        env = os.environ if env is None else env
        secret = env.get("PHIEU_SECRET_KEY", "")
        values: dict[str, object] = {
            "database_url": env.get("PHIEU_DATABASE_URL") or DEFAULT_DATABASE_URL,
            "secret_key": secret,
            "max_body_bytes": _int(env, "PHIEU_MAX_BODY_BYTES", 256 * 1024, minimum=1024),
            "public_url": (env.get("PHIEU_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/"),
            "debug": _bool(env, "PHIEU_DEBUG", False),
            "key_cache_seconds": _int(env, "PHIEU_KEY_CACHE_SECONDS", 30),
            "sqlite_busy_timeout_seconds": _int(env, "PHIEU_SQLITE_BUSY_TIMEOUT", 30, minimum=1),
            "postgres_pool_max": _int(env, "PHIEU_POSTGRES_POOL_MAX", 10, minimum=1),
            "rate_limit_ip_per_minute": _int(env, "PHIEU_RATE_LIMIT_IP", 600, minimum=1),
            "rate_limit_form_per_minute": _int(env, "PHIEU_RATE_LIMIT_FORM", 10, minimum=1),
            "retention_months": _optional_int(env, "PHIEU_RETENTION_MONTHS", minimum=1),
            "public_min_answers": _int(env, "PHIEU_PUBLIC_MIN_ANSWERS", 10, minimum=1),
            "rate_limit_visitor_per_minute": _int(env, "PHIEU_RATE_LIMIT_VISITOR", 30,
                                                  minimum=1),
            "sign_in_attempts_per_address": _int(env, "PHIEU_SIGN_IN_ATTEMPTS", 20, minimum=1),
            "redis_url": env.get("PHIEU_REDIS_URL") or None,
            "redis_prefix": env.get("PHIEU_REDIS_PREFIX") or "phieu:",
            "trusted_proxies": env.get("PHIEU_TRUSTED_PROXIES", ""),
            "metrics_allowed": env.get("PHIEU_METRICS_ALLOWED") or "127.0.0.1,::1",
            "kiosk_burst_answers": _int(env, "PHIEU_KIOSK_BURST_ANSWERS", 5, minimum=1),
            "kiosk_burst_seconds": _int(env, "PHIEU_KIOSK_BURST_SECONDS", 60, minimum=1),
            "kiosk_clock_skew_seconds": _int(env, "PHIEU_KIOSK_CLOCK_SKEW", 300, minimum=1),
            "kiosk_dossier_window_minutes": _int(env, "PHIEU_KIOSK_DOSSIER_WINDOW", 30,
                                                 minimum=1),
            "kiosk_idle_seconds": _int(env, "PHIEU_KIOSK_IDLE_SECONDS", 45, minimum=10),
        }
        values["delivery"] = DeliverySettings.from_env(env)
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def local_secret_key(path: Path) -> str:
    """Return a secret kept in ``path``, creating it on first use.

    Used by ``phieu demo`` so a newcomer need not set ``PHIEU_SECRET_KEY``;
    production deployments set the variable instead.
    """
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    secret = secrets.token_urlsafe(32)
    path.write_text(secret + "\n", encoding="utf-8")
    path.chmod(0o600)
    return secret


_DEFAULT_FROM = "Phieu <no-reply@phieu.local>"


def _url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    if raw.split(":", 1)[0].lower() not in schemes:
        raise SettingsError(f"{name} must start with one of {', '.join(s + '://' for s in schemes)}"
                            f", got {raw.split(':', 1)[0]!r}")
    return raw


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    """How messages leave the outbox (e-mail over SMTP, SMS and Zalo over HTTP gateways).

    Attributes
    ----------
    smtp_url:
        ``smtp://user:password@host:587`` (STARTTLS, required), ``smtps://…:465``
        (TLS from the first byte) or ``smtp+plain://host:25`` (no TLS: a relay on the
        same machine only) (``PHIEU_SMTP_URL``; unset: no e-mail is sent).
    smtp_from:
        The sender address (``PHIEU_SMTP_FROM``).
    smtp_ca_file:
        A CA bundle to trust for the SMTP server's certificate besides the system's
        (``PHIEU_SMTP_CA_FILE``).
    sms_gateway_url, zalo_gateway_url:
        The HTTP gateways of SMS and Zalo messages (``PHIEU_SMS_GATEWAY_URL``,
        ``PHIEU_ZALO_GATEWAY_URL``), with their keys (``…_KEY``).
    contact_key:
        Keys the encryption of contacts at rest (``PHIEU_CONTACT_KEY``; derived from
        ``PHIEU_SECRET_KEY`` when unset).
    worker:
        ``phieu serve`` delivers the outbox itself (``PHIEU_OUTBOX_WORKER``, default true);
        set false where ``phieu worker`` processes deliver.
    webhook_allowed_hosts:
        Host names (as written in endpoint URLs) that webhooks may reach even though
        they resolve to private, loopback or link-local addresses
        (``PHIEU_WEBHOOK_ALLOWED_HOSTS``, comma-separated; empty by default).
    webhook_disable_after, webhook_disable_days:
        A webhook endpoint is disabled (its queued messages held, its agency's
        designers told by e-mail) once this many of its messages in a row were given
        up (``PHIEU_WEBHOOK_DISABLE_AFTER``, 20), or once its messages have been given
        up for this many days without one delivered (``PHIEU_WEBHOOK_DISABLE_DAYS``, 5).
    """

    smtp_url: str | None = field(default=None, repr=False)
    smtp_from: str = _DEFAULT_FROM
    smtp_ca_file: str | None = None
    sms_gateway_url: str | None = None
    sms_gateway_key: str = field(default="", repr=False)
    zalo_gateway_url: str | None = None
    zalo_gateway_key: str = field(default="", repr=False)
    contact_key: str = field(default="", repr=False)
    worker: bool = True
    max_attempts: int = 8
    base_delay_seconds: float = 30.0
    max_delay_seconds: float = 6 * 3600.0
    lease_seconds: float = 120.0
    poll_seconds: float = 1.0
    batch: int = 50
    concurrency: int = 4
    timeout_seconds: float = 10.0
    webhooks: bool = True
    webhook_allowed_hosts: tuple[str, ...] = ()
    webhook_disable_after: int = 20
    webhook_disable_days: int = 5

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DeliverySettings:
        return cls(
            smtp_url=_url(env, "PHIEU_SMTP_URL", ("smtp", "smtps", "smtp+plain")),
            smtp_from=(env.get("PHIEU_SMTP_FROM") or _DEFAULT_FROM).strip(),
            smtp_ca_file=(env.get("PHIEU_SMTP_CA_FILE") or "").strip() or None,
            sms_gateway_url=_url(env, "PHIEU_SMS_GATEWAY_URL", ("http", "https")),
            sms_gateway_key=env.get("PHIEU_SMS_GATEWAY_KEY", ""),
            zalo_gateway_url=_url(env, "PHIEU_ZALO_GATEWAY_URL", ("http", "https")),
            zalo_gateway_key=env.get("PHIEU_ZALO_GATEWAY_KEY", ""),
            contact_key=env.get("PHIEU_CONTACT_KEY", ""),
            worker=_bool(env, "PHIEU_OUTBOX_WORKER", True),
            max_attempts=_int(env, "PHIEU_OUTBOX_MAX_ATTEMPTS", 8, minimum=1),
            base_delay_seconds=float(_int(env, "PHIEU_OUTBOX_BASE_DELAY", 30, minimum=0)),
            lease_seconds=float(_int(env, "PHIEU_OUTBOX_LEASE", 120, minimum=1)),
            batch=_int(env, "PHIEU_OUTBOX_BATCH", 50, minimum=1),
            concurrency=_int(env, "PHIEU_OUTBOX_CONCURRENCY", 4, minimum=1),
            timeout_seconds=float(_int(env, "PHIEU_DELIVERY_TIMEOUT", 10, minimum=1)),
            webhook_allowed_hosts=tuple(
                host.strip().lower().strip("[]")
                for host in env.get("PHIEU_WEBHOOK_ALLOWED_HOSTS", "").split(",")
                if host.strip()),
            webhook_disable_after=_int(env, "PHIEU_WEBHOOK_DISABLE_AFTER", 20, minimum=1),
            webhook_disable_days=_int(env, "PHIEU_WEBHOOK_DISABLE_DAYS", 5, minimum=1),
        )
