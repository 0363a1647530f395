"""Quality rankings of agencies with ties and grades A–E (seed 003, appendix)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from forms_service.errors import InvalidInput
from forms_service.i18n import N_
from forms_service.reports import render
from forms_service.reports.parameters import LOCALE, MIN_N, PERIOD_PARAM
from forms_service.reports.render import tr
from forms_service.reports.schemas import QualityScoresIn, RankingReportOut
from forms_service.reports.spec import (
    CommandExtras,
    Param,
    ReportSpec,
    Step,
    Table,
    column,
)

__all__ = ["GRADES", "RANKINGS", "SPEC"]

SOURCE = Param("source", str, "imported", description="imported or satisfaction", max_length=20,
               enum=("imported", "satisfaction"))
KIND = Param("kind", description="ministry, province or other", max_length=20,
             enum=("ministry", "province", "other"))

RANKINGS = (
    column("kind", N_("Agency kind"), "code"),
    column("title", N_("Table"), "label"),
    column("rank", N_("Rank"), "integer"),
    column("agency", N_("Agency code"), "code"),
    column("name", N_("Agency"), "text"),
    column("score", N_("Score"), "number"),
    column("grade", N_("Grade"), "code"),
)

GRADES = (
    column("kind", N_("Agency kind"), "code"),
    column("title", N_("Table"), "label"),
    column("grade", N_("Grade"), "code"),
    column("count", N_("Agencies"), "integer"),
    column("share", N_("Share"), "percent"),
    column("line", N_("Line of the appendix"), "label"),
)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """The ranked agencies of every block, and the grade distribution of each."""
    ranked = [{"kind": b["kind"], "title": b["title"], **row}
              for b in data["blocks"] for row in b["rows"]]
    grades = [{"kind": b["kind"], "title": b["title"], **g, "line": line}
              for b in data["blocks"]
              for g, line in zip(b["distribution"], b["distribution_lines"], strict=False)]
    return [Table("rankings", N_("Rankings"), RANKINGS, ranked),
            Table("grades", N_("Grades"), GRADES, grades)]


def rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The ranked agencies (``phieu report rankings --format csv``)."""
    return [{"kind": block["kind"], **row} for block in data["blocks"] for row in block["rows"]]


def text(body: RankingReportOut, lang: str) -> str:
    """Each block: its agencies aligned, then the appendix lines of its grades."""
    parts: list[str] = []
    for block in body.blocks:
        mean = render.number(block.mean_score, lang, digits=0) or "—"
        parts += [f"{block.title} ({block.count}) — {tr(lang, 'mean')}: {mean}"]
        lines = [[r.rank, r.name, r.grade, render.number(r.score, lang)] for r in block.rows]
        headings = [tr(lang, w) for w in ("rank", "agency", "grade", "score")]
        parts += [render.table(headings, lines, right=[0, 3]), "", *block.distribution_lines, ""]
    return "\n".join(parts).rstrip() if parts else tr(lang, "no_rows")


def _arguments(parser: Any) -> None:
    parser.add_argument("--import", dest="import_file", metavar="FILE.json",
                        help='import {"period", "source", "scores": [{"agency", "score"}]} first')


def _before(args: Any) -> Step | None:
    """``--import FILE``: read the scores now, store them before the ranking."""
    if not args.import_file:
        return None
    try:
        raw = json.loads(Path(args.import_file).read_text(encoding="utf-8"))
        payload = msgspec.convert(raw, QualityScoresIn)
    except (OSError, ValueError, msgspec.ValidationError) as exc:
        raise InvalidInput("The file {file} cannot be imported: {detail}",
                           file=args.import_file, detail=str(exc)[:200]) from None

    async def step(ctx: Any, params: dict[str, Any]) -> dict[str, Any]:
        from forms_service.reports.rankings import import_quality_scores

        done = await import_quality_scores(ctx, None, payload)  # the database's own rights
        print(f"imported {done.imported} score(s) for {done.period} ({done.replaced} replaced)")
        return {**params, "period": params.get("period") or payload.period}

    return step


SPEC = ReportSpec(
    name="rankings",
    order=50,
    summary="Agencies ranked by quality score with ties and grades A–E",
    download_summary="Agencies ranked and graded, as a file (analyst)",
    params=(PERIOD_PARAM, MIN_N, LOCALE, SOURCE, KIND),
    build="forms_service.reports.rankings:rankings_report",
    output=RankingReportOut,
    tables=tables,
    text=text,
    rows=rows,
    command=CommandExtras(arguments=_arguments, before=_before),
)
