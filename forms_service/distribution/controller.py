"""``/api/v1/forms/{slug}/distribution``: who a form invites, how and when."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.distribution import service

__all__ = ["DistributionController", "DistributionOut"]

_RULE_DESCRIPTION = (
    "The form's distribution rule: channels (required; email, sms, zalo in order of "
    "preference), services, units (codes; empty: all), dossier_channels (in_person, online, "
    "postal; empty: all), sampling_rate (above 0, at most 1), quarterly_sample (per service, "
    "or null), service_samples (service code to its quarterly sample, before "
    "quarterly_sample; see POST .../distribution/sample), delay_minutes (0 to 10080, "
    "default 120), quiet_hours ({start, end} in Vietnam "
    "time, default 21:00 to 07:00, or null), link_days (1 to 90, default 7), reminder "
    "(default false), active (default true).")
_EXAMPLE = {"channels": ["email", "sms"], "services": ["1.001193"], "sampling_rate": 0.2,
            "delay_minutes": 120, "quiet_hours": {"start": "21:00", "end": "07:00"},
            "link_days": 7, "reminder": False}


class QuietHours(msgspec.Struct):
    start: str
    end: str


class DistributionOut(msgspec.Struct):
    form: str
    channels: list[Literal["email", "sms", "zalo"]]
    services: list[str]
    units: list[str]
    dossier_channels: list[Literal["in_person", "online", "postal"]]
    sampling_rate: float
    quarterly_sample: int | None
    service_samples: dict[str, int]
    delay_minutes: int
    quiet_hours: QuietHours | None
    link_days: int
    reminder: bool
    active: bool
    updated_at: dt.datetime


RuleBody = Annotated[dict[str, Any], msgspec.Meta(description=_RULE_DESCRIPTION,
                                                  examples=[_EXAMPLE])]

SampleBody = Annotated[dict[str, Any], msgspec.Meta(
    description="The sample: period (required; the quarter or year whose returned dossiers "
    "give the population and the shares), margin_of_error (default 0.05), confidence_level "
    "(default 0.95), expected_rate (default 0.9), allocation (proportional or neyman), "
    "population (instead of the dossiers returned). The per-service sizes of the sample-size "
    "report become the rule's service_samples.",
    examples=[{"period": "2025-Q3", "margin_of_error": 0.05, "allocation": "proportional"}])]


class DistributionController(Controller):
    path = "/api/v1/forms/{slug:str}/distribution"
    tags = ["distribution"]

    @put("/", summary="Set the form's distribution rule (checked first)")
    async def put_rule(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal], slug: FromPath[str],
                       data: JSONBody[RuleBody]) -> DistributionOut:
        row = await service.put_rule(ctx, principal, slug, data)
        return msgspec.convert(row, DistributionOut)

    @post("/sample", status_code=200,
          summary="Share a quarter's sample across services and store it in the rule")
    async def apply_sample(self, ctx: NamedDependency[Context],
                           principal: NamedDependency[Principal], slug: FromPath[str],
                           data: JSONBody[SampleBody]) -> DistributionOut:
        row = await service.apply_sample(ctx, principal, slug, data)
        return msgspec.convert(row, DistributionOut)

    @get("/", summary="The form's distribution rule")
    async def get_rule(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal],
                       slug: FromPath[str]) -> DistributionOut:
        return msgspec.convert(await service.get_rule(ctx, principal, slug), DistributionOut)
