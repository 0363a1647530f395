"""Keys of the portal-origin table.

An origin is registered once per agency; the form pages read an agency's
origins on every view.  Plain SQL in its own migration (SQLite cannot add
a constraint to an existing table, and raw steps of a migration run before
its tables are created).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T16:28:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "keys of the portal-origin table"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS portal_origin_agency_origin "
    "ON portal_origin (agency, origin)",
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
