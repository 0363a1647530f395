"""Webhooks: endpoints disabled (by a person or after a long failure streak),
pending events written with their facts, and outbox streams delivered in
order (a webhook endpoint's messages one at a time, oldest first)."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.engine import engine_finder

ID = "2026-12-08T01:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "webhook endpoints disabled, pending webhook events, ordered outbox streams"

NEW_COLUMNS: list[tuple[str, str, Any, dict[str, Any]]] = [
    ("WebhookEndpoint", "webhook_endpoint", "disabled_at",
     (Timestamptz, {"default": None, "null": True})),
    ("WebhookEndpoint", "webhook_endpoint", "disabled_reason",
     (Varchar, {"length": 255, "default": ""})),
    ("WebhookEndpoint", "webhook_endpoint", "failure_streak", (Integer, {"default": 0})),
    ("WebhookEndpoint", "webhook_endpoint", "failing_since",
     (Timestamptz, {"default": None, "null": True})),
]

EVENT_COLUMNS: list[tuple[str, Any, dict[str, Any]]] = [
    ("agency", Integer, {"default": 0, "index": True}),
    ("event_type", Varchar, {"length": 32, "default": ""}),
    ("response", Integer, {"default": None, "null": True}),
    ("token", Varchar, {"length": 40, "default": ""}),
    ("payload_sealed", Text, {"default": ""}),
    ("created_at", Timestamptz, {"default": TimestamptzNow()}),
]

# the column in the same step as its index (raw steps run before added columns);
# the index holds only the messages still to deliver, which claims look up
STREAM = "ALTER TABLE outbox_message ADD COLUMN stream VARCHAR(64) NULL DEFAULT NULL"
INDEXES = (
    "CREATE INDEX IF NOT EXISTS outbox_message_stream ON outbox_message (stream, id) "
    "WHERE status IN ('queued', 'sending')",
)


def _params(params: dict[str, Any]) -> dict[str, Any]:
    return {"primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, "null": False, **params}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    for class_name, tablename, name, (column_class, params) in NEW_COLUMNS:
        manager.add_column(
            table_class_name=class_name, tablename=tablename, column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class, params=_params(params), schema=None)
    manager.add_table(class_name="WebhookEvent", tablename="webhook_event", schema=None,
                      columns=None)
    for name, column_class, params in EVENT_COLUMNS:
        manager.add_column(
            table_class_name="WebhookEvent", tablename="webhook_event", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class, params=_params(params), schema=None)

    async def create_indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl(STREAM)
        for statement in INDEXES:
            await engine.run_ddl(statement)

    async def drop_indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in INDEXES:
            name = statement.split("EXISTS ")[1].split()[0]
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")
        await engine.run_ddl("ALTER TABLE outbox_message DROP COLUMN stream")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
