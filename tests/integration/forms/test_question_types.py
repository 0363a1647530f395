"""Date, e-mail and Vietnamese phone questions: checked in the definition, drawn on the
citizen page (a date in day, month and year), validated with vi/en messages, stored
and exported (contacts masked unless asked)."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.conftest import Api
from tests.integration.embed_setup import error_code, hidden_fields
from tests.integration.exports_setup import read_csv, read_jsonl

CONTACT: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Phản ánh về thủ tục",
    "type": "object",
    "additionalProperties": False,
    "required": ["visited"],
    "properties": {
        "visited": {"title": "Ngày Ông/Bà đến bộ phận một cửa", "type": "string",
                    "format": "date", "formatMinimum": "2025-07-01",
                    "formatMaximum": "2026-12-31", "x-widget": "date"},
        "email": {"title": "Thư điện tử để nhận trả lời", "type": "string", "format": "email",
                  "maxLength": 254, "x-widget": "email"},
        "phone": {"title": "Số điện thoại", "type": "string", "format": "phone-vn",
                  "maxLength": 20, "x-widget": "phone"},
    },
}


async def _publish(api: Api, designer: str, definition: dict[str, Any]) -> Any:
    r = await api.call("POST", "/api/v1/forms", designer,
                       json={"slug": "phan-anh", "definition": definition, "access": "open"},
                       headers={"Accept-Language": "en"})
    if r.status_code != 201:
        return r
    return await api.call("POST", "/api/v1/forms/phan-anh/publish", designer)


async def test_definitions_need_the_format_and_an_ordered_range(
    api: Api, province: dict[str, str]
) -> None:
    wrong = {**CONTACT, "properties": {
        "visited": {**CONTACT["properties"]["visited"], "formatMinimum": "2027-01-01"},
        "email": {**CONTACT["properties"]["email"], "format": "date"},
        "phone": {k: v for k, v in CONTACT["properties"]["phone"].items() if k != "format"},
    }}
    r = await _publish(api, province["designer"], wrong)
    assert r.status_code == 422, r.text
    issues = {i["path"]: i for i in r.json()["errors"]}
    assert issues["/properties/visited/formatMaximum"]["code"] == "date_range"
    assert issues["/properties/email/format"]["code"] == "format_required"
    assert '"format": "email"' in issues["/properties/email/format"]["message"]
    assert '"format": "phone-vn"' in issues["/properties/phone/format"]["message"]
    bad_bound = {**CONTACT, "properties": {
        "visited": {**CONTACT["properties"]["visited"], "formatMinimum": "01/07/2025"}}}
    r = await _publish(api, province["designer"], bad_bound)
    assert r.status_code == 422 and "YYYY-MM-DD" in r.text


async def test_the_page_takes_a_date_in_three_parts_and_checks_contacts(
    api: Api, province: dict[str, str]
) -> None:
    r = await _publish(api, province["designer"], CONTACT)
    assert r.status_code == 200, r.text
    page = await api.client.get("/f/phan-anh", headers={"Accept-Language": "vi"})
    html = page.text
    for part, label in (("", "Ngày"), ("-month", "Tháng"), ("-year", "Năm")):
        assert f'<label for="f-visited{part}">{label}</label>' in html
    assert 'name="visited__day"' in html and 'name="visited__year"' in html
    assert "Một ngày từ 01/07/2025 đến 31/12/2026." in html
    assert re.search(r'<input type="email"[^>]*name="email"', html)
    assert re.search(r'<input type="tel"[^>]*name="phone"', html)
    fields = hidden_fields(html)
    # a date out of range, an impossible one, a bad phone: each said in Vietnamese
    bad = {"visited__day": "30", "visited__month": "6", "visited__year": "2025",
           "email": "nguyen@", "phone": "12345"}
    r = await api.client.post("/f/phan-anh", data=fields | bad)
    assert r.status_code == 422
    assert "Vui lòng nhập một ngày từ 01/07/2025 trở đi." in r.text
    assert "Vui lòng nhập địa chỉ thư điện tử (email) hợp lệ." in r.text
    assert "Vui lòng nhập số điện thoại Việt Nam" in r.text
    assert 'value="30"' in r.text and 'value="2025"' in r.text  # kept as typed
    r = await api.client.post("/f/phan-anh", data=fields | bad | {
        "visited__day": "31", "visited__month": "2", "visited__year": "2026"})
    assert "Vui lòng nhập một ngày có thật: ngày, tháng và năm." in r.text
    good = {"visited__day": "7", "visited__month": "3", "visited__year": "2026",
            "email": "nguyen.van.a@gmail.com", "phone": "0912 345 678"}
    r = await api.client.post("/f/phan-anh", data=fields | good)
    assert r.status_code == 303, r.text
    # a date with only its year: the JSON error names the question
    r = await api.client.post("/f/phan-anh", data=hidden_fields(
        (await api.client.get("/f/phan-anh")).text) | {"visited__year": "2026"},
        headers={"Accept": "application/json"})
    assert r.status_code == 422 and error_code(r.text) is None
    assert r.json()["errors"][0]["path"] == "/visited"

    r = await api.call("GET", "/api/v1/exports/responses?form=phan-anh&format=jsonl",
                       province["analyst"])
    row = read_jsonl(r.content)[0]
    assert row["visited"] == "2026-03-07"
    assert row["email"] == "[địa chỉ email]" and row["phone"] == "[số điện thoại]"
    r = await api.call("GET", "/api/v1/exports/responses?form=phan-anh&format=csv&unmasked=true",
                       province["analyst"])
    row = read_csv(r.content)[0]
    assert "nguyen.van.a@gmail.com" in row.values() and "0912 345 678" in row.values()


async def test_the_designer_offers_and_adds_the_new_kinds(sign_in: Any) -> None:
    from forms_service.forms.tables import FormVersion
    from tests.integration.designer.test_designer import blank, digest_of, draft, post

    designer = await sign_in("designer", "000.00.00.H29")
    await blank(designer)
    base = "/designer/forms/khao-sat"
    page = await designer.get(base)
    for label in ("Ngày tháng (ngày, tháng, năm)", "Địa chỉ thư điện tử (email)",
                  "Số điện thoại Việt Nam"):
        assert label in page.text
    for widget, name in (("date", "ngay"), ("email", "thu"), ("phone", "so_dt")):
        r = await post(designer, f"{base}/questions", title=f"Câu {name}", widget=widget,
                       name=name)
        assert r.status_code == 303, r.text
    properties = (await draft("khao-sat"))["properties"]
    assert properties["ngay"]["format"] == "date" and properties["ngay"]["x-widget"] == "date"
    assert properties["thu"]["format"] == "email"
    assert properties["so_dt"]["format"] == "phone-vn"
    page = await designer.get(f"{base}/publish")
    r = await post(designer, f"{base}/publish", digest=digest_of(page.text))
    assert r.status_code == 303, r.text
    published = await FormVersion.select(FormVersion.definition).first().run()
    assert published is not None and '"phone-vn"' in str(published["definition"]).replace(
        "'", '"')
