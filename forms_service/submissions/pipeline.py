"""One pipeline for every submission: check the authority, validate against the
published version, derive, store through the guarded, grouped writer, with
what the listeners add (:mod:`forms_service.submissions.listeners`: a case
for a dissatisfied answer) in the same transaction.

Every channel (the JSON API with a portal key or a context token, the HTML
form page with a token or an open form's nonce, and later invitation links
and kiosks) builds one :class:`~forms_service.submissions.model.Submission`
and hands it to :func:`submit`.  One answer per form and dossier holds
across all of them: the dossier's keyed hash is unique per form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from form_schemas.facts import answer_facts
from forms_service.channels import CHANNELS
from forms_service.context import Context
from forms_service.credentials.keyed import dossier_hash
from forms_service.db import is_unavailable_error
from forms_service.db.lanes import read_rows
from forms_service.dossiers.link import link_answer
from forms_service.errors import (
    AlreadyAnswered,
    AnswersRejected,
    FormFull,
    InvalidInput,
    PhieuError,
)
from forms_service.i18n import LOCALES, local_month
from forms_service.organisation.lookup import staff_ids
from forms_service.responses.storage import Guard, write_response
from forms_service.submissions.listeners import Answered, follow_ups
from forms_service.submissions.model import Stored, Submission
from forms_service.submissions.stored import StoredAnswer, notify_stored
from forms_service.submissions.targets import (
    ServiceRow,
    compiled_version,
    kept_target,
    known_service,
    latest_version,
    pinned_version,
    submission_context,
)

__all__ = ["submit"]

MAX_REFERENCE = 200

_encode_json = msgspec.json.Encoder()


async def submit(ctx: Context, submission: Submission) -> Stored:
    """Store ``submission``: its id, or an error (the authority's refusal, a closed
    form, invalid answers, :class:`AlreadyAnswered` for a dossier that answered).
    Each outcome is counted in ``ctx.submission_outcomes`` (``stored`` or the
    error's code; ``unavailable`` when the database is out of reach).
    """
    try:
        stored = await _submit(ctx, submission)
    except PhieuError as exc:
        ctx.submission_outcomes[exc.code] += 1
        raise
    except Exception as exc:
        ctx.submission_outcomes["unavailable" if is_unavailable_error(exc) else "error"] += 1
        raise
    ctx.submission_outcomes["stored"] += 1
    return stored


async def _submit(ctx: Context, submission: Submission) -> Stored:
    """:func:`submit` without the counting.

    The target last read for this form and service is tried first, with a
    guarded insert that stores only if that target still holds; if it does
    not (or anything fails on the way) the target is read afresh and every
    check and error comes from the fresh read, as if nothing had been kept.
    """
    submission.authority.admit()
    _check_fields(submission)
    target = kept_target(ctx, submission.form, submission.service)
    if target is not None and submission.version in (None, target.version["number"]):
        try:
            submission.authority.check(target.form, submission.form)
            stored = await _store(ctx, target.form, target.version, submission,
                                  target.service, guard=target.guard)
        except PhieuError:
            stored = None  # decided below on a fresh read
        if stored is not None:
            return stored
    form = await submission_context(ctx, submission.form, submission.service)
    submission.authority.check(form, submission.form)
    assert form is not None  # every authority refuses a missing form
    version = (latest_version(form, submission.form) if submission.version is None
               else await pinned_version(ctx, form, submission.form, submission.version))
    stored = await _store(ctx, form, version, submission,
                          known_service(form, submission.service), guard=None)
    assert stored is not None  # unguarded: stored, or an error raised
    return stored


async def _answer_count(ctx: Context, form_id: int) -> int:
    rows = await read_rows(ctx.db, "SELECT COUNT(*) AS n FROM response WHERE form = {}",
                           form_id)
    return int(rows[0]["n"])


def _check_fields(submission: Submission) -> None:
    if submission.channel not in CHANNELS:
        raise InvalidInput("channel must be one of: {channels}.",
                           channels=", ".join(CHANNELS))
    if submission.locale not in LOCALES:
        raise InvalidInput("locale must be vi or en.")


def _dossier_digest(ctx: Context, form: dict[str, Any], submission: Submission) -> str | None:
    if submission.dossier_hash is not None:
        return submission.dossier_hash
    reference = (submission.dossier or "").strip()
    if form["access"] == "token" and submission.authority.needs_procedure and not reference:
        raise InvalidInput("dossier is required: give the dossier reference of the procedure.")
    if len(reference) > MAX_REFERENCE:
        raise InvalidInput("dossier is too long: at most 200 characters.")
    if not reference:
        return None
    return dossier_hash(ctx.settings.secret_key, form["agency_code"], reference)


async def _store(
    ctx: Context, form: dict[str, Any], version: dict[str, Any], submission: Submission,
    service: ServiceRow | None, *, guard: Guard | None,
) -> Stored | None:
    """Validate, derive, insert once.  With a ``guard`` (``form`` may be out of
    date) store only if what it says still holds, and return None otherwise
    (and for a dossier that already answered)."""
    if service is None and form["access"] == "token" and submission.authority.needs_procedure:
        raise InvalidInput("service is required: give the procedure code the dossier belongs to.")
    digest = _dossier_digest(ctx, form, submission)
    compiled = ctx.forms.cached(version["id"]) or await compiled_version(ctx, version)
    result = compiled.validate(submission.answers, locale=submission.locale)
    if not result.ok:
        raise AnswersRejected(
            [{"path": e.path, "code": e.code, "message": e.message} for e in result.errors]
        )
    derived = compiled.derive(result.answers)
    unit, counter, officer = await staff_ids(
        form["agency"], submission.unit, submission.counter, submission.officer)
    now = dt.datetime.now(dt.UTC)
    row = {
        "form": form["id"],
        "form_version": version["id"],
        "service": service.id if service else None,
        "agency": form["agency"],
        "dossier_hash": digest,
        "channel": submission.channel,
        "locale": submission.locale,
        "audience": service.audience if service else None,
        "submitted_at": now,
        "month": local_month(now),
        "answers": _encode_json.encode(result.answers).decode(),
        "satisfaction_value": derived.satisfaction_value
        if isinstance(derived.satisfaction_value, int) else None,
        "satisfied": derived.satisfied,
        "nps_score": derived.nps_score,
        "self_submitted": derived.self_submitted,
        "unit": unit, "counter": counter, "officer": officer,
    }
    channels = list(dict.fromkeys(derived.channels)) if derived.channels else []
    cap = form.get("max_responses")
    extra = await follow_ups(ctx, Answered(
        agency=form["agency"], form=form["id"], service=row["service"], dossier_hash=digest,
        answers=result.answers, satisfied=derived.satisfied, submitted_at=now,
        reply_to=submission.reply_to))
    response_id = await write_response(ctx.db, row, channels, guard,
                                       answer_facts(compiled, result.answers), extra,
                                       cap=cap)
    if response_id is None:
        if guard is not None:
            return None
        if cap is not None and await _answer_count(ctx, form["id"]) >= cap:
            raise FormFull(submission.form, cap)
        raise AlreadyAnswered()
    linked = digest is not None and await link_answer(ctx.db, form["agency"], digest,
                                                       response_id, derived.satisfied)
    texts = {question.name for question in compiled.questions
             if question.spec is None or question.spec.kind == "text"}
    await notify_stored(ctx.db, StoredAnswer(
        response_id=response_id, agency_id=form["agency"], agency_code=form["agency_code"],
        form=submission.form, version=version["number"],
        service=submission.service if service else None, channel=submission.channel,
        locale=submission.locale, submitted_at=now, satisfied=derived.satisfied,
        satisfaction_value=row["satisfaction_value"], nps_score=derived.nps_score,
        dossier_linked=linked,
        answers={k: v for k, v in result.answers.items() if k not in texts},
        free_text={k: v for k, v in result.answers.items() if k in texts}))
    return Stored(id=response_id, form=submission.form, version=version["number"],
                  submitted_at=now)
