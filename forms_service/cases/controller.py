"""``/api/v1/cases``, ``/api/v1/forms/{slug}/case-rule`` and an agency's case
settings and days off."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK

from forms_service.auth import Principal
from forms_service.cases import handling, queries, settings
from forms_service.cases.schemas import (
    CaseDetailOut,
    CasePage,
    CaseRuleOut,
    CaseSettingsIn,
    CaseSettingsOut,
    DayOffIn,
    DayOffOut,
    NoteIn,
    NoteOut,
    State,
    TransitionIn,
)
from forms_service.context import Context
from forms_service.http import request_locale
from forms_service.patterns import PERIOD, or_empty

__all__ = ["CaseController", "CaseRuleController", "CaseSettingsController"]

_RULE = Annotated[dict[str, Any], msgspec.Meta(
    description="The form's case rule: not_satisfied (default true: a case for every answer "
                "the form's satisfaction measure counts as not satisfied), choices (a list "
                "of {question, answers}: a case when a chosen question has one of the chosen "
                "answers), phrases (a case when a free-text answer contains one, matched "
                "without diacritics or case), active (default true); contact_question (an "
                "e-mail or phone question where the citizen may leave a contact to be answered), "
                "consent_question (a yes/no or choice question where they agree to be "
                "contacted; left out: giving the contact agrees) and consent_answers (its "
                "answers that agree; [true] for a yes/no question).",
    examples=[{"not_satisfied": True, "choices": [{"question": "overall", "answers": [1]}],
               "phrases": ["thái độ", "hách dịch"], "contact_question": "email",
               "consent_question": "agree_contact"}])]


def _given(data: msgspec.Struct) -> dict[str, Any]:
    """The fields of a request body that were given (not left out, not null)."""
    return {k: v for k, v in msgspec.structs.asdict(data).items()
            if v is not None and v is not msgspec.UNSET}


def _convert(value: Any, kind: type[Any]) -> Any:
    return msgspec.convert(value, kind, from_attributes=True, strict=False)


class CaseRuleController(Controller):
    path = "/api/v1/forms/{slug:str}/case-rule"
    tags = ["cases"]

    @get("/", summary="The form's case rule (the default rule if none was set)")
    async def get_rule(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal], slug: FromPath[str]) -> CaseRuleOut:
        return _convert(await settings.get_rule(ctx, principal, slug), CaseRuleOut)  # type: ignore[no-any-return]

    @put("/", summary="Set the form's case rule (designer; checked against the form)")
    async def put_rule(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal], slug: FromPath[str],
                       data: JSONBody[_RULE]) -> CaseRuleOut:
        return _convert(await settings.put_rule(ctx, principal, slug, data), CaseRuleOut)  # type: ignore[no-any-return]


class CaseSettingsController(Controller):
    path = "/api/v1/agencies/{code:str}"
    tags = ["cases"]

    @get("/case-settings", summary="The agency's case deadlines (working days)")
    async def get_settings(self, ctx: NamedDependency[Context],
                           principal: NamedDependency[Principal],
                           code: FromPath[str]) -> CaseSettingsOut:
        return _convert(await settings.get_settings(ctx, principal, code), CaseSettingsOut)  # type: ignore[no-any-return]

    @put("/case-settings", summary="Set the agency's case deadlines (designer)")
    async def put_settings(self, ctx: NamedDependency[Context],
                           principal: NamedDependency[Principal], code: FromPath[str],
                           data: JSONBody[CaseSettingsIn]) -> CaseSettingsOut:
        return _convert(await settings.put_settings(ctx, principal, code, _given(data)),  # type: ignore[no-any-return]
                        CaseSettingsOut)

    @get("/days-off", summary="The agency's own days off (besides public holidays)")
    async def days_off(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal],
                       code: FromPath[str]) -> list[DayOffOut]:
        return _convert(await settings.list_days_off(ctx, principal, code), list[DayOffOut])  # type: ignore[no-any-return]

    @post("/days-off", summary="Add a day off of the agency (a compensatory day; designer)")
    async def add_day_off(self, ctx: NamedDependency[Context],
                          principal: NamedDependency[Principal], code: FromPath[str],
                          data: JSONBody[DayOffIn]) -> DayOffOut:
        body = {"day": data.day.isoformat(), "note": data.note}
        return _convert(await settings.add_day_off(ctx, principal, code, body), DayOffOut)  # type: ignore[no-any-return]

    @delete("/days-off/{day:str}", status_code=HTTP_200_OK,
            summary="Remove a day off of the agency (designer)")
    async def remove_day_off(self, ctx: NamedDependency[Context],
                             principal: NamedDependency[Principal], code: FromPath[str],
                             day: Annotated[str, PathParameter(
                                 pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                                 description="YYYY-MM-DD")]) -> dict[str, str]:
        await settings.remove_day_off(ctx, principal, code, day)
        return {"removed": day}


class CaseController(Controller):
    path = "/api/v1/cases"
    tags = ["cases"]

    @get("/", summary="Cases of the caller's agency, newest first, with counts by state "
                      "and overdue")
    async def list_cases(
        self, ctx: NamedDependency[Context], principal: NamedDependency[Principal],
        agency: Annotated[str | None, QueryParameter(max_length=40)] = None,
        case_state: Annotated[State | None, QueryParameter(name="state")] = None,
        overdue: Annotated[bool | None, QueryParameter(
            description="true: only cases past a deadline; false: only the others")] = None,
        unit: Annotated[str | None, QueryParameter(
            max_length=64, description="the unit that served, or the one assigned")] = None,
        service: Annotated[str | None, QueryParameter(max_length=64)] = None,
        officer: Annotated[str | None, QueryParameter(max_length=64)] = None,
        form: Annotated[str | None, QueryParameter(max_length=80)] = None,
        period: Annotated[str | None, QueryParameter(
            max_length=20, pattern=or_empty(PERIOD),
            description="opened in: 2026, 2026-Q4 or 2026-12")] = None,
        before: Annotated[int | None, QueryParameter(ge=1)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=queries.MAX_PAGE)] = 50,
    ) -> CasePage:
        page = await queries.list_cases(
            ctx, principal, agency=agency, state=case_state, overdue_only=overdue, unit=unit,
            service=service, officer=officer, form=form, period=period, before=before,
            limit=limit)
        return _convert(page, CasePage)  # type: ignore[no-any-return]

    @get("/{case_id:int}", summary="A case with its answer (masked unless unmasked=true, "
                                   "audited), dossier timeline, transitions and notes")
    async def detail(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal], case_id: FromPath[int],
        unmasked: Annotated[bool, QueryParameter(
            description="Answer and notes without masking personal identifiers (roles that "
                        "may; recorded in the export audit)")] = False,
    ) -> CaseDetailOut:
        found = await queries.case_detail(ctx, principal, case_id, unmasked=unmasked,
                                          locale=request_locale(request))
        return _convert(found, CaseDetailOut)  # type: ignore[no-any-return]

    @post("/{case_id:int}/transitions", status_code=HTTP_200_OK,
          summary="Move a case: acknowledge, assign, respond (with the reply to the citizen), "
                  "close, reopen")
    async def transition(
        self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
        principal: NamedDependency[Principal], case_id: FromPath[int],
        data: JSONBody[TransitionIn],
    ) -> CaseDetailOut:
        found = await handling.transition(ctx, principal, case_id, _given(data),
                                          locale=request_locale(request))
        return _convert(found, CaseDetailOut)  # type: ignore[no-any-return]

    @post("/{case_id:int}/notes", summary="Add a note to a case")
    async def add_note(self, ctx: NamedDependency[Context],
                       principal: NamedDependency[Principal], case_id: FromPath[int],
                       data: JSONBody[NoteIn]) -> NoteOut:
        return _convert(await handling.add_note(ctx, principal, case_id, {"text": data.text}),  # type: ignore[no-any-return]
                        NoteOut)  # type: ignore[no-any-return]


