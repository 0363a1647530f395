"""An agency's accent colour (refused below WCAG AA contrast) and logo on its form
pages, served by Phiếu itself."""

from __future__ import annotations

import base64
import re
import struct
import zlib

from tests.integration.conftest import Api

H29 = "000.00.00.H29"


def png(width: int = 4, height: int = 2) -> bytes:
    """A small, genuine PNG image (solid blue)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x0b\x57\xa4" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                                             8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def data_url(content: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode()}"


async def _brand(api: Api, key: str, lang: str = "vi", code: str = H29, **body: object) -> object:
    return await api.call("PUT", f"/api/v1/agencies/{code}/branding", key, json=body,
                          headers={"Accept-Language": lang})


async def test_a_colour_below_aa_contrast_is_refused_with_its_ratio(
    api: Api, province: dict[str, str]
) -> None:
    designer = province["designer"]
    r = await _brand(api, designer, accent_colour="#777777")
    assert r.status_code == 400, r.text
    body = r.json()
    assert "quá sáng" in body["message"] and "4.48:1" in body["message"]
    assert "4.5:1" in body["message"] and "#ffffff" in body["message"]
    assert {e["path"] for e in body["errors"]} == {"/accent_colour"}
    r = await _brand(api, designer, lang="en", accent_colour="#ffcc00")
    assert r.status_code == 400 and "Choose a darker colour" in r.json()["message"]
    r = await _brand(api, designer, accent_colour="navy")
    assert r.status_code == 400 and "#rrggbb" in r.json()["message"]
    # nothing was stored by the refusals
    r = await api.client.get("/f/hai-long")
    assert "/embed/v1/brand/" not in r.text


async def test_logos_must_be_small_png_jpeg_or_webp(api: Api, province: dict[str, str]) -> None:
    designer = province["designer"]
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    r = await _brand(api, designer, lang="en", logo=data_url(svg, "image/svg+xml"))
    assert r.status_code == 400 and "SVG is not accepted" in r.json()["message"]
    r = await _brand(api, designer, lang="en", logo="https://cdn.example.com/logo.png")
    assert r.status_code == 400 and "data:image/png;base64" in r.json()["message"]
    r = await _brand(api, designer, lang="en", logo="data:image/png;base64,@@@")
    assert r.status_code == 400 and "base64" in r.json()["message"]
    big = png() + b"\x00" * 100_001
    r = await _brand(api, designer, lang="en", logo=data_url(big))
    assert r.status_code == 400 and "too large" in r.json()["message"]
    # only the agency's own designers (and admins) brand it
    r = await _brand(api, province["analyst"], accent_colour="#0b57a4")
    assert r.status_code == 403
    await api.agency("000.00.00.G01", "Bộ Tư pháp", "ministry")
    r = await _brand(api, designer, code="000.00.00.G01", accent_colour="#0b57a4")
    assert r.status_code == 403


async def test_the_form_pages_carry_the_colour_and_logo_from_phieu_itself(
    api: Api, province: dict[str, str]
) -> None:
    image = png()
    r = await _brand(api, province["designer"], accent_colour="#8A1538", logo=data_url(image))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["accent_colour"] == "#8a1538"
    assert body["logo_url"].startswith(f"/embed/v1/brand/{H29}/logo?v=")
    await api.published_form(province["designer"], "truyen-thong", template="communication",
                             access="open")
    r = await api.client.get("/f/truyen-thong")
    assert r.status_code == 200
    sheet = re.search(r'<link rel="stylesheet" href="(/embed/v1/brand/[^"]+)"', r.text)
    logo = re.search(r'<img src="(/embed/v1/brand/[^"]+)" alt="([^"]+)"', r.text)
    assert sheet and logo and logo.group(2) == "UBND tỉnh Hải Dương"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "style-src 'self'" in r.headers["content-security-policy"]
    css = await api.client.get(sheet.group(1).replace("&amp;", "&"))
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "--accent:#8a1538" in css.text
    assert "immutable" in css.headers["cache-control"]
    got = await api.client.get(logo.group(1).replace("&amp;", "&"))
    assert got.status_code == 200 and got.content == image
    assert got.headers["content-type"] == "image/png"
    assert got.headers["x-content-type-options"] == "nosniff"
    again = await api.client.get(logo.group(1), headers={"If-None-Match": got.headers["etag"]})
    assert again.status_code == 304
    # closed pages of the form carry the branding too
    await api.call("PUT", "/api/v1/forms/truyen-thong/schedule", province["designer"],
                   json={"closes_at": "2020-01-01T00:00:00+07:00"})
    r = await api.client.get("/f/truyen-thong")
    assert r.status_code == 409 and sheet.group(1) in r.text
    # a new colour is a new version; null removes both
    r = await _brand(api, province["designer"], accent_colour="#0b57a4")
    assert r.json()["logo_url"] is None
    r = await _brand(api, province["designer"])
    assert r.json() == {"code": H29, "accent_colour": None, "logo_url": None}
    r = await api.client.get("/f/hai-long")
    assert "/embed/v1/brand/" not in r.text
    assert (await api.client.get(f"/embed/v1/brand/{H29}/logo")).status_code == 404
    assert (await api.client.get(f"/embed/v1/brand/{H29}/accent.css")).status_code == 404
