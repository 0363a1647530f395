"""``/api/v1/analytics/satisfaction?weights=dossiers``: each group weighted to its dossiers."""

from __future__ import annotations

import csv
import io
import math

import pytest

from tests.integration.conftest import Api
from tests.integration.weighting_setup import A, B, served_province

PATH = "/api/v1/analytics/satisfaction"


@pytest.fixture
async def served(api: Api, province: dict[str, str]) -> dict[str, str]:
    return await served_province(api, province)


def _wilson(p: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    # Wilson (1927) score interval written out, with the effective size for n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


async def test_unweighted_stays_the_default(api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", PATH, served["analyst"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert "weights" not in body
    assert all("weighted_rate" not in row for row in body["rows"])


async def test_each_service_weighted_to_its_dossiers(api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", PATH, served["analyst"], params={
        "weights": "dossiers", "margins": "channel", "locale": "vi"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["weights"], body["margins"]) == ("dossiers", ["channel"])
    assert body["weighted_interval_method"] == "wilson-effective-n"
    rows = {row["service"]: row for row in body["rows"]}
    assert set(rows) == {A, B}, body
    a = rows[A]
    assert (a["n"], a["satisfied"], a["returned"], a["weighted_n"]) == (16, 13, 40, 16)
    # counter answers weigh 30/6 = 5, online ones 10/10 = 1: (3*5 + 10) / 40
    assert a["weighted_rate"] == pytest.approx(25 / 40)
    # Kish: 16 * (6 * 25 + 10 * 1) / 40^2
    assert a["design_effect"] == pytest.approx(1.6)
    assert a["n_effective"] == pytest.approx(10.0)
    low, high = _wilson(0.625, 10.0)
    assert (a["weighted_ci_low"], a["weighted_ci_high"]) == (
        pytest.approx(low), pytest.approx(high))
    assert a["weighted_verdict"] == "insufficient_data"  # 10 effective answers < 30
    assert a["weighted_rate_text"] == "62,5%" and a["rate_text"] == "81,3%"
    # one channel only: every answer weighs 2, the weighted rate is the plain one
    b = rows[B]
    assert b["weighted_rate"] == pytest.approx(0.5) and b["design_effect"] == pytest.approx(1)


async def test_the_audience_margin(api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", PATH, served["analyst"], params={
        "group_by": "agency", "weights": "dossiers",
        "margins": "audience,channel"})
    assert r.status_code == 200, r.text
    [row] = r.json()["rows"]
    # Raking to citizens 40, businesses 20; in person 50, online 10. The cells
    # (citizen, in person) 6 answers, (citizen, online) 10, (business, in person) 10
    # fit exactly with weights 5, 1 and 2 (6*5 + 10 = 40, 10*2 = 20, 6*5 + 10*2 = 50).
    assert (row["n"], row["returned"]) == (26, 60)
    assert row["weighted_rate"] == pytest.approx((3 * 5 + 10 * 1 + 5 * 2) / 60)
    # Kish: 26 * (6*25 + 10*1 + 10*4) / 60^2 = 26 * 200 / 3600
    assert row["design_effect"] == pytest.approx(26 * 200 / 3600)
    assert row["n_effective"] == pytest.approx(18.0)
    by_audience = await api.call("GET", PATH, served["analyst"], params={
        "group_by": "audience", "weights": "dossiers", "margins": "channel"})
    assert by_audience.status_code == 200, by_audience.text
    rates = {row["audience"]: row["weighted_rate"] for row in by_audience.json()["rows"]}
    assert rates == {"citizen": pytest.approx(0.625), "business": pytest.approx(0.5)}


async def test_export_carries_both(api: Api, served: dict[str, str]) -> None:
    r = await api.call("GET", "/api/v1/exports/satisfaction", served["analyst"], params={
        "format": "csv", "weights": "dossiers", "margins": "channel", "locale": "en"})
    assert r.status_code == 200, r.text
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    header = rows[0]
    assert "Weighted rate" in header and "Design effect" in header and "Rate" in header
    plain = await api.call("GET", "/api/v1/exports/satisfaction", served["analyst"], params={
        "format": "csv", "locale": "en"})
    assert "Weighted rate" not in plain.content.decode("utf-8-sig")


@pytest.mark.parametrize(("params", "words"), [
    ({"weights": "people"}, "weights must be dossiers"),
    ({"weights": "dossiers", "margins": "service,age"}, "margins"),
    ({"weights": "dossiers", "margins": "channel,channel"}, "margins"),
    ({"weights": "dossiers", "group_by": "form"}, "not counted by form"),
    ({"weights": "dossiers", "form": "hai-long"}, "not counted by form"),
])
async def test_bad_weighting_is_400_in_both_languages(
        api: Api, served: dict[str, str], params: dict[str, str], words: str) -> None:
    r = await api.call("GET", PATH, served["analyst"], params=params,
                       headers={"Accept-Language": "en"})
    assert r.status_code == 400, r.text
    assert words in r.json()["message"], r.json()
    vi = await api.call("GET", PATH, served["analyst"], params=params,
                        headers={"Accept-Language": "vi"})
    assert vi.status_code == 400 and vi.json()["message"] != r.json()["message"]


async def test_answers_without_dossiers_cannot_be_weighted(
        api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", "/api/v1/responses", province["portal"], json={
        "form": "hai-long", "service": A, "dossier": "HS-NO-EVENTS",
        "answers": {"overall": 3}})
    assert r.status_code == 201, r.text
    plain = await api.call("GET", PATH, province["analyst"])
    assert plain.status_code == 200 and plain.json()["rows"]
    weighted = await api.call("GET", PATH, province["analyst"], params={"weights": "dossiers"},
                              headers={"Accept-Language": "en"})
    assert weighted.status_code == 400, weighted.text
    assert "nothing to weight" in weighted.json()["message"]


async def test_rows_per_quarter_are_weighted_to_that_quarters_dossiers(
        api: Api, served: dict[str, str]) -> None:
    from forms_service.reports.aggregates import rebuild_aggregates

    # the answers arrived in March 2025, the month their dossiers were returned
    await api.ctx.db.raw("UPDATE response SET month = '2025-03'")
    await rebuild_aggregates(api.ctx.db)
    r = await api.call("GET", PATH, served["analyst"], params={
        "group_by": "service,quarter", "weights": "dossiers", "margins": "channel",
        "period": "2025"})
    assert r.status_code == 200, r.text
    rows = {(row["service"], row["period"]): row for row in r.json()["rows"]}
    assert set(rows) == {(A, "2025-Q1"), (B, "2025-Q1")}
    assert rows[(A, "2025-Q1")]["weighted_rate"] == pytest.approx(25 / 40)
    assert rows[(A, "2025-Q1")]["returned"] == 40
    by_month = await api.call("GET", PATH, served["analyst"], params={
        "group_by": "agency,month", "weights": "dossiers", "margins": "audience,channel"})
    [row] = by_month.json()["rows"]
    assert row["period"] == "2025-03"
    assert row["weighted_rate"] == pytest.approx(35 / 60)


async def test_the_printed_report_shows_both(api: Api, served: dict[str, str]) -> None:
    import msgspec

    from forms_service.reports.schemas import SatisfactionReportOut
    from forms_service.reports.specs.satisfaction import SPEC

    r = await api.call("GET", PATH, served["analyst"], params={
        "weights": "dossiers", "margins": "channel", "locale": "vi"})
    body = msgspec.convert(r.json(), SatisfactionReportOut)
    assert SPEC.text is not None
    printed = SPEC.text(body, "vi")
    heading = printed.splitlines()[0]
    assert "Tỷ lệ có trọng số" in heading and "Hệ số thiết kế" in heading
    line = next(row for row in printed.splitlines() if row.startswith("1 ") or "62,5%" in row)
    assert "81,3%" in line and "62,5%" in line and "1,60" in line
