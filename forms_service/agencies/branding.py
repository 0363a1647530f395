"""An agency's branding on its form pages: an accent colour, refused unless it
keeps the WCAG AA contrast (see :mod:`embed.branding`), and a logo, served by
Phiếu itself so that the pages request nothing from third parties."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from embed.branding import AA_TEXT, accent_shortfalls, parse_colour
from forms_service.agencies.service import agency_by_code
from forms_service.agencies.tables import Agency
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.errors import InvalidInput, NotFound

__all__ = ["MAX_LOGO_BYTES", "AgencyLogo", "accent_of", "branding_out", "logo_of", "set_branding"]

MAX_LOGO_BYTES = 100_000
# an image kind by the bytes it starts with (SVG is refused: it can carry scripts)
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def _image_type(data: bytes) -> str | None:
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _checked_colour(colour: str | None) -> str | None:
    if colour is None or not colour.strip():
        return None
    try:
        r, g, b = parse_colour(colour)
    except ValueError:
        raise InvalidInput(
            "accent_colour must be a colour written #rrggbb, such as #0b57a4.") from None
    normal = f"#{r:02x}{g:02x}{b:02x}"
    shortfalls = accent_shortfalls(normal)
    if shortfalls:
        worst = min(shortfalls, key=lambda s: s.ratio)
        raise InvalidInput(
            "accent_colour {colour} is too light: its contrast with {against} is only "
            "{ratio}:1, and WCAG AA needs {required}:1 for text. Choose a darker colour, "
            "such as #0b57a4.",
            colour=normal, against=" and ".join(sorted({s.colour for s in shortfalls})),
            ratio=f"{worst.ratio:.2f}", required=f"{AA_TEXT:g}",
            details=[{"path": "/accent_colour", "code": "contrast",
                      "message": f"{s.against} {s.colour}: {s.ratio:.2f}:1"}
                     for s in shortfalls])
    return normal


def _checked_logo(logo: str | None) -> tuple[str, str] | None:
    """A logo given as a ``data:`` URL: its base64 text and media type."""
    if logo is None or not logo.strip():
        return None
    head, _, payload = logo.strip().partition(",")
    if not head.startswith("data:") or not head.endswith(";base64") or not payload:
        raise InvalidInput(
            "logo must be a data URL of a PNG, JPEG or WebP image: "
            "data:image/png;base64,… (or null to remove the logo).")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("logo is not valid base64 after 'base64,'.") from None
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidInput("logo is too large: {size} bytes; at most 100000 bytes (100 KB).",
                           size=len(data))
    media_type = _image_type(data)
    if media_type is None:
        raise InvalidInput("logo must be a PNG, JPEG or WebP image (SVG is not accepted).")
    return base64.b64encode(data).decode(), media_type


def branding_out(row: dict[str, Any]) -> dict[str, Any]:
    code = row["code"]
    version = row.get("brand_version")
    return {
        "code": code,
        "accent_colour": row.get("accent_colour"),
        "logo_url": (f"/embed/v1/brand/{code}/logo?v={version}"
                     if row.get("logo_type") else None),
    }


async def set_branding(
    ctx: Context, principal: Principal | None, code: str, *,
    accent_colour: str | None, logo: str | None,
) -> dict[str, Any]:
    """Set (or with None remove) the agency's accent colour and logo; its designers
    and admins decide."""
    row = await agency_by_code(code)
    if principal is not None:
        principal.require_role(Role.DESIGNER)
        principal.require_write_agency(row["id"])
    colour = _checked_colour(accent_colour)
    image = _checked_logo(logo)
    digest = hashlib.sha256(f"{colour}|{image[0] if image else ''}".encode()).hexdigest()[:12]
    version = digest if colour or image else None
    async with ctx.db.write_transaction():
        await Agency.update({
            Agency.accent_colour: colour,
            Agency.logo: image[0] if image else None,
            Agency.logo_type: image[1] if image else None,
            Agency.brand_version: version,
        }).where(Agency.id == row["id"]).run()
    return branding_out({"code": row["code"], "accent_colour": colour,
                         "logo_type": image[1] if image else None, "brand_version": version})


@dataclass(frozen=True, slots=True)
class AgencyLogo:
    content: bytes
    media_type: str
    version: str


async def logo_of(code: str) -> AgencyLogo:
    row = await Agency.select(Agency.logo, Agency.logo_type, Agency.brand_version).where(
        Agency.code == code[:40]).first().run()
    if row is None or not row["logo"]:
        raise NotFound("This agency has no logo.")
    return AgencyLogo(base64.b64decode(row["logo"]), row["logo_type"], row["brand_version"])


async def accent_of(code: str) -> tuple[str, str]:
    """The agency's accent colour and branding version."""
    row = await Agency.select(Agency.accent_colour, Agency.brand_version).where(
        Agency.code == code[:40]).first().run()
    if row is None or not row["accent_colour"]:
        raise NotFound("This agency has no accent colour.")
    return row["accent_colour"], row["brand_version"]
