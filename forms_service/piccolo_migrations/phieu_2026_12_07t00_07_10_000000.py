"""Keys and indexes of the collection tables: one reply per collection and
agency (an ``ON CONFLICT`` target), an agency's requests, a reply's steps.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T00:07:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "keys and indexes of the collection tables"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS collection_request_key "
    "ON collection_request (collection, agency)",
    "CREATE INDEX IF NOT EXISTS collection_request_agency ON collection_request (agency)",
    "CREATE INDEX IF NOT EXISTS collection_event_request ON collection_event (request, id)",
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
