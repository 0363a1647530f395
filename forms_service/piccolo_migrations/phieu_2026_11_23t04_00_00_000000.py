"""Drop two indexes of ``response`` that no query reads.

Every submission inserts into each index of ``response``.  Nothing selects
responses by version alone or by service and month (reports read the
aggregate rows, listings and exports go by form and id, campaign reports by
agency or form and month), and no version or service is ever deleted, so
the foreign key checks never look for their responses either.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "drop unread response indexes"

INDEXES = (
    "CREATE INDEX IF NOT EXISTS response_version ON response (form_version)",
    "CREATE INDEX IF NOT EXISTS response_service_month ON response (service, month)",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)

    async def drop_indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in INDEXES:
            name = statement.split("EXISTS ")[1].split()[0]
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    async def create_indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(drop_indexes)
    manager.add_raw_backwards(create_indexes)
    return manager
