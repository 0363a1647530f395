"""The national portal's names for dossier fields and codes, read in file imports.

One-stop systems synchronise each dossier to the national public-service
portal with Vietnamese field names; :func:`to_event` turns such a record
(or one with the API's English names, or a mix) into an event of the API.
The tables below are the mapping the README documents.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from forms_service.dossiers.events import EventRejected, parse_time
from forms_service.i18n import N_

__all__ = ["CHANNEL_CODES", "FIELD_NAMES", "STATUS_CODES", "to_event"]

#: national field → the API's field
FIELD_NAMES = {
    "MaHoSo": "dossier", "MaTTHC": "service", "TrangThaiHoSo": "status",
    "NgayTiepNhan": "received_at", "NgayHenTra": "due_at", "NgayTra": "returned_at",
    "DonViXuLy": "unit", "NguoiXuLy": "officer", "KENH": "channel",
}
#: TrangThaiHoSo codes → status
STATUS_CODES = {
    "1": "received",  # Mới đăng ký
    "2": "received",  # Được tiếp nhận
    "3": "cancelled",  # Không được tiếp nhận
    "4": "processing",  # Đang xử lý
    "5": "supplement_requested",  # Yêu cầu bổ sung giấy tờ
    "6": "processing",  # Yêu cầu thực hiện nghĩa vụ tài chính
    "7": "cancelled",  # Công dân yêu cầu rút hồ sơ
    "8": "cancelled",  # Dừng xử lý
    "9": "processing",  # Đã xử lý xong (kết quả chưa trả)
    "10": "returned",  # Đã trả kết quả
}
#: KENH codes and words → channel
CHANNEL_CODES = {
    "1": "in_person", "truc tiep": "in_person",
    "2": "online", "truc tuyen": "online",
    "3": "postal", "buu chinh": "postal", "buu chinh cong ich": "postal",
}


def _plain(text: str) -> str:
    """Lower case without diacritics (đ → d), for words such as "Trực tuyến"."""
    text = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def to_event(record: dict[str, Any]) -> dict[str, Any]:
    """The API event of a record with national or English field names.

    A record without ``at`` takes ``NgayTra`` when it says the dossier was
    returned, else ``NgayTiepNhan``; without ``event_id`` it gets one made
    of the dossier, status and time, so that importing the same file again
    stores nothing twice.
    """
    event: dict[str, Any] = {}
    for name, value in record.items():
        if value is None or value == "":
            continue
        event[FIELD_NAMES.get(name, name)] = value
    national = any(name in FIELD_NAMES for name in record)
    if national and "status" in event:
        code = str(event["status"]).strip()
        if code not in STATUS_CODES and code not in STATUS_CODES.values():
            raise EventRejected("TrangThaiHoSo", "invalid", N_(
                "TrangThaiHoSo {value} is not a status code: use {codes}."),
                value=code[:20], codes=", ".join(STATUS_CODES))
        event["status"] = STATUS_CODES.get(code, code)
    if national and "channel" in event:
        channel = CHANNEL_CODES.get(_plain(str(event["channel"])))
        if channel is None and event["channel"] not in CHANNEL_CODES.values():
            raise EventRejected("KENH", "invalid", N_(
                "KENH {value} is not a channel: use 1 (trực tiếp), 2 (trực tuyến) or 3 "
                "(bưu chính công ích)."), value=str(event["channel"])[:40])
        event["channel"] = channel or event["channel"]
    if "at" not in event:
        moment = event.get("returned_at") if event.get("status") == "returned" else None
        moment = moment or event.get("received_at")
        if moment is not None:
            event["at"] = moment
    if "event_id" not in event and event.get("dossier") and event.get("at"):
        at = parse_time(event["at"])
        stamp = at.strftime("%Y%m%dT%H%M%SZ") if at else str(event["at"])
        event["event_id"] = f"{event['dossier']}:{event.get('status', '')}:{stamp}"[:128]
    return event
