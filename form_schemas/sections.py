"""Sections and pages of a form.

A question with ``"x-section": "<title>"`` starts a section that runs to the
next one (questions before the first such question make an untitled first
section). With ``x-survey.pages: true`` each section is a page of its own;
otherwise (the default, for short surveys) the sections are headings on one
page. A section title is translated as ``translations.<locale>.properties.
<question>.section``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from form_schemas.i18n import DEFAULT_LOCALE
from form_schemas.model import Question, translations

__all__ = ["Section", "build_sections", "is_paged"]


@dataclass(frozen=True)
class Section:
    """Consecutive questions under one title (none for an untitled first section)."""

    number: int  # from 1
    questions: tuple[str, ...]
    titles: Mapping[str, str] = field(default_factory=dict, hash=False)

    def title(self, locale: str = DEFAULT_LOCALE) -> str | None:
        return self.titles.get(locale) or self.titles.get(DEFAULT_LOCALE)


def is_paged(definition: Mapping[str, Any]) -> bool:
    """Whether each section is a page of its own (``x-survey.pages``)."""
    survey = definition.get("x-survey")
    return isinstance(survey, dict) and survey.get("pages") is True


def build_sections(definition: Mapping[str, Any],
                   questions: Sequence[Question]) -> tuple[Section, ...]:
    """The sections of ``definition``, in order; one untitled section when it has none."""
    by_locale = translations(definition)
    properties = definition.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    groups: list[tuple[dict[str, str], list[str]]] = []
    for question in questions:
        raw = properties.get(question.name)
        title = raw.get("x-section") if isinstance(raw, dict) else None
        if isinstance(title, str) and title.strip() and (not groups or groups[-1][1]):
            titles = {DEFAULT_LOCALE: title}
            for locale, entry in by_locale.items():
                texts = entry.get("properties", {}).get(question.name, {})
                translated = texts.get("section") if isinstance(texts, dict) else None
                if isinstance(translated, str) and translated:
                    titles[locale] = translated
            groups.append((titles, [question.name]))
        elif groups:
            groups[-1][1].append(question.name)
        else:
            groups.append(({}, [question.name]))
    return tuple(Section(number, tuple(names), titles)
                 for number, (titles, names) in enumerate(groups, start=1))
