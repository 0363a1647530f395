"""excellence_nominations: seed 000's selection rules, evidence and reasons."""

import pytest

from analytics import (
    Audience,
    Criterion,
    ExclusionReason,
    ServiceEvidence,
    Verdict,
    excellence_nominations,
)


def _service(
    code, audience="citizen", delivery="full_online", online=100, satisfied=0, n=0, savings=None
):
    total = 2 * online + 1
    return ServiceEvidence(
        code, f"Dịch vụ {code}", audience, delivery, online, total, satisfied, n, savings
    )


def _citizen_pool():
    # Online dossiers 900 … 100; only some have satisfaction evidence or savings.
    services = [_service(f"C{i}", online=1000 - 100 * i) for i in range(1, 10)]
    services[6] = _service("C7", online=300, satisfied=475, n=500)  # excellent satisfaction
    services[7] = _service("C8", online=200, savings="Giảm 2 ngày đi lại")
    services.append(_service("P1", delivery="partial_online", online=5000, satisfied=480, n=500))
    return services


def test_only_full_online_services_meeting_a_criterion_are_nominated():
    report = excellence_nominations(_citizen_pool(), year=2023)
    nominated = [c.service.code for c in report.citizen]
    # C1-C5 are the top five full-online services by online dossiers (P1 has more but
    # is only partly online). C7 (satisfaction) and C8 (savings) also qualify, with one
    # criterion each, but rank after C1-C5 on online dossiers.
    assert nominated == ["C1", "C2", "C3", "C4", "C5"]
    reasons = {c.service.code: c.reason for c in report.excluded}
    assert reasons["P1"] is ExclusionReason.NOT_FULL_ONLINE
    assert reasons["C6"] is ExclusionReason.NO_CRITERION
    assert reasons["C9"] is ExclusionReason.NO_CRITERION
    assert reasons["C7"] is ExclusionReason.BELOW_SELECTED
    assert reasons["C8"] is ExclusionReason.BELOW_SELECTED
    assert report.business == ()


def test_more_criteria_rank_first():
    services = _citizen_pool()
    services[0] = _service("C1", online=900, satisfied=475, n=500, savings="Miễn lệ phí")
    services[6] = _service("C7", online=300, satisfied=475, n=500, savings="Giảm 3 ngày")
    report = excellence_nominations(services, year=2023, per_audience=3)
    assert [c.service.code for c in report.citizen] == ["C1", "C7", "C2"]
    first = report.citizen[0]
    assert first.position == 1 and first.reason is None
    assert first.criteria == (
        Criterion.MOST_ONLINE_DOSSIERS,
        Criterion.SATISFACTION_EXCELLENT,
        Criterion.SAVINGS,
    )
    assert first.satisfaction.verdict is Verdict.EXCELLENT
    assert first.online_rank == 1 and first.online_share == pytest.approx(900 / 1801)


def test_satisfaction_must_be_shown_excellent_not_just_observed_above_90_percent():
    services = [
        _service("A", online=0, satisfied=46, n=50),  # 92% observed, not significant
        _service("B", online=0, satisfied=190, n=200),  # significant
    ]
    report = excellence_nominations(services, year=2023)
    assert [c.service.code for c in report.citizen] == ["B"]
    assert report.excluded[0].reason is ExclusionReason.NO_CRITERION
    assert report.excluded[0].satisfaction.verdict is Verdict.MEETS_POINT_ESTIMATE


def test_ties_at_the_top_online_boundary_all_count():
    services = [_service(f"S{i}", online=o) for i, o in enumerate([50, 40, 30, 30, 10])]
    report = excellence_nominations(services, year=2022, top_online=3)
    met = {c.service.code for c in report.citizen if Criterion.MOST_ONLINE_DOSSIERS in c.criteria}
    assert met == {"S0", "S1", "S2", "S3"}


def test_audiences_are_ranked_separately():
    services = [_service("C", online=10), _service("B", audience="business", online=5)]
    report = excellence_nominations(services, year=2023)
    assert [c.service.code for c in report.nominated(Audience.CITIZEN)] == ["C"]
    assert [c.service.code for c in report.nominated("business")] == ["B"]
    assert report.business[0].online_rank == 1


def test_report_is_json_safe_with_localized_reasons():
    report = excellence_nominations(_citizen_pool(), year=2023)
    excluded = report.excluded[0].to_dict("vi")
    assert (
        excluded["reason"] == "no_criterion"
        and excluded["reason_text"] == "Không đáp ứng tiêu chí nào"
    )
    assert report.citizen[0].to_dict("en")["criteria_text"] == ["Among the most online dossiers"]
    assert report.to_dict()["year"] == 2023


def test_evidence_validates():
    with pytest.raises(ValueError, match="audience must be one of 'citizen', 'business'"):
        _service("X", audience="people")
    with pytest.raises(ValueError, match="delivery must be one of 'full_online', 'partial_online'"):
        _service("X", delivery="offline")
    with pytest.raises(
        ValueError, match=r"online_dossiers \(5\) is larger than total_dossiers \(3\)"
    ):
        ServiceEvidence("X", "X", "citizen", "full_online", 5, 3, 0, 0)
    assert _service("X", savings="   ").savings is None


def test_duplicate_codes_and_bad_options_are_refused():
    with pytest.raises(ValueError, match="appears twice"):
        excellence_nominations([_service("A"), _service("A")], year=2023)
    with pytest.raises(ValueError, match="per_audience must be at least 1"):
        excellence_nominations([], year=2023, per_audience=0)
    with pytest.raises(ValueError, match="four-digit year"):
        excellence_nominations([], year=23)
