"""The designer's words: edits refused, changes between versions, operators.

English msgids (translated in ``locale/<lang>/LC_MESSAGES/designer.po``);
``form_schemas`` reports by code and values, and this module words them.
The names of the widgets come with the widget registry
(:func:`form_schemas.messages.widget_label`).
"""

from __future__ import annotations

from typing import Any

from form_schemas.changes import Change
from form_schemas.editing import EditError
from forms_service.errors import N_
from forms_service.i18n import translate

__all__ = [
    "CHANGE_MESSAGES",
    "EDIT_MESSAGES",
    "OPERATOR_LABELS",
    "change_text",
    "edit_message",
]

EDIT_MESSAGES: dict[str, str] = {
    "question_missing": N_("There is no question {name} in this form. Reload the page."),
    "title_empty": N_("Give the form a title."),
    "question_title_empty": N_("Write the question's text."),
    "widget_unknown": N_("{widget} is not a kind of question Phiếu knows. Choose one from the "
                         "list."),
    "name_invalid": N_("The code {name} is not allowed: use lowercase Latin letters, digits "
                       "and _, starting with a letter (at most 64)."),
    "name_taken": N_("Another question already has the code {name}. Choose another code."),
    "widget_change": N_("A {current} question cannot become {widget}: add a new question "
                        "instead."),
    "max_length_range": N_("The maximum length must be a whole number from 1 to {limit}."),
    "rating_maximum": N_("A rating scale has from 3 to 10 stars."),
    "bounds_order": N_("The smallest value ({minimum}) is larger than the largest "
                       "({maximum}). Swap them."),
    "move_breaks_condition": N_("Question {name} is shown depending on {other}, which must "
                                "stay before it. Move or clear that condition first."),
    "question_in_condition": N_("Question {other} is shown depending on {name}. Clear that "
                                "condition before deleting {name}."),
    "question_is_satisfaction": N_("{name} is the satisfaction question. Choose another one "
                                   "or remove the satisfaction setting first."),
    "question_is_communication": N_("{name} is used by the communication survey settings; it "
                                    "cannot be deleted here."),
    "last_question": N_("A form needs at least one question. Add another before deleting "
                        "this one."),
    "choice_value_integer": N_("The option code {value} must be a whole number for this "
                               "question."),
    "choice_value_empty": N_("Every option needs a code."),
    "choice_label_empty": N_("Every option needs a label (code {value})."),
    "choice_duplicate": N_("The option code {value} is used twice. Give each option its own "
                           "code."),
    "choices_empty": N_("Keep at least one option."),
    "no_choices": N_("Question {name} has no options to edit."),
    "satisfaction_question": N_("{name} cannot measure satisfaction: choose a question with "
                                "one answer from fixed options."),
    "satisfied_empty": N_("Tick at least one answer that counts as satisfied."),
    "condition_source": N_("A question can only depend on a question before it; {name} is "
                           "not one."),
    "condition_operator": N_("Choose how to compare: is, is one of, at most or at least."),
    "condition_value": N_("{value} is not an answer of question {name}. Use one of its option "
                          "codes."),
    "condition_value_missing": N_("Write the answer (or answers, separated by commas) that "
                                  "shows this question."),
    "condition_not_ordered": N_("At most / at least need a question answered with a number "
                                "or a scale; {name} is not one."),
}

CHANGE_MESSAGES: dict[str, str] = {
    "form_retitled": N_("The form's title changed from “{old}” to “{new}”."),
    "question_added": N_("Question added: {question} “{title}”."),
    "question_removed": N_("Question removed: {question} “{title}”."),
    "retitled": N_("Question {question} reworded: “{old}” → “{new}”."),
    "widget_changed": N_("Question {question} is now shown as {new} (was {old})."),
    "choice_added": N_("Question {question}: option {value} “{label}” added."),
    "choice_removed": N_("Question {question}: option {value} “{label}” removed."),
    "choice_relabelled": N_("Question {question}: option {value} relabelled “{old}” → "
                            "“{new}”."),
    "required_on": N_("Question {question} is now required."),
    "required_off": N_("Question {question} is no longer required."),
    "condition_added": N_("Question {question} is now shown only on a condition."),
    "condition_removed": N_("Question {question} is now always shown."),
    "condition_changed": N_("The condition of question {question} changed."),
    "reordered": N_("Questions were reordered."),
    "translations_changed": N_("The English translation changed."),
    "satisfaction_added": N_("Satisfaction is now measured by question {question}."),
    "satisfaction_removed": N_("This version no longer measures satisfaction (it was question "
                               "{question})."),
    "satisfaction_question": N_("Satisfaction is now measured by question {question} instead "
                                "of {old}."),
    "satisfaction_widget": N_("The satisfaction question {question} changed from {old} to "
                              "{new}."),
    "satisfaction_scale": N_("The answer codes of the satisfaction question {question} changed "
                             "from {old} to {new}."),
    "satisfied_set": N_("The answers counted as satisfied changed from {old} to {new}."),
}

OPERATOR_LABELS: dict[str, str] = {
    "is": N_("is"),
    "one_of": N_("is one of"),
    "le": N_("is at most (≤)"),
    "ge": N_("is at least (≥)"),
}


def edit_message(exc: EditError) -> tuple[str, dict[str, Any]]:
    """The msgid and values for a refused edit."""
    message = EDIT_MESSAGES.get(exc.code, N_("This change cannot be made."))
    return message, {key: str(value) for key, value in exc.params.items()}


def change_text(locale: str, change: Change) -> str:
    """One change between versions, in words."""
    message = CHANGE_MESSAGES.get(change.code, N_("Something else changed."))
    params = {key: str(value) for key, value in change.params.items()}
    return translate(locale, message, question=change.question or "", **params)
