"""The registry of delivery channels: one entry per channel, read by the worker
(which transport sends it), the queue (which channels may be written) and the
workspace (why a channel's messages wait).

A new channel is one :class:`ChannelSpec` here and its transport module.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from forms_service.i18n import N_
from forms_service.outbox.gateway import HttpGateway
from forms_service.outbox.mailer import Mailer
from forms_service.outbox.message import Transport
from forms_service.outbox.webhook import WebhookTransport
from forms_service.settings import DeliverySettings

__all__ = ["CHANNELS", "ChannelSpec", "build_transports", "feeder", "unconfigured"]


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    name: str
    #: the setting that configures it (``DeliverySettings`` attribute)
    setting: str
    #: the transport for these settings, or ``None`` when the channel is not configured
    build: Callable[[DeliverySettings], Transport | None]
    #: why messages of this channel wait when it is not configured (an English msgid)
    missing: str
    #: ``module:function`` (``async (db) -> int``) writing this channel's messages
    #: from what its domain left pending, run by the worker before each claim;
    #: named by path so that the outbox imports no domain
    feed: str | None = None


def _mailer(settings: DeliverySettings) -> Transport | None:
    if not settings.smtp_url:
        return None
    return Mailer(settings.smtp_url, settings.smtp_from, ca_file=settings.smtp_ca_file,
                  timeout=settings.timeout_seconds)


def _gateway(channel: str) -> Callable[[DeliverySettings], Transport | None]:
    def build(settings: DeliverySettings) -> Transport | None:
        url = getattr(settings, f"{channel}_gateway_url")
        if not url:
            return None
        return HttpGateway(channel, url, getattr(settings, f"{channel}_gateway_key"),
                           timeout=settings.timeout_seconds)
    return build


def _webhook(settings: DeliverySettings) -> Transport | None:
    return WebhookTransport(timeout=settings.timeout_seconds,
                            allowed_hosts=settings.webhook_allowed_hosts)


CHANNELS: dict[str, ChannelSpec] = {
    spec.name: spec for spec in (
        ChannelSpec("email", "smtp_url", _mailer, N_(
            "No mail server is configured (PHIEU_SMTP_URL): e-mail messages wait in the "
            "queue."), feed="forms_service.alerts.immediate:announce_pending"),
        ChannelSpec("sms", "sms_gateway_url", _gateway("sms"), N_(
            "No SMS gateway is configured (PHIEU_SMS_GATEWAY_URL): SMS messages wait in the "
            "queue.")),
        ChannelSpec("zalo", "zalo_gateway_url", _gateway("zalo"), N_(
            "No Zalo gateway is configured (PHIEU_ZALO_GATEWAY_URL): Zalo messages wait in "
            "the queue.")),
        ChannelSpec("webhook", "webhooks", _webhook, N_(
            "Webhooks are turned off: webhook messages wait in the queue."),
            feed="forms_service.webhooks.publish:fan_out"),
    )
}


@cache
def feeder(channel: str) -> Callable[[Any], Awaitable[int]] | None:
    """The feed of ``channel`` (see :attr:`ChannelSpec.feed`), loaded once."""
    path = CHANNELS[channel].feed if channel in CHANNELS else None
    if path is None:
        return None
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def build_transports(settings: DeliverySettings) -> dict[str, Transport]:
    """The transports of the configured channels."""
    built = {name: spec.build(settings) for name, spec in CHANNELS.items()
             if getattr(settings, spec.setting)}
    return {name: transport for name, transport in built.items() if transport is not None}


def unconfigured(settings: DeliverySettings) -> list[ChannelSpec]:
    """The channels whose messages wait because nothing is configured to send them."""
    return [spec for spec in CHANNELS.values() if not getattr(settings, spec.setting)]
