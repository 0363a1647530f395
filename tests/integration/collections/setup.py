"""A small national evaluation for the collection tests: three ministries, three
provinces and one other body, the office's analyst key (no agency), agency
keys, and the agency questionnaire published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from forms_service.i18n import VIETNAM
from tests.integration.conftest import Api

AGENCIES = (
    ("G08", "Bộ Xây dựng", "ministry"),
    ("G06", "Bộ Giáo dục và Đào tạo", "ministry"),
    ("G14", "Bộ Tư pháp", "ministry"),
    ("000.00.00.H29", "UBND tỉnh Hải Dương", "province"),
    ("000.00.00.H09", "UBND tỉnh Bình Dương", "province"),
    ("000.00.00.H16", "UBND tỉnh Đắk Nông", "province"),
    ("SO-01", "Sở Thông tin và Truyền thông", "other"),
)
FORM = "agency-communication"
ANSWERS = {"agency_name": "Bộ Xây dựng", "channels_used": ["agency_portal", "press"],
           "frequency": "monthly", "has_plan": True, "proposals": "Tăng kinh phí truyền thông."}


@dataclass
class Evaluation:
    office: str = ""
    keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, role) → key

    def key(self, code: str, role: str = "designer") -> str:
        return self.keys[(code, role)]


async def evaluation(api: Api) -> Evaluation:
    out = Evaluation(office=await api.make_key("analyst"))
    for code, name, kind in AGENCIES:
        await api.agency(code, name, kind)
        for role in ("designer", "analyst", "portal"):
            out.keys[(code, role)] = await api.make_key(role, code)
    await api.published_form(out.key("000.00.00.H29"), FORM, template=FORM, access="open")
    return out


def in_days(days: float) -> str:
    """A deadline ``days`` from now, in Vietnam time (ISO, with its offset)."""
    return (dt.datetime.now(VIETNAM) + dt.timedelta(days=days)).isoformat(timespec="seconds")


async def make_collection(api: Api, key: str, **changes: Any) -> Any:
    body = {"title": "Phiếu khảo sát công tác truyền thông DVCTT 2023", "form": FORM,
            "agencies": "all", "deadline": in_days(10),
            "contact": "Trung tâm Chuyển đổi số quốc gia, 024 3943 7216"} | changes
    return await api.call("POST", "/api/v1/collections", key, json=body)
