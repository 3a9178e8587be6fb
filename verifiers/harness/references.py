"""Check that each documentation reference points at a page and an anchor that exist.

A reference ``https://docs.sqlalchemy.org/en/20/orm/queryguide/select.html#orm-queryguide-relationship-exists``
names the page ``orm/queryguide/select.rst`` of the documentation sources and an
anchor on it. Anchors are what Sphinx makes ids from: explicit labels
(``.. _name:``), section titles, and Python objects documented with
``autoclass``/``autofunction``/``class``/``method``... (with ``:members:``, any
attribute the installed object really has).
"""

from __future__ import annotations

import difflib
import importlib
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

SITES = {"docs.sqlalchemy.org": "sqlalchemy", "alembic.sqlalchemy.org": "alembic"}
_LABEL = re.compile(r"^\.\.\s+_([^:]+):\s*$")
_DIRECTIVE = re.compile(r"^\.\.\s+(?:py:)?(autoclass|autofunction|automodule|autoattribute|automethod|class|method|"
                        r"attribute|function|data|module|exception|autoexception|currentmodule)::\s*(\S+)")
_UNDERLINE = re.compile(r"^([=\-~^*+#\"'`:.]){3,}\s*$")


def make_id(text: str) -> str:
    """The id Sphinx (docutils) makes from a label or a title: lowercase, other characters as single hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return re.sub(r"^[^a-z]+", "", text)


@dataclass
class Page:
    """What one documentation page offers to link to."""

    anchors: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)  # dotted names documented with their members


def read_page(path: Path) -> Page:
    """The anchors of one ``.rst`` page, and of the docstrings of the modules it documents with automodule."""
    page = Page()
    _read_lines(path.read_text(encoding="utf-8", errors="replace").splitlines(), page)
    return page


def _module_docstring(name: str) -> list[str]:
    try:
        doc = importlib.import_module(name).__doc__ or ""
    except Exception:  # noqa: BLE001 - a module that will not import here documents nothing we can check
        return []
    import textwrap

    return textwrap.dedent(doc).splitlines()


def _read_lines(lines: list[str], page: Page, nested: bool = False) -> None:
    module = ""
    for index, line in enumerate(lines):
        label = _LABEL.match(line)
        if label:
            page.anchors.add(make_id(label.group(1)))
            continue
        directive = _DIRECTIVE.match(line)
        if directive:
            kind, name = directive.groups()
            if kind in ("currentmodule", "module", "automodule"):
                module = name
                page.anchors.add(f"module-{name}")
                if kind == "automodule":
                    page.objects.add(name)
                    if not nested:
                        _read_lines(_module_docstring(name), page, nested=True)
                continue
            full = name if name.startswith(("sqlalchemy", "alembic")) or not module else f"{module}.{name}"
            page.anchors.add(full)
            page.objects.add(full)
            continue
        if index and _UNDERLINE.match(line) and lines[index - 1].strip() and len(line.strip()) >= len(lines[index - 1].strip()) - 2:
            title = lines[index - 1].strip()
            if not _UNDERLINE.match(title):
                page.anchors.add(make_id(re.sub(r"[`*]|:[a-z]+:", "", title)))


def _resolve(dotted: str) -> object | None:
    """The object ``dotted`` names in the installed library, or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                target = getattr(target, name)
        except AttributeError:
            return None
        return target
    return None


def _exists(dotted: str) -> bool:
    """Whether ``dotted`` names a real attribute of the installed library: a module attribute, a class
    attribute, or an instance attribute a class declares in its annotations."""
    if _resolve(dotted) is not None:
        return True
    owner_name, _, attribute = dotted.rpartition(".")
    owner = _resolve(owner_name)
    if isinstance(owner, type):
        return any(attribute in getattr(klass, "__annotations__", {}) for klass in owner.__mro__)
    return False


def _documents_parameter(dotted: str, parameter: str) -> bool:
    """Whether the docstring of ``dotted`` (or of its ``__init__``) documents ``:param <parameter>:``."""
    target = _resolve(dotted)
    if target is None:
        return False
    texts = [getattr(target, "__doc__", None) or ""]
    if isinstance(target, type):
        texts.append(getattr(target.__init__, "__doc__", None) or "")
    pattern = rf":param\s+(?:\w+\s+)?\*{{0,2}}{re.escape(parameter)}(?:\s*=[^:\n]*)?:"
    return any(re.search(pattern, text) for text in texts)


@dataclass(frozen=True)
class BrokenReference:
    url: str
    message: str
    fix: str


class ReferenceChecker:
    """Checks references against the documentation sources of one release of each project."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self._sources = sources  # project -> folder of .rst files
        self._pages: dict[tuple[str, str], Page | None] = {}

    def _page(self, project: str, name: str) -> Page | None:
        key = (project, name)
        if key not in self._pages:
            path = self._sources[project] / f"{name}.rst"
            self._pages[key] = read_page(path) if path.is_file() else None
        return self._pages[key]

    def _page_names(self, project: str) -> list[str]:
        root = self._sources[project]
        return sorted(str(p.relative_to(root).with_suffix("")) for p in root.rglob("*.rst"))

    @staticmethod
    def _documented(page: Page, dotted: str) -> bool:
        """Whether ``dotted`` is documented on ``page``, itself or as a member of something documented there."""
        while dotted:
            if dotted in page.objects or dotted in page.anchors:
                return True
            dotted = dotted.rsplit(".", 1)[0] if "." in dotted else ""
        return False

    def check(self, url: str) -> BrokenReference | None:
        """None when ``url``'s page and anchor exist; else what is wrong and the nearest existing target."""
        parts = urlsplit(url)
        project = SITES.get(parts.netloc)
        if project is None or project not in self._sources:
            return None  # another site: not checked here
        path = re.sub(r"^/en/[^/]+/", "", parts.path).removesuffix(".html").strip("/") or "index"
        page = self._page(project, path)
        if page is None:
            near = difflib.get_close_matches(path, self._page_names(project), n=1, cutoff=0.5)
            hint = f"the nearest page is {near[0]}.html" if near else "find the page in the documentation's contents"
            return BrokenReference(url, f"the page {path}.html is not in the {project} documentation", hint)
        anchor = parts.fragment
        if not anchor or anchor in page.anchors:
            return None
        parameter = re.fullmatch(r"(.+)\.params\.(\w+)", anchor)
        if parameter and self._documented(page, parameter.group(1)) and _documents_parameter(*parameter.groups()):
            return None  # a parameter the object's docstring documents, which the docs give an anchor
        if "." in anchor and anchor.startswith(("sqlalchemy.", "alembic.")):
            owner = anchor.rsplit(".", 1)[0]
            while owner:
                if owner in page.objects and _exists(anchor):
                    return None  # a member autodoc documents on this page
                owner = owner.rsplit(".", 1)[0] if "." in owner else ""
        if anchor.startswith("change-") and path.startswith("changelog"):
            return None  # changelog entries' ids are made from their text; the page is right
        near = difflib.get_close_matches(anchor, sorted(page.anchors), n=1, cutoff=0.4)
        hint = f"the nearest anchor on that page is #{near[0]}" if near else "link the page without an anchor"
        return BrokenReference(url, f"the anchor #{anchor} is not on {path}.html", hint)


def default_sources(cache: Path) -> tuple[dict[str, Path], list[str]]:
    """The documentation sources of the installed SQLAlchemy and Alembic (fetched into ``cache`` on first
    use), and a note for each that could not be had."""
    import alembic
    import sqlalchemy

    from .docsources import DocSourcesUnavailable, doc_sources

    sources, notes = {}, []
    for project, version in (("sqlalchemy", sqlalchemy.__version__), ("alembic", alembic.__version__)):
        try:
            sources[project] = doc_sources(project, version, cache)
        except (DocSourcesUnavailable, OSError, subprocess.TimeoutExpired) as error:
            notes.append(f"{project} references were not checked: {error}")
    return sources, notes


def reference_problems(files: list, checker: ReferenceChecker) -> list:
    """A lint problem for every reference whose page or anchor does not exist."""
    from .bank import Problem

    problems = []
    for qf in files:
        for index, url in enumerate(qf.question.references):
            broken = checker.check(url)
            if broken is not None:
                problems.append(Problem(qf.path, qf.line_of("references", index), f"references.{index}",
                                        broken.message, broken.fix))
    return problems
