"""Keys and indexes of ``answer_aggregate``.

The key is the upsert target of the response writers (``ON CONFLICT``
needs a unique index over exactly those columns, on SQLite and PostgreSQL
alike); form results read one form's rows by span and period. Plain SQL in
its own migration because raw steps run before table creation within a
migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T20:10:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "keys and indexes of the answer counts"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS answer_aggregate_key ON answer_aggregate "
    "(form_version, service, audience, channel, span, period, question, value)",
    # covers the form results: they read the counts from the index alone
    "CREATE INDEX IF NOT EXISTS answer_aggregate_form ON answer_aggregate "
    "(form, span, period, service, audience, channel, form_version, question, value, answers)",
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
