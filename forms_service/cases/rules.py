"""Which answers open a case: a form's case rule, checked and applied.

A rule opens a case for an answer when any of its parts holds:

- ``not_satisfied`` (the default rule): the form's satisfaction measure
  (``x-survey.satisfaction``) counts the answer as not satisfied;
- ``choices``: a chosen question has one of the chosen answers
  (``{"question": "reason", "answers": ["slow", "rude"]}``);
- ``phrases``: a free-text answer contains one of the phrases, compared
  without regard to diacritics, case or spacing, so that ``thai do``
  finds "Thái   độ".

A rule may also name the question where a citizen leaves a contact to be
answered (``contact_question``: an e-mail or phone question) and the question
where they agree to be contacted (``consent_question``: a yes/no question, or
a choice question with ``consent_answers``); without a consent question,
giving the contact is the agreement (the question's title should say so).
:func:`consented_contact` reads them.

Pure functions on plain values: no database, no HTTP.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DEFAULT_RULE",
    "REASONS",
    "CaseRule",
    "CaseRuleRejected",
    "Choice",
    "choice_questions",
    "consented_contact",
    "fold",
    "parse_rule",
    "reasons",
]

#: Why a case opened (``feedback_case.reasons``): the rule's parts.
REASONS = ("not_satisfied", "choice", "phrase")
MAX_CHOICES = 20
MAX_PHRASES = 50
MAX_PHRASE = 100
_KEYS = frozenset({"active", "not_satisfied", "choices", "phrases", "contact_question",
                   "consent_question", "consent_answers"})
_CONTACT_FORMATS = frozenset({"email", "phone-vn"})
_SPACES = re.compile(r"\s+")


class CaseRuleRejected(Exception):
    """A rule that cannot be stored: ``message`` (a msgid) with its ``params``."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


@dataclass(frozen=True, slots=True)
class Choice:
    question: str
    answers: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class CaseRule:
    active: bool = True
    not_satisfied: bool = True
    choices: tuple[Choice, ...] = ()
    phrases: tuple[str, ...] = ()
    folded: tuple[str, ...] = field(default=(), compare=False, repr=False)
    contact_question: str | None = None
    consent_question: str | None = None
    consent_answers: tuple[Any, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"active": self.active, "not_satisfied": self.not_satisfied,
                "choices": [{"question": c.question, "answers": list(c.answers)}
                            for c in self.choices],
                "phrases": list(self.phrases), "contact_question": self.contact_question,
                "consent_question": self.consent_question,
                "consent_answers": list(self.consent_answers)}


DEFAULT_RULE = CaseRule()


def fold(text: str) -> str:
    """``text`` without diacritics (đ as d), in lower case, its spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


def _options(schema: Mapping[str, Any]) -> list[Any] | None:
    """The answers a question offers (its ``oneOf`` constants or ``enum``; an array's
    items'), or None if it offers no fixed list."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), Mapping):
        return _options(schema["items"])
    if isinstance(schema.get("oneOf"), list):
        values = [item["const"] for item in schema["oneOf"]
                  if isinstance(item, Mapping) and "const" in item]
        return values or None
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    return None


def _resolved(schema: Any, defs: Mapping[str, Any], depth: int = 0) -> Any:
    """``schema`` with a local ``$ref`` (``#/$defs/name``), its own and its items', read
    from ``defs`` (its own keywords, a title, win)."""
    if not isinstance(schema, Mapping) or depth > 4:
        return schema
    found = dict(schema)
    ref = found.pop("$ref", None)
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = defs.get(ref[len("#/$defs/"):])
        if isinstance(target, Mapping):
            found = {**_resolved(target, defs, depth + 1), **found}
    if isinstance(found.get("items"), Mapping):
        found["items"] = _resolved(found["items"], defs, depth + 1)
    return found


def _questions(definition: Mapping[str, Any] | None) -> dict[str, Any]:
    """The questions of ``definition`` by name, their local references read."""
    defs = (definition or {}).get("$defs") or {}
    return {name: _resolved(schema, defs)
            for name, schema in ((definition or {}).get("properties") or {}).items()}


def _labelled(schema: Mapping[str, Any]) -> list[tuple[Any, str]]:
    if schema.get("type") == "array" and isinstance(schema.get("items"), Mapping):
        return _labelled(schema["items"])
    if isinstance(schema.get("oneOf"), list):
        return [(item["const"], str(item.get("title") or item["const"]))
                for item in schema["oneOf"] if isinstance(item, Mapping) and "const" in item]
    return [(value, str(value)) for value in schema.get("enum") or []]


def choice_questions(definition: Mapping[str, Any] | None
                     ) -> list[tuple[str, str, list[tuple[Any, str]]]]:
    """The questions of ``definition`` with answers to choose from: name, title and
    each answer with its label, in the form's order."""
    found = []
    for name, schema in _questions(definition).items():
        if isinstance(schema, Mapping) and _options(schema) is not None:
            found.append((name, str(schema.get("title") or name), _labelled(schema)))
    return found


def _choice(raw: Any, questions: Mapping[str, Any]) -> Choice:
    if not isinstance(raw, Mapping) or set(raw) != {"question", "answers"}:
        raise CaseRuleRejected("Each of choices is an object with question and answers, such as "
                               "{{\"question\": \"reason\", \"answers\": [\"slow\"]}}.")
    question, answers = raw["question"], raw["answers"]
    schema = questions.get(question) if isinstance(question, str) else None
    options = _options(schema) if isinstance(schema, Mapping) else None
    if options is None:
        raise CaseRuleRejected("The form has no question {question} with answers to choose from: "
                               "name a choice question of its latest version.",
                               question=str(question)[:64])
    if not isinstance(answers, list) or not answers:
        raise CaseRuleRejected("Give the answers of question {question} that open a case, as a "
                               "list.", question=question)
    unknown = [a for a in answers if a not in options or isinstance(a, bool)]
    if unknown:
        raise CaseRuleRejected(
            "Question {question} has no answer {answer}: choose among {options}.",
            question=question, answer=str(unknown[0])[:64],
            options=", ".join(map(str, options))[:300])
    return Choice(question, tuple(dict.fromkeys(answers)))


def parse_rule(raw: Any, definition: Mapping[str, Any] | None, *,
               checked: bool = False) -> CaseRule:
    """The rule ``raw`` (a JSON object) checked against the form's ``definition``
    (``checked``: a stored rule, whose questions were checked when it was stored)."""
    if not isinstance(raw, Mapping):
        raise CaseRuleRejected("The case rule is a JSON object with not_satisfied, choices, "
                               "phrases and active.")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise CaseRuleRejected("The case rule has no field {field}: use not_satisfied, choices, "
                               "phrases and active.", field=str(unknown[0])[:40])
    flags = {}
    for name in ("active", "not_satisfied"):
        value = raw.get(name, True)
        if not isinstance(value, bool):
            raise CaseRuleRejected("{field} is true or false.", field=name)
        flags[name] = value
    questions = _questions(definition)
    choices_raw = raw.get("choices", [])
    if not isinstance(choices_raw, list) or len(choices_raw) > MAX_CHOICES:
        raise CaseRuleRejected("choices is a list of at most {max} questions.", max=MAX_CHOICES)
    choices = tuple(
        Choice(item["question"], tuple(item["answers"])) if checked else _choice(item, questions)
        for item in choices_raw)
    phrases_raw = raw.get("phrases", [])
    if not isinstance(phrases_raw, list) or len(phrases_raw) > MAX_PHRASES:
        raise CaseRuleRejected("phrases is a list of at most {max} phrases.", max=MAX_PHRASES)
    phrases: list[str] = []
    for phrase in phrases_raw:
        text = unicodedata.normalize("NFC", phrase).strip() if isinstance(phrase, str) else ""
        if len(fold(text)) < 2 or len(text) > MAX_PHRASE:
            raise CaseRuleRejected("Each phrase has 2 to {max} characters.", max=MAX_PHRASE)
        phrases.append(_SPACES.sub(" ", text))
    phrases = list(dict.fromkeys(phrases))
    contact, consent, consent_answers = _contact(raw, questions, checked)
    return CaseRule(flags["active"], flags["not_satisfied"], choices, tuple(phrases),
                    tuple(dict.fromkeys(fold(p) for p in phrases)), contact, consent,
                    consent_answers)


def _contact(raw: Mapping[str, Any], questions: Mapping[str, Any], checked: bool
             ) -> tuple[str | None, str | None, tuple[Any, ...]]:
    """The rule's contact question, consent question and the answers that consent."""
    contact, consent = raw.get("contact_question"), raw.get("consent_question")
    answers = raw.get("consent_answers")
    if checked:
        return contact, consent, tuple(answers or ())
    if contact is None:
        if consent is not None or answers:
            raise CaseRuleRejected("consent_question goes with contact_question: name the "
                                   "question where the citizen leaves a contact.")
        return None, None, ()
    schema = questions.get(contact) if isinstance(contact, str) else None
    if not isinstance(schema, Mapping) or not (
            schema.get("x-widget") in ("email", "phone")
            or schema.get("format") in _CONTACT_FORMATS):
        raise CaseRuleRejected("contact_question must name an e-mail or phone question of the "
                               "form's latest version; {question} is not one.",
                               question=str(contact)[:64])
    if consent is None:
        if answers:
            raise CaseRuleRejected("consent_answers goes with consent_question.")
        return contact, None, ()
    schema = questions.get(consent) if isinstance(consent, str) else None
    if not isinstance(schema, Mapping) or consent == contact:
        raise CaseRuleRejected("The form has no question {question} to agree to be contacted "
                               "with: name a yes/no or choice question of its latest version.",
                               question=str(consent)[:64])
    if schema.get("type") == "boolean":
        options: list[Any] = [True, False]
        answers = [True] if answers is None else answers
    else:
        options = _options(schema) or []
        if not options or schema.get("type") == "array":
            raise CaseRuleRejected("The form has no question {question} to agree to be "
                                   "contacted with: name a yes/no or choice question of its "
                                   "latest version.", question=str(consent)[:64])
    if not isinstance(answers, list) or not answers:
        raise CaseRuleRejected("Give consent_answers: the answers of question {question} that "
                               "agree to be contacted, as a list.", question=consent)
    unknown = [a for a in answers if a not in options
               or (isinstance(a, bool) != (schema.get("type") == "boolean"))]
    if unknown:
        raise CaseRuleRejected(
            "Question {question} has no answer {answer}: choose among {options}.",
            question=consent, answer=str(unknown[0])[:64],
            options=", ".join(map(str, options))[:300])
    return contact, consent, tuple(dict.fromkeys(answers))


def consented_contact(rule: CaseRule, answers: Mapping[str, Any]) -> str | None:
    """The contact the citizen left in the rule's contact question, if they agreed to be
    contacted (or the rule asks no agreement); None otherwise."""
    if rule.contact_question is None:
        return None
    given = answers.get(rule.contact_question)
    if not isinstance(given, str) or not given.strip():
        return None
    if rule.consent_question is not None:
        agreed = answers.get(rule.consent_question)
        if not any(agreed == a and isinstance(agreed, bool) == isinstance(a, bool)
                   for a in rule.consent_answers):
            return None
    return given.strip()


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, Mapping):
        return [text for item in value.values() for text in _texts(item)]
    return []


def _chosen(value: Any, answers: tuple[Any, ...]) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(v in answers and not isinstance(v, bool) for v in values)


def reasons(rule: CaseRule, answers: Mapping[str, Any], satisfied: bool | None) -> tuple[str, ...]:
    """Why ``rule`` opens a case for ``answers`` (in :data:`REASONS` order); none: it does not."""
    if not rule.active:
        return ()
    found = []
    if rule.not_satisfied and satisfied is False:
        found.append("not_satisfied")
    if any(c.question in answers and _chosen(answers[c.question], c.answers)
           for c in rule.choices):
        found.append("choice")
    if rule.folded:
        texts = [fold(text) for text in _texts(dict(answers))]
        if any(phrase in text for text in texts for phrase in rule.folded):
            found.append("phrase")
    return tuple(found)
