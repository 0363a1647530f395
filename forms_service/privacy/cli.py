"""``phieu purge``: delete raw responses past the retention period."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from forms_service.commands import command_settings, with_database

__all__ = ["register"]


def cmd_purge(args: argparse.Namespace) -> int:
    from forms_service.privacy.purge import purge_responses

    settings = command_settings()
    months = args.months if args.months is not None else settings.retention_months
    if months is None:
        print("phieu: nothing to purge: set PHIEU_RETENTION_MONTHS or pass --months N "
              "(raw responses are kept forever otherwise)", file=sys.stderr)
        return 2

    async def work(ctx: Any) -> Any:
        return await purge_responses(ctx, months)

    result = asyncio.run(with_database(settings, work))
    print(result.describe())
    return 0


def _months(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--months must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("--months must be at least 1")
    return value


def register(sub: Any) -> None:
    purge = sub.add_parser(
        "purge",
        help="delete raw responses older than the retention period (aggregates are kept)",
        description="Delete the responses (answers, free text, channel rows) of every month "
        "older than the retention period, counting the current month; the aggregate counts "
        "that the reports read are kept. The period is PHIEU_RETENTION_MONTHS unless "
        "--months is given.",
    )
    purge.add_argument("--months", type=_months, default=None,
                       help="months to keep, the current one included (default: "
                       "PHIEU_RETENTION_MONTHS)")
    purge.set_defaults(func=cmd_purge)
