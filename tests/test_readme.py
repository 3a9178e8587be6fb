"""The README's examples are checked against the project, so they cannot go stale."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from verifiers.harness.cli import main
from verifiers.harness.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.S)
COMMANDS = [line.split("#")[0].strip() for lang, body in BLOCKS if lang == "console" for line in body.splitlines() if line.strip()]


def test_the_proof_example_is_the_real_proof() -> None:
    (example,) = [body for lang, body in BLOCKS if lang == "python"]
    source = (ROOT / "verifiers/session/flushed_rows_invisible_to_others.py").read_text(encoding="utf-8")
    assert example in source


@pytest.mark.parametrize("command", [c for c in COMMANDS if "/proofbank " in c])
def test_every_proofbank_command_parses(command: str) -> None:
    words = shlex.split(command.split("&&")[-1])
    name, *args = words[words.index(next(w for w in words if w.endswith("/proofbank"))) + 1:]
    assert name in main.commands, f"README uses unknown command proofbank {name}"
    context = main.commands[name].make_context(name, list(args), resilient_parsing=True)
    assert isinstance(context, click.Context)


@pytest.mark.parametrize("command", [c for c in COMMANDS if "/pytest" in c])
def test_every_pytest_example_names_real_files_and_options(command: str) -> None:
    options = {f"--{name.replace('_', '-')}" for name, _, _ in SETTINGS} | {"-k", "-n"}
    for word in shlex.split(command)[1:]:
        if word.startswith("-"):
            assert word in options, f"README uses unknown option {word}"
        elif word.startswith("bank"):
            assert (ROOT / word).exists(), f"README names {word}, which does not exist"


def test_every_settings_row_is_a_real_setting() -> None:
    documented = set(re.findall(r"^\| `(--[a-z-]+)`", README, re.M))
    assert documented == {f"--{n.replace('_', '-')}" for n, _, _ in SETTINGS} - {"--mariadb-url"}
