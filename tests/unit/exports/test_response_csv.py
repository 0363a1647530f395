"""The line-by-line CSV of responses writes exactly what the csv module writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from forms_service.exports.columns import ResponsePlan
from forms_service.exports.masking import Masker
from forms_service.exports.response_csv import ResponseCsv, csv_field
from forms_service.exports.writers import CsvEncoder
from tests.unit.exports.test_columns import VERSIONS

TEXT = st.text(alphabet=st.sampled_from(list('aă=+-@ ,"\r\n\t;0912345678@.x')), max_size=30)
ANSWERS = st.fixed_dictionaries({}, optional={
    "overall": st.sampled_from([1, 2, 3, 9]),
    "kenh": st.lists(st.sampled_from(["a", "b", "c", "d", "z,z"]), unique=True, max_size=4),
    "note": TEXT,
    "score": st.integers(0, 10),
    "age": st.one_of(
        st.integers(-5, 120), st.floats(allow_nan=False, allow_infinity=False, width=32)
    ),
    "ok": st.booleans(),
})
RECORD = st.tuples(
    st.integers(1, 10**9), st.sampled_from([11, 12, 99]), st.sampled_from([5, 6, None]),
    st.sampled_from(["web", "kiosk", "fa,x", "=1"]), st.sampled_from(["vi", "en", "f\"r"]),
    st.just("2023-07-01T01:02:03.000004+00:00"), ANSWERS.map(
        lambda a: json.dumps(a, ensure_ascii=False)),
)


def _general(plan: ResponsePlan, records: list[tuple[Any, ...]]) -> bytes:
    return CsvEncoder(plan.columns).rows(plan.rows(records))


@settings(max_examples=150, deadline=None)
@given(st.lists(RECORD, max_size=12), st.booleans())
def test_same_bytes_as_the_csv_module(records: list[tuple[Any, ...]], masked: bool) -> None:
    plan = ResponsePlan(VERSIONS, services={5: "1.001193"}, agency="000.00.00.H29",
                        mask=Masker().mask if masked else None)
    fast = ResponseCsv(plan)
    assert fast.start() == CsvEncoder(plan.columns).start()
    assert fast.encode(records) == _general(plan, records)
    assert fast.encode(records) == _general(plan, records)  # from the caches this time


def test_csv_field() -> None:
    assert csv_field(None) == "" and csv_field(3) == "3" and csv_field(0.5) == "0.5"
    assert csv_field('=a,"b"') == '"\'=a,""b"""'
    assert csv_field("=a", untrusted=False) == "=a"
    assert csv_field("dòng 1\ndòng 2") == '"dòng 1\ndòng 2"'
