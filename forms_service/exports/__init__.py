"""Exports: a form's raw responses, and the analytics reports, as files.

``formats`` is the one map of file formats (media type, writers, which
export offers each), ``columns`` plans the columns of a form over all its
versions, ``writers`` and ``xlsx`` turn rows plus column specs into CSV,
JSON Lines, JSON or XLSX, ``masking`` hides personal identifiers in free
text, ``source`` reads the responses batch by batch, ``service`` ties them
together with the access rules and the audit log; ``reports`` lays the
analytics reports of the registry out as tables and files.  Names are
imported on first use, so that the command line (which registers ``phieu
export``) starts fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "FORMATS",
    "Column",
    "CsvEncoder",
    "ExportFormat",
    "JsonEncoder",
    "JsonLinesEncoder",
    "Masker",
    "Placeholders",
    "ResponsePlan",
    "VersionInfo",
    "XlsxBook",
    "batched",
    "encode_stream",
    "export_report",
    "export_responses",
    "neutralize",
    "rows_from_dicts",
    "xlsx_stream",
]

_HOMES = {
    "Column": "writers", "CsvEncoder": "writers", "JsonEncoder": "writers",
    "JsonLinesEncoder": "writers", "encode_stream": "writers", "neutralize": "writers",
    "rows_from_dicts": "writers", "batched": "writers",
    "Masker": "masking", "Placeholders": "masking",
    "FORMATS": "formats", "ExportFormat": "formats",
    "ResponsePlan": "columns", "VersionInfo": "columns", "XlsxBook": "xlsx",
    "xlsx_stream": "xlsx", "export_responses": "service", "export_report": "reports",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
