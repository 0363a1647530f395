"""Period strings: validation and month → quarter."""

import pytest

from analytics import Period, parse_period, quarter_of


@pytest.mark.parametrize(
    ("month", "quarter"),
    [("2023-01", "2023-Q1"), ("2023-03", "2023-Q1"), ("2023-04", "2023-Q2"),
     ("2023-07", "2023-Q3"), ("2023-09", "2023-Q3"), ("2023-10", "2023-Q4"),
     ("2023-12", "2023-Q4")],
)  # fmt: skip
def test_quarter_of_a_month(month, quarter):
    assert quarter_of(month) == quarter


def test_quarter_of_a_quarter_is_itself_and_of_a_year_is_an_error():
    assert quarter_of("2023-Q2") == "2023-Q2"
    with pytest.raises(ValueError, match="whole year"):
        quarter_of("2023")


@pytest.mark.parametrize("text", ["2023", "2023-Q3", "2023-07", " 2023-07 "])
def test_valid_periods_round_trip(text):
    assert str(parse_period(text)) == text.strip()


@pytest.mark.parametrize(
    "text", ["2023-13", "2023-00", "2023-Q5", "2023-Q0", "2023-q3", "23", "2023-7", "2023/07", ""]
)
def test_invalid_periods_say_which_forms_are_accepted(text):
    with pytest.raises(ValueError, match=r"is not valid: use 'YYYY' \(2023\), 'YYYY-Qn'"):
        parse_period(text)


def test_periods_sort_chronologically():
    texts = ["2023-Q3", "2023", "2023-07", "2022-12", "2023-Q1", "2023-01"]
    ordered = sorted((parse_period(t) for t in texts), key=lambda p: p.sort_key)
    assert [str(p) for p in ordered] == [
        "2022-12",
        "2023",
        "2023-Q1",
        "2023-01",
        "2023-Q3",
        "2023-07",
    ]


def test_period_value_object_validates():
    assert Period(2023, month=7).kind == "month"
    with pytest.raises(ValueError, match="not both"):
        Period(2023, quarter=1, month=1)
    with pytest.raises(ValueError, match="month must be 1 to 12"):
        Period(2023, month=13)
    with pytest.raises(TypeError, match="string"):
        parse_period(202307)  # type: ignore[arg-type]
