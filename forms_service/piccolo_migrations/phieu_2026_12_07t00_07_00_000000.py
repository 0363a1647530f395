"""Collections: the national office's requests to agencies (collection), each
asked agency's reply (collection_request) and every step of the replies
(collection_event). Their keys and indexes are the next migration (raw steps
run before table creation within one migration).
"""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    JSON,
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


class Form(Table, tablename="form", schema=None):
    id = _id()


class FormVersion(Table, tablename="form_version", schema=None):
    id = _id()


class Collection(Table, tablename="collection", schema=None):
    id = _id()


class CollectionRequest(Table, tablename="collection_request", schema=None):
    id = _id()


ID = "2026-12-07T00:07:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "collections, their asked agencies' replies and the replies' steps"

CLASS_NAMES = {"collection": "Collection", "collection_request": "CollectionRequest",
               "collection_event": "CollectionEvent"}


def _varchar(length: int, default: str = "") -> tuple[Any, dict[str, Any]]:
    return Varchar, {"length": length, "default": default, "null": False}


def _fk(references: type[Table], null: bool = False,
        on_delete: OnDelete = OnDelete.restrict) -> tuple[Any, dict[str, Any]]:
    return ForeignKey, {"references": references, "on_delete": on_delete,
                        "on_update": OnUpdate.cascade, "target_column": None,
                        "null": null, "default": None}


def _time(null: bool = False, now: bool = False) -> tuple[Any, dict[str, Any]]:
    return Timestamptz, {"default": TimestamptzNow() if now else None, "null": null}


def _text(null: bool = False) -> tuple[Any, dict[str, Any]]:
    return Text, {"default": None if null else "", "null": null}


def _int() -> tuple[Any, dict[str, Any]]:
    return Integer, {"default": 0, "null": False}


def _flag() -> tuple[Any, dict[str, Any]]:
    return Boolean, {"default": False, "null": False}


COLUMNS: dict[str, list[tuple[str, tuple[Any, dict[str, Any]]]]] = {
    "collection": [
        ("title", _varchar(255)), ("kind", _varchar(16, "form")),
        ("form", _fk(Form, null=True)), ("form_version", _fk(FormVersion, null=True)),
        ("scope", _varchar(16)), ("deadline", _time()),
        ("reminders", (JSON, {"default": "{}"})), ("sealed_contact", _text()),
        ("created_by", _varchar(64)), ("created_at", _time(now=True)),
    ],
    "collection_request": [
        ("collection", _fk(Collection, on_delete=OnDelete.cascade)),
        ("agency", _fk(Agency)), ("state", _varchar(20, "not_started")),
        ("answers", (JSON, {"default": None, "null": True})), ("revision", _int()),
        ("submitted_at", _time(null=True)), ("late", _flag()), ("reminded", _int()),
        ("updated_at", _time(now=True)),
    ],
    "collection_event": [
        ("request", _fk(CollectionRequest, on_delete=OnDelete.cascade)),
        ("action", _varchar(24)), ("from_state", _varchar(20)), ("to_state", _varchar(20)),
        ("actor", _varchar(64)), ("sealed_comment", _text(null=True)),
        ("details", (JSON, {"default": None, "null": True})), ("late", _flag()),
        ("at", _time(now=True)),
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
