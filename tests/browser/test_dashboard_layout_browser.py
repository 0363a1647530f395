"""The dashboard on the demo, as a newcomer opens it: tables that use the width, chart
text of at least 12 px, quarters with too few answers drawn as gaps, labels that no line
crosses, and the agency named; at 360, 1280, 1440 and 1920 px, checked by axe-core."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import axe_serious, free_port, screenshot

DEMO_PASSWORD = "phieu-demo-2026"
WIDTHS = (360, 1280, 1440, 1920)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    """``phieu demo`` in a folder of its own, served; one answer in the current quarter."""
    folder: Path = tmp_path_factory.mktemp("demo-dashboard")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIEU_")}
    out = subprocess.run([sys.executable, "-m", "forms_service.cli", "demo", "--no-serve"],
                         env=env, cwd=folder, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    portal = re.search(r"portal key \(000.00.00.H29\): (\S+)", out.stdout).group(1)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "forms_service.cli", "serve", "--port", str(port)],
        env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        r = httpx.post(base + "/api/v1/responses", headers={"Authorization": f"Bearer {portal}"},
                       json={"form": "demo-quick-rating", "service": "1.001193",
                             "dossier": "HS-MOT-Y-KIEN", "locale": "vi",
                             "answers": {"overall": 3}})
        assert r.status_code == 201, r.text
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _signed_in(browser: Any, base: str, width: int) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True,
                                  locale="vi-VN")
    page = context.new_page()
    page.goto(base + "/sign-in?next=%2Fdashboard")
    page.fill("#email", "analyst@demo.phieu.vn")
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(#password) button[type=submit]").click()
    assert page.url.endswith("/dashboard"), page.url
    return context, page


SMALLEST_TEXT = """() => Math.min(...Array.from(document.querySelectorAll('svg.chart'))
  .flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Array.from(svg.querySelectorAll('text'))
    .map(t => parseFloat(t.getAttribute('font-size')) * scale);
}))"""

OVERLAPS = """([labels, marks]) => {
  const boxes = s => Array.from(document.querySelectorAll(s)).map(e => e.getBoundingClientRect())
    .filter(r => r.width || r.height);
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom
    && b.top < a.bottom;
  const found = [];
  for (const a of boxes(labels)) for (const b of boxes(marks)) if (hit(a, b)) found.push([a, b]);
  return found.length;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_overview_uses_the_width_and_names_the_agency(
    browser: Any, demo: str, width: int
) -> None:
    context, page = _signed_in(browser, demo, width)
    try:
        assert "UBND tỉnh Hải Dương" in page.inner_text(".scope")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        region = page.locator("#satisfaction-table").locator("xpath=..")
        clipped = region.evaluate("e => e.scrollWidth - e.clientWidth")
        if width >= 1280:  # rate, interval and verdict in sight, no scroll box
            assert clipped <= 0, f"the table is clipped by {clipped}px at {width}px"
            verdict = page.locator("#satisfaction-table tbody tr").first.locator("td").last
            assert verdict.is_visible() and verdict.bounding_box()["x"] < width
        assert page.evaluate(SMALLEST_TEXT) >= 12
        assert "Wilson" in page.inner_text("main")
        if width in (360, 1280):
            assert axe_serious(page) == []
        screenshot(page, f"dashboard-demo-overview-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", (360, 1280))
def test_trend_draws_a_quarter_with_one_answer_as_a_gap(
    browser: Any, demo: str, width: int
) -> None:
    context, page = _signed_in(browser, demo, width)
    try:
        page.goto(demo + "/dashboard/trend")
        note = page.inner_text("#trend-heading ~ figure .chart-note")
        assert re.search(r"Người dân \d{4}-Q\d \(n = 1\)", note), note
        chart = page.locator("svg#trend-satisfaction")
        # no whisker reaches across most of the plot (an n = 1 interval spans 20–100%)
        plot = page.evaluate("""() => { const g = document.querySelector(
            '#trend-satisfaction .axis').getBoundingClientRect().top - document.querySelector(
            '#trend-satisfaction .grid:last-of-type').getBoundingClientRect().top; return g; }""")
        longest = chart.evaluate("""svg => Math.max(0, ...Array.from(
            svg.querySelectorAll('.whisker')).map(w => w.getBoundingClientRect().height))""")
        assert longest < 0.5 * abs(plot), (longest, plot)
        # the threshold is named in the legend, where no line crosses it
        label = chart.locator(".reference-label")
        assert (label.text_content() or "").startswith("ngưỡng 90%")
        assert page.evaluate(OVERLAPS, ["#trend-satisfaction .reference-label",
                                        "#trend-satisfaction .series *"]) == 0
        assert page.evaluate(SMALLEST_TEXT) >= 12
        assert axe_serious(page) == []
        screenshot(page, f"dashboard-demo-trend-{width}")
        page.goto(demo + "/dashboard/online-rate")
        # the dashed target line crosses the bars, not their words
        assert page.locator("#online-rate .threshold").count() > 0
        assert page.evaluate(OVERLAPS, ["#online-rate .threshold",
                                        "#online-rate .bar-words, #online-rate .bar-label, "
                                        "#online-rate .group-label"]) == 0
        assert page.evaluate(SMALLEST_TEXT) >= 12
        assert axe_serious(page) == []
        screenshot(page, f"dashboard-demo-online-{width}")
    finally:
        context.close()
