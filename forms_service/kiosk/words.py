"""What the kiosk page says, as English msgids translated by the service's
catalogues (``kiosk.po``), rendered into the page for every language so the
kiosk shows them with no network (the service worker keeps the page).

Placeholders in braces (``{n}``, ``{officer}``) are filled by the page.
"""

from __future__ import annotations

import json
from functools import cache

from forms_service.i18n import LOCALES, N_, translate

__all__ = ["KIOSK_WORDS", "kiosk_words", "kiosk_words_json"]

KIOSK_WORDS: dict[str, str] = {
    "title": N_("Rating at the counter"),
    "reason": N_("What did not satisfy you? (optional)"),
    "reasonChoices": N_("Choose what did not satisfy you (optional)"),
    "reasonText": N_("Anything else? (optional)"),
    "send": N_("Send"),
    "skip": N_("Skip"),
    "thanks": N_("Thank you!"),
    "thanksMore": N_("Your rating has been recorded."),
    "staff": N_("Staff"),
    "staffTitle": N_("Staff screen"),
    "waiting": N_("{n} answer(s) waiting to be sent"),
    "duty": N_("Officer on duty: {officer}"),
    "noDuty": N_("Nobody on duty"),
    "officer": N_("Officer code"),
    "pin": N_("PIN"),
    "signOn": N_("Start my shift"),
    "back": N_("Back"),
    "enrolling": N_("Enrolling this device…"),
    "notEnrolled": N_("This device is not enrolled"),
    "notEnrolledMore": N_("Open the enrolment link or QR code on this tablet."),
    "failed": N_("Enrolment failed"),
    "revoked": N_("This device has been revoked"),
    "revokedMore": N_("Answers not yet sent are kept apart for review."),
    "wrongPin": N_("The officer code or PIN is wrong."),
    "offline": N_("No network: connect once to load the survey."),
    "scan": N_("Scan receipt"),
    "scanned": N_("Receipt scanned: your rating will be tied to your dossier."),
    "scanHint": N_("Hold the receipt's QR code in front of the camera."),
    "cancel": N_("Cancel"),
    "next": N_("Next"),
    "required": N_("Please answer this question."),
    "number": N_("Enter a number."),
    "whole": N_("Enter a whole number."),
    "range": N_("Enter a number from {min} to {max}."),
    "fewest": N_("Choose at least {n}."),
    "most": N_("Choose at most {n}."),
    "step": N_("Question {i} of {n}"),
    "optional": N_("(optional)"),
    "answered": N_("Your answers have been recorded."),
}


def kiosk_words(locale: str) -> dict[str, str]:
    """Every text of the kiosk page in ``locale``."""
    return {key: translate(locale, msgid) for key, msgid in KIOSK_WORDS.items()}


@cache
def kiosk_words_json() -> str:
    """The texts in every language, as JSON safe inside a ``<script>`` element."""
    text = json.dumps({lang: kiosk_words(lang) for lang in LOCALES}, ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
