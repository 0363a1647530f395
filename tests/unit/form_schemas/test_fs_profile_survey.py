"""Profile rules for ``x-survey``: satisfaction, communication, languages, translations."""

from __future__ import annotations

from typing import Any

import pytest


def _communication(definition: dict[str, Any]) -> dict[str, Any]:
    definition["properties"]["heard_from"] = {
        "title": "Kênh",
        "type": "array",
        "items": {"oneOf": [{"const": "tv", "title": "TV"}, {"const": "zalo", "title": "Zalo"}]},
        "uniqueItems": True,
    }
    definition["properties"]["submission"] = {
        "title": "Nộp hồ sơ",
        "type": "string",
        "oneOf": [{"const": "self", "title": "Tự nộp"}, {"const": "help", "title": "Nhờ"}],
    }
    definition["x-survey"]["communication"] = {
        "channels": "heard_from",
        "self_submission": {"question": "submission", "values": ["self"]},
    }
    return definition


@pytest.mark.parametrize("survey", [[], "x", 3])
def test_survey_must_be_an_object(minimal, issues, survey) -> None:
    minimal["x-survey"] = survey
    assert issues(minimal) == [("/x-survey", "survey_object")]


def test_survey_may_be_left_out(minimal, issues) -> None:
    minimal.pop("x-survey")
    assert issues(minimal) == []


def test_unknown_survey_keys_are_refused(minimal, issues) -> None:
    minimal["x-survey"]["weights"] = {}
    assert issues(minimal) == [("/x-survey/weights", "survey_object")]


# -- satisfaction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "satisfied", "where", "code"),
    [
        ("overall", None, "satisfied", "satisfaction_object"),
        ("overall", [], "satisfied", "satisfaction_object"),
        ("nobody", [4], "question", "question_unknown"),
        ("reason", ["ok"], "question", "question_not_discrete"),
        ("overall", [4, 6], "satisfied/1", "value_not_option"),
        ("overall", ["5"], "satisfied/0", "value_not_option"),
        ("overall", [True], "satisfied/0", "value_not_option"),
    ],
)
def test_satisfaction_rules(minimal, issues, question, satisfied, where, code) -> None:
    satisfaction: dict[str, Any] = {"question": question}
    if satisfied is not None:
        satisfaction["satisfied"] = satisfied
    minimal["x-survey"]["satisfaction"] = satisfaction
    assert (f"/x-survey/satisfaction/{where}", code) in issues(minimal)


def test_satisfaction_has_no_other_keys(minimal, issues) -> None:
    minimal["x-survey"]["satisfaction"]["x"] = 1
    assert issues(minimal) == [("/x-survey/satisfaction/x", "satisfaction_object")]


RATING = {"title": "Sao", "type": "integer", "x-widget": "rating", "minimum": 1, "maximum": 5}
NPS = {"title": "NPS", "type": "integer", "x-widget": "nps", "minimum": 0, "maximum": 10}


@pytest.mark.parametrize(
    ("schema", "satisfied"),
    [({"title": "Có hài lòng?", "type": "boolean"}, [True]), (RATING, [4, 5]), (NPS, [9, 10])],
)
def test_satisfaction_on_other_discrete_questions(minimal, issues, schema, satisfied) -> None:
    minimal["properties"]["q"] = schema
    minimal["x-survey"]["satisfaction"] = {"question": "q", "satisfied": satisfied}
    assert issues(minimal) == []


def test_satisfaction_may_not_use_checkboxes(minimal, issues) -> None:
    definition = _communication(minimal)
    definition["x-survey"]["satisfaction"] = {"question": "heard_from", "satisfied": ["tv"]}
    assert issues(definition) == [("/x-survey/satisfaction/question", "question_not_discrete")]


# -- communication --------------------------------------------------------------------------


def test_communication_is_accepted(minimal, issues) -> None:
    assert issues(_communication(minimal)) == []


def test_channels_must_be_a_checkboxes_question(minimal, issues) -> None:
    definition = _communication(minimal)
    definition["x-survey"]["communication"]["channels"] = "submission"
    assert issues(definition) == [("/x-survey/communication/channels", "channels_not_checkboxes")]
    definition["x-survey"]["communication"]["channels"] = "nowhere"
    assert issues(definition) == [("/x-survey/communication/channels", "question_unknown")]


def test_self_submission_rules(minimal, issues) -> None:
    definition = _communication(minimal)
    self_submission = definition["x-survey"]["communication"]["self_submission"]
    self_submission["values"] = ["self", "alone"]
    assert issues(definition) == [
        ("/x-survey/communication/self_submission/values/1", "value_not_option")
    ]
    self_submission["question"] = "missing"
    assert issues(definition) == [
        ("/x-survey/communication/self_submission/question", "question_unknown")
    ]
    self_submission.pop("question")
    assert issues(definition) == [
        ("/x-survey/communication/self_submission/question", "communication_object")
    ]


def test_unknown_communication_keys_are_refused(minimal, issues) -> None:
    definition = _communication(minimal)
    definition["x-survey"]["communication"]["campaign"] = "2024"
    assert issues(definition) == [("/x-survey/communication/campaign", "communication_object")]


# -- languages --------------------------------------------------------------------------------


def test_declared_locales_are_accepted(minimal, issues) -> None:
    minimal["x-survey"]["locales"] = ["vi", "en"]
    assert issues(minimal) == []


def test_locales_must_include_vi(minimal, issues) -> None:
    minimal["x-survey"]["locales"] = ["en"]
    assert issues(minimal) == [("/x-survey/locales", "locale_vi_missing")]


def test_unsupported_locales_are_refused(minimal, issues) -> None:
    minimal["x-survey"]["locales"] = ["vi", "fr"]
    assert issues(minimal) == [("/x-survey/locales/1", "locale_unsupported")]


def test_locales_must_be_distinct(minimal, issues) -> None:
    minimal["x-survey"]["locales"] = ["vi", "vi"]
    assert issues(minimal) == [("/x-survey/locales", "locales_list")]


def test_declared_locale_needs_translations(minimal, issues) -> None:
    minimal["x-survey"].pop("translations")
    minimal["x-survey"]["locales"] = ["vi", "en"]
    assert issues(minimal) == [("/x-survey/translations/en", "translation_missing")]


@pytest.mark.parametrize("locale", ["fr", "vi", "zh"])
def test_translations_only_for_supported_other_locales(minimal, issues, locale) -> None:
    minimal["x-survey"]["translations"][locale] = {"title": "Titre"}
    assert issues(minimal) == [(f"/x-survey/translations/{locale}", "translation_locale")]


def test_translations_must_name_questions(minimal, issues) -> None:
    minimal["x-survey"]["translations"]["en"]["properties"]["ghost"] = {"title": "Ghost"}
    assert issues(minimal) == [
        ("/x-survey/translations/en/properties/ghost", "translation_question")
    ]


def test_translations_must_name_option_values(minimal, issues) -> None:
    choices = minimal["x-survey"]["translations"]["en"]["properties"]["overall"]["choices"]
    choices["6"] = "Beyond satisfied"
    assert issues(minimal) == [
        ("/x-survey/translations/en/properties/overall/choices/6", "translation_choice")
    ]


@pytest.mark.parametrize(
    ("where", "value", "code"),
    [
        (("subtitle",), "x", "translation_object"),
        (("title",), "", "form_text"),
        (("properties", "overall", "placeholder"), "x", "translation_object"),
        (("properties", "overall", "choices", "5"), 5, "form_text"),
    ],
)
def test_translation_shape(minimal, issues, where, value, code) -> None:
    node = minimal["x-survey"]["translations"]["en"]
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    assert issues(minimal) == [("/x-survey/translations/en/" + "/".join(where), code)]


# -- indices ----------------------------------------------------------------------------------


def _indices(definition: dict[str, Any], **element: Any) -> dict[str, Any]:
    definition["x-survey"]["indices"] = {
        "service": {"title": "Phục vụ", "questions": ["overall"], "satisfied": [4, 5],
                    **element}}
    return definition


def test_indices_name_existing_questions_and_answers(minimal, issues) -> None:
    assert issues(_indices(minimal)) == []
    assert issues(_indices(minimal, questions=["overall", "nobody"])) == [
        ("/x-survey/indices/service/questions/1", "question_unknown")]
    assert issues(_indices(minimal, questions=["reason"])) == [
        ("/x-survey/indices/service/questions/0", "question_not_discrete")]
    assert issues(_indices(minimal, satisfied=[4, 9])) == [
        ("/x-survey/indices/service/satisfied/1", "value_not_option")]


@pytest.mark.parametrize("element", [
    {"title": "Phục vụ", "questions": [], "satisfied": [4]},
    {"title": "Phục vụ", "questions": ["overall"]},
    {"title": "", "questions": ["overall"], "satisfied": [4]},
    {"title": "Phục vụ", "questions": ["overall"], "satisfied": [4], "weight": 2},
])
def test_index_elements_have_a_shape(minimal, issues, element) -> None:
    minimal["x-survey"]["indices"] = {"service": element}
    found = issues(minimal)
    assert found and all(path.startswith("/x-survey/indices/service") for path, _ in found)


def test_index_titles_are_translated_for_declared_elements_only(minimal, issues) -> None:
    definition = _indices(minimal)
    definition["x-survey"]["translations"] = {"en": {"indices": {"service": "Service"}}}
    assert issues(definition) == []
    definition["x-survey"]["translations"]["en"]["indices"]["speed"] = "Speed"
    assert issues(definition) == [("/x-survey/translations/en/indices/speed",
                                   "translation_index")]


def test_the_sipas_template_declares_five_elements() -> None:
    from form_schemas import check_definition, load_template

    definition = load_template("sipas")
    check_definition(definition)
    indices = definition["x-survey"]["indices"]
    assert list(indices) == ["access", "procedure", "civil_servant", "result", "feedback"]
    assert all(element["satisfied"] == [4, 5] for element in indices.values())
    assert set(definition["x-survey"]["translations"]["en"]["indices"]) == set(indices)
