"""The page catalogue (``locale/<lang>/LC_MESSAGES/embed.po``) and locale choice."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from form_schemas import SUPPORTED_LOCALES, Catalogue, negotiate_locale

__all__ = ["CATALOGUE", "N_", "choose_locale", "gettext", "translator"]

CATALOGUE = Catalogue(Path(__file__).parent / "locale", "embed")


def N_(message: str) -> str:
    """Mark a page text for the catalogue without translating it yet."""
    return message


def gettext(locale: str, msgid: str, /, **params: Any) -> str:
    """``msgid`` in ``locale``, filled with ``params``."""
    return CATALOGUE.gettext(locale, msgid, **params)


def translator(locale: str) -> Callable[..., str]:
    """The ``_`` function templates call: ``_("Send")``, ``_("{n} stars", n=5)``."""

    def _(msgid: str, /, **params: Any) -> str:
        return CATALOGUE.gettext(locale, msgid, **params)

    return _


def choose_locale(
    *wanted: str | None, accept_language: str | None = None,
    available: Iterable[str] = SUPPORTED_LOCALES,
) -> str:
    """The first of ``wanted`` that is available, else one from ``Accept-Language``.

    ``wanted`` goes from the strongest choice to the weakest (the ``lang``
    query, then the portal's ``locale`` claim); Vietnamese is the default.
    """
    names = tuple(available)
    for candidate in wanted:
        if candidate in names:
            return candidate
    negotiated = negotiate_locale(accept_language)
    return negotiated if negotiated in names else "vi"
