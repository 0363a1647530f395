"""``check_definition``: every profile rule, all issues at once.

Order matters for safety: bounds (size, depth, JSON-ness) are checked first
with an iterative walk; only a document within bounds reaches the other
checks, which share one walk over its subschemas. Regular expressions are
vetted by parsing, never by matching.
"""

from __future__ import annotations

from typing import Any

from form_schemas.bounds import check_sizes, measure
from form_schemas.conditions import check_conditions
from form_schemas.errors import DefinitionError
from form_schemas.grids import check_grids
from form_schemas.i18n import DEFAULT_LOCALE
from form_schemas.issues import Finding
from form_schemas.keywords import check_keywords
from form_schemas.limits import Limits
from form_schemas.messages import to_issue
from form_schemas.profile import profile_findings
from form_schemas.question_rules import check_questions
from form_schemas.refs import check_refs
from form_schemas.regex import check_patterns
from form_schemas.survey_rules import check_survey
from form_schemas.validator import check_formats
from form_schemas.walk import child, iter_schema_nodes

__all__ = ["check_definition", "collect_findings"]

_GENERIC = frozenset({"invalid_schema", "show_if_invalid"})


def check_definition(
    definition: object, *, locale: str = DEFAULT_LOCALE, limits: Limits | None = None
) -> None:
    """Check ``definition`` against the form profile.

    Parameters
    ----------
    definition:
        The parsed JSON document.
    locale:
        Language of the issue messages (``"vi"`` or ``"en"``).
    limits:
        Bounds to apply; :class:`Limits` defaults when ``None``.

    Raises
    ------
    DefinitionError
        With every issue found, each located by a JSON Pointer.
    """
    findings = collect_findings(definition, limits or Limits())
    if findings:
        raise DefinitionError([to_issue(finding, locale) for finding in findings])


def collect_findings(definition: object, limits: Limits) -> list[Finding]:
    """Every profile finding for ``definition`` (empty when it is acceptable)."""
    findings = measure(definition, limits)
    if findings:
        return findings
    if not isinstance(definition, dict):
        return [Finding("", "root_object")]
    nodes = list(iter_schema_nodes(definition))
    findings = check_sizes(definition, nodes, limits)
    findings += check_patterns(nodes, limits.max_pattern_length)
    findings += check_formats(nodes)
    findings += check_refs(definition, nodes)
    findings += check_keywords(nodes)
    findings += profile_findings(definition)
    findings += check_conditions(definition)
    findings += _check_required(definition)
    findings += check_questions(definition, limits)
    findings += check_grids(definition)
    findings += check_survey(definition)
    return _distinct(findings)


def _check_required(definition: dict[str, Any]) -> list[Finding]:
    required = definition.get("required")
    properties = definition.get("properties")
    if not isinstance(required, list) or not isinstance(properties, dict):
        return []
    return [
        Finding(child("/required", index), "required_unknown", {"name": name})
        for index, name in enumerate(required)
        if isinstance(name, str) and name not in properties
    ]


def _distinct(findings: list[Finding]) -> list[Finding]:
    """Drop repeats, and generic schema findings where a specific one exists."""
    specific = {finding.path for finding in findings if finding.code not in _GENERIC}
    seen: set[tuple[str, str]] = set()
    result: list[Finding] = []
    for finding in findings:
        key = (finding.path, finding.code)
        if key in seen or (finding.code in _GENERIC and finding.path in specific):
            continue
        seen.add(key)
        result.append(finding)
    return result
