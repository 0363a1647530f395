"""Titles and explanations of the pages that are not the form itself.

Keyed by the service's stable error codes (``token_expired`` …) plus
``submitted`` for the thank-you page; unknown codes get a generic text.
"""

from __future__ import annotations

from embed.i18n import N_, gettext

__all__ = ["PAGE_TEXTS", "page_text"]

PAGE_TEXTS: dict[str, tuple[str, str]] = {
    "submitted": (
        N_("Thank you"),
        N_("Your answers have been received. You can close this page."),
    ),
    "already_answered": (
        N_("You have already answered this survey"),
        N_("Your first answer has been recorded and is kept. Thank you."),
    ),
    "token_required": (
        N_("This survey opens from the portal"),
        N_("Open the survey from the public-service portal right after your procedure: "
           "the link it gives carries the details of your dossier."),
    ),
    "token_invalid": (
        N_("This survey link is not valid"),
        N_("The link may have been copied incompletely. Open the survey again from the portal."),
    ),
    "token_expired": (
        N_("This survey link has expired"),
        N_("Open the survey again from the portal where you carried out your procedure."),
    ),
    "token_revoked": (
        N_("This survey link is no longer valid"),
        N_("The portal that gave this link can no longer collect answers. "
           "Please contact the agency that handled your procedure."),
    ),
    "token_forbidden": (
        N_("This survey link does not match this survey"),
        N_("Open the survey again from the portal where you carried out your procedure."),
    ),
    "form_closed": (
        N_("This survey is closed"),
        N_("The survey is not taking answers at the moment."),
    ),
    "form_not_open": (
        N_("This survey is not open yet"),
        N_("Please come back when it opens."),
    ),
    "form_full": (
        N_("This survey has all the answers it needs"),
        N_("It is no longer taking answers. Thank you for your interest."),
    ),
    "not_found": (
        N_("Survey not found"),
        N_("Check the address of the page."),
    ),
    "form_expired": (
        N_("This page has expired"),
        N_("Open the survey again and send your answers once more."),
    ),
    "file_not_accepted": (
        N_("Files cannot be sent here"),
        N_("This survey takes only answers to its questions."),
    ),
    "too_many_requests": (
        N_("Too many attempts"),
        N_("Please wait a moment and try again."),
    ),
    "payload_too_large": (
        N_("The answers are too long"),
        N_("Shorten your answers and send them again."),
    ),
    "database_unavailable": (
        N_("The service is busy"),
        N_("Please try again in a moment."),
    ),
    "internal_error": (
        N_("Something went wrong"),
        N_("Please try again later."),
    ),
}
# a forged signature and a refused algorithm have their own codes and the same page
SAME_PAGE = {"token_signature_invalid": "token_invalid", "token_algorithm_invalid": "token_invalid"}
GENERIC = (
    N_("The request could not be completed"),
    N_("Go back and try again, or open the survey again from the portal."),
)


# explanations of a form's schedule that say when (``{time}``: Vietnam time)
TIMED_BODIES: dict[str, str] = {
    "form_not_open": N_("It opens at {time} (Vietnam time). Please come back then."),
    "form_closed": N_("It closed at {time} (Vietnam time) and no longer takes answers."),
}


def page_text(code: str, locale: str, time: str | None = None) -> tuple[str, str]:
    """The title and explanation for ``code`` in ``locale`` (``time``: when a
    scheduled form opens or closed, as people read it)."""
    title, body = PAGE_TEXTS.get(SAME_PAGE.get(code, code), GENERIC)
    if time is not None and code in TIMED_BODIES:
        return gettext(locale, title), gettext(locale, TIMED_BODIES[code]).format(time=time)
    return gettext(locale, title), gettext(locale, body)
