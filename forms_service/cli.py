"""The ``phieu`` command line."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from forms_service.commands import command_settings, with_database
from forms_service.config_file import CONFIG_FILE, environment, write_config
from forms_service.roles import KEY_ROLES, role_help
from forms_service.settings import Settings, SettingsError, local_secret_key

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: The modules that add commands (each has ``register(subparsers)``), and the
#: commands each adds. A command imports only the module that adds it, so
#: that ``phieu events import`` starts without loading, say, the statistics
#: behind the reports; the help and an unknown command load them all.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "forms_service.exports.cli": ("export",),
    "forms_service.reports.cli": ("report", "aggregates"),
    "forms_service.privacy.cli": ("purge",),
    "forms_service.accounts.cli": ("people",),
    "forms_service.organisation.cli": ("units", "counters", "officers"),
    "forms_service.dossiers.cli": ("events",),
    "forms_service.outbox.cli": ("worker",),
}

DEMO_DATABASE_URL = "sqlite:///phieu-demo.db"
DEMO_SECRET_FILE = ".phieu-demo-secret"


def cmd_migrate(args: argparse.Namespace) -> int:
    from forms_service.db import connect, migrate
    from forms_service.piccolo_app import TABLES

    settings = command_settings(creates_database=True)

    async def run() -> list[str]:
        db = connect(settings, TABLES)
        await db.start()
        try:
            return await migrate(db)
        finally:
            await db.stop()

    applied = asyncio.run(run())
    print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))
    return 0


def cmd_keys_create(args: argparse.Namespace) -> int:
    from forms_service.keys.service import create_key

    async def work(ctx):  # type: ignore[no-untyped-def]
        return await create_key(ctx, None, role=args.role, agency=args.agency, name=args.name)

    settings = command_settings()
    row, key = asyncio.run(with_database(settings, work))
    print(f"created {row['role']} key {row['key_id']}"
          + (f" for agency {row['agency']}" if row["agency"] else ""))
    if row["role"] in ("portal", "integration"):
        from forms_service.credentials.tokens import signing_secret

        what = "context tokens" if row["role"] == "portal" else "receipt links"
        print(f"signing secret for {what} (kid {row['key_id']}): "
              f"{signing_secret(settings.secret_key, row['key_id'])}")
    print("store it now: it is shown only once")
    print(key)
    return 0


def cmd_agencies_create(args: argparse.Namespace) -> int:
    from forms_service.agencies.service import create_agency

    async def work(ctx):  # type: ignore[no-untyped-def]
        return await create_agency(ctx, None, code=args.code, name=args.name, kind=args.kind)

    row = asyncio.run(with_database(command_settings(), work))
    print(f"created agency {row['code']}: {row['name']} ({row['kind']})")
    return 0


def _serve(settings: Settings, host: str, port: int, workers: int) -> int:
    import uvicorn

    from forms_service.logs import configure_logging

    if workers > 1:
        if settings.is_sqlite:
            print("note: several workers share one SQLite file; PostgreSQL scales further",
                  file=sys.stderr)
        os.environ["PHIEU_DATABASE_URL"] = settings.database_url
        os.environ["PHIEU_SECRET_KEY"] = settings.secret_key
        configure_logging()  # the supervisor's records too; each worker sets its own up
        _serve_workers(host, port, workers)
    else:
        import gc

        from forms_service.app import create_app

        app = create_app(settings)
        # the app's own objects live as long as the process: leave them out of
        # the collector's full passes, which would otherwise pause requests
        gc.freeze()
        # forwarded headers are read by the app, from PHIEU_TRUSTED_PROXIES only
        # (uvicorn would trust them from 127.0.0.1)
        configure_logging()  # JSON lines, uvicorn's records too (log_config=None)
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False,
                    proxy_headers=False, log_config=None)
    return 0


def _serve_workers(host: str, port: int, workers: int) -> None:
    """``uvicorn.run(..., workers=N)``, with TCP_NODELAY on the workers' connections.

    uvicorn binds the shared socket without naming its protocol, and asyncio
    turns Nagle's algorithm off only on connections whose socket says
    ``IPPROTO_TCP``: without this every response on a kept-alive connection
    waits about 40 ms for the client's delayed ACK.
    """
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("forms_service.asgi:app_from_env", factory=True, host=host,
                            port=port, workers=workers, log_level="info", access_log=False,
                            proxy_headers=False, log_config=None)
    bound = config.bind_socket()
    listener = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP,
                             fileno=bound.detach())
    Multiprocess(config, sockets=[listener]).run()


def cmd_serve(args: argparse.Namespace) -> int:
    settings = command_settings(creates_database=True)
    if args.workers > 1:
        # migrate once, before the workers start
        cmd_migrate(args)
    return _serve(settings, args.host, args.port, args.workers)


def cmd_demo(args: argparse.Namespace) -> int:
    from forms_service.demo import seed_demo

    env, source = environment()
    written: dict[str, str] = {}
    if not env.get("PHIEU_DATABASE_URL"):
        env["PHIEU_DATABASE_URL"] = written["database_url"] = DEMO_DATABASE_URL
    if not env.get("PHIEU_SECRET_KEY"):
        env["PHIEU_SECRET_KEY"] = local_secret_key(Path(DEMO_SECRET_FILE))
        written["secret_key_file"] = DEMO_SECRET_FILE
    public_url = env.get("PHIEU_PUBLIC_URL") or f"http://{args.host}:{args.port}"
    settings = Settings.from_env(env, public_url=public_url)
    if source is None and written:
        # the next commands run here find the demo's database and secret
        write_config(Path(CONFIG_FILE), written | {"public_url": public_url},
                     comment="Written by `phieu demo`: every `phieu` command run in this folder "
                     "reads it;\nPHIEU_* environment variables override it.")
        print(f"wrote {CONFIG_FILE}: `phieu …` commands run in this folder use the demo's "
              "database and secret")

    summary = asyncio.run(with_database(settings, lambda ctx: seed_demo(ctx)))
    print(summary.describe(settings.public_url))
    if args.no_serve:
        return 0
    return _serve(settings, args.host, args.port, 1)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``phieu``; given the ``command`` about to run, with only the
    module that adds it (all of them if none adds it)."""
    parser = argparse.ArgumentParser(
        prog="phieu",
        description="Phiếu: survey and satisfaction feedback for public services. "
        "Settings come from phieu.toml in the current folder (written by `phieu demo`) "
        "and PHIEU_* environment variables, which override it (see README).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser(
        "demo", help="seed demo data into a local SQLite file and run the service"
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="seed and exit")
    demo.set_defaults(func=cmd_demo)

    mig = sub.add_parser("migrate", help="apply pending database migrations")
    mig.set_defaults(func=cmd_migrate)

    keys = sub.add_parser("keys", help="API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = keys_sub.add_parser("create", help="create a key (printed alone on the last line)")
    create.add_argument("--role", required=True, choices=KEY_ROLES, help=role_help(KEY_ROLES))
    create.add_argument("--agency", help="agency code (not for admin keys)")
    create.add_argument("--name", default="", help="a label for the key")
    create.set_defaults(func=cmd_keys_create)

    agencies = sub.add_parser("agencies", help="agencies")
    agencies_sub = agencies.add_subparsers(dest="agencies_command", required=True,
                                           metavar="ACTION")
    acreate = agencies_sub.add_parser("create", help="register an agency")
    acreate.add_argument("--code", required=True, help="e.g. G14 or 000.00.00.H29")
    acreate.add_argument("--name", required=True)
    acreate.add_argument("--kind", required=True, choices=["ministry", "province", "other"])
    acreate.set_defaults(func=cmd_agencies_create)
    named = [module for module, commands in COMMAND_MODULES.items() if command in commands]
    for module in named or COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as exc:
        print(f"phieu: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a PhieuError from a command: print it, not a traceback
        from forms_service.errors import PhieuError

        if isinstance(exc, PhieuError):
            print(f"phieu: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    raise SystemExit(main())
