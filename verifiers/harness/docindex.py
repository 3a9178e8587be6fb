"""The anchors of every page of one documentation-sources folder, read once and kept as JSON beside them.

Reading 200 pages and the docstrings they autodocument takes seconds; the index makes every later lint
read one file. It is rebuilt when the pages, the reader (``FORMAT``) or the installed library whose
docstrings were read differ from what it was built from.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .docanchors import PageAnchors, autodoc_defaults, read_page

FORMAT = 1
INDEX_FILE = ".anchors.json"


@dataclass
class DocIndex:
    """Every page of one project's documentation, by name (``orm/session_api``), with its anchors."""

    pages: dict[str, PageAnchors]

    def page(self, name: str) -> PageAnchors | None:
        """The page ``name`` (its path under the doc folder, without ``.rst``), or None."""
        return self.pages.get(name)

    def pages_with(self, anchor: str) -> list[str]:
        """The pages on which ``anchor`` is an explicit anchor (a label, a title, a documented object)."""
        return sorted(name for name, page in self.pages.items() if anchor in page.anchors)


def _fingerprint(folder: Path, files: list[Path]) -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    for dist in ("sqlalchemy", "alembic"):  # their docstrings are part of the pages
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=-".encode())
    for path in files:
        stat = path.stat()
        digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def load_index(folder: Path) -> DocIndex:
    """The index of ``folder``'s ``.rst`` pages: read from its JSON file when current, else built and saved."""
    files = sorted(p for p in folder.rglob("*.rst") if p.is_file())
    conf = folder / "conf.py"
    fingerprint = _fingerprint(folder, files + ([conf] if conf.is_file() else []))
    cached = folder / INDEX_FILE
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data.get("fingerprint") == fingerprint:
            return DocIndex({name: PageAnchors.from_json(page) for name, page in data["pages"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        pass
    defaults = autodoc_defaults(conf)
    index = DocIndex({p.relative_to(folder).with_suffix("").as_posix(): read_page(p, defaults) for p in files})
    _save(cached, {"fingerprint": fingerprint, "pages": {k: v.to_json() for k, v in index.pages.items()}})
    return index


def _save(path: Path, data: dict) -> None:
    """Write atomically, so a reader never sees half an index; a folder we may not write to keeps none."""
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=".anchors-",
                                         suffix=".tmp", delete=False) as out:
            json.dump(data, out, sort_keys=True)
        os.replace(out.name, path)
    except OSError:
        try:
            os.unlink(out.name)
        except (OSError, UnboundLocalError):
            pass
