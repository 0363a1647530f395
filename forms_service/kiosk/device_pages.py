"""The workspace pages of counter kiosks: ``/devices`` and ``/devices/{id}``.

Designers and admins of the agency enrol a device for a counter (or a unit's
shared kiosk) and see its one-time code and QR code once, and revoke devices;
analysts read the list (last contact, queue size) and each device's activity
(answers per day, what was flagged, what was refused or rejected and kept
apart). Plain forms and links: everything works without JavaScript, through
the same service functions as the API.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from markupsafe import Markup

from forms_service.accounts.web import SignedIn, render_page
from forms_service.agencies.service import list_agencies
from forms_service.auth import Role
from forms_service.context import Context
from forms_service.errors import N_, InvalidInput, PhieuError
from forms_service.forms.service import list_forms
from forms_service.i18n import VIETNAM, translate
from forms_service.kiosk import devices
from forms_service.kiosk.activity import device_review
from forms_service.kiosk.devices import ENROLMENT_MINUTES
from forms_service.kiosk.enrolment import enrol_url, qr_svg
from forms_service.organisation import service as organisation

__all__ = ["DevicePages"]

DONE = {"revoked": N_("The device was revoked: what it still sends is kept apart.")}
FLAG_LABELS = {
    "burst": N_("burst of answers"),
    "outside_hours": N_("outside opening hours"),
    "no_dossier": N_("no dossier returned"),
    "clock_skew": N_("device clock off"),
}
STATUS_LABELS = {"pending": N_("waiting to be bound"), "active": N_("active"),
                 "revoked": N_("revoked"), "refused": N_("refused (device revoked)"),
                 "rejected": N_("rejected"), "stored": N_("stored"), "claimed": N_("being stored"),
                 "already_answered": N_("kept apart (the receipt's dossier had answered)")}


def _field(form: Any, name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value[:limit].strip() if isinstance(value, str) else ""


def _when(value: Any) -> str:
    """A time as people in Vietnam read it."""
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M") if value else ""


class DevicePages(Controller):
    path = "/devices"
    include_in_schema = False

    def _agency(self, request: Request[Any, Any, Any], signed_in: SignedIn,
                posted: str = "") -> str:
        principal = signed_in.principal
        principal.require_role(Role.DESIGNER, Role.ANALYST)
        return (posted or request.query_params.get("agency") or principal.agency_code
                or "")[:40]

    async def _page(self, request: Request[Any, Any, Any], ctx: Context, signed_in: SignedIn,
                    agency: str, *, error: str = "", enrolled: dict[str, Any] | None = None,
                    values: dict[str, str] | None = None,
                    status_code: int = 200) -> Response[str]:
        principal = signed_in.principal
        locale = signed_in.locale
        agencies = await list_agencies(ctx, principal) if principal.is_national else []
        rows: list[dict[str, Any]] = []
        counters: list[dict[str, Any]] = []
        units: list[dict[str, Any]] = []
        forms: list[dict[str, Any]] = []
        if agency:
            rows = await devices.list_devices(ctx, principal, agency=agency)
            counters = [c for c in await organisation.list_items(
                ctx, principal, "counter", agency=agency) if c["active"]]
            units = [u for u in await organisation.list_items(
                ctx, principal, "unit", agency=agency) if u["active"]]
            forms = [f for f in await list_forms(ctx, principal, agency=agency)
                     if f["status"] == "published"]
        for row in rows:
            row["last_contact"] = _when(row["last_contact_at"])
            row["status_label"] = translate(locale, STATUS_LABELS[row["status"]])
        done = request.query_params.get("done")
        return render_page(
            request, signed_in, "kiosk/devices.html",
            title=translate(locale, "Kiosks"), status_code=status_code,
            agency=agency, agencies=agencies, devices=rows, counters=counters, units=units,
            forms=forms, error=error, enrolled=enrolled, values=values or {},
            can_change=principal.role in (Role.DESIGNER, Role.ADMIN) and bool(agency),
            minutes=ENROLMENT_MINUTES,
            notice=translate(locale, DONE[done]) if done in DONE else "",
            headers={"Cache-Control": "no-store"} if enrolled else None,
        )

    @get("/")
    async def show(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                   signed_in: NamedDependency[SignedIn]) -> Response[str]:
        agency = self._agency(request, signed_in)
        return await self._page(request, ctx, signed_in, agency)

    @post("/", status_code=303)
    async def change(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                     signed_in: NamedDependency[SignedIn]) -> Response[Any]:
        form = await request.form()
        agency = self._agency(request, signed_in, _field(form, "agency", 40))
        if not agency:
            raise InvalidInput("Choose the agency.")
        principal = signed_in.principal
        action = _field(form, "action", 20)
        values = {name: _field(form, name) for name in ("name", "place", "form", "hours")}
        try:
            if action == "enrol":
                place = values["place"]
                kind, _, code = place.partition(":")
                if kind not in ("counter", "unit") or not code:
                    raise InvalidInput("Choose the counter or the unit the device stands at.")
                if not values["name"]:
                    raise InvalidInput("Give the device a name, such as the counter's.")
                if not values["form"]:
                    raise InvalidInput("Choose the published survey the device shows.")
                row = await devices.enrol_device(
                    ctx, principal, agency=agency, name=values["name"][:120],
                    form=values["form"][:80], counter=code if kind == "counter" else None,
                    unit=code if kind == "unit" else None,
                    opening_hours=values["hours"] or None)
                row["enrol_url"] = enrol_url(ctx, row["code"])
                title = translate(signed_in.locale, "QR code of the enrolment link")
                # segno's SVG, its title escaped by segno
                row["qr_svg"] = Markup(qr_svg(row["enrol_url"], title, scalable=True))
                row["expires"] = _when(row["enrolment_expires_at"])
                return await self._page(request, ctx, signed_in, agency, enrolled=row,
                                        status_code=201)
            if action == "revoke":
                await devices.revoke_device(ctx, principal, _field(form, "device", 32))
            else:
                raise InvalidInput("Choose what to do: enrol or revoke a device.")
        except PhieuError as exc:
            if exc.status == 403:
                raise
            message = translate(signed_in.locale, exc.message, **exc.params)
            return await self._page(request, ctx, signed_in, agency, error=message,
                                    values=values, status_code=exc.status)
        query = {"done": "revoked"} | ({"agency": agency} if principal.is_national else {})
        return Response(b"", status_code=303,
                        headers={"Location": "/devices?" + urlencode(query)})

    @get("/{device:str}")
    async def activity(self, request: Request[Any, Any, Any], ctx: NamedDependency[Context],
                       signed_in: NamedDependency[SignedIn],
                       device: FromPath[str]) -> Response[str]:
        self._agency(request, signed_in)
        locale = signed_in.locale
        review = await device_review(ctx, signed_in.principal, device[:32], locale=locale)
        for row in (*review["kept_apart"], *review["flagged"]):
            row["answered"] = _when(row["answered_at"])
            row["received"] = _when(row["received_at"])
            row["status_label"] = translate(locale, STATUS_LABELS.get(row["status"],
                                                                      row["status"]))
            row["flag_labels"] = [translate(locale, FLAG_LABELS[f]) for f in row["flags"]
                                  if f in FLAG_LABELS]
        shown = review["device"]
        shown["last_contact"] = _when(shown["last_contact_at"])
        shown["status_label"] = translate(locale, STATUS_LABELS[shown["status"]])
        return render_page(
            request, signed_in, "kiosk/device.html",
            title=translate(locale, "Kiosk {name}", name=shown["name"]),
            review=review, device=shown,
            can_change=signed_in.principal.role in (Role.DESIGNER, Role.ADMIN),
            back="/devices" + (f"?agency={shown['agency']}"
                               if signed_in.principal.is_national else ""))
