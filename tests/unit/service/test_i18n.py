"""One place for languages and Vietnam time: ``forms_service.i18n``.

The negotiation's precedence, each consumer's order of choices, and a walk
over the package that fails when a copy of the locales, of Vietnam's time
zone or of a negotiator appears elsewhere.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from litestar import Request

import forms_service
from forms_service.accounts.web import page_locale
from forms_service.embedding.html import page_state
from forms_service.http import request_locale
from forms_service.i18n import (
    DEFAULT_LOCALE,
    LOCALES,
    VIETNAM,
    negotiate,
    translate,
    vietnam_now,
    vietnam_today,
)
from forms_service.public.pages import public_locale

PACKAGE = Path(forms_service.__file__).parent
ROOT = PACKAGE.parent
HOME = "forms_service/i18n.py"


# -- negotiate ----------------------------------------------------------------------

def test_the_languages_are_vietnamese_first_then_english() -> None:
    assert LOCALES == ("vi", "en")
    assert DEFAULT_LOCALE == LOCALES[0] == "vi"


def test_the_first_available_choice_wins() -> None:
    assert negotiate("en", "vi") == "en"
    assert negotiate("vi", "en", accept_language="en") == "vi"
    assert negotiate(None, "en", "vi") == "en"


def test_unknown_and_empty_choices_are_skipped() -> None:
    assert negotiate("fr", "", None, "en") == "en"
    assert negotiate("EN", "en-GB", "en") == "en"  # choices match exactly
    assert negotiate("fr", accept_language="en") == "en"


def test_accept_language_decides_only_without_a_choice() -> None:
    assert negotiate(accept_language="en-GB,en;q=0.9") == "en"
    assert negotiate(None, accept_language="fr, en;q=0.5") == "en"
    assert negotiate(accept_language="fr-FR, de;q=0.5") == "vi"
    assert negotiate(accept_language="en;q=0, vi;q=0.1") == "vi"


def test_without_choice_or_header_it_is_vietnamese() -> None:
    assert negotiate() == "vi"
    assert negotiate(None, "", "fr") == "vi"
    assert negotiate(accept_language=None) == "vi"
    assert negotiate(accept_language="") == "vi"


def test_available_narrows_the_choices() -> None:
    assert negotiate("en", available=("vi",)) == "vi"
    assert negotiate("en", "vi", available=("vi",)) == "vi"
    assert negotiate(accept_language="en", available=("vi",)) == "vi"
    assert negotiate(None, "en", available=("en",)) == "en"


def test_translate_fills_the_message_in_the_language() -> None:
    msgid = "There is no form {slug}."
    assert translate("vi", msgid, slug="x") == "Không có biểu mẫu x."
    assert translate("en", msgid, slug="x") == "There is no form x."
    assert translate("vi", "No such msgid {n}", n=1) == "No such msgid 1"


def test_vietnam_time_is_utc_plus_seven() -> None:
    assert VIETNAM.utcoffset(None) == dt.timedelta(hours=7)
    now = vietnam_now()
    assert now.utcoffset() == dt.timedelta(hours=7)
    assert abs(now - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert vietnam_today() in {now.date(), (now + dt.timedelta(seconds=5)).date()}


# -- each consumer's order of choices ----------------------------------------------

def _request(query: str = "", *, accept: str | None = None, cookie: str | None = None,
             state_locale: str | None = None) -> Request[Any, Any, Any]:
    headers = []
    if accept is not None:
        headers.append((b"accept-language", accept.encode()))
    if cookie is not None:
        headers.append((b"cookie", f"phieu_lang={cookie}".encode()))
    state = {"locale": state_locale} if state_locale else {}
    return Request(scope={  # type: ignore[arg-type]
        "type": "http", "method": "GET", "path": "/", "query_string": query.encode(),
        "headers": headers, "state": state, "app": None, "path_params": {},
    })


def test_public_pages_read_only_the_address() -> None:
    assert public_locale(_request("lang=en")) == "en"
    assert public_locale(_request("lang=fr")) == "vi"
    # one address is one cached body: no Accept-Language, no cookie
    assert public_locale(_request(accept="en", cookie="en")) == "vi"
    assert public_locale(_request("lang=vi", accept="en")) == "vi"


def test_workspace_pages_read_address_then_cookie_then_person() -> None:
    assert page_locale(_request("lang=en", cookie="vi"), "vi") == "en"
    assert page_locale(_request(cookie="en"), "vi") == "en"
    assert page_locale(_request("lang=fr", cookie="fr"), "en") == "en"
    assert page_locale(_request(accept="en")) == "vi"  # never Accept-Language
    assert page_locale(_request(accept="en"), None) == "vi"


def test_api_reads_chosen_then_query_then_header() -> None:
    assert request_locale(_request("locale=vi&lang=en", accept="en", state_locale="en")) == "en"
    assert request_locale(_request("locale=en&lang=vi", accept="vi")) == "en"
    assert request_locale(_request("lang=en", accept="vi")) == "en"
    assert request_locale(_request("locale=fr", accept="en")) == "en"
    assert request_locale(_request()) == "vi"


def test_form_page_errors_read_address_then_header() -> None:
    assert page_state(_request("lang=en", accept="vi")).locale == "en"
    assert page_state(_request("lang=fr", accept="en")).locale == "en"
    assert page_state(_request(cookie="en")).locale == "vi"


# -- no copies elsewhere ---------------------------------------------------------

def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name != HOME:
            yield name, ast.parse(path.read_text(encoding="utf-8"), filename=name)


def _is_locales(node: ast.AST | None) -> bool:
    return (isinstance(node, ast.Tuple | ast.List)
            and all(isinstance(e, ast.Constant) for e in node.elts)
            and sorted(str(e.value) for e in node.elts) == ["en", "vi"])  # type: ignore[attr-defined]


def _called(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == name)
        or (isinstance(node.func, ast.Attribute) and node.func.attr == name))


def _builds_vietnam_zone(node: ast.AST) -> bool:
    if _called(node, "timezone") and node.args:  # type: ignore[attr-defined]
        offset = node.args[0]  # type: ignore[attr-defined]
        return _called(offset, "timedelta") and any(
            k.arg == "hours" and getattr(k.value, "value", None) == 7 for k in offset.keywords)
    if _called(node, "ZoneInfo") and node.args:  # type: ignore[attr-defined]
        return getattr(node.args[0], "value", None) in {  # type: ignore[attr-defined]
            "Asia/Ho_Chi_Minh", "Asia/Saigon"}
    return False


def _copies(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if _is_locales(value):
            yield f"line {node.lineno}: a copy of the locales"  # type: ignore[attr-defined]
        if isinstance(node, ast.keyword) and node.arg == "choices" and _is_locales(node.value):
            yield f"line {node.value.lineno}: the locales as choices"
        if isinstance(node, ast.Compare) and any(_is_locales(c) for c in node.comparators):
            yield f"line {node.lineno}: a check against a copy of the locales"
        if _builds_vietnam_zone(node):
            yield f"line {node.lineno}: Vietnam's time zone built again"  # type: ignore[attr-defined]


def test_the_locales_and_vietnam_time_are_defined_once() -> None:
    found = {name: list(_copies(tree)) for name, tree in _modules()}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_home_module_defines_them() -> None:
    home = ast.parse((ROOT / HOME).read_text(encoding="utf-8"))
    assert any(_builds_vietnam_zone(node) for node in ast.walk(home))


def _imports(tree: ast.Module, module: str, names: set[str]) -> list[str]:
    return [f"line {node.lineno}: {alias.name}" for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == module
            for alias in node.names if alias.name in names]


def test_nothing_translates_through_the_http_layer() -> None:
    found = {name: _imports(tree, "forms_service.http", {"translate", "CATALOGUES"})
             for name, tree in _modules()}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_service_negotiates_only_through_i18n() -> None:
    others = {"choose_locale", "negotiate_locale"}
    found = {name: _imports(tree, "embed", others) + _imports(tree, "form_schemas", others)
             + _imports(tree, "embed.i18n", others) + _imports(tree, "form_schemas.i18n", others)
             for name, tree in _modules()}
    assert {name: lines for name, lines in found.items() if lines} == {}
