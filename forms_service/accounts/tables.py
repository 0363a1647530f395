"""People who sign in to the workspace pages, their sessions and sign-in links.

Secrets are never stored: a session cookie and a one-time link carry an
opaque random token and only its SHA-256 digest is kept here.
"""

from piccolo.columns import Boolean, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency
from forms_service.organisation.tables import Unit


class Person(Table, tablename="person"):
    """Someone who signs in: an agency's designer or analyst, or an admin.

    ``email`` is stored lower-cased.  ``password_hash`` is an Argon2id hash,
    or null for a person who signs in by one-time link only.  A null agency
    means the national office (admins, national analysts).  A designer or
    analyst of an agency may be limited to one ``unit`` of it and its
    sub-units (:func:`forms_service.organisation.scope.unit_subtree`); null
    means the whole agency.
    """

    email = Varchar(length=254, unique=True, index=True)
    name = Varchar(length=255)
    password_hash = Varchar(length=255, null=True, default=None)
    role = Varchar(length=16)  # a Role of forms_service.roles (PERSON_ROLES)
    agency = ForeignKey(references=Agency, null=True, on_delete=OnDelete.restrict)
    unit = ForeignKey(references=Unit, null=True, on_delete=OnDelete.restrict)
    locale = Varchar(length=8, default="vi")
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class PersonSession(Table, tablename="person_session"):
    """A signed-in browser: the digest of its ``phieu_session`` cookie."""

    token_hash = Varchar(length=64, unique=True, index=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade)
    csrf_token = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    last_seen_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()


class SignInLink(Table, tablename="sign_in_link"):
    """A one-time sign-in link: single use, short-lived."""

    token_hash = Varchar(length=64, unique=True, index=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class SignInFailure(Table, tablename="sign_in_failure"):
    """A failed sign-in, counted per e-mail address to slow down guessing.

    ``email_hash`` is the SHA-256 digest of the lower-cased address, so that
    addresses nobody holds are not kept in clear.
    """

    email_hash = Varchar(length=64, index=True)
    at = Timestamptz(default=TimestamptzNow())
