"""Shared steps of the export tests: answers, a second form version, readers."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl

from form_schemas import load_template
from tests.integration.conftest import Api

BOM = b"\xef\xbb\xbf"
CHANNEL_OPTIONS = [("portal", "Cổng Dịch vụ công", "Public service portal"),
                   ("zalo", "Zalo", "Zalo"),
                   ("friend", "Bạn bè, người thân", "Friends or family")]


def answer(overall: int, dossier: str, reason: str | None = None,
           **more: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {"overall": overall}
    if reason is not None:
        answers["reason"] = reason
    answers.update(more)
    return {"form": "hai-long", "service": "1.001193", "dossier": dossier,
            "channel": "web", "locale": "vi", "answers": answers}


async def submit(api: Api, portal: str, *bodies: dict[str, Any]) -> list[int]:
    ids = []
    for body in bodies:
        r = await api.call("POST", "/api/v1/responses", portal, json=body)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


def version_two() -> dict[str, Any]:
    """quick-rating plus a multiple-choice question ``kenh`` (with English labels)."""
    definition = load_template("quick-rating")
    definition["properties"]["kenh"] = {
        "title": "Ông/Bà biết đến dịch vụ qua kênh nào?",
        "type": "array", "x-widget": "checkboxes", "uniqueItems": True,
        "items": {"type": "string",
                  "oneOf": [{"const": code, "title": vi} for code, vi, _ in CHANNEL_OPTIONS]},
    }
    definition["x-survey"]["translations"]["en"]["properties"]["kenh"] = {
        "title": "How did you hear about the service?",
        "choices": {code: en for code, _, en in CHANNEL_OPTIONS},
    }
    return definition


async def publish_version_two(api: Api, designer: str) -> None:
    r = await api.call("PUT", "/api/v1/forms/hai-long/draft", designer,
                       json={"definition": version_two()})
    assert r.status_code == 200, r.text
    r = await api.call("POST", "/api/v1/forms/hai-long/publish", designer)
    assert r.status_code == 200 and r.json()["latest_version"] == 2, r.text


async def stored(api: Api, analyst: str) -> list[dict[str, Any]]:
    r = await api.call("GET", "/api/v1/responses?form=hai-long&limit=1000", analyst)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


async def export(api: Api, key: str, query: str = "", **kwargs: Any) -> Any:
    return await api.call("GET", f"/api/v1/exports/responses?form=hai-long{query}", key,
                          **kwargs)


def read_csv(body: bytes) -> list[dict[str, str]]:
    """Rows keyed by header, as Excel and the csv module read them."""
    assert body.startswith(BOM)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def read_xlsx(body: bytes) -> tuple[list[dict[str, Any]], Any]:
    """Data rows keyed by header, and the workbook (for the codebook)."""
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]], book


def read_jsonl(body: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in body.decode("utf-8").splitlines()]
