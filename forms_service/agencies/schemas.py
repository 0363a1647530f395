from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

AgencyCode = Annotated[str, msgspec.Meta(min_length=1, max_length=40, examples=["G14"])]


class AgencyIn(msgspec.Struct, forbid_unknown_fields=True):
    code: AgencyCode
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    kind: Literal["ministry", "province", "other"]


class AgencyOut(msgspec.Struct):
    code: str
    name: str
    kind: str
    created_at: dt.datetime
    publish_results: bool = False


class PublicationIn(msgspec.Struct, forbid_unknown_fields=True):
    """Whether the agency's aggregate results appear on the public pages (``/public``)."""

    publish_results: bool


class BrandingIn(msgspec.Struct, forbid_unknown_fields=True):
    """The agency's accent colour and logo on its form pages; null removes either.

    The colour must keep the WCAG AA contrast (4.5:1) with the page background
    and the button text (both white); the logo is a data URL of a PNG, JPEG or
    WebP image of at most 100 KB."""

    accent_colour: Annotated[str, msgspec.Meta(max_length=16, examples=["#0b57a4"])] | None = None
    logo: Annotated[str, msgspec.Meta(
        max_length=140_000, examples=["data:image/png;base64,iVBORw0KGgo…"])] | None = None


class BrandingOut(msgspec.Struct):
    code: str
    accent_colour: str | None
    logo_url: str | None


class AutoRegistrationIn(msgspec.Struct, forbid_unknown_fields=True):
    """Whether dossier events register unknown officers and counters by their code."""

    auto_register_staff: bool


class AutoRegistrationOut(msgspec.Struct):
    code: str
    auto_register_staff: bool
