"""Demo data of the reports: the 2023 quality appendix (seed 003) and the aggregates.

The 20 ministries and 63 provinces of the appendix become agencies (those
the demo already has are reused: Bộ Tư pháp G14, UBND tỉnh Hải Dương H29,
UBND tỉnh Hà Nam H26) and their 2023 scores are imported, so that
``phieu report rankings --period 2023`` prints the appendix ranking. The
aggregates are rebuilt because the demo inserts its responses in bulk.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from forms_service.agencies.service import create_agency
from forms_service.agencies.tables import Agency
from forms_service.context import Context
from forms_service.reports.aggregates import rebuild_aggregates
from forms_service.reports.rankings import import_quality_scores
from forms_service.reports.schemas import QualityScoreIn, QualityScoresIn
from forms_service.results.aggregates import rebuild_answer_aggregates

__all__ = ["QUALITY_SCORES", "appendix_agencies", "seed_reports_demo"]

QUALITY_SCORES = Path(__file__).resolve().parents[1] / "demo_data" / "quality_scores_2023.json"
SOURCE = "BTTTT 2023, phụ lục kết quả đo lường chất lượng DVCTT lần thứ nhất"
# province numbers the demo already uses
RESERVED = {"UBND tỉnh Hà Nam": "000.00.00.H26", "UBND tỉnh Hải Dương": "000.00.00.H29"}
KNOWN_MINISTRIES = {"Bộ Tư pháp": "G14"}


def _province_name(name: str) -> str:
    """``Bình Dương`` → ``UBND tỉnh Bình Dương``; ``TP. Cần Thơ`` → ``UBND TP. Cần Thơ``."""
    return f"UBND {name}" if name.startswith("TP.") else f"UBND tỉnh {name}"


def appendix_agencies(data: dict[str, Any]) -> list[tuple[str, str, str, float]]:
    """(code, agency name, kind, score) of every appendix entry, in the file's order.

    Ministries get ``000.00.00.G01`` … by their place in the appendix and
    provinces ``000.00.00.H01`` … skipping the numbers the demo reserves.
    """
    out = []
    for index, item in enumerate(data["ministries"], start=1):
        code = KNOWN_MINISTRIES.get(item["name"], f"000.00.00.G{index:02d}")
        out.append((code, item["name"], "ministry", float(item["score"])))
    free = (f"000.00.00.H{n:02d}" for n in range(1, 100)
            if f"000.00.00.H{n:02d}" not in RESERVED.values())
    for item in data["provinces"]:
        name = _province_name(item["name"])
        code = RESERVED.get(name) or next(free)
        out.append((code, name, "province", float(item["score"])))
    return out


async def seed_reports_demo(ctx: Context) -> int:
    """Create the appendix agencies, import their 2023 scores, rebuild the aggregates.

    Returns the number of scores imported.
    """
    data = json.loads(QUALITY_SCORES.read_text(encoding="utf-8"))
    entries = appendix_agencies(data)
    existing = {row["code"] for row in await Agency.select(Agency.code).run()}
    for code, name, kind, _ in entries:
        if code not in existing:
            await create_agency(ctx, None, code=code, name=name, kind=kind)
    done = await import_quality_scores(ctx, None, QualityScoresIn(
        period="2023", source=SOURCE,
        scores=[QualityScoreIn(agency=code, score=score) for code, _, _, score in entries],
    ))
    await rebuild_aggregates(ctx.db)
    await rebuild_answer_aggregates(ctx.db)
    return done.imported
