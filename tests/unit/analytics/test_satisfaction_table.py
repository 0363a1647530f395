"""satisfaction_table: rows, BH-adjusted verdicts, ranks and JSON output."""

import json
import math

import pytest
from scipy import stats

from analytics import (
    GroupCount,
    SatisfactionRow,
    Verdict,
    excellence_test,
    proportion_ci,
    satisfaction_table,
)

GROUPS = [
    GroupCount("1.001", "Đăng ký khai sinh", n=1000, satisfied=960),
    GroupCount("1.002", "Cấp hộ chiếu", n=3, satisfied=3),
    GroupCount("1.003", "Đăng ký kết hôn", n=400, satisfied=330),
    GroupCount("1.004", "Cấp lý lịch tư pháp", n=0, satisfied=0),
    GroupCount("1.005", "Đăng ký thường trú", n=120, satisfied=114),
    GroupCount("1.006", "Cấp đổi giấy phép lái xe", n=60, satisfied=56),
]


def test_rows_carry_rates_intervals_and_raw_pvalues():
    rows = satisfaction_table(GROUPS)
    assert [r.key for r in rows] == [g.key for g in GROUPS]
    for row, group in zip(rows, GROUPS, strict=True):
        assert isinstance(row, SatisfactionRow)
        if group.n:
            ci = proportion_ci(group.satisfied, group.n)
            assert (row.rate, row.ci_low, row.ci_high) == (ci.estimate, ci.ci_low, ci.ci_high)
            assert row.pvalue == excellence_test(group.satisfied, group.n).pvalue


def test_adjusted_pvalues_cover_only_groups_with_enough_answers():
    rows = satisfaction_table(GROUPS)
    tested = [r for r in rows if r.n >= 30]
    expected = stats.false_discovery_control([r.pvalue for r in tested], method="bh")
    assert [r.pvalue_adjusted for r in tested] == pytest.approx(list(expected))
    small = [r for r in rows if r.n < 30]
    assert all(math.isnan(r.pvalue_adjusted) for r in small)
    assert all(r.verdict is Verdict.INSUFFICIENT_DATA for r in small)


def test_verdict_uses_the_adjusted_pvalue():
    # 114/120 alone is significant at 5% (p = 0.045) ...
    alone = excellence_test(114, 120)
    assert alone.verdict is Verdict.EXCELLENT and alone.pvalue > 0.05 / 3
    # ... but after adjustment across the family it no longer is.
    rows = {r.key: r for r in satisfaction_table(GROUPS)}
    assert rows["1.005"].pvalue_adjusted > 0.05
    assert rows["1.005"].verdict is Verdict.MEETS_POINT_ESTIMATE
    unadjusted = {r.key: r for r in satisfaction_table(GROUPS, adjust=None)}
    assert unadjusted["1.005"].verdict is Verdict.EXCELLENT
    assert unadjusted["1.005"].pvalue_adjusted == unadjusted["1.005"].pvalue


def test_ranks_use_shrunk_rates():
    rows = {r.key: r for r in satisfaction_table(GROUPS)}
    assert rows["1.001"].rank == 1
    assert rows["1.002"].rank > rows["1.001"].rank  # 3/3 does not beat 960/1000
    assert rows["1.004"].rank is None and math.isnan(rows["1.004"].shrunk_rate)
    ranked = sorted((r for r in rows.values() if r.rank), key=lambda r: r.rank)
    shrunk = [r.shrunk_rate for r in ranked]
    assert shrunk == sorted(shrunk, reverse=True)


def test_empty_group_row():
    row = satisfaction_table(GROUPS)[3]
    assert row.n == 0 and math.isnan(row.rate) and row.verdict is Verdict.INSUFFICIENT_DATA


def test_to_dict_is_json_safe_with_localized_texts():
    rows = satisfaction_table(GROUPS)
    plain = rows[3].to_dict()
    assert (
        plain["rate"] is None and plain["rank"] is None and plain["verdict"] == "insufficient_data"
    )
    json.dumps([r.to_dict("vi") for r in rows], allow_nan=False)
    vi = rows[0].to_dict("vi")
    assert vi["rate_text"] == "96,0%"
    assert vi["ci_text"] == "94,6% – 97,0%"
    assert vi["verdict_text"] == "Xuất sắc"
    en = rows[0].to_dict("en")
    assert (en["rate_text"], en["ci_text"], en["verdict_text"]) == (
        "96.0%",
        "94.6% – 97.0%",
        "Excellent",
    )
    assert rows[3].to_dict("vi")["rate_text"] == "—"


def test_all_groups_empty():
    rows = satisfaction_table([GroupCount("a", "A", 0, 0), GroupCount("b", "B", 0, 0)])
    assert [r.rank for r in rows] == [None, None]
    assert satisfaction_table([]) == []


def test_options_are_validated():
    with pytest.raises(ValueError, match="adjust must be one of 'bh', 'by'"):
        satisfaction_table(GROUPS, adjust="holm")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"groups\[0\] must be a GroupCount"):
        satisfaction_table([("a", "A", 10, 5)])  # type: ignore[list-item]


def test_group_count_validates():
    with pytest.raises(ValueError, match=r"satisfied \(12\) is larger than n \(10\)"):
        GroupCount("a", "A", n=10, satisfied=12)
    with pytest.raises(ValueError, match="key must not be empty"):
        GroupCount(" ", "A", n=10, satisfied=1)
