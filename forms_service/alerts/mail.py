"""The texts of alert e-mails: a new case, and a digest, in the person's language,
numbers formatted for it with Babel (vi: 1.234 and 87,5%).

An alert says which service, unit and deadlines a case has and links to its
page: never the answer's free text, the citizen's contact or the dossier.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analytics import format_number, format_percent
from forms_service.i18n import N_, translate

__all__ = ["CaseFacts", "DigestFacts", "case_email", "digest_email"]

REASONS = {"not_satisfied": N_("the answer is not satisfied"),
           "choice": N_("a chosen answer was given"),
           "phrase": N_("a comment contains a phrase of the rule")}
CASE_SUBJECT = N_("New case {id}: {service}")
DIGEST_SUBJECTS = {"daily": N_("Daily digest of {agency}: {period}"),
                   "weekly": N_("Weekly digest of {agency}: {period}")}
FOOTER = N_("You receive this e-mail because you asked for it. Change your alerts on your "
            "account page: {link}")


@dataclass(frozen=True, slots=True)
class CaseFacts:
    id: int
    agency: str
    form: str
    service: str | None
    unit: str | None
    reasons: tuple[str, ...]
    acknowledge_due: dt.date
    respond_due: dt.date
    link: str
    account: str


@dataclass(frozen=True, slots=True)
class DigestFacts:
    kind: str  # daily | weekly
    agency: str
    scope: str | None  # the unit of a person's scope, if any
    start: dt.date  # the first day of the period
    end: dt.date  # its last day
    answers: int
    satisfied: int
    rated: int
    previous_satisfied: int
    previous_rated: int
    opened: int
    open_now: int
    acknowledge_overdue: int
    respond_overdue: int
    cases_link: str
    overdue_link: str
    dashboard_link: str
    account: str


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _html(paragraphs: Sequence[str], links: Sequence[str]) -> str:
    # the links, longest first, in one pass (a link may begin with another)
    pattern = re.compile("|".join(re.escape(html.escape(link))
                                  for link in sorted(set(links), key=len, reverse=True)))
    parts = []
    for paragraph in paragraphs:
        text = pattern.sub(lambda m: f'<a href="{m[0]}">{m[0]}</a>', html.escape(paragraph))
        parts.append("<p>" + text.replace("\n", "<br>") + "</p>")
    return "".join(parts)


def case_email(locale: str, facts: CaseFacts) -> dict[str, str]:
    """Subject, plain text and HTML of the alert of a new case."""
    def _(message: str, **params: object) -> str:
        return translate(locale, message, **params)

    service = facts.service or _("no service named")
    why = ", ".join(_(REASONS[r]) for r in facts.reasons if r in REASONS)
    lines = [
        _("A case was opened for an answer to form {form} of {agency}.",
          form=facts.form, agency=facts.agency),
        "\n".join([
            _("Service: {service}", service=service),
            _("Unit: {unit}", unit=facts.unit or _("none named")),
            _("Why: {reasons}", reasons=why or "—"),
            _("Acknowledge by: {day}", day=_day(facts.acknowledge_due)),
            _("Respond by: {day}", day=_day(facts.respond_due)),
        ]),
        _("Open the case: {link}", link=facts.link),
        _(FOOTER, link=facts.account),
    ]
    return {"subject": _(CASE_SUBJECT, id=facts.id, service=service),
            "text": "\n\n".join(lines) + "\n",
            "html": _html(lines, (facts.link, facts.account))}


def _change(locale: str, now: float, before: float) -> str:
    points = (now - before) * 100
    sign = "+" if points > 0 else "−" if points < 0 else "±"
    return translate(locale, "{sign}{points} points", sign=sign,
                     points=format_number(abs(points), locale, digits=1))


def digest_email(locale: str, facts: DigestFacts) -> dict[str, str]:
    """Subject, plain text and HTML of a digest."""
    def _(message: str, **params: object) -> str:
        return translate(locale, message, **params)

    def num(value: int) -> str:
        return format_number(value, locale)

    period = (_day(facts.start) if facts.start == facts.end
              else f"{_day(facts.start)} – {_day(facts.end)}")
    if facts.rated:
        rate = facts.satisfied / facts.rated
        satisfaction = _("Satisfied: {rate} of {n} answers rating the service",
                         rate=format_percent(rate, locale), n=num(facts.rated))
        if facts.previous_rated:
            before = facts.previous_satisfied / facts.previous_rated
            satisfaction += "\n" + _("Change against the period before: {change} (then {rate})",
                                     change=_change(locale, rate, before),
                                     rate=format_percent(before, locale))
        else:
            satisfaction += "\n" + _("No answer rated the service in the period before.")
    else:
        satisfaction = _("Satisfied: no answer rated the service in the period.")
    heading = (_("Digest of {agency}, {period} (Vietnam time).", agency=facts.agency,
                 period=period))
    if facts.scope:
        heading += " " + _("Scope: unit {unit} and the units below it.", unit=facts.scope)
    lines = [
        heading,
        _("New answers: {n}", n=num(facts.answers)) + "\n" + satisfaction,
        "\n".join([
            _("Cases opened: {n}", n=num(facts.opened)),
            _("Cases open now: {n}", n=num(facts.open_now)),
            _("Overdue to acknowledge: {n}", n=num(facts.acknowledge_overdue)),
            _("Overdue to respond: {n}", n=num(facts.respond_overdue)),
        ]),
        _("Cases: {link}", link=facts.cases_link) + "\n"
        + _("Overdue cases: {link}", link=facts.overdue_link) + "\n"
        + _("Dashboard: {link}", link=facts.dashboard_link),
        _(FOOTER, link=facts.account),
    ]
    return {"subject": _(DIGEST_SUBJECTS[facts.kind], agency=facts.agency, period=period),
            "text": "\n\n".join(lines) + "\n",
            "html": _html(lines, (facts.cases_link, facts.overdue_link, facts.dashboard_link,
                                  facts.account))}
