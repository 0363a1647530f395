"""The API documentation works without internet: a pinned Swagger UI served by Phiếu."""

from __future__ import annotations

import gzip
import hashlib
import re

import httpx

from forms_service.apidocs import FILES, STATIC, VERSION


def test_the_packaged_copy_is_the_pinned_release_with_its_licence() -> None:
    for name, spec in FILES.items():
        content = gzip.decompress((STATIC / f"{name}.gz").read_bytes())
        assert hashlib.sha256(content).hexdigest() == spec.sha256, name
    licence = (STATIC / "LICENSE.txt").read_text()
    assert "Apache License" in licence and "Version 2.0" in licence
    assert "SmartBear" in (STATIC / "NOTICE.txt").read_text()
    assert re.fullmatch(r"5\.\d+\.\d+", VERSION)
    # small: the two files, compressed, stay under 600 KB
    assert sum((STATIC / f"{name}.gz").stat().st_size for name in FILES) < 600_000


async def test_the_documentation_pages_load_nothing_from_elsewhere(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/schema", "/schema/swagger"):
        r = await client.get(path)
        assert r.status_code == 200
        urls = re.findall(r'(?:src|href)=["\']([^"\']+)["\']', r.text)
        assert urls and all(u.startswith("/") for u in urls), urls
        assert "cdn" not in r.text and "http://" not in r.text and "https://" not in r.text
        assert '"validatorUrl":null' in r.text
        for url in urls:
            asset = await client.get(url)
            assert asset.status_code == 200, url
    js = await client.get("/schema/ui/swagger-ui-bundle.js", headers={"Accept-Encoding": "gzip"})
    assert js.headers["content-encoding"] == "gzip"
    assert js.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "SwaggerUIBundle" in js.text and "immutable" in js.headers["cache-control"]
    plain = await client.get("/schema/ui/swagger-ui.css", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert hashlib.sha256(plain.content).hexdigest() == FILES["swagger-ui.css"].sha256
    missing = await client.get("/schema/ui/other.js")
    assert missing.status_code == 404
