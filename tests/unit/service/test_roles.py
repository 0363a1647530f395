"""The one table of roles, and what reads it."""

from __future__ import annotations

import argparse
from enum import StrEnum
from typing import get_args

import pytest

from forms_service import auth
from forms_service.errors import InvalidInput
from forms_service.i18n import LOCALES, translate
from forms_service.keys.schemas import ApiKeyIn
from forms_service.roles import (
    KEY_ROLES,
    PERSON_ROLES,
    ROLE_LENGTH,
    ROLES,
    Agency,
    Role,
    RoleName,
    RoleSpec,
    key_role,
    person_role,
    role_help,
)


def test_every_role_has_one_specification_in_order() -> None:
    assert list(ROLES) == list(Role)
    assert all(spec.role is role for role, spec in ROLES.items())
    assert auth.Role is Role


def test_the_roles_of_keys_and_people() -> None:
    assert KEY_ROLES == ("admin", "designer", "analyst", "portal", "integration")
    assert PERSON_ROLES == ("admin", "designer", "analyst")
    assert get_args(RoleName) == KEY_ROLES
    assert ApiKeyIn.__annotations__["role"] in ("RoleName", RoleName)


def test_the_agency_rules() -> None:
    assert ROLES[Role.ADMIN].agency is Agency.NONE
    assert ROLES[Role.DESIGNER].agency is Agency.REQUIRED
    assert ROLES[Role.ANALYST].agency is Agency.OPTIONAL
    assert ROLES[Role.PORTAL].agency is Agency.REQUIRED
    assert ROLES[Role.INTEGRATION].agency is Agency.REQUIRED


def test_an_integration_key_is_confined_to_the_dossier_events() -> None:
    spec = ROLES[Role.INTEGRATION]
    assert spec.allows_path("/api/v1/dossier-events")
    assert spec.allows_path("/api/v1/dossier-events/")
    assert not spec.allows_path("/api/v1/dossier-events-x")
    assert not spec.allows_path("/api/v1/units")
    assert all(ROLES[role].allows_path("/api/v1/units") for role in Role
               if role is not Role.INTEGRATION)
    with pytest.raises(ValueError, match="confined_refusal"):
        RoleSpec(Role.PORTAL, "x", "y", Agency.REQUIRED, confined_to=("/api/v1/x",))


def test_a_designer_key_creates_every_role_but_admin() -> None:
    assert [s.role.value for s in ROLES.values() if s.designer_creates] == [
        "designer", "analyst", "portal", "integration"]


@pytest.mark.parametrize("spec", ROLES.values(), ids=lambda s: s.role.value)
def test_every_role_speaks_both_languages(spec: RoleSpec) -> None:
    texts = [spec.label, spec.description, spec.key_refusal, spec.person_refusal,
             spec.confined_refusal]
    for text in filter(None, texts):
        assert translate("vi", text) != text, f"no Vietnamese for {text!r}"
        for lang in LOCALES:
            assert translate(lang, text)


def test_unknown_roles_are_refused_naming_the_roles() -> None:
    with pytest.raises(InvalidInput) as caught:
        key_role("owner")
    assert translate("en", caught.value.message, **caught.value.params) == (
        "role must be one of: admin, designer, analyst, portal, integration.")
    assert translate("vi", caught.value.message, **caught.value.params) == (
        "role phải là một trong: admin, designer, analyst, portal, integration.")
    with pytest.raises(InvalidInput) as caught:
        person_role("portal")
    assert translate("en", caught.value.message, **caught.value.params) == (
        "role must be one of: admin, designer, analyst.")
    assert key_role("portal").role is Role.PORTAL
    assert person_role("analyst") is ROLES[Role.ANALYST]


def test_a_rule_that_can_be_broken_needs_its_message() -> None:
    with pytest.raises(ValueError, match="key_refusal"):
        RoleSpec(Role.ADMIN, "x", "y", Agency.NONE, person_refusal="z")
    with pytest.raises(ValueError, match="person_refusal"):
        RoleSpec(Role.DESIGNER, "x", "y", Agency.REQUIRED, people=True)
    RoleSpec(Role.PORTAL, "x", "y", Agency.REQUIRED)  # keys only: the key message is generic
    RoleSpec(Role.ANALYST, "x", "y", Agency.OPTIONAL, people=True)


def _choices(parser: argparse.ArgumentParser, *path: str) -> tuple[str, ...]:
    for name in path:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[name]
    role = next(a for a in parser._actions if a.dest == "role")
    assert role.help == role_help(tuple(role.choices or ()))
    return tuple(role.choices or ())


def test_the_command_line_offers_the_roles_with_their_descriptions() -> None:
    from forms_service.cli import build_parser

    parser = build_parser()
    assert _choices(parser, "keys", "create") == KEY_ROLES
    assert _choices(parser, "people", "create") == PERSON_ROLES
    assert role_help(PERSON_ROLES).startswith("admin: everything, in every agency")
    assert "portal:" not in role_help(PERSON_ROLES)


def test_a_role_fits_the_role_columns() -> None:
    from forms_service.accounts.tables import Person
    from forms_service.keys.tables import ApiKey

    assert ApiKey.role.length == Person.role.length == ROLE_LENGTH

    class Long(StrEnum):
        NAME = "x" * (ROLE_LENGTH + 1)

    with pytest.raises(ValueError, match=f"at most {ROLE_LENGTH}"):
        RoleSpec(Long.NAME, "x", "y", Agency.OPTIONAL)  # type: ignore[arg-type]
