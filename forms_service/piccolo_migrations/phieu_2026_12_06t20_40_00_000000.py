"""The outbox: messages to deliver by e-mail, SMS and Zalo, each unique by its
idempotency key, found by workers by status and due time."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T20:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "the outbox of messages to deliver"

COLUMNS: list[tuple[str, Any, dict[str, Any]]] = [
    ("agency", Integer, {"default": None, "null": True}),
    ("kind", Varchar, {"length": 32, "default": ""}),
    ("channel", Varchar, {"length": 16, "default": ""}),
    ("idempotency_key", Varchar, {"length": 64, "default": "", "unique": True}),
    ("sealed", Text, {"default": None, "null": True}),
    ("status", Varchar, {"length": 12, "default": "queued", "index": True}),
    ("attempts", Integer, {"default": 0}),
    ("due_ms", BigInt, {"default": 0, "index": True}),
    ("lease_ms", BigInt, {"default": None, "null": True}),
    ("last_error", Varchar, {"length": 500, "default": None, "null": True}),
    ("created_at", Timestamptz, {"default": TimestamptzNow()}),
    ("sent_at", Timestamptz, {"default": None, "null": True}),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    manager.add_table(class_name="OutboxMessage", tablename="outbox_message", schema=None,
                      columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="OutboxMessage", tablename="outbox_message", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class,
            params={"primary_key": False, "unique": False, "index": False,
                    "index_method": IndexMethod.btree, "choices": None,
                    "db_column_name": None, "secret": False, "null": False, **params},
            schema=None,
        )
    return manager
