"""Serving one route before Litestar's router, explicitly and guarded.

Litestar's own path to a handler (router, middleware stack, exception
middleware, signature parsing, response hooks) took about a quarter of the
event loop's time per submission, the busiest request of the service.
:func:`shortcut_route` puts a function that serves one named route in front
of the app's router (``app.asgi_handler``): requests to exactly that route's
path and method are served by it, every other request goes on to the router
unchanged.  The app factory wires it where a reader sees it.

The shortcut is guarded: when it is wired, :func:`bypassed` lists what
Litestar would run for that route and the shortcut would not (app-level or
route middleware, guards, ``before_request`` hooks other than those the
shortcut reproduces itself, ``after_request`` / ``after_response`` hooks,
response headers and cookies, CORS, CSRF, allowed hosts, response caching,
compression the route does not opt out of, ``after_exception`` hooks); if
anything is listed, wiring fails with :class:`ShortcutBypass`, so adding
such a layer to the app cannot silently skip the busiest route.

Errors the serving function raises are rendered by the route's own
exception handlers (the app's, as Litestar resolves them for the route),
so they read exactly as they would through the router.  Lifespan events,
``before_send`` hooks and the scope's ``app`` are Litestar's as always: the
shortcut sits inside ``Litestar.__call__``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from litestar import Litestar, Request
from litestar.exceptions import HTTPException
from litestar.handlers import HTTPRouteHandler
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ASGIApp, Receive, Scope, Send

__all__ = ["RouteShortcut", "Serve", "ShortcutBypass", "bypassed", "shortcut_route"]

#: Serves one request of the route: ``(scope, receive, max_body_size)`` → the
#: response as an ASGI app, or an exception for the route's exception handlers.
Serve = Callable[[Scope, Receive, "int | None"], Awaitable[ASGIApp]]


class ShortcutBypass(RuntimeError):
    """The route has a layer that a shortcut would skip."""


def _unwrapped(item: Any) -> Any:
    """The callable a layer names, without Litestar's wrappers (a middleware's
    definition, a hook made async)."""
    if isinstance(item, tuple):
        item = item[0]
    for attribute in ("middleware", "func"):  # DefineMiddleware, AsyncCallable
        inner = getattr(item, attribute, None)
        if callable(inner):
            item = inner
    return inspect.unwrap(item)


def _names(items: Iterable[Any]) -> list[str]:
    found = []
    for item in items:
        target = _unwrapped(item)
        found.append(getattr(target, "__qualname__", None) or type(target).__name__)
    return found


def bypassed(app: Litestar, handler: HTTPRouteHandler, *,
             reproduces: Iterable[Callable[..., Any]] = ()) -> list[str]:
    """What Litestar runs for ``handler``'s requests that a shortcut would not.

    ``reproduces``: ``before_request`` hooks the shortcut does the work of itself.
    """
    found: list[str] = []
    if middleware := handler.resolve_middleware():
        found.append("middleware " + ", ".join(_names(middleware)))
    if guards := handler.resolve_guards():
        found.append("guards " + ", ".join(_names(guards)))
    before = handler.resolve_before_request()
    if before is not None and _unwrapped(before) not in tuple(reproduces):
        found.append("before_request " + ", ".join(_names([before])))
    for hook in ("after_request", "after_response"):
        hooks = [getattr(layer, hook) for layer in handler.ownership_layers
                 if getattr(layer, hook, None)]
        if hooks:
            found.append(f"{hook} " + ", ".join(_names(hooks)))
    if handler.resolve_response_headers():
        found.append("response_headers")
    if handler.resolve_response_cookies():
        found.append("response_cookies")
    for name in ("cors_config", "csrf_config", "allowed_hosts"):
        if getattr(app, name, None):
            found.append(name)
    if app.after_exception:
        found.append("after_exception " + ", ".join(_names(app.after_exception)))
    if handler.cache:
        found.append("response cache")
    compression = app.compression_config
    if compression is not None and not (
            compression.exclude_opt_key and handler.opt.get(compression.exclude_opt_key)):
        found.append("compression")
    return found


class RouteShortcut:
    """The app's router behind a function that serves one route itself."""

    def __init__(self, app: Litestar, name: str, serve: Serve, *,
                 reproduces: Iterable[Callable[..., Any]] = ()) -> None:
        index = app.get_handler_index_by_name(name)
        if index is None:
            raise ShortcutBypass(f"no route handler is named {name!r}")
        handler = index["handler"]
        if not isinstance(handler, HTTPRouteHandler) or len(index["paths"]) != 1:
            raise ShortcutBypass(f"{name!r} is not an HTTP route with one path")
        skipped = bypassed(app, handler, reproduces=reproduces)
        if skipped:
            raise ShortcutBypass(
                f"the shortcut to {name!r} would skip what its route runs: "
                + "; ".join(skipped)
                + ". Remove the shortcut, or make it run these too.")
        self.app = app
        self.handler = handler
        self.path = index["paths"][0]
        self.methods = frozenset(handler.http_methods)
        self.serve = serve
        self.max_body_size = handler.resolve_request_max_body_size()
        self.exception_handlers = handler.resolve_exception_handlers()
        self.router: ASGIApp = app.asgi_handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["path"] != self.path
                or scope["method"] not in self.methods):
            await self.router(scope, receive, send)
            return
        try:
            response = await self.serve(scope, receive, self.max_body_size)
        except Exception as exc:  # cancellation (BaseException) goes on as it is
            response = self._error(scope, receive, exc)
        await response(scope, receive, send)

    def _error(self, scope: Scope, receive: Receive, exc: Exception) -> ASGIApp:
        """``exc`` rendered by the route's exception handlers, as the router would."""
        scope["route_handler"] = self.handler
        request: Request[Any, Any, Any] = self.app.request_class(scope=scope, receive=receive)
        render = self._handler_for(exc)
        if render is None:
            raise exc
        return render(request, exc).to_asgi_response(app=None, request=request)

    def _handler_for(self, exc: Exception) -> Callable[..., Any] | None:
        handlers = self.exception_handlers
        if isinstance(exc, HTTPException) and exc.status_code in handlers:
            return handlers[exc.status_code]
        for cls in type(exc).__mro__:
            if cls in handlers:
                return handlers[cls]
        if not isinstance(exc, HTTPException):
            return handlers.get(HTTP_500_INTERNAL_SERVER_ERROR)
        return None


def shortcut_route(app: Litestar, name: str, serve: Serve, *,
                   reproduces: Iterable[Callable[..., Any]] = ()) -> RouteShortcut:
    """Serve the route named ``name`` with ``serve``, before ``app``'s router.

    Raises :class:`ShortcutBypass` if the route has a layer the shortcut would
    skip (see :func:`bypassed`).
    """
    shortcut = RouteShortcut(app, name, serve, reproduces=reproduces)
    app.asgi_handler = shortcut
    return shortcut
