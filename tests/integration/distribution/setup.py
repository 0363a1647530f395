"""Set-up of the distribution tests: a province with a published form, an
integration key, and returned dossiers with contacts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from forms_service.i18n import VIETNAM
from tests.integration.conftest import Api
from tests.integration.dossiers_setup import EVENTS

_ids = itertools.count(1)


async def integration_key(api: Api, agency: str = "000.00.00.H29") -> str:
    return await api.make_key("integration", agency)


async def put_rule(api: Api, key: str, slug: str = "hai-long", **rule: Any) -> Any:
    body = {"channels": ["email", "sms"], **rule}
    return await api.call("PUT", f"/api/v1/forms/{slug}/distribution", key, json=body)


def returned(contact: str | None, *, at: dt.datetime | None = None, dossier: str | None = None,
             **fields: Any) -> dict[str, Any]:
    number = next(_ids)
    moment = at or dt.datetime.now(VIETNAM) - dt.timedelta(hours=1)
    body = {"system": "motcua", "event_id": f"R-{number}", "dossier": dossier or f"HS-{number}",
            "service": "1.001193", "status": "returned", "at": moment.isoformat(),
            "channel": "in_person", **fields}
    if contact is not None:
        body["contact"] = contact
    return body


async def send(api: Api, key: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    r = await api.call("POST", EVENTS, key, json={"events": events},
                       headers={"Accept-Language": "en"})
    assert r.status_code == 200, r.text
    return list(r.json()["results"])


def note(result: dict[str, Any]) -> str | None:
    notes = result.get("notes") or []
    return str(notes[0]["code"]) if notes else None
