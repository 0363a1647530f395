"""The roles of API keys and people, in one table.

Each role is one :class:`Role` member and one :class:`RoleSpec` in
:data:`ROLES`: whether it belongs to an agency, whether people (workspace
users) may hold it or only API keys, whether a designer key may create it,
and its label and description (English msgids, translated in
``forms_service/locale/<lang>/LC_MESSAGES/roles.po``).  Everything that
names roles reads this table: key creation and its checks, people and
theirs, the ``--role`` choices and help of ``phieu keys create`` and
``phieu people create``, the enum of a new key's role in the OpenAPI
document, the account page and the tenancy matrix test.

What a role may *do* is decided where it is used, by
:meth:`forms_service.auth.Principal.require_role` (an admin passes every
check) and the agency checks beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from forms_service.errors import Forbidden, InvalidInput
from forms_service.i18n import N_

__all__ = [
    "KEY_ROLES",
    "PERSON_ROLES",
    "ROLES",
    "ROLE_LENGTH",
    "Agency",
    "Role",
    "RoleName",
    "RoleSpec",
    "key_role",
    "person_role",
    "require_unmasked_reader",
    "role_help",
]


#: The longest role value: api_key.role and person.role are Varchar(16).
ROLE_LENGTH = 16


class Role(StrEnum):
    ADMIN = "admin"
    DESIGNER = "designer"
    ANALYST = "analyst"
    PORTAL = "portal"
    INTEGRATION = "integration"


class Agency(StrEnum):
    """Whether a key or a person of a role belongs to an agency."""

    #: Never: it sees every agency (``Principal.is_national``); the
    #: administrator, the one such role, also changes them.
    NONE = "none"
    #: Always: one agency, whose data alone it reads and changes.
    REQUIRED = "required"
    #: One agency, or none: then it is the national office, which reads
    #: every agency and changes none (``Principal.is_national``).
    OPTIONAL = "optional"


@dataclass(frozen=True)
class RoleSpec:
    """One role: who may hold it and how it relates to agencies.

    Parameters
    ----------
    role:
        The role's value, stored with keys and people.
    label:
        Its name as a person reads it (msgid), e.g. on the account page.
    description:
        What it may do, one line (msgid), for the command line's help.
    agency:
        Whether it belongs to an agency (:class:`Agency`).
    people:
        People (workspace users) may hold it; otherwise only API keys.
    designer_creates:
        A designer key may create keys of this role for its own agency.
    key_refusal:
        Told when a key of a role that belongs to no agency names one
        (msgid); needed with ``Agency.NONE``.
    person_refusal:
        Told when a person is registered against the agency rule (msgid);
        needed for a role people hold with ``Agency.NONE`` or
        ``Agency.REQUIRED``.
    confined_to:
        The only API paths (prefixes) a key of this role may call; a ``*``
        segment stands for any one segment; empty: no such limit. Checked
        for every operation that authenticates a key
        (``forms_service.dependencies.provide_principal``).
    confined_refusal:
        Told when a confined key calls anything else (msgid); needed with
        ``confined_to``.
    reads_unmasked:
        May ask for answers with personal identifiers unmasked
        (``unmasked=true``: always recorded in ``export_audit``); every
        other role reads them masked only.
    handles_cases:
        Reads its agency's cases (:mod:`forms_service.cases`) and moves
        them, adds notes (read only without an agency: the national office).
    """

    role: Role
    label: str
    description: str
    agency: Agency
    people: bool = False
    designer_creates: bool = False
    key_refusal: str = ""
    person_refusal: str = ""
    confined_to: tuple[str, ...] = ()
    confined_refusal: str = ""
    reads_unmasked: bool = False
    handles_cases: bool = False

    def __post_init__(self) -> None:
        if len(self.role.value) > ROLE_LENGTH:
            raise ValueError(f"role {self.role}: at most {ROLE_LENGTH} characters "
                             "(the role columns of api_key and person)")
        if self.agency is Agency.NONE and not self.key_refusal:
            raise ValueError(f"role {self.role}: give key_refusal, the message for a key "
                             "that names an agency")
        if self.people and self.agency is not Agency.OPTIONAL and not self.person_refusal:
            raise ValueError(f"role {self.role}: give person_refusal, the message for a "
                             "person registered against the agency rule")
        if self.confined_to and not self.confined_refusal:
            raise ValueError(f"role {self.role}: give confined_refusal, the message for a "
                             "key that calls outside confined_to")

    def allows_path(self, path: str) -> bool:
        """Whether a key of this role may call the API at ``path``."""
        return not self.confined_to or any(
            _within(path, prefix) for prefix in self.confined_to)


def _within(path: str, prefix: str) -> bool:
    """Whether ``path`` is ``prefix`` or under it; a ``*`` segment of ``prefix`` stands for
    any one segment."""
    wanted, parts = prefix.split("/"), path.split("/")
    if len(parts) < len(wanted):
        return False
    return all((w == "*" and p != "") or w == p for w, p in zip(wanted, parts, strict=False))


ROLES: dict[Role, RoleSpec] = {spec.role: spec for spec in (
    RoleSpec(
        Role.ADMIN, N_("Administrator"), N_("everything, in every agency (no agency)"),
        Agency.NONE, people=True, reads_unmasked=True,
        key_refusal=N_("An admin key belongs to no agency: leave agency out."),
        person_refusal=N_("An admin belongs to no agency: leave the agency out."),
    ),
    RoleSpec(
        Role.DESIGNER, N_("Form designer (agency)"),
        N_("forms, services, portals and keys of its agency"),
        Agency.REQUIRED, people=True, designer_creates=True, handles_cases=True,
        person_refusal=N_("A designer needs an agency code."),
    ),
    RoleSpec(
        Role.ANALYST, N_("Analyst"),
        N_("reads the responses and results of its agency, or without an agency "
           "those of every agency (the national office)"),
        Agency.OPTIONAL, people=True, designer_creates=True, reads_unmasked=True,
        handles_cases=True,
    ),
    RoleSpec(
        Role.PORTAL, N_("Portal"),
        N_("submits answers and signs context tokens for its agency's forms"),
        Agency.REQUIRED, designer_creates=True,
    ),
    RoleSpec(
        Role.INTEGRATION, N_("One-stop system"),
        N_("sends its agency's dossier events (POST /api/v1/dossier-events), the officer "
           "on duty at a counter (PUT /api/v1/counters/CODE/on-duty) and asks for receipt "
           "links (POST /api/v1/receipt-links), nothing else"),
        Agency.REQUIRED, designer_creates=True,
        confined_to=("/api/v1/dossier-events", "/api/v1/counters/*/on-duty",
                     "/api/v1/receipt-links"),
        confined_refusal=N_("An integration key only sends dossier events "
                            "(POST /api/v1/dossier-events), the officer on duty "
                            "(PUT /api/v1/counters/CODE/on-duty) and asks for receipt links "
                            "(POST /api/v1/receipt-links)."),
    ),
)}
if list(ROLES) != list(Role):
    raise RuntimeError("every Role member needs one RoleSpec in ROLES, in the same order")

#: The roles of API keys (every role) and of people, in the table's order.
KEY_ROLES: tuple[str, ...] = tuple(role.value for role in ROLES)
PERSON_ROLES: tuple[str, ...] = tuple(spec.role.value for spec in ROLES.values() if spec.people)

#: A role's value in a request body (an enum in the OpenAPI document).
RoleName = Literal[KEY_ROLES]  # type: ignore[valid-type]


def _spec(value: str, names: tuple[str, ...]) -> RoleSpec:
    if value not in names:
        raise InvalidInput("role must be one of: {roles}.", roles=", ".join(names))
    return ROLES[Role(value)]


def key_role(value: str) -> RoleSpec:
    """The role of a new API key, or ``InvalidInput`` naming the roles."""
    return _spec(value, KEY_ROLES)


def person_role(value: str) -> RoleSpec:
    """The role of a new person, or ``InvalidInput`` naming the roles people may hold."""
    return _spec(value, PERSON_ROLES)


def require_unmasked_reader(role: Role) -> None:
    """Raise ``Forbidden`` unless ``role`` may read answers unmasked."""
    if not ROLES[role].reads_unmasked:
        raise Forbidden("This key may not read answers unmasked; leave out unmasked=true.")


def role_help(names: tuple[str, ...]) -> str:
    """``--role`` help for the command line: each role of ``names`` and what it may do."""
    return "; ".join(f"{name}: {ROLES[Role(name)].description}"
                     for name in names).replace("%", "%%")
