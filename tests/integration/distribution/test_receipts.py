"""Receipt QR codes: links issued by the API or computed offline with the
integration key's signing secret; scanning one opens the form for its dossier
(channel qr), once per dossier across every channel."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from forms_service.credentials.receipts import receipt_url
from tests.integration.conftest import Api
from tests.integration.distribution.setup import returned, send
from tests.integration.embed_setup import H29, SERVICE, portal_key

README = Path(__file__).parents[3] / "README.md"
LINKS = "/api/v1/receipt-links"
EN = {"Accept-Language": "en"}


async def _integration(api: Api, agency: str = H29) -> dict[str, str]:
    r = await api.call("POST", "/api/v1/api-keys", api.admin,
                       json={"role": "integration", "agency": agency, "name": "một cửa"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["signing_secret"]
    return {"key": body["key"], "id": body["id"], "secret": body["signing_secret"]}


def _local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _signed(key: dict[str, str], *, dossier: str = "HS-Q-1", form: str = "hai-long",
            service: str = SERVICE, days: float = 30, secret: str | None = None) -> str:
    return _local(receipt_url("https://phieu.example", secret or key["secret"], key["id"],
                              form=form, service=service, dossier=dossier,
                              expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=days)))


async def test_the_api_gives_the_link_and_its_qr_code(api: Api, province: dict[str, str],
                                                      client: httpx.AsyncClient) -> None:
    key = await _integration(api)
    r = await api.call("POST", LINKS, key["key"], json={
        "form": "hai-long", "service": SERVICE, "dossier": "000.00.17.H29-250304-0001"})
    assert r.status_code == 200, r.text
    body = r.json()
    parts = urlsplit(body["url"])
    assert parts.path == "/q"
    query = parse_qs(parts.query)
    assert query["d"] == ["000.00.17.H29-250304-0001"] and query["k"] == [key["id"]]
    assert set(query) == {"k", "f", "s", "e", "d", "h"}
    assert body["qr_svg"].startswith("<svg") and "</svg>" in body["qr_svg"]
    assert base64.b64decode(body["qr_png"]).startswith(b"\x89PNG\r\n\x1a\n")
    expires = dt.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert 89 <= (expires - dt.datetime.now(dt.UTC)).days <= 90
    # scanning it opens the form, with the opened touch on channel qr
    page = await client.get(_local(body["url"]))
    assert page.status_code == 200, page.text
    assert 'action="/q?k=' in page.text
    [touch] = await api.ctx.db.raw("SELECT kind, channel FROM dossier_touch")
    assert touch == {"kind": "opened", "channel": "qr"}
    r = await client.post(_local(body["url"]), data={"overall": "3", "_lang": "vi"})
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith("/f/hai-long/thanks?r=")
    [response] = await api.ctx.db.raw("SELECT channel, dossier_hash FROM response")
    assert response["channel"] == "qr"
    assert "000.00.17.H29" not in repr(await api.ctx.db.raw("SELECT * FROM response"))
    again = await client.get(_local(body["url"]), headers=EN)
    assert again.status_code == 409 and "already" in again.text.lower()


async def test_one_answer_per_dossier_across_the_portal_and_the_receipt(
        api: Api, province: dict[str, str], client: httpx.AsyncClient) -> None:
    key = await _integration(api)
    portal = await portal_key(api)
    r = await client.post("/f/hai-long", data={
        "_t": portal.token(form="hai-long", svc=SERVICE, dossier="HS-BOTH"), "overall": "3"})
    assert r.status_code == 303, r.text
    link = _signed(key, dossier="HS-BOTH")
    assert (await client.get(link)).status_code == 409
    assert (await client.post(link, data={"overall": "1"})).status_code == 409
    assert len(await api.ctx.db.raw("SELECT id FROM response")) == 1


async def test_the_answer_meets_its_dossier(api: Api, province: dict[str, str],
                                            client: httpx.AsyncClient) -> None:
    key = await _integration(api)
    await send(api, key["key"], [returned(None, dossier="HS-KNOWN")])
    link = _signed(key, dossier="HS-KNOWN")
    assert (await client.get(link)).status_code == 200
    assert (await client.post(link, data={"overall": "3"})).status_code == 303
    [dossier] = await api.ctx.db.raw("SELECT opened, answered FROM dossier")
    assert bool(dossier["opened"]) and bool(dossier["answered"])


async def test_each_bad_link_has_its_own_page(api: Api, province: dict[str, str],
                                              client: httpx.AsyncClient) -> None:
    key = await _integration(api)
    good = _signed(key)
    cases: dict[str, tuple[str, int, str]] = {
        "missing": (re.sub(r"&h=[^&]+", "", good), 400, "receipt_invalid"),
        "forged": (_signed(key, secret="x" * 43), 401, "receipt_signature_invalid"),
        "tampered": (good.replace("HS-Q-1", "HS-Q-2"), 401, "receipt_signature_invalid"),
        "expired": (_signed(key, days=-1), 410, "receipt_expired"),
        "too_far": (_signed(key, days=400), 400, "receipt_invalid"),
        "foreign_service": (_signed(key, service="9.999999"), 403, "receipt_forbidden"),
        "no_form": (_signed(key, form="khong-co"), 404, "not_found"),
    }
    portal = await portal_key(api)
    cases["portal_key"] = (_signed({"id": portal.key_id, "secret": portal.secret}), 401,
                           "receipt_signature_invalid")
    for case, (link, status, code) in cases.items():
        r = await client.get(link, headers=EN)
        assert r.status_code == status, (case, r.text)
        assert f"<code>{code}</code>" in r.text, (case, r.text)
        j = await client.get(link, headers={**EN, "Accept": "application/json"})
        assert j.status_code == status and j.json()["error"] == code, (case, j.text)
    r = await api.call("DELETE", f"/api/v1/api-keys/{key['id']}", api.admin)
    assert r.status_code == 200, r.text
    r = await client.get(good, headers={**EN, "Accept": "application/json"})
    assert r.status_code == 403 and r.json()["error"] == "receipt_revoked"
    assert await api.ctx.db.raw("SELECT id FROM response") == []
    assert await api.ctx.db.raw("SELECT id FROM dossier_touch") == []


async def test_a_link_of_another_agency_is_refused(api: Api, province: dict[str, str],
                                                   client: httpx.AsyncClient) -> None:
    await api.agency("G14", "UBND tỉnh Quảng Ninh")
    theirs = await _integration(api, "G14")
    r = await client.get(_signed(theirs), headers={**EN, "Accept": "application/json"})
    assert r.status_code == 403 and r.json()["error"] == "receipt_forbidden"
    r = await api.call("POST", LINKS, theirs["key"],
                       json={"form": "hai-long", "service": SERVICE, "dossier": "HS-1"})
    assert r.status_code == 404


async def test_bad_requests_for_a_link(api: Api, province: dict[str, str]) -> None:
    key = await _integration(api)
    bodies: list[tuple[Any, int, str]] = [
        ({"service": SERVICE, "dossier": "HS-1"}, 400, "form is required"),
        ({"form": "hai-long", "service": SERVICE, "dossier": "A\nB"}, 400, "one line"),
        ({"form": "hai-long", "service": SERVICE, "dossier": "x" * 201}, 400, "too long"),
        ({"form": "hai-long", "service": SERVICE, "dossier": "HS-1", "days": 0}, 400, "days"),
        ({"form": "hai-long", "service": SERVICE, "dossier": "HS-1", "colour": 1}, 400,
         "colour is not a field"),
        ({"form": "hai-long", "service": "9.9", "dossier": "HS-1"}, 400, "register it"),
        ([1], 400, "Expected `object`"),
    ]
    for body, status, text in bodies:
        r = await api.call("POST", LINKS, key["key"], json=body, headers=EN)
        assert r.status_code == status, (body, r.text)
        assert text in r.json()["message"], (body, r.text)
    for role in ("designer", "portal"):
        r = await api.call("POST", LINKS, province[role], headers=EN,
                           json={"form": "hai-long", "service": SERVICE, "dossier": "HS-1"})
        assert r.status_code == 403, r.text
    r = await api.call("POST", LINKS, key["key"], headers={"Accept-Language": "vi"},
                       json={"form": "hai-long", "service": SERVICE, "dossier": "HS-1",
                             "days": 999})
    assert r.status_code == 400 and "số nguyên" in r.json()["message"]


async def test_readme_python_example_computes_an_accepted_link(
        api: Api, province: dict[str, str], client: httpx.AsyncClient) -> None:
    section = README.read_text(encoding="utf-8").split("### Receipt QR codes", 1)[1]
    section = section.split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    key = await _integration(api)
    source = re.sub(r'^KEY_ID = ".*"', f'KEY_ID = "{key["id"]}"', code.group(1), flags=re.M)
    source = re.sub(r'^SIGNING_SECRET = ".*"', f'SIGNING_SECRET = "{key["secret"]}"', source,
                    flags=re.M)
    namespace: dict[str, Any] = {}
    exec(compile(source, "README.md", "exec"), namespace)  # the documented example, as is
    url = namespace["receipt_link"]("hai-long", SERVICE, "000.00.17.H29-250304-0001 / bản sao")
    assert url.startswith("https://phieu.example.gov.vn/q?k=")
    r = await client.get(_local(url))
    assert r.status_code == 200, r.text
    r = await client.post(_local(url), data={"overall": "2"})
    assert r.status_code == 303, r.text
    [response] = await api.ctx.db.raw("SELECT channel FROM response")
    assert response["channel"] == "qr"
