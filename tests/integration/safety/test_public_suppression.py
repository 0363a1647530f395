"""No hidden figure of the public pages can be recomputed from the shown ones.

The counts are laid in the monthly and yearly aggregates as the pipeline
keeps them; every page a reader can open (all time, each year, quarter and
month) is read as JSON; then every hidden cell is tested for being
determined by the shown cells and the sums that tie months, quarters,
years and all time (``/public/H29.json?period=2025`` minus eleven shown
months gave the twelfth).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from forms_service.agencies.tables import Agency
from forms_service.catalogue.tables import Service
from forms_service.forms.tables import Form, FormVersion
from forms_service.reports.tables import ResponseAggregate
from tests.integration.conftest import Api
from tests.integration.reports_setup import H29, agency_with_keys

MONTHLY = {
    "1.000001": {f"2025-{m:02d}": (8 if m == 2 else 30) for m in range(1, 13)},
    "1.000002": {"2025-01": 12, "2025-02": 4, "2025-03": 15, "2025-04": 11, "2025-05": 20,
                 "2025-06": 3},
    "1.000003": {"2024-11": 5, "2024-12": 30, "2025-03": 40},
}


async def _lay(api: Api) -> None:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    for code in MONTHLY:
        r = await api.call("POST", "/api/v1/services", keys["designer"], json={
            "code": code, "name": f"Thủ tục {code}", "audience": "citizen",
            "delivery": "full_online"})
        assert r.status_code == 201, r.text
    await api.published_form(keys["designer"], "hai-long")
    r = await api.call("PUT", f"/api/v1/agencies/{H29}/publication", keys["designer"],
                       json={"publish_results": True})
    assert r.status_code == 200, r.text
    agency = (await Agency.select(Agency.id).where(Agency.code == H29).first().run())["id"]
    form = (await Form.select(Form.id).where(Form.slug == "hai-long").first().run())["id"]
    version = (await FormVersion.select(FormVersion.id).where(
        FormVersion.form == form).first().run())["id"]
    for code, months in MONTHLY.items():
        service = (await Service.select(Service.id).where(
            Service.code == code).first().run())["id"]
        years: dict[str, int] = defaultdict(int)
        for month, n in months.items():
            years[month[:4]] += n
        for span, periods in (("month", months), ("year", years)):
            for period, n in periods.items():
                await ResponseAggregate.insert(ResponseAggregate(
                    agency=agency, form=form, form_version=version, service=service,
                    audience="citizen", span=span, period=period, responses=n,
                    satisfaction_answered=n, satisfied=n)).run()


def _periods() -> list[str | None]:
    months = sorted({m for months in MONTHLY.values() for m in months})
    years = sorted({m[:4] for m in months})
    quarters = sorted({f"{m[:4]}-Q{(int(m[5:]) - 1) // 3 + 1}" for m in months})
    return [None, *years, *quarters, *months]


def _relations(months: list[str]) -> list[tuple[str, list[str]]]:
    """The sums a reader knows: quarter = its months, year = its quarters and its
    months, all time = the years (written out here, apart from the service's code)."""
    relations = []
    quarters: dict[str, list[str]] = defaultdict(list)
    for month in months:
        quarters[f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"].append(month)
    for quarter, members in quarters.items():
        relations.append((quarter, members))
    for year in sorted({m[:4] for m in months}):
        relations.append((year, [q for q in quarters if q.startswith(year)]))
        relations.append((year, [m for m in months if m.startswith(year)]))
    relations.append(("all", sorted({m[:4] for m in months})))
    return relations


def _recoverable(relations: list[tuple[str, list[str]]], known: dict[str, int],
                 hidden: list[str]) -> dict[str, float]:
    """Each hidden cell the shown ones determine, with the value they give it."""
    index = {key: i for i, key in enumerate(hidden)}
    rows, rhs = [], []
    for parent, children in relations:
        row = np.zeros(len(hidden))
        value = 0.0
        for key, sign in ((parent, 1.0), *((c, -1.0) for c in children)):
            if key in index:
                row[index[key]] += sign
            else:
                value -= sign * known.get(key, 0)
        if row.any():
            rows.append(row)
            rhs.append(value)
    if not rows:
        return {}
    matrix, target = np.array(rows), np.array(rhs)
    solution = np.linalg.lstsq(matrix, target, rcond=None)[0]
    rank = np.linalg.matrix_rank(matrix)
    found = {}
    for key, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found[key] = round(float(solution[i]), 6)
    return found


async def test_no_hidden_cell_is_derivable_from_the_published_pages(api: Api) -> None:
    await _lay(api)
    known: dict[str, dict[str, int]] = defaultdict(dict)
    hidden: dict[str, list[str]] = defaultdict(list)
    for period in _periods():
        r = await api.client.get(f"/public/{H29}.json",
                                 params={"period": period} if period else {})
        assert r.status_code == 200, r.text
        rows = {row["service"]: row for row in r.json()["satisfaction"]}
        for code in MONTHLY:
            cell = period or "all"
            row = rows.get(code)
            if row is None:
                known[code][cell] = 0  # no row: no answer, as good as shown
            elif row["suppressed"]:
                hidden[code].append(cell)
                assert "n" not in row or row["n"] is None
            else:
                known[code][cell] = row["n"]
    # the small cells are hidden, and the page still shows most figures
    assert "2025-02" in hidden["1.000001"] and "2024-11" in hidden["1.000003"]
    shown = sum(len(cells) for cells in known.values())
    assert shown > 2 * sum(len(cells) for cells in hidden.values())
    for code, months in MONTHLY.items():
        derived = _recoverable(_relations(sorted(months)), known[code], hidden[code])
        assert derived == {}, f"{code}: hidden cells recomputed from the page: {derived}"


def test_the_check_finds_the_subtraction_it_is_about() -> None:
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    known = {m: 30 for m in months if m != "2025-02"} | {"2025": 338, "all": 338}
    known |= {f"2025-Q{q}": 90 for q in (2, 3, 4)}
    derived = _recoverable(_relations(months), known, ["2025-02", "2025-Q1"])
    assert derived == {"2025-02": 8.0, "2025-Q1": 68.0}
