"""Pure parts of invitations and delivery: backoff, contacts, quiet hours, SMS texts,
rule checks, sealing."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from forms_service.distribution.contacts import contact_hash, parse_contact
from forms_service.distribution.rules import RuleRejected, parse_rule
from forms_service.distribution.schedule import in_quiet_hours, send_time
from forms_service.distribution.texts import (
    SMS_DEFAULTS,
    SMS_LIMIT,
    is_gsm7,
    sms_text,
    without_diacritics,
)
from forms_service.i18n import VIETNAM
from forms_service.outbox.backoff import retry_delay
from forms_service.outbox.sealing import Sealer, SealingError

QUIET = (dt.time(21, 0), dt.time(7, 0))


def test_backoff_doubles_with_jitter_and_a_cap() -> None:
    rng = random.Random(1)
    for attempt in range(1, 12):
        ceiling = min(3600.0, 30.0 * 2 ** (attempt - 1))
        delays = [retry_delay(attempt, base=30, cap=3600, rng=rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 4  # jitter spreads them
    with pytest.raises(ValueError):
        retry_delay(0, base=1, cap=1)


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("0912 345 678", "mobile", "84912345678"),
    ("+84 912-345-678", "mobile", "84912345678"),
    ("84912345678", "mobile", "84912345678"),
    ("(024) 3825 3536", "landline", "842438253536"),
    ("Chi.Nguyen@HaiDuong.gov.vn", "email", "chi.nguyen@haiduong.gov.vn"),
])
def test_contacts_are_normalised(text: str, kind: str, value: str) -> None:
    contact = parse_contact(text)
    assert contact is not None and (contact.kind, contact.value) == (kind, value)


@pytest.mark.parametrize("text", ["12345", "0112345678", "chi@", "+1 212 555 0100", ""])
def test_not_contacts(text: str) -> None:
    assert parse_contact(text) is None


def test_contact_hash_is_keyed_and_format_blind() -> None:
    one, two = parse_contact("0912 345 678"), parse_contact("+84912345678")
    assert one is not None and two is not None
    assert contact_hash("k" * 20, one) == contact_hash("k" * 20, two)
    assert contact_hash("k" * 20, one) != contact_hash("j" * 20, one)
    assert "912345678" not in contact_hash("k" * 20, one)


def test_quiet_hours_across_midnight() -> None:
    at = dt.datetime(2025, 3, 6, 22, 30, tzinfo=VIETNAM)
    assert in_quiet_hours(at, *QUIET)
    assert not in_quiet_hours(at.replace(hour=12), *QUIET)
    moved = send_time(at, delay=dt.timedelta(0), channel="sms", quiet=QUIET)
    assert moved.astimezone(VIETNAM) == dt.datetime(2025, 3, 7, 7, 0, tzinfo=VIETNAM)
    early = send_time(at.replace(hour=3), delay=dt.timedelta(0), channel="zalo", quiet=QUIET)
    assert early.astimezone(VIETNAM) == dt.datetime(2025, 3, 6, 7, 0, tzinfo=VIETNAM)
    assert send_time(at, delay=dt.timedelta(0), channel="email", quiet=QUIET) == at


def test_sms_fits_one_gsm7_segment() -> None:
    link = "https://phieu.haiduong.gov.vn/s/AbCdEfGhIjKlMnOpQrSt"
    text = sms_text(SMS_DEFAULTS["vi"], "UBND tỉnh Hải Dương", "Cấp bản sao trích lục hộ tịch " * 5,
                    link)
    assert len(text) <= SMS_LIMIT and is_gsm7(text) and text.endswith(link)
    assert text.startswith("UBND tinh Hai Duong moi Ong/Ba danh gia")
    assert without_diacritics("Đăng ký kết hôn") == "Dang ky ket hon"


def test_rule_defaults_and_refusals() -> None:
    rule = parse_rule({"channels": ["sms"]})
    assert rule.quiet_hours == ("21:00", "07:00") and rule.link_days == 7
    assert rule.sampling_rate == 1.0 and not rule.reminder
    for bad, field in (({"channels": ["sms", "fax"]}, "channels"),
                       ({"channels": ["sms"], "quiet_hours": {"start": "07:00",
                                                              "end": "07:00"}}, "quiet_hours"),
                       ({"channels": ["sms"], "delay_minutes": -1}, "delay_minutes"),
                       ([], "")):
        with pytest.raises(RuleRejected) as caught:
            parse_rule(bad)
        assert caught.value.field == field


def test_sealing_binds_a_value_to_its_row() -> None:
    sealer = Sealer("s" * 32)
    sealed = sealer.seal({"to": "84912345678"}, "key-1")
    assert "84912345678" not in sealed
    assert sealer.open(sealed, "key-1") == {"to": "84912345678"}
    with pytest.raises(SealingError):
        sealer.open(sealed, "key-2")
    with pytest.raises(SealingError):
        Sealer("s" * 32, contact_key="another key").open(sealed, "key-1")
