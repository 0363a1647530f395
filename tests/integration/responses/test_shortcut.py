"""The shortcut that serves ``POST /api/v1/responses`` before the router is wired
explicitly and refuses to skip anything the route would run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import ResponseHeader, State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware

from forms_service.app import create_app
from forms_service.context import Context
from forms_service.dependencies import provide_ctx, provide_principal
from forms_service.json_body import check_json_body
from forms_service.logs import RequestIds
from forms_service.responses.controller import (
    SUBMIT_ROUTE,
    ResponseController,
    submission_shortcut,
)
from forms_service.settings import Settings
from forms_service.shortcut import RouteShortcut, ShortcutBypass, bypassed, shortcut_route


def test_the_app_serves_submissions_through_the_shortcut_of_their_route(
    settings: Settings,
) -> None:
    app = create_app(settings, run_migrations=False)
    assert isinstance(app.asgi_handler, RequestIds)  # the request id is given first
    shortcut = app.asgi_handler
    while not isinstance(shortcut, RouteShortcut):  # inside the request id and metrics
        shortcut = shortcut.inner
    assert isinstance(shortcut, RouteShortcut)
    index = app.get_handler_index_by_name(SUBMIT_ROUTE)
    assert index is not None
    assert shortcut.path == index["paths"][0] == "/api/v1/responses"
    assert shortcut.methods == {"POST"}
    assert shortcut.handler is index["handler"]
    assert bypassed(app, index["handler"], reproduces=[check_json_body]) == []
    # the JSON body check is all the route runs before its handler, and the shortcut
    # does its work; without saying so it is a layer the shortcut would skip
    assert bypassed(app, index["handler"]) == ["before_request check_json_body"]


async def _other_hook(request: Any) -> None:
    return None


async def _after(response: Any) -> Any:
    return response


def _guard(connection: Any, handler: Any) -> None:
    return None


class _Middleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


LAYERS: dict[str, tuple[dict[str, Any], str]] = {
    "middleware": ({"middleware": [_Middleware]}, "middleware _Middleware"),
    "defined middleware": ({"middleware": [DefineMiddleware(_Middleware)]}, "middleware"),
    "before_request": ({"before_request": _other_hook}, "before_request _other_hook"),
    "guard": ({"guards": [_guard]}, "guards _guard"),
    "after_request": ({"after_request": _after}, "after_request"),
    "after_response": ({"after_response": _other_hook}, "after_response"),
    "response header": ({"response_headers": [ResponseHeader(name="X-A", value="1")]},
                        "response_headers"),
    "CORS": ({"cors_config": CORSConfig()}, "cors_config"),
    "CSRF": ({"csrf_config": CSRFConfig(secret="x" * 32)}, "csrf_config"),
    "allowed hosts": ({"allowed_hosts": ["phieu.example.gov.vn"]}, "allowed_hosts"),
    "after_exception": ({"after_exception": [_other_hook]}, "after_exception"),
    "compression": ({"compression_config": CompressionConfig(backend="gzip")}, "compression"),
}


def _app(settings: Settings, **layers: Any) -> Litestar:
    from forms_service.db import Database, build_engine

    ctx = Context(settings=settings, db=Database(build_engine(settings.database_url), settings))
    base: dict[str, Any] = {"before_request": check_json_body}
    return Litestar(
        route_handlers=[ResponseController],
        dependencies={"ctx": Provide(provide_ctx, sync_to_thread=False),
                      "principal": Provide(provide_principal)},
        state=State({"ctx": ctx}), **(base | layers))


def test_a_plain_app_takes_the_shortcut(settings: Settings) -> None:
    app = _app(settings)
    shortcut = shortcut_route(app, SUBMIT_ROUTE, submission_shortcut(app.state.ctx),
                              reproduces=[check_json_body])
    assert app.asgi_handler is shortcut


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_an_app_layer_the_shortcut_would_skip_refuses_it(settings: Settings, layer: str) -> None:
    added, named = LAYERS[layer]
    app = _app(settings, **added)
    router = app.asgi_handler
    with pytest.raises(ShortcutBypass, match=named):
        shortcut_route(app, SUBMIT_ROUTE, submission_shortcut(app.state.ctx),
                       reproduces=[check_json_body])
    assert app.asgi_handler is router  # nothing wired


def test_compression_the_route_opts_out_of_is_not_skipped(settings: Settings) -> None:
    app = _app(settings, compression_config=CompressionConfig(
        backend="gzip", exclude_opt_key="skip_compression"))
    shortcut_route(app, SUBMIT_ROUTE, submission_shortcut(app.state.ctx),
                   reproduces=[check_json_body])


def test_a_route_that_does_not_exist_cannot_be_shortcut(settings: Settings) -> None:
    app = _app(settings)
    serve: Callable[..., Any] = submission_shortcut(app.state.ctx)
    with pytest.raises(ShortcutBypass, match="no route handler"):
        shortcut_route(app, "responses.nothing", serve)
