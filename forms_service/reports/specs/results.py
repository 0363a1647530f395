"""A form's results: each question's answers with intervals, over its versions."""

from __future__ import annotations

from typing import Any

from forms_service.channels import CHANNELS
from forms_service.i18n import N_
from forms_service.patterns import PERIOD, or_empty
from forms_service.reports.parameters import CONFIDENCE_LEVEL, LOCALE, METHOD
from forms_service.reports.spec import Param, ReportSpec, Table, column, formatted
from forms_service.results.schemas import ResultsOut

__all__ = ["SPEC"]

_DATE = r"^(\d{4}-\d{2}-\d{2})?$"
FORM = Param("form", required=True, description="Form slug", max_length=80)
PERIOD_PARAM = Param("period", description="2023, 2023-Q3 or 2023-07", max_length=20,
                     pattern=or_empty(PERIOD))
SINCE = Param("since", description="First day counted (YYYY-MM-DD, Vietnam time)",
              max_length=10, pattern=_DATE)
UNTIL = Param("until", description="Last day counted (YYYY-MM-DD, Vietnam time)",
              max_length=10, pattern=_DATE)
SERVICE = Param("service", description="Procedure code of one of the form's agency's services",
                max_length=40)
CHANNEL = Param("channel", description=f"The channel answered through: {', '.join(CHANNELS)}",
                max_length=16, enum=tuple(CHANNELS))
AUDIENCE = Param("audience", description="citizen or business", max_length=16,
                 enum=("citizen", "business"))
UNIT = Param("unit", description="Code of a unit of the form's agency: the answers credited to "
             "it and to the units merged into it", max_length=64)
OFFICER = Param("officer", description="Code of an officer of the form's agency (the agency's "
                "analysts and administrators only)", max_length=64)

ANSWER_COLUMNS = (
    column("question", N_("Question"), "code"),
    column("title", N_("Question text"), "label"),
    column("versions", N_("Form versions"), "code"),
    column("kind", N_("Kind of answer"), "code"),
    column("shown", N_("Shown the question"), "integer"),
    column("answered", N_("Answered"), "integer"),
    column("value", N_("Answer code"), "code", optional=True),
    column("label", N_("Answer"), "label", optional=True),
    column("count", N_("Answers"), "integer", optional=True),
    column("share", N_("Share"), "number", optional=True),
    column("ci_low", N_("Interval, lower bound"), "number", optional=True),
    column("ci_high", N_("Interval, upper bound"), "number", optional=True),
    formatted("share_text", N_("Share (formatted)")),
    formatted("ci_text", N_("Interval (formatted)")),
)
SUMMARY_COLUMNS = (
    column("question", N_("Question"), "code"),
    column("title", N_("Question text"), "label"),
    column("versions", N_("Form versions"), "code"),
    column("kind", N_("Kind of answer"), "code"),
    column("responses", N_("Responses"), "integer"),
    column("shown", N_("Shown the question"), "integer"),
    column("answered", N_("Answered"), "integer"),
    column("skipped", N_("Skipped"), "integer"),
    column("mean", N_("Mean"), "number", optional=True),
    column("mean_ci_low", N_("Mean, lower bound"), "number", optional=True),
    column("mean_ci_high", N_("Mean, upper bound"), "number", optional=True),
    column("median", N_("Median"), "number", optional=True),
    column("q1", N_("First quartile"), "number", optional=True),
    column("q3", N_("Third quartile"), "number", optional=True),
    column("top_two_box", N_("Top-two-box share"), "number", optional=True),
    column("nps", N_("Net Promoter Score"), "number", optional=True),
    column("nps_ci_low", N_("Net Promoter Score, lower bound"), "number", optional=True),
    column("nps_ci_high", N_("Net Promoter Score, upper bound"), "number", optional=True),
)
CODEBOOK_COLUMNS = (
    column("question", N_("Question"), "code"),
    column("title", N_("Question text"), "label"),
    column("kind", N_("Kind of answer"), "code"),
    column("widget", N_("Widget"), "code"),
    column("conditional", N_("Shown on a condition"), "flag"),
    column("versions", N_("Form versions"), "code"),
    column("value", N_("Answer code"), "code", optional=True),
    column("label", N_("Answer"), "label", optional=True),
)


def _versions(question: dict[str, Any]) -> str:
    return ", ".join(str(n) for n in question["versions"])


def _get(item: dict[str, Any] | None, key: str) -> Any:
    return None if item is None else item.get(key)


def tables(data: dict[str, Any], lang: str) -> list[Table]:
    """Three tables: the answers (one long table), a summary per question, the codebook."""
    answers, summary, codebook = [], [], []
    for q in data["questions"]:
        head = {"question": q["key"], "title": q["title"], "versions": _versions(q),
                "kind": q["kind"]}
        for choice in q.get("choices", []):
            answers.append({**head, "shown": q["shown"], "answered": q["answered"],
                            "value": str(choice["value"]).lower()
                            if isinstance(choice["value"], bool) else choice["value"],
                            **{k: choice.get(k) for k in ("label", "count", "share", "ci_low",
                                                          "ci_high", "share_text", "ci_text")}})
            codebook.append({**head, "widget": q["widget"], "conditional": q["conditional"],
                             "value": answers[-1]["value"], "label": choice["label"]})
        if not q.get("choices"):
            answers.append({**head, "shown": q["shown"], "answered": q["answered"]})
            codebook.append({**head, "widget": q["widget"], "conditional": q["conditional"]})
        mean, spread, nps = q.get("mean"), q.get("quartiles"), q.get("nps")
        summary.append({
            **head, **{k: q[k] for k in ("responses", "shown", "answered", "skipped")},
            "mean": _get(mean, "mean"), "mean_ci_low": _get(mean, "ci_low"),
            "mean_ci_high": _get(mean, "ci_high"), "median": _get(spread, "median"),
            "q1": _get(spread, "q1"), "q3": _get(spread, "q3"),
            "top_two_box": _get(q.get("top_two_box"), "share"),
            "nps": _get(nps, "score"), "nps_ci_low": _get(nps, "ci_low"),
            "nps_ci_high": _get(nps, "ci_high"),
        })
    return [Table("answers", N_("Answers"), ANSWER_COLUMNS, answers),
            Table("questions", N_("Questions"), SUMMARY_COLUMNS, summary),
            Table("codebook", N_("Codebook"), CODEBOOK_COLUMNS, codebook)]


SPEC = ReportSpec(
    name="results",
    order=15,
    summary="A form's results: every question's answers with intervals",
    download_summary="A form's results as {formats}, with a codebook (analyst)",
    params=(FORM, PERIOD_PARAM, SINCE, UNTIL, SERVICE, CHANNEL, AUDIENCE, UNIT, OFFICER,
            CONFIDENCE_LEVEL, METHOD, LOCALE),
    build="forms_service.results.report:form_results",
    output=ResultsOut,
    tables=tables,
)
