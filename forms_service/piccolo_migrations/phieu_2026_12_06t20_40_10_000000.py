"""Distribution: each form's rule, the invitations made (one per form and dossier,
by their short-link code) and the stop list of contacts that opted out (keyed
hashes only). The key of one invitation per form and dossier is the next
migration (raw steps run before table creation within one migration)."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    JSON,
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


ID = "2026-12-06T20:40:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "distribution rules, invitations and the stop list"

CLASS_NAMES = {"distribution_rule": "DistributionRule", "invitation": "Invitation",
               "contact_stop": "ContactStop"}


def _fk(references: type[Table], on_delete: OnDelete, unique: bool = False
        ) -> tuple[Any, dict[str, Any]]:
    return ForeignKey, {"references": references, "on_delete": on_delete,
                        "on_update": OnUpdate.cascade, "target_column": None,
                        "null": False, "default": None, "unique": unique}


def _varchar(length: int, default: str = "", **more: Any) -> tuple[Any, dict[str, Any]]:
    return Varchar, {"length": length, "default": default, **more}


def _time(null: bool = False, now: bool = False) -> tuple[Any, dict[str, Any]]:
    return Timestamptz, {"default": TimestamptzNow() if now else None, "null": null}


def _int(null: bool = False) -> tuple[Any, dict[str, Any]]:
    return Integer, {"default": None if null else 0, "null": null}


COLUMNS: dict[str, list[tuple[str, tuple[Any, dict[str, Any]]]]] = {
    "distribution_rule": [
        ("form", _fk(Form, OnDelete.cascade, unique=True)),
        ("agency", _fk(Agency, OnDelete.restrict)),
        ("rule", (JSON, {"default": "{}"})),
        ("updated_at", _time(now=True)),
    ],
    "invitation": [
        ("agency", _fk(Agency, OnDelete.restrict)), ("form", _fk(Form, OnDelete.cascade)),
        ("dossier_hash", _varchar(64)), ("service", _int()), ("unit", _int(null=True)),
        ("counter", _int(null=True)), ("officer", _int(null=True)),
        ("dossier_channel", _varchar(16)), ("channel", _varchar(16)),
        ("contact_hash", _varchar(64, index=True)), ("code", _varchar(32, unique=True)),
        ("sealed_contact", (Text, {"default": None, "null": True})),
        ("status", _varchar(12, "queued")), ("created_at", _time(now=True)),
        ("send_at", _time()), ("expires_at", _time()),
        ("opened_at", _time(null=True)), ("answered_at", _time(null=True)),
        ("reminder_at", _time(null=True)),
    ],
    "contact_stop": [
        ("contact_hash", _varchar(64, unique=True)), ("at", _time(now=True)),
    ],
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    for tablename, class_name in CLASS_NAMES.items():
        manager.add_table(class_name=class_name, tablename=tablename, schema=None,
                          columns=None)
    for tablename, columns in COLUMNS.items():
        for name, (column_class, params) in columns:
            manager.add_column(
                table_class_name=CLASS_NAMES[tablename], tablename=tablename,
                column_name=name, db_column_name=name,
                column_class_name=column_class.__name__, column_class=column_class,
                params={"primary_key": False, "unique": False, "index": False,
                        "index_method": IndexMethod.btree, "choices": None,
                        "db_column_name": None, "secret": False, "null": False, **params},
                schema=None,
            )
    return manager
