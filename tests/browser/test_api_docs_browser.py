"""The API documentation in Chromium with every request beyond this machine blocked, as on
a closed government network: the operations are listed all the same."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.browser.conftest import Service, axe_serious, screenshot

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.mark.parametrize("path", ["/schema", "/schema/swagger"])
@pytest.mark.parametrize("width", [360, 1280])
def test_operations_are_listed_with_the_internet_blocked(
    browser: Any, service: Service, path: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    blocked: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(service.base + path)
    page.locator(".opblock-tag").first.wait_for(timeout=20000)
    document = httpx.get(service.base + "/schema/openapi.json").json()
    operations = [op for item in document["paths"].values() for method, op in item.items()
                  if method in {"get", "post", "put", "patch", "delete"}]
    tags = {tag for op in operations for tag in op["tags"]}
    assert page.locator(".opblock-tag").count() == len(tags)
    # each tag opened in turn shows every one of its operations
    shown = 0
    for i in range(len(tags)):
        tag = page.locator(".opblock-tag").nth(i)
        tag.click()
        name = tag.get_attribute("data-tag")
        expected = sum(1 for op in operations if name in op["tags"])
        page.wait_for_function(f"document.querySelectorAll('.opblock').length === {expected}")
        if name == "responses":
            assert page.locator(".opblock-summary-path",
                                has_text="/api/v1/responses").count() > 0
        shown += expected
        tag.click()
        page.wait_for_function("document.querySelectorAll('.opblock').length === 0")
    assert shown == len(operations)
    assert not blocked, blocked
    if path == "/schema":
        # Swagger UI with Phiếu's contrast corrections, a named servers list, no deep links
        # inside buttons
        assert axe_serious(page) == []
        screenshot(page, f"api-docs-{width}")
    context.close()
