"""The column plan of a raw-responses export, over every version of a form.

Columns, in order:

- context: response id, submitted at (Vietnam time), form version, service code,
  agency code, channel, locale of the response;
- per question, in the order of the newest version that has it (questions
  only older versions had follow), laid out as its widget's specification
  says (:attr:`~form_schemas.widgets.WidgetSpec.export`): ``code``, a
  single answer from options, gives its code column ``name`` and a label
  column ``name:label`` (left out when every label is just the code, as on
  a 0–10 scale); ``flags``, several answers from options, one 0/1 column
  ``name[code]`` per option and a label column ``name:label`` listing the
  chosen labels; ``value``, text and numbers, one column ``name`` (by code
  all the same when the question has options in ``oneOf``).

Options are the union over versions, labelled by the newest version that
has them.  A question a version did not ask is empty in that version's
rows, and so are a multiple-choice question's 0/1 columns when it was not
answered.  Labels and codes are neutralized against formula injection once,
here; free-text answers are masked (when asked) here and neutralized by the
writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from form_schemas import CompiledForm, Question
from form_schemas.model import Choice, choice_key
from form_schemas.widgets import Layout
from forms_service.errors import N_
from forms_service.exports.times import in_vietnam
from forms_service.exports.writers import Column, neutralize
from forms_service.i18n import translate

__all__ = ["CONTEXT_COLUMNS", "ResponsePlan", "VersionInfo"]

Filler = Callable[[list[Any], Any], None]

CONTEXT_COLUMNS = (
    ("id", N_("Response ID"), "integer"),
    ("submitted_at", N_("Submitted at (Vietnam time, UTC+07:00)"), "datetime"),
    ("form_version", N_("Form version"), "integer"),
    ("service", N_("Service code"), "code"),
    ("agency", N_("Agency code"), "code"),
    ("channel", N_("Channel"), "code"),
    ("locale", N_("Response language"), "code"),
)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One published version: its row id, number and compiled definition."""

    id: int
    number: int
    form: CompiledForm


@dataclass
class _Merged:
    """A question over all versions: the newest wording, the union of options."""

    question: Question
    versions: list[int]
    choices: dict[tuple[bool, Any], Choice] = field(default_factory=dict)


def _layout(question: Question) -> Layout:
    """How the question's answers become columns: its widget's export layout.

    An array is laid out by flags whatever its widget; any other question by
    code when it has options to name its answers (options in ``oneOf`` of a
    number or text question included), else by value.
    """
    spec = question.spec
    layout: Layout = spec.export if spec is not None else "value"
    if layout == "flags" or question.type == "array":
        return "flags"
    return "code" if question.choices else "value"


def _shape(question: Question) -> str:
    """The column shape: ``multi``, ``choice``, ``number`` or ``text``."""
    layout = _layout(question)
    if layout == "flags":
        return "multi"
    if layout == "code":
        return "choice"
    if layout == "value":
        return "number" if question.type in ("integer", "number") else "text"
    raise ValueError(f"exports have no columns for the layout {layout!r}: add them here")


def _ident(value: Any) -> tuple[bool, Any]:
    return (isinstance(value, bool), value)


def _code(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return neutralize(value) if isinstance(value, str) else value


def _fallback(value: Any) -> Any:
    """A value that is not one of the known options (kept visible, made inert)."""
    if isinstance(value, list):
        return neutralize("; ".join(str(_code(item)) for item in value))
    return _code(value) if not isinstance(value, dict) else neutralize(str(value))


def merge_questions(versions: Sequence[VersionInfo]) -> list[_Merged]:
    """Questions of every version: newest order first, newest wording and labels."""
    merged: dict[str, _Merged] = {}
    for version in sorted(versions, key=lambda v: v.number, reverse=True):
        for question in version.form.questions:
            entry = merged.get(question.name)
            if entry is None:
                entry = merged[question.name] = _Merged(question, [])
            entry.versions.append(version.number)
            for choice in question.choices:
                entry.choices.setdefault(_ident(choice.value), choice)
    for entry in merged.values():
        entry.versions.sort()
    return list(merged.values())


class ResponsePlan:
    """Columns of a form's export, and rows from stored responses.

    ``services`` maps service row ids to codes, ``agency`` is the form's
    agency code (every response of a form belongs to the form's agency);
    ``mask`` (if given) is applied to free-text answers.

    The answer cells of a response depend only on its version and its
    answers, and most responses to a survey share their answers with many
    others (a rating and nothing else), so cells are kept per version and
    answers text (short texts only, a bounded number) and reused.
    """

    CACHE_ENTRIES = 4096
    CACHE_TEXT = 256

    def __init__(
        self, versions: Sequence[VersionInfo], *, locale: str = "vi",
        mask: Callable[[str], str] | None = None,
        services: Mapping[int, str] | None = None, agency: str | None = None,
    ) -> None:
        self.locale = locale
        self.mask = mask
        self.services = dict(services or {})
        self.agency = agency
        self.numbers = {version.id: version.number for version in versions}
        columns = [
            Column(key, translate(locale, header), kind, trusted=True)
            for key, header, kind in CONTEXT_COLUMNS
        ]
        self._places: dict[str, tuple[str, dict[str, int]]] = {}
        self._merged = merge_questions(versions)
        for entry in self._merged:
            start = len(columns) - len(CONTEXT_COLUMNS)
            columns.extend(self._question_columns(entry, start))
        self.columns: tuple[Column, ...] = tuple(columns)
        self._blank = [None] * (len(columns) - len(CONTEXT_COLUMNS))
        self._fillers = {version.id: self._version_fillers(version) for version in versions}
        self._cache: dict[int, dict[str, tuple[Any, ...]]] = {v.id: {} for v in versions}

    # -- columns --------------------------------------------------------------

    def _question_columns(self, entry: _Merged, start: int) -> list[Column]:
        question, locale = entry.question, self.locale
        name, title = question.name, question.title(locale)
        note = translate(locale, N_("versions {numbers}"),
                          numbers=", ".join(str(n) for n in entry.versions))
        shape = _shape(question)
        choices = list(entry.choices.values())
        codes = tuple((_code(c.value), c.label(locale)) for c in choices)
        label_header = translate(locale, N_("{name} (label)"), name=name)
        places: dict[str, int] = {}
        columns: list[Column] = []
        if shape == "multi":
            for choice in choices:
                places[choice_key(choice.value)] = start + len(columns)
                columns.append(Column(
                    f"{name}[{choice_key(choice.value)}]",
                    f"{name}[{choice_key(choice.value)}]: {choice.label(locale)}",
                    "flag", trusted=True, question=title, note=note,
                ))
            places[":label"] = start + len(columns)
            columns.append(Column(f"{name}:label", label_header, "label", trusted=True,
                                  question=title, codes=codes, note=note))
        elif shape == "choice":
            places[""] = start
            kind = ("code" if any(isinstance(c.value, str) for c in choices)
                    else "number" if any(isinstance(c.value, float) for c in choices)
                    else "integer")
            columns.append(Column(name, f"{name}: {title}", kind, trusted=True, question=title,
                                  codes=codes, note=note))
            if any(c.label(locale) != choice_key(c.value) for c in choices):
                places[":label"] = start + 1
                columns.append(Column(f"{name}:label", label_header, "label", trusted=True,
                                      question=title, note=note))
        else:
            places[""] = start
            columns.append(Column(name, f"{name}: {title}", shape, question=title, note=note))
        self._places[name] = (shape, places)
        return columns

    # -- rows -----------------------------------------------------------------

    def _version_fillers(self, version: VersionInfo) -> dict[str, Filler]:
        fillers: dict[str, Filler] = {}
        by_name = {entry.question.name: entry for entry in self._merged}
        for question in version.form.questions:
            entry = by_name[question.name]
            shape, places = self._places[question.name]
            boolean = question.type == "boolean"
            choices = [c for key, c in entry.choices.items() if key[0] == boolean]
            labels = {c.value: neutralize(c.label(self.locale)) for c in choices}
            if shape == "multi":
                offered = {c.value for c in question.choices}
                fillers[question.name] = self._multi_filler(places, labels, offered)
            elif shape == "choice":
                table = {c.value: (_code(c.value), labels[c.value]) for c in choices}
                fillers[question.name] = _choice_filler(places[""], places.get(":label"), table)
            elif shape == "text":
                fillers[question.name] = _text_filler(places[""], self.mask)
            else:
                fillers[question.name] = _number_filler(places[""])
        return fillers

    def _multi_filler(
        self, places: dict[str, int], labels: dict[Any, str], offered: set[Any]
    ) -> Filler:
        label_at = places[":label"]
        flags = {value: places[choice_key(value)] for value in labels}
        first = min((at for key, at in places.items() if key != ":label"), default=label_at)
        # 0 for the options this version offered, empty for the others
        offered_at = {at for value, at in flags.items() if value in offered}
        template = [0 if at in offered_at else None for at in range(first, label_at)]

        def fill(row: list[Any], value: Any) -> None:
            if value.__class__ is not list:
                value = [value]
            row[first:label_at] = template
            names = []
            for item in value:
                try:
                    at = flags.get(item)
                except TypeError:  # an unhashable value from a reshaped question
                    at = None
                if at is None:
                    names.append(str(_fallback(item)))
                else:
                    row[at] = 1
                    names.append(labels[item])
            row[label_at] = "; ".join(names)

        return fill

    def cells(self, version_id: int, answers: Any) -> tuple[Any, ...]:
        """The answer cells of one response (answers as JSON text or a dict)."""
        cache = self._cache.get(version_id)
        if cache is not None and answers.__class__ is str:
            found = cache.get(answers)
            if found is not None:
                return found
        cells = list(self._blank)
        if answers:
            data = orjson.loads(answers) if answers.__class__ is not dict else answers
            fill = self._fillers.get(version_id, {})
            for name, value in data.items():
                filler = fill.get(name)
                if filler is not None and value is not None:
                    filler(cells, value)
        result = tuple(cells)
        if (cache is not None and answers.__class__ is str
                and len(answers) <= self.CACHE_TEXT and len(cache) < self.CACHE_ENTRIES):
            cache[answers] = result
        return result

    def rows(self, records: Iterable[Sequence[Any]]) -> list[list[Any]]:
        """Rows from ``(id, version id, service id, channel, locale, submitted_at
        text, answers JSON)`` records."""
        out: list[list[Any]] = []
        append, numbers, services, agency = out.append, self.numbers, self.services, self.agency
        caches, cells_of, local = self._cache, self.cells, in_vietnam
        empty: dict[str, tuple[Any, ...]] = {}
        for rid, vid, sid, channel, locale, submitted, answers in records:
            cells = caches.get(vid, empty).get(answers) if answers.__class__ is str else None
            if cells is None:
                cells = cells_of(vid, answers)
            append([rid, local(submitted), numbers.get(vid), services.get(sid), agency, channel,
                    locale, *cells])
        return out


def _choice_filler(at: int, label_at: int | None, table: dict[Any, tuple[Any, str]]) -> Filler:
    def fill(row: list[Any], value: Any) -> None:
        try:
            hit = table.get(value)
        except TypeError:
            hit = None
        if hit is None:
            code = _fallback(value)
            hit = (code, str(code))
        row[at] = hit[0]
        if label_at is not None:
            row[label_at] = hit[1]

    return fill


def _text_filler(at: int, mask: Callable[[str], str] | None) -> Filler:
    if mask is None:
        def keep(row: list[Any], value: Any) -> None:
            row[at] = value if value.__class__ is str else _fallback(value)

        return keep

    def masked(row: list[Any], value: Any) -> None:
        row[at] = mask(value) if value.__class__ is str else _fallback(value)

    return masked


def _number_filler(at: int) -> Filler:
    def fill(row: list[Any], value: Any) -> None:
        row[at] = value if value.__class__ in (int, float) else _fallback(value)

    return fill
