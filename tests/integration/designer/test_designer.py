"""The form designer through HTTP: every action, as a signed-in person posts it."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from forms_service.agencies.tables import Agency
from forms_service.auth import Principal, Role
from forms_service.context import Context
from forms_service.designer import service
from forms_service.errors import Conflict
from forms_service.forms import service as forms
from forms_service.forms.tables import Form
from tests.integration.conftest import Api

H29 = "000.00.00.H29"
OTHER = "000.00.00.H30"


async def post(client: Any, path: str, **data: Any) -> httpx.Response:
    return await client.post(path, data={"csrf_token": client.csrf_token, **data})


async def draft(slug: str) -> dict[str, Any]:
    row = await Form.select(Form.draft).where(Form.slug == slug).first().run()
    assert row is not None
    value = row["draft"]
    return json.loads(value) if isinstance(value, str) else value


async def blank(designer: Any, slug: str = "khao-sat", access: str = "token") -> None:
    r = await post(designer, "/designer/new", slug=slug, start="blank",
                   title="Khảo sát thử", question="Ông/Bà đánh giá thế nào?", widget="rating",
                   access=access)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/designer/forms/{slug}?done=created"


def digest_of(page: str) -> str:
    found = re.search(r'name="digest" value="([0-9a-f]+)"', page)
    assert found, page
    return found.group(1)


async def test_not_signed_in_is_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    r = await client.get("https://testserver/designer/")
    assert r.status_code == 303
    assert r.headers["location"].startswith("/sign-in?next=%2Fdesigner")
    r = await client.post("https://testserver/designer/new", data={"slug": "x"})
    assert r.status_code == 401


async def test_forms_list_shows_status_versions_and_responses(
    api: Api, province: dict[str, str], sign_in: Any
) -> None:
    body = {"form": "hai-long", "service": "1.001193", "dossier": "HS-1", "channel": "web",
            "locale": "vi", "answers": {"overall": 3}}
    for dossier in ("HS-1", "HS-2"):
        r = await api.call("POST", "/api/v1/responses", province["portal"],
                           json=body | {"dossier": dossier})
        assert r.status_code == 201, r.text
    designer = await sign_in("designer", H29)
    await blank(designer)
    r = await designer.get("/designer/")
    assert r.status_code == 200
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><a href=\"/designer/forms/([a-z-]+)\">.*?</tr>",
                      r.text, re.S)
    assert rows == ["hai-long", "khao-sat"]
    hai_long = r.text[r.text.index("/designer/forms/hai-long"):]
    cells = re.findall(r'<td class="dz-num">([^<]*)</td>', hai_long)
    assert cells[:2] == ["1", "2"]  # one version, two responses
    assert "Đã xuất bản" in hai_long.split("</tr>")[0]
    assert "Bản nháp" in r.text[r.text.index("/designer/forms/khao-sat"):]
    english = await designer.get("/designer/?lang=en")
    assert "Published" in english.text and "Đã xuất bản" not in english.text


async def test_create_from_template_blank_and_errors(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    r = await post(designer, "/designer/new", slug="sipas-2026", start="template",
                   template="sipas", access="token")
    assert r.status_code == 303, r.text
    assert (await draft("sipas-2026"))["x-survey"]["satisfaction"]["question"] == "overall"
    await blank(designer, "trong")
    definition = await draft("trong")
    assert list(definition["properties"]) == ["ong_ba_danh_gia_the_nao"]
    assert definition["properties"]["ong_ba_danh_gia_the_nao"]["x-widget"] == "rating"
    r = await post(designer, "/designer/new", slug="trong", start="blank", title="Lại",
                   question="Câu", widget="text")
    assert r.status_code == 409
    assert "trong" in r.text and 'role="alert"' in r.text
    r = await post(designer, "/designer/new", slug="Bad Slug", start="blank", title="A",
                   question="B", widget="text")
    assert r.status_code == 400
    r = await post(designer, "/designer/new", slug="khong-tieu-de", start="blank", title=" ",
                   question="B", widget="text")
    assert r.status_code == 400 and "Hãy đặt tiêu đề cho biểu mẫu." in r.text
    r = await post(designer, "/designer/new", slug="khong-mau", start="template",
                   template="nope", access="token")
    assert r.status_code == 400
    assert not await Form.exists().where(Form.slug.is_in(["khong-tieu-de", "khong-mau"])).run()


async def test_build_a_form_question_by_question(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer)
    base = "/designer/forms/khao-sat"
    r = await post(designer, f"{base}/questions", title="Vì sao Ông/Bà chưa hài lòng?",
                   widget="textarea", required="1")
    assert r.status_code == 303
    assert r.headers["location"] == f"{base}?done=added#q-vi_sao_ong_ba_chua_hai_long-h"
    r = await post(designer, f"{base}/questions", title="Kênh", widget="checkboxes", name="kenh")
    assert r.status_code == 303
    definition = await draft("khao-sat")
    assert list(definition["properties"]) == [
        "ong_ba_danh_gia_the_nao", "vi_sao_ong_ba_chua_hai_long", "kenh"]
    assert definition["required"] == ["vi_sao_ong_ba_chua_hai_long"]

    r = await post(designer, f"{base}/questions/kenh/edit", title="Ông/Bà biết qua kênh nào?",
                   title_en="How did you hear of it?", description="Chọn nhiều", required="1")
    assert r.status_code == 303
    r = await post(designer, f"{base}/questions/kenh/choices",
                   value=["tv", "bao", "web"], label=["Truyền hình", "Báo", "Trang web"],
                   label_en=["TV", "", ""], remove=["1", "2"])
    assert r.status_code == 303, r.text
    kenh = (await draft("khao-sat"))["properties"]["kenh"]
    assert [o["const"] for o in kenh["items"]["oneOf"]] == ["tv"]
    assert kenh["title"] == "Ông/Bà biết qua kênh nào?" and kenh["description"] == "Chọn nhiều"
    r = await post(designer, f"{base}/questions/kenh/choices", value=["tv", "web"],
                   label=["Truyền hình", "Trang web"], label_en=["TV", ""])
    assert r.status_code == 303
    definition = await draft("khao-sat")
    english = definition["x-survey"]["translations"]["en"]["properties"]["kenh"]
    assert english == {"title": "How did you hear of it?", "choices": {"tv": "TV"}}
    assert definition["required"] == ["vi_sao_ong_ba_chua_hai_long", "kenh"]

    name = "vi_sao_ong_ba_chua_hai_long"
    r = await post(designer, f"{base}/questions/{name}/condition",
                   source="ong_ba_danh_gia_the_nao", operator="le", value="2")
    assert r.status_code == 303
    assert (await draft("khao-sat"))["properties"][name]["x-show-if"] == {
        "properties": {"ong_ba_danh_gia_the_nao": {"maximum": 2}},
        "required": ["ong_ba_danh_gia_the_nao"]}
    r = await post(designer, f"{base}/questions/kenh/condition",
                   source="ong_ba_danh_gia_the_nao", operator="one_of", value="1, 2")
    assert r.status_code == 303
    page = (await designer.get(base)).text
    assert "Chỉ hiện khi câu 1 tối đa (≤) “2” (2)." in page
    r = await post(designer, f"{base}/questions/kenh/condition", action="clear")
    assert r.status_code == 303
    assert "x-show-if" not in (await draft("khao-sat"))["properties"]["kenh"]

    r = await post(designer, f"{base}/questions/kenh/move", direction="up")
    assert r.status_code == 303 and r.headers["location"].endswith("#move-up-kenh")
    assert list((await draft("khao-sat"))["properties"])[1] == "kenh"
    r = await post(designer, f"{base}/questions/kenh/move", direction="down")
    assert list((await draft("khao-sat"))["properties"])[2] == "kenh"

    r = await post(designer, f"{base}/satisfaction", question="ong_ba_danh_gia_the_nao",
                   satisfied_ong_ba_danh_gia_the_nao=["4", "5"])
    assert r.status_code == 303
    assert (await draft("khao-sat"))["x-survey"]["satisfaction"] == {
        "question": "ong_ba_danh_gia_the_nao", "satisfied": [4, 5]}
    r = await post(designer, f"{base}/satisfaction", question="ong_ba_danh_gia_the_nao")
    assert r.status_code == 400 and "Hãy đánh dấu ít nhất một câu trả lời" in r.text
    r = await post(designer, f"{base}/satisfaction", action="clear")
    assert r.status_code == 303
    assert "satisfaction" not in (await draft("khao-sat"))["x-survey"]
    await post(designer, f"{base}/satisfaction", question="ong_ba_danh_gia_the_nao",
               satisfied_ong_ba_danh_gia_the_nao=["5"])

    r = await post(designer, f"{base}/texts", title="Khảo sát mới", title_en="New survey",
                   description="", description_en="")
    assert r.status_code == 303
    assert (await draft("khao-sat"))["title"] == "Khảo sát mới"

    r = await post(designer, f"{base}/questions/kenh/delete")
    assert r.status_code == 303
    assert "kenh" not in (await draft("khao-sat"))["properties"]


async def test_refused_edits_are_shown_next_to_their_question(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer)
    base = "/designer/forms/khao-sat"
    await post(designer, f"{base}/questions", title="Lý do", widget="textarea", name="ly_do")
    await post(designer, f"{base}/questions/ly_do/condition", source="ong_ba_danh_gia_the_nao",
               operator="le", value="2")
    before = await draft("khao-sat")

    r = await post(designer, f"{base}/questions/ong_ba_danh_gia_the_nao/delete")
    assert r.status_code == 400
    message = ("Câu hỏi ly_do được hiển thị tùy theo ong_ba_danh_gia_the_nao. Hãy xóa điều "
               "kiện đó trước khi xóa ong_ba_danh_gia_the_nao.")
    question = r.text[r.text.index('id="q-ong_ba_danh_gia_the_nao"'):]
    assert message in question.split('id="q-ly_do"')[0]
    assert 'role="alert"' in r.text and r.text.count(message) == 2  # summary and question

    r = await post(designer, f"{base}/questions/ly_do/move", direction="up")
    assert r.status_code == 400
    r = await post(designer, f"{base}/questions/ly_do/condition",
                   source="ong_ba_danh_gia_the_nao", operator="is", value="9")
    assert r.status_code == 400
    assert "9 không phải là câu trả lời của câu hỏi ong_ba_danh_gia_the_nao" in r.text
    r = await post(designer, f"{base}/questions/ong_ba_danh_gia_the_nao/edit",
                   title="Đánh giá", bounds="1", maximum="12")
    assert r.status_code == 400 and "Thang đánh giá sao có từ 3 đến 10 sao." in r.text
    r = await post(designer, f"{base}/questions", title="", widget="text")
    assert r.status_code == 400
    new_question = r.text[r.text.index('id="new-question"'):]
    assert "Hãy nhập nội dung câu hỏi." in new_question
    r = await post(designer, f"{base}/questions/khong_co/edit", title="X")
    assert r.status_code == 400
    r = await designer.post(f"{base}/questions/ly_do/edit?lang=en",
                            data={"csrf_token": designer.csrf_token, "title": "Lý do",
                                  "max_length": "abc"})
    assert r.status_code == 400 and "Maximum length must be a whole number." in r.text
    assert await draft("khao-sat") == before


async def test_escaping_of_scripts_in_titles_and_labels(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    evil = "<script>alert(1)</script>"
    r = await post(designer, "/designer/new", slug="doc-hai", start="blank", title=evil,
                   question=f"Câu {evil}", widget="radio")
    assert r.status_code == 303
    name = next(iter((await draft("doc-hai"))["properties"]))
    r = await post(designer, f"/designer/forms/doc-hai/questions/{name}/choices",
                   value=["1"], label=[evil], label_en=[evil])
    assert r.status_code == 303
    for path in ("/designer/forms/doc-hai", "/designer/forms/doc-hai/preview",
                 "/designer/forms/doc-hai/preview?lang=en", "/designer/forms/doc-hai/publish"):
        page = (await designer.get(path)).text
        assert "<script>alert" not in page, path
    page = (await designer.get("/designer/forms/doc-hai")).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_preview_renders_the_draft_with_the_embed_renderer(
    api: Api, province: dict[str, str], sign_in: Any
) -> None:
    designer = await sign_in("designer", H29)
    base = "/designer/forms/hai-long"
    r = await post(designer, f"{base}/questions", title="Câu hỏi nháp", widget="text",
                   name="nhap")
    assert r.status_code == 303
    preview = await designer.get(f"{base}/preview")
    assert preview.status_code == 200
    assert 'id="q-nhap"' in preview.text and "/embed/v1/form.css" in preview.text
    policy = preview.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "form-action 'none'" in policy
    english = await designer.get(f"{base}/preview?lang=en")
    assert '<html lang="en"' in english.text
    assert "How do you rate the handling of this administrative procedure?" in english.text
    assert (await post(designer, f"{base}/preview")).status_code == 405
    # citizens still see the published version
    r = await api.call("POST", "/api/v1/embed-tokens", province["portal"], json={
        "form": "hai-long", "service": "1.001193", "dossier": "HS-9"})
    page = await api.client.get(r.json()["url"].replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 200 and 'id="q-nhap"' not in page.text


async def test_export_and_import(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer)
    base = "/designer/forms/khao-sat"
    r = await designer.get(f"{base}/export")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="khao-sat.json"'
    exported = r.json()
    assert exported == await draft("khao-sat")

    exported["properties"]["them"] = {"title": "Thêm", "type": "string", "maxLength": 100}
    files = {"file": ("dinh-nghia.json", json.dumps(exported).encode(), "application/json")}
    r = await designer.post(f"{base}/import", data={"csrf_token": designer.csrf_token},
                            files=files)
    assert r.status_code == 303, r.text
    assert "them" in (await draft("khao-sat"))["properties"]

    bad = json.loads(json.dumps(exported))
    del bad["properties"]["them"]["maxLength"]
    bad["properties"]["ong_ba_danh_gia_the_nao"]["x-widget"] = "slider"
    files = {"file": ("sai.json", json.dumps(bad).encode(), "application/json")}
    r = await designer.post(f"{base}/import", data={"csrf_token": designer.csrf_token},
                            files=files)
    assert r.status_code == 422
    them = r.text[r.text.index('id="q-them"'):]
    assert "maxLength" in them.split("</li>\n")[0]
    first = r.text[r.text.index('id="q-ong_ba_danh_gia_the_nao"'):r.text.index('id="q-them"')]
    assert "slider" in first
    assert "them" in (await draft("khao-sat"))["properties"]
    assert (await draft("khao-sat"))["properties"]["them"]["maxLength"] == 100

    files = {"file": ("sai.json", b"{not json", "application/json")}
    r = await designer.post(f"{base}/import", data={"csrf_token": designer.csrf_token},
                            files=files)
    assert r.status_code == 400 and "Tệp không phải JSON" in r.text

    files = {"file": ("moi.json", json.dumps(exported).encode(), "application/json")}
    r = await designer.post("/designer/new", data={
        "csrf_token": designer.csrf_token, "slug": "tu-tep", "start": "import",
        "access": "open"}, files=files)
    assert r.status_code == 303
    assert await draft("tu-tep") == exported
    files = {"file": ("sai.json", json.dumps(bad).encode(), "application/json")}
    r = await designer.post("/designer/new", data={
        "csrf_token": designer.csrf_token, "slug": "tu-tep-sai", "start": "import",
        "access": "open"}, files=files)
    assert r.status_code == 422
    assert 'id="imported-them"' in r.text and 'id="imported-ong_ba_danh_gia_the_nao"' in r.text
    assert not await Form.exists().where(Form.slug == "tu-tep-sai").run()


async def test_an_edit_made_meanwhile_is_not_overwritten(sign_in: Any, ctx: Context) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer)
    agency = await Agency.select(Agency.id).where(Agency.code == H29).first().run()
    assert agency is not None
    principal = Principal(key_id=f"person:{designer.person['id']}", role=Role.DESIGNER,
                          agency_id=agency["id"], agency_code=H29)
    seen = await service.form_view(principal, "khao-sat")
    r = await post(designer, "/designer/forms/khao-sat/questions", title="Của người khác",
                   widget="text", name="cua_nguoi_khac")
    assert r.status_code == 303
    stale = dict(seen["working"], title="Tiêu đề cũ")
    with pytest.raises(Conflict):
        await forms.update_draft(ctx, principal, "khao-sat", stale, based_on=seen["updated_at"])
    kept = await draft("khao-sat")
    assert "cua_nguoi_khac" in kept["properties"] and kept["title"] == "Khảo sát thử"
