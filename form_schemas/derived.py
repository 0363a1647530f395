"""Fields derived from answers for analytics: satisfaction, NPS, channels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from form_schemas.model import Question

__all__ = ["Derived", "derive"]


@dataclass(frozen=True)
class Derived:
    """What analytics needs from one response, as declared by ``x-survey``.

    Attributes
    ----------
    satisfaction_value:
        The answer to the satisfaction question, if any.
    satisfied:
        Whether that answer is in the ``satisfied`` list; ``None`` when not
        answered or when the form has no satisfaction question.
    nps_score:
        The answer to the first NPS question, if any.
    channels:
        The channels through which the respondent heard of the service.
    self_submitted:
        Whether the respondent submitted the dossier unaided; ``None`` when
        not answered or not asked.
    """

    satisfaction_value: int | str | None = None
    satisfied: bool | None = None
    nps_score: int | None = None
    channels: tuple[str, ...] = ()
    self_submitted: bool | None = None


def _same(left: object, right: object) -> bool:
    return isinstance(left, bool) == isinstance(right, bool) and left == right


def _member(value: object, values: object) -> bool:
    return isinstance(values, list) and any(_same(value, item) for item in values)


def _choice_key(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def nps_question(questions: Sequence[Question]) -> str | None:
    """The name of the first question asked on the NPS scale, if any."""
    for question in questions:
        if question.spec is not None and question.spec.kind == "nps":
            return question.name
    return None


_FIND = object()


def derive(
    answers: Mapping[str, Any], questions: Sequence[Question], survey: Mapping[str, Any],
    *, nps: str | object | None = _FIND,
) -> Derived:
    """Derived fields of ``answers`` (cleaned answers of a valid response).

    ``nps`` names the NPS question when the caller found it already (a
    compiled form does once); otherwise it is looked up in ``questions``.
    """
    satisfaction = survey.get("satisfaction")
    value: Any = None
    satisfied: bool | None = None
    if isinstance(satisfaction, dict):
        value = answers.get(str(satisfaction.get("question")))
        if isinstance(value, int | str):  # a yes/no satisfaction question answers a bool
            satisfied = _member(value, satisfaction.get("satisfied"))
        else:
            value = None
    name = nps_question(questions) if nps is _FIND else nps
    score = answers.get(name) if isinstance(name, str) else None
    nps_score = score if isinstance(score, int) and not isinstance(score, bool) else None
    communication = survey.get("communication")
    communication = communication if isinstance(communication, dict) else {}
    chosen = answers.get(str(communication.get("channels")))
    channels = tuple(_choice_key(item) for item in chosen) if isinstance(chosen, list) else ()
    self_submitted: bool | None = None
    config = communication.get("self_submission")
    if isinstance(config, dict):
        answer = answers.get(str(config.get("question")))
        if answer is not None:
            self_submitted = _member(answer, config.get("values"))
    return Derived(value, satisfied, nps_score, channels, self_submitted)
