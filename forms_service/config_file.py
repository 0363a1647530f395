"""``phieu.toml``: the settings of a folder, read by every command run in it.

``phieu demo`` writes one beside its database, so that ``phieu keys create``,
``phieu report …`` and the others, run in the same folder, reach the demo's
database and secret. Each key is a ``PHIEU_*`` variable in lower case
without the prefix (``database_url``, ``public_url`` …); the secret itself
stays out of the file: ``secret_key_file`` names the file that holds it.
Environment variables override the file. Relative paths (of a
``sqlite:///`` URL or of ``secret_key_file``) are relative to the file's
folder. ``PHIEU_CONFIG`` names another file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from forms_service.settings import SettingsError

__all__ = ["CONFIG_FILE", "VARIABLES", "config_path", "environment", "read_config",
           "write_config"]

CONFIG_FILE = "phieu.toml"

#: the ``PHIEU_*`` variables a ``phieu.toml`` may set (as lower-case keys)
VARIABLES = (
    "PHIEU_DATABASE_URL", "PHIEU_PUBLIC_URL", "PHIEU_MAX_BODY_BYTES", "PHIEU_DEBUG",
    "PHIEU_KEY_CACHE_SECONDS", "PHIEU_SQLITE_BUSY_TIMEOUT", "PHIEU_POSTGRES_POOL_MAX",
    "PHIEU_RATE_LIMIT_IP", "PHIEU_RATE_LIMIT_FORM", "PHIEU_RETENTION_MONTHS",
    "PHIEU_PUBLIC_MIN_ANSWERS",
)
_KEYS = {name.removeprefix("PHIEU_").lower(): name for name in VARIABLES}


def config_path(env: Mapping[str, str], cwd: Path) -> Path:
    """The file to read: ``PHIEU_CONFIG``, else ``phieu.toml`` in ``cwd``."""
    named = env.get("PHIEU_CONFIG", "").strip()
    return Path(named) if named else cwd / CONFIG_FILE


def _sqlite_beside(url: str, folder: Path) -> str:
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url.startswith(prefix + "/"):
        return url
    return prefix + str((folder / url[len(prefix):]).resolve())


def read_config(path: Path) -> dict[str, str]:
    """The ``PHIEU_*`` variables ``path`` sets (``PHIEU_SECRET_KEY`` read from its file)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from None
    folder = path.resolve().parent
    values: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str | int | bool):
            raise SettingsError(f"{path}: {key} must be a text, a whole number or true/false")
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if key == "secret_key_file":
            secret = folder / text
            try:
                values["PHIEU_SECRET_KEY"] = secret.read_text(encoding="utf-8").strip()
            except OSError:
                raise SettingsError(
                    f"{path}: secret_key_file {text} cannot be read: restore it, or set "
                    "PHIEU_SECRET_KEY (the secret must stay the same for existing data)"
                ) from None
        elif key in _KEYS:
            values[_KEYS[key]] = _sqlite_beside(text, folder) if key == "database_url" else text
        else:
            known = ", ".join(["secret_key_file", *_KEYS])
            raise SettingsError(f"{path}: unknown setting {key!r}; use one of {known}")
    return values


def environment(env: Mapping[str, str] | None = None,
                cwd: Path | None = None) -> tuple[dict[str, str], Path | None]:
    """The variables of a command: ``phieu.toml``'s, overridden by the environment's.

    Returns the merged variables and the file read (``None`` if there was none).
    """
    env = dict(os.environ if env is None else env)
    path = config_path(env, Path.cwd() if cwd is None else cwd)
    if not path.is_file():
        if env.get("PHIEU_CONFIG", "").strip():
            raise SettingsError(f"PHIEU_CONFIG names {path}, which does not exist")
        return env, None
    merged = read_config(path)
    merged.update({k: v for k, v in env.items() if v or k not in merged})
    return merged, path


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(path: Path, values: Mapping[str, str], *, comment: str) -> None:
    """Write ``values`` (keys as in the file) to a new ``path``, headed by ``comment``."""
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    lines += [f"{key} = {_quoted(value)}" for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
