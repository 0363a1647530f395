"""A form's schedule (opening and closing times, a cap on the number of
answers) and an agency's branding on its form pages (accent colour, logo)."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer, Text, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T00:06:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "form schedules and answer caps; agency accent colours and logos"

CLASS_NAMES = {"form": "Form", "agency": "Agency"}

COLUMNS: dict[str, list[tuple[str, Any, dict[str, Any]]]] = {
    "form": [
        ("opens_at", Timestamptz, {"default": None, "null": True}),
        ("closes_at", Timestamptz, {"default": None, "null": True}),
        ("max_responses", Integer, {"default": None, "null": True}),
    ],
    "agency": [
        ("accent_colour", Varchar, {"length": 7, "default": None, "null": True}),
        ("logo", Text, {"default": None, "null": True}),
        ("logo_type", Varchar, {"length": 32, "default": None, "null": True}),
        ("brand_version", Varchar, {"length": 16, "default": None, "null": True}),
    ],
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    for tablename, columns in COLUMNS.items():
        for name, column_class, params in columns:
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
