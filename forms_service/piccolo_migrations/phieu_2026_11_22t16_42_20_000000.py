"""Keys and indexes of the report tables.

The aggregate key is the upsert target of ``forms_service.reports.aggregates``
(``ON CONFLICT`` needs a unique index over exactly those columns, on SQLite
and PostgreSQL alike); reports filter the aggregates by span and period,
and look up the form versions they count. A quality score is unique per
agency and period. Plain SQL in its own migration because the tables are
created by the previous one and raw steps run before table creation within
a migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T16:42:20:000000"
VERSION = "1.38.0"
DESCRIPTION = "keys and indexes of the report tables"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS response_aggregate_key "
    "ON response_aggregate (agency, form_version, service, audience, span, period)",
    # covers the satisfaction reports: they read the counts from the index alone
    "CREATE INDEX IF NOT EXISTS response_aggregate_span ON response_aggregate "
    "(span, period, agency, form, service, audience, satisfaction_answered, satisfied)",
    "CREATE INDEX IF NOT EXISTS response_aggregate_version "
    "ON response_aggregate (form_version, span, period)",
    "CREATE UNIQUE INDEX IF NOT EXISTS quality_score_agency_period "
    "ON quality_score (agency, period)",
    "CREATE INDEX IF NOT EXISTS quality_score_period ON quality_score (period)",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)

    async def create_indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in INDEXES:
            await engine.run_ddl(statement)

    async def drop_indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in INDEXES:
            name = statement.split("EXISTS ")[1].split()[0]
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
