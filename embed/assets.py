"""The static files of the form pages, read once, with content-hash versions.

Pages link to ``<prefix>/<name>?v=<version>``; the version changes when the
file does, so the files can be cached for a year while an unversioned URL
(such as the loader script a portal includes) is revalidated by its ETag.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["STATIC_DIR", "Asset", "asset", "assets"]

STATIC_DIR = Path(__file__).parent / "static"
MEDIA_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
NAME = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,63}$")


@dataclass(frozen=True, slots=True)
class Asset:
    """One static file: its bytes, media type and content version."""

    name: str
    content: bytes
    media_type: str
    version: str

    @property
    def etag(self) -> str:
        return f'"{self.version}"'

    def url(self, prefix: str = "/embed/v1") -> str:
        return f"{prefix}/{self.name}?v={self.version}"


@functools.cache
def assets() -> dict[str, Asset]:
    """Every servable file of ``embed/static`` by name."""
    found: dict[str, Asset] = {}
    for path in sorted(STATIC_DIR.iterdir()):
        media_type = MEDIA_TYPES.get(path.suffix)
        if media_type is None or not path.is_file() or not NAME.fullmatch(path.name):
            continue
        content = path.read_bytes()
        version = hashlib.sha256(content).hexdigest()[:16]
        found[path.name] = Asset(path.name, content, media_type, version)
    return found


def asset(name: str) -> Asset | None:
    """The static file called ``name``, if there is one."""
    return assets().get(name) if NAME.fullmatch(name) else None
