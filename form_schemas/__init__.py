"""Form definitions for Phiếu: the profile, answer validation, templates.

A form definition is one JSON Schema (draft 2020-12) document describing the
answer object. This package checks definitions against the profile
(:func:`check_definition`), compiles them for fast answer validation and
rendering (:func:`compile_form`), ships the national templates
(:func:`list_templates`, :func:`load_template`) and the message catalogues
that localize every issue (:class:`Catalogue`). Each widget a question may
use is specified once, in :data:`WIDGET_SPECS`.

It is a pure library: no HTTP, no database.
"""

from form_schemas.answers import AnswerResult
from form_schemas.checks import check_definition
from form_schemas.compiled import CompiledForm, compile_form
from form_schemas.derived import Derived
from form_schemas.errors import DefinitionError, FormSchemaError, UnknownTemplate
from form_schemas.i18n import SUPPORTED_LOCALES, Catalogue, negotiate_locale
from form_schemas.issues import Issue
from form_schemas.limits import Limits
from form_schemas.model import Choice, Question
from form_schemas.templates import TemplateInfo, list_templates, load_template
from form_schemas.widgets import WIDGET_SPECS, WIDGETS, WidgetSpec

__all__ = [
    "SUPPORTED_LOCALES",
    "WIDGETS",
    "WIDGET_SPECS",
    "AnswerResult",
    "Catalogue",
    "Choice",
    "CompiledForm",
    "DefinitionError",
    "Derived",
    "FormSchemaError",
    "Issue",
    "Limits",
    "Question",
    "TemplateInfo",
    "UnknownTemplate",
    "WidgetSpec",
    "check_definition",
    "compile_form",
    "list_templates",
    "load_template",
    "negotiate_locale",
]
