"""One invitation per form and dossier (the ``ON CONFLICT`` target of selection),
and invitations found by their dossier (already answered, across channels)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T20:40:20:000000"
VERSION = "1.38.0"
DESCRIPTION = "keys of invitations"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS invitation_form_dossier "
    "ON invitation (form, dossier_hash)",
    "CREATE INDEX IF NOT EXISTS invitation_agency_dossier ON invitation (agency, dossier_hash)",
    "CREATE INDEX IF NOT EXISTS invitation_contact_created "
    "ON invitation (contact_hash, created_at)",
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
