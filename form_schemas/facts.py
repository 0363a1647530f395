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
- every response: ``("", "@responses")``.

Values beginning with ``@`` are markers: JSON text never begins with ``@``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from form_schemas.compiled import CompiledForm

__all__ = [
    "ANSWERED",
    "CHOSEN",
    "HIDDEN",
    "RESPONSES",
    "answer_facts",
    "decode_value",
    "encode_value",
]

RESPONSES = "@responses"
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
    return facts
