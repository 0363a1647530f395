"""Keys and indexes of the case tables: one case per response, an agency's day
off once, the cases of an agency by state and by opening, a case's
transitions and notes in order.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T00:04:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "keys and indexes of the case tables"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS feedback_case_response ON feedback_case (response)",
    "CREATE INDEX IF NOT EXISTS feedback_case_agency_state ON feedback_case (agency, state)",
    "CREATE INDEX IF NOT EXISTS feedback_case_agency_opened ON feedback_case "
    "(agency, opened_at)",
    "CREATE UNIQUE INDEX IF NOT EXISTS case_day_off_day ON case_day_off (agency, day)",
    "CREATE INDEX IF NOT EXISTS case_transition_case ON case_transition (\"case\", id)",
    "CREATE INDEX IF NOT EXISTS case_note_case ON case_note (\"case\", id)",
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
