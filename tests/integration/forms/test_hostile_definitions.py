"""Hostile form definitions are refused, each with its own issue and a clear message.

How fast each refusal is (under 100 ms) is measured by
``benchmarks/hostile_definitions.py`` beside a normal template, not here.
"""

from __future__ import annotations

import json

import pytest

from form_schemas import DefinitionError, check_definition
from forms_service.forms.tables import Form
from tests.integration.conftest import Api
from tests.integration.hostile_definitions import CASES, TEN_MB, normal


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_profile_refuses_it(case: str) -> None:
    build, code = CASES[case]
    with pytest.raises(DefinitionError) as refused:
        check_definition(build(), locale="en")
    issues = {issue.code: issue for issue in refused.value.issues}
    assert code in issues
    assert len(issues[code].message) > 20


def test_the_normal_template_passes() -> None:
    check_definition(normal())


@pytest.mark.parametrize("case", sorted(c for c in CASES
                                         if c not in ("ten_megabytes", "nested_2000_deep")))
async def test_the_api_refuses_it_and_stores_nothing(
    api: Api, province: dict[str, str], case: str
) -> None:
    build, code = CASES[case]
    r = await api.call("POST", "/api/v1/forms", province["designer"],
                       json={"slug": "doc-hai", "definition": build()},
                       headers={"Accept-Language": "en"})
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "invalid_definition"
    found = [item for item in body["errors"] if item["code"] == code]
    assert found and found[0]["message"] and found[0]["path"].startswith("/"), body
    r = await api.call("PUT", "/api/v1/forms/hai-long/draft", province["designer"],
                       json={"definition": build()})
    assert r.status_code == 422 and any(e["code"] == code for e in r.json()["errors"])
    assert not await Form.exists().where(Form.slug == "doc-hai").run()


async def test_a_ten_megabyte_definition_is_413(api: Api, province: dict[str, str]) -> None:
    build, _ = CASES["ten_megabytes"]
    content = json.dumps({"slug": "doc-hai", "definition": build()}).encode()
    assert len(content) > TEN_MB
    r = await api.call("POST", "/api/v1/forms", province["designer"], content=content,
                       headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "payload_too_large"
    assert not await Form.exists().where(Form.slug == "doc-hai").run()


async def test_a_definition_nested_2000_deep_is_refused_before_parsing(
    api: Api, province: dict[str, str]
) -> None:
    depth = 2000
    question = '{"type": "string", "title": "x", "x-widget": "text"}'
    for _ in range(depth):
        question = '{"type": "object", "properties": {"a": ' + question + "}}"
    content = ('{"slug": "doc-hai", "definition": {"type": "object", "properties": '
               '{"hostile": ' + question + "}}}").encode()
    r = await api.call("POST", "/api/v1/forms", province["designer"], content=content,
                       headers={"Content-Type": "application/json", "Accept-Language": "en"})
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "too_deep" and "32" in r.json()["message"]
    assert not await Form.exists().where(Form.slug == "doc-hai").run()
