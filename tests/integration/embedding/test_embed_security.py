"""Security headers, portal origins, static files and the weight of a form page."""

from __future__ import annotations

import gzip
import re

import httpx

from embed import asset
from tests.integration.conftest import Api
from tests.integration.embed_setup import PORTAL_ORIGIN, portal_key, register_origin

CSP_START = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "form-action 'self'; base-uri 'none'; frame-ancestors ")


def _page_headers_ok(r: httpx.Response, ancestors: str) -> None:
    assert r.headers["content-security-policy"] == CSP_START + ancestors
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"


async def test_headers_and_frame_ancestors(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    r = await api.client.get("/f/hai-long", params={"t": portal.token()})
    _page_headers_ok(r, "'none'")
    assert 'data-origins=""' in r.text
    await register_origin(api, province["designer"])
    await register_origin(api, province["designer"], "http://localhost:8080")
    r = await api.client.get("/f/hai-long", params={"t": portal.token()})
    _page_headers_ok(r, f"http://localhost:8080 {PORTAL_ORIGIN}")
    assert f'data-origins="http://localhost:8080 {PORTAL_ORIGIN}"' in r.text
    # the loader names the parent: only that registered origin receives messages
    r = await api.client.get("/f/hai-long", params={"t": portal.token(),
                                                    "origin": PORTAL_ORIGIN + "/"})
    assert f'data-origins="{PORTAL_ORIGIN}"' in r.text
    assert 'name="_origin"' in r.text
    r = await api.client.get("/f/hai-long", params={"t": portal.token(),
                                                    "origin": "https://evil.example"})
    assert f'data-origins="http://localhost:8080 {PORTAL_ORIGIN}"' in r.text
    # error pages of the form carry the same headers; unknown forms may not be framed
    r = await api.client.get("/f/hai-long", params={"t": "nope"})
    assert r.status_code == 401
    _page_headers_ok(r, f"http://localhost:8080 {PORTAL_ORIGIN}")
    r = await api.client.get("/f/khong-co")
    _page_headers_ok(r, "'none'")
    # other agencies' origins never appear
    await api.agency("G14", "Bộ Tư pháp", "ministry")
    other = await api.make_key("designer", "G14")
    await register_origin(api, other, "https://dichvucong.moj.gov.vn", agency="G14")
    r = await api.client.get("/f/hai-long", params={"t": portal.token()})
    assert "moj.gov.vn" not in r.headers["content-security-policy"] and "moj" not in r.text


async def test_pages_have_no_inline_script_style_or_third_party(
    api: Api, province: dict[str, str]
) -> None:
    portal = await portal_key(api)
    pages = [await api.client.get("/f/hai-long", params={"t": portal.token()}),
             await api.client.post("/f/hai-long", data={"_t": portal.token()}),
             await api.client.get("/f/hai-long", params={"t": "bad"})]
    r = await api.client.post("/f/hai-long", data={"_t": portal.token(), "overall": "3"})
    pages.append(await api.client.get(r.headers["location"]))
    for page in pages:
        html = page.text
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
        assert " style=" not in html and "<style" not in html
        assert not re.search(r"\son[a-z]+=", html)
        for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
            assert url.startswith(("/", "#")), url


async def test_portal_origins_api(api: Api, province: dict[str, str]) -> None:
    path = "/api/v1/agencies/000.00.00.H29/portals"
    designer = province["designer"]
    r = await api.call("POST", path, designer, json={"origin": "HTTPS://DichVuCong.HaiDuong.gov.vn:443/"})
    assert r.status_code == 201 and r.json()["origin"] == PORTAL_ORIGIN
    r = await api.call("POST", path, designer, json={"origin": PORTAL_ORIGIN})
    assert r.status_code == 200
    for bad in ("http://dichvucong.haiduong.gov.vn", "https://*.gov.vn", "https://a.vn/path",
                "dichvucong.gov.vn", "javascript:alert(1)"):
        r = await api.call("POST", path, designer, json={"origin": bad})
        assert r.status_code == 400, bad
        assert "https" in r.json()["message"]
    r = await api.call("GET", path, designer)
    assert [o["origin"] for o in r.json()] == [PORTAL_ORIGIN]
    for key in (province["analyst"], province["portal"]):
        assert (await api.call("POST", path, key, json={"origin": PORTAL_ORIGIN})).status_code \
            == 403
    await api.agency("G14", "Bộ Tư pháp", "ministry")
    other = await api.make_key("designer", "G14")
    assert (await api.call("GET", path, other)).status_code == 403
    assert (await api.call("POST", "/api/v1/agencies/NOPE/portals", api.admin,
                           json={"origin": PORTAL_ORIGIN})).status_code == 404
    r = await api.call("DELETE", path, designer, params={"origin": PORTAL_ORIGIN})
    assert r.status_code == 200
    r = await api.call("DELETE", path, designer, params={"origin": PORTAL_ORIGIN})
    assert r.status_code == 404
    assert (await api.call("GET", path, designer)).json() == []


async def test_static_files(api: Api) -> None:
    css = asset("form.css")
    assert css is not None
    r = await api.client.get(f"/embed/v1/form.css?v={css.version}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["etag"] == css.etag and r.headers["x-content-type-options"] == "nosniff"
    r = await api.client.get("/embed/v1/form.js")
    assert r.status_code == 200 and "max-age=300" in r.headers["cache-control"]
    assert r.headers["content-type"].startswith("text/javascript")
    r = await api.client.get("/embed/v1/form.js", headers={"If-None-Match": r.headers["etag"]})
    assert r.status_code == 304
    for missing in ("nope.js", "..%2Fassets.py", "__init__.py"):
        assert (await api.client.get(f"/embed/v1/{missing}")).status_code == 404


async def _wire_size(client: httpx.AsyncClient, url: str, **kwargs: object) -> int:
    r = await client.get(url, headers={"Accept-Encoding": "gzip"}, **kwargs)  # type: ignore[arg-type]
    assert r.status_code == 200
    if r.headers.get("content-encoding") == "gzip":
        return int(r.headers["content-length"])
    return len(gzip.compress(r.content))


async def test_sipas_page_weighs_at_most_15_kb_gzipped(
    api: Api, province: dict[str, str]
) -> None:
    await api.published_form(province["designer"], "sipas", template="sipas")
    await register_origin(api, province["designer"])
    portal = await portal_key(api)
    token = portal.token(form="sipas")
    r = await api.client.get("/f/sipas", params={"t": token})
    links = re.findall(r'(?:src|href)="(/embed/v1/[^"]+)"', r.text)
    assert len(links) == 3  # the stylesheet, the script, the favicon
    total = await _wire_size(api.client, "/f/sipas", params={"t": token})
    for link in links:
        total += await _wire_size(api.client, link.replace("&amp;", "&"))
    print(f"sipas page, gzipped: {total} bytes")
    assert total <= 15 * 1024
