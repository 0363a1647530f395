"""The formats the service checks, as regular expressions for its OpenAPI document.

Codes (:mod:`forms_service.text`), periods (:mod:`analytics.periods`),
origins (:mod:`forms_service.embedding.origins`), dates and moments: the
document states them with these patterns so that a client built from it
sends what the service accepts. Plain data, imported by the OpenAPI
refinements and by the report specifications.
"""

from __future__ import annotations

import re

__all__ = [
    "AGENCY_CODE",
    "DATE",
    "MOMENT",
    "NAME",
    "OPTIONAL_AGENCY",
    "ORIGIN",
    "PERIOD",
    "SERVICE_CODE",
    "one_of",
    "or_empty",
]

PERIOD = r"^[1-9][0-9]{3}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"
AGENCY_CODE = r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,39}$"
OPTIONAL_AGENCY = r"^([A-Za-z0-9][A-Za-z0-9.\-]{0,39})?$"  # empty: none named
SERVICE_CODE = r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,63}$"
ORIGIN = (r"^(https://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"
          r"|http://(localhost|127(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}|\[::1\]))"
          r"(:[1-9][0-9]{0,3})?/?$")
# days that exist in every month (the service takes the 29th to 31st where they exist)
DATE = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"
MOMENT = DATE[:-1] + r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-]0[0-9]:00)?)?$"
NAME = r"\S"  # a name has at least one visible character


def or_empty(pattern: str) -> str:
    """``pattern`` or the empty string (an empty query value means "not given")."""
    return "^(" + pattern.removeprefix("^").removesuffix("$") + ")?$"


def one_of(values: tuple[str, ...] | list[str], *, empty: bool = True) -> str:
    """One of ``values`` exactly (or, with ``empty``, nothing): ``^(csv|xlsx)?$``."""
    return "^(" + "|".join(map(re.escape, values)) + (")?$" if empty else ")$")
