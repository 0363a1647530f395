"""Keys and indexes of the organisation and dossier tables.

Codes are unique per agency; an event per agency, system and event id (the
idempotency key, an ``ON CONFLICT`` target); a dossier per agency and hash;
a touch per agency, dossier, kind and channel; a ``dossier_month`` row per
group, ``NULL`` unit, officer and submitted_by counting as one value
(``COALESCE`` in the index, which SQLite and PostgreSQL both accept as an
upsert target). Responses are found by their dossier hash to link them.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T20:00:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "keys and indexes of the organisation and dossier tables"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS unit_agency_code ON unit (agency, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS counter_agency_code ON counter (agency, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS officer_agency_code ON officer (agency, code)",
    "CREATE UNIQUE INDEX IF NOT EXISTS dossier_event_key "
    "ON dossier_event (agency, system, event_id)",
    "CREATE INDEX IF NOT EXISTS dossier_event_dossier "
    "ON dossier_event (agency, dossier_hash, at)",
    "CREATE UNIQUE INDEX IF NOT EXISTS dossier_key ON dossier (agency, dossier_hash)",
    "CREATE INDEX IF NOT EXISTS dossier_agency_month ON dossier (agency, month)",
    "CREATE UNIQUE INDEX IF NOT EXISTS dossier_touch_key "
    "ON dossier_touch (agency, dossier_hash, kind, channel)",
    "CREATE UNIQUE INDEX IF NOT EXISTS dossier_month_key ON dossier_month "
    "(agency, service, COALESCE(unit, 0), COALESCE(officer, 0), channel, "
    "COALESCE(submitted_by, ''), month)",
    "CREATE INDEX IF NOT EXISTS dossier_month_month ON dossier_month (month, agency)",
    "CREATE INDEX IF NOT EXISTS response_agency_dossier ON response (agency, dossier_hash)",
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
