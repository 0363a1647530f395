"""The public API: ``__all__`` is complete and honest, and the package stays pure."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import form_schemas

DOCUMENTED = {
    "WIDGETS",
    "WIDGET_SPECS",
    "WidgetSpec",
    "check_definition",
    "DefinitionError",
    "Issue",
    "Limits",
    "compile_form",
    "CompiledForm",
    "Question",
    "Choice",
    "AnswerResult",
    "Derived",
    "list_templates",
    "load_template",
    "UnknownTemplate",
    "TemplateInfo",
    "Catalogue",
    "negotiate_locale",
    "SUPPORTED_LOCALES",
    "FormSchemaError",
}
PACKAGE = Path(form_schemas.__file__).parent


def test_all_lists_exactly_the_documented_names() -> None:
    assert set(form_schemas.__all__) == DOCUMENTED
    assert len(form_schemas.__all__) == len(set(form_schemas.__all__))


def test_every_exported_name_exists() -> None:
    for name in form_schemas.__all__:
        assert hasattr(form_schemas, name), name


def test_no_public_name_is_left_out_of_all() -> None:
    public = {
        name
        for name, value in vars(form_schemas).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public <= set(form_schemas.__all__)


def test_star_import_gives_all_names() -> None:
    namespace: dict[str, object] = {}
    exec("from form_schemas import *", namespace)
    assert set(namespace) >= DOCUMENTED


def test_widgets_and_locales() -> None:
    assert (
        frozenset(
            {"likert", "radio", "checkboxes", "select", "text", "textarea"}
            | {"number", "nps", "rating", "yes_no", "date", "email", "phone"}
        )
        == form_schemas.WIDGETS
    )
    assert form_schemas.SUPPORTED_LOCALES == ("vi", "en")


def test_no_module_imports_other_packages_of_the_project() -> None:
    forbidden = {"forms_service", "embed", "analytics", "piccolo", "litestar", "piccolo_conf"}
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert not roots & forbidden, f"{path.name} imports {roots & forbidden}"


def test_importing_loads_no_web_or_database_modules() -> None:
    code = (
        "import sys, form_schemas; "
        "bad = [m for m in ('litestar', 'piccolo', 'forms_service', 'embed', 'analytics') "
        "if m in sys.modules]; print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert result.stdout.strip() == ""


def test_modules_stay_small() -> None:
    for path in PACKAGE.glob("*.py"):
        lines = path.read_text("utf-8").count("\n")
        assert lines < 400, f"{path.name} has {lines} lines"
