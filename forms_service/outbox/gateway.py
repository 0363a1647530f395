"""SMS and Zalo through an HTTP gateway: one JSON POST per message.

The contract (documented in the README, mapped by each agency onto its
provider's API)::

    POST <PHIEU_SMS_GATEWAY_URL>            (or PHIEU_ZALO_GATEWAY_URL)
    Authorization: Bearer <PHIEU_SMS_GATEWAY_KEY>
    Idempotency-Key: <key>
    Content-Type: application/json

    {"id": "<key>", "channel": "sms", "kind": "invitation", "to": "84912345678",
     "text": "...", "template": null, "params": {}}

A 2xx answer means accepted. 408, 425, 429 and 5xx answers, timeouts and
connection errors are tried again later with the same key; any other 4xx is
a refusal for good (a bad number, a template the provider does not know)
and the message fails with the gateway's reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from forms_service.outbox.message import Message, Outcome

if TYPE_CHECKING:
    import httpx

__all__ = ["RETRIED_STATUSES", "HttpGateway"]

RETRIED_STATUSES = frozenset({408, 425, 429})
_REASON_CHARS = 200


def _reason(response: httpx.Response, message: Message) -> str:
    text = response.text.strip().replace("\n", " ")
    to = str(message.payload.get("to") or "")
    if to:  # a gateway that echoes the number does not put it into logs or the API
        text = text.replace(to, "<recipient>")
    text = text[:_REASON_CHARS]
    return f"HTTP {response.status_code}" + (f": {text}" if text else "")


class HttpGateway:
    """Posts each message of one channel to its gateway."""

    def __init__(self, channel: str, url: str, key: str, *, timeout: float) -> None:
        self.channel = channel
        self.url = url
        self.key = key
        import httpx  # here: a process that never sends (say, an import) never loads it

        self._client = httpx.AsyncClient(timeout=httpx.Timeout(timeout), follow_redirects=False)

    def body(self, message: Message) -> dict[str, Any]:
        payload = message.payload
        return {"id": message.key, "channel": self.channel, "kind": message.kind,
                "to": payload.get("to"), "text": payload.get("text"),
                "template": payload.get("template"), "params": payload.get("params") or {}}

    async def send(self, message: Message) -> Outcome:
        import httpx

        headers = {"Idempotency-Key": message.key}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        try:
            response = await self._client.post(self.url, json=self.body(message),
                                               headers=headers)
        except httpx.TimeoutException:
            return Outcome.retry(f"the {self.channel} gateway did not answer in time")
        except httpx.HTTPError as exc:
            return Outcome.retry(f"the {self.channel} gateway could not be reached "
                                 f"({type(exc).__name__})")
        if 200 <= response.status_code < 300:
            return Outcome.sent()
        if response.status_code >= 500 or response.status_code in RETRIED_STATUSES:
            return Outcome.retry(f"the {self.channel} gateway answered "
                                 f"{_reason(response, message)}")
        return Outcome.failed(f"the {self.channel} gateway refused it: "
                              f"{_reason(response, message)}")

    async def close(self) -> None:
        await self._client.aclose()
