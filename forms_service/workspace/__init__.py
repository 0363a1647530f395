"""The workspace: server-rendered pages for people who sign in.

Templates live in ``templates/`` (the shell is ``base.html``, reachable as
``workspace/base.html``; each page family has its own subfolder), static
files in ``static/``, served at ``/workspace/static/<name>``.  Rendering
and sign-in are in :mod:`forms_service.accounts.web`.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from forms_service.errors import NotFound

__all__ = ["STATIC_DIR", "TEMPLATES_DIR", "static_url", "workspace_static"]

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}
_versions: dict[str, tuple[float, str, bytes]] = {}


def _load(name: str) -> tuple[str, bytes] | None:
    """``(version, content)`` of a static file, re-read when it changes."""
    if not _NAME.fullmatch(name):
        return None
    path = STATIC_DIR / name
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    if not path.is_file():
        return None
    cached = _versions.get(name)
    if cached is None or cached[0] != mtime:
        content = path.read_bytes()
        cached = (mtime, hashlib.sha256(content).hexdigest()[:12], content)
        _versions[name] = cached
    return cached[1], cached[2]


def static_url(name: str) -> str:
    """The URL of a workspace static file, versioned by its content."""
    found = _load(name)
    suffix = f"?v={found[0]}" if found else ""
    return f"/workspace/static/{name}{suffix}"


@get("/workspace/static/{name:str}", include_in_schema=False, opt={"public": True})
async def workspace_static(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    found = _load(name)
    if found is None:
        raise NotFound("Nothing is here. Check the address.")
    version, content = found
    etag = f'"{version}"'
    headers = {
        "ETag": etag,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "public, max-age=31536000, immutable"
        if request.query_params.get("v") == version else "public, max-age=300",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(b"", status_code=304, headers=headers)
    media = _TYPES.get(Path(name).suffix) or mimetypes.guess_type(name)[0] \
        or "application/octet-stream"
    return Response(content, media_type=media, headers=headers)
