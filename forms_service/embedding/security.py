"""Response headers of the form pages and their static files."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["STATIC_HEADERS", "content_security_policy", "page_headers"]

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "cross-origin",
}


def content_security_policy(frame_origins: Sequence[str]) -> str:
    """No inline script or style, nothing from third parties; framed only by the portals."""
    ancestors = " ".join(frame_origins) if frame_origins else "'none'"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"form-action 'self'; base-uri 'none'; frame-ancestors {ancestors}"
    )


def page_headers(frame_origins: Sequence[str]) -> dict[str, str]:
    """Headers of every /f page: CSP, no sniffing, no referrer (tokens ride in URLs), no store."""
    return {
        "Content-Security-Policy": content_security_policy(frame_origins),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }
