"""The one value every channel builds for a set of answers, and what storing it gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forms_service.submissions.authorities import Authority

__all__ = ["Stored", "Submission"]


@dataclass(frozen=True, slots=True)
class Submission:
    """One set of answers and the context it arrived with, whatever the channel.

    Attributes
    ----------
    form:
        The form's slug.
    answers:
        The answers as sent (a JSON object; form pages coerce their fields first).
    authority:
        Who vouches for the answers and may send them to this form
        (:mod:`forms_service.submissions.authorities`): a portal key, a
        checked context token, an open form's page.
    service:
        The procedure code the dossier belongs to (required on token forms).
    dossier:
        The dossier reference as the portal gave it; only its keyed hash
        (with the form's agency) is stored.
    dossier_hash:
        Or that keyed hash already (an open-form page's nonce takes the
        dossier's place): one answer per form and dossier.
    channel, locale:
        Where the answer came from (:mod:`forms_service.channels`) and its language.
    version:
        The version number the answers were given to; ``None`` for the latest
        published one.
    unit, counter, officer:
        The codes of the unit, counter and officer that served the citizen,
        when the channel knows them.
    reply_to:
        ``(channel, contact)`` the citizen can be answered at, when the channel
        knows one they agreed to be contacted at (an invitation's); a case
        opened for the answer keeps it sealed (:mod:`forms_service.cases.replies`).
    """

    form: str
    answers: Any
    authority: Authority
    service: str | None = None
    dossier: str | None = None
    dossier_hash: str | None = None
    channel: str = "web"
    locale: str = "vi"
    version: int | None = None
    unit: str | None = None
    counter: str | None = None
    officer: str | None = None
    reply_to: tuple[str, str] | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored response: its id, form, the version it answered and when."""

    id: int
    form: str
    version: int
    submitted_at: dt.datetime
