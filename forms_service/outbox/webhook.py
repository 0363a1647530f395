"""Webhooks: one signed JSON POST per message, to a URL an agency registered.

The message's sealed payload carries everything the attempt needs: ``url``,
``webhook_id``, ``body`` (the JSON text, signed as is) and ``secrets`` (the
endpoint's signing secrets when the message was written: two during a
rotation). Headers follow the Standard Webhooks specification
(``webhook-id``, ``webhook-timestamp``, ``webhook-signature``); the
timestamp is that of the attempt.

The destination is checked before each attempt
(:mod:`forms_service.outbox.destinations`) and redirects are not followed. A
2xx answer means delivered; 408, 425, 429, 5xx, timeouts and connection
errors are tried again with backoff; a refused destination, a redirect, 410
Gone and other 4xx answers fail for good (a person fixes the endpoint and
replays the delivery).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import httpx

from forms_service.outbox.destinations import BlockedDestination, check_destination
from forms_service.outbox.gateway import RETRIED_STATUSES
from forms_service.outbox.message import Message, Outcome
from forms_service.outbox.signing import signature_header

__all__ = ["WebhookTransport"]


class WebhookTransport:
    def __init__(self, *, timeout: float, allowed_hosts: Iterable[str] = ()) -> None:
        self.allowed_hosts = tuple(allowed_hosts)
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(timeout),
                                          follow_redirects=False, trust_env=False)

    async def send(self, message: Message) -> Outcome:
        payload = message.payload
        url, body = str(payload["url"]), str(payload["body"])
        webhook_id = str(payload["webhook_id"])
        try:
            await check_destination(url, self.allowed_hosts)
        except BlockedDestination as exc:
            return Outcome.failed(f"refused: {exc}")
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(payload["secrets"], webhook_id,
                                                  timestamp, body),
        }
        try:
            response = await self._client.post(url, content=body.encode(), headers=headers)
        except httpx.TimeoutException:
            return Outcome.retry("the endpoint did not answer in time")
        except httpx.HTTPError as exc:
            return Outcome.retry(f"the endpoint could not be reached ({type(exc).__name__})")
        status = response.status_code
        if 200 <= status < 300:
            return Outcome.sent()
        if 300 <= status < 400:
            return Outcome.failed(f"HTTP {status}: redirects are not followed; register "
                                  "the final URL")
        if status >= 500 or status in RETRIED_STATUSES:
            return Outcome.retry(f"HTTP {status}")
        return Outcome.failed(f"HTTP {status}: refused by the endpoint")

    async def close(self) -> None:
        await self._client.aclose()
