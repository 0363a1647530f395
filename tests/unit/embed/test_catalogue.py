"""Every text of the pages is in the Vietnamese and English catalogues."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import embed
from embed import CATALOGUE, PAGE_TEXTS, gettext

ROOT = Path(embed.__file__).parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def used_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
        keywords={"N_": None, "_": None},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue(lang: str) -> dict[str, str]:
    with (ROOT / "locale" / lang / "LC_MESSAGES" / "embed.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=lang) if m.id}


def test_extraction_sees_templates_and_code() -> None:
    used = used_messages()
    assert "Send answers" in used  # a template
    assert "This survey link has expired" in used  # Python
    assert len(used) > 40


def test_catalogues_are_complete_and_have_no_stale_entries() -> None:
    used = used_messages()
    for lang in ("vi", "en"):
        entries = catalogue(lang)
        assert set(entries) == used, lang
        for msgid, text in entries.items():
            assert text, (lang, msgid)
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid))


def test_vietnamese_is_translated_with_diacritics_in_nfc() -> None:
    vi = catalogue("vi")
    differing = [msgid for msgid, text in vi.items() if text != msgid]
    assert len(differing) >= len(vi) - 1  # all but language-neutral ones
    for text in vi.values():
        assert unicodedata.is_normalized("NFC", text)
    assert gettext("vi", "Send answers") == "Gửi câu trả lời"
    assert gettext("en", "Send answers") == "Send answers"
    assert CATALOGUE.locales() == ("en", "vi")


def test_every_error_page_has_its_own_title() -> None:
    titles = [gettext("vi", title) for title, _ in PAGE_TEXTS.values()]
    assert len(set(titles)) == len(titles)
