"""The field (lĩnh vực) of a service and of a counter: the monthly counts
one-stop systems report are per agency, field and officer. An answer's field
is its service's, else its counter's (counters of a one-stop centre serve a
field each)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T00:03:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "the field of services and counters"

CLASS_NAMES = {"service": "Service", "counter": "Counter"}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    for tablename, class_name in CLASS_NAMES.items():
        manager.add_column(
            table_class_name=class_name, tablename=tablename,
            column_name="field", db_column_name="field",
            column_class_name="Varchar", column_class=Varchar,
            params={"length": 120, "default": None, "null": True, "primary_key": False,
                    "unique": False, "index": False, "index_method": IndexMethod.btree,
                    "choices": None, "db_column_name": None, "secret": False},
            schema=None,
        )
    return manager
