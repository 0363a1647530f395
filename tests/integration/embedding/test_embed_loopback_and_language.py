"""Portal origins on every loopback address; the form page's language order."""

from __future__ import annotations

import re

import pytest

from tests.integration.conftest import Api
from tests.integration.embed_setup import H29, portal_key, register_origin

PORTALS = f"/api/v1/agencies/{H29}/portals"


@pytest.mark.parametrize(("written", "stored"), [
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("http://127.1.2.3:3000", "http://127.1.2.3:3000"),
    ("http://127.255.255.254", "http://127.255.255.254"),
    ("http://[::1]:5173", "http://[::1]:5173"),
    ("http://[0:0:0:0:0:0:0:1]:5173", "http://[::1]:5173"),
    ("http://localhost:8000/", "http://localhost:8000"),
])
async def test_http_is_accepted_for_every_loopback_address(
    api: Api, province: dict[str, str], written: str, stored: str
) -> None:
    r = await api.call("POST", PORTALS, province["designer"], json={"origin": written})
    assert r.status_code == 201, r.text
    assert r.json()["origin"] == stored


@pytest.mark.parametrize("written", ["http://128.0.0.1", "http://10.0.0.1:8080",
                                     "http://192.168.1.5", "http://dichvucong.gov.vn"])
async def test_http_elsewhere_is_refused_saying_what_is_accepted(
    api: Api, province: dict[str, str], written: str
) -> None:
    r = await api.call("POST", PORTALS, province["designer"], json={"origin": written})
    assert r.status_code == 400
    message = r.json()["message"]
    assert "https" in message and "127.0.0.1" in message and "[::1]" in message


def _lang(html: str) -> str:
    found = re.search(r'<html lang="(\w+)"', html)
    assert found
    return found.group(1)


async def test_the_language_order_of_the_form_page(api: Api, province: dict[str, str]) -> None:
    await register_origin(api, province["designer"])
    portal = await portal_key(api)
    english, unset = portal.token(locale="en"), portal.token(locale=None, dossier="HS-0002")

    async def page(token: str, **query: str) -> str:
        r = await api.client.get("/f/hai-long", params={"t": token, **query},
                                 headers={"Accept-Language": "vi"})
        assert r.status_code == 200, r.text
        return _lang(r.text)

    # the token's claim comes before the host page's language
    assert await page(english, host_lang="vi") == "en"
    # an explicit choice comes before the claim
    assert await page(english, lang="vi", host_lang="en") == "vi"
    # without a claim: the host page's language, then Accept-Language
    assert await page(unset, host_lang="en") == "en"
    assert await page(unset) == "vi"
