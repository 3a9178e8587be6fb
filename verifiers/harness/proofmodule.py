"""Load a proof module from its file, fresh for every run.

Executing the module anew gives each run its own declarative base and mapped
classes, so nothing a proof configures (events, mappers) carries over to the
next backend. While it runs the module is registered in ``sys.modules``,
because SQLAlchemy resolves string annotations such as ``Mapped["Child"]``
through the module that defines the class.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

_counter = itertools.count(1)


class ProofModuleInvalid(Exception):
    """The file is not a usable proof module."""


@contextmanager
def loaded_proof(path: Path) -> Iterator[ModuleType]:
    """Execute the proof file as a new module for the length of the block."""
    name = f"_proofbank_proof_{path.stem}_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ProofModuleInvalid(f"{path} cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        if not callable(getattr(module, "prove", None)):
            raise ProofModuleInvalid(f"{path} defines no prove(lab) function")
        yield module
    finally:
        sys.modules.pop(name, None)
