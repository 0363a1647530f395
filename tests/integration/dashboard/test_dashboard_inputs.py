"""Dashboard filters written the way people write them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Api
from tests.integration.reports_setup import H29, agency_with_keys, ratings, submit


@pytest.fixture
async def answered(api: Api) -> dict[str, str]:
    keys = await agency_with_keys(api, H29, "UBND tỉnh Hải Dương")
    r = await api.call("POST", "/api/v1/services", keys["designer"], json={
        "code": "1.000001", "name": "Đăng ký khai sinh", "audience": "citizen",
        "delivery": "full_online"})
    assert r.status_code == 201, r.text
    await api.published_form(keys["designer"], "hai-long")
    await submit(api, keys["portal"], "hai-long", "1.000001", ratings(18, 2))
    return keys


@pytest.mark.parametrize("written", ["0,8", "0.8", "80", "80%", "80,0%"])
async def test_vietnamese_thresholds_are_accepted(
    answered: dict[str, str], sign_in: Any, written: str
) -> None:
    analyst = await sign_in("analyst", H29)
    for path in ("/dashboard/satisfaction", "/dashboard/trend"):
        r = await analyst.get(path, params={"threshold": written})
        assert r.status_code == 200, r.text[:500]
        assert "ngưỡng 80%" in r.text
    r = await analyst.get("/dashboard/satisfaction", params={"threshold": written})
    # the field shows the threshold as a percentage, and the downloads keep it
    assert 'name="threshold" type="text" inputmode="decimal"' in r.text
    assert 'value="80%"' in r.text
    assert "threshold=0.8" in r.text
    download = await analyst.get("/dashboard/export/satisfaction.csv",
                                 params={"threshold": written})
    assert download.status_code == 200


@pytest.mark.parametrize("written", ["chín mươi", "100", "0"])
async def test_a_refused_threshold_says_what_to_write(
    answered: dict[str, str], sign_in: Any, written: str
) -> None:
    analyst = await sign_in("analyst", H29)
    r = await analyst.get("/dashboard/satisfaction", params={"threshold": written},
                          headers={"Accept": "text/html"})
    assert r.status_code == 400
    assert "90%" in r.text and "0,9" in r.text and "phần trăm" in r.text
    r = await analyst.get("/dashboard/export/satisfaction.csv", params={"threshold": written})
    assert r.status_code == 400
    assert "0,9" in r.text
