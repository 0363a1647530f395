"""The response browser: a form's individual answers, filtered and paged, personal data
masked unless the person's role may see it (and then every view is audited), and a
download of the same selection."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from forms_service.exports.tables import ExportAudit
from forms_service.i18n import VIETNAM
from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.definitions import satisfaction
from tests.integration.exports_setup import read_csv

H29 = "000.00.00.H29"
PERSONAL = "Gọi tôi 0912 345 678, mail nguyen.van.a@gmail.com"


def answer(overall: int, dossier: str, reason: str | None = None,
           service: str = "1.001193") -> dict[str, Any]:
    answers: dict[str, Any] = {"overall": overall}
    if reason:
        answers["reason"] = reason
    return {"form": "hai-long", "service": service, "dossier": dossier, "answers": answers}


async def _seed(api: Api, province: dict[str, str]) -> None:
    r = await api.call("PUT", "/api/v1/forms/hai-long/draft", province["designer"],
                       json={"definition": satisfaction()})
    assert r.status_code == 200, r.text
    assert (await api.call("POST", "/api/v1/forms/hai-long/publish",
                           province["designer"])).status_code == 200
    await api.service(province["designer"], "2.000001")
    bodies = [answer(1, "HS-P", PERSONAL), answer(2, "HS-Q", "Chậm", service="2.000001")]
    bodies += [answer(4 + i % 2, f"HS-{i:02d}") for i in range(23)]
    for body in bodies:
        r = await api.call("POST", "/api/v1/responses", province["portal"], json=body)
        assert r.status_code == 201, r.text


def _ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<th scope="row" class="num"[^>]*>(\d+)</th>', html)]


async def test_answers_are_browsed_filtered_paged_and_masked(
    api: Api, province: dict[str, str], sign_in: Any
) -> None:
    await _seed(api, province)
    analyst = await sign_in("analyst", H29)
    page = await analyst.get("/dashboard/responses")
    assert page.status_code == 200, page.text
    first = _ids(page.text)
    assert len(first) == 20 and first == sorted(first, reverse=True)
    older = re.search(r'href="/dashboard/responses\?([^"]+)" rel="next"', page.text)
    assert older
    rest = await analyst.get("/dashboard/responses?" + older.group(1).replace("&amp;", "&"))
    assert len(_ids(rest.text)) == 5 and max(_ids(rest.text)) < min(first)
    assert "Câu trả lời mới nhất" in rest.text

    # not satisfied, with a comment: the two complaints, the personal data masked
    r = await analyst.get("/dashboard/responses?form=hai-long&satisfied=no&comment=1")
    assert len(_ids(r.text)) == 2
    assert "[số điện thoại]" in r.text and "[địa chỉ email]" in r.text
    assert "0912 345 678" not in r.text and "gmail" not in r.text
    assert "Rất không hài lòng" in r.text  # answers shown by their labels
    r = await analyst.get("/dashboard/responses?form=hai-long&service=2.000001")
    assert len(_ids(r.text)) == 1 and "Chậm" in r.text
    r = await analyst.get("/dashboard/responses?form=hai-long&to=2000-01-01")
    assert _ids(r.text) == [] and "Không có câu trả lời nào" in r.text

    # the analyst may unmask: the data shows, and the view is recorded as unmasked
    assert "Hiện không che (có ghi lại)" in page.text
    r = await analyst.get("/dashboard/responses?form=hai-long&comment=1&unmasked=1")
    assert r.status_code == 200 and "0912 345 678" in r.text
    audit = await ExportAudit.select().where(
        ExportAudit.dataset == "responses-browser").order_by(ExportAudit.id).run()
    assert [a["unmasked"] for a in audit][-1] is True
    assert sum(1 for a in audit if a["unmasked"]) == 1 and len(audit) == 6
    assert audit[-1]["row_count"] == 2

    # the download is the same selection, masked as the page was
    link = re.search(r'href="(/dashboard/responses/export/csv\?[^"]+)"',
                     (await analyst.get("/dashboard/responses?form=hai-long&satisfied=no"
                                        "&comment=1")).text)
    assert link
    r = await analyst.get(link.group(1).replace("&amp;", "&"))
    assert r.status_code == 200, r.text
    rows = read_csv(r.content)
    assert len(rows) == 2 and not any("0912" in v for row in rows for v in row.values())


async def test_who_may_see_what(api: Api, province: dict[str, str], sign_in: Any) -> None:
    await _seed(api, province)
    designer = await sign_in("designer", H29)
    page = await designer.get("/dashboard/responses")
    assert page.status_code == 200 and len(_ids(page.text)) == 20
    assert "Hiện không che" not in page.text  # a designer reads masked only
    r = await designer.get("/dashboard/responses?form=hai-long&unmasked=1")
    assert r.status_code == 403
    r = await designer.get("/dashboard/responses/export/csv?form=hai-long&unmasked=1")
    assert r.status_code == 403
    other = await sign_in("analyst", "000.00.00.G01")
    r = await other.get("/dashboard/responses?form=hai-long")
    assert r.status_code == 404
    analyst = await sign_in("analyst", H29)
    for query, fix in (("from=31/01/2025", "YYYY-MM-DD"), ("satisfied=maybe", "yes, no"),
                       ("from=2025-02-01&to=2025-01-01", "Ngày đầu"),
                       ("period=2025-13", "2023-Q3"), ("period=Q3", "2023-07"),
                       ("period=2025-07&from=2025-08-01", "2025-07"),
                       ("service=9.999", "9.999"), ("before=abc", "before"),
                       ("before=2147483648", "before")):
        r = await analyst.get(f"/dashboard/responses?form=hai-long&{query}")
        assert r.status_code in (400, 404) and fix in r.text, (query, r.status_code)


async def test_a_period_filters_like_the_reports_and_downloads_the_same(
    api: Api, province: dict[str, str], sign_in: Any
) -> None:
    await _seed(api, province)
    ids = [row["id"] for row in await Response.select(Response.id).order_by(Response.id).run()]
    # three answers moved back: the last hour of June and the first of July 2025,
    # Vietnam time (UTC+7), and one in 2024
    moments = {ids[0]: ("2025-06-30T16:30:00+00:00", "2025-06"),
               ids[1]: ("2025-06-30T17:30:00+00:00", "2025-07"),
               ids[2]: ("2024-11-02T03:00:00+00:00", "2024-11")}
    for response_id, (moment, month) in moments.items():
        await Response.update({Response.submitted_at: dt.datetime.fromisoformat(moment),
                               Response.month: month}).where(
            Response.id == response_id).run()
    analyst = await sign_in("analyst", H29)
    expected = {"2025-07": [ids[1]], "2025-Q3": [ids[1]], "2025-06": [ids[0]],
                "2025-Q2": [ids[0]], "2025": [ids[1], ids[0]], "2024": [ids[2]],
                "2023": []}
    for period, shown in expected.items():
        page = await analyst.get(f"/dashboard/responses?form=hai-long&period={period}")
        assert page.status_code == 200, page.text
        assert _ids(page.text) == shown, period
        assert f'name="period" value="{period}"' in page.text  # the field keeps it
    # days narrow the period
    r = await analyst.get("/dashboard/responses?form=hai-long&period=2025&to=2025-06-30")
    assert _ids(r.text) == [ids[0]]
    # the download link gives the same selection
    page = await analyst.get("/dashboard/responses?form=hai-long&period=2025-Q3")
    link = re.search(r'href="(/dashboard/responses/export/csv\?[^"]+)"', page.text)
    assert link and "period=2025-Q3" in link.group(1)
    r = await analyst.get(link.group(1).replace("&amp;", "&"))
    assert r.status_code == 200, r.text
    assert len(read_csv(r.content)) == 1
    r = await analyst.get("/dashboard/responses/export/csv?form=hai-long&period=2025")
    assert len(read_csv(r.content)) == 2
    # the older-answers link keeps the period
    year = dt.datetime.now(VIETNAM).year  # the other 22 answers arrived just now
    r = await analyst.get(f"/dashboard/responses?form=hai-long&period={year}")
    older = re.search(r'href="/dashboard/responses\?([^"]+)" rel="next"', r.text)
    assert len(_ids(r.text)) == 20 and older and f"period={year}" in older.group(1)
