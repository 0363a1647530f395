"""The SVG charts: geometry proportional to the numbers, accessible, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from forms_service.charts import Bar, Group, Point, Series, grouped_bars, interval_bars, line_chart

NS = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def by_class(tree: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in tree.iter() if name in (e.get("class") or "").split()]


def axis(tree: ET.Element) -> tuple[float, float]:
    line = by_class(tree, "axis")[0]
    return float(line.get("x1")), float(line.get("x2"))


BARS = [
    Bar("Đăng ký khai sinh", 0.96, 0.94, 0.975, "96,0%", "excellent", "Xuất sắc"),
    Bar("Cấp phiếu lý lịch tư pháp", 0.48, 0.40, 0.56, "48,0%", "below", "Dưới ngưỡng"),
    Bar("Đăng ký kết hôn", 0.2, None, None, "20,0%", "insufficient_data", "Chưa đủ dữ liệu"),
]


def test_bar_lengths_are_proportional_to_the_values() -> None:
    tree = parse(interval_bars(BARS, chart_id="s", title="Satisfaction", threshold=0.9))
    left, right = axis(tree)
    bars = by_class(tree, "bar")
    assert len(bars) == 3
    for bar, expected in zip(bars, (0.96, 0.48, 0.2), strict=True):
        assert float(bar.get("x")) == left
        assert float(bar.get("width")) == pytest.approx(expected * (right - left), abs=0.01)
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] / widths[1] == pytest.approx(2.0, rel=1e-3)


def test_whiskers_end_at_the_interval_bounds() -> None:
    tree = parse(interval_bars(BARS, chart_id="s", title="Satisfaction"))
    left, right = axis(tree)
    whiskers = by_class(tree, "whisker")
    # the third bar has no interval: no whisker
    assert len(whiskers) == 2
    for whisker, (low, high) in zip(whiskers, ((0.94, 0.975), (0.40, 0.56)), strict=True):
        assert float(whisker.get("x1")) == pytest.approx(left + low * (right - left), abs=0.01)
        assert float(whisker.get("x2")) == pytest.approx(left + high * (right - left), abs=0.01)
    caps = by_class(tree, "whisker-cap")
    assert sorted(float(c.get("x1")) for c in caps) == pytest.approx(sorted(
        left + v * (right - left) for v in (0.94, 0.975, 0.40, 0.56)), abs=0.01)


def test_threshold_line_sits_at_the_threshold_and_is_labelled() -> None:
    tree = parse(interval_bars(BARS, chart_id="s", title="T", threshold=0.9, locale="vi"))
    left, right = axis(tree)
    line = by_class(tree, "threshold")[0]
    assert float(line.get("x1")) == pytest.approx(left + 0.9 * (right - left), abs=0.01)
    assert line.get("x1") == line.get("x2")
    assert by_class(tree, "threshold-label")[0].text == "90%"
    no_line = parse(interval_bars(BARS, chart_id="s", title="T"))
    assert by_class(no_line, "threshold") == []


def test_verdicts_are_written_in_words_not_only_colour() -> None:
    tree = parse(interval_bars(BARS, chart_id="s", title="T"))
    words = [e.text for e in by_class(tree, "bar-words")]
    assert words == ["96,0% · Xuất sắc", "48,0% · Dưới ngưỡng", "20,0% · Chưa đủ dữ liệu"]
    fills = {e.get("fill") for e in by_class(tree, "bar")}
    assert len(fills) == 3


def test_the_chart_is_a_labelled_image_that_scales() -> None:
    tree = parse(interval_bars(BARS, chart_id="sat-1", title="Hài lòng", description="3 dịch vụ"))
    assert tree.tag == f"{NS}svg"
    assert tree.get("role") == "img"
    assert tree.get("aria-labelledby") == "sat-1-title sat-1-desc"
    assert tree.find(f"{NS}title").get("id") == "sat-1-title"
    assert tree.find(f"{NS}title").text == "Hài lòng"
    assert tree.find(f"{NS}desc").text == "3 dịch vụ"
    assert tree.get("width") == "100%"
    assert tree.get("viewBox").startswith("0 0 360 ")
    assert tree.get("height") is None


def test_text_is_escaped() -> None:
    evil = '<script>alert("x")</script> & "quotes"'
    markup = str(interval_bars([Bar(evil, 0.5, text=evil, status_text=evil)],
                               chart_id='x" onload="alert(1)', title=evil, description=evil))
    assert "<script>" not in markup
    assert "onload=\"alert" not in markup
    tree = parse(markup)  # still well-formed XML
    assert tree.find(f"{NS}title").text == evil
    assert by_class(tree, "bar-label")[0].text.startswith("<script>")
    line = str(line_chart([Series(evil, (Point(evil, 0.5),))], chart_id="l", title=evil))
    assert "<script>" not in line
    parse(line)


def test_output_is_deterministic() -> None:
    first = interval_bars(BARS, chart_id="s", title="T", threshold=0.9)
    assert first == interval_bars(BARS, chart_id="s", title="T", threshold=0.9)


def test_missing_value_draws_no_bar_and_values_are_clamped() -> None:
    tree = parse(interval_bars([Bar("a", None, text="—"), Bar("b", 1.7), Bar("c", -0.2)],
                               chart_id="m", title="T"))
    left, right = axis(tree)
    widths = [float(b.get("width")) for b in by_class(tree, "bar")]
    assert widths == [pytest.approx(right - left), 0]


def test_long_labels_are_clipped_with_the_full_text_kept_as_tooltip() -> None:
    name = "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm cho cơ sở sản xuất " * 3
    tree = parse(interval_bars([Bar(name, 0.5)], chart_id="c", title="T"))
    shown = by_class(tree, "bar-label")[0].text
    assert shown.endswith("…") and len(shown) < len(name)
    row = by_class(tree, "bar-row")[0]
    assert row.find(f"{NS}title").text == name


def test_grouped_bars_colour_by_series_and_label_each_bar() -> None:
    groups = [Group("Tự nộp hồ sơ", (Bar("Trước", 0.3, 0.25, 0.35, "30%"),
                                     Bar("Sau", 0.45, 0.4, 0.5, "45%"))),
              Group("Hài lòng", (Bar("Trước", 0.8), Bar("Sau", 0.85)))]
    tree = parse(grouped_bars(groups, chart_id="g", title="T",
                              series_colours=("#2f4a7a", "#8a4600")))
    left, right = axis(tree)
    bars = by_class(tree, "bar")
    assert [b.get("fill") for b in bars] == ["#2f4a7a", "#8a4600"] * 2
    assert [float(b.get("width")) for b in bars] == pytest.approx(
        [v * (right - left) for v in (0.3, 0.45, 0.8, 0.85)], abs=0.01)
    assert [e.text for e in by_class(tree, "group-label")] == ["Tự nộp hồ sơ", "Hài lòng"]


def test_line_chart_places_points_by_period_and_value() -> None:
    series = [Series("Hài lòng", (Point("2025-Q1", 0.8, 0.75, 0.85), Point("2025-Q2", 0.9),
                                  Point("2025-Q3", None), Point("2025-Q4", 0.95))),
              Series("Trực tuyến", (Point("2025-Q1", 0.4), Point("2025-Q4", 0.6)))]
    tree = parse(line_chart(series, chart_id="t", title="T", reference=0.9, locale="en"))
    grid = by_class(tree, "axis")[0]
    bottom = float(grid.get("y1"))
    top_line = [e for e in by_class(tree, "grid")][-1]
    top = float(top_line.get("y1"))
    left, right = float(grid.get("x1")), float(grid.get("x2"))
    step = (right - left) / 3
    first = by_class(tree, "series")[0]
    lines = by_class(first, "line")
    # the missing third quarter breaks the line into two pieces
    assert len(lines) == 1  # Q1–Q2; Q4 alone is a marker only
    points = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    assert points[0] == pytest.approx((left, bottom - 0.8 * (bottom - top)), abs=0.01)
    assert points[1] == pytest.approx((left + step, bottom - 0.9 * (bottom - top)), abs=0.01)
    markers = by_class(first, "marker")
    assert len(markers) == 3
    whisker = by_class(first, "whisker")[0]
    assert float(whisker.get("y1")) == pytest.approx(bottom - 0.75 * (bottom - top), abs=0.01)
    assert float(whisker.get("y2")) == pytest.approx(bottom - 0.85 * (bottom - top), abs=0.01)
    reference = by_class(tree, "reference")[0]
    assert float(reference.get("y1")) == pytest.approx(bottom - 0.9 * (bottom - top), abs=0.01)
    second = by_class(tree, "series")[1]
    # a different marker shape for the second series
    assert {m.tag for m in by_class(first, "marker")} != {m.tag for m in by_class(second, "marker")}
    assert [e.text for e in by_class(tree, "legend-label")] == ["Hài lòng", "Trực tuyến"]
    assert next(e.text for e in by_class(tree, "period-label")) == "2025-Q1"


def test_long_words_put_the_verdict_on_its_own_line() -> None:
    long_verdict = "Đạt ngưỡng, chưa khẳng định được"
    tree = parse(interval_bars(
        [Bar("a", 0.9, 0.77, 0.96, "90,0% (76,9% – 96,0%)", "meets_point_estimate",
             long_verdict), Bar("b", 0.5, text="50,0%", status="below", status_text="Dưới")],
        chart_id="w", title="T"))
    rows = by_class(tree, "bar-row")
    assert [e.text for e in by_class(rows[0], "bar-words")] == [
        "90,0% (76,9% – 96,0%)", long_verdict]
    assert [e.text for e in by_class(rows[1], "bar-words")] == ["50,0% · Dưới"]
    # the second row starts below the first one's extra line
    first_label, second_label = (float(by_class(r, "bar-label")[0].get("y")) for r in rows)
    assert second_label - first_label > 64
