"""The roll-up of the monthly dossier counts per report dimension, kept by triggers.

``dossier_rollup`` (see :mod:`forms_service.reports.dossier_rollup`) gets
the counts of every ``dossier_month`` row four times (by service, unit,
officer, channel) and twice over (its month and its year). SQLite runs a
row trigger per inserted, updated or deleted ``dossier_month`` row;
PostgreSQL a statement trigger over the transition tables, which sums the
changed rows per roll-up row and upserts them in key order (so that
concurrent writers lock the roll-up rows alike).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T20:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "dossier_rollup and the triggers that keep it"

COUNTS = ("returned", "offered", "opened", "answered", "on_time", "late", "answered_rated",
          "answered_satisfied", "answered_on_time", "answered_on_time_rated",
          "answered_on_time_satisfied", "answered_late", "answered_late_rated",
          "answered_late_satisfied")
KEY = ("agency", "dimension", "member", "channel", "span", "period")
COLUMNS = ", ".join(KEY + COUNTS)
UPDATE = ", ".join(f"{c} = dossier_rollup.{c} + excluded.{c}" for c in COUNTS)
CONFLICT = f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {UPDATE}"
TABLE = (
    "CREATE TABLE IF NOT EXISTS dossier_rollup ({id}, agency INTEGER NOT NULL, "
    "dimension VARCHAR(8) NOT NULL, member INTEGER NOT NULL DEFAULT 0, "
    "channel VARCHAR(16) NOT NULL DEFAULT '', span VARCHAR(5) NOT NULL, "
    "period VARCHAR(7) NOT NULL, "
    + ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in COUNTS) + ")"
)
INDEX = (f"CREATE UNIQUE INDEX IF NOT EXISTS dossier_rollup_key ON dossier_rollup "
         f"({', '.join(KEY)})")


def _sqlite_select(row: str, sign: str) -> str:
    """The roll-up rows of one ``dossier_month`` row (``NEW`` or ``OLD``), signed."""
    dims = (f"SELECT 'service' AS dimension, {row}.service AS member, '' AS channel "
            f"UNION ALL SELECT 'unit', {row}.unit, '' WHERE {row}.unit IS NOT NULL "
            f"UNION ALL SELECT 'officer', {row}.officer, '' WHERE {row}.officer IS NOT NULL "
            f"UNION ALL SELECT 'channel', 0, {row}.channel")
    spans = (f"SELECT 'month' AS span, {row}.month AS period "
             f"UNION ALL SELECT 'year', substr({row}.month, 1, 4)")
    counts = ", ".join(f"{sign}{row}.{c}" for c in COUNTS)
    return (f"INSERT INTO dossier_rollup ({COLUMNS}) SELECT {row}.agency, d.dimension, "
            f"d.member, d.channel, s.span, s.period, {counts} FROM ({dims}) d, ({spans}) s "
            f"WHERE 1 {CONFLICT};")


SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS dossier_rollup_insert AFTER INSERT ON dossier_month BEGIN "
    + _sqlite_select("NEW", "") + " END",
    "CREATE TRIGGER IF NOT EXISTS dossier_rollup_update AFTER UPDATE ON dossier_month BEGIN "
    + _sqlite_select("OLD", "-") + " " + _sqlite_select("NEW", "") + " END",
    "CREATE TRIGGER IF NOT EXISTS dossier_rollup_delete AFTER DELETE ON dossier_month BEGIN "
    + _sqlite_select("OLD", "-") + " END",
)


def _postgres_upsert(rows: str, sign: str) -> str:
    sums = ", ".join(f"{sign}SUM(r.{c})" for c in COUNTS)
    return (
        f"INSERT INTO dossier_rollup ({COLUMNS}) SELECT r.agency, d.dimension, d.member, "
        f"d.channel, s.span, s.period, {sums} FROM {rows} r "
        "CROSS JOIN LATERAL (VALUES ('service', r.service, ''), ('unit', r.unit, ''), "
        "('officer', r.officer, ''), ('channel', 0, r.channel)) d(dimension, member, channel) "
        "CROSS JOIN LATERAL (VALUES ('month', r.month), ('year', substr(r.month, 1, 4))) "
        "s(span, period) WHERE d.member IS NOT NULL "
        "GROUP BY r.agency, d.dimension, d.member, d.channel, s.span, s.period "
        "ORDER BY r.agency, d.dimension, d.member, d.channel, s.span, s.period "
        f"{CONFLICT};"
    )


POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION dossier_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP IN ('UPDATE', 'DELETE') THEN " + _postgres_upsert("old_rows", "-") + " END IF; "
    "IF TG_OP IN ('INSERT', 'UPDATE') THEN " + _postgres_upsert("new_rows", "") + " END IF; "
    "RETURN NULL; END $$"
)
POSTGRES_TRIGGERS = (
    "CREATE TRIGGER dossier_rollup_insert AFTER INSERT ON dossier_month "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
    "dossier_rollup_apply()",
    "CREATE TRIGGER dossier_rollup_update AFTER UPDATE ON dossier_month "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION dossier_rollup_apply()",
    "CREATE TRIGGER dossier_rollup_delete AFTER DELETE ON dossier_month "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "
    "dossier_rollup_apply()",
)
FILL = ("INSERT INTO dossier_rollup ({columns}) SELECT agency, dimension, member, channel, "
        "span, period, {sums} FROM ({rows}) x GROUP BY agency, dimension, member, channel, "
        "span, period")


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="phieu", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        assert engine is not None
        sqlite = engine.engine_type == "sqlite"
        await engine.run_ddl(TABLE.format(
            id="id INTEGER PRIMARY KEY AUTOINCREMENT" if sqlite else "id SERIAL PRIMARY KEY"))
        await engine.run_ddl(INDEX)
        if sqlite:
            for statement in SQLITE_TRIGGERS:
                await engine.run_ddl(statement)
        else:
            await engine.run_ddl(POSTGRES_FUNCTION)
            for statement in POSTGRES_TRIGGERS:
                name = statement.split()[2]
                await engine.run_ddl(f"DROP TRIGGER IF EXISTS {name} ON dossier_month")
                await engine.run_ddl(statement)
        # the counts already there
        await engine.run_ddl("DELETE FROM dossier_rollup")
        dims = " UNION ALL ".join(
            f"SELECT agency, '{dim}' AS dimension, {member} AS member, {channel} AS channel, "
            f"{span} AS span, {period} AS period, {', '.join(COUNTS)} FROM dossier_month"
            f"{' WHERE ' + dim + ' IS NOT NULL' if dim in ('unit', 'officer') else ''}"
            for dim, member, channel in (("service", "service", "''"), ("unit", "unit", "''"),
                                         ("officer", "officer", "''"),
                                         ("channel", "0", "channel"))
            for span, period in (("'month'", "month"), ("'year'", "substr(month, 1, 4)")))
        await engine.run_ddl(FILL.format(columns=COLUMNS, rows=dims,
                                         sums=", ".join(f"SUM({c})" for c in COUNTS)))

    async def drop() -> None:
        engine = engine_finder()
        assert engine is not None
        for name in ("dossier_rollup_insert", "dossier_rollup_update", "dossier_rollup_delete"):
            if engine.engine_type == "sqlite":
                await engine.run_ddl(f"DROP TRIGGER IF EXISTS {name}")
            else:
                await engine.run_ddl(f"DROP TRIGGER IF EXISTS {name} ON dossier_month")
        if engine.engine_type != "sqlite":
            await engine.run_ddl("DROP FUNCTION IF EXISTS dossier_rollup_apply()")
        await engine.run_ddl("DROP TABLE IF EXISTS dossier_rollup")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
