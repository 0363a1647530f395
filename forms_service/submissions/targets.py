"""What a submission is stored against: its form, the form's latest published
version and the service it names, read in one round trip and kept per
process for the next submission to the same form and service.

A kept target is only used for *guarded* inserts, which check in the
statement that stores that what was read still holds (still published, same
version, agency, access and service; see
:class:`forms_service.responses.storage.Guard`); when it does not, the
submission is decided again from a fresh read, with the errors it gives.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from form_schemas import CompiledForm
from forms_service.context import Context
from forms_service.db import Database, json_value
from forms_service.db.lanes import read_rows
from forms_service.errors import FormClosed, NotFound, PhieuError
from forms_service.forms.schedule import check_schedule, has_schedule
from forms_service.responses.storage import Guard

__all__ = [
    "ServiceRow",
    "Target",
    "compiled_version",
    "kept_target",
    "known_service",
    "latest_version",
    "pinned_version",
    "submission_context",
]

# Everything a submission needs to read, in one round trip: the form, its
# agency's code, the latest published version and the named service.
_SUBMISSION_CONTEXT = """
SELECT f.id, f.slug, f.agency, f.status, f.access, a.code AS agency_code,
       f.opens_at, f.closes_at, f.max_responses,
       v.id AS version_id, v.number AS version_number,
       s.id AS service_id, s.audience AS service_audience
FROM form f
JOIN agency a ON a.id = f.agency
LEFT JOIN form_version v ON v.form = f.id AND v.number = f.latest_version
LEFT JOIN service s ON s.agency = f.agency AND s.code = {}
WHERE f.slug = {}
"""


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """The service a response belongs to, as read with its form."""

    id: int
    audience: str | None


@dataclass(frozen=True, slots=True)
class Target:
    """A published form as last read with a service: what a guarded store needs of it."""

    form: dict[str, Any]
    version: dict[str, Any]
    service: ServiceRow | None
    guard: Guard


def _target(form: dict[str, Any], slug: str, code: str) -> Target | None:
    """The target of a context row, or None if a store would be refused on it (or
    the form has a schedule or a cap, which every submission reads afresh)."""
    if has_schedule(form):
        return None
    try:
        version = latest_version(form, slug)
        service = known_service(form, code)
    except PhieuError:  # closed, or no such service: nothing to keep
        return None
    guard = Guard(
        form=form["id"], agency=form["agency"], agency_code=form["agency_code"],
        version_number=version["number"], access=form["access"],
        service=(service.id, code, service.audience or "") if service else None,
    )
    return Target(form, version, service, guard)


# The last submission context read per (form, service), per database: used
# only for guarded inserts, which check it again in the statement that stores.
_targets: weakref.WeakKeyDictionary[Database, dict[tuple[str, str], Target]] = (
    weakref.WeakKeyDictionary()
)
_MAX_CONTEXTS = 10_000


def kept_target(ctx: Context, slug: str, service: str | None) -> Target | None:
    """The target last read for this form and service in this process, if any."""
    seen = _targets.get(ctx.db)
    return seen.get((slug, service or "")) if seen else None


async def submission_context(ctx: Context, slug: str, service: str | None) -> dict[str, Any] | None:
    """The form ``slug`` with its latest version and service ``service`` (one query);
    the target it gives is kept for the next submission."""
    rows = await read_rows(ctx.db, _SUBMISSION_CONTEXT, service or "", slug)
    seen = _targets.get(ctx.db)
    if seen is None:
        seen = _targets[ctx.db] = {}
    if len(seen) >= _MAX_CONTEXTS:
        seen.clear()
    target = _target(rows[0], slug, service or "") if rows else None
    if target is not None:
        seen[(slug, service or "")] = target
    else:
        seen.pop((slug, service or ""), None)
    return rows[0] if rows else None


def known_service(form: dict[str, Any], code: str | None) -> ServiceRow | None:
    """The service read by :func:`submission_context`; NotFound when the agency lacks it."""
    if not code:
        return None
    if form["service_id"] is None:
        raise NotFound(
            "Agency {agency} has no service with code {code}.",
            agency=form["agency_code"], code=code[:64],
        )
    return ServiceRow(id=form["service_id"], audience=form["service_audience"])


def latest_version(form: dict[str, Any], slug: str) -> dict[str, Any]:
    """The published version of a form row read by :func:`submission_context`,
    if the form is open now (its schedule's times; its cap is checked where
    the answer is stored)."""
    if form["status"] != "published" or form["version_id"] is None:
        raise FormClosed(slug)
    check_schedule(slug, form)
    return {"id": form["version_id"], "number": form["version_number"]}


async def pinned_version(ctx: Context, form: dict[str, Any], slug: str,
                         number: int) -> dict[str, Any]:
    """Version ``number`` of a published form (answers given to a version that a
    newer one has replaced since stay pinned to the version they answered)."""
    latest = latest_version(form, slug)
    if number == latest["number"]:
        return latest
    rows = await read_rows(ctx.db, "SELECT id, number FROM form_version "
                                   "WHERE form = {} AND number = {}", form["id"], number)
    if not rows:
        raise NotFound("Form {slug} has no version {number}.", slug=slug, number=number)
    return {"id": rows[0]["id"], "number": rows[0]["number"]}


async def compiled_version(ctx: Context, version: dict[str, Any]) -> CompiledForm:
    """The compiled validator of a published version, its definition read only once."""
    compiled = ctx.forms.cached(version["id"])
    if compiled is not None:
        return compiled
    definition = version.get("definition")
    if definition is None:
        rows = await read_rows(ctx.db, "SELECT definition FROM form_version WHERE id = {}",
                               version["id"])
        definition = rows[0]["definition"]
    return ctx.forms.get(version["id"], json_value(definition))
