"""The table of command modules of ``phieu``: each command loads its own module only."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

from forms_service.cli import COMMAND_MODULES, build_parser

ROOT = Path(__file__).resolve().parents[3]


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_each_module_adds_exactly_the_commands_the_table_names() -> None:
    for module, commands in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        importlib.import_module(module).register(sub)
        assert _commands(parser) == set(commands), module


def test_every_command_module_is_in_the_table() -> None:
    found = {f"forms_service.{path.parent.name}.cli"
             for path in (ROOT / "forms_service").glob("*/cli.py")
             if "def register(" in path.read_text(encoding="utf-8")}
    assert found == set(COMMAND_MODULES)


def test_a_command_builds_its_own_module_and_the_built_in_commands() -> None:
    everything = _commands(build_parser())
    mine = _commands(build_parser("events"))
    assert "events" in mine and not mine & {"report", "export", "people", "worker"}
    assert {"serve", "migrate", "keys", "agencies"} <= mine
    args = build_parser("events").parse_args(
        ["events", "import", "e.jsonl", "--agency", "H29", "--batch", "10"])
    assert (args.file, args.agency, args.batch) == ("e.jsonl", "H29", 10)
    # no command, or one nobody adds: every module, so the help lists them all
    assert _commands(build_parser()) == _commands(build_parser("nonsense")) == everything
    named = {c for commands in COMMAND_MODULES.values() for c in commands}
    assert named <= everything


def test_the_events_import_starts_without_the_reports_statistics() -> None:
    code = ("import sys; from forms_service.cli import build_parser; "
            "build_parser('events'); "
            "print(sorted(m for m in ('scipy', 'forms_service.reports.registry', "
            "'litestar.app') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True, env={"PYTHONPATH": str(ROOT),
                                                      "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "[]"
