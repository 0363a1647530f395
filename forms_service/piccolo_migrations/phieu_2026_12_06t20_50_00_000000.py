"""Counter kiosks: enrolled devices, the officer on duty at each counter over
time, and the answers devices sent (a device's answer once per sequence
number). Their keys and indexes are the next migration (raw steps run
before table creation within one migration).
"""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
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


class Form(Table, tablename="form", schema=None):
    id = _id()


class Unit(Table, tablename="unit", schema=None):
    id = _id()


class Counter(Table, tablename="counter", schema=None):
    id = _id()


class Officer(Table, tablename="officer", schema=None):
    id = _id()


class Response(Table, tablename="response", schema=None):
    id = _id()


class Device(Table, tablename="device", schema=None):
    id = _id()


ID = "2026-12-06T20:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "kiosk devices, officers on duty, officers' PINs and kiosk answers"

CLASS_NAMES = {"device": "Device", "counter_duty": "CounterDuty",
               "kiosk_answer": "KioskAnswer", "officer_pin": "OfficerPin"}


def _varchar(length: int, null: bool = False) -> tuple[Any, dict[str, Any]]:
    return Varchar, {"length": length, "default": None if null else "", "null": null}


def _fk(references: type[Table], null: bool = False,
        on_delete: OnDelete = OnDelete.restrict) -> tuple[Any, dict[str, Any]]:
    return ForeignKey, {"references": references, "on_delete": on_delete,
                        "on_update": OnUpdate.cascade, "target_column": None,
                        "null": null, "default": None}


def _time(null: bool = False, now: bool = False) -> tuple[Any, dict[str, Any]]:
    return Timestamptz, {"default": TimestamptzNow() if now else None, "null": null}


COLUMNS: dict[str, list[tuple[str, tuple[Any, dict[str, Any]]]]] = {
    "device": [
        ("agency", _fk(Agency)), ("public_id", _varchar(32)), ("name", _varchar(120)),
        ("unit", _fk(Unit)), ("counter", _fk(Counter, null=True)), ("form", _fk(Form)),
        ("status", _varchar(16)), ("enrolment_digest", _varchar(64, null=True)),
        ("enrolment_expires_at", _time(null=True)),
        ("credential_nonce", _varchar(64, null=True)), ("created_at", _time(now=True)),
        ("bound_at", _time(null=True)), ("revoked_at", _time(null=True)),
        ("last_contact_at", _time(null=True)),
        ("queue_size", (Integer, {"default": 0, "null": False})),
        ("opening_hours", _varchar(200, null=True)),
    ],
    "counter_duty": [
        ("agency", _fk(Agency)), ("counter", _fk(Counter)), ("officer", _fk(Officer, null=True)),
        ("since", _time()), ("source", _varchar(16)),
    ],
    "officer_pin": [
        ("officer", _fk(Officer)), ("pin_hash", _varchar(255)),
        ("failures", (Integer, {"default": 0, "null": False})),
        ("locked_until", _time(null=True)),
    ],
    "kiosk_answer": [
        ("device", _fk(Device)), ("seq", (Integer, {"default": 0, "null": False})),
        ("status", _varchar(16)), ("response", _fk(Response, null=True, on_delete=OnDelete.set_null)),
        ("answered_at", _time()), ("received_at", _time(now=True)),
        ("reason", _varchar(64, null=True)), ("payload", (Text, {"default": None, "null": True})),
        ("flags", _varchar(64)),
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
