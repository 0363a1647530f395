"""Unique keys and composite indexes.

Piccolo columns declare single-column indexes only, and SQLite cannot add a
constraint to an existing table, so composite keys are unique indexes in
plain SQL that both SQLite and PostgreSQL accept (``ON CONFLICT`` can target
them on both).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T15:56:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique keys and composite indexes"

INDEXES = (
    # one answer per form and dossier (NULL dossier hashes, open forms, stay distinct)
    "CREATE UNIQUE INDEX IF NOT EXISTS response_form_dossier ON response (form, dossier_hash)",
    "CREATE UNIQUE INDEX IF NOT EXISTS service_agency_code ON service (agency, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS dossier_stat_service_period ON dossier_stat (service, period)",
    "CREATE UNIQUE INDEX IF NOT EXISTS form_version_number ON form_version (form, number)",
    "CREATE INDEX IF NOT EXISTS response_agency_month ON response (agency, month)",
    "CREATE INDEX IF NOT EXISTS response_form_id ON response (form, id)",
    "CREATE INDEX IF NOT EXISTS response_version ON response (form_version)",
    "CREATE INDEX IF NOT EXISTS response_service_month ON response (service, month)",
    "CREATE INDEX IF NOT EXISTS response_channel_response ON response_channel (response)",
    "CREATE INDEX IF NOT EXISTS response_channel_form ON response_channel (form, channel)",
        "CREATE INDEX IF NOT EXISTS form_agency ON form (agency)",
    "CREATE INDEX IF NOT EXISTS api_key_agency ON api_key (agency)",
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
