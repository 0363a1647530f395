"""The public API declared in analytics.__all__ is complete and importable."""

import importlib
import inspect
import pkgutil

import analytics

# Functions shared between modules of the package but not offered to its users.
INTERNAL = {
    "parse_locale", "wilson_bounds", "decide_verdict", "interval_bounds", "greater_pvalues",
    "fit_prior", "adjust_checked",
}


def _public_modules():
    for info in pkgutil.walk_packages(analytics.__path__, "analytics."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def test_every_exported_name_exists():
    assert len(analytics.__all__) == len(set(analytics.__all__))
    for name in analytics.__all__:
        assert hasattr(analytics, name), name


def test_all_is_the_union_of_the_modules_all():
    declared: set[str] = set()
    for module in _public_modules():
        if module.__name__ == "analytics.reports":
            continue
        assert hasattr(module, "__all__"), f"{module.__name__} must declare __all__"
        declared.update(module.__all__)
    assert set(analytics.__all__) == declared
    assert set(analytics.reports.__all__) <= declared


def test_public_functions_and_classes_of_modules_are_exported():
    for module in _public_modules():
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(value) or inspect.isclass(value):
                internal = name in INTERNAL
                assert internal or name in module.__all__, (
                    f"{module.__name__}.{name} not in __all__"
                )


def test_no_dependency_on_the_web_packages():
    # analytics is pure: it must not import forms_service, form_schemas or embed.
    for module in _public_modules():
        source = inspect.getsource(module)
        for forbidden in ("forms_service", "form_schemas", "embed", "litestar", "piccolo"):
            assert f"import {forbidden}" not in source and f"from {forbidden}" not in source
