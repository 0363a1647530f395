"""Agencies in the order of an official letter, and the sentence naming those
that have not sent. Pure functions.

Letters of the national office list ministries first (the ministries proper,
``Bộ …``, then the other bodies at ministry level, such as Bảo hiểm Xã hội
Việt Nam), then provinces and cities, then anything else; within each group
the names are in Vietnamese alphabetical order (a ă â b c d đ e ê … ư v x y,
tones after letters), provinces by their own name (``UBND tỉnh Bình Dương``
sorts as ``Bình Dương``), as in the footnote of seed 001: "Bộ Giáo dục và
Đào tạo; Bộ Xây dựng; …; Bình Dương; Đắk Nông; Nam Định; …".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["LATE_PREFIX", "agency_order_key", "late_sentence", "short_name", "sort_agencies"]

KIND_ORDER = {"ministry": 0, "province": 1}
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# vowels whose hat, breve or horn makes them a letter of their own (tones do not)
_LETTERS = {"a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô", "o\u031b": "ơ",
            "u\u031b": "ư"}
TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng
PROVINCE_PREFIXES = ("UBND tỉnh ", "UBND thành phố ", "UBND Thành phố ", "UBND ")
LATE_PREFIX = "Các đơn vị chưa gửi: "


def short_name(name: str, kind: str) -> str:
    """How a letter names the agency: a province without ``UBND tỉnh``."""
    if kind == "province":
        for prefix in PROVINCE_PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix):]
    return name


def _letters(text: str) -> tuple[tuple[int, int], ...]:
    """Each character as (place in the Vietnamese alphabet, tone); a space sorts
    before every letter, other signs after them."""
    keys = []
    for char in unicodedata.normalize("NFC", text.lower()):
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        letter = next((_LETTERS[base + m] for m in marks if base + m in _LETTERS), base)
        tone = next((TONES.index(m) + 1 for m in marks if m in TONES), 0)
        place = -1 if letter.isspace() else ALPHABET.find(letter)
        keys.append((place if place != -1 or letter.isspace() else 100 + ord(letter), tone))
    return tuple(keys)


def agency_order_key(name: str, kind: str) -> tuple[Any, ...]:
    """The sort key of an agency in a letter's order."""
    group = KIND_ORDER.get(kind, 2)
    body = short_name(name, kind)
    secondary = 0 if kind != "ministry" or body.startswith("Bộ ") else 1
    base = tuple(place for place, _ in _letters(body))
    return (group, secondary, base, _letters(body))


def sort_agencies(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with ``name`` and ``kind`` in a letter's order."""
    return sorted(rows, key=lambda row: agency_order_key(row["name"], row["kind"]))


def late_sentence(rows: Sequence[dict[str, Any]]) -> str:
    """``Các đơn vị chưa gửi: Bộ Giáo dục và Đào tạo; Bộ Xây dựng; Bình Dương.``
    for rows (``name``, ``kind``) of the agencies that have not sent; empty
    when every agency has sent."""
    if not rows:
        return ""
    names = [short_name(row["name"], row["kind"]) for row in sort_agencies(rows)]
    return LATE_PREFIX + "; ".join(names) + "."
