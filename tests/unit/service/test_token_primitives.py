"""The token module's own HMAC and JWS decoding agree with the standard ones."""

from __future__ import annotations

import base64
import hashlib
import hmac

import jwt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms_service.credentials.errors import TokenInvalid
from forms_service.credentials.keyed import hmac_sha256
from forms_service.credentials.tokens import _decode_hs256


@given(key=st.binary(max_size=200), message=st.binary(max_size=500))
def test_hmac_matches_the_standard_library(key: bytes, message: bytes) -> None:
    # keys shorter than, equal to and longer than SHA-256's 64-byte block
    assert hmac_sha256(key, message) == hmac.digest(key, message, "sha256")


@given(claims=st.dictionaries(st.sampled_from(["form", "svc", "dossier", "channel", "n"]),
                              st.one_of(st.text(max_size=40), st.integers()), max_size=5),
       secret=st.text(min_size=32, max_size=80))  # real secrets: 43 characters
def test_decoding_matches_pyjwt_on_tokens_pyjwt_signs(claims: dict, secret: str) -> None:
    token = jwt.encode(claims, secret, algorithm="HS256", headers={"kid": "k1"})
    assert _decode_hs256(token, secret) == jwt.decode(
        token, secret, algorithms=["HS256"], options={"verify_exp": False})


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.parametrize("mangle", [
    lambda t: t + ".x",                                  # four segments
    lambda t: t.rsplit(".", 1)[0],                       # two segments
    lambda t: "!!" + t,                                  # not base64url
    lambda t: t[:-3] + ("AAA" if t[-3:] != "AAA" else "BBB"),  # signature changed
])
def test_malformed_or_forged_tokens_are_refused(mangle) -> None:  # type: ignore[no-untyped-def]
    token = jwt.encode({"form": "f"}, "secret-0123456789-0123456789-0123456789", algorithm="HS256")
    with pytest.raises(TokenInvalid):
        _decode_hs256(mangle(token), "secret-0123456789-0123456789-0123456789")


def test_a_token_signed_with_another_algorithm_is_refused() -> None:
    header = _b64(b'{"alg":"HS384","typ":"JWT"}')
    body = _b64(b'{"form":"f"}')
    signature = _b64(hmac.new(b"k" * 48, f"{header}.{body}".encode(), hashlib.sha384).digest())
    with pytest.raises(TokenInvalid) as caught:
        _decode_hs256(f"{header}.{body}.{signature}", "k" * 48)
    assert caught.value.code == "token_algorithm_invalid"
