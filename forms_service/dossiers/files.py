"""Records of an events file: JSON Lines (one object per line) or CSV (a header line)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

__all__ = ["count_records", "read_records"]


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in {".csv", ".tsv"}


def read_records(path: Path) -> Iterator[tuple[int, Any]]:
    """``(line, record)`` for each record; a line that is not JSON gives its text."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if _is_csv(path):
            sample = handle.read(4096)
            handle.seek(0)
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(handle, dialect=dialect)
            for record in reader:
                yield reader.line_num, {k.strip(): v.strip() for k, v in record.items()
                                        if k and isinstance(v, str) and v.strip()}
            return
        # msgspec reads a line in a third of json's time; what it refuses (NaN,
        # say) gets json's reading, so both read the same records
        decode = msgspec.json.Decoder().decode
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, decode(line)
            except msgspec.DecodeError:
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError:
                    yield number, line.strip()[:80]


def count_records(path: Path) -> int:
    """How many records the file holds (for the progress bar)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if _is_csv(path):
            return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        return sum(1 for line in handle if line.strip())
