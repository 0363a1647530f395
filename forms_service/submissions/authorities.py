"""Who may send answers to a form: one class per kind of authority.

A channel builds its :class:`~forms_service.submissions.model.Submission`
with the authority that vouches for it; the pipeline asks it twice:
:meth:`admit` before anything is read (may this caller submit at all?) and
:meth:`check` against the form as read (may it submit to this form, with
this service?).  A new channel with a new kind of credential (an invitation
link, an enrolled kiosk) adds a class here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from forms_service.auth import Principal, Role
from forms_service.credentials.errors import TokenRequired
from forms_service.credentials.signers import foreign_service, match_claims
from forms_service.credentials.tokens import ContextClaims
from forms_service.errors import Forbidden, NotFound

__all__ = ["Authority", "ContextToken", "EnrolledDevice", "InvitationLink", "OpenPage",
           "PortalKey", "ReceiptLink"]

Form = dict[str, Any] | None  # the form row read with the submission, None if no such form


def _no_form(slug: str) -> NotFound:
    return NotFound("There is no form {slug}.", slug=slug[:80])


class Authority(Protocol):
    #: Whether a form with access ``token`` needs the service and dossier of a
    #: procedure (False: the authority is at the counter itself, a kiosk).
    needs_procedure: ClassVar[bool]

    def admit(self) -> None:
        """Refuse a caller that may not submit answers at all."""

    def check(self, form: Form, slug: str) -> None:
        """Refuse answers to ``form`` (as read; None if there is no form ``slug``)."""


@dataclass(frozen=True, slots=True)
class PortalKey:
    """A portal's API key (or an admin's): answers to its own agency's forms, the
    service and dossier given in the request."""

    needs_procedure: ClassVar[bool] = True

    principal: Principal

    def admit(self) -> None:
        self.principal.require_role(Role.PORTAL)

    def check(self, form: Form, slug: str) -> None:
        if form is None or not self.principal.can_see_agency(form["agency"]):
            raise _no_form(slug)
        self.principal.require_write_agency(form["agency"])


@dataclass(frozen=True, slots=True)
class ContextToken:
    """A context token checked against its signing portal key (signature,
    revocation, expiry): answers to the form it names, for its service."""

    needs_procedure: ClassVar[bool] = True

    claims: ContextClaims
    key: Principal

    def admit(self) -> None:
        return None

    def check(self, form: Form, slug: str) -> None:
        if form is None:
            raise _no_form(slug)
        match_claims(self.claims, self.key, slug, form["agency"])
        if form["service_id"] is None:
            raise foreign_service(self.claims)


@dataclass(frozen=True, slots=True)
class OpenPage:
    """An open form's page, rendered with a signed nonce (checked by the page):
    answers to forms with access ``open`` only."""

    needs_procedure: ClassVar[bool] = True

    def admit(self) -> None:
        return None

    def check(self, form: Form, slug: str) -> None:
        if form is None:
            raise _no_form(slug)
        if form["access"] != "open":
            raise TokenRequired()


@dataclass(frozen=True, slots=True)
class InvitationLink:
    """An invitation's short link (checked by its page: known, not expired): answers
    to the form it invites to, for its dossier."""

    form_id: int

    needs_procedure: ClassVar[bool] = True

    def admit(self) -> None:
        return None

    def check(self, form: Form, slug: str) -> None:
        if form is None or form["id"] != self.form_id:
            raise _no_form(slug)


@dataclass(frozen=True, slots=True)
class ReceiptLink:
    """A receipt link (checked by its page: signed by an integration key of the
    agency, not revoked, not expired): answers to that agency's forms, for the
    dossier and procedure it names."""

    agency_id: int

    needs_procedure: ClassVar[bool] = True

    def admit(self) -> None:
        return None

    def check(self, form: Form, slug: str) -> None:
        if form is None or form["agency"] != self.agency_id:
            raise _no_form(slug)


@dataclass(frozen=True, slots=True)
class EnrolledDevice:
    """A kiosk whose request signature was checked: answers to its own agency's
    published forms, at its counter, with no procedure or dossier needed."""

    agency_id: int
    active: bool

    needs_procedure: ClassVar[bool] = False

    def admit(self) -> None:
        if not self.active:
            raise Forbidden("This device has been revoked: its answers are kept apart "
                            "for review. Enrol the device again.", error_code="device_revoked")

    def check(self, form: Form, slug: str) -> None:
        if form is None or form["agency"] != self.agency_id:
            raise _no_form(slug)
