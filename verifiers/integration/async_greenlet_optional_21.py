"""Whether greenlet comes with a plain install, and what happens to asyncio code without it."""

import subprocess
import sys
from importlib.metadata import requires

from packaging.requirements import Requirement

from verifiers import Lab, run_alone

# What the service does, run in a fresh interpreter of the same environment where importing
# greenlet is made to fail: sys.modules["greenlet"] = None is what Python does for a missing module.
SERVICE_WITHOUT_GREENLET = r'''
import asyncio, sys
sys.modules["greenlet"] = None

def step(name, call):
    try:
        result = call()
    except Exception as error:
        print(f"{name}: {type(error).__name__}: {error}")
        sys.exit(0)
    print(f"{name}: ok")
    return result

asyncio_module = step("import", lambda: __import__("sqlalchemy.ext.asyncio", fromlist=["create_async_engine"]))
engine = step("create_async_engine", lambda: asyncio_module.create_async_engine("sqlite+aiosqlite://"))

async def connect():
    async with engine.connect():
        pass

step("connect", lambda: asyncio.run(connect()))
'''


def greenlet_required(machine: str, extra: str = "") -> bool:
    """Does SQLAlchemy's own metadata pull greenlet in on Linux, Python 3.12, with this machine type and extra?"""
    environment = {"platform_machine": machine, "sys_platform": "linux", "extra": extra,
                   "python_version": "3.12", "python_full_version": "3.12.8"}
    for line in requires("sqlalchemy") or []:
        requirement = Requirement(line)
        if requirement.name == "greenlet" and (requirement.marker is None or requirement.marker.evaluate(environment)):
            return True
    return False


def prove(lab: Lab) -> dict[str, bool]:
    plain_x86 = lab.fact("greenlet required by a plain install on x86_64 Linux", greenlet_required("x86_64"))
    with_extra = lab.fact("greenlet required by sqlalchemy[asyncio]", greenlet_required("x86_64", "asyncio"))
    plain_riscv = lab.fact("greenlet required by a plain install on riscv64 Linux", greenlet_required("riscv64"))
    plain_armv7 = lab.fact("greenlet required by a plain install on armv7l Linux", greenlet_required("armv7l"))

    run = subprocess.run(
        [sys.executable, "-c", SERVICE_WITHOUT_GREENLET], capture_output=True, text=True, timeout=60
    )
    steps = dict(line.split(": ", 1) for line in run.stdout.splitlines() if ": " in line)
    lab.fact("without greenlet: each step of the service", steps)
    import_error = steps.get("import", "")
    connect_error = steps.get("connect", "")

    return {
        "A": plain_x86,
        "B": with_extra,
        "C": import_error.startswith("ImportError: ") and "sqlalchemy[asyncio]" in import_error,
        "D": import_error == "ok"
        and steps.get("create_async_engine") == "ok"
        and connect_error.startswith("ValueError: ")
        and "greenlet library is required" in connect_error,
        "E": plain_x86 and plain_riscv and plain_armv7,
    }


if __name__ == "__main__":
    run_alone(__file__)
