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


# -- the service's log of the whole run holds no personal data (tests/service_log.py)
_SERVICE_LOG: list[object] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    import tempfile
    from pathlib import Path

    from tests.service_log import install

    _SERVICE_LOG.append(install(Path(tempfile.mkdtemp(prefix="phieu-log-"))))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from pathlib import Path

    from tests.service_log import personal_data

    if not _SERVICE_LOG:
        return
    path = Path(str(_SERVICE_LOG[0]))
    found = personal_data(path.read_text(encoding="utf-8").splitlines()) if path.exists() else []
    if found:
        print(f"\nthe service log of this run holds personal data ({len(found)} line(s)), "
              f"e.g.:\n" + "\n".join(found[:5]))
        session.exitstatus = 1
