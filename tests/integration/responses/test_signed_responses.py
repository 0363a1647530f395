"""``POST /api/v1/responses`` with a context token instead of an API key."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.types import Scope

from forms_service.app import create_app
from forms_service.logs import RequestIds
from forms_service.responses.tables import Response
from forms_service.settings import Settings
from forms_service.shortcut import RouteShortcut
from tests.integration.conftest import Api
from tests.integration.embed_setup import SERVICE, portal_key


async def _send(api: Api, body: dict[str, object], **headers: str) -> httpx.Response:
    return await api.client.post("/api/v1/responses", json=body, headers=headers)


async def test_a_signed_answer_needs_no_key_and_takes_its_context_from_the_token(
    api: Api, province: dict[str, str]
) -> None:
    portal = await portal_key(api)
    token = portal.token(dossier="HS-SIGNED-1", channel="kiosk", locale="en")
    r = await _send(api, {"form": "hai-long", "token": token, "answers": {"overall": 3}})
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["form"] == "hai-long" and created["version"] == 1
    rows = await Response.select(
        Response.id, Response.channel, Response.locale, Response.service.code,
        Response.satisfied, Response.dossier_hash,
    ).run()
    assert len(rows) == 1
    assert rows[0]["id"] == created["id"]
    assert (rows[0]["channel"], rows[0]["locale"], rows[0]["service.code"]) == (
        "kiosk", "en", SERVICE)
    assert rows[0]["satisfied"] is True and rows[0]["dossier_hash"]
    # the analyst sees it like any other answer
    r = await api.call("GET", "/api/v1/responses?form=hai-long", province["analyst"])
    assert [item["id"] for item in r.json()["items"]] == [created["id"]]


async def test_the_same_token_answers_once(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    token = portal.token(dossier="HS-SIGNED-2")
    body = {"form": "hai-long", "token": token, "answers": {"overall": 2}}
    assert (await _send(api, body)).status_code == 201
    r = await _send(api, body | {"answers": {"overall": 1}})
    assert r.status_code == 409 and r.json()["error"] == "already_answered"
    # the same dossier through the page is the same answer
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "3"},
                              headers={"Accept": "application/json"})
    assert r.status_code == 409
    assert await Response.count().run() == 1


async def test_signed_answers_are_checked_like_the_pages(
    api: Api, province: dict[str, str]
) -> None:
    portal = await portal_key(api)
    good = {"form": "hai-long", "answers": {"overall": 3}}
    r = await _send(api, good | {"token": portal.token(secret="x" * 43)})
    assert r.status_code == 401 and r.json()["error"].startswith("token_")
    r = await _send(api, good | {"token": portal.token(form="nps")})
    assert r.status_code == 401 and "nps" in r.json()["message"]
    r = await _send(api, good | {"token": portal.token(svc="9.999999")})
    assert r.status_code == 403 and r.json()["error"] == "token_forbidden"
    r = await _send(api, good | {"token": portal.token(exp=1_000_000)})
    assert r.status_code == 401 and r.json()["error"] == "token_expired"
    r = await _send(api, {"form": "hai-long", "token": portal.token(),
                          "answers": {"overall": 7}}, **{"Accept-Language": "en"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["path"] == "/overall"
    assert await Response.count().run() == 0


async def test_the_token_names_the_context_and_the_body_may_not(
    api: Api, province: dict[str, str]
) -> None:
    portal = await portal_key(api)
    body = {"form": "hai-long", "token": portal.token(), "answers": {"overall": 3},
            "dossier": "HS-OTHER"}
    r = await _send(api, body)
    assert r.status_code == 400
    assert r.json()["message"].startswith("Khi gửi kèm mã ngữ cảnh")
    r = await _send(api, body | {"locale": "en"})
    assert r.json()["message"] == (
        "With a context token, leave out service, dossier and channel: the token names them.")
    assert await Response.count().run() == 0


async def test_without_token_or_key_the_answer_is_refused(
    api: Api, province: dict[str, str]
) -> None:
    r = await _send(api, {"form": "hai-long", "service": SERVICE, "dossier": "HS-1",
                          "answers": {"overall": 3}})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


async def test_closed_forms_refuse_signed_answers(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)

    async def answer(dossier: str) -> httpx.Response:
        return await _send(api, {"form": "hai-long", "token": portal.token(dossier=dossier),
                                 "answers": {"overall": 3}})

    assert (await answer("HS-OPEN")).status_code == 201  # the process has seen the form open
    r = await api.call("POST", "/api/v1/forms/hai-long/archive", province["designer"])
    assert r.status_code == 200
    r = await answer("HS-CLOSED")
    assert r.status_code == 409 and r.json()["error"] == "form_closed"
    r = await api.call("POST", "/api/v1/forms/hai-long/publish", province["designer"])
    assert r.status_code == 200
    r = await answer("HS-REOPENED")
    assert r.status_code == 201 and r.json()["version"] == 1
    assert await Response.count().run() == 2


@pytest.fixture
async def caching_client(settings: Settings, api: Api) -> AsyncIterator[httpx.AsyncClient]:
    """A second app on the same database that caches keys (as deployed: 30 s)."""
    app = create_app(settings.with_(key_cache_seconds=30), database=api.ctx.db)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://cached") as c:
        yield c


async def test_revoking_the_key_stops_its_tokens_at_once_in_a_caching_process(
    api: Api, province: dict[str, str], caching_client: httpx.AsyncClient
) -> None:
    portal = await portal_key(api)
    body = {"form": "hai-long", "answers": {"overall": 3}}
    r = await caching_client.post("/api/v1/responses",
                                  json=body | {"token": portal.token(dossier="HS-C1")})
    assert r.status_code == 201, r.text  # the key is now cached
    r = await caching_client.delete(
        f"/api/v1/api-keys/{portal.key_id}",
        headers={"Authorization": f"Bearer {province['designer']}"})
    assert r.status_code == 200
    r = await caching_client.post("/api/v1/responses",
                                  json=body | {"token": portal.token(dossier="HS-C2")})
    assert r.status_code == 403 and r.json()["error"] == "token_revoked"


async def test_the_direct_path_and_the_route_answer_alike(
    api: Api, province: dict[str, str]
) -> None:
    """``/api/v1/responses`` is served before Litestar's routing; with a trailing
    slash it goes through the route. Both store and refuse in the same words."""
    portal = await portal_key(api)
    outcomes: dict[str, list[tuple[int, str, object]]] = {}
    for path in ("/api/v1/responses", "/api/v1/responses/"):
        tag = path[-1]

        async def post(content: bytes, path: str = path, **headers: str) -> httpx.Response:
            return await api.client.post(path, content=content, headers={
                "Content-Type": "application/json", **headers})

        def body(**fields: object) -> bytes:
            return json.dumps({"form": "hai-long", "answers": {"overall": 3}} | fields).encode()

        token = portal.token(dossier=f"HS-PATH-{tag}")
        replies = [
            await post(body(token=token)),
            await post(body(token=token)),  # answered already
            await post(body(token=portal.token(dossier=f"HS-BAD-{tag}"),
                            answers={"overall": 9}, locale="en")),
            await post(body(token=portal.token(secret="x" * 43))),
            await post(b'{"form": "hai-long", "token": '),
            await post(b"\xff\xfe"),
            await post(b""),
            await post(b"{" + b" " * (api.ctx.settings.max_body_bytes + 1) + b"}"),
            await post(body(token=portal.token(dossier=f"HS-MP-{tag}")),
                       **{"Content-Type": "multipart/form-data; boundary=x"}),
            await post(body(service=SERVICE, dossier=f"HS-KEY-{tag}"),
                       Authorization="Bearer phk_nosuchkey"),
        ]
        assert replies[0].status_code == 201, replies[0].text
        created = replies[0].json()
        assert created["form"] == "hai-long" and created["version"] == 1
        assert sorted(created) == ["form", "id", "submitted_at", "version"]
        outcomes[path] = [(r.status_code, r.headers["content-type"], r.json().get("error"),
                           r.json().get("message")) for r in replies[1:]]
    direct, routed = outcomes.values()
    assert direct == routed
    assert [(status, error) for status, _, error, _ in direct] == [
        (409, "already_answered"), (422, "invalid_answers"), (401, "token_signature_invalid"),
        (400, "invalid_json"), (400, "invalid_encoding"), (400, "invalid_request"),
        (413, "payload_too_large"), (415, "unsupported_media_type"), (401, "unauthorized"),
    ]
    assert direct[1][3] == "Some answers need attention; see errors."  # the body asked for English
    assert await Response.count().run() == 2


async def test_a_submission_is_answered_before_the_router_and_the_rest_handed_on(
    app: Litestar, api: Api, province: dict[str, str]
) -> None:
    """The shortcut on the app's own ASGI messages: it answers a stored submission
    and a refused one itself, and hands everything else to the router."""
    portal = await portal_key(api)
    assert isinstance(app.asgi_handler, RequestIds)  # the request id is given first
    shortcut = app.asgi_handler
    while not isinstance(shortcut, RouteShortcut):  # inside the request id and metrics
        shortcut = shortcut.inner
    assert isinstance(shortcut, RouteShortcut) and shortcut.path == "/api/v1/responses"
    routed: list[tuple[str, str]] = []

    async def router(scope: Scope, receive: Any, send: Any) -> None:
        routed.append((scope["method"], scope["path"]))

    async def direct(method: str, path: str, body: bytes) -> list[Any]:
        scope: Scope = {"type": "http", "method": method, "path": path, "query_string": b"",
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())],
                        "state": {}, "app": app, "litestar_app": app}  # type: ignore[typeddict-item]
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        sent: list[Any] = []

        async def receive() -> Any:
            return messages.pop(0)

        async def send(message: Any) -> None:
            sent.append(message)

        await shortcut(scope, receive, send)
        return sent

    body = json.dumps({"form": "hai-long", "token": portal.token(dossier="HS-DIRECT"),
                       "answers": {"overall": 3}}).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shortcut, "router", router)
        sent = await direct("POST", "/api/v1/responses", body)
        assert sent[0]["status"] == 201
        stored = await Response.select(Response.id).run()
        assert [row["id"] for row in stored] == [json.loads(sent[1]["body"])["id"]]

        sent = await direct("POST", "/api/v1/responses", body)  # answered already
        assert sent[0]["status"] == 409
        assert json.loads(sent[1]["body"])["error"] == "already_answered"
        assert not routed
        for method, path in (("GET", "/api/v1/responses"), ("POST", "/api/v1/responses/")):
            assert await direct(method, path, body) == []
    assert routed == [("GET", "/api/v1/responses"), ("POST", "/api/v1/responses/")]
    assert await Response.count().run() == 1
