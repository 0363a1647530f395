"""Building report data through the HTTP API, for the report tests."""

from __future__ import annotations

import itertools
from typing import Any

from tests.integration.conftest import Api

H29 = "000.00.00.H29"
H26 = "000.00.00.H26"
_dossiers = itertools.count(1)


async def agency_with_keys(api: Api, code: str, name: str, kind: str = "province",
                           roles: tuple[str, ...] = ("designer", "analyst", "portal"),
                           ) -> dict[str, str]:
    await api.agency(code, name, kind)
    return {role: await api.make_key(role, code) for role in roles}


async def submit(api: Api, portal: str, form: str, service: str | None,
                 answers: list[dict[str, Any]], channel: str = "web") -> list[int]:
    """Submit each answer set as one response; return the response ids."""
    ids = []
    for item in answers:
        body: dict[str, Any] = {"form": form, "dossier": f"HS-{next(_dossiers):06d}",
                                "channel": channel, "locale": "vi", "answers": item}
        if service is not None:
            body["service"] = service
        r = await api.call("POST", "/api/v1/responses", portal, json=body)
        assert r.status_code == 201, r.text
        ids.append(int(r.json()["id"]))
    return ids


def ratings(satisfied: int, unsatisfied: int) -> list[dict[str, Any]]:
    """Quick-rating answers: 3 or 2 count as satisfied, 1 does not."""
    good = [{"overall": 3 if i % 2 else 2} for i in range(satisfied)]
    return good + [{"overall": 1, "reason": "Chờ lâu"} for _ in range(unsatisfied)]


async def get(api: Api, key: str, path: str, **params: Any) -> dict[str, Any]:
    r = await api.call("GET", path, key, params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())
