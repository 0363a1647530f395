"""The designer's publishing, embedding and who may do what."""

from __future__ import annotations

import re
from typing import Any

import httpx

from forms_service.forms.tables import Form, FormVersion
from tests.integration.conftest import Api
from tests.integration.designer.test_designer import H29, OTHER, blank, digest_of, draft, post


async def test_first_publish_then_changes_and_the_comparability_warning(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    r = await post(designer, "/designer/new", slug="sipas", start="template", template="sipas",
                   access="token")
    assert r.status_code == 303
    base = "/designer/forms/sipas"
    page = await designer.get(f"{base}/publish")
    assert page.status_code == 200 and "Đây là phiên bản đầu tiên." in page.text
    r = await post(designer, f"{base}/publish", digest=digest_of(page.text))
    assert r.status_code == 303
    assert r.headers["location"].startswith(f"{base}?done=published")

    # a change that keeps the satisfaction measure comparable
    await post(designer, f"{base}/questions", title="Số lần đến cơ quan", widget="number",
               name="so_lan")
    await post(designer, f"{base}/questions/comment/edit", title="Góp ý khác?")
    page = await designer.get(f"{base}/publish")
    assert "Thêm câu hỏi: so_lan “Số lần đến cơ quan”." in page.text
    assert "Câu hỏi comment được viết lại:" in page.text
    assert "Số đo mức độ hài lòng vẫn so sánh được với phiên bản 1." in page.text
    assert 'name="confirm"' not in page.text
    r = await post(designer, f"{base}/publish", digest=digest_of(page.text))
    assert r.status_code == 303

    # a change of the satisfied set breaks comparability: explicit confirmation
    await post(designer, f"{base}/satisfaction", question="overall",
               satisfied_overall=["5"])
    page = await designer.get(f"{base}/publish")
    assert "Cảnh báo: tỷ lệ hài lòng sẽ không so sánh được" in page.text
    # answers named by their labels, not only their codes
    assert ("Các câu trả lời được tính là hài lòng đổi từ “Hài lòng” (4), “Rất hài lòng” (5) "
            "thành “Rất hài lòng” (5).") in page.text
    # no sentence saying that only harmless texts changed above that warning
    assert "Chỉ thay đổi các nội dung không ảnh hưởng đến câu hỏi." not in page.text
    assert "Các câu hỏi không đổi; cách đo mức độ hài lòng đã thay đổi" in page.text
    digest = digest_of(page.text)
    r = await post(designer, f"{base}/publish", digest=digest)
    assert r.status_code == 400 and 'name="confirm"' in r.text
    assert await FormVersion.count().run() == 2
    r = await post(designer, f"{base}/publish", digest="0" * 32, confirm="1")
    assert r.status_code == 409
    r = await post(designer, f"{base}/publish", digest=digest, confirm="1")
    assert r.status_code == 303
    assert await FormVersion.count().run() == 3
    page = await designer.get(f"{base}/publish")
    assert "Không có gì để xuất bản: bản nháp giống phiên bản 3." in page.text
    # an unchanged published form is not "reopened"
    assert "<h1>Không có gì để xuất bản</h1>" in page.text and "Mở lại" not in page.text
    assert 'action="/designer/forms/sipas/publish"' not in page.text
    r = await post(designer, f"{base}/publish", digest=digest)
    assert r.status_code == 409
    assert await FormVersion.count().run() == 3

    r = await post(designer, f"{base}/archive")
    assert r.status_code == 303
    assert (await Form.select(Form.status).first().run())["status"] == "archived"
    page = await designer.get(f"{base}/publish")
    assert "Xuất bản sẽ mở lại biểu mẫu" in page.text
    r = await post(designer, f"{base}/publish", digest=digest_of(page.text))
    assert r.status_code == 303
    assert (await Form.select(Form.status).first().run())["status"] == "published"
    versions = await designer.get(f"{base}/export?version=1")
    assert versions.status_code == 200
    assert "so_lan" not in versions.json()["properties"]
    assert (await designer.get(f"{base}/export?version=9")).status_code == 404


async def test_embed_snippet_and_qr_code_for_open_forms(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer, "mo", access="open")
    await blank(designer, "theo-cong")
    page = (await designer.get("/designer/forms/mo")).text
    assert "<svg" not in page  # not published yet
    for slug in ("mo", "theo-cong"):
        page = (await designer.get(f"/designer/forms/{slug}/publish")).text
        r = await post(designer, f"/designer/forms/{slug}/publish", digest=digest_of(page))
        assert r.status_code == 303
    page = (await designer.get("/designer/forms/mo")).text
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S)
    assert svg and 'role="img"' in svg.group(0)
    assert "<title>Mã QR của trang khảo sát http://127.0.0.1:8000/f/mo</title>" in svg.group(0)
    assert "&lt;div data-phieu-form=&#34;mo&#34;&gt;" in page
    page = (await designer.get("/designer/forms/theo-cong")).text
    assert "<svg" not in page
    assert "data-phieu-token=&#34;TOKEN&#34;" in page


async def test_portal_origins(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    r = await post(designer, "/designer/portals", origin="https://dichvucong.haiduong.gov.vn/")
    assert r.status_code == 303
    page = (await designer.get("/designer/portals")).text
    assert "<code>https://dichvucong.haiduong.gov.vn</code>" in page
    r = await post(designer, "/designer/portals", origin="http://example.vn")
    assert r.status_code == 400 and "phải dùng https" in r.text
    r = await post(designer, "/designer/portals", origin="https://dichvucong.haiduong.gov.vn",
                   action="remove")
    assert r.status_code == 303
    assert "<code>https://dichvucong" not in (await designer.get("/designer/portals")).text
    r = await post(designer, "/designer/portals", agency=OTHER,
                   origin="https://a.example.vn")
    assert r.status_code == 404  # no such agency yet
    await sign_in("designer", OTHER)
    r = await post(designer, "/designer/portals", agency=OTHER,
                   origin="https://a.example.vn")
    assert r.status_code == 403


async def test_csrf_is_required_for_every_action(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer)
    before = await draft("khao-sat")
    base = "/designer/forms/khao-sat"
    for path, data in ((f"{base}/questions", {"title": "X", "widget": "text"}),
                       (f"{base}/publish", {}), (f"{base}/texts", {"title": "X"}),
                       ("/designer/new", {"slug": "khac", "start": "blank"}),
                       ("/designer/portals", {"origin": "https://a.example.vn"})):
        r = await designer.post(path, data=data)
        assert r.status_code == 403, path
        assert r.json()["error"] == "csrf_failed"
        r = await designer.post(path, data=data | {"csrf_token": "wrong"})
        assert r.status_code == 403, path
    assert await draft("khao-sat") == before
    assert await FormVersion.count().run() == 0


async def test_another_agency_and_analysts(
    api: Api, province: dict[str, str], sign_in: Any
) -> None:
    other = await sign_in("designer", OTHER)
    base = "/designer/forms/hai-long"
    assert (await other.get(base)).status_code == 404  # as the API: not even its existence
    r = await post(other, f"{base}/questions", title="X", widget="text")
    assert r.status_code == 404
    assert "hai-long" not in (await other.get("/designer/")).text

    analyst = await sign_in("analyst", H29)
    page = await analyst.get(base)
    assert page.status_code == 200
    assert f'action="{base}/questions"' not in page.text
    assert "chỉ người thiết kế của cơ quan mới được sửa" in page.text
    for path, data in ((f"{base}/questions", {"title": "X", "widget": "text"}),
                       (f"{base}/questions/overall/delete", {}),
                       (f"{base}/publish", {}), (f"{base}/archive", {})):
        r = await post(analyst, path, **data)
        assert r.status_code == 403, path
    assert (await analyst.get("/designer/new")).status_code == 403
    assert (await analyst.get("/designer/portals")).status_code == 403
    r = await analyst.get("/designer/new", headers={"Accept": "text/html"})
    assert r.status_code == 403 and "<html" in r.text

    national = await sign_in("analyst", None)
    assert (await national.get(base)).status_code == 200
    r = await post(national, f"{base}/questions", title="X", widget="text")
    assert r.status_code == 403
    assert (await draft("hai-long")) is None

    admin = await sign_in("admin", None)
    r = await post(admin, f"{base}/questions", title="Ý kiến của quản trị", widget="text")
    assert r.status_code == 303
    assert "y_kien_cua_quan_tri" in (await draft("hai-long"))["properties"]
    page = await admin.get("/designer/new")
    assert f'<option value="{OTHER}"' in page.text  # an admin picks the agency
    r = await post(admin, "/designer/new", slug="cua-h30", start="template",
                   template="nps", agency=OTHER, access="open")
    assert r.status_code == 303
    listing = (await admin.get("/designer/")).text
    assert "/designer/forms/cua-h30" in listing and "/designer/forms/hai-long" in listing
    assert "/designer/forms/cua-h30" not in (await analyst.get("/designer/")).text


async def test_pages_in_both_languages(sign_in: Any, client: httpx.AsyncClient) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer)
    vi = (await designer.get("/designer/forms/khao-sat")).text
    en = (await designer.get("/designer/forms/khao-sat?lang=en")).text
    assert '<html lang="vi"' in vi and "Thêm câu hỏi" in vi and "Chưa dịch" in vi
    assert '<html lang="en"' in en and "Add a question" in en and "Not translated" in en
    for path in ("/designer/", "/designer/new", "/designer/portals",
                 "/designer/forms/khao-sat/publish"):
        r = await designer.get(path + ("&" if "?" in path else "?") + "lang=en")
        assert r.status_code == 200, path
        assert '<html lang="en"' in r.text
