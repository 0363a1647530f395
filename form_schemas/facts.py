"""What one response adds to the per-question counts: its answer facts.

A response is counted per question by a few short facts, ``(question,
value)`` pairs of text, added up by the service into per-question counts
(one row per form version, service, audience, channel, period, question and
value). The same function serves every path that counts answers (the
submission, the rebuild from raw rows, a partial month read from raw rows),
so the counts of one path always equal the others'.

- a closed answer (one choice, yes/no, rating, NPS, number): the value as
  JSON text (``5``, ``"a"``, ``true``);
- several choices: one fact per option chosen, ``@answered`` and
  ``@chosen:<k>`` (how many options were chosen);
- text: ``@answered`` only; the text itself is never counted;
- a question hidden by its condition: ``@hidden``, so that a question's
  denominator is those shown it;
- every response: ``("", "@responses")``;
- for a form with ``x-survey.indices`` (the SIPAS elements), the
  respondent's score on every element answered, in one fact,
  ``("@indices", "access=1/1;procedure=2/3")``: k of the m items answered
  were satisfied; the counts of these vectors give each element's index
  and the pairwise covariances the overall index's interval needs; and
  for an element of two items or more answered in full with numbers, the
  item answers, ``("@alpha:<element>", "5,4")``, whose counts give the
  items' covariance matrix (Cronbach's alpha). One fact each keeps the
  writes few.

Values beginning with ``@`` are markers: JSON text never begins with ``@``;
questions beginning with ``@`` are not questions of the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from form_schemas.compiled import CompiledForm

__all__ = [
    "ALPHA",
    "ANSWERED",
    "CHOSEN",
    "HIDDEN",
    "INDICES",
    "RESPONSES",
    "answer_facts",
    "decode_value",
    "encode_value",
]

RESPONSES = "@responses"
INDICES = "@indices"
ALPHA = "@alpha:"
ANSWERED = "@answered"
HIDDEN = "@hidden"
CHOSEN = "@chosen:"
#: the longest value counted; longer values (long free numbers) are cut to this
MAX_VALUE = 120

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.decode


def encode_value(value: Any) -> str:
    """The text of an answer value in the counts (its JSON)."""
    return _encode(value).decode()[:MAX_VALUE]


def decode_value(text: str) -> Any:
    """The answer value of a counted (non-marker) text."""
    return _decode(text)


def answer_facts(form: CompiledForm, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The facts of one stored response (its cleaned answers) to ``form``.

    Examples
    --------
    >>> from form_schemas.templates import load_template
    >>> from form_schemas.compiled import compile_form
    >>> form = compile_form(load_template("quick-rating"))
    >>> answer_facts(form, {"overall": 5})[:2]
    [('', '@responses'), ('overall', '5')]
    """
    facts: list[tuple[str, str]] = [("", RESPONSES)]
    shown = form.visible(answers)
    for question in form.questions:
        name = question.name
        if name not in shown:
            facts.append((name, HIDDEN))
            continue
        if name not in answers:
            continue
        value = answers[name]
        kind = question.spec.kind if question.spec is not None else "text"
        if kind == "text":
            facts.append((name, ANSWERED))
        elif kind == "multiple_choice" and isinstance(value, list):
            chosen = list(dict.fromkeys(encode_value(item) for item in value))
            facts.extend((name, item) for item in chosen)
            facts.append((name, ANSWERED))
            facts.append((name, f"{CHOSEN}{len(chosen)}"))
        elif isinstance(value, str | int | float | bool):
            facts.append((name, encode_value(value)))
    survey = form.definition.get("x-survey")
    indices = survey.get("indices") if isinstance(survey, dict) else None
    if isinstance(indices, dict) and indices:
        facts.extend(_index_facts(indices, answers))
    return facts


def _same(left: object, right: object) -> bool:
    return isinstance(left, bool) == isinstance(right, bool) and left == right


def _index_facts(indices: Mapping[str, Any], answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    scores: list[str] = []
    for key, element in indices.items():
        items = element.get("questions") if isinstance(element, dict) else None
        satisfied = element.get("satisfied") if isinstance(element, dict) else None
        if not isinstance(items, list) or not isinstance(satisfied, list):
            continue
        given = [answers[name] for name in items if isinstance(name, str) and name in answers]
        if not given:
            continue
        k = sum(1 for value in given if any(_same(value, s) for s in satisfied))
        scores.append(f"{key}={k}/{len(given)}")
        if len(items) >= 2 and len(given) == len(items) and all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in given):
            facts.append((f"{ALPHA}{key}", ",".join(encode_value(v) for v in given)))
    if scores:
        facts.append((INDICES, ";".join(scores)))
    return facts
