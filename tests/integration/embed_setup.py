"""Helpers for the embedding tests: a portal key with its signing secret, tokens."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

import jwt

from tests.integration.conftest import Api

H29 = "000.00.00.H29"
SERVICE = "1.001193"
PORTAL_ORIGIN = "https://dichvucong.haiduong.gov.vn"


@dataclass
class Portal:
    key: str
    key_id: str
    secret: str
    agency: str = H29

    def claims(self, **changes: Any) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC)
        claims: dict[str, Any] = {
            "form": "hai-long", "svc": SERVICE, "agency": self.agency, "dossier": "HS-0001",
            "channel": "web", "locale": "vi", "iat": int(now.timestamp()),
            "exp": int((now + dt.timedelta(hours=1)).timestamp()),
            "jti": secrets.token_urlsafe(12),
        }
        claims.update(changes)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, *, headers: dict[str, Any] | None = None, secret: str | None = None,
              **changes: Any) -> str:
        head = {"kid": self.key_id} | (headers or {})
        head = {k: v for k, v in head.items() if v is not None}
        return jwt.encode(self.claims(**changes), secret or self.secret, algorithm="HS256",
                          headers=head)


async def portal_key(api: Api, agency: str = H29) -> Portal:
    r = await api.call("POST", "/api/v1/api-keys", api.admin,
                       json={"role": "portal", "agency": agency, "name": "cổng DVC"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["signing_secret"]
    return Portal(key=body["key"], key_id=body["id"], secret=body["signing_secret"],
                  agency=agency)


async def register_origin(api: Api, designer: str, origin: str = PORTAL_ORIGIN,
                          agency: str = H29) -> None:
    r = await api.call("POST", f"/api/v1/agencies/{agency}/portals", designer,
                       json={"origin": origin})
    assert r.status_code in (200, 201), r.text


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a form page."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))


def error_code(html: str) -> str | None:
    found = re.search(r"<code>([a-z_]+)</code>", html)
    return found.group(1) if found else None
