"""Database infrastructure, apart from every domain: engines and their pools,
binding tables, migrations, write transactions, raw SQL on either engine,
the meaning of database errors, and the group commits that store many
writes with one statement (:mod:`forms_service.db.lanes` for SQLite,
:mod:`forms_service.db.groups` for PostgreSQL).

Nothing here imports a table or a domain package: the tables to bind are
handed to :func:`connect`, and a domain hands the group commits the
statements that store its rows.
"""

from forms_service.db.database import Database, bind, connect, migrate
from forms_service.db.engine import PooledSQLiteEngine, build_engine, sqlite_path
from forms_service.db.errors import is_out_of_range, is_unavailable_error, is_unique_violation
from forms_service.db.values import json_value, moment_value

__all__ = [
    "Database",
    "PooledSQLiteEngine",
    "bind",
    "build_engine",
    "connect",
    "is_out_of_range",
    "is_unavailable_error",
    "is_unique_violation",
    "json_value",
    "migrate",
    "moment_value",
    "sqlite_path",
]
