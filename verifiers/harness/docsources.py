"""The documentation sources of an installed release, from its source distribution, cached on disk.

SQLAlchemy's sdist ships ``doc/build/**/*.rst`` and Alembic's ``docs/build``;
they are what the documentation sites are built from, so a reference can be
checked against the very release installed. Fetched once with pip (which
knows this machine's package index), extracted to a temporary folder and
renamed into place, so an interrupted fetch is never mistaken for a whole one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

DOC_FOLDERS = {"sqlalchemy": "doc/build", "alembic": "docs/build"}


class DocSourcesUnavailable(Exception):
    """The sources could not be had (offline, say); the message says why."""


def doc_sources(project: str, version: str, cache: Path) -> Path:
    """The folder holding ``project``'s documentation sources for ``version``, fetched on first use."""
    target = cache / f"{project}-{version}"
    if (target / ".complete").is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as work:
        download = Path(work) / "download"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             "--disable-pip-version-check", "-d", str(download), f"{project}=={version}"],
            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        archives = sorted(download.glob("*.tar.gz"))
        if result.returncode != 0 or not archives:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no source distribution"]
            raise DocSourcesUnavailable(f"could not fetch the {project} {version} source distribution: {detail[0]}")
        staging = Path(work) / "sources"
        _extract_docs(archives[0], DOC_FOLDERS[project], staging)
        (staging / ".complete").write_text(version, encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target


def _extract_docs(archive: Path, folder: str, into: Path) -> None:
    """Extract only ``<top>/<folder>/**/*.rst`` of ``archive`` into ``into`` (paths relative to ``folder``)."""
    into.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/", 1)
            if len(parts) < 2 or not parts[1].startswith(folder + "/") or not member.isfile():
                continue
            if not member.name.endswith(".rst"):
                continue
            relative = Path(parts[1][len(folder) + 1:])
            if relative.is_absolute() or ".." in relative.parts:
                continue
            destination = into / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                destination.write_bytes(source.read())
