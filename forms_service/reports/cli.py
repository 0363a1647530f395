"""``phieu report …`` and ``phieu aggregates rebuild``.

The commands call the same service functions as the API, with the rights of
the national office (they run on the server with its database settings),
and print the same tables: aligned (``--format table``, numbers formatted
for ``--locale``), CSV or JSON (the API body).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import msgspec

from forms_service.auth import Principal, Role
from forms_service.errors import InvalidInput
from forms_service.i18n import DEFAULT_LOCALE, LOCALES
from forms_service.reports import render
from forms_service.reports.render import tr

__all__ = ["register"]

OPERATOR = Principal(key_id="cli", role=Role.ADMIN, agency_id=None, agency_code=None)
Work = Callable[[Any], Awaitable[Any]]


def _run(work: Work) -> Any:
    from forms_service.cli import _settings, _with_database

    return asyncio.run(_with_database(_settings(argparse.Namespace()), work))


def _emit(args: argparse.Namespace, body: Any, printer: Callable[[Any, str], str],
          rows: Callable[[dict[str, Any]], list[dict[str, Any]]]) -> int:
    if args.format == "json":
        print(render.as_json(body))
    elif args.format == "csv":
        print(render.as_csv(rows(msgspec.to_builtins(body))))
    else:
        print(printer(body, args.locale))
    return 0


def _stat_options(parser: argparse.ArgumentParser, *, method: bool = True) -> None:
    parser.add_argument("--threshold", type=float, default=0.9, help="default 0.9")
    parser.add_argument("--confidence-level", type=float, default=0.95, help="default 0.95")
    if method:
        parser.add_argument("--method", default="wilson",
                            help="wilson (default), clopper-pearson or jeffreys")
    parser.add_argument("--min-n", type=int, default=30, help="fewest answers for a verdict")


def cmd_satisfaction(args: argparse.Namespace) -> int:
    from forms_service.reports.satisfaction import satisfaction_report

    body = _run(lambda ctx: satisfaction_report(
        ctx, OPERATOR, group_by=args.group_by, agency=args.agency, form=args.form,
        period=args.period, threshold=args.threshold, confidence_level=args.confidence_level,
        method=args.method, min_n=args.min_n, locale=args.locale))
    return _emit(args, body, _print_satisfaction, lambda b: [render.flatten(r)
                                                              for r in b["rows"]])


def _print_satisfaction(body: Any, lang: str) -> str:
    periods = any(row.period for row in body.rows)
    headings = ([tr(lang, "period")] if periods else []) + [
        tr(lang, w) for w in ("rank", "group", "answers", "satisfied", "rate", "interval",
                              "pvalue", "adjusted", "verdict", "shrunk")]
    rows = [([row.period] if periods else []) + [
        row.rank, row.label or row.key, row.n, row.satisfied, row.rate_text, row.ci_text,
        render.pvalue(row.pvalue, lang), render.pvalue(row.pvalue_adjusted, lang),
        row.verdict_text, row.shrunk_rate_text] for row in body.rows]
    shift = 1 if periods else 0
    return render.table(headings, rows, right=[i + shift for i in (0, 2, 3, 4, 6, 7, 9)])


def cmd_excellence(args: argparse.Namespace) -> int:
    from forms_service.reports.excellence import excellence_report

    body = _run(lambda ctx: excellence_report(
        ctx, OPERATOR, agency=args.agency, year=args.year, per_audience=args.per_audience,
        threshold=args.threshold, confidence_level=args.confidence_level, min_n=args.min_n,
        locale=args.locale))

    def rows(b: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"section": section, **render.flatten(c)}
                for section in ("citizen", "business", "excluded") for c in b[section]]

    return _emit(args, body, _print_excellence, rows)


def _print_excellence(body: Any, lang: str) -> str:
    parts = [f"{body.agency} {body.agency_name} — {body.year}"]
    for section in ("citizen", "business", "excluded"):
        candidates = getattr(body, section)
        headings = [tr(lang, w) for w in ("position", "service", "name", "online_dossiers",
                                          "rate", "verdict", "criteria")]
        if section == "excluded":
            headings[0] = tr(lang, "reason")
        rows = [[c.reason_text if section == "excluded" else c.position, c.service, c.name,
                 c.evidence.online_dossiers, c.evidence.satisfaction.rate_text,
                 c.evidence.satisfaction.verdict_text, "; ".join(c.criteria_text or [])]
                for c in candidates]
        parts += ["", tr(lang, section),
                  render.table(headings, rows, right=[3, 4]) if rows else tr(lang, "no_rows")]
    return "\n".join(parts)


def cmd_online_rate(args: argparse.Namespace) -> int:
    from forms_service.reports.online import online_rate_report

    body = _run(lambda ctx: online_rate_report(
        ctx, OPERATOR, agency=args.agency, period=args.period, interval=args.interval,
        group_by=args.group_by, target=args.target, confidence_level=args.confidence_level,
        locale=args.locale))
    return _emit(args, body, _print_online, lambda b: [render.flatten(r) for r in b["rows"]])


def _print_online(body: Any, lang: str) -> str:
    by_service = body.group_by == "service"
    headings = [tr(lang, w) for w in ("agency", "period", "total", "online", "online_share",
                                      "interval", "gap", "target", "self_share")]
    if by_service:
        headings.insert(1, tr(lang, "service"))
    rows = []
    for r in body.rows:
        row = [r.agency_name, r.period, r.total, r.online, r.online_share_text,
               r.online_ci_text, r.gap_points_text, r.target_text, r.self_share_text]
        if by_service:
            row.insert(1, r.service)
        rows.append(row)
    shift = 1 if by_service else 0
    right = [i + shift for i in (2, 3, 4, 6, 8)]
    return render.table(headings, rows, right=right) if rows else tr(lang, "no_rows")


def cmd_communication(args: argparse.Namespace) -> int:
    from forms_service.reports.communication import communication_report

    body = _run(lambda ctx: communication_report(
        ctx, OPERATOR, agency=args.agency, form=args.form, period=args.period,
        campaign_start=args.campaign_start, confidence_level=args.confidence_level,
        locale=args.locale))

    def rows(b: dict[str, Any]) -> list[dict[str, Any]]:
        reach = {r["channel"]: r for r in b["reach"]}
        return [{"channel": e["channel"], "reached": reach[e["channel"]]["reached"],
                 "reach_share": reach[e["channel"]]["share"],
                 **render.flatten({k: v for k, v in e.items() if k != "channel"})}
                for e in b["effects"]]

    return _emit(args, body, _print_communication, rows)


def _print_communication(body: Any, lang: str) -> str:
    parts = [f"{tr(lang, 'respondents')}: {body.n}", ""]
    rows = [[r.label, r.reached, r.share_text, r.ci_text] for r in body.reach]
    headings = [tr(lang, w) for w in ("channel", "reached", "share", "interval")]
    parts.append(render.table(headings, rows, right=[1, 2]) if rows else tr(lang, "no_rows"))
    labels = {r.channel: r.label for r in body.reach}
    effects = [[labels.get(e.channel, e.channel), tr(lang, e.outcome), e.reached.rate_text,
                e.not_reached.rate_text, e.difference.difference_text, e.difference.ci_text,
                render.pvalue(e.difference.pvalue, lang)] for e in body.effects]
    if effects:
        headings = [tr(lang, w) for w in ("channel", "outcome", "reached_rate",
                                          "not_reached_rate", "difference", "interval",
                                          "pvalue")]
        parts += ["", render.table(headings, effects, right=[2, 3, 4, 6])]
    if body.before_after:
        rows = [[tr(lang, c.outcome), c.before.rate_text, c.after.rate_text,
                 c.difference.difference_text, c.difference.ci_text,
                 render.pvalue(c.difference.pvalue, lang)]
                for c in body.before_after]
        headings = [tr(lang, w) for w in ("outcome", "before", "after", "difference",
                                          "interval", "pvalue")]
        parts += ["", f"{body.campaign_start}", render.table(headings, rows, right=[1, 2, 3, 5])]
    return "\n".join(parts)


def cmd_rankings(args: argparse.Namespace) -> int:
    from forms_service.reports.rankings import import_quality_scores, rankings_report
    from forms_service.reports.schemas import QualityScoresIn

    payload = None
    if args.import_file:
        try:
            raw = json.loads(Path(args.import_file).read_text(encoding="utf-8"))
            payload = msgspec.convert(raw, QualityScoresIn)
        except (OSError, ValueError, msgspec.ValidationError) as exc:
            raise InvalidInput("The file {file} cannot be imported: {detail}",
                               file=args.import_file, detail=str(exc)[:200]) from None

    async def work(ctx: Any) -> Any:
        if payload is not None:
            done = await import_quality_scores(ctx, OPERATOR, payload)
            print(f"imported {done.imported} score(s) for {done.period}"
                  f" ({done.replaced} replaced)")
        return await rankings_report(ctx, OPERATOR, period=args.period or (
            payload.period if payload else None), source=args.source, kind=args.kind,
            min_n=args.min_n, locale=args.locale)

    body = _run(work)

    def rows(b: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"kind": block["kind"], **row} for block in b["blocks"] for row in block["rows"]]

    return _emit(args, body, _print_rankings, rows)


def _print_rankings(body: Any, lang: str) -> str:
    parts: list[str] = []
    for block in body.blocks:
        mean = render.number(block.mean_score, lang, digits=0) if block.mean_score else None
        parts += [f"{block.title} ({block.count}) — {tr(lang, 'mean')}: {mean}"]
        rows = [[r.rank, r.name, r.grade, render.number(r.score, lang)]
                for r in block.rows]
        headings = [tr(lang, w) for w in ("rank", "agency", "grade", "score")]
        parts += [render.table(headings, rows, right=[0, 3]), "", *block.distribution_lines, ""]
    return "\n".join(parts).rstrip() if parts else tr(lang, "no_rows")


def cmd_rebuild(args: argparse.Namespace) -> int:
    from forms_service.reports.aggregates import rebuild_aggregates

    count = _run(lambda ctx: rebuild_aggregates(ctx.db))
    print(f"rebuilt {count} aggregate row(s) from the responses")
    return 0


def register(sub: Any) -> None:
    """Add ``report`` and ``aggregates`` to the ``phieu`` subcommands."""
    report = sub.add_parser("report", help="print the analytics reports")
    reports = report.add_subparsers(dest="report_command", required=True, metavar="REPORT")

    def add(name: str, help_text: str, func: Callable[[argparse.Namespace], int],
            ) -> argparse.ArgumentParser:
        parser = reports.add_parser(name, help=help_text)
        parser.add_argument("--locale", default=DEFAULT_LOCALE, choices=LOCALES)
        parser.add_argument("--format", default="table", choices=["table", "csv", "json"])
        parser.set_defaults(func=func)
        return parser

    sat = add("satisfaction", "satisfaction rates, intervals, verdicts, ranks", cmd_satisfaction)
    sat.add_argument("--group-by", default="service",
                     help="service, agency, form, audience [,month|quarter|year]")
    sat.add_argument("--agency")
    sat.add_argument("--form")
    sat.add_argument("--period", help="2023, 2023-Q3 or 2023-07")
    _stat_options(sat)
    exc = add("excellence", "excellent full-online services to nominate", cmd_excellence)
    exc.add_argument("--agency", required=True)
    exc.add_argument("--year", type=int, required=True)
    exc.add_argument("--per-audience", type=int, default=5)
    _stat_options(exc, method=False)
    onl = add("online-rate", "online and self-submitted dossier shares", cmd_online_rate)
    onl.add_argument("--agency")
    onl.add_argument("--period")
    onl.add_argument("--interval", default="quarter", help="month, quarter (default) or year")
    onl.add_argument("--group-by", default="agency", help="agency (default) or service")
    onl.add_argument("--target", type=float, default=0.5)
    onl.add_argument("--confidence-level", type=float, default=0.95)
    com = add("communication", "channel reach and outcomes", cmd_communication)
    com.add_argument("--agency")
    com.add_argument("--form")
    com.add_argument("--period")
    com.add_argument("--campaign-start", help="YYYY-MM-DD: compare before and after")
    com.add_argument("--confidence-level", type=float, default=0.95)
    rank = add("rankings", "agencies ranked by quality score, with grades", cmd_rankings)
    rank.add_argument("--period", help="e.g. 2023 (required unless the import names it)")
    rank.add_argument("--source", default="imported", choices=["imported", "satisfaction"])
    rank.add_argument("--kind", choices=["ministry", "province", "other"])
    rank.add_argument("--min-n", type=int, default=30)
    rank.add_argument("--import", dest="import_file", metavar="FILE.json",
                      help='import {"period", "source", "scores": [{"agency", "score"}]} first')

    aggregates = sub.add_parser("aggregates", help="response aggregates behind the reports")
    actions = aggregates.add_subparsers(dest="aggregates_command", required=True,
                                        metavar="ACTION")
    rebuild = actions.add_parser("rebuild", help="recompute every aggregate from the responses")
    rebuild.set_defaults(func=cmd_rebuild)
