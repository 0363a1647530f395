"""Incremental aggregates: kept by store_response, equal to a rebuild from raw rows."""

from __future__ import annotations

import asyncio

from forms_service.reports.aggregates import COUNT_COLUMNS, KEY_COLUMNS, rebuild_aggregates
from tests.integration.conftest import Api
from tests.integration.reports_setup import H26, H29, agency_with_keys, get, ratings, submit

SNAPSHOT = (
    f"SELECT {', '.join(KEY_COLUMNS + COUNT_COLUMNS)} FROM response_aggregate "
    f"ORDER BY {', '.join(KEY_COLUMNS)}"
)


async def _mixed_responses(api: Api) -> dict[str, str]:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    other = await agency_with_keys(api, H26, "UBND tỉnh Hà Nam")
    for k in (keys, other):
        await api.service(k["designer"], "1.001193")
    await api.service(keys["designer"], "2.001610", audience="business")
    await api.published_form(keys["designer"], "hai-long", template="quick-rating")
    await api.published_form(keys["designer"], "nps", template="nps")
    await api.published_form(keys["designer"], "truyen-thong", template="communication",
                             access="open")
    await api.published_form(other["designer"], "ha-nam", template="quick-rating")
    await submit(api, keys["portal"], "hai-long", "1.001193", ratings(7, 2))
    await submit(api, keys["portal"], "hai-long", "2.001610", ratings(3, 4), channel="mobile")
    await submit(api, keys["portal"], "nps", "1.001193",
                 [{"recommend": score} for score in (10, 9, 8, 7, 6, 0)])
    await submit(api, keys["portal"], "truyen-thong", None, [
        {"heard_from": ["tv", "zalo"], "submission": "self", "overall": 5},
        {"heard_from": ["zalo"], "submission": "with_help", "overall": 2},
    ])
    await submit(api, keys["portal"], "truyen-thong", "2.001610", [
        {"heard_from": ["portal"], "submission": "not_yet", "overall": 4}])
    await submit(api, other["portal"], "ha-nam", "1.001193", ratings(1, 1))
    return keys


async def test_incremental_counts_equal_a_rebuild(api: Api, ctx) -> None:
    await _mixed_responses(api)
    incremental = await ctx.db.raw(SNAPSHOT)
    months = [row for row in incremental if row["span"] == "month"]
    years = [row for row in incremental if row["span"] == "year"]
    assert len(months) + len(years) == len(incremental)
    assert sum(row["responses"] for row in months) == 27
    for column in COUNT_COLUMNS:  # each response counts once in its month, once in its year
        assert sum(r[column] for r in months) == sum(r[column] for r in years), column
    assert all(row["period"] == row["period"][:4] for row in years)
    assert await rebuild_aggregates(ctx.db) == len(incremental)
    assert await ctx.db.raw(SNAPSHOT) == incremental
    by_form: dict[int, dict[str, int]] = {}
    for row in months:
        totals = by_form.setdefault(row["form"], dict.fromkeys(COUNT_COLUMNS, 0))
        for column in COUNT_COLUMNS:
            totals[column] += row[column]
    slugs = {row["id"]: row["slug"] for row in await ctx.db.raw("SELECT id, slug FROM form")}
    named = {slugs[form]: totals for form, totals in by_form.items()}
    assert (named["hai-long"]["satisfaction_answered"], named["hai-long"]["satisfied"]) == (16, 10)
    assert (named["nps"]["nps_answered"], named["nps"]["nps_promoters"],
            named["nps"]["nps_detractors"]) == (6, 2, 2)
    assert named["nps"]["satisfaction_answered"] == 0
    assert (named["truyen-thong"]["self_answered"], named["truyen-thong"]["self_submitted"]) == (
        3, 1)
    assert (named["truyen-thong"]["satisfaction_answered"],
            named["truyen-thong"]["satisfied"]) == (3, 2)
    no_service = [row for row in months if row["service"] == 0]
    assert [(row["audience"], row["responses"]) for row in no_service] == [("", 2)]


async def test_concurrent_submissions_keep_exact_counts(api: Api, ctx) -> None:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    await api.service(keys["designer"], "1.001193")
    await api.published_form(keys["designer"], "hai-long", template="quick-rating")
    batches = [submit(api, keys["portal"], "hai-long", "1.001193", ratings(3, 1))
               for _ in range(8)]
    await asyncio.gather(*batches)
    rows = await ctx.db.raw(SNAPSHOT)
    assert [(row["span"], row["responses"], row["satisfied"]) for row in rows] == [
        ("month", 32, 24), ("year", 32, 24)]
    await rebuild_aggregates(ctx.db)
    assert await ctx.db.raw(SNAPSHOT) == rows


async def test_reports_read_the_aggregates(api: Api, ctx) -> None:
    keys = await _mixed_responses(api)
    path = "/api/v1/analytics/satisfaction"
    before = {r["service"]: r["satisfied"] for r in
              (await get(api, keys["analyst"], path, form="hai-long"))["rows"]}
    assert before == {"1.001193": 7, "2.001610": 3}
    # a change to the aggregate (not to the responses) shows in the report …
    await ctx.db.raw("UPDATE response_aggregate SET satisfied = satisfied - 1 "
                     "WHERE satisfied > 0 AND form = (SELECT id FROM form WHERE slug = {}) "
                     "AND audience = 'business'", "hai-long")
    changed = {r["service"]: r["satisfied"] for r in
               (await get(api, keys["analyst"], path, form="hai-long"))["rows"]}
    assert changed == {"1.001193": 7, "2.001610": 2}
    # … until the aggregates are rebuilt from the responses
    await rebuild_aggregates(ctx.db)
    after = {r["service"]: r["satisfied"] for r in
             (await get(api, keys["analyst"], path, form="hai-long"))["rows"]}
    assert after == before
