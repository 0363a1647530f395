"""online_rate_table: online share against the 50% target, self-submission share."""

import json
import math

import pytest

from analytics import DossierCount, proportion_ci
from analytics import online_rate_table as table


def test_share_gap_and_self_submitted_share():
    (row,) = table([DossierCount("UBND-HN", "2023-Q3", online=400, total=1000, self_submitted=73)])
    assert row.online_share == 0.4
    assert row.gap_points == pytest.approx(10.0)
    assert row.meets_target is False
    assert row.self_share == pytest.approx(73 / 400)
    ci = proportion_ci(400, 1000)
    assert (row.online_ci_low, row.online_ci_high) == (ci.ci_low, ci.ci_high)
    self_ci = proportion_ci(73, 400)
    assert (row.self_ci_low, row.self_ci_high) == (self_ci.ci_low, self_ci.ci_high)


def test_seed_002_baseline_self_submitted_share():
    # Seed 002: only 18.2% of online dossiers were submitted by the citizen personally.
    (row,) = table([DossierCount("Cả nước", "2023", online=1000, total=1800, self_submitted=182)])
    assert row.to_dict("vi")["self_share_text"] == "18,2%"
    assert row.to_dict("en")["self_share_text"] == "18.2%"


def test_meeting_the_target_gives_a_negative_gap():
    (row,) = table([DossierCount("A", "2023", online=55, total=100, self_submitted=0)], target=0.5)
    assert row.meets_target is True and row.gap_points == pytest.approx(-5.0)
    (exact,) = table([DossierCount("A", "2023", online=50, total=100, self_submitted=0)])
    assert exact.meets_target is True and exact.gap_points == 0.0


def test_months_add_up_into_quarters_and_rows_are_ordered():
    rows = table(
        [
            DossierCount("B", "2023-08", 10, 40, 1),
            DossierCount("A", "2023-07", 30, 100, 6),
            DossierCount("A", "2023-08", 50, 100, 9),
            DossierCount("A", "2023-02", 50, 80, 9),
            DossierCount("B", "2023-07", 20, 60, 2),
        ],
        quarterly=True,
    )
    assert [(r.agency, r.period) for r in rows] == [
        ("B", "2023-Q3"),
        ("A", "2023-Q1"),
        ("A", "2023-Q3"),
    ]
    b = rows[0]
    assert (b.online, b.total, b.self_submitted) == (30, 100, 3)


def test_without_quarterly_months_stay_months():
    rows = table([DossierCount("A", "2023-07", 1, 2, 0), DossierCount("A", "2023-08", 1, 2, 0)])
    assert [r.period for r in rows] == ["2023-07", "2023-08"]


def test_no_dossiers_gives_nan_and_json_none():
    (row,) = table([DossierCount("A", "2023", 0, 0, 0)])
    assert (
        math.isnan(row.online_share) and math.isnan(row.gap_points) and math.isnan(row.self_share)
    )
    assert row.meets_target is False
    json.dumps(row.to_dict("vi"), allow_nan=False)


def test_counts_and_periods_are_validated():
    with pytest.raises(ValueError, match=r"online \(12\) is larger than total \(10\)"):
        DossierCount("A", "2023", online=12, total=10, self_submitted=0)
    with pytest.raises(ValueError, match=r"self_submitted \(5\) is larger than online \(4\)"):
        DossierCount("A", "2023", online=4, total=10, self_submitted=5)
    with pytest.raises(ValueError, match="period '2023-13' is not valid"):
        DossierCount("A", "2023-13", online=4, total=10, self_submitted=1)
    with pytest.raises(ValueError, match="target must be strictly between 0 and 1"):
        table([], target=50)
