"""The designer as a newcomer meets it: titles in the list, every error at once, where a
JSON file is broken, help inside the application, QR codes to download."""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
from typing import Any

from forms_service.forms.tables import Form
from tests.integration.designer.test_designer import H29, blank, digest_of, post


async def test_the_form_list_shows_titles(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer, "khao-sat")
    r = await designer.get("/designer/")
    link = re.search(r'<a href="/designer/forms/khao-sat">([^<]*)</a>', r.text)
    assert link and link.group(1) == "Khảo sát thử"
    assert '<code class="dz-slug">khao-sat</code>' in r.text


async def test_the_new_form_page_lists_every_problem_at_once(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer, "da-co")
    # a slug already taken and an empty title: both reported
    r = await post(designer, "/designer/new", slug="da-co", start="blank", title=" ",
                   question="B", widget="text")
    assert r.status_code == 409
    summary = r.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "da-co" in summary and "Hãy đặt tiêu đề cho biểu mẫu." in summary
    assert summary.count("<li>") == 2
    # a badly written slug and no template chosen: both reported
    r = await post(designer, "/designer/new", slug="Bad Slug", start="template", template="")
    summary = r.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert r.status_code == 400 and summary.count("<li>") == 2
    assert "slug" in summary and "Hãy chọn một mẫu." in summary
    assert not await Form.exists().where(Form.slug == "bad slug").run()


async def test_a_broken_json_file_says_where(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    broken = b'{\n  "title": "A",\n  "type": "object"\n  "properties": {}\n}'
    files = {"file": ("sai.json", broken, "application/json")}
    r = await designer.post("/designer/new", data={
        "csrf_token": designer.csrf_token, "slug": "tu-tep", "start": "import",
        "access": "open"}, files=files)
    assert r.status_code == 400
    assert "dòng 4, cột 3" in r.text
    r = await designer.post("/designer/new?lang=en", data={
        "csrf_token": designer.csrf_token, "slug": "tu-tep", "start": "import",
        "access": "open"}, files={"file": ("sai.json", broken, "application/json")})
    assert "line 4, column 3" in r.text


async def test_help_is_a_page_of_the_application(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer, "khao-sat")
    editor = await designer.get("/designer/forms/khao-sat")
    assert "README" not in editor.text
    assert 'href="/designer/help/embedding"' in editor.text
    r = await designer.get("/designer/help/embedding")
    assert r.status_code == 200
    assert "<h1>Nhúng khảo sát vào cổng dịch vụ</h1>" in r.text
    assert "data-phieu-form=&#34;SLUG&#34;" in r.text or 'data-phieu-form="SLUG"' in r.text
    english = await designer.get("/designer/help/embedding?lang=en")
    assert "<h1>Embedding a survey in a portal</h1>" in english.text


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


async def test_the_qr_code_downloads_as_svg_and_png(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer, "mo", access="open")
    page = await designer.get("/designer/forms/mo/publish")
    r = await post(designer, "/designer/forms/mo/publish", digest=digest_of(page.text))
    assert r.status_code == 303
    editor = await designer.get("/designer/forms/mo")
    assert 'href="/designer/forms/mo/qr/qr.svg" download' in editor.text
    assert 'href="/designer/forms/mo/qr/qr.png" download' in editor.text
    svg = await designer.get("/designer/forms/mo/qr/qr.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.headers["content-disposition"] == 'attachment; filename="phieu-mo-qr.svg"'
    root = ET.parse(io.BytesIO(svg.content)).getroot()
    assert root.tag.endswith("svg") and root.find(".//{http://www.w3.org/2000/svg}path") is not None
    png = await designer.get("/designer/forms/mo/qr/qr.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    width, height = _png_size(png.content)
    assert width == height and width >= 250  # 10 px modules: printable
    # a token form has no QR code, and an unknown file is named
    await blank(designer, "token-form")
    assert (await designer.get("/designer/forms/token-form/qr/qr.png")).status_code == 404
    r = await designer.get("/designer/forms/mo/qr/qr.gif", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "qr.svg" in r.text


async def test_another_agency_cannot_download_the_qr_code(sign_in: Any) -> None:
    designer = await sign_in("designer", H29)
    await blank(designer, "mo", access="open")
    page = await designer.get("/designer/forms/mo/publish")
    await post(designer, "/designer/forms/mo/publish", digest=digest_of(page.text))
    other = await sign_in("designer", "000.00.00.H30")
    r = await other.get("/designer/forms/mo/qr/qr.svg")
    assert r.status_code == 404
