"""The service's log over a whole test run, checked for personal data.

Every record of the ``phieu`` loggers during the run is written as the
service writes it (:class:`forms_service.logs.JsonFormatter`) to
``phieu-test-log.jsonl`` in pytest's temporary base directory; when the
run ends, :func:`personal_data` looks through it for e-mail addresses,
phone numbers, citizen ID numbers and client addresses, and the run fails
if it finds any (the tests submit all of these).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from forms_service.exports.masking import Masker
from forms_service.logs import JsonFormatter

_MASKER = Masker()
_ADDRESS = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
                      r"|\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b")
# addresses of the service itself, not of clients
_OWN = ("127.0.0.1", "0.0.0.0")


def _text(line: str) -> str:
    """A log line without the fields the service makes up itself (time, request id)."""
    try:
        entry = json.loads(line)
    except ValueError:
        return line
    if not isinstance(entry, dict):
        return line
    entry.pop("time", None)
    entry.pop("request_id", None)
    return json.dumps(entry, ensure_ascii=False)


def personal_data(lines: list[str]) -> list[str]:
    """The lines of a JSON-lines log that hold personal data."""
    found = []
    for line in lines:
        text = _text(line)
        addresses = [a for a in _ADDRESS.findall(text) if a not in _OWN]
        if _MASKER.mask(text) != text or addresses:
            found.append(line)
    return found


def install(directory: Path) -> Path:
    path = directory / "phieu-test-log.jsonl"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("phieu")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
