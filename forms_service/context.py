"""What a running service shares between requests."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from form_schemas import CompiledForm, compile_form
from forms_service.auth import KeyCache
from forms_service.db import Database
from forms_service.settings import Settings

__all__ = ["CompiledForms", "Context"]


class CompiledForms:
    """Compiled validators per published version id (versions are immutable)."""

    def __init__(self, capacity: int = 512) -> None:
        self.capacity = capacity
        self._items: OrderedDict[int, CompiledForm] = OrderedDict()

    def cached(self, version_id: int) -> CompiledForm | None:
        """The compiled version if this process has it (so its definition need not be read)."""
        return self._items.get(version_id)

    def get(self, version_id: int, definition: Any) -> CompiledForm:
        compiled = self._items.get(version_id)
        if compiled is None:
            compiled = compile_form(definition)
            self._items[version_id] = compiled
            if len(self._items) > self.capacity:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(version_id)
        return compiled


@dataclass
class Context:
    settings: Settings
    db: Database
    keys: KeyCache = field(init=False)
    forms: CompiledForms = field(default_factory=CompiledForms)

    def __post_init__(self) -> None:
        self.keys = KeyCache(self.settings.key_cache_seconds)
