"""National templates: every one passes the profile, is bilingual and works."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources
from typing import Any

import pytest

from form_schemas import (
    Derived,
    TemplateInfo,
    UnknownTemplate,
    check_definition,
    compile_form,
    list_templates,
    load_template,
)
from form_schemas.model import choice_key

NAMES = ["quick-rating", "sipas", "communication", "agency-communication", "nps"]

SENSIBLE: dict[str, dict[str, Any]] = {
    "quick-rating": {"overall": 1, "reason": "Phải đi lại nhiều lần."},
    "sipas": {
        "access": 5,
        "procedure": 4,
        "civil_servant": 5,
        "result": 4,
        "feedback": 3,
        "overall": 4,
        "comment": "Cán bộ hướng dẫn tận tình.",
    },
    "communication": {
        "heard_from": ["zalo", "community_digital_team"],
        "submission": "self",
        "overall": 5,
    },
    "agency-communication": {
        "agency_name": "Sở Thông tin và Truyền thông tỉnh Hà Giang",
        "channels_used": ["agency_portal", "zalo", "loudspeaker"],
        "frequency": "monthly",
        "has_plan": True,
        "staff": 3,
        "difficulties": ["funding", "digital_skills"],
        "difficulties_detail": "Vùng cao, sóng di động yếu.",
        "proposals": "Tăng cường Tổ công nghệ số cộng đồng.",
    },
    "nps": {"recommend": 9, "reason": "Tiết kiệm thời gian đi lại."},
}


def test_template_names_and_files() -> None:
    assert [info.name for info in list_templates()] == NAMES
    files = resources.files("form_schemas").joinpath("templates")
    on_disk = sorted(
        p.name.removesuffix(".json") for p in files.iterdir() if p.name.endswith(".json")
    )
    assert on_disk == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_template_passes_the_profile(name) -> None:
    check_definition(load_template(name))


@pytest.mark.parametrize("name", NAMES)
def test_template_is_valid_json_in_nfc(name) -> None:
    text = resources.files("form_schemas").joinpath("templates", f"{name}.json").read_text("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert json.loads(text) == load_template(name)


@pytest.mark.parametrize("name", NAMES)
def test_template_has_complete_english_translations(name) -> None:
    definition = load_template(name)
    assert definition["x-survey"]["locales"] == ["vi", "en"]
    form = compile_form(definition)
    english = definition["x-survey"]["translations"]["en"]
    assert english["title"] and english["description"]
    assert form.title("en") != form.title("vi")
    for question in form.questions:
        assert "en" in question.titles, question.name
        assert question.title("en") != question.title("vi")
        if "vi" in question.descriptions:
            assert "en" in question.descriptions, question.name
        if question.widget in ("likert", "radio", "select", "checkboxes"):
            for choice in question.choices:
                assert "en" in choice.labels, (question.name, choice.value)
        translated = english["properties"][question.name].get("choices", {})
        assert set(translated) <= {choice_key(choice.value) for choice in question.choices}


@pytest.mark.parametrize("name", NAMES)
def test_vietnamese_texts_use_the_formal_address(name) -> None:
    form = compile_form(load_template(name))
    texts = [question.title("vi") for question in form.questions]
    assert any("Ông/Bà" in text for text in texts) or name == "agency-communication"
    assert not any("bạn " in text.lower() and "bạn bè" not in text for text in texts)


@pytest.mark.parametrize("name", NAMES)
def test_template_accepts_a_sensible_answer(name) -> None:
    form = compile_form(load_template(name))
    result = form.validate(SENSIBLE[name])
    assert result.ok, result.errors
    assert result.answers == SENSIBLE[name]


@pytest.mark.parametrize("name", NAMES)
def test_template_requires_something(name) -> None:
    result = compile_form(load_template(name)).validate({})
    assert result.errors and {issue.code for issue in result.errors} == {"required"}


def test_list_templates_gives_bilingual_titles() -> None:
    for info in list_templates():
        assert isinstance(info, TemplateInfo)
        assert set(info.title) == {"vi", "en"} and set(info.description) == {"vi", "en"}
    assert list_templates()[1].title["vi"].startswith("Khảo sát sự hài lòng")


def test_load_template_returns_a_fresh_copy() -> None:
    first = load_template("sipas")
    first["properties"].clear()
    assert load_template("sipas")["properties"]


@pytest.mark.parametrize("name", ["missing", "../profile.schema", "SIPAS", "", "sipas.json"])
def test_unknown_template(name) -> None:
    with pytest.raises(UnknownTemplate) as caught:
        load_template(name)
    assert isinstance(caught.value, KeyError)
    message = str(caught.value)
    assert repr(name) in message and "quick-rating" in message


# -- contents ---------------------------------------------------------------------------------


def test_quick_rating() -> None:
    definition = load_template("quick-rating")
    form = compile_form(definition)
    overall = form.question("overall")
    assert overall.widget == "likert"
    assert [(c.value, c.labels["vi"]) for c in overall.choices] == [
        (3, "Rất hài lòng"), (2, "Hài lòng"), (1, "Không hài lòng"),
    ]  # fmt: skip
    assert form.satisfaction == {"question": "overall", "satisfied": [2, 3]}
    assert form.question("reason").widget == "textarea"
    assert form.question("reason").max_length == 2000
    assert form.visible({"overall": 1}) == {"overall", "reason"}
    assert form.visible({"overall": 2}) == form.visible({"overall": 3}) == {"overall"}
    assert form.validate({"overall": 3, "reason": "x"}).answers == {"overall": 3}


def test_sipas() -> None:
    form = compile_form(load_template("sipas"))
    names = [q.name for q in form.questions]
    assert names == [
        "access",
        "procedure",
        "civil_servant",
        "result",
        "feedback",
        "overall",
        "comment",
    ]
    for question in form.questions[:6]:
        assert question.widget == "likert"
        assert [(c.value, c.labels["vi"]) for c in question.choices] == [
            (5, "Rất hài lòng"), (4, "Hài lòng"), (3, "Bình thường"),
            (2, "Không hài lòng"), (1, "Rất không hài lòng"),
        ]  # fmt: skip
    assert form.satisfaction == {"question": "overall", "satisfied": [4, 5]}
    assert form.question("comment").widget == "textarea"
    assert not form.question("comment").required


def test_communication() -> None:
    definition = load_template("communication")
    form = compile_form(definition)
    heard_from = form.question("heard_from")
    assert heard_from.widget == "checkboxes"
    assert [c.value for c in heard_from.choices] == [
        "tv", "radio", "press", "social_network", "zalo", "portal", "one_stop_desk",
        "community_digital_team", "family", "other",
    ]  # fmt: skip
    assert heard_from.choice_label("community_digital_team") == "Tổ công nghệ số cộng đồng"
    submission = form.question("submission")
    assert [c.value for c in submission.choices] == ["self", "with_help", "not_yet"]
    assert form.question("overall").widget == "likert"
    assert definition["x-survey"]["communication"] == {
        "channels": "heard_from",
        "self_submission": {"question": "submission", "values": ["self"]},
    }
    assert form.visible({"heard_from": ["other"]}) >= {"heard_from_other"}
    assert "heard_from_other" not in form.visible({"heard_from": ["tv"]})


def test_agency_communication() -> None:
    form = compile_form(load_template("agency-communication"))
    widgets = {q.name: q.widget for q in form.questions}
    assert widgets["channels_used"] == "checkboxes"
    assert widgets["frequency"] == "radio"
    assert widgets["has_plan"] == "yes_no"
    assert widgets["staff"] == "number"
    assert widgets["difficulties"] == "checkboxes"
    assert widgets["difficulties_detail"] == widgets["proposals"] == "textarea"
    assert form.satisfaction is None


def test_nps_template() -> None:
    definition = load_template("nps")
    form = compile_form(definition)
    recommend = form.question("recommend")
    assert recommend.widget == "nps" and (recommend.minimum, recommend.maximum) == (0, 10)
    assert recommend.title() == (
        "Ông/Bà có sẵn sàng giới thiệu dịch vụ công trực tuyến này cho người thân, bạn bè không?"
    )
    assert "satisfaction" not in definition["x-survey"]
    assert form.validate({"recommend": 11}).errors[0].code == "maximum"


# -- derived fields ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "answers", "expected"),
    [
        ("quick-rating", {"overall": 3}, Derived(3, True)),
        ("quick-rating", {"overall": 2}, Derived(2, True)),
        ("quick-rating", {"overall": 1, "reason": "x"}, Derived(1, False)),
        ("quick-rating", {}, Derived()),
        ("sipas", SENSIBLE["sipas"], Derived(4, True)),
        ("sipas", {**SENSIBLE["sipas"], "overall": 3}, Derived(3, False)),
        ("communication", SENSIBLE["communication"],
         Derived(5, True, None, ("zalo", "community_digital_team"), True)),
        ("communication", {"heard_from": ["tv"], "submission": "with_help", "overall": 2},
         Derived(2, False, None, ("tv",), False)),
        ("communication", {"heard_from": ["tv"]}, Derived(None, None, None, ("tv",), None)),
        ("nps", {"recommend": 9}, Derived(None, None, 9)),
        ("nps", {"recommend": 0}, Derived(None, None, 0)),
        ("agency-communication", SENSIBLE["agency-communication"], Derived()),
    ],
)  # fmt: skip
def test_derive(name, answers, expected) -> None:
    form = compile_form(load_template(name))
    assert form.derive(form.validate(answers).answers) == expected


def test_derive_with_a_yes_no_satisfaction_question() -> None:
    form = compile_form(
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"happy": {"title": "Ông/Bà có hài lòng không?", "type": "boolean"}},
            "x-survey": {"satisfaction": {"question": "happy", "satisfied": [True]}},
        }
    )
    assert form.derive({"happy": True}) == Derived(True, True)
    assert form.derive({"happy": False}) == Derived(False, False)
    assert form.derive({"happy": 1}).satisfied is False
