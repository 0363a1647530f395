"""The channels an answer arrives through: one registry read by the API's
checks and documents, context tokens, the form pages, exports and reports.

A new channel (an invitation link, a counter kiosk) is one entry here; the
submission path that builds its answers names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from forms_service.i18n import N_

__all__ = ["CHANNELS", "CLAIMABLE", "ChannelSpec", "channel_names"]


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    """One channel.

    Attributes
    ----------
    name:
        The stored value (``response.channel``), at most 16 characters.
    label:
        What people read (an English msgid of the catalogues).
    claimable:
        Whether a portal may name it: in a context token, in ``POST
        /api/v1/responses`` with a portal key, or on an open form's address
        (``?channel=``).  Channels Phiếu sets itself (an invitation link) are not.
    """

    name: str
    label: str
    claimable: bool = True


CHANNELS: Mapping[str, ChannelSpec] = {spec.name: spec for spec in (
    ChannelSpec("web", N_("Web portal")),
    ChannelSpec("mobile", N_("Mobile app")),
    ChannelSpec("kiosk", N_("Kiosk")),
    ChannelSpec("one_stop", N_("One-stop counter")),
    ChannelSpec("email", N_("E-mail invitation"), claimable=False),
    ChannelSpec("sms", N_("SMS invitation"), claimable=False),
    ChannelSpec("zalo", N_("Zalo invitation"), claimable=False),
    ChannelSpec("qr", N_("Receipt QR code"), claimable=False),
)}

#: The channels a portal may name, in their order.
CLAIMABLE: tuple[str, ...] = tuple(name for name, spec in CHANNELS.items() if spec.claimable)


def channel_names(*, claimable_only: bool = False) -> tuple[str, ...]:
    """The names of the channels (those a portal may name, with ``claimable_only``)."""
    return CLAIMABLE if claimable_only else tuple(CHANNELS)
