"""Message catalogues (gettext ``.po`` files read with Babel) and locale choice.

``Catalogue`` is generic: any package can point it at its own ``locale``
directory laid out as ``<dir>/<locale>/LC_MESSAGES/<domain>.po``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

__all__ = ["DEFAULT_LOCALE", "SUPPORTED_LOCALES", "Catalogue", "negotiate_locale"]

SUPPORTED_LOCALES: tuple[str, ...] = ("vi", "en")
DEFAULT_LOCALE = "vi"

_MAX_HEADER = 4096
_MAX_CACHED = 10_000
_MAX_RANGES = 32


class Catalogue:
    """Translations of one domain for several locales, loaded lazily and cached.

    Parameters
    ----------
    directory:
        Folder holding ``<locale>/LC_MESSAGES/<domain>.po``.
    domain:
        Base name of the ``.po`` files.
    default_locale:
        Locale used when the requested one has no catalogue.

    Notes
    -----
    Message ids are the English texts. A missing or fuzzy translation falls
    back to the message id; an unknown locale falls back to ``default_locale``.
    """

    def __init__(
        self, directory: Path, domain: str = "messages", default_locale: str = DEFAULT_LOCALE
    ) -> None:
        self.directory = Path(directory)
        self.domain = domain
        self.default_locale = default_locale
        self._catalogs: dict[str, Catalog | None] = {}
        self._texts: dict[tuple[str | None, str], str] = {}
        self._lock = threading.Lock()

    def locales(self) -> tuple[str, ...]:
        """Locales that have a catalogue file in ``directory``."""
        found = self.directory.glob(f"*/LC_MESSAGES/{self.domain}.po")
        return tuple(sorted(path.parent.parent.name for path in found))

    def resolve(self, locale: str | None) -> str:
        """The locale whose catalogue serves ``locale`` (``"en-US"`` → ``"en"``)."""
        if locale:
            wanted = locale.replace("-", "_").strip()
            for candidate in (wanted, wanted.split("_", 1)[0].lower()):
                if candidate and self._catalog(candidate) is not None:
                    return candidate
        return self.default_locale

    def translate(self, locale: str | None, msgid: str) -> str:
        """The translation of ``msgid`` without formatting."""
        key = (locale, msgid)
        text = self._texts.get(key)
        if text is None:
            text = self._lookup(self.resolve(locale), msgid)
            if len(self._texts) < _MAX_CACHED:
                self._texts[key] = text
        return text

    def _lookup(self, locale: str, msgid: str) -> str:
        catalog = self._catalog(locale)
        if catalog is None:
            return msgid
        message = catalog.get(msgid)
        if message is None or message.fuzzy or not isinstance(message.string, str):
            return msgid
        return message.string or msgid

    def gettext(self, locale: str | None, msgid: str, /, **params: Any) -> str:
        """Translate ``msgid`` into ``locale`` and fill it with ``str.format(**params)``.

        ``locale`` and ``msgid`` are positional, so any name can be a parameter.
        """
        text = self.translate(locale, msgid)
        return text.format(**params) if params else text

    def _catalog(self, locale: str) -> Catalog | None:
        if locale in self._catalogs:
            return self._catalogs[locale]
        with self._lock:
            if locale not in self._catalogs:
                self._catalogs[locale] = self._load(locale)
            return self._catalogs[locale]

    def _load(self, locale: str) -> Catalog | None:
        if not locale.replace("_", "").isalnum():
            return None
        path = self.directory / locale / "LC_MESSAGES" / f"{self.domain}.po"
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            return read_po(handle, locale=locale, domain=self.domain)


def negotiate_locale(
    accept_language: str | None,
    supported: Sequence[str] = SUPPORTED_LOCALES,
    default: str = DEFAULT_LOCALE,
) -> str:
    """Choose a supported locale from an HTTP ``Accept-Language`` header.

    Language ranges are ordered by their ``q`` value (RFC 9110); a range
    matches a supported locale exactly or by its primary language
    (``en-GB`` → ``en``). ``q=0`` ranges are ignored; ``*`` and no match
    give ``default``.

    >>> negotiate_locale("en-US,en;q=0.9,vi;q=0.8")
    'en'
    >>> negotiate_locale("fr-FR, de;q=0.5")
    'vi'
    """
    if not accept_language:
        return default
    by_lower = {tag.lower().replace("_", "-"): tag for tag in supported}
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language[:_MAX_HEADER].split(",")[:_MAX_RANGES]):
        tag, _, rest = part.strip().partition(";")
        quality = _quality(rest)
        tag = tag.strip().lower().replace("_", "-")
        if tag and quality > 0:
            ranked.append((-quality, index, tag))
    for _, _, tag in sorted(ranked):
        if tag == "*":
            return default
        if tag in by_lower:
            return by_lower[tag]
        primary = tag.split("-", 1)[0]
        if primary in by_lower:
            return by_lower[primary]
    return default


def _quality(parameters: str) -> float:
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip()[:8])
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0
