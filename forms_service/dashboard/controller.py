"""The dashboard pages and their downloads (signed-in analysts, designers, admins)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from forms_service.accounts.web import SignedIn, render_page
from forms_service.cases.queries import open_counts
from forms_service.channels import CHANNELS
from forms_service.context import Context
from forms_service.dashboard import dossier_views, downloads, estimates, views
from forms_service.dashboard.responses import BrowseFilters, browse_view, parse_choice, parse_day
from forms_service.dashboard.results import ResultsFilters, indices_view, results_view
from forms_service.dashboard.scope import (
    agency_choices,
    agency_name,
    form_choices,
    reader,
    unit_label,
)
from forms_service.dashboard.views import Filters
from forms_service.errors import N_, InvalidInput
from forms_service.exports import service as exports
from forms_service.exports.controller import download_headers
from forms_service.i18n import translate
from forms_service.public.pages import helpers
from forms_service.reports.dossier_groups import require_officer_access
from forms_service.reports.params import check_period, parse_threshold
from forms_service.roles import require_unmasked_reader

__all__ = ["DashboardController"]

AgencyQ = Annotated[str | None, QueryParameter(name="agency", max_length=40)]
PeriodQ = Annotated[str | None, QueryParameter(name="period", max_length=20)]
GroupQ = Annotated[str | None, QueryParameter(name="group_by", max_length=80)]
ThresholdQ = Annotated[str | None, QueryParameter(
    name="threshold", max_length=20,
    description="90%, 90, 0,9 or 0.9: a percentage or a proportion")]
FormQ = Annotated[str | None, QueryParameter(name="form", max_length=80)]
CampaignQ = Annotated[str | None, QueryParameter(name="campaign_start", max_length=20)]
SourceQ = Annotated[str | None, QueryParameter(name="source", max_length=20)]
ChannelQ = Annotated[str | None, QueryParameter(name="channel", max_length=16)]
AudienceQ = Annotated[str | None, QueryParameter(name="audience", max_length=16)]
QuestionQ = Annotated[str | None, QueryParameter(name="question", max_length=64)]
ByQ = Annotated[str | None, QueryParameter(name="by", max_length=64)]
UnitQ = Annotated[str | None, QueryParameter(name="unit", max_length=64)]
MarginsQ = Annotated[str | None, QueryParameter(name="margins", max_length=40)]
ShareQ = Annotated[str | None, QueryParameter(max_length=20)]

PAGES = (
    ("/dashboard", N_("Overview")),
    ("/dashboard/satisfaction", N_("Satisfaction")),
    ("/dashboard/results", N_("Results")),
    ("/dashboard/indices", N_("Indices")),
    ("/dashboard/trend", N_("Trend")),
    ("/dashboard/weighting", N_("Weighted satisfaction")),
    ("/dashboard/online-rate", N_("Online submission")),
    ("/dashboard/communication", N_("Communication")),
    ("/dashboard/rankings", N_("Rankings")),
    ("/dashboard/response-rates", N_("Response rates")),
    ("/dashboard/sample-size", N_("Sample size")),
    ("/dashboard/responses", N_("Browse answers")),
)

#: the pages a person limited to a unit reads (figures that can be limited to units)
UNIT_PAGES = frozenset({"/dashboard/results", "/dashboard/indices",
                        "/dashboard/response-rates", "/dashboard/responses"})


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _browse_filters(request: Request[Any, Any, Any]) -> BrowseFilters:
    """The response browser's filters from the query (each checked, with how to fix it)."""
    params = request.query_params
    before = _blank(params.get("before"))
    if before is not None and not (before.isdigit() and int(before) <= 2**31 - 1):
        raise InvalidInput("before must be a response number.")
    return BrowseFilters(
        form=_blank(params.get("form")), period=check_period(_blank(params.get("period"))),
        start=parse_day(params.get("from"), "from"),
        end=parse_day(params.get("to"), "to"), service=_blank(params.get("service")),
        satisfied=parse_choice(params.get("satisfied")),
        comment=params.get("comment") in ("1", "on", "yes", "true"),
        before=int(before) if before else None,
        unmasked=params.get("unmasked") in ("1", "yes", "true"))


async def _default_ranking_period(ctx: Context) -> str:
    rows = await ctx.db.raw("SELECT MAX(period) AS period FROM quality_score")
    latest = rows[0]["period"] if rows else None
    return str(latest) if latest else str(dt.date.today().year)


class DashboardController(Controller):
    path = "/dashboard"
    include_in_schema = False

    async def _page(self, request: Request[Any, Any, Any], signed_in: SignedIn, template: str,
                    title: str, filters: Filters, download: str | None,
                    **context: Any) -> Response[str]:
        principal = reader(signed_in)
        lang = signed_in.locale
        values = {k: v for k, v in helpers(lang).items() if k not in ("_", "locale")}
        query = filters.query()
        return render_page(
            request, signed_in, template, title=translate(lang, title),
            filters=filters, page_path=request.url.path,
            pages=[page for page in PAGES if page[0] in UNIT_PAGES]
            if principal.is_unit_scoped else PAGES,
            agencies=await agency_choices(principal),
            forms=await form_choices(principal, filters.agency),
            scope_code=filters.agency or principal.agency_code,
            scope_name=await agency_name(filters.agency or principal.agency_code),
            scope_unit=await unit_label(principal),
            download_base=f"/dashboard/export/{download}" if download else None,
            download_query=f"?{query}" if query else "",
            filter_query=query,
            **values, **context,
        )

    @get("/")
    async def overview(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       signed_in: NamedDependency[SignedIn], agency: AgencyQ = None,
                       period: PeriodQ = None) -> Response[str]:
        if reader(signed_in).is_unit_scoped:
            # the overview is by service, over the whole agency: a person limited to a
            # unit starts with the figures of their units
            return Response("", status_code=303,
                            headers={"Location": "/dashboard/response-rates?group_by=unit"})
        filters = Filters(agency=_blank(agency), period=_blank(period))
        data = await views.satisfaction_view(ctx, reader(signed_in), filters, signed_in.locale,
                                             chart_id="overview-satisfaction")
        rows = data["report"].rows
        summary = {
            "answers": sum(r.n for r in rows),
            "satisfied": sum(r.satisfied for r in rows),
            "groups": len(rows),
            "excellent": sum(1 for r in rows if r.verdict == "excellent"),
            "below": sum(1 for r in rows if r.verdict == "below"),
        }
        cases = await open_counts(ctx, signed_in.principal, filters.agency)
        scope = {"agency": filters.agency} if filters.agency else {}
        case_links = {
            "open": "/cases" + (f"?{urlencode(scope)}" if scope else ""),
            "overdue": "/cases?" + urlencode({**scope, "overdue": "yes"}),
            "acknowledge": "/cases?" + urlencode({**scope, "overdue": "yes", "state": "new"}),
        }
        return await self._page(request, signed_in, "dashboard/overview.html", N_("Dashboard"),
                                filters, "satisfaction", summary=summary, cases=cases,
                                case_links=case_links, **data)

    @get("/satisfaction")
    async def satisfaction(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], agency: AgencyQ = None, period: PeriodQ = None,
        group_by: GroupQ = None, threshold: ThresholdQ = None, form: FormQ = None,
    ) -> Response[str]:
        filters = Filters(agency=_blank(agency), period=_blank(period),
                          group_by=_blank(group_by), threshold=parse_threshold(threshold),
                          form=_blank(form))
        data = await views.satisfaction_view(ctx, reader(signed_in), filters, signed_in.locale,
                                             chart_id="satisfaction")
        return await self._page(request, signed_in, "dashboard/satisfaction.html",
                                N_("Satisfaction"), filters, "satisfaction", **data)

    @get("/results")
    async def results(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], agency: AgencyQ = None, period: PeriodQ = None,
        form: FormQ = None, channel: ChannelQ = None, audience: AudienceQ = None,
        question: QuestionQ = None, by: ByQ = None, unit: UnitQ = None,
    ) -> Response[str]:
        principal = reader(signed_in)
        forms = await form_choices(principal, _blank(agency))
        chosen = _blank(form) or (forms[0] if forms else None)
        filters = ResultsFilters(agency=_blank(agency), form=chosen, period=_blank(period),
                                 channel=_blank(channel), audience=_blank(audience),
                                 unit=_blank(unit), question=_blank(question), by=_blank(by))
        data = await results_view(ctx, principal, filters, signed_in.locale)
        query = filters.query()
        page = Filters(agency=filters.agency, period=filters.period, form=chosen)
        return await self._page(request, signed_in, "dashboard/results.html", N_("Results"),
                                page, None, results_filters=filters,
                                results_download="/dashboard/export/results",
                                indices_download="/dashboard/export/indices",
                                results_query=f"?{query}" if query else "",
                                crosstab_download="/dashboard/export/crosstab",
                                channels=list(CHANNELS), **data)

    @get("/indices")
    async def indices(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], agency: AgencyQ = None, period: PeriodQ = None,
        group_by: GroupQ = None,
    ) -> Response[str]:
        by_unit = reader(signed_in).is_unit_scoped  # the counts keep no unit
        filters = Filters(agency=_blank(agency), period=_blank(period),
                          group_by=_blank(group_by) or ("unit" if by_unit else "agency"))
        data = await indices_view(ctx, reader(signed_in), agency=filters.agency,
                                  period=filters.period, group_by=filters.group_by or "agency",
                                  lang=signed_in.locale)
        return await self._page(request, signed_in, "dashboard/indices.html", N_("Indices"),
                                filters, "indices", **data)

    @get("/trend")
    async def trend(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], agency: AgencyQ = None, period: PeriodQ = None,
        threshold: ThresholdQ = None, form: FormQ = None,
    ) -> Response[str]:
        filters = Filters(agency=_blank(agency), period=_blank(period),
                          threshold=parse_threshold(threshold), form=_blank(form))
        data = await views.trend_view(ctx, reader(signed_in), filters, signed_in.locale)
        control = await estimates.control_view(ctx, reader(signed_in), filters,
                                               signed_in.locale)
        return await self._page(request, signed_in, "dashboard/trend.html", N_("Trend"), filters,
                                "trend", **data, **control)

    @get("/weighting")
    async def weighting(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], agency: AgencyQ = None, period: PeriodQ = None,
        margins: MarginsQ = None,
    ) -> Response[str]:
        filters = Filters(agency=_blank(agency), period=_blank(period))
        chosen = _blank(margins) or estimates.MARGIN_CHOICES[0][0]
        data = await estimates.weighted_view(ctx, reader(signed_in), filters,
                                             signed_in.locale, chosen)
        query = filters.query()
        return await self._page(
            request, signed_in, "dashboard/weighting.html", N_("Weighted satisfaction"),
            filters, "weighting", **data,
            weighting_query=f"?{query}&margins={chosen}" if query else f"?margins={chosen}")

    @get("/sample-size")
    async def sample_size(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], agency: AgencyQ = None, period: PeriodQ = None,
        margin_of_error: ShareQ = None, confidence_level: ShareQ = None,
        expected_rate: ShareQ = None, population: ShareQ = None, allocation: ShareQ = None,
        group_by: GroupQ = None,
    ) -> Response[str]:
        filters = Filters(agency=_blank(agency), period=_blank(period))
        inputs = estimates.SampleInputs(
            margin_of_error=margin_of_error, confidence_level=confidence_level,
            expected_rate=expected_rate, population=population, allocation=allocation,
            group_by=group_by)
        data = await estimates.sample_view(ctx, reader(signed_in), filters, inputs,
                                           signed_in.locale)
        pairs = {"agency": filters.agency, "period": filters.period,
                 "margin_of_error": repr(inputs.margin_of_error),
                 "confidence_level": repr(inputs.confidence_level),
                 "expected_rate": repr(inputs.expected_rate),
                 "population": inputs.population, "allocation": inputs.allocation,
                 "group_by": inputs.group_by}
        query = urlencode([(k, str(v)) for k, v in pairs.items() if v not in (None, "")])
        return await self._page(request, signed_in, "dashboard/sample_size.html",
                                N_("Sample size"), filters, "sample-size", **data,
                                sample_query=f"?{query}")

    @get("/online-rate")
    async def online_rate(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                          signed_in: NamedDependency[SignedIn], agency: AgencyQ = None,
                          period: PeriodQ = None) -> Response[str]:
        filters = Filters(agency=_blank(agency), period=_blank(period))
        data = await views.online_view(ctx, reader(signed_in), filters, signed_in.locale)
        return await self._page(request, signed_in, "dashboard/online.html",
                                N_("Online submission"), filters, "online-rate", **data)

    @get("/communication")
    async def communication(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], agency: AgencyQ = None, period: PeriodQ = None,
        form: FormQ = None, campaign_start: CampaignQ = None,
    ) -> Response[str]:
        filters = Filters(agency=_blank(agency), period=_blank(period), form=_blank(form),
                          campaign_start=_blank(campaign_start))
        data = await views.communication_view(ctx, reader(signed_in), filters,
                                              signed_in.locale)
        return await self._page(request, signed_in, "dashboard/communication.html",
                                N_("Communication"), filters, "communication", **data)

    @get("/rankings")
    async def rankings(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       signed_in: NamedDependency[SignedIn], period: PeriodQ = None,
                       source: SourceQ = None) -> Response[str]:
        filters = Filters(period=_blank(period), source=_blank(source))
        data = await views.rankings_view(ctx, reader(signed_in), filters, signed_in.locale,
                                         default_period=await _default_ranking_period(ctx))
        return await self._page(request, signed_in, "dashboard/rankings.html", N_("Rankings"),
                                filters, "rankings", **data)

    @get("/response-rates")
    async def response_rates(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], agency: AgencyQ = None, period: PeriodQ = None,
        group_by: GroupQ = None,
    ) -> Response[str]:
        filters = Filters(agency=_blank(agency), period=_blank(period),
                          group_by=_blank(group_by))
        data = await dossier_views.dossier_view(ctx, reader(signed_in), signed_in.principal,
                                                filters, signed_in.locale)
        return await self._page(request, signed_in, "dashboard/dossiers.html",
                                N_("Response rates"), filters, "response-rates", **data)

    @get("/responses")
    async def responses(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                        signed_in: NamedDependency[SignedIn]) -> Response[str]:
        principal = reader(signed_in)
        browse = _browse_filters(request)
        forms = await form_choices(principal, None)
        data = await browse_view(ctx, principal, signed_in.principal.role, browse, forms,
                                 signed_in.locale)
        return await self._page(request, signed_in, "dashboard/responses.html",
                                N_("Browse answers"),
                                Filters(form=data["slug"], period=browse.period and str(
                                    browse.period)), None, **data)

    @get("/responses/export/{fmt:str}")
    async def responses_export(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], fmt: FromPath[str],
    ) -> Stream:
        """The browser's selection as a file: the export of raw responses (audited)."""
        browse = _browse_filters(request)
        if browse.unmasked:
            require_unmasked_reader(signed_in.principal.role)
        export = await exports.export_responses(
            ctx, reader(signed_in), form=browse.form or "", fmt=fmt, locale=signed_in.locale,
            since=browse.first_day.isoformat() if browse.first_day else None,
            until=(browse.last_day + dt.timedelta(days=1)).isoformat()
            if browse.last_day else None,
            unmasked=browse.unmasked, service=browse.service, satisfied=browse.satisfied,
            has_comment=browse.comment)
        return Stream(export.chunks(), media_type=export.media_type,
                      headers=download_headers(export.filename))

    @get("/export/{name:str}")
    async def export(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        signed_in: NamedDependency[SignedIn], name: FromPath[str],
    ) -> Stream:
        report, _, fmt = name.rpartition(".")
        groups = (request.query_params.get("group_by") or "").split(",")
        if "officer" in (g.strip() for g in groups):  # alone, or with a field: officer,month
            # the dashboard reads a designer as its agency's analyst: not for officers
            require_officer_access(signed_in.principal)
        export = await downloads.download(
            ctx, reader(signed_in), report, fmt, request.query_params, signed_in.locale,
            default_period=await _default_ranking_period(ctx))
        return Stream(export.chunks(), media_type=export.media_type,
                      headers=download_headers(export.filename))
