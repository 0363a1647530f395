"""Organisation and dossiers: units, counters, officers; dossier events, the
dossier record, survey touches and monthly dossier counts; who served the
citizen on each response; and an agency's choice to register unknown
officers and counters from dossier events.

Their unique keys and indexes are the next migration (raw steps run before
table creation within one migration).
"""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
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


class Service(Table, tablename="service", schema=None):
    id = _id()


class Form(Table, tablename="form", schema=None):
    id = _id()


class Unit(Table, tablename="unit", schema=None):
    id = _id()


class Counter(Table, tablename="counter", schema=None):
    id = _id()


class Officer(Table, tablename="officer", schema=None):
    id = _id()


ID = "2026-12-06T20:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "units, counters, officers, dossier events, dossiers, touches and monthly counts"

CLASS_NAMES = {
    "unit": "Unit", "counter": "Counter", "officer": "Officer",
    "dossier_event": "DossierEvent", "dossier": "Dossier", "dossier_touch": "DossierTouch",
    "dossier_month": "DossierMonth", "response": "Response", "agency": "Agency",
}
NEW_TABLES = ("unit", "counter", "officer", "dossier_event", "dossier", "dossier_touch",
              "dossier_month")


def _varchar(length: int, null: bool = False) -> tuple[Any, dict[str, Any]]:
    return Varchar, {"length": length, "default": None if null else "", "null": null}


def _fk(references: type[Table], null: bool = False,
        on_delete: OnDelete = OnDelete.restrict) -> tuple[Any, dict[str, Any]]:
    # a unit's parent and successor (the unit table itself): checked at the end of a
    # statement (NO ACTION), so a statement may remove several linked units at once
    return ForeignKey, {"references": references, "on_delete": on_delete,
                        "on_update": OnUpdate.cascade, "target_column": None,
                        "null": null, "default": None}


def _time(null: bool = False, now: bool = False) -> tuple[Any, dict[str, Any]]:
    return Timestamptz, {"default": TimestamptzNow() if now else None, "null": null}


def _bool(default: bool | None = False) -> tuple[Any, dict[str, Any]]:
    return Boolean, {"default": default, "null": default is None}


def _int(null: bool = False) -> tuple[Any, dict[str, Any]]:
    return Integer, {"default": None if null else 0, "null": null}


COUNTS = ("returned", "offered", "opened", "answered", "on_time", "late", "answered_rated",
          "answered_satisfied", "answered_on_time", "answered_on_time_rated",
          "answered_on_time_satisfied", "answered_late", "answered_late_rated",
          "answered_late_satisfied")

COLUMNS: dict[str, list[tuple[str, tuple[Any, dict[str, Any]]]]] = {
    "unit": [
        ("agency", _fk(Agency)), ("code", _varchar(64)), ("name", _varchar(255)),
        ("kind", _varchar(16)),
        ("parent", _fk(Unit, null=True, on_delete=OnDelete.no_action)), ("active", _bool(True)),
        ("closed_on", (Date, {"default": None, "null": True})),
        ("successor", _fk(Unit, null=True, on_delete=OnDelete.no_action)),
        ("created_at", _time(now=True)),
    ],
    "counter": [
        ("agency", _fk(Agency)), ("unit", _fk(Unit)), ("code", _varchar(64)),
        ("name", _varchar(255)), ("active", _bool(True)), ("created_at", _time(now=True)),
    ],
    "officer": [
        ("agency", _fk(Agency)), ("code", _varchar(64)), ("name", _varchar(255)),
        ("unit", _fk(Unit, null=True)), ("active", _bool(True)),
        ("created_at", _time(now=True)),
    ],
    "dossier_event": [
        ("agency", _fk(Agency)), ("system", _varchar(64)), ("event_id", _varchar(128)),
        ("dossier_hash", _varchar(64)), ("service", _fk(Service)), ("status", _varchar(24)),
        ("at", _time()), ("channel", _varchar(16)), ("received_at", _time(null=True)),
        ("due_at", _time(null=True)), ("returned_at", _time(null=True)),
        ("unit", _fk(Unit, null=True)), ("counter", _fk(Counter, null=True)),
        ("officer", _fk(Officer, null=True)), ("submitted_by", _varchar(8, null=True)),
        ("stored_at", _time(now=True)),
    ],
    "dossier": [
        ("agency", _fk(Agency)), ("dossier_hash", _varchar(64)), ("service", _fk(Service)),
        ("channel", _varchar(16)), ("status", _varchar(24)),
        ("unit", _fk(Unit, null=True)), ("counter", _fk(Counter, null=True)),
        ("officer", _fk(Officer, null=True)), ("received_at", _time(null=True)),
        ("due_at", _time(null=True)), ("returned_at", _time(null=True)),
        ("on_time", _bool(None)), ("submitted_by", _varchar(8, null=True)),
        ("last_event_at", _time()), ("month", _varchar(7, null=True)),
        ("offered", _bool()), ("opened", _bool()), ("answered", _bool()),
        ("satisfied", _bool(None)),
    ],
    "dossier_touch": [
        ("agency", _fk(Agency)), ("dossier_hash", _varchar(64)),
        ("form", _fk(Form, null=True)), ("kind", _varchar(8)), ("channel", _varchar(16)),
        ("at", _time(now=True)),
    ],
    "dossier_month": [
        ("agency", _int()), ("service", _int()), ("unit", _int(null=True)),
        ("officer", _int(null=True)), ("channel", _varchar(16)),
        ("submitted_by", _varchar(8, null=True)), ("month", _varchar(7)),
        *((name, _int()) for name in COUNTS),
    ],
    "response": [
        ("unit", _fk(Unit, null=True)), ("counter", _fk(Counter, null=True)),
        ("officer", _fk(Officer, null=True)),
    ],
    "agency": [("auto_register_staff", _bool(False))],
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    for tablename in NEW_TABLES:
        manager.add_table(class_name=CLASS_NAMES[tablename], tablename=tablename,
                          schema=None, columns=None)
    for tablename, columns in COLUMNS.items():
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
