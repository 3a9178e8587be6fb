"""The documentation sources of an installed release, from its source distribution, cached on disk.

SQLAlchemy's sdist ships ``doc/build/**/*.rst`` and Alembic's ``docs/build``;
they are what the documentation sites are built from, so a reference can be
checked against the very release installed. The sdist is found with PyPI's
JSON API and fetched once into ``.proofbank/docs/<project>-<version>/``:
extracted into a temporary folder beside it and renamed into place, so an
interrupted fetch is never mistaken for a whole one.
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DOC_FOLDERS = {"sqlalchemy": "doc/build", "alembic": "docs/build"}
PYPI_RELEASE = "https://pypi.org/pypi/{project}/{version}/json"
PYPI_PROJECT = "https://pypi.org/pypi/{project}/json"  # for indexes that serve no per-release pages
COMPLETE = ".complete"  # written last, inside the folder before it is renamed into place
TIMEOUT = 10.0


class DocSourcesUnavailable(Exception):
    """The sources could not be had; the message says why. ``unreachable``: PyPI did not answer at all (so
    asking again for another project would only wait as long again)."""

    def __init__(self, message: str, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


def docs_cache(root: Path) -> Path:
    """Where a checkout keeps documentation sources between runs (``.proofbank/`` is not committed), unless
    ``$PROOFBANK_DOCS`` names another folder (a CI cache, or the harness's tests sharing one fetch)."""
    return Path(os.environ["PROOFBANK_DOCS"]) if os.environ.get("PROOFBANK_DOCS") else root / ".proofbank" / "docs"


def doc_sources(project: str, version: str, cache: Path) -> Path:
    """The folder of ``project``'s documentation sources for ``version`` (``.rst`` files and ``conf.py``,
    laid out as under its doc folder), fetched from PyPI on first use."""
    target = cache / f"{project}-{version}"
    if (target / COMPLETE).is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=f".{project}-{version}-") as work:
        archive = Path(work) / "sdist.tar.gz"
        _download(sdist_url(project, version), archive)
        staging = Path(work) / "sources"
        _extract_docs(archive, DOC_FOLDERS[project], staging)
        (staging / COMPLETE).write_text(version, encoding="utf-8")
        if target.exists() and not (target / COMPLETE).is_file():
            shutil.rmtree(target, ignore_errors=True)  # what an older, interrupted layout left
        try:
            staging.rename(target)
        except OSError:
            if not (target / COMPLETE).is_file():  # not another process finishing first: a real failure
                raise
    return target


def sdist_url(project: str, version: str, timeout: float = TIMEOUT) -> str:
    """The download URL of ``project`` ``version``'s source distribution, from PyPI's JSON API."""
    errors = []
    for url in (PYPI_RELEASE.format(project=project, version=version), PYPI_PROJECT.format(project=project)):
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                data = json.load(response)
        except urllib.error.HTTPError as error:  # it answered: the other form of the API may serve it
            errors.append(f"{url}: {error}")
            continue
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise DocSourcesUnavailable(f"could not reach PyPI ({url}): {error}", unreachable=True) from None
        files = data.get("urls", []) if "releases" not in data else data["releases"].get(version, [])
        for file in files:
            if file.get("packagetype") == "sdist" and str(file.get("filename", "")).endswith(".tar.gz"):
                return urllib.parse.urljoin(url, str(file["url"]))  # a mirror may give it relative
        raise DocSourcesUnavailable(f"PyPI has no source distribution of {project} {version}")
    raise DocSourcesUnavailable(f"could not ask PyPI for {project} {version} ({'; '.join(errors)})")


def _download(url: str, into: Path, timeout: float = TIMEOUT) -> None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, into.open("wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise DocSourcesUnavailable(f"could not download {url}: {error}") from None


def _extract_docs(archive: Path, folder: str, into: Path) -> None:
    """Extract ``<top>/<folder>/**/*.rst`` and ``conf.py`` of ``archive`` into ``into`` (paths relative to
    ``folder``); nothing else, and nothing that would land outside ``into``."""
    into.mkdir(parents=True)
    try:
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                parts = member.name.split("/", 1)
                if len(parts) < 2 or not parts[1].startswith(folder + "/") or not member.isfile():
                    continue
                relative = Path(parts[1][len(folder) + 1:])
                if relative.suffix != ".rst" and relative != Path("conf.py"):
                    continue
                if relative.is_absolute() or ".." in relative.parts:
                    continue
                source = tar.extractfile(member)
                if source is not None:
                    destination = into / relative
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    destination.write_bytes(source.read())
    except (tarfile.TarError, EOFError) as error:
        raise DocSourcesUnavailable(f"the source distribution {archive.name} could not be read: {error}") from None
    if not any(into.rglob("*.rst")):
        raise DocSourcesUnavailable(f"the source distribution has no {folder}/ documentation sources")
