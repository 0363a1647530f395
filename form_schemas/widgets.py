"""Widgets: how a question is presented, one specification per widget.

:data:`WIDGET_SPECS` is the one table of widgets. Everything that treats
widgets differently reads it: the profile (the ``x-widget`` names it
accepts), the question rules, the question model (where options come from),
the designer (its menu of kinds, the editor of each kind, which kinds a
question may switch between), the citizen page (which renderer draws it),
exports (how its answers become columns) and analytics (what its answers
are). A specification is data only: it names the pieces other packages
provide (a renderer macro in ``embed``, an editor partial in the designer,
rules in :mod:`form_schemas.question_rules`), and tests check that each
named piece exists. README, "Extending Phiếu", lists the files a new
widget touches.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, get_args

__all__ = [
    "QUESTION_TYPES",
    "WIDGETS",
    "WIDGET_SPECS",
    "Kind",
    "Layout",
    "Options",
    "WidgetSpec",
    "infer_widget",
    "widget_spec",
]

#: Answer types a question may have.
QUESTION_TYPES: tuple[str, ...] = ("integer", "number", "string", "boolean", "array")

#: What analytics treats the answers as.
Kind = Literal[
    "single_choice", "multiple_choice", "rating", "nps", "number", "text", "boolean"
]
#: Where the options come from: the question's ``oneOf``, the ``oneOf`` of its
#: ``items``, the whole numbers from ``minimum`` to ``maximum``, yes and no
#: (relabelled by an optional ``oneOf``), or nowhere.
Options = Literal["oneOf", "items", "range", "yes_no", "none"]
#: How exports lay the answers out: ``code`` a code column and a label column,
#: ``flags`` a 0/1 column per option and the chosen labels, ``value`` one
#: column with the answer as given (as ``code`` when the question has options).
Layout = Literal["code", "flags", "value"]

#: Simple settings the designer edits: the maximum length of a text, the
#: smallest and largest number, the number of stars.
SETTINGS = frozenset({"max_length", "bounds", "stars"})
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class WidgetSpec:
    """Everything Phiếu needs to know about one widget.

    Parameters
    ----------
    name:
        The ``x-widget`` value.
    label:
        English msgid of the widget's name in the designer's "kind of answer"
        menu; translated in ``form_schemas/locale`` (vi and en).
    types:
        The question types (``"type"``) it can present.
    kind:
        What analytics treats its answers as.
    choice:
        ``"single"``: one answer from fixed options (it may measure
        satisfaction); ``"multiple"``: several (it may list communication
        channels); ``None``: neither.
    options:
        Where its options come from.
    comparable:
        Whether a condition may compare its (numeric) answer with ≤ and ≥.
    rules:
        Names of the profile rules that apply to it
        (:data:`form_schemas.question_rules.RULES`), in order.
    renderer:
        The macro of ``embed/templates/_widgets.html`` that draws its control.
    group:
        Whether the page shows it as a group of controls under one legend
        (a ``fieldset``) rather than as one labelled control.
    editor:
        The designer's partial for its settings
        (``designer/editors/<editor>.html``), if it has any.
    family:
        Widgets of the same family present the same answers, and a question
        may switch among them in the designer.
    settings:
        Which of :data:`SETTINGS` the designer may change.
    export:
        How exports lay its answers out.
    skeleton:
        The schema of a new question (without title and widget); copied on use.
    """

    name: str
    label: str
    types: tuple[str, ...]
    kind: Kind
    renderer: str
    export: Layout
    skeleton: Mapping[str, Any] = field(compare=False)
    choice: Literal["single", "multiple"] | None = None
    options: Options = "none"
    comparable: bool = False
    rules: tuple[str, ...] = ()
    group: bool = False
    editor: str | None = None
    family: str | None = None
    settings: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        checks = [
            (bool(_NAME.fullmatch(self.name)), "name: 1 to 32 lowercase letters, digits or _"),
            (bool(self.label.strip()), "label: the English name shown in the designer"),
            (bool(self.types) and set(self.types) <= set(QUESTION_TYPES),
             f"types: some of {QUESTION_TYPES}"),
            (self.kind in get_args(Kind), f"kind: one of {get_args(Kind)}"),
            (self.choice in ("single", "multiple", None), "choice: single, multiple or None"),
            (self.options in get_args(Options), f"options: one of {get_args(Options)}"),
            (self.export in get_args(Layout), f"export: one of {get_args(Layout)}"),
            (self.settings <= SETTINGS, f"settings: some of {sorted(SETTINGS)}"),
            (bool(self.renderer.isidentifier()), "renderer: the name of a macro"),
            (self.skeleton.get("type") in self.types, "skeleton: a schema of one of its types"),
        ]
        wrong = [hint for ok, hint in checks if not ok]
        if wrong:
            raise ValueError(f"widget {self.name!r}: set " + "; ".join(wrong))

    @property
    def written_options(self) -> bool:
        """Whether the designer writes its options (codes and labels)."""
        return self.options in ("oneOf", "items")

    @property
    def made_options(self) -> bool:
        """Whether its options are made by the widget (a range, yes and no)."""
        return self.options in ("range", "yes_no")

    def new_schema(self, title: str) -> dict[str, Any]:
        """The schema of a new question of this widget titled ``title``."""
        return {"title": title, **copy.deepcopy(dict(self.skeleton)), "x-widget": self.name}


_LIKERT = ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng")
_TWO = [{"const": 1, "title": "Lựa chọn 1"}, {"const": 2, "title": "Lựa chọn 2"}]

_SPECS = (
    WidgetSpec(
        "likert", "Satisfaction scale (likert)", ("integer", "string"), kind="rating",
        choice="single", options="oneOf", comparable=True, rules=("choices",),
        renderer="choices", group=True, family="choice", export="code",
        skeleton={"type": "integer",
                  "oneOf": [{"const": 5 - i, "title": t} for i, t in enumerate(_LIKERT)]},
    ),
    WidgetSpec(
        "radio", "One choice (radio buttons)", ("integer", "string"), kind="single_choice",
        choice="single", options="oneOf", comparable=True, rules=("choices",),
        renderer="choices", group=True, family="choice", export="code",
        skeleton={"type": "integer", "oneOf": _TWO},
    ),
    WidgetSpec(
        "select", "One choice (drop-down list)", ("integer", "string"), kind="single_choice",
        choice="single", options="oneOf", comparable=True, rules=("choices",),
        renderer="select", family="choice", export="code",
        skeleton={"type": "integer", "oneOf": _TWO},
    ),
    WidgetSpec(
        "checkboxes", "Several choices (checkboxes)", ("array",), kind="multiple_choice",
        choice="multiple", options="items", rules=("checkbox_choices",),
        renderer="choices", group=True, export="flags",
        skeleton={"type": "array", "uniqueItems": True, "items": {"type": "string", "oneOf": [
            {"const": "a", "title": "Lựa chọn 1"}, {"const": "b", "title": "Lựa chọn 2"}]}},
    ),
    WidgetSpec(
        "yes_no", "Yes or no", ("boolean",), kind="boolean",
        choice="single", options="yes_no", rules=("relabelled_choices",),
        renderer="choices", group=True, export="code",
        skeleton={"type": "boolean"},
    ),
    WidgetSpec(
        "rating", "Star rating", ("integer",), kind="rating",
        choice="single", options="range", comparable=True, rules=("rating_range",),
        renderer="stars", group=True, editor="rating", settings=frozenset({"stars"}),
        export="code",
        skeleton={"type": "integer", "minimum": 1, "maximum": 5},
    ),
    WidgetSpec(
        "nps", "Recommendation 0–10 (NPS)", ("integer",), kind="nps",
        choice="single", options="range", comparable=True, rules=("nps_range",),
        renderer="choices", group=True, export="code",
        skeleton={"type": "integer", "minimum": 0, "maximum": 10},
    ),
    WidgetSpec(
        "number", "Number", ("integer", "number"), kind="number", comparable=True,
        renderer="number", editor="number", settings=frozenset({"bounds"}), export="value",
        skeleton={"type": "integer"},
    ),
    WidgetSpec(
        "date", "Date (day, month, year)", ("string",), kind="text", rules=("date_format",),
        renderer="date", group=True, export="value",
        skeleton={"type": "string", "format": "date"},
    ),
    WidgetSpec(
        "email", "E-mail address", ("string",), kind="text", rules=("email_format",),
        renderer="email", export="value",
        skeleton={"type": "string", "format": "email", "maxLength": 254},
    ),
    WidgetSpec(
        "phone", "Vietnamese phone number", ("string",), kind="text", rules=("phone_format",),
        renderer="phone", export="value",
        skeleton={"type": "string", "format": "phone-vn", "maxLength": 20},
    ),
    WidgetSpec(
        "text", "Short text", ("string",), kind="text", rules=("max_length",),
        renderer="text", editor="text", family="text", settings=frozenset({"max_length"}),
        export="value",
        skeleton={"type": "string", "maxLength": 500},
    ),
    WidgetSpec(
        "textarea", "Long text", ("string",), kind="text", rules=("max_length",),
        renderer="textarea", editor="text", family="text", settings=frozenset({"max_length"}),
        export="value",
        skeleton={"type": "string", "maxLength": 2000},
    ),
)

#: Widget name → its specification, in the order the designer offers them.
WIDGET_SPECS: Mapping[str, WidgetSpec] = MappingProxyType({s.name: s for s in _SPECS})

#: The known ``x-widget`` names.
WIDGETS: frozenset[str] = frozenset(WIDGET_SPECS)


def widget_spec(name: object) -> WidgetSpec | None:
    """The specification of the widget called ``name``, or ``None`` if unknown."""
    return WIDGET_SPECS.get(name) if isinstance(name, str) else None


_BY_TYPE: Mapping[str, str] = {
    "boolean": "yes_no",
    "array": "checkboxes",
    "string": "text",
    "integer": "number",
    "number": "number",
}


def infer_widget(schema: Mapping[str, Any]) -> str:
    """The widget of a question: its ``x-widget``, or one inferred from its type.

    Options in ``oneOf`` give ``radio``; otherwise boolean → ``yes_no``,
    array → ``checkboxes``, string → ``text``, integer/number → ``number``.
    """
    explicit = schema.get("x-widget")
    if isinstance(explicit, str):
        return explicit
    kind = schema.get("type")
    if kind in ("integer", "string") and "oneOf" in schema:
        return "radio"
    return _BY_TYPE.get(kind, "text") if isinstance(kind, str) else "text"
