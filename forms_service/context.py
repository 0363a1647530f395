"""What a running service shares between requests."""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

from form_schemas import CompiledForm, compile_form
from forms_service.auth import KeyCache
from forms_service.broadcast import Broadcast
from forms_service.db import Database
from forms_service.limits import Limiter, limiter_for, parse_proxies
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

    def forget(self, version_ids: str) -> None:
        """Drop versions (comma-separated ids, as a broadcast carries them)."""
        for item in version_ids.split(","):
            if item.strip().isdigit():
                self._items.pop(int(item), None)


@dataclass
class Context:
    settings: Settings
    db: Database
    keys: KeyCache = field(init=False)
    forms: CompiledForms = field(default_factory=CompiledForms)
    limiter: Limiter = field(init=False)
    broadcast: Broadcast = field(init=False)
    #: submissions of this process by outcome (``stored``, or an error's code)
    submission_outcomes: Counter[str] = field(default_factory=Counter)
    # networks (ipaddress): typed loosely, as Litestar inspects this class's fields
    proxies: tuple[Any, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = KeyCache(self.settings.key_cache_seconds)
        self.limiter = limiter_for(self.settings.redis_url, self.settings.redis_prefix)
        self.proxies = parse_proxies(self.settings.trusted_proxies)
        self.broadcast = Broadcast(
            self.settings.redis_url, self.settings.redis_prefix,
            {"key": self.keys.forget, "versions": self.forms.forget},
            on_reconnect=self.keys.clear)
