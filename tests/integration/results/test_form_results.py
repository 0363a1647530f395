"""Per-question results of a form: every kind, conditional denominators, filters,
access, through the API on a real database.

Reference values come from scipy and numpy on the expanded answers (not from
the code under test): ``scipy.stats.binomtest(k, n).proportion_ci(method=
"wilson")`` for shares, ``scipy.stats.t.interval`` with ``scipy.stats.sem``
for means, ``numpy.quantile`` (linear) for quartiles.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest
from scipy import stats

from forms_service.i18n import vietnam_today
from tests.integration.conftest import Api
from tests.integration.results.results_setup import ANSWERS, SLUG, every_kind, send

URL = f"/api/v1/forms/{SLUG}/results"


def wilson(k: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return ci.low, ci.high


def t_interval(values: list[float]) -> tuple[float, float]:
    low, high = stats.t.interval(0.95, len(values) - 1, loc=np.mean(values),
                                 scale=stats.sem(values))
    return float(low), float(high)


@pytest.fixture
async def answered(api: Api, province: dict[str, str]) -> dict[str, str]:
    await api.published_form(province["designer"], SLUG, definition=every_kind())
    for i, answer in enumerate(ANSWERS):
        await send(api, province["portal"], answer, f"HS-{i}",
                   channel="web" if i % 2 == 0 else "mobile")
    return province


def question(body: dict[str, Any], key: str) -> dict[str, Any]:
    found = [q for q in body["questions"] if q["key"] == key]
    assert len(found) == 1, [q["key"] for q in body["questions"]]
    return found[0]


async def test_every_kind_of_question(api: Api, answered: dict[str, str]) -> None:
    r = await api.call("GET", URL, answered["analyst"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["responses"] == len(ANSWERS) and body["versions"] == [1]
    assert [q["key"] for q in body["questions"]] == list(every_kind()["properties"])

    overall = question(body, "overall")
    values = [a["overall"] for a in ANSWERS]
    counts = Counter(values)
    assert overall["shown"] == overall["answered"] == 10 and overall["skipped"] == 0
    assert overall["ordered"] is True
    for choice in overall["choices"]:
        k = counts[choice["value"]]
        assert choice["count"] == k
        if k:
            assert choice["share"] == pytest.approx(k / 10)
            assert (choice["ci_low"], choice["ci_high"]) == pytest.approx(wilson(k, 10))
    assert overall["choices"][0]["label"] == "Rất hài lòng"
    assert overall["mean"]["mean"] == pytest.approx(np.mean(values))
    assert (overall["mean"]["ci_low"], overall["mean"]["ci_high"]) == pytest.approx(
        t_interval(values))
    top = sum(1 for v in values if v >= 4)
    assert overall["top_two_box"]["count"] == top
    assert (overall["top_two_box"]["ci_low"], overall["top_two_box"]["ci_high"]) == \
        pytest.approx(wilson(top, 10))

    heard = question(body, "heard")
    chose = [a["heard"] for a in ANSWERS if "heard" in a]
    assert heard["answered"] == len(chose) == 8 and heard["shown"] == 10
    for choice in heard["choices"]:
        k = sum(choice["value"] in c for c in chose)
        assert choice["count"] == k and choice["share"] == pytest.approx(k / len(chose))
        assert (choice["ci_low"], choice["ci_high"]) == pytest.approx(wilson(k, len(chose)))
    assert {c["chosen"]: c["count"] for c in heard["chosen"]} == dict(
        Counter(len(c) for c in chose))
    assert heard["mean_chosen"] == pytest.approx(np.mean([len(c) for c in chose]))

    again = question(body, "again")
    said = [a["again"] for a in ANSWERS if "again" in a]
    assert again["answered"] == len(said) and again["skipped"] == 10 - len(said)
    yes = next(c for c in again["choices"] if c["value"] is True)
    assert yes["count"] == sum(said)

    days = question(body, "days")
    numbers = [a["days"] for a in ANSWERS if "days" in a]
    assert days["mean"]["n"] == len(numbers)
    assert days["mean"]["mean"] == pytest.approx(np.mean(numbers))
    assert days["mean"]["sd"] == pytest.approx(np.std(numbers, ddof=1))
    assert (days["mean"]["ci_low"], days["mean"]["ci_high"]) == pytest.approx(
        t_interval(numbers))
    q1, median, q3 = np.quantile(numbers, [0.25, 0.5, 0.75])
    assert (days["quartiles"]["q1"], days["quartiles"]["median"], days["quartiles"]["q3"]) == \
        pytest.approx((q1, median, q3))
    assert (days["quartiles"]["minimum"], days["quartiles"]["maximum"]) == (1, 30)
    edges = days["histogram"]["edges"]
    expected, _ = np.histogram(numbers, bins=edges)
    assert days["histogram"]["counts"] == expected.tolist() and sum(expected) == len(numbers)

    recommend = question(body, "recommend")
    scores = [a["recommend"] for a in ANSWERS]
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    nps = recommend["nps"]
    assert nps["score"] == pytest.approx(100 * (promoters - detractors) / 10)
    assert nps["promoters"]["count"] == promoters and nps["detractors"]["count"] == detractors
    assert nps["passives"]["count"] == 10 - promoters - detractors
    assert nps["ci_low"] < nps["score"] < nps["ci_high"] and nps["method"] == "adjusted-wald"
    assert len(recommend["choices"]) == 11


async def test_conditional_questions_count_against_those_shown(
    api: Api, answered: dict[str, str],
) -> None:
    body = (await api.call("GET", URL, answered["analyst"], params={"locale": "en"})).json()
    shown = sum(1 for a in ANSWERS if a["overall"] <= 2)
    reason = question(body, "reason")
    assert reason["conditional"] is True
    assert reason["responses"] == 10 and reason["shown"] == shown == 3
    assert reason["answered"] == 3 and "choices" not in reason
    assert reason["denominator"] == "n = those shown the question"
    # the text is never in the results, only a link to the masked answers
    assert "0912" not in str(body) and "Chậm" not in str(body)
    assert reason["answers_url"] == f"/api/v1/exports/responses?form={SLUG}"
    fix = question(body, "fix")
    assert fix["shown"] == 3 and fix["answered"] == 2 and fix["skipped"] == 1
    staff = next(c for c in fix["choices"] if c["value"] == "staff")
    assert staff["count"] == 1 and staff["share"] == pytest.approx(0.5)
    assert staff["share_text"] == "50.0%"


async def test_filters_by_channel_service_and_period(
    api: Api, answered: dict[str, str],
) -> None:
    r = await api.call("GET", URL, answered["analyst"], params={"channel": "mobile"})
    body = r.json()
    assert body["responses"] == 5 and body["filters"] == {"channel": "mobile"}
    overall = question(body, "overall")
    mobile = Counter(a["overall"] for i, a in enumerate(ANSWERS) if i % 2 == 1)
    assert {c["value"]: c["count"] for c in overall["choices"]} == {
        v: mobile[v] for v in (5, 4, 3, 2, 1)}
    r = await api.call("GET", URL, answered["analyst"], params={"audience": "business"})
    assert r.json()["responses"] == 0
    r = await api.call("GET", URL, answered["analyst"], params={"period": "2019"})
    assert r.json()["responses"] == 0
    r = await api.call("GET", URL, answered["analyst"], params={"service": "1.001193"})
    assert r.json()["responses"] == 10


async def test_partial_months_are_read_from_the_raw_rows(
    api: Api, answered: dict[str, str],
) -> None:
    today = vietnam_today()
    r = await api.call("GET", URL, answered["analyst"],
                       params={"since": today.isoformat(), "until": today.isoformat()})
    assert r.status_code == 200, r.text
    whole = (await api.call("GET", URL, answered["analyst"])).json()
    part = r.json()
    assert part["responses"] == 10
    assert part["questions"] == whole["questions"]
    r = await api.call("GET", URL, answered["analyst"], params={"until": "2020-01-15"})
    assert r.json()["responses"] == 0


@pytest.mark.parametrize(("params", "word"), [
    ({"period": "2025-Q5"}, "period"),
    ({"since": "2025-02-30"}, "since"),
    ({"since": "2025-03-02", "until": "2025-03-01"}, "since"),
    ({"channel": "fax"}, "channel"),
    ({"audience": "everyone"}, "audience"),
    ({"service": "9.999999"}, "9.999999"),
    ({"confidence_level": "2"}, "confidence_level"),
])
async def test_bad_filters_are_400_with_a_message(
    api: Api, answered: dict[str, str], params: dict[str, str], word: str,
) -> None:
    messages = {}
    for lang in ("vi", "en"):
        r = await api.call("GET", URL, answered["analyst"], params=params,
                           headers={"Accept-Language": lang})
        assert r.status_code == 400, r.text
        messages[lang] = r.json()["message"]
    assert word in messages["en"], messages
    assert messages["vi"] != messages["en"], "the Vietnamese message is missing"


async def test_access_rules(api: Api, answered: dict[str, str]) -> None:
    await api.agency("000.00.00.G14", "Bộ Tư pháp", "ministry")
    other = await api.make_key("analyst", "000.00.00.G14")
    national = await api.make_key("analyst")
    r = await api.call("GET", URL, other)
    assert r.status_code == 404, r.text
    r = await api.call("GET", URL, answered["portal"])
    assert r.status_code == 403, r.text
    r = await api.call("GET", URL, None)
    assert r.status_code == 401
    for key in (national, api.admin, answered["analyst"]):
        r = await api.call("GET", URL, key)
        assert r.status_code == 200 and r.json()["responses"] == 10, r.text
    r = await api.call("GET", "/api/v1/forms/khong-co/results", national)
    assert r.status_code == 404
    # the same report through the registry's analytics route
    r = await api.call("GET", "/api/v1/analytics/results", answered["analyst"],
                       params={"form": SLUG})
    assert r.status_code == 200 and r.json() == (await api.call(
        "GET", URL, answered["analyst"])).json()
