"""Request dependencies shared by the controllers."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State

from forms_service.auth import Principal
from forms_service.context import Context
from forms_service.errors import Forbidden
from forms_service.keys.service import authenticate
from forms_service.roles import ROLES

__all__ = ["provide_ctx", "provide_principal"]


def provide_ctx(state: State) -> Context:
    return state.ctx  # type: ignore[no-any-return]


async def provide_principal(request: Request[Any, Any, Any], state: State) -> Principal:
    principal = await authenticate(state.ctx, request.headers.get("authorization"))
    spec = ROLES[principal.role]
    if not spec.allows_path(request.url.path):
        raise Forbidden(spec.confined_refusal)
    return principal
