"""Replies to citizens and their follow-up: the case's follow-up link code (unique),
the channel and sealed contact to reply by, the citizen's latest follow-up answer;
and each reply with the answer to its follow-up question."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.engine import engine_finder
from piccolo.table import Table


class FeedbackCase(Table, tablename="feedback_case", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id",
                secret=False)


ID = "2026-12-08T01:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "replies to citizens and the follow-up question"


def _null(column: type[Any], **extra: Any) -> tuple[Any, dict[str, Any]]:
    return column, {"default": None, "null": True, **extra}


COLUMNS: list[tuple[str, str, str, tuple[Any, dict[str, Any]]]] = [
    ("FeedbackCase", "feedback_case", "contact_channel", _null(Varchar, length=16)),
    ("FeedbackCase", "feedback_case", "sealed_contact", _null(Text)),
    ("FeedbackCase", "feedback_case", "follow_up", _null(Varchar, length=16)),
    ("FeedbackCase", "feedback_case", "follow_up_at", _null(Timestamptz)),
    ("CaseReply", "case_reply", "case", (ForeignKey, {
        "references": FeedbackCase, "on_delete": OnDelete.cascade,
        "on_update": OnUpdate.cascade, "target_column": None, "null": False,
        "default": None, "index": True})),
    ("CaseReply", "case_reply", "text", (Text, {"default": "", "null": False})),
    ("CaseReply", "case_reply", "locale", (Varchar, {"length": 2, "default": "vi",
                                                     "null": False})),
    ("CaseReply", "case_reply", "channel", _null(Varchar, length=16)),
    ("CaseReply", "case_reply", "message_key", _null(Varchar, length=64)),
    ("CaseReply", "case_reply", "actor", (Varchar, {"length": 64, "default": "",
                                                    "null": False})),
    ("CaseReply", "case_reply", "at", (Timestamptz, {"default": TimestamptzNow(),
                                                     "null": False})),
    ("CaseReply", "case_reply", "expires_at", _null(Timestamptz)),
    ("CaseReply", "case_reply", "answer", _null(Varchar, length=16)),
    ("CaseReply", "case_reply", "comment", _null(Text)),
    ("CaseReply", "case_reply", "answered_at", _null(Timestamptz)),
]

# raw statements run before the manager's own steps: the code column comes with its
# unique index (plain SQL both engines read alike)
INDEXES = (
    "ALTER TABLE feedback_case ADD COLUMN code VARCHAR(32) NULL DEFAULT NULL",
    "CREATE UNIQUE INDEX IF NOT EXISTS feedback_case_code ON feedback_case (code)",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)
    manager.add_table(class_name="CaseReply", tablename="case_reply", schema=None,
                      columns=None)
    for class_name, tablename, name, (column_class, params) in COLUMNS:
        manager.add_column(
            table_class_name=class_name, tablename=tablename, column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class,
            params={"primary_key": False, "unique": False, "index": False,
                    "index_method": IndexMethod.btree, "choices": None,
                    "db_column_name": None, "secret": False, **params},
            schema=None,
        )

    async def create_indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in INDEXES:
            await engine.run_ddl(statement)

    async def drop_indexes() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl("DROP INDEX IF EXISTS feedback_case_code")
        await engine.run_ddl("ALTER TABLE feedback_case DROP COLUMN code")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
