"""Webhook signatures against the Standard Webhooks reference library, and the
addresses webhooks refuse (literal addresses: no DNS needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from standardwebhooks.webhooks import Webhook

from forms_service.outbox.destinations import BlockedDestination, check_destination
from forms_service.outbox.signing import new_secret, sign, signature_header


@pytest.mark.parametrize("body", ['{"a":1}', '{"text":"Hài lòng"}', ""])
def test_signatures_match_the_reference_library(body: str) -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    at = dt.datetime(2026, 12, 7, 1, 2, 3, tzinfo=dt.UTC)
    expected = Webhook(secret).sign("msg_abc", at, body)
    assert sign(secret, "msg_abc", int(at.timestamp()), body) == expected


def test_two_secrets_two_signatures() -> None:
    old, new = new_secret(), new_secret()
    header = signature_header([new, old], "msg_1", 1_700_000_000, "{}")
    assert header.split(" ") == [sign(new, "msg_1", 1_700_000_000, "{}"),
                                 sign(old, "msg_1", 1_700_000_000, "{}")]


@pytest.mark.parametrize("url", [
    "https://10.0.0.1/", "https://172.16.5.4/", "https://192.168.1.1/",
    "https://169.254.169.254/latest", "https://127.0.0.1/", "https://[::1]/",
    "https://[::ffff:127.0.0.1]/", "https://0.0.0.0/", "https://[fd00::1]/",
    "https://100.64.0.1/", "https://[fe80::1]/", "https://224.0.0.1/",
])
async def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedDestination):
        await check_destination(url, ())


async def test_public_and_allowed_addresses_pass() -> None:
    await check_destination("https://8.8.8.8/hook", ())
    await check_destination("https://[2001:4860:4860::8888]/hook", ())
    await check_destination("http://127.0.0.1:8080/hook", ("127.0.0.1",))
    with pytest.raises(BlockedDestination):
        await check_destination("http://localhost:8080/hook", ("127.0.0.1",))
