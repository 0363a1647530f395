"""A person's unit: a designer or analyst limited to one unit of the agency
and its sub-units (null: the whole agency)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Unit(Table, tablename="unit", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id",
                secret=False)


ID = "2026-12-08T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a person's unit scope"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Person", tablename="person", column_name="unit",
        db_column_name="unit", column_class_name="ForeignKey", column_class=ForeignKey,
        params={"references": Unit, "on_delete": OnDelete.restrict,
                "on_update": OnUpdate.cascade, "target_column": None, "null": True,
                "default": None, "primary_key": False, "unique": False, "index": False,
                "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
                "secret": False},
        schema=None,
    )
    return manager
