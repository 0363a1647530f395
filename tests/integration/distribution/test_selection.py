"""Selection when a returned event arrives: written with the event, into the outbox;
sampling, delay, quiet hours, recontact window, stop list, contacts never in clear."""

from __future__ import annotations

import datetime as dt
from typing import Any

from scipy.stats import binom

from forms_service.distribution.contacts import contact_hash, parse_contact
from forms_service.i18n import VIETNAM
from tests.integration.conftest import SECRET, Api
from tests.integration.distribution.setup import integration_key, note, put_rule, returned, send


async def _all_text(api: Api) -> str:
    parts = []
    for table in ("invitation", "outbox_message", "dossier", "dossier_event", "contact_stop"):
        parts.append(repr(await api.ctx.db.raw(f"SELECT * FROM {table}")))
    return "\n".join(parts)


async def test_email_invitation_written_with_the_event(api: Api,
                                                       province: dict[str, str]) -> None:
    assert (await put_rule(api, province["designer"])).status_code == 200
    key = await integration_key(api)
    at = dt.datetime.now(VIETNAM) - dt.timedelta(minutes=30)
    [result] = await send(api, key, [returned("Cong.Dan@Example.vn", at=at)])
    assert result["result"] == "stored" and note(result) == "invited", result
    assert "email" in result["notes"][0]["message"]
    [invitation] = await api.ctx.db.raw("SELECT * FROM invitation")
    assert invitation["channel"] == "email" and len(invitation["code"]) == 20
    # kept sealed until the link is answered or expires (a case may reply by it)
    assert invitation["sealed_contact"].startswith("v1.")
    [message] = await api.ctx.db.raw("SELECT * FROM outbox_message")
    assert message["idempotency_key"] == f"inv-{invitation['code']}"
    due = dt.datetime.fromtimestamp(message["due_ms"] / 1000, dt.UTC)
    assert abs((due - (at + dt.timedelta(minutes=120))).total_seconds()) < 2
    text = (await _all_text(api)).lower()
    assert "cong.dan@example.vn" not in text


async def test_sms_in_quiet_hours_waits_for_the_morning(api: Api,
                                                        province: dict[str, str]) -> None:
    await put_rule(api, province["designer"], channels=["sms"])
    key = await integration_key(api)
    today = dt.datetime.now(VIETNAM).replace(hour=20, minute=30, second=0, microsecond=0)
    [result] = await send(api, key, [returned("0912 345 678", at=today)])
    assert note(result) == "invited", result
    [message] = await api.ctx.db.raw("SELECT * FROM outbox_message")
    due = dt.datetime.fromtimestamp(message["due_ms"] / 1000, VIETNAM)
    assert (due.hour, due.minute) == (7, 0) and due.date() == today.date() + dt.timedelta(1)
    assert message["channel"] == "sms"


async def test_contacts_that_cannot_be_invited(api: Api, province: dict[str, str]) -> None:
    await put_rule(api, province["designer"], channels=["sms", "zalo"])
    key = await integration_key(api)
    results = await send(api, key, [returned("024 3825 3536"), returned("chi@example.vn"),
                                    returned("12345"), returned(None)])
    assert note(results[0]) == "contact_landline"
    assert "landline" in results[0]["notes"][0]["message"]
    assert note(results[1]) == "contact_unreachable"
    assert results[2]["result"] == "stored" and note(results[2]) == "contact_invalid"
    assert results[3]["result"] == "stored" and "notes" not in results[3]
    assert await api.ctx.db.raw("SELECT * FROM invitation") == []
    assert await api.ctx.db.raw("SELECT * FROM outbox_message") == []


async def test_recontact_window_and_stop_list(api: Api, province: dict[str, str]) -> None:
    await put_rule(api, province["designer"], channels=["sms"])
    key = await integration_key(api)
    first, second = await send(api, key, [returned("+84 912 345 678"),
                                          returned("0912.345.678")])
    assert note(first) == "invited" and note(second) == "recently_invited"
    contact = parse_contact("0987654321")
    assert contact is not None
    await api.ctx.db.raw("INSERT INTO contact_stop (contact_hash, at) VALUES ({}, {})",
                         contact_hash(SECRET, contact), dt.datetime.now(dt.UTC))
    [stopped] = await send(api, key, [returned("84987654321")])
    assert note(stopped) == "opted_out"
    assert len(await api.ctx.db.raw("SELECT * FROM outbox_message")) == 1


async def test_a_replay_invites_nobody_twice(api: Api, province: dict[str, str]) -> None:
    await put_rule(api, province["designer"])
    key = await integration_key(api)
    event = returned("a@example.vn")
    await send(api, key, [event])
    [again] = await send(api, key, [event])
    assert again["result"] == "duplicate" and "notes" not in again
    # the same dossier returned again by another event: one invitation per form and dossier
    [other] = await send(api, key, [{**returned("b@example.vn"), "dossier": event["dossier"]}])
    assert note(other) == "already_invited"
    assert len(await api.ctx.db.raw("SELECT * FROM outbox_message")) == 1


async def test_sampling_rate_within_a_binomial_interval(api: Api,
                                                        province: dict[str, str]) -> None:
    await put_rule(api, province["designer"], sampling_rate=0.2)
    key = await integration_key(api)
    events = [returned(f"nguoi{n}@example.vn") for n in range(1000)]
    results = await send(api, key, events)
    invited = sum(1 for r in results if note(r) == "invited")
    low, high = binom.interval(0.999, 1000, 0.2)
    assert low <= invited <= high, invited
    assert sum(1 for r in results if note(r) == "not_sampled") == 1000 - invited


async def test_rule_coverage_quota_and_age(api: Api, province: dict[str, str]) -> None:
    await put_rule(api, province["designer"], quarterly_sample=2,
                   dossier_channels=["in_person"])
    key = await integration_key(api)
    old = dt.datetime.now(VIETNAM) - dt.timedelta(days=30)
    results = await send(api, key, [
        returned(f"q{n}@example.vn") for n in range(3)] + [
        returned("online@example.vn", channel="online"),
        returned("old@example.vn", at=old)])
    assert [note(r) for r in results] == ["invited", "invited", "sample_full", None, "too_old"]


async def test_inactive_or_unpublished_rules_invite_nobody(api: Api,
                                                           province: dict[str, str]) -> None:
    await put_rule(api, province["designer"], active=False)
    key = await integration_key(api)
    [result] = await send(api, key, [returned("x@example.vn")])
    assert "notes" not in result
    await put_rule(api, province["designer"])
    r = await api.call("POST", "/api/v1/forms/hai-long/archive", province["designer"])
    assert r.status_code == 200
    [result] = await send(api, key, [returned("y@example.vn")])
    assert "notes" not in result


async def test_delivered_sms_fits_one_segment(api: Api, province: dict[str, str]) -> Any:
    from forms_service.distribution.texts import is_gsm7
    from forms_service.outbox.queue import claim

    await put_rule(api, province["designer"], channels=["sms"], quiet_hours=None,
                   delay_minutes=0)
    key = await integration_key(api)
    await send(api, key, [returned("0912345678")])
    [message] = await claim(api.ctx.db, ["sms"], 10, 30)
    text = message.payload["text"]
    [invitation] = await api.ctx.db.raw("SELECT code FROM invitation")
    assert len(text) <= 160 and is_gsm7(text), text
    assert text.endswith(f"/s/{invitation['code']}") and "danh gia" in text
    assert message.payload["to"] == "84912345678"


async def test_one_reminder_and_the_contact_erased_when_answered_or_expired(api: Api,
                                                       province: dict[str, str]) -> None:
    from forms_service.distribution.reminders import send_reminders

    await put_rule(api, province["designer"], channels=["email"], reminder=True,
                   delay_minutes=0, link_days=6)
    key = await integration_key(api)
    await send(api, key, [returned("nhac@example.vn"), returned("da.tra.loi@example.vn")])
    rows = await api.ctx.db.raw("SELECT id, sealed_contact, reminder_at, send_at, expires_at "
                                "FROM invitation ORDER BY id")
    assert all(row["sealed_contact"] for row in rows)
    assert "nhac@example.vn" not in repr(rows)
    await api.ctx.db.raw("UPDATE invitation SET answered_at = {} WHERE id = {}",
                         dt.datetime.now(dt.UTC), rows[1]["id"])
    assert await send_reminders(api.ctx) == 0  # not due yet (about three days later)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=4)
    assert await send_reminders(api.ctx, later) == 1
    assert await send_reminders(api.ctx, later) == 0  # once
    kinds = await api.ctx.db.raw("SELECT kind, idempotency_key FROM outbox_message "
                                 "ORDER BY id")
    assert [k["kind"] for k in kinds] == ["invitation", "invitation", "reminder"]
    # the reminded invitation keeps its contact until its link expires (an answer could
    # still open a case that replies); the answered one's was erased
    kept = await api.ctx.db.raw("SELECT id FROM invitation WHERE sealed_contact IS NOT NULL")
    assert kept == [{"id": rows[0]["id"]}]
    assert await send_reminders(api.ctx, later + dt.timedelta(days=3)) == 0
    assert await api.ctx.db.raw(
        "SELECT id FROM invitation WHERE sealed_contact IS NOT NULL") == []
