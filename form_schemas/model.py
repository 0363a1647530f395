"""Questions and options as read from a definition, with their translations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from form_schemas.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from form_schemas.messages import label
from form_schemas.refs import resolve
from form_schemas.widgets import WidgetSpec, infer_widget, widget_spec

__all__ = ["Choice", "Question", "build_questions", "choice_key", "texts", "translations"]

ChoiceValue = int | float | str | bool


def choice_key(value: object) -> str:
    """The text key of an option value, as used in ``translations``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class Choice:
    """One option of a question: its stored value and its labels by locale."""

    value: ChoiceValue
    labels: dict[str, str] = field(default_factory=dict, hash=False)

    def label(self, locale: str = DEFAULT_LOCALE) -> str:
        """The label in ``locale``, falling back to Vietnamese."""
        return self.labels.get(locale) or self.labels.get(DEFAULT_LOCALE) or choice_key(self.value)


@dataclass(frozen=True)
class Question:
    """One question (a property of the definition), ready for rendering and checks."""

    name: str
    widget: str
    type: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    minimum: int | float | None = None
    maximum: int | float | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    show_if: dict[str, Any] | None = field(default=None, hash=False, compare=False)
    titles: dict[str, str] = field(default_factory=dict, hash=False)
    descriptions: dict[str, str] = field(default_factory=dict, hash=False)
    schema: dict[str, Any] = field(default_factory=dict, hash=False, compare=False, repr=False)

    @property
    def spec(self) -> WidgetSpec | None:
        """The specification of the question's widget (``None`` for an unknown one)."""
        return widget_spec(self.widget)

    def title(self, locale: str = DEFAULT_LOCALE) -> str:
        """The question text in ``locale``, falling back to Vietnamese."""
        return self.titles.get(locale) or self.titles.get(DEFAULT_LOCALE, "")

    def description(self, locale: str = DEFAULT_LOCALE) -> str | None:
        """The help text in ``locale`` (falling back to Vietnamese), if any."""
        return self.descriptions.get(locale) or self.descriptions.get(DEFAULT_LOCALE)

    def choice_label(self, value: object, locale: str = DEFAULT_LOCALE) -> str:
        """The label of the option with ``value`` (or its text form) in ``locale``."""
        for choice in self.choices:
            if _same(choice.value, value):
                return choice.label(locale)
        wanted = choice_key(value)
        for choice in self.choices:
            if choice_key(choice.value) == wanted:
                return choice.label(locale)
        return wanted

    @cached_property
    def item_type(self) -> str | None:
        """For checkboxes: ``"integer"`` or ``"string"``, from the options."""
        if self.type != "array":
            return None
        items = self.schema.get("items")
        declared = items.get("type") if isinstance(items, dict) else None
        if declared in ("integer", "string"):
            return str(declared)
        values = [choice.value for choice in self.choices]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "integer"
        return "string"

    def has_value(self, value: object) -> bool:
        """Whether ``value`` is one of the options."""
        return any(_same(choice.value, value) for choice in self.choices)


def _same(left: object, right: object) -> bool:
    return isinstance(left, bool) == isinstance(right, bool) and left == right


def translations(definition: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``x-survey.translations`` restricted to supported locales with object values."""
    survey = definition.get("x-survey")
    found = survey.get("translations") if isinstance(survey, dict) else None
    if not isinstance(found, dict):
        return {}
    return {
        locale: entry
        for locale, entry in found.items()
        if locale in SUPPORTED_LOCALES and isinstance(entry, dict)
    }


def texts(base: object, translated: Mapping[str, object]) -> dict[str, str]:
    """``{"vi": base, <locale>: text …}`` keeping only non-empty strings."""
    result: dict[str, str] = {}
    if isinstance(base, str) and base:
        result[DEFAULT_LOCALE] = base
    for locale, text in translated.items():
        if isinstance(text, str) and text:
            result[locale] = text
    return result


def build_questions(definition: Mapping[str, Any]) -> tuple[Question, ...]:
    """The questions of ``definition`` in declaration order (best effort on bad input)."""
    properties = definition.get("properties")
    if not isinstance(properties, dict):
        return ()
    required = definition.get("required")
    required_names = set(required) if isinstance(required, list) else set()
    required_names = {name for name in required_names if isinstance(name, str)}
    by_locale = translations(definition)
    questions = []
    for name, raw in properties.items():
        if not isinstance(raw, dict):
            continue
        schema = resolve(raw, dict(definition))
        own = {
            locale: entry.get("properties", {}).get(name)
            for locale, entry in by_locale.items()
            if isinstance(entry.get("properties"), dict)
        }
        own = {locale: item for locale, item in own.items() if isinstance(item, dict)}
        questions.append(_question(name, schema, name in required_names, own))
    return tuple(questions)


def _question(
    name: str, schema: dict[str, Any], required: bool, own: dict[str, dict[str, Any]]
) -> Question:
    kind = schema.get("type")
    widget = infer_widget(schema)
    show_if = schema.get("x-show-if")
    return Question(
        name=name,
        widget=widget,
        type=kind if isinstance(kind, str) else "string",
        required=required,
        choices=_choices(widget, schema, own),
        minimum=_number(schema.get("minimum")),
        maximum=_number(schema.get("maximum")),
        max_length=_integer(schema.get("maxLength")),
        min_items=_integer(schema.get("minItems")),
        max_items=_integer(schema.get("maxItems")),
        show_if=show_if if isinstance(show_if, dict) else None,
        titles=texts(schema.get("title"), {k: v.get("title") for k, v in own.items()}),
        descriptions=texts(
            schema.get("description"), {k: v.get("description") for k, v in own.items()}
        ),
        schema=schema,
    )


def _choices(
    widget: str, schema: dict[str, Any], own: dict[str, dict[str, Any]]
) -> tuple[Choice, ...]:
    translated: dict[str, dict[str, Any]] = {
        locale: item["choices"]
        for locale, item in own.items()
        if isinstance(item.get("choices"), dict)
    }
    spec = widget_spec(widget)
    source = spec.options if spec is not None else "none"
    options: object = schema.get("oneOf")
    if source == "items":
        items = schema.get("items")
        options = items.get("oneOf") if isinstance(items, dict) else None
    pairs: list[tuple[ChoiceValue, dict[str, str]]] = []
    if isinstance(options, list) and options:
        for option in options:
            if isinstance(option, dict) and _is_value(option.get("const")):
                pairs.append((option["const"], texts(option.get("title"), {})))
    elif source == "range":
        low, high = _integer(schema.get("minimum")), _integer(schema.get("maximum"))
        if low is not None and high is not None and 0 <= high - low <= 100:
            pairs = [(n, {DEFAULT_LOCALE: str(n)}) for n in range(low, high + 1)]
    elif source == "yes_no":
        pairs = [
            (value, {locale: label(locale, key) for locale in SUPPORTED_LOCALES})
            for value, key in ((True, "yes"), (False, "no"))
        ]
    return tuple(
        Choice(
            value,
            {
                **labels,
                **texts(None, {k: v.get(choice_key(value)) for k, v in translated.items()}),
            },
        )
        for value, labels in pairs
    )


def _is_value(value: object) -> bool:
    return isinstance(value, int | float | str | bool)


def _number(value: object) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _integer(value: object) -> int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
