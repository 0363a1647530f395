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
    "ADDRESS_TEXT",
    "AGENCY_CODE",
    "DATE",
    "MOMENT",
    "NAME",
    "OPTIONAL_AGENCY",
    "ORIGIN",
    "PERIOD",
    "SERVICE_CODE",
    "TEXT",
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
# text may hold tab, line feed and carriage return, no other C0 control
# (forms_service.boundary refuses them); an address (path, query) none at all
TEXT = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$"
ADDRESS_TEXT = r"^[^\u0000-\u001f\u007f]*$"
# a name has at least one visible character: not whitespace as Python's
# str.split and ECMA-262's \s see it (NEL U+0085 is space to the first only,
# U+FEFF to the second only, and the service treats both as space), and no
# refused control
NAME = (r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*[^\s\u0000-\u001f\u0085\ufeff]"
        r"[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$")


def or_empty(pattern: str) -> str:
    """``pattern`` or the empty string (an empty query value means "not given")."""
    return "^(" + pattern.removeprefix("^").removesuffix("$") + ")?$"


def one_of(values: tuple[str, ...] | list[str], *, empty: bool = True) -> str:
    """One of ``values`` exactly (or, with ``empty``, nothing): ``^(csv|xlsx)?$``."""
    return "^(" + "|".join(map(re.escape, values)) + (")?$" if empty else ")$")
