"""National form templates shipped as JSON files in ``templates/``."""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from form_schemas.errors import UnknownTemplate
from form_schemas.model import texts, translations

__all__ = ["TEMPLATE_NAMES", "TemplateInfo", "list_templates", "load_template"]

#: Template names, in the order they are offered to designers.
TEMPLATE_NAMES: tuple[str, ...] = (
    "quick-rating",
    "sipas",
    "communication",
    "agency-communication",
    "nps",
)
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class TemplateInfo:
    """A template's name and its title and description by locale."""

    name: str
    title: dict[str, str] = field(default_factory=dict, hash=False)
    description: dict[str, str] = field(default_factory=dict, hash=False)


@functools.cache
def _read(name: str) -> dict[str, Any]:
    text = resources.files("form_schemas").joinpath("templates", f"{name}.json").read_text("utf-8")
    template: dict[str, Any] = json.loads(text)
    return template


def load_template(name: str) -> dict[str, Any]:
    """A fresh copy of the template called ``name``.

    Raises
    ------
    UnknownTemplate
        When there is no such template.
    """
    if not isinstance(name, str) or not _NAME.match(name) or name not in TEMPLATE_NAMES:
        raise UnknownTemplate(str(name), TEMPLATE_NAMES)
    return copy.deepcopy(_read(name))


def list_templates() -> list[TemplateInfo]:
    """Every template with its titles and descriptions."""
    infos = []
    for name in TEMPLATE_NAMES:
        template = _read(name)
        by_locale = translations(template)
        infos.append(
            TemplateInfo(
                name=name,
                title=texts(
                    template.get("title"), {k: v.get("title") for k, v in by_locale.items()}
                ),
                description=texts(
                    template.get("description"),
                    {k: v.get("description") for k, v in by_locale.items()},
                ),
            )
        )
    return infos
