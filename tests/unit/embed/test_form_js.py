"""The browser's x-show-if evaluator (static/form.js) agrees with the server.

Runs the script under Node (skipped when Node is missing): for each condition
and answers, form.js must give the JSON Schema validator's verdict, or
``null`` ("cannot tell", the question stays shown) for keywords it leaves to
the server.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import embed

FORM_JS = Path(embed.__file__).parent / "static" / "form.js"
NODE = shutil.which("node")

CONDITIONS = [
    {"properties": {"overall": {"const": 1}}, "required": ["overall"]},
    {"properties": {"overall": {"maximum": 2}}, "required": ["overall"]},
    {"properties": {"overall": {"minimum": 2, "exclusiveMaximum": 5}}, "required": ["overall"]},
    {"properties": {"overall": {"exclusiveMinimum": 3}}},
    {"properties": {"overall": {"enum": [1, 2]}}, "required": ["overall"]},
    {"properties": {"heard": {"contains": {"const": "other"}}}, "required": ["heard"]},
    {"properties": {"heard": {"minItems": 2}}, "required": ["heard"]},
    {"properties": {"heard": {"maxItems": 1}}},
    {"not": {"properties": {"first": {"const": True}}, "required": ["first"]}},
    {"anyOf": [{"properties": {"overall": {"const": 1}}, "required": ["overall"]},
               {"properties": {"first": {"const": False}}, "required": ["first"]}]},
    {"allOf": [{"required": ["overall"]}, {"properties": {"name": {"minLength": 3}}}]},
    {"oneOf": [{"required": ["overall"]}, {"required": ["name"]}]},
    {"properties": {"name": {"maxLength": 3, "type": "string"}}, "required": ["name"]},
    {"required": ["overall", "heard"], "title": "both answered", "x-note": 1},
]
ANSWERS = [
    {}, {"overall": 1}, {"overall": 2}, {"overall": 3}, {"overall": 5}, {"overall": 4.5},
    {"heard": ["tv"]}, {"heard": ["tv", "other"]}, {"heard": []}, {"first": True},
    {"first": False, "overall": 5}, {"name": "Hà"}, {"name": "Nguyễn"}, {"name": "ba\u0300"},
    {"overall": 1, "heard": ["other"], "first": True, "name": "An"},
]
UNSUPPORTED = [{"$ref": "#/$defs/x"}, {"properties": {"name": {"pattern": "^A"}}}]

SCRIPT = """
const {check} = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([c, a]) => check(c, a))));
"""


def run_js(cases: list[tuple[object, object]]) -> list[bool | None]:
    assert NODE is not None
    result = subprocess.run([NODE, "-e", SCRIPT, str(FORM_JS)], input=json.dumps(cases),
                            capture_output=True, text=True, timeout=60, check=True)
    return list(json.loads(result.stdout))


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_conditions_agree_with_json_schema() -> None:
    cases = [(condition, answers) for condition in CONDITIONS for answers in ANSWERS]
    verdicts = run_js(cases)
    for (condition, answers), verdict in zip(cases, verdicts, strict=True):
        expected = Draft202012Validator(condition).is_valid(answers)
        assert verdict is expected, (condition, answers)


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_keywords_left_to_the_server_are_cannot_tell() -> None:
    assert run_js([(condition, {"name": "Bình"}) for condition in UNSUPPORTED]) == [None, None]
