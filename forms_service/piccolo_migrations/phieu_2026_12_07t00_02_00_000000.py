"""Texts of invitations: one row per agency with its templates by language; and
the language of each invitation (the citizen's, Vietnamese unless told), so
that its reminder speaks it too."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import JSON, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Agency(Table, tablename="agency", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id",
                secret=False)


ID = "2026-12-07T00:02:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "invitation texts by agency and language; the language of an invitation"

COLUMNS: list[tuple[str, str, str, tuple[Any, dict[str, Any]]]] = [
    ("InvitationText", "invitation_text", "agency", (ForeignKey, {
        "references": Agency, "on_delete": OnDelete.cascade, "on_update": OnUpdate.cascade,
        "target_column": None, "null": False, "default": None, "unique": True})),
    ("InvitationText", "invitation_text", "texts", (JSON, {"default": "{}"})),
    ("InvitationText", "invitation_text", "updated_at",
     (Timestamptz, {"default": TimestamptzNow()})),
    ("Invitation", "invitation", "locale", (Varchar, {"length": 2, "default": "vi"})),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    manager.add_table(class_name="InvitationText", tablename="invitation_text", schema=None,
                      columns=None)
    for class_name, tablename, name, (column_class, params) in COLUMNS:
        manager.add_column(
            table_class_name=class_name, tablename=tablename, column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class,
            params={"primary_key": False, "unique": False, "index": False,
                    "index_method": IndexMethod.btree, "choices": None,
                    "db_column_name": None, "secret": False, "null": False, **params},
            schema=None,
        )
    return manager
