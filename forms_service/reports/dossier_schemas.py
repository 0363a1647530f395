"""Bodies of the dossier reports: response rates, timeliness, unit satisfaction.

As in :mod:`forms_service.reports.schemas`: proportions are raw values in
[0, 1], a missing value is ``null``, and ``*_text`` fields (the same numbers
formatted for people) appear only with ``locale``.
"""

from __future__ import annotations

import msgspec

__all__ = [
    "GroupRateRowOut",
    "GroupSatisfactionReportOut",
    "InvitationChannelRowOut",
    "ResponseRateReportOut",
    "ResponseRateRowOut",
    "TimelinessReportOut",
    "TimelinessRowOut",
]

Text = str | None


class _Report(msgspec.Struct, omit_defaults=True):
    """Base of the bodies: ``*_text`` fields appear only with ``locale``."""


class ResponseRateRowOut(_Report):
    """The funnel of one group: returned → offered → opened → answered."""

    key: str
    label: str
    agency: str
    agency_name: str
    period: str | None
    returned: int
    offered: int
    opened: int
    answered: int
    response_rate: float | None
    response_ci_low: float | None
    response_ci_high: float | None
    contact_rate: float | None
    contact_ci_low: float | None
    contact_ci_high: float | None
    open_rate: float | None
    open_ci_low: float | None
    open_ci_high: float | None
    cooperation_rate: float | None
    cooperation_ci_low: float | None
    cooperation_ci_high: float | None
    response_rate_text: Text = None
    response_ci_text: Text = None
    contact_rate_text: Text = None
    open_rate_text: Text = None
    cooperation_rate_text: Text = None


class InvitationChannelRowOut(_Report):
    """The funnel of one invitation channel in one agency: of the dossiers returned,
    those selected for an invitation, invited, delivered, opened and answered
    (``invited`` and ``delivered`` are ``null`` for the receipt's QR code)."""

    key: str
    channel: str
    label: str
    agency: str
    agency_name: str
    returned: int
    selected: int
    invited: int | None
    delivered: int | None
    opened: int
    answered: int
    response_rate: float | None
    response_ci_low: float | None
    response_ci_high: float | None
    invited_answer_rate: float | None
    response_rate_text: Text = None
    response_ci_text: Text = None
    invited_answer_rate_text: Text = None


class ResponseRateReportOut(_Report):
    group_by: str
    agency: str | None
    period: str | None
    definition: str
    confidence_level: float
    method: str
    rows: list[ResponseRateRowOut]
    channels: list[InvitationChannelRowOut]
    locale: str | None = None


class TimelinessRowOut(_Report):
    """Satisfaction of dossiers returned on time against late ones, in one group."""

    key: str
    label: str
    agency: str
    agency_name: str
    period: str | None
    returned: int
    on_time: int
    late: int
    on_time_share: float | None
    on_time_rated: int
    on_time_satisfied: int
    on_time_rate: float | None
    late_rated: int
    late_satisfied: int
    late_rate: float | None
    difference: float | None
    difference_ci_low: float | None
    difference_ci_high: float | None
    pvalue: float | None
    on_time_share_text: Text = None
    on_time_rate_text: Text = None
    late_rate_text: Text = None
    difference_text: Text = None
    difference_ci_text: Text = None


class TimelinessReportOut(_Report):
    group_by: str
    agency: str | None
    period: str | None
    confidence_level: float
    interval: str
    rows: list[TimelinessRowOut]
    locale: str | None = None


class GroupRateRowOut(_Report):
    """Satisfaction of one unit or officer: raw and shrunk rates, interval, rank."""

    key: str
    label: str
    agency: str
    agency_name: str
    period: str | None
    n: int
    satisfied: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    shrunk_rate: float | None
    shrunk_ci_low: float | None
    shrunk_ci_high: float | None
    rank: int | None
    rate_text: Text = None
    ci_text: Text = None
    shrunk_rate_text: Text = None


class GroupSatisfactionReportOut(_Report):
    group_by: str
    agency: str | None
    period: str | None
    confidence_level: float
    method: str
    rows: list[GroupRateRowOut]
    locale: str | None = None
