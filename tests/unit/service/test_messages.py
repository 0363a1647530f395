"""Every message the service speaks has a Vietnamese translation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

import forms_service
from forms_service.messages import extract_messages

LOCALE_DIR = Path(forms_service.__file__).parent / "locale"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _catalogue(lang: str) -> dict[str, str]:
    """All domains of the service's catalogue for ``lang``, merged."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        merged.update({m.id: m.string for m in catalog if m.id})
    return merged


def test_extraction_finds_the_service_messages() -> None:
    ids = set(extract_messages())
    assert "This dossier has already answered this survey." in ids
    assert len(ids) > 40


def test_every_message_has_a_vietnamese_translation_with_the_same_placeholders() -> None:
    vi = _catalogue("vi")
    for msgid in set(extract_messages()):
        assert vi.get(msgid), f"missing vi translation: {msgid!r}"
        assert sorted(PLACEHOLDER.findall(vi[msgid])) == sorted(PLACEHOLDER.findall(msgid)), msgid


def test_catalogue_has_no_stale_entries() -> None:
    assert set(_catalogue("vi")) <= set(extract_messages())


def test_translate_uses_the_catalogue() -> None:
    from forms_service.i18n import translate

    msgid = "There is no form {slug}."
    assert translate("vi", msgid, slug="hai-long") == "Không có biểu mẫu hai-long."
    assert translate("en", msgid, slug="hai-long") == "There is no form hai-long."
