"""The kiosk page ``/k/`` (and ``/k/enrol#CODE``, which binds the device first)
and its files: one static app, the same for every device (its texts, from the
catalogues, rendered into the page in every language), which keeps the
device's credential, the form version it shows and its queue in IndexedDB,
so it loads and works with no network (service worker ``/k/sw.js``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from litestar import Response, get
from litestar.params import FromPath

from forms_service.errors import NotFound
from forms_service.kiosk.words import kiosk_words_json

__all__ = ["KIOSK_FILES", "kiosk_file", "kiosk_page", "page_bytes"]

STATIC = Path(__file__).parent / "static"
KIOSK_FILES = {
    "kiosk.js": "text/javascript",
    "kiosk.css": "text/css",
    "sw.js": "text/javascript",
    "manifest.webmanifest": "application/manifest+json",
    "icon.svg": "image/svg+xml",
}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'none'; "
        "base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # always revalidated: the service worker keeps the copy used without a network
    "Cache-Control": "no-cache",
}


@cache
def _read(name: str) -> bytes:
    return (STATIC / name).read_bytes()


@cache
def page_bytes() -> bytes:
    """The page with the kiosk's texts in every language (from the catalogues)."""
    return _read("index.html").replace(b"{{words}}", kiosk_words_json().encode())


@get(["/k", "/k/", "/k/enrol"], include_in_schema=False, opt={"public": True},
     summary="The counter kiosk")
async def kiosk_page() -> Response[bytes]:
    return Response(page_bytes(), media_type="text/html", headers=HEADERS)


@get("/k/{name:str}", include_in_schema=False, opt={"public": True},
     summary="Files of the counter kiosk")
async def kiosk_file(name: FromPath[str]) -> Response[Any]:
    media_type = KIOSK_FILES.get(name)
    if media_type is None:
        raise NotFound("Nothing is here. Check the address.")
    headers = dict(HEADERS)
    if name == "sw.js":
        headers["Service-Worker-Allowed"] = "/k/"
    return Response(_read(name), media_type=media_type, headers=headers)
