"""``phieu people …``: people who sign in to the workspace pages.

``create`` registers a person; without ``--password`` it asks for one on a
terminal and otherwise generates one and prints it (``--link-only`` makes
a person who signs in by one-time link only).  ``link`` prints a one-time
sign-in URL (there is no mail server: hand it over yourself).
``deactivate`` / ``activate`` stop or allow a person's sign-in.  ``unit``
limits a designer or analyst of an agency to one unit of it and its sub-units
(``--clear``: the whole agency again); ``create --unit`` does so at once.
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from typing import Any

from forms_service.commands import run_with_database
from forms_service.i18n import DEFAULT_LOCALE, LOCALES
from forms_service.roles import PERSON_ROLES, role_help

__all__ = ["register"]


def _run(work: Any) -> Any:
    return run_with_database(work)


def _ask_password() -> str:
    while True:
        first = getpass.getpass("password (at least 10 characters): ")
        if first == getpass.getpass("the same password again: "):
            return first
        print("the two passwords differ; try again", file=sys.stderr)


def cmd_create(args: argparse.Namespace) -> int:
    from forms_service.accounts.service import create_person

    password: str | None = args.password
    generated = False
    if password is None and not args.link_only:
        if sys.stdin.isatty():
            password = _ask_password()
        else:
            password, generated = secrets.token_urlsafe(12), True

    async def work(ctx: Any) -> dict[str, Any]:
        return await create_person(ctx, email=args.email, name=args.name, role=args.role,
                                   agency_code=args.agency, password=password,
                                   locale=args.locale, unit_code=args.unit)

    person = _run(work)
    where = f" of agency {person['agency']}" if person["agency"] else ""
    if person["unit"]:
        where += f", limited to unit {person['unit']} and its sub-units"
    print(f"created {person['role']} {person['email']}{where}")
    if generated:
        print("password (shown only once):")
        print(password)
    elif args.link_only:
        print("no password: sign in with `phieu people link --email …`")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    from forms_service.accounts import sessions
    from forms_service.errors import NotFound

    async def work(ctx: Any) -> str:
        created = await sessions.create_link(ctx, args.email)
        if created is None:
            raise NotFound("Nobody signs in with {email}.", email=args.email[:80])
        return sessions.link_url(ctx, created[0])

    url = _run(work)
    minutes = int(sessions.LINK_LIFETIME.total_seconds() // 60)
    print(f"one-time sign-in link for {args.email.strip().lower()} "
          f"(works once, within {minutes} minutes):")
    print(url)
    return 0


def cmd_unit(args: argparse.Namespace) -> int:
    from forms_service.accounts.service import set_unit

    async def work(ctx: Any) -> dict[str, Any]:
        return await set_unit(ctx, args.email, None if args.clear else args.unit)

    person = _run(work)
    if person["unit"]:
        print(f"{person['email']} sees unit {person['unit']} and its sub-units only")
    else:
        print(f"{person['email']} sees the whole agency")
    return 0


def _set_active(active: bool) -> Any:
    def command(args: argparse.Namespace) -> int:
        from forms_service.accounts.service import set_active

        async def work(ctx: Any) -> dict[str, Any]:
            return await set_active(ctx, args.email, active)

        person = _run(work)
        print(f"{person['email']} {'can sign in again' if active else 'can no longer sign in'}")
        return 0

    return command


def register(sub: Any) -> None:
    people = sub.add_parser("people", help="people who sign in to the workspace pages")
    people_sub = people.add_subparsers(dest="people_command", required=True, metavar="ACTION")

    create = people_sub.add_parser("create", help="register a person")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=PERSON_ROLES,
                        help=role_help(PERSON_ROLES))
    create.add_argument("--agency", help="agency code (designers and agency analysts)")
    create.add_argument("--password", help="asked for on a terminal, else generated")
    create.add_argument("--link-only", action="store_true",
                        help="no password: the person signs in by one-time link")
    create.add_argument("--locale", default=DEFAULT_LOCALE, choices=LOCALES)
    create.add_argument("--unit", help="unit code: limit a designer or analyst of the agency "
                        "to this unit and its sub-units")
    create.set_defaults(func=cmd_create)

    link = people_sub.add_parser("link", help="print a one-time sign-in URL")
    link.add_argument("--email", required=True)
    link.set_defaults(func=cmd_link)

    unit = people_sub.add_parser(
        "unit", help="limit a person to a unit of their agency and its sub-units, or not")
    unit.add_argument("--email", required=True)
    chosen = unit.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--unit", help="the unit's code")
    chosen.add_argument("--clear", action="store_true",
                        help="no unit: the person sees the whole agency")
    unit.set_defaults(func=cmd_unit)

    for name, active in (("deactivate", False), ("activate", True)):
        toggle = people_sub.add_parser(name, help=f"{name} a person's sign-in")
        toggle.add_argument("--email", required=True)
        toggle.set_defaults(func=_set_active(active))
