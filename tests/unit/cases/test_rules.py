"""Case rules: checked against the form's definition, applied to answers."""

from __future__ import annotations

import pytest

from forms_service.cases.rules import (
    DEFAULT_RULE,
    CaseRuleRejected,
    choice_questions,
    fold,
    parse_rule,
    reasons,
)

DEFINITION = {
    "properties": {
        "overall": {"type": "integer", "oneOf": [{"const": v, "title": str(v)}
                                                  for v in range(1, 6)]},
        "problems": {"type": "array", "items": {"enum": ["slow", "rude", "unclear"]}},
        "comment": {"type": "string"},
    },
}


def test_fold_ignores_diacritics_case_and_spacing() -> None:
    assert fold("Thái   ĐỘ  phục vụ") == "thai do phuc vu"
    assert "thai do" in fold("Cán bộ có thái độ hách dịch")
    assert fold("Đường") == "duong"


def test_default_rule_opens_for_not_satisfied_only() -> None:
    assert reasons(DEFAULT_RULE, {"overall": 2}, False) == ("not_satisfied",)
    assert reasons(DEFAULT_RULE, {"overall": 5}, True) == ()
    assert reasons(DEFAULT_RULE, {"comment": "x"}, None) == ()


def test_chosen_answers_open_a_case_even_when_satisfied() -> None:
    rule = parse_rule({"not_satisfied": False,
                       "choices": [{"question": "problems", "answers": ["rude"]}]}, DEFINITION)
    assert reasons(rule, {"overall": 5, "problems": ["slow", "rude"]}, True) == ("choice",)
    assert reasons(rule, {"overall": 1, "problems": ["slow"]}, False) == ()


def test_phrases_match_without_diacritics() -> None:
    rule = parse_rule({"phrases": ["thai do", "  hách   dịch "]}, DEFINITION)
    assert rule.phrases == ("thai do", "hách dịch")
    assert reasons(rule, {"overall": 4, "comment": "Cán bộ có THÁI ĐỘ không tốt"},
                   True) == ("phrase",)
    assert reasons(rule, {"overall": 4, "comment": "cán bộ hach dich"}, True) == ("phrase",)
    assert reasons(rule, {"overall": 4, "comment": "rất tốt"}, True) == ()
    assert reasons(rule, {"overall": 1, "comment": "thái độ"},
                   False) == ("not_satisfied", "phrase")


def test_an_inactive_rule_opens_nothing() -> None:
    rule = parse_rule({"active": False}, DEFINITION)
    assert reasons(rule, {"overall": 1}, False) == ()


@pytest.mark.parametrize(("raw", "fragment"), [
    ([], "JSON object"),
    ({"colour": 1}, "no field colour"),
    ({"not_satisfied": "yes"}, "true or false"),
    ({"choices": [{"question": "comment", "answers": ["a"]}]}, "no question comment"),
    ({"choices": [{"question": "nope", "answers": [1]}]}, "no question nope"),
    ({"choices": [{"question": "overall", "answers": [9]}]}, "no answer 9"),
    ({"choices": [{"question": "overall", "answers": []}]}, "as a list"),
    ({"choices": [{"question": "overall"}]}, "question and answers"),
    ({"phrases": ["a"]}, "2 to"),
    ({"phrases": [7]}, "2 to"),
    ({"phrases": ["x" * 101]}, "2 to"),
])
def test_bad_rules_are_refused_saying_what_to_write(raw: object, fragment: str) -> None:
    with pytest.raises(CaseRuleRejected) as caught:
        parse_rule(raw, DEFINITION)
    assert fragment in caught.value.message.format(**caught.value.params)


SHARED_SCALE = {
    "type": "object",
    "$defs": {"scale5": {"type": "integer", "oneOf": [
        {"const": v, "title": t} for v, t in ((5, "Rất hài lòng"), (4, "Hài lòng"),
                                              (3, "Bình thường"), (2, "Không hài lòng"),
                                              (1, "Rất không hài lòng"))]}},
    "properties": {"access": {"title": "Tiếp cận dịch vụ", "$ref": "#/$defs/scale5"},
                   "note": {"type": "string"}},
}


def test_a_question_whose_answers_come_from_a_shared_definition() -> None:
    rule = parse_rule({"choices": [{"question": "access", "answers": [1, 2]}]}, SHARED_SCALE)
    assert rule.choices[0].answers == (1, 2)
    with pytest.raises(CaseRuleRejected) as refused:
        parse_rule({"choices": [{"question": "access", "answers": [9]}]}, SHARED_SCALE)
    assert refused.value.params["question"] == "access"
    [(name, title, options)] = choice_questions(SHARED_SCALE)
    assert (name, title) == ("access", "Tiếp cận dịch vụ")
    assert options[0] == (5, "Rất hài lòng") and len(options) == 5


CONTACT_FORM = {"properties": {
    **DEFINITION["properties"],
    "email": {"type": "string", "format": "email", "x-widget": "email"},
    "phone": {"type": "string", "format": "phone-vn", "x-widget": "phone"},
    "agree": {"type": "boolean", "x-widget": "yes_no"},
}}


def test_the_contact_and_consent_questions() -> None:
    from forms_service.cases.rules import consented_contact

    rule = parse_rule({"contact_question": "email", "consent_question": "agree"}, CONTACT_FORM)
    assert rule.consent_answers == (True,)
    assert consented_contact(rule, {"email": " a@b.vn ", "agree": True}) == "a@b.vn"
    assert consented_contact(rule, {"email": "a@b.vn", "agree": False}) is None
    assert consented_contact(rule, {"email": "a@b.vn"}) is None
    assert consented_contact(rule, {"agree": True}) is None
    # a choice question agrees with the answers named; 1 is not True
    rule = parse_rule({"contact_question": "phone", "consent_question": "overall",
                       "consent_answers": [1]}, CONTACT_FORM)
    assert consented_contact(rule, {"phone": "0912345678", "overall": 1}) == "0912345678"
    assert consented_contact(rule, {"phone": "0912345678", "overall": True}) is None
    assert consented_contact(rule, {"phone": "0912345678", "overall": 2}) is None
    # without a consent question, giving the contact agrees
    rule = parse_rule({"contact_question": "email"}, CONTACT_FORM)
    assert consented_contact(rule, {"email": "a@b.vn"}) == "a@b.vn"
    assert consented_contact(DEFAULT_RULE, {"email": "a@b.vn"}) is None
    # stored and read back: the same rule
    stored = parse_rule(rule.as_dict(), None, checked=True)
    assert stored.contact_question == "email" and stored.consent_question is None


@pytest.mark.parametrize(("raw", "fragment"), [
    ({"contact_question": "comment"}, "e-mail or phone"),
    ({"contact_question": "email", "consent_question": "email"}, "yes/no"),
    ({"contact_question": "email", "consent_question": "problems"}, "yes/no"),
    ({"contact_question": "email", "consent_answers": [True]}, "consent_question"),
    ({"consent_question": "agree"}, "contact_question"),
    ({"contact_question": "email", "consent_question": "agree", "consent_answers": []},
     "consent_answers"),
    ({"contact_question": "email", "consent_question": "overall",
      "consent_answers": [True]}, "no answer True"),
])
def test_contact_rules_refused(raw: dict[str, object], fragment: str) -> None:
    with pytest.raises(CaseRuleRejected) as refused:
        parse_rule(raw, CONTACT_FORM)
    error = refused.value
    assert fragment in error.message.format(**error.params)
