"""What a report is: its parameters, how it is built, its tables, how it prints.

A :class:`ReportSpec` is the one description of an analytics report that
every consumer reads (:mod:`forms_service.reports.registry` collects them):
the analytics API and its OpenAPI document (``GET /api/v1/analytics/<name>``),
report exports (``GET /api/v1/exports/<name>``, ``phieu export report
<name>``), dashboard downloads and ``phieu report <name>``.

This module imports no web framework and no statistics: the command line
reads every specification when it starts, and a specification names the
function that builds its report by its import path, loaded on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import msgspec

from forms_service.auth import Role
from forms_service.errors import InvalidInput
from forms_service.i18n import translate

__all__ = [
    "RESERVED",
    "ColumnSpec",
    "CommandExtras",
    "Param",
    "ReportSpec",
    "Table",
    "column",
    "flatten",
    "formatted",
]

#: Names a report parameter may not take: the generated handlers and
#: commands use them for themselves.
RESERVED = frozenset({"self", "request", "ctx", "principal", "fmt", "format", "output", "name"})
_TYPES = (str, int, float)
_JSON_TYPES = {int: "integer", float: "number"}


@dataclass(frozen=True)
class Param:
    """A query parameter of a report, and the option of its commands.

    Attributes
    ----------
    name : str
        The query parameter and the keyword of the build function
        (``group_by``); the command-line option is ``--group-by``.
    type : type
        ``str``, ``int`` or ``float``.
    default : object
        The value when the parameter is not given. ``None`` means "not
        given" and makes the parameter ``type | None``.
    required : bool
        The parameter must be given (it has no default).
    description : str or None
        What it means and takes, for the OpenAPI document and ``--help``.
    max_length : int or None
        The longest text accepted before the report runs (strings).
    pattern, enum, minimum, maximum, exclusive_minimum, exclusive_maximum
        What the report accepts, stated in the OpenAPI document. The report
        checks the values itself, with messages that say what to write.
    cli_choices : bool
        Offer ``enum`` as the choices of the command-line option (turn off
        for long enumerations, such as every ``group_by`` combination).
    cli_required : bool
        The commands require the option although the API does not: the
        command line acts as the national office, which must name what the
        API takes from an agency's key.
    """

    name: str
    type: type = str
    default: Any = None
    required: bool = False
    description: str | None = None
    max_length: int | None = None
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    cli_choices: bool = True
    cli_required: bool = False

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"a parameter needs a Python name; got {self.name!r}")
        if self.type not in _TYPES:
            raise ValueError(f"parameter {self.name}: the type must be str, int or float")
        if self.required and self.default is not None:
            raise ValueError(f"parameter {self.name}: a required parameter has no default")

    @property
    def optional(self) -> bool:
        """Whether the parameter may be left out without a default (``type | None``)."""
        return not self.required and self.default is None

    @property
    def option(self) -> str:
        """The command-line option: ``--group-by``."""
        return "--" + self.name.replace("_", "-")

    def rule(self) -> dict[str, Any]:
        """The JSON-Schema constraints of the OpenAPI document (empty if none)."""
        rule: dict[str, Any] = {}
        bounds = {"minimum": self.minimum, "maximum": self.maximum,
                  "exclusiveMinimum": self.exclusive_minimum,
                  "exclusiveMaximum": self.exclusive_maximum}
        if any(value is not None for value in bounds.values()):
            rule["type"] = _JSON_TYPES.get(self.type, "string")
            rule.update({key: value for key, value in bounds.items() if value is not None})
        if self.pattern is not None:
            rule["pattern"] = self.pattern
        if self.enum is not None:
            rule["enum"] = list(self.enum)
        return rule

    def parse(self, text: str | None) -> Any:
        """The value of a query string (``None`` when empty), or ``InvalidInput``."""
        if text is None or not text.strip():
            return None
        text = text.strip()
        if self.type is str:
            if self.max_length is not None and len(text) > self.max_length:
                raise InvalidInput("{name} must be at most {length} characters long.",
                                   name=self.name, length=self.max_length)
            return text
        try:
            return self.type(text)
        except ValueError:
            if self.type is int:
                raise InvalidInput("{name} must be a whole number.", name=self.name) from None
            raise InvalidInput("{name} must be a number.", name=self.name) from None


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a report table: where its value is, its header and kind.

    ``key`` is a dotted path into a table item (``evidence.satisfaction.rate``),
    ``header`` an English msgid (``"Reached: rate"`` is translated piece by
    piece), ``kind`` one of :data:`forms_service.exports.writers.KINDS`.
    """

    key: str
    header: str
    kind: str = "text"
    optional: bool = False  # left out when no row has a value
    formatted: bool = False  # a number formatted by the report: safe for spreadsheets

    def heading(self, lang: str) -> str:
        """The header in ``lang``."""
        return ": ".join(translate(lang, part) for part in self.header.split(": "))


def column(key: str, header: str, kind: str = "text", *, optional: bool = False) -> ColumnSpec:
    """A column of raw values."""
    return ColumnSpec(key, header, kind, optional)


def formatted(key: str, header: str) -> ColumnSpec:
    """A column of numbers the report formatted for the locale (``rate_text``)."""
    return ColumnSpec(key, header, "text", formatted=True)


def flatten(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts to one level with dotted keys; lists joined with ``"; "``."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, dict):
            out.update(flatten(item, f"{prefix}{key}."))
        elif isinstance(item, list):
            out[f"{prefix}{key}"] = "; ".join(str(v) for v in item)
        else:
            out[f"{prefix}{key}"] = item
    return out


@dataclass(frozen=True)
class Table:
    """One table of a report: a sheet of a workbook, a section of a CSV file.

    ``title`` is an English msgid; ``items`` are the rows as the report's
    body has them (nested dicts), which ``columns`` pick from.
    """

    key: str
    title: str
    columns: Sequence[ColumnSpec]
    items: list[dict[str, Any]]

    def flat(self) -> tuple[list[ColumnSpec], list[dict[str, Any]]]:
        """The columns that some row fills (or that are not optional), and the flat rows."""
        rows = [flatten(item) for item in self.items]
        kept = [c for c in self.columns
                if not c.optional or any(row.get(c.key) is not None for row in rows)]
        return kept, rows


Step = Callable[[Any, dict[str, Any]], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class CommandExtras:
    """What ``phieu report <name>`` does beyond the report's parameters.

    ``arguments`` adds options to the command's parser; ``before`` reads
    them (before the database opens: files, say) and may return a step
    that runs in the database before the report and returns the
    parameters to run it with.
    """

    arguments: Callable[[Any], None]
    before: Callable[[Any], Step | None]


@dataclass(frozen=True)
class ReportSpec:
    """An analytics report, for every place that offers it.

    Attributes
    ----------
    name : str
        ``satisfaction``: the path ``/api/v1/analytics/<name>``, the command
        ``phieu report <name>``, the ``dataset`` of ``export_audit``.
    summary : str
        One line: the analytics operation's summary and the command's help.
    params : tuple of Param
        The query parameters, in the order of the document: the shared
        ones, ``locale`` (every report takes it), then the report's own.
        Required parameters come first wherever they are listed.
    build : str
        ``"module:function"`` of ``async (ctx, principal, *, locale,
        **params) -> output``; it checks its parameters and the caller's
        agency and returns the body.
    output : type
        The ``msgspec.Struct`` of the body (the API's response schema).
    tables : callable
        ``(body as builtins, lang) -> [Table]``: the body laid out as the
        tables of the exports and downloads.
    download_summary : str or None
        The summary of ``GET /api/v1/exports/<name>``; ``{formats}`` names
        the formats (default: "The <name> report as {formats} (analyst)").
    text : callable or None
        ``(body, lang) -> str`` printed by ``phieu report`` (default: the
        tables, aligned).
    rows : callable or None
        ``(body as builtins) -> [dict]``, the rows of ``phieu report
        --format csv`` (default: the tables' rows).
    roles : tuple of Role
        Who may read the report (admins always may).
    order : int
        Where the report comes in lists (the API, the commands, messages).
    command : CommandExtras or None
        Options of ``phieu report <name>`` beyond the parameters.
    """

    name: str
    summary: str
    params: tuple[Param, ...]
    build: str
    output: type[msgspec.Struct]
    tables: Callable[[dict[str, Any], str], list[Table]]
    download_summary: str | None = None
    text: Callable[[Any, str], str] | None = None
    rows: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None
    roles: tuple[Role, ...] = (Role.ANALYST,)
    order: int = 100
    command: CommandExtras | None = None
    _names: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    def __post_init__(self) -> None:
        names = [param.name for param in self.params]
        taken = RESERVED.intersection(names)
        if taken:
            raise ValueError(f"report {self.name}: the commands and handlers use the names "
                             f"{', '.join(sorted(taken))} for themselves")
        if len(set(names)) != len(names):
            raise ValueError(f"report {self.name}: a parameter is listed twice")
        if "locale" not in names:
            raise ValueError(f"report {self.name}: every report takes locale")
        if ":" not in self.build:
            raise ValueError(f"report {self.name}: build is 'module:function'")
        object.__setattr__(self, "_names", frozenset(names))

    def takes(self, name: str) -> bool:
        """Whether the report has a parameter ``name``."""
        return name in self._names

    def ordered(self) -> list[Param]:
        """The parameters, required ones first (otherwise in the listed order)."""
        return sorted(self.params, key=lambda param: not param.required)

    def builder(self) -> Callable[..., Awaitable[msgspec.Struct]]:
        """The build function (imported on first use)."""
        return _load(self.build)


@cache
def _load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)
