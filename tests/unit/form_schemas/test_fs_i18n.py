"""Message catalogues and locale negotiation."""

from __future__ import annotations

import string
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

import form_schemas
from form_schemas import Catalogue, negotiate_locale
from form_schemas.messages import CATALOGUE, LABELS, MESSAGES, WIDGET_LABELS

LOCALE_DIR = Path(form_schemas.__file__).parent / "locale"
USED = set(MESSAGES.values()) | set(LABELS.values()) | set(WIDGET_LABELS.values())


def _catalog(locale: str) -> Catalog:
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("msgid", sorted(USED))
def test_every_message_has_a_vietnamese_translation(msgid) -> None:
    message = _catalog("vi").get(msgid)
    assert message is not None, f"missing from vi catalogue: {msgid!r}"
    assert message.string and not message.fuzzy
    assert message.string != msgid or msgid in {"Zalo"}
    assert _fields(message.string) == _fields(msgid)
    assert unicodedata.is_normalized("NFC", message.string)


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_catalogues_have_no_stale_entries(locale) -> None:
    ids = {message.id for message in _catalog(locale) if message.id}
    assert ids == USED


def test_english_catalogue_mirrors_the_ids() -> None:
    for message in _catalog("en"):
        if message.id:
            assert message.string in ("", message.id)


def test_well_known_vietnamese_texts() -> None:
    assert CATALOGUE.gettext("vi", MESSAGES["required"]) == "Vui lòng trả lời câu hỏi này."
    assert CATALOGUE.gettext("vi", MESSAGES["choice"]) == "Vui lòng chọn một trong các phương án."
    assert CATALOGUE.gettext("vi", MESSAGES["max_length"], limit="2.000") == (
        "Vui lòng nhập không quá 2.000 ký tự."
    )


def test_catalogue_locales_and_resolution() -> None:
    assert CATALOGUE.locales() == ("en", "vi")
    assert CATALOGUE.resolve("en-US") == "en"
    assert CATALOGUE.resolve("vi_VN") == "vi"
    assert CATALOGUE.resolve("fr") == "vi"
    assert CATALOGUE.resolve(None) == "vi"
    assert CATALOGUE.resolve("../../etc") == "vi"


def test_catalogue_fallbacks() -> None:
    assert (
        CATALOGUE.gettext("fr", "Please answer this question.") == "Vui lòng trả lời câu hỏi này."
    )
    assert CATALOGUE.gettext("vi", "Not in any catalogue {x}.", x=1) == "Not in any catalogue 1."
    assert CATALOGUE.gettext("en", "Please answer this question.") == "Please answer this question."


def _write(
    directory: Path, locale: str, entries: dict[str, str], fuzzy: frozenset[str] = frozenset()
) -> None:
    catalog = Catalog(locale=locale, fuzzy=False)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    target = directory / locale / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "forms.po").open("wb") as handle:
        write_po(handle, catalog)


def test_catalogue_is_generic(tmp_path) -> None:
    _write(
        tmp_path, "vi", {"Hello {name}": "Xin chào {name}", "Draft": "Nháp", "Empty": ""}, {"Draft"}
    )
    _write(tmp_path, "en", {"Hello {name}": ""})
    catalogue = Catalogue(tmp_path, domain="forms")
    assert catalogue.locales() == ("en", "vi")
    assert catalogue.gettext("vi", "Hello {name}", name="Hòa") == "Xin chào Hòa"
    assert catalogue.gettext("en", "Hello {name}", name="Hoa") == "Hello Hoa"
    assert catalogue.gettext("de", "Hello {name}", name="Hoa") == "Xin chào Hoa"
    assert catalogue.gettext("vi", "Draft") == "Draft"  # fuzzy entries are not used
    assert catalogue.gettext("vi", "Empty") == "Empty"
    assert catalogue.gettext("vi", "{locale} and {msgid}", locale="x", msgid="y") == "x and y"


def test_catalogue_with_missing_directory(tmp_path) -> None:
    catalogue = Catalogue(tmp_path / "nowhere")
    assert catalogue.locales() == ()
    assert catalogue.gettext("vi", "Hi {n}", n=1) == "Hi 1"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "vi"),
        ("", "vi"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),
        ("en;q=0.3, vi;q=0.7", "vi"),
        ("en;q=0, vi;q=0.1", "vi"),
        ("en;q=0", "vi"),
        ("de, *;q=0.5", "vi"),
        ("EN-gb", "en"),
        ("en;q=abc, vi;q=0.2", "vi"),
        ("en;q=2", "vi"),
        ("zh-Hant-TW", "vi"),
        ("x" * 100_000, "vi"),
    ],
)
def test_negotiate_locale(header, expected) -> None:
    assert negotiate_locale(header) == expected


def test_negotiate_locale_with_other_supported_locales() -> None:
    assert negotiate_locale("fr-CA, en;q=0.5", supported=("en", "fr")) == "fr"
    assert negotiate_locale("de", supported=("en", "fr"), default="en") == "en"


def _emitted_codes() -> set[str]:
    """Issue codes written literally in the package, in the profile and in code tables."""
    import ast
    import json

    from form_schemas import answers

    package = Path(form_schemas.__file__).parent
    codes: set[str] = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("Finding", "_Verdict")
                and len(node.args) >= 1
            ):
                argument = node.args[1] if node.func.id == "Finding" else node.args[0]  # type: ignore[attr-defined]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    codes.add(argument.value)
    profile = json.loads((package / "profile.schema.json").read_text("utf-8"))
    stack: list[object] = [profile]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("x-issue"), str):
                codes.add(item["x-issue"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    codes.update(answers._SIMPLE_CODES.values(), answers._EXCLUSIVE.values(), answers._PRIORITY)
    return codes


def test_every_issue_code_has_a_message() -> None:
    codes = _emitted_codes()
    assert {"required", "unknown_field", "root_type", "pattern_unsafe", "too_large"} <= codes
    assert codes - MESSAGES.keys() == set()
