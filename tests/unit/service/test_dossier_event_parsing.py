"""One dossier event checked field by field: the first bad field is the one told."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forms_service.dossiers.events import EventRejected, parse_event
from forms_service.dossiers.files import read_records

GOOD = {"system": "motcua", "event_id": "e1", "dossier": "HS-1", "service": "1.000001",
        "status": "received", "at": "2025-03-04T08:30:00+07:00", "channel": "online",
        "unit": "DV01", "counter": "Q01", "officer": "CB001", "submitted_by": "self"}


def _field(raw: dict[str, object]) -> str:
    with pytest.raises(EventRejected) as caught:
        parse_event(raw)
    return caught.value.field


def test_the_first_bad_field_in_the_order_of_the_fields_is_told() -> None:
    bad = {"system": "no spaces", "event_id": "", "service": "?", "status": "lost",
           "at": "yesterday", "channel": "fax", "received_at": "x", "unit": "?",
           "submitted_by": "robot"}
    order = ["system", "event_id", "service", "status", "at", "channel", "received_at",
             "unit", "submitted_by"]
    raw = GOOD | bad
    for name in order:
        assert _field(raw) == name
        raw[name] = GOOD.get(name)  # mend it: the next one is told
    assert parse_event(raw).unit == "DV01"
    assert _field(GOOD | {"dossier": " ", "system": "?"}) == "dossier"
    assert _field(GOOD | {"colour": "red", "dossier": ""}) == "colour"
    assert _field(GOOD | {"channel": "in_person"}) == "submitted_by"


def test_a_return_without_its_time_is_returned_when_it_happened() -> None:
    event = parse_event(GOOD | {"status": "returned", "event_id": "e3"})
    assert event.returned_at == event.at == dt.datetime(2025, 3, 4, 1, 30, tzinfo=dt.UTC)
    later = parse_event(GOOD | {"status": "returned", "returned_at": "2025-03-05T08:00:00Z"})
    assert later.returned_at == dt.datetime(2025, 3, 5, 8, 0, tzinfo=dt.UTC)
    assert parse_event(GOOD).returned_at is None
    assert parse_event(GOOD | {"system": ""}, system_default="import").system == "import"


def test_a_file_reads_alike_whichever_decoder_reads_a_line(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}\r\n\n{"a": NaN}\nnot json\n[1]\n'
                     b'{"x": "Tr\xe1\xbb\xb1c", "n": 123456789012345678901234567890}\n')
    records = list(read_records(path))
    assert [line for line, _ in records] == [1, 3, 4, 5, 6]
    assert records[0][1] == {"a": 1} and records[2][1] == "not json"
    assert records[1][1]["a"] != records[1][1]["a"]  # NaN, as json reads it
    assert records[3][1] == [1]
    assert records[4][1] == {"x": "Trực", "n": 123456789012345678901234567890}
