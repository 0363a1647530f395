"""Tenancy: every role × own or other agency × every operation under ``/api/v1``.

The operations come from the application's route table, so a new endpoint is
in the matrix as soon as it is registered.  Its path parameters, required
query parameters and request body are filled from the tables below with the
objects of the agency under test; a route the tables cannot fill fails the
test with a message saying what to add.

The roles come from the registry (``forms_service.roles``), so a new role
is in the matrix as soon as it is registered: a key of every role that
belongs to an agency (:data:`AGENCY_ROLES`) and, for every role that may
have none, a key without agency (:data:`NATIONAL_ROLES`).

For the other agency's objects (agency B, called with agency A's keys):

- an agency key (designer, analyst, portal of A …) is refused: 401, 403 or
  404, never a 2xx (the shared catalogue of services and the national
  templates excepted, and listed in :data:`SHARED`);
- the national office (an analyst key without agency, and any other role's
  key without agency) may read (GET) but never change anything, except what
  it does by design (:data:`OFFICE`: making collections, reviewing replies);
- nobody without a key gets past 401, except on the public operations;
- no 2xx answer to an agency key carries an identifier of agency B.

Admins may do everything: their column only checks that nothing fails with
a 5xx.  Calls on the own agency's objects must not fail with a 5xx either,
and their 2xx answers must not carry agency B's identifiers.

Keys are agency-wide; the dimension within an agency, people limited to a
unit and its sub-units, is :mod:`tests.integration.api.test_tenancy_units`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from litestar import Litestar
from litestar.routes import HTTPRoute

from forms_service.outbox.queue import enqueue
from forms_service.roles import ROLES, Agency, Role
from forms_service.webhooks.publish import fan_out, publish
from tests.integration.conftest import Api
from tests.integration.definitions import satisfaction
from tests.integration.embed_setup import portal_key, register_origin

PREFIX = "/api/v1"
REFUSED = {401, 403, 404}

# every role that belongs to an agency, each called with one agency's key
AGENCY_ROLES = tuple(spec.role.value for spec in ROLES.values() if spec.agency is not Agency.NONE)
# every role that may have no agency: its key without one reads every agency, changes none
NATIONAL_ROLES = tuple(spec.role.value for spec in ROLES.values()
                       if spec.agency is Agency.OPTIONAL)


@dataclass
class Tenant:
    """One agency and the objects the matrix names in its calls."""

    code: str
    name: str
    kind: str
    slug: str
    service: str
    origin: str
    unit: str = ""
    counter: str = ""
    officer: str = ""
    device: str = ""
    collection: str = ""  # a collection of the national office asking this agency alone
    nomination_round: str = "1"  # a nomination round asking this agency alone (its year)
    round_year: int = 2025
    keys: dict[str, str] = field(default_factory=dict)
    key_ids: dict[str, str] = field(default_factory=dict)
    spare_key_id: str = ""
    message: str = "1"  # a dead message of the agency's outbox (its id, set up below)
    endpoint: str = "1"  # a webhook endpoint of the agency and one of its deliveries
    delivery: str = "1"
    case: str = "1"  # the case opened for its dissatisfied answer (its id, set up below)
    person: str = "1"  # a person of the agency (its id, set up below)

    @property
    def message_kind(self) -> str:
        return f"m-{self.code}"

    def markers(self) -> list[str]:
        """Strings that only this agency's data contains."""
        return [self.code, self.slug, self.service, self.origin,
                *self.key_ids.values(), self.spare_key_id, self.unit, self.counter,
                self.officer, self.message_kind,
                self.device, self.hook_url]

    @property
    def hook_url(self) -> str:
        return f"https://hooks-{self.unit.lower()}.example.org/in"


A = Tenant("000.00.00.H29", "UBND tỉnh Hải Dương", "province", "hai-long-hd", "1.001193",
           "https://dichvucong.haiduong.gov.vn", "TTHCC-HD", "QUAY-HD", "CB-HD-01",
           round_year=2025)
B = Tenant("000.00.00.G14", "Bộ Tư pháp", "ministry", "khao-sat-btp", "2.000815",
           "https://dichvucong.moj.gov.vn", "VP-BTP", "QUAY-BTP", "CB-BTP-01",
           round_year=2024)
# organisation paths: the {code} of each is the tenant's unit, counter or officer
ORGANISATION = {f"{PREFIX}/units/": "unit", f"{PREFIX}/counters/": "counter",
                f"{PREFIX}/officers/": "officer"}

# Reading another agency's entries here is by design (README, API overview).
SHARED = {
    "GET /api/v1/services": "the catalogue of procedures is shared",
    "GET /api/v1/services/{code}": "the catalogue of procedures is shared",
    "GET /api/v1/templates": "national templates",
    "GET /api/v1/templates/{name}": "national templates",
}
# What the national office changes by design (README, Collections): it makes
# collections and reviews the agencies' replies; every other change is refused.
OFFICE = {
    "POST /api/v1/collections": "the national office makes collections",
    "POST /api/v1/collections/{collection_id}/replies/{agency}/accept": "it reviews replies",
    "POST /api/v1/collections/{collection_id}/replies/{agency}/request-changes":
        "it reviews replies",
    "POST /api/v1/nomination-rounds": "the national office makes nomination rounds",
    "POST /api/v1/nomination-rounds/{collection_id}/honours": "it honours nominated services",
    "POST /api/v1/nomination-rounds/{collection_id}/publish": "it publishes the honour list",
    "POST /api/v1/nomination-rounds/{collection_id}/unpublish": "it withdraws the honour list",
}
# Operations open without a key.
PUBLIC = {"GET /api/v1/templates", "GET /api/v1/templates/{name}",
          "POST /api/v1/devices/bind", "POST /api/v1/kiosk/answers",
          "POST /api/v1/kiosk/on-duty", "POST /api/v1/kiosk/state"}

_counter = itertools.count()
_years = itertools.count(2030)  # one nomination round a year


def _path_value(path: str, name: str, t: Tenant) -> str | None:
    """The value of path parameter ``name`` in ``path`` for tenant ``t``."""
    if name == "collection_id" and path.startswith(f"{PREFIX}/nomination-rounds/"):
        return t.nomination_round
    if name == "code":
        for prefix, kind in ORGANISATION.items():
            if path.startswith(prefix):
                return str(getattr(t, kind))
        return t.code if path.startswith(f"{PREFIX}/agencies/") else t.service
    return {
        "slug": t.slug,
        "number": "1",
        "key_id": t.spare_key_id,
        "name": "quick-rating",
        "report": "satisfaction",
        "message_id": t.message,
        "endpoint_id": t.endpoint,
        "delivery_id": t.delivery,
        "device": t.device,
        "collection_id": t.collection,
        "agency": t.code,
        "locale": "vi",
        "case_id": t.case,
        "person_id": t.person,
        "day": "2027-02-11",
    }.get(name)


def _query_value(name: str, t: Tenant) -> str | None:
    return {
        "agency": t.code, "form": t.slug, "origin": t.origin,
        "year": "2025", "period": "2025",
        "question": "overall", "by": "channel", "collection": t.collection,
    }.get(name)


# request bodies, by operation
BODIES: dict[str, Callable[[Tenant], dict[str, Any]]] = {
    "POST /api/v1/agencies": lambda t: {
        "code": f"NEW{next(_counter)}", "name": "Sở mới", "kind": "other"},
    "PUT /api/v1/agencies/{code}/publication": lambda t: {"publish_results": True},
    "PUT /api/v1/agencies/{code}/auto-registration": lambda t: {"auto_register_staff": True},
    "PUT /api/v1/agencies/{code}/branding": lambda t: {"accent_colour": "#0b57a4"},
    "POST /api/v1/webhooks": lambda t: {
        "url": t.hook_url, "events": ["response.created"], "agency": t.code},
    "POST /api/v1/webhooks/{endpoint_id}/rotate": lambda t: {"grace_hours": 1},
    "PATCH /api/v1/webhooks/{endpoint_id}": lambda t: {"description": "Một cửa"},
    "POST /api/v1/api-keys": lambda t: {"role": "analyst", "agency": t.code, "name": "m"},
    "POST /api/v1/services": lambda t: {
        "code": f"9.{next(_counter):06d}", "name": "Thủ tục mới", "audience": "citizen",
        "delivery": "full_online", "agency": t.code},
    "POST /api/v1/services/{code}/dossier-stats": lambda t: {
        "period": "2025-Q1", "online_dossiers": 5, "total_dossiers": 9},
    "POST /api/v1/forms": lambda t: {
        "slug": f"moi-{next(_counter)}", "template": "nps", "agency": t.code},
    "PUT /api/v1/forms/{slug}/draft": lambda t: {"definition": satisfaction()},
    "PUT /api/v1/forms/{slug}/schedule": lambda t: {"max_responses": 100000},
    "POST /api/v1/responses": lambda t: {
        "form": t.slug, "service": t.service, "dossier": f"HS-M-{next(_counter)}",
        "answers": {"overall": 4}},
    "POST /api/v1/embed-tokens": lambda t: {
        "form": t.slug, "service": t.service, "dossier": "HS-TOKEN"},
    "POST /api/v1/agencies/{code}/portals": lambda t: {"origin": "https://cong.example.vn"},
    "POST /api/v1/analytics/quality-scores": lambda t: {
        "period": "2024", "scores": [{"agency": t.code, "score": 81.5}]},
    "POST /api/v1/units": lambda t: {
        "code": f"DV-{next(_counter)}", "name": "Đơn vị mới", "parent": t.unit},
    "PATCH /api/v1/units/{code}": lambda t: {"name": "Đơn vị đổi tên"},
    "POST /api/v1/units/import": lambda t: {
        "rows": [{"code": f"DV-{next(_counter)}", "name": "Đơn vị", "parent": t.unit}]},
    "POST /api/v1/counters": lambda t: {
        "code": f"Q-{next(_counter)}", "name": "Quầy mới", "unit": t.unit},
    "PATCH /api/v1/counters/{code}": lambda t: {"name": "Quầy đổi tên"},
    "POST /api/v1/counters/import": lambda t: {
        "csv": f"code,name,unit\nQ-{next(_counter)},Quầy,{t.unit}\n"},
    "POST /api/v1/officers": lambda t: {
        "code": f"CB-{next(_counter)}", "name": "Cán bộ mới", "unit": t.unit},
    "PATCH /api/v1/officers/{code}": lambda t: {"name": "Cán bộ đổi tên"},
    "POST /api/v1/officers/import": lambda t: {
        "rows": [{"code": f"CB-{next(_counter)}", "name": "Cán bộ", "unit": t.unit}]},
    "POST /api/v1/dossier-events": lambda t: {"events": [{
        "system": "motcua", "event_id": f"M-{next(_counter)}", "dossier": f"HS-{t.code}",
        "service": t.service, "status": "returned", "at": "2025-03-06T15:00:00+07:00",
        "channel": "in_person", "unit": t.unit, "counter": t.counter,
        "officer": t.officer}]},
    "PUT /api/v1/forms/{slug}/distribution": lambda t: {
        "channels": ["email", "sms"], "services": [t.service], "sampling_rate": 0.5},
    "POST /api/v1/forms/{slug}/distribution/sample": lambda t: {
        "period": "2025-Q1", "margin_of_error": 0.05},
    "PUT /api/v1/agencies/{code}/invitation-texts/{locale}": lambda t: {
        "sms": "{agency} moi danh gia {service}: {link}", "email_subject": "{agency}",
        "email_body": "{link}\n\n{stop}"},
    "POST /api/v1/agencies/{code}/invitation-texts/{locale}/preview": lambda t: {},
    "POST /api/v1/receipt-links": lambda t: {
        "form": t.slug, "service": t.service, "dossier": f"HS-{t.code}"},
    "POST /api/v1/devices": lambda t: {"name": "Máy quầy", "form": t.slug, "counter": t.counter},
    "POST /api/v1/devices/bind": lambda t: {"code": f"NOCODE{next(_counter)}"},
    "PUT /api/v1/counters/{code}/on-duty": lambda t: {"officer": t.officer},
    "PUT /api/v1/officers/{code}/pin": lambda t: {"pin": "2468"},
    "POST /api/v1/kiosk/state": lambda t: {"queue": 0},
    "PUT /api/v1/forms/{slug}/case-rule": lambda t: {"phrases": ["thai do"]},
    "PUT /api/v1/agencies/{code}/case-settings": lambda t: {"respond_days": 8},
    "POST /api/v1/agencies/{code}/days-off": lambda t: {"day": "2027-02-11"},
    "POST /api/v1/cases/{case_id}/transitions": lambda t: {"action": "acknowledge"},
    "POST /api/v1/cases/{case_id}/notes": lambda t: {"text": "Đã liên hệ"},
    "PUT /api/v1/agencies/{code}/alert-preferences/{person_id}": lambda t: {
        "case_alerts": True, "digest": "weekly"},
    "POST /api/v1/people": lambda t: {
        "email": f"nguoi-{next(_counter)}@{t.code}.gov.vn", "name": "Người dùng mới",
        "role": "analyst", "agency": t.code, "unit": t.unit},
    "PATCH /api/v1/people/{person_id}": lambda t: {"unit": None},
    "POST /api/v1/kiosk/on-duty": lambda t: {"officer": t.officer, "pin": "2468"},
    # signed with no device credential: refused as unauthorised whoever calls
    "POST /api/v1/kiosk/answers": lambda t: {"answers": [{
        "seq": next(_counter) + 1, "answered_at": "2025-03-06T15:00:00+07:00", "form": t.slug,
        "answers": {"overall": 3}}]},
    "POST /api/v1/collections": lambda t: {
        "title": f"Thu thập {next(_counter)}", "form": t.slug, "agencies": [t.code],
        "deadline": "2030-11-30", "contact": "Cục Chuyển đổi số quốc gia"},
    "PUT /api/v1/collections/{collection_id}/replies/{agency}/draft": lambda t: {
        "answers": {"overall": 4}},
    "POST /api/v1/nomination-rounds": lambda t: {
        "year": next(_years), "agencies": [t.code], "deadline": "2030-08-31",
        "contact": "Cục Chuyển đổi số quốc gia"},
    "PUT /api/v1/nomination-rounds/{collection_id}/nominations/{agency}/draft": lambda t: {
        "nominations": [{"service": t.service, "cost_saving_vnd": 1000}]},
    "POST /api/v1/nomination-rounds/{collection_id}/honours": lambda t: {
        "agency": t.code, "service": t.service},
    "POST /api/v1/collections/{collection_id}/replies/{agency}/request-changes": lambda t: {
        "comment": "Bổ sung số liệu."},
}
NO_BODY = {"POST /api/v1/forms/{slug}/publish", "POST /api/v1/forms/{slug}/archive",
           "POST /api/v1/units/{code}/deactivate", "POST /api/v1/counters/{code}/deactivate",
           "POST /api/v1/officers/{code}/deactivate", "POST /api/v1/outbox/{message_id}/retry",
           "POST /api/v1/devices/{device}/revoke",
           "POST /api/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay",
           "POST /api/v1/collections/{collection_id}/replies/{agency}/submit",
           "POST /api/v1/collections/{collection_id}/replies/{agency}/accept",
           "POST /api/v1/nomination-rounds/{collection_id}/nominations/{agency}/submit",
           "POST /api/v1/nomination-rounds/{collection_id}/publish",
           "POST /api/v1/nomination-rounds/{collection_id}/unpublish"}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # with {name} placeholders
    query: tuple[str, ...]  # declared query parameters (None: not documented)
    required_query: tuple[str, ...]
    documented: bool = True

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


def operations(app: Litestar) -> list[Operation]:
    """Every operation under /api/v1, from the route table."""
    document = app.openapi_schema.to_schema()
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(PREFIX):
            continue
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                documented = (document.get("paths", {}).get(path, {})
                              .get(method.lower()))
                parameters = [p for p in (documented or {}).get("parameters", [])
                              if p.get("in") == "query"]
                found.append(Operation(
                    method, path, tuple(p["name"] for p in parameters),
                    tuple(p["name"] for p in parameters if p.get("required")),
                    documented is not None))
    return found


def request_for(op: Operation, t: Tenant) -> tuple[str, dict[str, str], Any]:
    """URL, query and body of ``op`` addressed to tenant ``t``'s objects."""
    missing = []
    path = op.path
    for name in re.findall(r"\{(\w+)\}", op.path):
        value = _path_value(op.path, name, t)
        if value is None:
            missing.append(f"path parameter {{{name}}}: add it to _path_value")
        else:
            path = path.replace(f"{{{name}}}", value)
    query: dict[str, str] = {}
    names = op.query if op.documented else ("agency", "form", "origin", "period")
    for name in dict.fromkeys((*names, *op.required_query)):
        value = _query_value(name, t)
        if value is not None:
            query[name] = value
        elif name in op.required_query:
            missing.append(f"required query parameter {name}: add it to _query_value")
    body = None
    if op.method in {"POST", "PUT", "PATCH"} and op.name not in NO_BODY:
        make = BODIES.get(op.name)
        if make is None:
            missing.append("a request body: add the operation to BODIES (or NO_BODY)")
        else:
            body = make(t)
    assert not missing, (
        f"{op.name} is not covered by the tenancy matrix "
        f"(tests/integration/api/test_tenancy_matrix.py): " + "; ".join(missing))
    return path, query, body


async def _tenant(api: Api, t: Tenant) -> None:
    from forms_service.accounts.service import create_person

    await api.agency(t.code, t.name, t.kind)
    person = await create_person(api.ctx, email=f"can-bo@{t.unit.lower()}.gov.vn",
                                 name="Cán bộ", role="analyst", agency_code=t.code,
                                 password=None, locale="vi")
    t.person = str(person["id"])
    for role in AGENCY_ROLES:
        t.keys[role] = await api.make_key(role, t.code)
        t.key_ids[role] = t.keys[role].split("_")[1]
    spare = await api.make_key("analyst", t.code)
    t.spare_key_id = spare.split("_")[1]
    await api.service(t.keys["designer"], t.service)
    await api.published_form(t.keys["designer"], t.slug)
    await register_origin(api, t.keys["designer"], t.origin, agency=t.code)
    portal = await portal_key(api, t.code)
    r = await api.client.post(f"/f/{t.slug}", data={
        "_t": portal.token(form=t.slug, svc=t.service, dossier=f"{t.code}-1"), "overall": "1"})
    assert r.status_code == 303, r.text
    # the dissatisfied answer above (1 of 3) opened a case (the default rule)
    [case] = await api.ctx.db.raw("SELECT c.id FROM feedback_case c JOIN agency a "
                                  "ON a.id = c.agency WHERE a.code = {}", t.code)
    t.case = str(case["id"])
    r = await api.call("POST", f"{PREFIX}/services/{t.service}/dossier-stats",
                       t.keys["designer"], json={"period": "2025-Q2", "online_dossiers": 3,
                                                 "total_dossiers": 4})
    assert r.status_code in (200, 201), r.text
    for kind, body in (("units", {"code": t.unit, "name": "Trung tâm"}),
                       ("counters", {"code": t.counter, "name": "Quầy", "unit": t.unit}),
                       ("officers", {"code": t.officer, "name": "Cán bộ", "unit": t.unit})):
        r = await api.call("POST", f"{PREFIX}/{kind}", t.keys["designer"], json=body)
        assert r.status_code == 201, r.text
    [agency] = await api.ctx.db.raw("SELECT id FROM agency WHERE code = {}", t.code)
    await enqueue(api.ctx.db, channel="sms", kind=t.message_kind, key=f"matrix-{t.code}",
                  payload={"to": "84912345678", "text": "x"}, agency=agency["id"])
    [row] = await api.ctx.db.raw("UPDATE outbox_message SET status = 'dead', attempts = 8 "
                                 "WHERE idempotency_key = {} RETURNING id", f"matrix-{t.code}")
    t.message = str(row["id"])
    r = await api.call("POST", f"{PREFIX}/webhooks", t.keys["designer"],
                       json={"url": t.hook_url, "events": ["response.created"]})
    assert r.status_code == 201, r.text
    t.endpoint = str(r.json()["id"])
    async with api.ctx.db.write_transaction():
        assert await publish(api.ctx.db, "response.created", agency["id"], {"n": 1})
    assert await fan_out(api.ctx.db) == 1
    [row] = await api.ctx.db.raw("SELECT id FROM webhook_delivery WHERE endpoint = {}",
                                 int(t.endpoint))
    t.delivery = str(row["id"])
    r = await api.call("POST", f"{PREFIX}/devices", t.keys["designer"],
                       json={"name": "Máy quầy", "form": t.slug, "counter": t.counter})
    assert r.status_code == 201, r.text
    t.device = r.json()["id"]
    r = await api.call("POST", f"{PREFIX}/collections", api.admin, json=BODIES[
        "POST /api/v1/collections"](t))
    assert r.status_code == 201, r.text
    t.collection = str(r.json()["id"])
    r = await api.call("PUT", f"{PREFIX}/collections/{t.collection}/replies/{t.code}/draft",
                       t.keys["designer"], json={"answers": {"overall": 5}})
    assert r.status_code == 200, r.text
    r = await api.call("POST", f"{PREFIX}/nomination-rounds", api.admin, json={
        "year": t.round_year, "agencies": [t.code], "deadline": "2030-08-31",
        "contact": "Cục Chuyển đổi số quốc gia"})
    assert r.status_code == 201, r.text
    t.nomination_round = str(r.json()["id"])
    r = await api.call("PUT", f"{PREFIX}/nomination-rounds/{t.nomination_round}/nominations/"
                       f"{t.code}/draft", t.keys["designer"],
                       json={"nominations": [{"service": t.service}]})
    assert r.status_code == 200, r.text


async def _call(api: Api, key: str | None, op: Operation, t: Tenant) -> Any:
    path, query, body = request_for(op, t)
    kwargs: dict[str, Any] = {"params": query}
    if body is not None:
        kwargs["json"] = body
    return await api.call(op.method, path, key, **kwargs)


def addresses_tenant(op: Operation, t: Tenant) -> bool:
    """Whether the call names one of the tenant's objects (else it is a list of one's own)."""
    path, query, body = request_for(op, t)
    named = set(t.markers())
    return (path != op.path or any(value in named for value in query.values())
            or body is not None)


def _leaks(text: str, other: Tenant) -> list[str]:
    return [marker for marker in other.markers() if marker and marker in text]


def test_every_role_is_covered() -> None:
    """Fails, naming what to add, when a role fits none of the matrix's columns."""
    assert {"designer", "analyst", "portal"} <= set(AGENCY_ROLES)
    assert "analyst" in NATIONAL_ROLES
    agencyless = {spec.role for spec in ROLES.values() if spec.agency is Agency.NONE}
    assert agencyless <= {Role.ADMIN}, (
        f"{sorted(agencyless - {Role.ADMIN})} belong to no agency, like admin: add a column "
        "for them to test_no_cross_agency_access (tests/integration/api/test_tenancy_matrix.py)")


async def test_every_operation_is_covered(app: Litestar) -> None:
    """Fails, naming what to add, as soon as a new operation cannot be filled in."""
    ops = operations(app)
    assert len(ops) >= 30
    names = {op.name for op in ops}
    assert {"GET /api/v1/forms/{slug}/results", "GET /api/v1/analytics/results",
            "GET /api/v1/analytics/indices", "GET /api/v1/analytics/crosstab"} <= names
    for op in ops:
        request_for(op, B)


async def test_no_cross_agency_access(app: Litestar, api: Api) -> None:
    await _tenant(api, A)
    await _tenant(api, B)
    national = {role: await api.make_key(role) for role in NATIONAL_ROLES}
    ops = operations(app)
    failures: list[str] = []
    seen = 0

    def check(ok: bool, role: str, target: str, op: Operation, r: Any, why: str) -> None:
        if not ok:
            failures.append(f"{role} on {target} agency: {op.name} → {r.status_code} ({why}): "
                            f"{r.text[:160]}")

    # the other agency's objects, with agency A's keys, the national keys, no key
    for op in ops:
        for role in AGENCY_ROLES:
            r = await _call(api, A.keys[role], op, B)
            seen += 1
            if op.name in SHARED:
                check(r.status_code < 500, role, "other", op, r, "5xx")
            elif addresses_tenant(op, B):
                check(r.status_code in REFUSED, role, "other", op, r, "must be refused")
            else:  # a list of the caller's own: nothing of B in it
                check(r.status_code < 500, role, "other", op, r, "5xx")
                leaked = _leaks(r.text, B) if r.is_success else []
                check(not leaked, role, "other", op, r, f"carries B's {leaked}")
        for role, key in national.items():
            r = await _call(api, key, op, B)
            seen += 1
            who = f"national {role}"
            if op.method == "GET" or op.name in OFFICE:
                check(r.status_code < 500, who, "other", op, r, "5xx")
            else:
                check(r.status_code in REFUSED, who, "other", op, r, "national keys read only")
        r = await _call(api, None, op, B)
        seen += 1
        if op.name in PUBLIC:
            check(r.status_code < 500, "anonymous", "other", op, r, "5xx")
        else:
            check(r.status_code == 401, "anonymous", "other", op, r, "needs a key")

    # agency A's own objects: no 5xx, and no 2xx carries agency B's data
    for op in ops:
        for role in AGENCY_ROLES:
            r = await _call(api, A.keys[role], op, A)
            seen += 1
            check(r.status_code < 500, role, "own", op, r, "5xx")
            if r.is_success and op.name not in SHARED:
                leaked = _leaks(r.text, B)
                check(not leaked, role, "own", op, r, f"carries B's {leaked}")

    # agency B is intact: its keys work, its form still takes answers
    r = await api.call("GET", f"{PREFIX}/forms/{B.slug}", B.keys["designer"])
    assert r.status_code == 200 and r.json()["status"] == "published", r.text
    r = await api.call("GET", f"{PREFIX}/responses", B.keys["analyst"], params={"form": B.slug})
    assert r.status_code == 200 and len(r.json()["items"]) == 1, r.text
    # B's case was neither moved nor annotated by anyone of A or the national office
    r = await api.call("GET", f"{PREFIX}/cases/{B.case}", B.keys["analyst"])
    assert r.status_code == 200 and r.json()["state"] == "new", r.text
    assert r.json()["transitions"] == [] and r.json()["notes"] == [], r.text

    # admins last (they may change B): nothing fails
    for op, target in itertools.product(ops, (A, B)):
        r = await _call(api, api.admin, op, target)
        seen += 1
        check(r.status_code < 500, "admin", target.code, op, r, "5xx")

    assert not failures, f"{len(failures)} of {seen} calls:\n" + "\n".join(failures)
    # per operation: each agency role on B and on A, each national key, no key, admin on both
    assert seen == len(ops) * (2 * len(AGENCY_ROLES) + len(NATIONAL_ROLES) + 1 + 2)
