"""Cases: each form's case rule, each agency's case deadlines and days off, the
cases opened for answers with their transitions and notes. Their keys and
indexes are the next migration (raw steps run before table creation within
one migration).
"""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    JSON,
    Date,
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


class Person(Table, tablename="person", schema=None):
    id = _id()


class Response(Table, tablename="response", schema=None):
    id = _id()


class FeedbackCase(Table, tablename="feedback_case", schema=None):
    id = _id()


ID = "2026-12-07T00:04:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "case rules, case settings and days off, cases, their transitions and notes"

CLASS_NAMES = {"case_rule": "CaseRule", "case_settings": "CaseSettings",
               "case_day_off": "CaseDayOff", "feedback_case": "FeedbackCase",
               "case_transition": "CaseTransition", "case_note": "CaseNote"}


def _fk(references: type[Table], on_delete: OnDelete = OnDelete.restrict, *,
        null: bool = False, unique: bool = False) -> tuple[Any, dict[str, Any]]:
    return ForeignKey, {"references": references, "on_delete": on_delete,
                        "on_update": OnUpdate.cascade, "target_column": None,
                        "null": null, "default": None, "unique": unique}


def _varchar(length: int, default: str = "", null: bool = False) -> tuple[Any, dict[str, Any]]:
    return Varchar, {"length": length, "default": None if null else default, "null": null}


def _time(null: bool = False, now: bool = False) -> tuple[Any, dict[str, Any]]:
    return Timestamptz, {"default": TimestamptzNow() if now else None, "null": null}


def _int(default: int | None = 0) -> tuple[Any, dict[str, Any]]:
    return Integer, {"default": default, "null": default is None}


COLUMNS: dict[str, list[tuple[str, tuple[Any, dict[str, Any]]]]] = {
    "case_rule": [
        ("form", _fk(Form, OnDelete.cascade, unique=True)), ("agency", _fk(Agency)),
        ("rule", (JSON, {"default": "{}"})), ("updated_at", _time(now=True)),
    ],
    "case_settings": [
        ("agency", _fk(Agency, OnDelete.cascade, unique=True)),
        ("acknowledge_days", _int(2)), ("respond_days", _int(10)), ("reopen_days", _int(30)),
        ("updated_at", _time(now=True)),
    ],
    "case_day_off": [
        ("agency", _fk(Agency, OnDelete.cascade)), ("day", (Date, {"default": None})),
        ("note", _varchar(120)),
    ],
    "feedback_case": [
        ("agency", _fk(Agency)), ("form", _fk(Form)),
        ("response", _fk(Response, OnDelete.set_null, null=True)),
        ("service", _int(None)), ("dossier_hash", _varchar(64, null=True)),
        ("reasons", _varchar(200)), ("state", _varchar(16, "new")),
        ("outcome", _varchar(16, null=True)), ("opened_at", _time(now=True)),
        ("acknowledge_due", (Date, {"default": None})),
        ("respond_due", (Date, {"default": None})),
        ("acknowledged_at", _time(null=True)),
        ("assigned_unit", _fk(Unit, null=True)),
        ("assigned_person", _fk(Person, OnDelete.set_null, null=True)),
        ("responded_at", _time(null=True)), ("closed_at", _time(null=True)),
        ("reopened", _int(0)), ("updated_at", _time(now=True)),
    ],
    "case_transition": [
        ("case", _fk(FeedbackCase, OnDelete.cascade)), ("action", _varchar(16)),
        ("from_state", _varchar(16)), ("to_state", _varchar(16)),
        ("outcome", _varchar(16, null=True)), ("actor", _varchar(64)),
        ("at", _time(now=True)),
    ],
    "case_note": [
        ("case", _fk(FeedbackCase, OnDelete.cascade)), ("actor", _varchar(64)),
        ("text", (Text, {"default": ""})), ("at", _time(now=True)),
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
