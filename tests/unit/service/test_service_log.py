"""The check of the run's log finds what it must and nothing else."""

from __future__ import annotations

import json

from tests.service_log import personal_data


def _line(message: str) -> str:
    return json.dumps({"level": "info", "logger": "phieu", "message": message},
                      ensure_ascii=False)


def test_personal_data_is_found() -> None:
    for message in ("link for chi@haiduong.gov.vn", "gọi 0912.345.678", "CCCD 001099001234",
                    "from 203.0.113.7", "from 2001:db8:0:0:0:0:0:1", "gọi ０９１２３４５６７８"):
        assert personal_data([_line(message)]) == [_line(message)], message


def test_ordinary_lines_pass() -> None:
    for message in ("one-time sign-in link for person 12", "unhandled error on GET /f/x",
                    "listening on 127.0.0.1:8000", "version 2026.12.06"):
        assert personal_data([_line(message)]) == [], message


def test_the_service_made_fields_are_not_taken_for_personal_data() -> None:
    line = json.dumps({"time": "2026-12-06T20:18:15.123+00:00", "request_id": "0912345678abcdef",
                       "message": "sign-in link asked for an address with no active account"})
    assert personal_data([line]) == []
