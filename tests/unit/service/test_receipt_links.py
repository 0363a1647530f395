"""The receipt link format: what a one-stop system computes offline."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from urllib.parse import parse_qsl, urlsplit

import pytest

from forms_service.credentials.receipts import (
    ReceiptRejected,
    parse_receipt,
    receipt_signature,
    receipt_url,
)

NOW = dt.datetime(2026, 3, 4, 1, 0, tzinfo=dt.UTC)


def _params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def test_signature_is_hmac_of_the_documented_text() -> None:
    text = "phieu-receipt\nkid1\nhai-long\n1.001193\n1775000000\nHS/1 bản sao"
    mac = hmac.new(b"secret", text.encode(), hashlib.sha256).digest()
    expected = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    assert receipt_signature("secret", "kid1", "hai-long", "1.001193", "1775000000",
                             "HS/1 bản sao") == expected
    assert len(expected) == 43


def test_a_computed_link_parses_back_and_matches() -> None:
    url = receipt_url("https://phieu.example/", "secret", "kid1", form="hai-long",
                      service="1.001193", dossier="HS/1 & bản sao",
                      expires_at=NOW + dt.timedelta(days=30))
    assert url.startswith("https://phieu.example/q?k=kid1&f=hai-long&s=1.001193&e=")
    claims = parse_receipt(_params(url), now=NOW)
    assert claims.dossier == "HS/1 & bản sao"
    assert claims.expires_at == NOW + dt.timedelta(days=30)
    assert claims.signature_matches("secret")
    assert not claims.signature_matches("other")


@pytest.mark.parametrize(("change", "message"), [
    ({"h": None}, "missing"),
    ({"d": "  "}, "missing"),
    ({"d": "x" * 201}, "too long"),
    ({"h": "short"}, "malformed"),
    ({"e": "soon"}, "Unix seconds"),
    ({"e": "999999999999"}, "at most 366 days"),
])
def test_malformed_links_are_refused(change: dict[str, str | None], message: str) -> None:
    params = _params(receipt_url("https://p", "s", "kid1", form="f", service="1",
                                 dossier="HS", expires_at=NOW + dt.timedelta(days=1)))
    for name, value in change.items():
        if value is None:
            params.pop(name)
        else:
            params[name] = value
    with pytest.raises(ReceiptRejected) as caught:
        parse_receipt(params, now=NOW)
    assert message in str(caught.value)
