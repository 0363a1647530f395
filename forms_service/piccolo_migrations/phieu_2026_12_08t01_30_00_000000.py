"""Alerts: each person's alert preferences, the digests queued (one per person, kind
and period), and when each case's alert e-mails were queued.

Every step is raw (the manager runs raw steps before its own), with the
tables created from the classes below, as Piccolo writes them on either
database.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns import Boolean, Date, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.engine import engine_finder
from piccolo.table import Table

ID = "2026-12-08T01:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "alert preferences, digests queued, case alerts queued"


class Person(Table, tablename="person"):
    pass


class AlertPreference(Table, tablename="alert_preference"):
    person = ForeignKey(references=Person, unique=True, index=True,
                        on_delete=OnDelete.cascade)
    case_alerts = Boolean(default=False)
    digest = Varchar(length=8, default="none")
    updated_at = Timestamptz(default=TimestamptzNow())


class AlertDigest(Table, tablename="alert_digest"):
    person = ForeignKey(references=Person, index=True, on_delete=OnDelete.cascade)
    kind = Varchar(length=8)
    period_start = Date()
    queued_at = Timestamptz(default=TimestamptzNow())


INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS alert_digest_key "
    "ON alert_digest (person, kind, period_start)",
    "CREATE INDEX IF NOT EXISTS feedback_case_to_alert ON feedback_case (alerted_at)",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        assert engine is not None
        for table in (AlertPreference, AlertDigest):
            table._meta.db = engine
            await table.create_table(if_not_exists=True).run()
        await engine.run_ddl("ALTER TABLE feedback_case ADD COLUMN alerted_at TIMESTAMPTZ")
        # the cases opened before alerts existed are not announced now
        await engine.run_ddl("UPDATE feedback_case SET alerted_at = opened_at "
                             "WHERE alerted_at IS NULL")
        for statement in INDEXES:
            await engine.run_ddl(statement)

    async def drop() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl("DROP INDEX IF EXISTS feedback_case_to_alert")
        await engine.run_ddl("ALTER TABLE feedback_case DROP COLUMN alerted_at")
        await engine.run_ddl("DROP TABLE IF EXISTS alert_digest")
        await engine.run_ddl("DROP TABLE IF EXISTS alert_preference")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
