"""Pure parts of embedding: tokens, nonces, origins, form parsing, the rate limiter."""

from __future__ import annotations

import datetime as dt
import re

import jwt
import pytest

from forms_service.credentials.errors import TokenExpired, TokenInvalid
from forms_service.credentials.tokens import (
    sign_token,
    signing_secret,
    token_key_id,
    verify_token,
)
from forms_service.embedding.errors import FileNotAccepted, FormExpired, NotAForm
from forms_service.embedding.formdata import parse_form
from forms_service.embedding.nonce import issue_nonce, make_receipt, open_receipt, read_nonce
from forms_service.embedding.origins import normalize_origin
from forms_service.embedding.ratelimit import RateLimiter, address_key
from forms_service.embedding.security import content_security_policy
from forms_service.errors import InvalidInput

SECRET_KEY = "unit-test-secret-0123456789"
NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def _sign(**changes: object) -> str:
    secret = signing_secret(SECRET_KEY, "abc123")
    token, _ = sign_token(secret, "abc123", form="hai-long", service="1.001193",
                          agency="000.00.00.H29", dossier="HS-1", now=NOW,
                          **changes)  # type: ignore[arg-type]
    return token


def test_signing_secret_is_derived_per_key() -> None:
    one = signing_secret(SECRET_KEY, "abc123")
    assert one == signing_secret(SECRET_KEY, "abc123")
    assert one != signing_secret(SECRET_KEY, "abc124")
    assert one != signing_secret(SECRET_KEY + "x", "abc123")
    assert len(one) == 43 and "=" not in one


def test_round_trip() -> None:
    token = _sign(channel="kiosk", locale="en")
    assert token_key_id(token) == "abc123"
    claims = verify_token(token, signing_secret(SECRET_KEY, "abc123"), key_id="abc123",
                          now=NOW + dt.timedelta(hours=1))
    assert (claims.form, claims.service, claims.dossier) == ("hai-long", "1.001193", "HS-1")
    assert (claims.channel, claims.locale, claims.key_id) == ("kiosk", "en", "abc123")
    assert claims.expires_at == NOW + dt.timedelta(days=1) and claims.jti


def test_expiry_and_lifetime() -> None:
    secret = signing_secret(SECRET_KEY, "abc123")
    token = _sign(ttl=dt.timedelta(hours=1))
    with pytest.raises(TokenExpired):
        verify_token(token, secret, key_id="abc123", now=NOW + dt.timedelta(hours=2))
    verify_token(token, secret, key_id="abc123", now=NOW + dt.timedelta(hours=1, seconds=30))
    with pytest.raises(TokenInvalid, match="7 days"):
        verify_token(_sign(ttl=dt.timedelta(days=7, minutes=1)), secret, key_id="abc123",
                     now=NOW)
    verify_token(_sign(ttl=dt.timedelta(days=7)), secret, key_id="abc123", now=NOW)


@pytest.mark.parametrize("token", [
    "", "a.b", "a.b.c", "x" * 5000,
    jwt.encode({"form": "x"}, "k" * 48, algorithm="HS384", headers={"kid": "abc123"}),
    jwt.encode({"form": "x"}, "k" * 32, algorithm="HS256"),
    jwt.encode({"form": "x"}, "k" * 32, algorithm="HS256", headers={"kid": ""}),
])
def test_malformed_headers(token: str) -> None:
    with pytest.raises(TokenInvalid):
        token_key_id(token)


def test_wrong_signature_and_claims() -> None:
    secret = signing_secret(SECRET_KEY, "abc123")
    with pytest.raises(TokenInvalid, match="signature"):
        verify_token(_sign(), secret[:-1] + "A", key_id="abc123", now=NOW)
    payload = jwt.decode(_sign(), secret, algorithms=["HS256"],
                         options={"verify_exp": False, "verify_iat": False})
    for name, value in (("svc", ""), ("dossier", "x" * 201), ("exp", "tomorrow"),
                        ("channel", "fax"), ("locale", "fr"), ("jti", None)):
        broken = dict(payload)
        if value is None:
            del broken[name]
        else:
            broken[name] = value
        token = jwt.encode(broken, secret, algorithm="HS256", headers={"kid": "abc123"})
        with pytest.raises(TokenInvalid, match=name):
            verify_token(token, secret, key_id="abc123", now=NOW)


def test_nonces_and_receipts() -> None:
    nonce = issue_nonce(SECRET_KEY, "mo", now=1000.0)
    ident = read_nonce(SECRET_KEY, "mo", nonce, now=1000.0 + 3600)
    assert ident == nonce.split(".")[0]
    for bad_slug, when in (("khac", 1000.0), ("mo", 1000.0 + 2 * 86400), ("mo", 0.0)):
        with pytest.raises(FormExpired):
            read_nonce(SECRET_KEY, bad_slug, nonce, now=when)
    with pytest.raises(FormExpired):
        read_nonce("another-secret-0123456789", "mo", nonce, now=1000.0)
    receipt = make_receipt(SECRET_KEY, "mo", 42)
    assert open_receipt(SECRET_KEY, "mo", receipt) == 42
    assert open_receipt(SECRET_KEY, "khac", receipt) is None
    assert open_receipt(SECRET_KEY, "mo", "43" + receipt[2:]) is None
    assert open_receipt(SECRET_KEY, "mo", None) is None


def test_origins() -> None:
    assert normalize_origin(" https://A.gov.vn:443/ ") == "https://a.gov.vn"
    assert normalize_origin("https://a.gov.vn:8443") == "https://a.gov.vn:8443"
    assert normalize_origin("http://127.0.0.1:5000") == "http://127.0.0.1:5000"
    assert normalize_origin("https://Cổng.vn") == "https://xn--cng-qmz.vn"
    for bad in ("http://a.gov.vn", "https://a.gov.vn/x", "https://*.vn", "a.vn", "https://",
                "https://u:p@a.vn", "https://a.vn#x", "data:text/html,x", "https://a..vn"):
        with pytest.raises(InvalidInput):
            normalize_origin(bad)


def test_form_parsing() -> None:
    assert parse_form("application/x-www-form-urlencoded; charset=UTF-8",
                      b"a=1&a=2&t=l%C3%BD+do&e=") == {"a": ["1", "2"], "t": ["lý do"], "e": [""]}
    body = (b'--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx y\r\n--B--\r\n')
    assert parse_form("multipart/form-data; boundary=B", body) == {"a": ["x y"]}
    file_body = (b'--B\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n'
                 b"Content-Type: text/plain\r\n\r\nhi\r\n--B--\r\n")
    with pytest.raises(FileNotAccepted):
        parse_form("multipart/form-data; boundary=B", file_body)
    with pytest.raises(NotAForm):
        parse_form("application/json", b"{}")
    with pytest.raises(InvalidInput):
        parse_form("multipart/form-data", body)
    with pytest.raises(InvalidInput):
        parse_form("application/x-www-form-urlencoded", b"a=%FF")
    with pytest.raises(InvalidInput):
        parse_form("application/x-www-form-urlencoded", b"&".join([b"a=1"] * 1001))


def test_rate_limiter_slides() -> None:
    now = [0.0]
    limiter = RateLimiter(window=60, clock=lambda: now[0])
    assert [limiter.hit("k", 3) for _ in range(3)] == [None, None, None]
    wait = limiter.hit("k", 3)
    assert wait is not None and 1 <= wait <= 60
    assert limiter.hit("other", 3) is None
    now[0] = 70.0  # 10 s into the next window: 3 × 50/60 still counted
    assert limiter.hit("k", 3) is not None
    now[0] = 105.0  # 45 s in: 3 × 15/60 = 0.75 counted
    assert limiter.hit("k", 3) is None
    now[0] = 1000.0
    assert [limiter.hit("k", 3) for _ in range(3)] == [None, None, None]


def test_addresses_are_hashed() -> None:
    key = address_key("203.0.113.7")
    # a 32-hex-digit digest: no address, nor any part of one with its dots
    assert key == address_key("203.0.113.7") and re.fullmatch(r"[0-9a-f]{32}", key)
    assert "203.0" not in key and "113.7" not in key
    assert key != address_key("203.0.113.8")


def test_csp() -> None:
    assert content_security_policy([]).endswith("frame-ancestors 'none'")
    assert content_security_policy(["https://a.vn", "https://b.vn"]).endswith(
        "frame-ancestors https://a.vn https://b.vn")
    assert "unsafe" not in content_security_policy([])
