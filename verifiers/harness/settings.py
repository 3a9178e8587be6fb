"""The run's settings, each both a command-line option and an ini key of the same name.

``--postgresql-url`` is the ini key ``postgresql_url``, and so on. A value on
the command line wins over the environment (for URLs), which wins over the
ini file, which wins over the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .backends.sources import ENV_VARS, urls_from_environment
from .schema import BACKENDS

# name, help, default (as ini text)
SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("backend", "backends to run, comma-separated (default: sqlite,postgresql,mariadb)", ",".join(BACKENDS)),
    ("require_backend", "backends that must be available: a missing one is an error, not a skip", ""),
    ("postgresql_url", f"PostgreSQL server to use (also ${ENV_VARS['postgresql']}); never written to", ""),
    ("mariadb_url", f"MariaDB server to use (also ${ENV_VARS['mariadb']}); never written to", ""),
    ("proof_timeout", "seconds a proof may run before it is stopped (default 60)", "60"),
    ("record_dir", "folder for the per-question JSON records (default .proofbank/records)", ".proofbank/records"),
    ("proof_isolation", "where each proof runs: 'process' (a forked child, the default: nothing a proof does "
                        "reaches the next) or 'none' (in this process, e.g. to debug a proof)", "process"),
)


def _backend_list(text: str, setting: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [n for n in names if n not in BACKENDS]
    if unknown:
        raise pytest.UsageError(f"--{setting.replace('_', '-')}: unknown backend {', '.join(unknown)}; "
                                f"choose from {', '.join(BACKENDS)}")
    return names


MIN_TIMEOUT = 1.0  # MariaDB's lock wait limits are whole seconds: below one they cannot follow
MAX_TIMEOUT = 86_400.0


@dataclass(frozen=True)
class Settings:
    backends: tuple[str, ...]
    required: frozenset[str]
    urls: dict[str, str | None] = field(repr=False)  # may hold passwords: never printed
    proof_timeout: float
    record_dir: Path
    isolate: bool = True

    @classmethod
    def from_config(cls, config: pytest.Config) -> Settings:
        environment = urls_from_environment()

        def value(name: str) -> Any:
            given = config.getoption(name, default=None)
            if given not in (None, ""):
                return given
            if name.endswith("_url") and environment[name.removesuffix("_url")]:
                return environment[name.removesuffix("_url")]
            return config.getini(name)

        try:
            timeout = float(value("proof_timeout"))
        except ValueError:
            raise pytest.UsageError("--proof-timeout takes a number of seconds") from None
        if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:  # also refuses nan and inf
            raise pytest.UsageError(f"--proof-timeout takes whole or fractional seconds from {MIN_TIMEOUT:g} to "
                                    f"{MAX_TIMEOUT:g}, not {value('proof_timeout')}: the server-side lock time "
                                    f"limits follow it in whole seconds, and a proof always has a limit")
        record_dir = Path(value("record_dir"))
        if not record_dir.is_absolute():
            record_dir = Path(config.rootpath) / record_dir
        return cls(
            backends=_backend_list(value("backend"), "backend"),
            required=frozenset(_backend_list(value("require_backend"), "require_backend")),
            urls={b: value(f"{b}_url") or None for b in ("postgresql", "mariadb")},
            proof_timeout=timeout,
            record_dir=record_dir,
            isolate=_isolation(value("proof_isolation")),
        )


def _isolation(text: str) -> bool:
    if text not in ("process", "none"):
        raise pytest.UsageError(f"--proof-isolation takes 'process' or 'none', not {text!r}")
    return text == "process"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("proofbank", "Proofbank: prove the question bank on live databases")
    for name, help_text, default in SETTINGS:
        group.addoption(f"--{name.replace('_', '-')}", dest=name, default=None, help=help_text)
        parser.addini(name, help_text, default=default)
