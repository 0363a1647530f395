"""Sample sizes and allocation against published tables."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import allocate_sample, sample_size_proportion, sample_size_sipas

# Israel (1992), "Determining sample size", University of Florida IFAS Fact Sheet PEOD-6,
# Table 1: Yamane's n = N / (1 + N e^2) at 95 % and P = .5, rounded to the nearest answer.
ISRAEL_TABLE_1 = [
    (500, 0.05, 222), (500, 0.07, 145), (500, 0.10, 83),
    (1000, 0.05, 286), (1000, 0.07, 169), (1000, 0.10, 91),
    (2000, 0.05, 333), (2000, 0.07, 185), (2000, 0.10, 95),
    (10000, 0.03, 1000), (10000, 0.05, 385), (10000, 0.10, 99),
    (100000, 0.03, 1099), (100000, 0.05, 398), (100000, 0.07, 204), (100000, 0.10, 100),
]


@pytest.mark.parametrize(("population", "margin", "table"), ISRAEL_TABLE_1)
def test_sipas_formula_matches_israel_table_1(population, margin, table):
    exact = population / (1 + population * margin * margin)
    assert round(exact) == table
    # the calculator never asks for fewer answers than the formula: it rounds up
    assert sample_size_sipas(population, margin) == math.ceil(exact - 1e-9)
    assert sample_size_sipas(population, margin) in (table, table + 1)


def test_cochran_size_with_finite_population_correction_matches_israel():
    # Israel (1992), eq. (2) and (3): n0 = 385 for P = .5, e = .05, 95 %; with N = 2000,
    # n = 385 / (1 + 384 / 2000) = 323.
    assert sample_size_proportion(0.05, expected_rate=0.5) == 385
    assert sample_size_proportion(0.05, expected_rate=0.5, population=2000) == 323


def test_expected_rate_of_satisfaction_needs_fewer_answers():
    # 1.959964^2 * 0.9 * 0.1 / 0.05^2 = 138.29 -> 139
    assert sample_size_proportion() == 139
    # n0 = 1.959964^2 * 0.09 / 0.03^2 = 384.15; 384.15 / (1 + 383.15 / 500) = 217.49 -> 218
    assert sample_size_proportion(0.03, expected_rate=0.9, population=500) == 218


@pytest.mark.parametrize(
    ("call", "message"),
    [(lambda: sample_size_sipas(0), "population"),
     (lambda: sample_size_sipas(100, 5), "0.95, not 95"),
     (lambda: sample_size_proportion(5e-324), "at least 1e-06"),
     (lambda: sample_size_proportion(expected_rate=1.0), "expected_rate"),
     (lambda: allocate_sample(10, {}), "at least one"),
     (lambda: allocate_sample(10, {"a": 5}, method="optimal"), "method"),
     (lambda: allocate_sample(10, {"a": 5}, expected_rates={"b": 0.5}), "not in population")],
)
def test_bad_input_says_what_to_change(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_neyman_allocation_by_hand():
    # N_h S_h with S_h = sqrt(p(1-p)): 600*0.14 = 84, 300*0.3 = 90, 100*0.5 = 50 (sum 224);
    # 100 answers: 37.50, 40.18, 22.32 -> largest remainders 38, 40, 22.
    sizes = allocate_sample(100, {"a": 600, "b": 300, "c": 100}, method="neyman",
                            expected_rates={"a": 0.98, "b": 0.9, "c": 0.5})
    assert [a.sample_size for a in sizes] == [38, 40, 22]


def test_a_stratum_never_gets_more_than_its_population():
    # N_h S_h: 100 * 0.0995 = 9.95 and 5 * 0.5 = 2.5: b's share, 20, is over its 5 dossiers
    sizes = allocate_sample(100, {"a": 100, "b": 5}, method="neyman",
                            expected_rates={"a": 0.99, "b": 0.5})
    assert [a.sample_size for a in sizes] == [95, 5]
    assert sum(a.sample_size for a in allocate_sample(500, {"a": 10, "b": 20})) == 30


@settings(max_examples=100, deadline=None)
@given(total=st.integers(0, 5000),
       population=st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 3000),
                                  min_size=1, max_size=8),
       method=st.sampled_from(["proportional", "neyman"]))
def test_allocation_adds_up_and_respects_populations(total, population, method):
    sizes = allocate_sample(total, population, method=method)
    assert sum(a.sample_size for a in sizes) == min(total, sum(population.values()))
    assert all(0 <= a.sample_size <= a.population for a in sizes)


@settings(max_examples=50, deadline=None)
@given(population=st.lists(st.integers(1, 3000), min_size=1, max_size=6),
       total=st.integers(0, 1000))
def test_neyman_with_equal_rates_is_proportional(population, total):
    strata = {str(i): n for i, n in enumerate(population)}
    neyman = allocate_sample(total, strata, method="neyman")
    proportional = allocate_sample(total, strata)
    assert [a.sample_size for a in neyman] == [a.sample_size for a in proportional]


@settings(max_examples=200, deadline=None)
@given(population=st.integers(1, 10**8),
       rate=st.floats(5e-324, 1.0, exclude_max=True),
       margin=st.floats(1e-4, 0.5))
def test_the_size_is_at_least_one_and_at_most_the_population(population, rate, margin):
    n = sample_size_proportion(margin, expected_rate=rate, population=population)
    assert 1 <= n <= population
