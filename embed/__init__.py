"""The citizen-facing side of Phiếu: accessible, server-rendered form pages.

``render_form`` turns a compiled form into an HTML page for a locale, with
what was typed and what is wrong; ``render_message`` and ``render_thanks``
render the pages around it (``render_follow_up`` the follow-up of a reply to
a citizen); ``assets`` are the small CSS and JavaScript files
the pages use (and the portal loader script).  Texts come from the Babel
catalogue in ``embed/locale``.  Pure: no HTTP, no database.
"""

from embed.assets import Asset, asset, assets
from embed.i18n import CATALOGUE, choose_locale, gettext
from embed.pages import PAGE_TEXTS, page_text
from embed.render import (
    Brand,
    Chrome,
    answer_values,
    render_fields,
    render_follow_up,
    render_form,
    render_message,
    render_thanks,
)

__all__ = [
    "CATALOGUE",
    "PAGE_TEXTS",
    "Asset",
    "Brand",
    "Chrome",
    "answer_values",
    "asset",
    "assets",
    "choose_locale",
    "gettext",
    "page_text",
    "render_fields",
    "render_follow_up",
    "render_form",
    "render_message",
    "render_thanks",
]
