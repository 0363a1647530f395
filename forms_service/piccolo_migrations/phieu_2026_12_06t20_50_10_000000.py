"""Keys and indexes of the kiosk tables: a device by its public id, the duty
of a counter by time, a device's answer once per sequence number (the
idempotency key, an ``ON CONFLICT`` target).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T20:50:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "keys and indexes of the kiosk tables"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS device_public_id ON device (public_id)",
    "CREATE INDEX IF NOT EXISTS device_agency ON device (agency)",
    "CREATE INDEX IF NOT EXISTS counter_duty_counter ON counter_duty (counter, since)",
    "CREATE UNIQUE INDEX IF NOT EXISTS kiosk_answer_key ON kiosk_answer (device, seq)",
    "CREATE UNIQUE INDEX IF NOT EXISTS officer_pin_officer ON officer_pin (officer)",
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
