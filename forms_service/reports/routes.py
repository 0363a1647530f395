"""Litestar handlers built from report specifications.

A report's operations (``GET /api/v1/analytics/<name>``,
``GET /api/v1/exports/<name>``) take the report's parameters as typed,
described query parameters, so that the OpenAPI document shows each of
them as a handler written out by hand would. :func:`report_route` builds
such a handler: a function whose signature is made from the parameters.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

from litestar import Controller, get
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter

from forms_service.reports.spec import Param

__all__ = ["Leading", "add_routes", "query_annotation", "report_route"]

#: a parameter the handler takes before the report's own: (name, annotation)
Leading = tuple[str, Any]
_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def query_annotation(param: Param) -> Any:
    """``param`` as a handler's query parameter: its type, name, bound and description."""
    kind: Any = param.type | None if param.optional else param.type
    return Annotated[kind, QueryParameter(name=param.name, max_length=param.max_length,
                                          description=param.description)]


def report_route(
    *, path: str, name: str, summary: str | None, leading: Sequence[Leading],
    params: Sequence[Param | tuple[str, Param]], returns: Any,
    call: Callable[..., Awaitable[Any]],
) -> HTTPRouteHandler:
    """A ``GET`` handler (a controller method) calling ``call`` with its arguments.

    ``leading`` are the injected arguments (``ctx``, ``principal``,
    ``request``); ``params`` the query parameters in the document's order,
    each a :class:`Param` or ``(argument name, Param)`` when the argument
    is named otherwise (``fmt`` for ``format``). ``name`` becomes the
    function's name, and with the path the operation's id.
    """
    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
    annotations: dict[str, Any] = {}
    for argument, annotation in leading:
        parameters.append(inspect.Parameter(argument, _KEYWORD, annotation=annotation))
        annotations[argument] = annotation
    for item in params:
        argument, param = item if isinstance(item, tuple) else (item.name, item)
        annotation = query_annotation(param)
        default = inspect.Parameter.empty if param.required else param.default
        parameters.append(inspect.Parameter(argument, _KEYWORD, annotation=annotation,
                                            default=default))
        annotations[argument] = annotation

    async def handler(self: Any, /, **arguments: Any) -> Any:
        return await call(**arguments)

    handler.__name__ = handler.__qualname__ = name
    handler.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        parameters, return_annotation=returns)
    handler.__annotations__ = annotations | {"return": returns}
    return get(path, summary=summary)(handler)


def add_routes(controller: type[Controller], handlers: Sequence[HTTPRouteHandler]) -> None:
    """Put ``handlers`` on ``controller`` as if written in its body."""
    for handler in handlers:
        name = handler.fn.__name__
        if hasattr(controller, name):
            raise ValueError(f"{controller.__name__} already has {name}")
        setattr(controller, name, handler)
