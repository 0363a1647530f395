"""Direct checks for the common, simple question schemas.

``compile_check`` turns a schema that uses only simple keywords into a
function giving the same verdict as the JSON Schema validator on JSON
values — ``True`` (valid), ``False`` (invalid) — or ``None`` when it cannot
tell, in which case the caller asks the full validator. Schemas with other
keywords are not compiled (``None``). This keeps the usual answer off the
generic validator's per-keyword overhead.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sized
from typing import Any

from form_schemas.regex import search
from form_schemas.shortcuts import ANNOTATIONS, Unsupported, option_const, specialize
from form_schemas.validator import FORMAT_CHECKER

__all__ = ["Check", "compile_check"]

Check = Callable[[Any], "bool | None"]

_SCALARS = (str, int, float, bool, type(None))
_TYPES: dict[str, Callable[[Any], bool]] = {
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, numbers.Number) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def compile_check(schema: object) -> Check | None:
    """A direct check equivalent to validating against ``schema``, if simple enough."""
    try:
        return _compile(schema)
    except Unsupported:
        return None


def _compile(schema: object) -> Check:
    if schema is True:
        return lambda _: True
    if schema is False:
        return lambda _: False
    if not isinstance(schema, dict):
        raise Unsupported
    checks: list[Check] = []
    for keyword, value in schema.items():
        if keyword in ANNOTATIONS or keyword.startswith("x-"):
            continue
        builder = _BUILDERS.get(keyword)
        if builder is None:
            raise Unsupported
        checks.append(builder(value, schema))
    general = _all(checks)
    return specialize(schema, general) or general


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> bool | None:
        verdict: bool | None = True
        for each in checks:
            result = each(value)
            if result is False:
                return False
            if result is None:
                verdict = None
        return verdict

    return check


class _Counter:
    """How many of a list of scalar values equal a JSON value (JSON Schema equality)."""

    __slots__ = ("_booleans", "_null", "_numbers", "_texts")

    def __init__(self, values: list[Any]) -> None:
        self._texts: dict[str, int] = {}
        self._numbers: dict[int | float, int] = {}
        self._booleans: dict[bool, int] = {}
        self._null = 0
        for value in values:
            if isinstance(value, str):
                self._texts[value] = self._texts.get(value, 0) + 1
            elif isinstance(value, bool):
                self._booleans[value] = self._booleans.get(value, 0) + 1
            elif value is None:
                self._null += 1
            else:
                self._numbers[value] = self._numbers.get(value, 0) + 1

    def __call__(self, value: Any) -> int:
        kind = type(value)
        if kind is str:
            return self._texts.get(value, 0)
        if kind is int or kind is float:
            return self._numbers.get(value, 0)
        if kind is bool:
            return self._booleans.get(value, 0)
        if value is None:
            return self._null
        if isinstance(value, list | dict):
            return 0
        raise _Unsure


class _Unsure(Exception):
    pass


def _values(candidates: object) -> list[Any]:
    if not isinstance(candidates, list) or not all(
        isinstance(c, _SCALARS) and not (isinstance(c, float) and c != c) for c in candidates
    ):
        raise Unsupported
    return candidates


def _counting(counter: _Counter, verdict: Callable[[int], bool]) -> Check:
    def check(v: Any) -> bool | None:
        try:
            return verdict(counter(v))
        except _Unsure:
            return None

    return check


def _type(value: object, _: dict[str, Any]) -> Check:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(name in _TYPES for name in names):
        raise Unsupported
    tests = [_TYPES[name] for name in names]
    if len(tests) == 1:
        return tests[0]
    return lambda v: any(test(v) for test in tests)


def _const(value: object, _: dict[str, Any]) -> Check:
    return _counting(_Counter(_values([value])), lambda n: n > 0)


def _enum(value: object, _: dict[str, Any]) -> Check:
    return _counting(_Counter(_values(value)), lambda n: n > 0)


def _one_of(value: object, _: dict[str, Any]) -> Check:
    if not isinstance(value, list):
        raise Unsupported
    try:
        consts = _values([option_const(option) for option in value])
    except Unsupported:
        consts = None
    if consts is not None:
        return _counting(_Counter(consts), lambda n: n == 1)
    subs = [_compile(sub) for sub in value]

    def check(v: Any) -> bool | None:
        results = [sub(v) for sub in subs]
        if None in results:
            return None
        return results.count(True) == 1

    return check


def _any_of(value: object, _: dict[str, Any]) -> Check:
    if not isinstance(value, list):
        raise Unsupported
    subs = [_compile(sub) for sub in value]

    def check(v: Any) -> bool | None:
        results = [sub(v) for sub in subs]
        return True if True in results else (None if None in results else False)

    return check


def _all_of(value: object, _: dict[str, Any]) -> Check:
    if not isinstance(value, list):
        raise Unsupported
    return _all([_compile(sub) for sub in value] or [lambda _: True])


def _not(value: object, _: dict[str, Any]) -> Check:
    sub = _compile(value)

    def check(v: Any) -> bool | None:
        result = sub(v)
        return None if result is None else not result

    return check


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, bool)


def _bound(compare: Callable[[Any, Any], bool]) -> Callable[[object, dict[str, Any]], Check]:
    """A bound written as the validator writes it (``not v < m``), so NaN passes alike."""

    def build(limit: object, _: dict[str, Any]) -> Check:
        if not _is_number(limit):
            raise Unsupported
        return lambda v: not _is_number(v) or compare(v, limit)

    return build


def _length(compare: Callable[[int, Any], bool], kind: type[Sized]) -> Callable[..., Check]:
    def build(limit: object, _: dict[str, Any]) -> Check:
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise Unsupported
        return lambda v: not isinstance(v, kind) or compare(len(v), limit)

    return build


def _pattern(value: object, schema: dict[str, Any]) -> Check:
    if not isinstance(value, str):
        raise Unsupported
    limit = schema.get("maxLength")

    def check(v: Any) -> bool:
        if not isinstance(v, str):
            return True
        if isinstance(limit, int) and len(v) > limit:
            return True  # the maxLength check decides
        return search(value, v)

    return check


def _format(value: object, _: dict[str, Any]) -> Check:
    if not isinstance(value, str):
        raise Unsupported
    return lambda v: FORMAT_CHECKER.conforms(v, value)


def _items(value: object, _: dict[str, Any]) -> Check:
    sub = _compile(value)

    def check(v: Any) -> bool | None:
        if not isinstance(v, list):
            return True
        verdict: bool | None = True
        for item in v:
            result = sub(item)
            if result is False:
                return False
            if result is None:
                verdict = None
        return verdict

    return check


def _unique(value: object, _: dict[str, Any]) -> Check:
    if value is not True:
        return lambda _: True

    def check(v: Any) -> bool | None:
        if not isinstance(v, list):
            return True
        keys = set()
        for item in v:
            if not isinstance(item, str | int | float) or (
                isinstance(item, float) and not math.isfinite(item)
            ):
                return None
            keys.add((isinstance(item, bool), isinstance(item, str), item))
        return len(keys) == len(v)

    return check


def _properties(value: object, _: dict[str, Any]) -> Check:
    if not isinstance(value, dict):
        raise Unsupported
    subs = {name: _compile(sub) for name, sub in value.items()}

    def check(v: Any) -> bool | None:
        if not isinstance(v, dict):
            return True
        verdict: bool | None = True
        for name, sub in subs.items():
            if name in v:
                result = sub(v[name])
                if result is False:
                    return False
                if result is None:
                    verdict = None
        return verdict

    return check


def _required(value: object, _: dict[str, Any]) -> Check:
    if not isinstance(value, list):
        raise Unsupported
    names = list(value)
    return lambda v: not isinstance(v, dict) or all(name in v for name in names)


_BUILDERS: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "type": _type,
    "const": _const,
    "enum": _enum,
    "oneOf": _one_of,
    "anyOf": _any_of,
    "allOf": _all_of,
    "not": _not,
    "minimum": _bound(lambda v, m: not v < m),
    "maximum": _bound(lambda v, m: not v > m),
    "exclusiveMinimum": _bound(lambda v, m: not v <= m),
    "exclusiveMaximum": _bound(lambda v, m: not v >= m),
    "minLength": _length(lambda n, m: n >= m, str),
    "maxLength": _length(lambda n, m: n <= m, str),
    "minItems": _length(lambda n, m: n >= m, list),
    "maxItems": _length(lambda n, m: n <= m, list),
    "pattern": _pattern,
    "format": _format,
    "items": _items,
    "uniqueItems": _unique,
    "properties": _properties,
    "required": _required,
}
