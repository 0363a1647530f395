"""Nomination rounds: the year of a round of kind ``nomination``, the services
the national office honours (one per round, agency and service: its unique
``key``) and every honour and publication of the list."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    JSON,
    Boolean,
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


class Collection(Table, tablename="collection", schema=None):
    id = _id()


class NominationRound(Table, tablename="nomination_round", schema=None):
    id = _id()


ID = "2026-12-08T01:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "nomination rounds, honours and their steps"

CLASS_NAMES = {"nomination_round": "NominationRound", "nomination_honour": "NominationHonour",
               "nomination_round_event": "NominationRoundEvent"}


def _varchar(length: int, **extra: Any) -> tuple[Any, dict[str, Any]]:
    return Varchar, {"length": length, "default": "", "null": False, **extra}


def _fk(references: type[Table], on_delete: OnDelete, **extra: Any) -> tuple[Any, dict[str, Any]]:
    return ForeignKey, {"references": references, "on_delete": on_delete,
                        "on_update": OnUpdate.cascade, "target_column": None,
                        "null": False, "default": None, "index": True, **extra}


def _time(null: bool = False, now: bool = False) -> tuple[Any, dict[str, Any]]:
    return Timestamptz, {"default": TimestamptzNow() if now else None, "null": null}


COLUMNS: dict[str, list[tuple[str, tuple[Any, dict[str, Any]]]]] = {
    "nomination_round": [
        ("collection", _fk(Collection, OnDelete.cascade, unique=True)),
        ("year", (Integer, {"default": 0, "null": False, "unique": True})),
        ("per_audience", (Integer, {"default": 5, "null": False})),
        ("published", (Boolean, {"default": False, "null": False})),
        ("published_at", _time(null=True)),
    ],
    "nomination_honour": [
        ("round", _fk(NominationRound, OnDelete.cascade)),
        ("agency", _fk(Agency, OnDelete.restrict)),
        ("service", _varchar(64)), ("audience", _varchar(16)),
        ("key", _varchar(200, unique=True)),
        ("marked_by", _varchar(64)), ("marked_at", _time(now=True)),
    ],
    "nomination_round_event": [
        ("round", _fk(NominationRound, OnDelete.cascade)),
        ("action", _varchar(24)), ("actor", _varchar(64)),
        ("details", (JSON, {"default": "null", "null": True})),
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
