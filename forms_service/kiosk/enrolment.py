"""The enrolment link of a device and its QR code (inline SVG, made here, nothing
fetched from elsewhere), shown once by the API and the workspace page."""

from __future__ import annotations

import segno

from forms_service.context import Context

__all__ = ["enrol_url", "qr_svg"]


def enrol_url(ctx: Context, code: str) -> str:
    """``PHIEU_PUBLIC_URL/k/enrol#CODE``: the code stays in the fragment, never sent."""
    return f"{ctx.settings.public_url.rstrip('/')}/k/enrol#{code}"


def qr_svg(url: str, title: str = "QR", *, scalable: bool = False) -> str:
    """``url`` as a QR code in an inline ``<svg role="img">`` with a ``<title>``;
    ``scalable``: without a width and height, so it takes the size its page gives it."""
    svg = segno.make(url, error="m", micro=False).svg_inline(
        scale=4, border=4, dark="#000", light="#fff", title=title, lineclass=None,
        omitsize=scalable)
    return str(svg).replace("<svg ", '<svg role="img" ', 1)
