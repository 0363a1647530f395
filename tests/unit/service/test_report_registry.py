"""The report registry: one specification per report, read by the API, the document and
the commands; a new report is one specification (and the function that builds it)."""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Any

import msgspec
import pytest
from litestar import Controller, Litestar
from litestar.di import Provide
from litestar.testing import TestClient

import analytics
from forms_service.auth import Principal, Role
from forms_service.errors import InvalidInput, NotFound
from forms_service.i18n import N_
from forms_service.reports import online, params, rankings
from forms_service.reports.parameters import INTERVAL_METHODS, LOCALE
from forms_service.reports.registry import REPORTS, report
from forms_service.reports.spec import Param, ReportSpec, Table, column
from forms_service.reports.specs import online_rate, satisfaction
from forms_service.reports.specs import rankings as rankings_spec

NAMES = ["satisfaction", "results", "indices", "crosstab", "excellence", "online-rate",
         "communication", "rankings", "counters", "response-rates", "weighting", "change",
         "timeliness", "trend", "unit-satisfaction", "case-handling", "collection", "sample-size"]


def test_the_registry_lists_the_reports_in_order() -> None:
    assert list(REPORTS) == NAMES
    with pytest.raises(NotFound) as caught:
        report("satisfactions")
    assert caught.value.params["reports"] == ", ".join(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_build_function_takes_the_parameters_of_its_spec(name: str) -> None:
    spec = REPORTS[name]
    signature = inspect.signature(spec.builder())
    arguments = list(signature.parameters)
    assert arguments[:2] == ["ctx", "principal"]
    for param in spec.params:
        assert param.name in signature.parameters, (name, param.name)
        default = signature.parameters[param.name].default
        if param.required:
            assert default is inspect.Parameter.empty, param.name
        else:
            assert default == param.default, (name, param.name)
    assert issubclass(spec.output, msgspec.Struct)


def test_documented_choices_are_the_checked_ones() -> None:
    assert tuple(analytics.INTERVAL_METHODS) == INTERVAL_METHODS
    assert satisfaction.GROUP_DIMENSIONS == params.GROUP_DIMENSIONS
    assert satisfaction.PERIOD_DIMENSIONS == params.PERIOD_DIMENSIONS
    for value in satisfaction.GROUP_BY.enum or ():
        params.parse_group_by(value)  # every documented value is accepted
    assert online_rate.INTERVAL.enum == online.INTERVALS
    assert rankings_spec.SOURCE.enum == rankings.SOURCES
    assert rankings_spec.KIND.enum == rankings.KINDS


def test_a_parameter_states_its_rule_and_parses_queries() -> None:
    share = Param("share", float, 0.5, exclusive_minimum=0, exclusive_maximum=1)
    assert share.rule() == {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}
    assert share.parse(" 0.25 ") == 0.25 and share.parse("") is None
    with pytest.raises(InvalidInput, match="share must be a number"):
        share.parse("half")
    count = Param("count", int, 5, minimum=1)
    assert count.parse("3") == 3 and count.rule() == {"type": "integer", "minimum": 1}
    with pytest.raises(InvalidInput, match="count must be a whole number"):
        count.parse("3.5")
    code = Param("code", max_length=4, enum=("a", "b"))
    assert code.optional and code.option == "--code" and code.rule() == {"enum": ["a", "b"]}
    with pytest.raises(InvalidInput, match="at most 4"):
        code.parse("abcde")
    with pytest.raises(ValueError):
        Param("two words")
    with pytest.raises(ValueError):
        Param("year", int, 2023, required=True)


async def _echo(ctx: Any, principal: Principal, *, locale: str | None = None,
                size: int = 2, label: str | None = None) -> EchoOut:
    return EchoOut(rows=[{"n": i, "label": label} for i in range(size)], locale=locale)


class EchoOut(msgspec.Struct):
    rows: list[dict[str, Any]]
    locale: str | None


def _spec(**changes: Any) -> ReportSpec:
    values: dict[str, Any] = {
        "name": "echo", "summary": "Echo", "build": f"{__name__}:_echo", "output": EchoOut,
        "params": (Param("size", int, 2, description="How many rows", minimum=0, maximum=9),
                   LOCALE, Param("label", description="A label", max_length=10)),
        "tables": lambda data, lang: [Table("echo", N_("Rows"), (
            column("n", N_("Rank"), "integer"), column("label", N_("Group"), optional=True)),
            data["rows"])],
    }
    return ReportSpec(**(values | changes))


def test_a_specification_is_checked_when_it_is_made() -> None:
    with pytest.raises(ValueError, match="locale"):
        _spec(params=(Param("size", int, 2),))
    with pytest.raises(ValueError, match="fmt"):
        _spec(params=(LOCALE, Param("fmt")))
    with pytest.raises(ValueError, match="twice"):
        _spec(params=(LOCALE, LOCALE))
    spec = _spec()
    assert spec.takes("size") and not spec.takes("period")
    columns, rows = spec.tables({"rows": [{"n": 1, "label": None}]}, "vi")[0].flat()
    assert [c.key for c in columns] == ["n"]  # an optional column nobody fills is left out
    assert rows == [{"n": 1, "label": None}]


def test_a_new_specification_is_an_operation_with_typed_parameters() -> None:
    """The generated handler answers with the body and documents every parameter."""
    from forms_service.context import Context
    from forms_service.db import Database, build_engine
    from forms_service.exports.controller import export_route
    from forms_service.reports.controller import analytics_route
    from forms_service.reports.routes import add_routes
    from forms_service.settings import Settings

    spec = _spec()
    admin = Principal(key_id="t", role=Role.ADMIN, agency_id=None, agency_code=None)
    settings = Settings(secret_key="s" * 32, database_url="sqlite:///unused.db")
    # never opened (echo reads nothing), and no table is bound to it
    ctx = Context(settings=settings, db=Database(build_engine(settings.database_url), settings))

    class Reports(Controller):
        path = "/reports"

    class Files(Controller):
        path = "/files"

    add_routes(Reports, [analytics_route(spec)])
    add_routes(Files, [export_route(spec)])
    app = Litestar([Reports, Files], dependencies={
        "ctx": Provide(lambda: ctx, sync_to_thread=False),
        "principal": Provide(lambda: admin, sync_to_thread=False)})
    with TestClient(app) as client:
        r = client.get("/reports/echo", params={"size": 3, "label": "x", "locale": "en"})
        assert r.status_code == 200, r.text
        assert r.json() == {"rows": [{"n": i, "label": "x"} for i in range(3)], "locale": "en"}
        assert client.get("/reports/echo", params={"size": "many"}).status_code == 400
        document = client.get("/schema/openapi.json").json()
    operation = document["paths"]["/reports/echo"]["get"]
    assert operation["operationId"] == "ReportsEchoEcho" and operation["summary"] == "Echo"
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert list(parameters) == ["size", "locale", "label"]
    assert parameters["size"]["schema"] == {"default": 2, "description": "How many rows",
                                            "type": "integer"}
    assert parameters["label"]["schema"]["maxLength"] == 10
    downloads = [p["name"] for p in document["paths"]["/files/echo"]["get"]["parameters"]]
    assert downloads == ["format", "locale", "size", "label"]


def test_the_commands_take_the_parameters_as_options() -> None:
    from forms_service.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["report", "online-rate", "--method", "jeffreys", "--target",
                              "0.4", "--group-by", "service"])
    assert (args.method, args.target, args.group_by, args.interval, args.locale) == (
        "jeffreys", 0.4, "service", "quarter", "vi")
    args = parser.parse_args(["report", "excellence", "--agency", "H29", "--year", "2025",
                              "--top-online", "3"])
    assert (args.year, args.top_online, args.per_audience) == (2025, 3, 5)
    args = parser.parse_args(["report", "rankings", "--import", "scores.json"])
    assert args.import_file == "scores.json" and args.min_n == 30
    with pytest.raises(SystemExit):  # the command line acts nationally: it names the agency
        parser.parse_args(["report", "excellence", "--year", "2025"])
    args = parser.parse_args(["export", "report", "online-rate", "--interval", "year"])
    assert (args.name, args.interval, args.group_by, args.format) == (
        "online-rate", "year", None, "csv")


def test_the_document_rules_come_from_the_parameters() -> None:
    from forms_service.openapi import QUERY_RULES

    rule = QUERY_RULES[(r"^/api/v1/analytics/online\-rate$", "interval")]
    assert rule == {"enum": ["month", "quarter", "year"]}
    assert QUERY_RULES[(r"^/api/v1/exports/satisfaction$", "format")] == {
        "pattern": "^(csv|xlsx|json)?$"}
    assert QUERY_RULES[(r"^/api/v1/exports/excellence$", "year")] == {
        "type": "integer", "minimum": 2000, "maximum": 2100}
    for spec in REPORTS.values():
        for param in spec.params:
            if param.rule():
                path = rf"^/api/v1/analytics/{re.escape(spec.name)}$"
                assert QUERY_RULES[(path, param.name)] == param.rule()


def test_every_report_can_be_printed_from_its_tables() -> None:
    """A report without a printer of its own prints its tables."""
    from forms_service.reports.cli import table_rows, table_text

    spec = dataclasses.replace(_spec(), text=None, rows=None)
    body = EchoOut(rows=[{"n": 1, "label": "một"}, {"n": 12, "label": None}], locale="vi")
    text = table_text(spec, body, "en")
    assert text.splitlines()[0] == "Rows"
    assert "Rank" in text and "một" in text
    assert table_rows(spec, msgspec.to_builtins(body), "vi") == body.rows


def test_results_filters_document_the_checked_choices() -> None:
    from forms_service.channels import CHANNELS
    from forms_service.reports.specs import results as results_spec
    from forms_service.results.report import AUDIENCES

    assert results_spec.CHANNEL.enum == tuple(CHANNELS)
    assert results_spec.AUDIENCE.enum == AUDIENCES
