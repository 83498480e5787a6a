"""Provider settings: a TOML file in the user's config folder, overridden by the environment.

The file is ``config.toml`` in platformdirs' user config folder for "claim-workbench"
(``~/.config/claim-workbench/config.toml`` on Linux), or the file ``WORKBENCH_CONFIG`` names.
One table per provider::

    [find]
    providers = ["stored", "searxng"]   # what `find` asks when no --provider is given
    timeout = 10                        # seconds, for each provider (a table may override)

    [searxng]
    url = "https://search.newsroom.example"

    [brave]
    key = "..."                         # or WORKBENCH_BRAVE_KEY

Keys are held as :class:`pydantic.SecretStr` (printed as ``**********``), sent only in the
provider's request header, and never printed, logged or stored in the database.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import SecretStr

from claim_workbench.acquisition.errors import SourceError

__all__ = ["CONFIG_VARIABLE", "ConfigError", "ProviderConfig", "config_path", "load_config"]

CONFIG_VARIABLE = "WORKBENCH_CONFIG"
# platformdirs' application name, as for the database and the cache (store.engine.APP_NAME).
_APP_NAME = "claim-workbench"


class ConfigError(SourceError):
    """The config file cannot be read; one line that never quotes a value."""


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    given = environ.get(CONFIG_VARIABLE, "").strip()
    if given:
        return Path(given).expanduser()
    return Path(platformdirs.user_config_dir(_APP_NAME)) / "config.toml"


@dataclass(slots=True)
class ProviderConfig:
    """The tables of the config file and the environment, read by each provider itself."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None
    environ: Mapping[str, str] = field(default_factory=dict)

    def table(self, name: str) -> dict[str, Any]:
        value = self.tables.get(name, {})
        return value if isinstance(value, dict) else {}

    def text(self, provider: str, key: str, variable: str | None = None) -> str | None:
        """A setting: the environment variable if set, else the file's value."""
        if variable:
            from_env = self.environ.get(variable, "").strip()
            if from_env:
                return from_env
        value = self.table(provider).get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ConfigError(f"{self._where()}: [{provider}] {key} must be text")
        return value.strip() or None

    def secret(self, provider: str, key: str, variable: str) -> SecretStr | None:
        value = self.text(provider, key, variable)
        return SecretStr(value) if value else None

    def number(self, provider: str, key: str, default: float) -> float:
        """[provider] key, else [find] key, else ``default``."""
        for name in (provider, "find"):
            value = self.table(name).get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ConfigError(f"{self._where()}: [{name}] {key} must be a positive number")
            return float(value)
        return default

    def default_providers(self) -> list[str] | None:
        value = self.table("find").get("providers")
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{self._where()}: [find] providers must be a list of names")
        return [item.strip() for item in value if item.strip()]

    def secret_values(self) -> list[str]:
        """Every key configured (``key`` in any table, WORKBENCH_*_KEY in the environment),
        for scrubbing from anything printed, as a last guard."""
        values = [
            value
            for table in self.tables.values()
            if isinstance(table, dict)
            for name, value in table.items()
            if name == "key" and isinstance(value, str)
        ]
        values += [
            value
            for name, value in self.environ.items()
            if name.startswith("WORKBENCH_") and name.endswith("_KEY")
        ]
        return [value.strip() for value in values if len(value.strip()) >= 4]

    def scrub(self, message: str) -> str:
        for value in self.secret_values():
            message = message.replace(value, "**********")
        return message

    def _where(self) -> str:
        return str(self.path) if self.path else "the configuration"


def load_config(
    path: Path | None = None, *, environ: Mapping[str, str] | None = None
) -> ProviderConfig:
    """The settings from ``path`` (default: :func:`config_path`) and the environment; a
    missing file is no configuration, a damaged one a ConfigError."""
    environ = dict(os.environ if environ is None else environ)
    path = path or config_path(environ)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ProviderConfig({}, path, environ)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        tables = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message gives the place ("at line 3, column 7"), never the value.
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return ProviderConfig(tables, path, environ)
