"""Webhooks: the endpoints agencies register and the deliveries made to them."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


def _id() -> Serial:
    return Serial(null=False, primary_key=True, unique=False, index=False,
                  index_method=IndexMethod.btree, choices=None, db_column_name="id",
                  secret=False)


class Agency(Table, tablename="agency", schema=None):
    id = _id()


class WebhookEndpoint(Table, tablename="webhook_endpoint", schema=None):
    id = _id()


ID = "2026-12-07T00:08:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "webhook endpoints and their deliveries"

CLASS_NAMES = {"webhook_endpoint": "WebhookEndpoint", "webhook_delivery": "WebhookDelivery"}


def _varchar(length: int, **extra: Any) -> tuple[Any, dict[str, Any]]:
    return Varchar, {"length": length, "default": "", "null": False, **extra}


def _fk(references: type[Table], on_delete: OnDelete) -> tuple[Any, dict[str, Any]]:
    return ForeignKey, {"references": references, "on_delete": on_delete,
                        "on_update": OnUpdate.cascade, "target_column": None,
                        "null": False, "default": None, "index": True}


def _time(null: bool = False, now: bool = False) -> tuple[Any, dict[str, Any]]:
    return Timestamptz, {"default": TimestamptzNow() if now else None, "null": null}


COLUMNS: dict[str, list[tuple[str, tuple[Any, dict[str, Any]]]]] = {
    "webhook_endpoint": [
        ("agency", _fk(Agency, OnDelete.restrict)), ("url", _varchar(2000)),
        ("events", (Text, {"default": "[]", "null": False})),
        ("free_text", (Boolean, {"default": False, "null": False})),
        ("description", _varchar(255)),
        ("secret_sealed", (Text, {"default": "", "null": False})),
        ("previous_sealed", (Text, {"default": None, "null": True})),
        ("previous_until", _time(null=True)), ("created_at", _time(now=True)),
    ],
    "webhook_delivery": [
        ("endpoint", _fk(WebhookEndpoint, OnDelete.cascade)),
        ("agency", (Integer, {"default": 0, "null": False})),
        ("event_type", _varchar(32)), ("webhook_id", _varchar(40, index=True)),
        ("outbox_key", _varchar(64, unique=True)),
        ("body_sealed", (Text, {"default": "", "null": False})),
        ("created_at", _time(now=True)),
    ],
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    for tablename, columns in COLUMNS.items():
        manager.add_table(class_name=CLASS_NAMES[tablename], tablename=tablename,
                          schema=None, columns=None)
        for name, (column_class, params) in columns:
            manager.add_column(
                table_class_name=CLASS_NAMES[tablename], tablename=tablename,
                column_name=name, db_column_name=name,
                column_class_name=column_class.__name__, column_class=column_class,
                params={"primary_key": False, "unique": False, "index": False,
                        "index_method": IndexMethod.btree, "choices": None,
                        "db_column_name": None, "secret": False, **params},
                schema=None,
            )
    return manager
