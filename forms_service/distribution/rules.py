"""A form's distribution rule: which returned dossiers it invites, how and when.

:func:`parse_rule` checks a rule as the API receives it (English field names)
and returns a :class:`Rule`, or raises :class:`RuleRejected` naming the field
and what to write instead (an English msgid and its parameters). Pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from forms_service.distribution.schedule import parse_clock
from forms_service.i18n import N_

__all__ = ["CHANNELS", "DOSSIER_CHANNELS", "Rule", "RuleRejected", "parse_rule"]

CHANNELS = ("email", "sms", "zalo")
DOSSIER_CHANNELS = ("in_person", "online", "postal")
FIELDS = ("services", "units", "dossier_channels", "channels", "sampling_rate",
          "quarterly_sample", "service_samples", "delay_minutes", "quiet_hours", "link_days",
          "reminder", "active")
MAX_DELAY_MINUTES = 7 * 24 * 60


class RuleRejected(Exception):
    def __init__(self, field: str, message: str, /, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.field = field
        self.message = message
        self.params = params


@dataclass(frozen=True, slots=True)
class Rule:
    channels: tuple[str, ...]
    services: tuple[str, ...] = ()  # empty: every service of the agency
    units: tuple[str, ...] = ()
    dossier_channels: tuple[str, ...] = ()
    sampling_rate: float = 1.0
    quarterly_sample: int | None = None  # per service and quarter
    # per service code and quarter, before quarterly_sample (a computed allocation)
    service_samples: tuple[tuple[str, int], ...] = ()
    delay_minutes: int = 120
    quiet_hours: tuple[str, str] | None = ("21:00", "07:00")
    link_days: int = 7
    reminder: bool = False
    active: bool = True

    @property
    def quiet(self) -> tuple[dt.time, dt.time] | None:
        if self.quiet_hours is None:
            return None
        start, end = (parse_clock(text) for text in self.quiet_hours)
        assert start is not None and end is not None
        return start, end

    def sample_of(self, service: str) -> int | None:
        """The quarterly sample of ``service`` (a code): its own, else ``quarterly_sample``."""
        return dict(self.service_samples).get(service, self.quarterly_sample)

    def as_dict(self) -> dict[str, Any]:
        body = asdict(self)
        body["service_samples"] = dict(self.service_samples)
        for name in ("channels", "services", "units", "dossier_channels"):
            body[name] = list(body[name])
        if self.quiet_hours is not None:
            body["quiet_hours"] = {"start": self.quiet_hours[0], "end": self.quiet_hours[1]}
        return body


def _codes(raw: dict[str, Any], name: str, choices: tuple[str, ...] | None = None
           ) -> tuple[str, ...]:
    value = raw.get(name, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleRejected(name, N_('{field} must be a list of codes, e.g. ["1.001193"].'),
                           field=name)
    items = tuple(dict.fromkeys(v.strip() for v in value))
    if len(items) > 500:
        raise RuleRejected(name, N_("{field} holds at most {limit} codes."), field=name,
                           limit=500)
    if choices is not None:
        for item in items:
            if item not in choices:
                raise RuleRejected(name, N_("{value!r} is not a channel of {field}; use: "
                                            "{choices}."), value=item[:40], field=name,
                                   choices=", ".join(choices))
    return items


def _number(raw: dict[str, Any], name: str, default: Any, low: float, high: float,
            *, whole: bool) -> Any:
    value = raw.get(name, default)
    if value is None and default is None:
        return None
    kinds = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        raise RuleRejected(name, N_("{field} must be a number from {low} to {high}."),
                           field=name, low=low, high=high)
    return value


def _samples(raw: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    value = raw.get("service_samples", {})
    if value is None:
        return ()
    good = isinstance(value, dict) and all(
        isinstance(k, str) and k.strip() and not isinstance(v, bool) and isinstance(v, int)
        and 1 <= v <= 1_000_000 for k, v in value.items())
    if not good:
        raise RuleRejected("service_samples", N_(
            'service_samples must be an object mapping service codes to whole numbers from 1 '
            'to 1000000, such as "1.001193": 120.'))
    if len(value) > 500:
        raise RuleRejected("service_samples", N_("{field} holds at most {limit} codes."),
                           field="service_samples", limit=500)
    return tuple(sorted((k.strip(), int(v)) for k, v in value.items()))


def _quiet(raw: dict[str, Any]) -> tuple[str, str] | None:
    value = raw.get("quiet_hours", {"start": "21:00", "end": "07:00"})
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"start", "end"}:
        raise RuleRejected("quiet_hours", N_(
            "quiet_hours must be an object with start and end (Vietnam time, HH:MM), "
            "like start 21:00 and end 07:00, or null for none."))
    start, end = value["start"], value["end"]
    clocks = [parse_clock(v) if isinstance(v, str) else None for v in (start, end)]
    if None in clocks:
        raise RuleRejected("quiet_hours", N_(
            "quiet_hours start and end are times of day written HH:MM, like 21:00."))
    if start == end:
        raise RuleRejected("quiet_hours", N_(
            "quiet_hours from {start} to {end} leave no time to send SMS or Zalo messages; "
            "make them shorter, or null for none."), start=start, end=end)
    return start, end


def parse_rule(raw: Any) -> Rule:
    """The checked :class:`Rule` of a JSON object, or :class:`RuleRejected`."""
    if not isinstance(raw, dict):
        raise RuleRejected("", N_("The distribution rule must be a JSON object."))
    unknown = sorted(str(name) for name in raw if name not in FIELDS)
    if unknown:
        raise RuleRejected(unknown[0][:40], N_(
            "{field} is not a field of a distribution rule; the fields are: {fields}."),
            field=unknown[0][:40], fields=", ".join(FIELDS))
    channels = _codes(raw, "channels", CHANNELS)
    if not channels:
        raise RuleRejected("channels", N_(
            "channels is required: the invitation channels in order of preference, "
            "from {choices}."), choices=", ".join(CHANNELS))
    for name in ("reminder", "active"):
        if name in raw and not isinstance(raw[name], bool):
            raise RuleRejected(name, N_("{field} must be true or false."), field=name)
    rate = _number(raw, "sampling_rate", 1.0, 0, 1, whole=False)
    if rate == 0:
        raise RuleRejected("sampling_rate", N_(
            "sampling_rate 0 invites nobody: give a share above 0 (0.2 is one dossier in "
            "five), or set active to false."))
    return Rule(
        channels=channels,
        services=_codes(raw, "services"),
        units=_codes(raw, "units"),
        dossier_channels=_codes(raw, "dossier_channels", DOSSIER_CHANNELS),
        sampling_rate=float(rate),
        quarterly_sample=_number(raw, "quarterly_sample", None, 1, 1_000_000, whole=True),
        service_samples=_samples(raw),
        delay_minutes=_number(raw, "delay_minutes", 120, 0, MAX_DELAY_MINUTES, whole=True),
        quiet_hours=_quiet(raw),
        link_days=_number(raw, "link_days", 7, 1, 90, whole=True),
        reminder=bool(raw.get("reminder", False)),
        active=bool(raw.get("active", True)),
    )
