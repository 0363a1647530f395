"""Every example in the analytics docstrings runs and gives what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import analytics

MODULES = [
    "analytics",
    *sorted(info.name for info in pkgutil.walk_packages(analytics.__path__, "analytics.")),
]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_public_statistical_functions_have_examples():
    missing = [
        name
        for name in analytics.__all__
        if callable(getattr(analytics, name))
        and not isinstance(getattr(analytics, name), type)
        and ">>>" not in (getattr(analytics, name).__doc__ or "")
    ]
    assert missing == []
