"""Shared test configuration.

Integration tests run on the database named by ``PHIEU_TEST_DATABASE_URL``
(a fresh SQLite file when unset).  With ``PHIEU_TEST_REQUIRE_POSTGRES=1``
(as ``.ci/run`` sets) an unreachable PostgreSQL server fails the run instead
of skipping.
"""

from __future__ import annotations

import os

import pytest


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("PHIEU_TEST_DATABASE_URL") or "a temporary SQLite file"
    return f"phieu integration database: {url}"


@pytest.fixture(autouse=True)
def _browser_and_postgres_markers(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres"):
        url = os.environ.get("PHIEU_TEST_DATABASE_URL", "")
        if not url.startswith("postgres"):
            pytest.skip("PostgreSQL test: set PHIEU_TEST_DATABASE_URL=postgresql://… to run it")
