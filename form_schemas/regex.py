r"""Regular expressions in definitions: safety analysis and matching.

A ``pattern`` is refused when it is too long, does not parse, uses
constructs with no linear-time implementation (back-references,
look-around, atomic groups, possessive quantifiers), or repeats a part that
itself has variable length or overlapping alternatives — the shapes behind
catastrophic backtracking: ``(a+)+``, ``(a*)*``, ``(a|aa)+``, ``(.*a){20}``,
or puts three or more variable repeats of overlapping characters one after
the other (``\d*\d*\d*x``: polynomial backtracking, 10 s on 200 characters).

Answers are matched with RE2 (linear time): the ``google-re2`` package is a
dependency, and this module does not load without it, so no answer is ever
matched by a backtracking engine.  The analysis refuses the shapes above
whichever engine runs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from form_schemas.issues import Finding
from form_schemas.walk import SchemaNode, child

try:  # Python ≥ 3.11
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

import re2 as _re2

__all__ = ["RE2_AVAILABLE", "analyse_pattern", "check_patterns", "search"]

RE2_AVAILABLE: bool = True  # google-re2 is required
# this many variable repeats of overlapping characters in a row are refused
_MAX_ADJACENT_REPEATS = 2

_UNSUPPORTED = frozenset(
    {
        sre.GROUPREF,
        sre.GROUPREF_EXISTS,
        sre.ASSERT,
        sre.ASSERT_NOT,
        getattr(sre, "ATOMIC_GROUP", sre.ASSERT),
        getattr(sre, "POSSESSIVE_REPEAT", sre.ASSERT),
    }
)
_REPEATS = frozenset({sre.MAX_REPEAT, sre.MIN_REPEAT})
_ANY: frozenset[int] = frozenset({-1})  # "any character" marker
_MAX_EXPANDED_RANGE = 512


class _Verdict(Exception):
    def __init__(self, code: str) -> None:
        self.code = code


@functools.lru_cache(maxsize=4096)
def analyse_pattern(pattern: str) -> tuple[str, dict[str, Any]] | None:
    """``None`` for a safe pattern, else ``(code, params)`` of the problem."""
    try:
        tree = sre_parse.parse(pattern)
    except re.error as error:
        return "pattern_invalid", {"detail": str(error.msg)}
    except (RecursionError, OverflowError, ValueError, TypeError) as error:
        return "pattern_invalid", {"detail": type(error).__name__}
    try:
        _inspect(tree)
    except _Verdict as verdict:
        return verdict.code, {}
    except RecursionError:
        return "pattern_invalid", {"detail": "too deeply nested"}
    if _compile_re2(pattern) is None:
        return "pattern_unsupported", {}
    return None


def check_patterns(nodes: Iterable[SchemaNode], max_length: int) -> list[Finding]:
    """Findings for every ``pattern`` (and ``patternProperties`` key) in ``nodes``."""
    findings: list[Finding] = []
    for pointer, node, _ in nodes:
        if "pattern" not in node and "patternProperties" not in node:
            continue
        candidates: list[tuple[str, object]] = [(child(pointer, "pattern"), node.get("pattern"))]
        pattern_properties = node.get("patternProperties")
        if isinstance(pattern_properties, dict):
            candidates.extend(
                (child(pointer, "patternProperties", key), key) for key in pattern_properties
            )
        for where, pattern in candidates:
            if not isinstance(pattern, str):
                continue
            if len(pattern) > max_length:
                params = {"length": len(pattern), "limit": max_length}
                findings.append(Finding(where, "pattern_too_long", params))
                continue
            problem = analyse_pattern(pattern)
            if problem is not None:
                findings.append(Finding(where, problem[0], problem[1]))
    return findings


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (JSON Schema semantics)."""
    return _matcher(pattern)(text) is not None


@functools.lru_cache(maxsize=1024)
def _matcher(pattern: str) -> Callable[[str], object]:
    compiled = _compile_re2(pattern)
    if compiled is None:  # analyse_pattern refuses such a pattern in a definition
        raise ValueError(f"RE2 cannot compile the pattern {pattern!r}")
    return compiled.search  # type: ignore[no-any-return]


def _compile_re2(pattern: str) -> Any:
    options = _re2.Options()  # type: ignore[union-attr]
    options.log_errors = False
    try:
        return _re2.compile(pattern, options=options)  # type: ignore[union-attr]
    except Exception:  # any refusal means "not supported by RE2"
        return None


# -- tree inspection -----------------------------------------------------------


def _overlap(a: frozenset[int], b: frozenset[int]) -> bool:
    return a is _ANY or b is _ANY or bool(a & b)


def _inspect(items: Iterable[Any]) -> None:
    run: list[frozenset[int]] = []  # variable repeats in a row whose characters overlap
    for op, av in items:
        if op in _UNSUPPORTED:
            raise _Verdict("pattern_unsupported")
        if op is sre.AT:
            continue  # an anchor matches no character: the run goes on
        if op in _REPEATS and av[0] != av[1] and av[1] > 1:
            chars = _first(av[2])[0]
            run = [*run, chars] if run and _overlap(run[-1], chars) else [chars]
            if len(run) > _MAX_ADJACENT_REPEATS:
                raise _Verdict("pattern_unsafe")
        else:
            run = []
        if op in _REPEATS:
            _, high, body = av
            if high > 1 and (_has_variable_repeat(body) or _has_ambiguous_branch(body)):
                raise _Verdict("pattern_unsafe")
            _inspect(body)
        elif op is sre.SUBPATTERN:
            _inspect(av[3])
        elif op is sre.BRANCH:
            for alternative in av[1]:
                _inspect(alternative)


def _children(op: Any, av: Any) -> list[Any]:
    if op in _REPEATS:
        return [av[2]]
    if op is sre.SUBPATTERN:
        return [av[3]]
    if op is sre.BRANCH:
        return list(av[1])
    return []


def _has_variable_repeat(items: Iterable[Any]) -> bool:
    for op, av in items:
        if op in _REPEATS and av[0] != av[1]:
            return True
        if any(_has_variable_repeat(sub) for sub in _children(op, av)):
            return True
    return False


def _has_ambiguous_branch(items: Iterable[Any]) -> bool:
    for op, av in items:
        if op is sre.BRANCH:
            seen: set[int] = set()
            for alternative in av[1]:
                chars, nullable = _first(alternative)
                if nullable or chars is _ANY or (seen & chars) or (-1 in seen and chars):
                    return True
                seen |= chars
        if any(_has_ambiguous_branch(sub) for sub in _children(op, av)):
            return True
    return False


def _first(items: Iterable[Any]) -> tuple[frozenset[int], bool]:
    """Characters that can start a match of ``items``, and whether it can be empty."""
    chars: set[int] = set()
    for op, av in items:
        head, nullable = _first_of(op, av)
        if head is _ANY:
            return _ANY, False
        chars |= head
        if not nullable:
            return frozenset(chars), False
    return frozenset(chars), True


def _first_of(op: Any, av: Any) -> tuple[frozenset[int], bool]:
    if op is sre.LITERAL:
        return frozenset({av}), False
    if op is sre.IN:
        return _class_chars(av), False
    if op is sre.AT:
        return frozenset(), True
    if op is sre.SUBPATTERN:
        return _first(av[3])
    if op in _REPEATS:
        chars, nullable = _first(av[2])
        return chars, nullable or av[0] == 0
    if op is sre.BRANCH:
        union: set[int] = set()
        any_nullable = False
        for alternative in av[1]:
            chars, nullable = _first(alternative)
            if chars is _ANY:
                return _ANY, False
            union |= chars
            any_nullable = any_nullable or nullable
        return frozenset(union), any_nullable
    return _ANY, False  # ANY, NOT_LITERAL, categories …


def _class_chars(items: Iterable[Any]) -> frozenset[int]:
    chars: set[int] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(av)
        elif op is sre.RANGE and av[1] - av[0] <= _MAX_EXPANDED_RANGE:
            chars.update(range(av[0], av[1] + 1))
        else:
            return _ANY
    return frozenset(chars)
