"""The interactive API documentation, served entirely by Phiếu.

``/schema`` and ``/schema/swagger`` show Swagger UI with the service's
OpenAPI document; its JavaScript and CSS are a pinned copy of the npm package
``swagger-ui-dist`` (:data:`VERSION`, Apache-2.0: ``static/LICENSE.txt`` and
``static/NOTICE.txt``) kept gzip-compressed in ``static/`` and served under
``/schema/ui/``, so the documentation works on networks without internet
access. Nothing on these pages is loaded from another origin: the validator
badge (which calls validator.swagger.io) is off, the favicon is Phiếu's own.

To update the copy: ``npm pack swagger-ui-dist@<version>``, then
``gzip -9n`` its ``swagger-ui-bundle.js`` and ``swagger-ui.css`` into
``static/`` and write the version and the SHA-256 of the uncompressed files
in :data:`FILES` (a test checks them).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import FromPath
from litestar.serialization import encode_json

from forms_service.errors import NotFound

__all__ = ["FILES", "PREFIX", "VERSION", "PackagedSwagger", "api_docs_asset"]

VERSION = "5.36.0"
PREFIX = "/schema/ui"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class _File:
    media_type: str
    sha256: str  # of the uncompressed file, as npm ships it


FILES = {
    "swagger-ui-bundle.js": _File(
        "text/javascript",
        "b164c5a22535e40dae08c00271674a67e437ec195098c55fcedf8ffac7ac3c88"),
    "swagger-ui.css": _File(
        "text/css",
        "7eb9f5a125e4bc9b3f0b71869b66d1a3d7c501f972f53d44ef91c2ae6c5bda5e"),
}


#: Phiếu's own stylesheet over Swagger UI's (contrast), kept as plain text
OWN_CSS = "phieu-docs.css"


@functools.cache
def _compressed(name: str) -> bytes:
    if name == OWN_CSS:
        return gzip.compress((STATIC / OWN_CSS).read_bytes(), mtime=0)
    return (STATIC / f"{name}.gz").read_bytes()


@functools.cache
def _plain(name: str) -> bytes:
    return gzip.decompress(_compressed(name))


def _version_of(name: str) -> str:
    return hashlib.sha256(_compressed(name)).hexdigest()[:16]


def asset_url(name: str) -> str:
    """Where a page links ``name``: versioned, so it may be cached for a year."""
    return f"{PREFIX}/{name}?v={_version_of(name)}"


@get(f"{PREFIX}/{{name:str}}", include_in_schema=False, skip_compression=True,
     summary="Swagger UI's files")
async def api_docs_asset(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    """A file of the packaged Swagger UI, gzip-compressed when the client takes gzip."""
    found = FILES.get(name) or (_File("text/css", "") if name == OWN_CSS else None)
    if found is None:
        raise NotFound("Nothing is here. Check the address.")
    headers = {"Cache-Control": "public, max-age=31536000, immutable",
               "X-Content-Type-Options": "nosniff", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(_compressed(name), media_type=found.media_type,
                        headers=headers | {"Content-Encoding": "gzip"})
    return Response(_plain(name), media_type=found.media_type, headers=headers)


class PackagedSwagger(SwaggerRenderPlugin):
    """Swagger UI from :data:`PREFIX`, configured so that it calls no other origin."""

    def __init__(self, **kwargs: Any) -> None:
        favicon = "<link rel='icon' type='image/svg+xml' href='/embed/v1/favicon.svg'>"
        super().__init__(js_url=asset_url("swagger-ui-bundle.js"),
                         css_url=asset_url("swagger-ui.css"), favicon=favicon, **kwargs)

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = str(openapi_schema["info"]["title"]).replace("<", "&lt;")
        config = encode_json({
            "url": self.get_openapi_json_route(request),
            "dom_id": "#swagger-ui",
            # deep links put a link inside each operation's button (nested-interactive)
            "deepLinking": False,
            # the operations grouped under their tags, closed: one opens a tag to see
            # its operations (all of them open at once stop drawing past about 130)
            "docExpansion": "none",
            "showExtensions": True,
            "showCommonExtensions": True,
            "validatorUrl": None,  # the badge would call validator.swagger.io
        }).decode()
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{self.favicon}
<link rel="stylesheet" href="{self.css_url}">
<link rel="stylesheet" href="{asset_url(OWN_CSS)}">
</head>
<body>
<main id="swagger-ui"></main>
<script src="{self.js_url}"></script>
<script>
window.ui = SwaggerUIBundle(Object.assign({config}, {{
  onComplete: function () {{  // a name for the servers' list, which Swagger UI leaves unnamed
    var servers = document.getElementById("servers");
    if (servers) servers.setAttribute("aria-label", "Servers");
  }}
}}));
</script>
</body>
</html>""".encode()
